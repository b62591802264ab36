package store

import (
	"context"
	"fmt"
	"time"
)

// OutMessage is a reply or notification waiting for, or done with, delivery.
type OutMessage struct {
	ID          int64
	Branch      string
	To          string
	Text        string // the text, or the caption of an image
	ImagePath   string
	Bulk        bool   // reminders and broadcasts go after interactive replies
	InMessageID string // the member's message this answers, if any
	Status      string
	Attempts    int
	CreatedAt   time.Time
}

// Enqueue queues m for delivery and returns its ID.
func (tx *Tx) Enqueue(ctx context.Context, m OutMessage) (int64, error) {
	const q = `INSERT INTO outbox (branch_id, to_phone, text, image_path, bulk, in_message_id, next_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	var id int64
	err := tx.tx.QueryRowContext(ctx, q, m.Branch, m.To, m.Text, m.ImagePath, m.Bulk, m.InMessageID, unix(tx.now), unix(tx.now)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("queue message to %s: %w", m.To, err)
	}
	return id, nil
}

// Queued returns up to limit queued messages of the branch, interactive before bulk, oldest first.
func (tx *Tx) Queued(ctx context.Context, branch string, limit int) ([]OutMessage, error) {
	const q = `SELECT id, branch_id, to_phone, text, image_path, bulk, in_message_id, status, attempts, created_at
		FROM outbox WHERE branch_id = ? AND status = 'queued' ORDER BY bulk, id LIMIT ?`
	rows, err := tx.tx.QueryContext(ctx, q, branch, limit)
	if err != nil {
		return nil, fmt.Errorf("list outbox of %s: %w", branch, err)
	}
	defer rows.Close()
	var out []OutMessage
	for rows.Next() {
		var m OutMessage
		var created int64
		if err := rows.Scan(&m.ID, &m.Branch, &m.To, &m.Text, &m.ImagePath, &m.Bulk, &m.InMessageID, &m.Status, &m.Attempts, &created); err != nil {
			return nil, fmt.Errorf("list outbox of %s: %w", branch, err)
		}
		m.CreatedAt = fromUnix(created)
		out = append(out, m)
	}
	return out, rows.Err()
}

// MarkSent records that the transport accepted message id.
func (tx *Tx) MarkSent(ctx context.Context, id int64) error {
	const q = `UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ? WHERE id = ? AND status = 'queued'`
	if _, err := tx.tx.ExecContext(ctx, q, unix(tx.now), id); err != nil {
		return fmt.Errorf("mark message %d sent: %w", id, err)
	}
	return nil
}
