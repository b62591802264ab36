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
	To          string // the member's phone, 6281234567890
	Transport   string // who delivers it: "" for WhatsApp, "chat" for the local simulator
	Address     string // the transport's address for To when it is not To's own chat (a WhatsApp @lid chat)
	Text        string // the text, or the caption of an image
	ImagePath   string
	Bulk        bool      // reminders and broadcasts go after interactive replies
	InMessageID string    // the member's message this answers, if any
	NotBefore   time.Time // a bulk message is held until then (quiet hours); zero: at once
	Status      string
	Attempts    int
	LastError   string
	CreatedAt   time.Time

	// DocumentPath is a file sent as a document (a statement's PDF), the text its caption.
	DocumentPath string
}

const outColumns = `id, branch_id, to_phone, transport, address, text, image_path, bulk, in_message_id, status, attempts, last_error, created_at, document_path`

func scanOut(row row) (OutMessage, error) {
	var m OutMessage
	var created int64
	err := row.Scan(&m.ID, &m.Branch, &m.To, &m.Transport, &m.Address, &m.Text, &m.ImagePath, &m.Bulk, &m.InMessageID, &m.Status, &m.Attempts, &m.LastError, &created, &m.DocumentPath)
	m.CreatedAt = fromUnix(created)
	return m, err
}

// Enqueue queues m for delivery and returns its ID.
func (tx *Tx) Enqueue(ctx context.Context, m OutMessage) (int64, error) {
	const q = `INSERT INTO outbox (branch_id, to_phone, transport, address, text, image_path, bulk, in_message_id, next_at, created_at, document_path)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	var id int64
	next := tx.now
	if m.NotBefore.After(next) {
		next = m.NotBefore
	}
	err := tx.queryRow(ctx, q, m.Branch, m.To, m.Transport, m.Address, m.Text, m.ImagePath, m.Bulk, m.InMessageID, unix(next), unix(tx.now), m.DocumentPath).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("queue message to %s: %w", m.To, err)
	}
	return id, nil
}

func (tx *Tx) listOut(ctx context.Context, what, q string, args ...any) ([]OutMessage, error) {
	return collect(ctx, tx, what, q, scanOut, args...)
}

// Queued returns up to limit queued messages of the branch, for every transport,
// interactive before bulk, oldest first.
func (tx *Tx) Queued(ctx context.Context, branch string, limit int) ([]OutMessage, error) {
	const q = `SELECT ` + outColumns + ` FROM outbox WHERE branch_id = ? AND status = 'queued' ORDER BY bulk, id LIMIT ?`
	return tx.listOut(ctx, "list outbox of "+branch, q, branch, limit)
}

// QueuedFor is Queued for one transport only.
func (tx *Tx) QueuedFor(ctx context.Context, branch, transport string, limit int) ([]OutMessage, error) {
	const q = `SELECT ` + outColumns + ` FROM outbox WHERE branch_id = ? AND transport = ? AND status = 'queued' ORDER BY bulk, id LIMIT ?`
	return tx.listOut(ctx, "list outbox of "+branch, q, branch, transport, limit)
}

// Due returns up to limit queued WhatsApp messages of the branch that may be sent at now: each the
// oldest queued for its recipient (so a member's messages never overtake each other) and
// past its retry time; interactive before bulk, oldest first. A bulk message with an
// interactive reply queued behind it for the same member counts as interactive (Bulk is
// false), so a reply never waits for its member's place in a broadcast. A bulk message held
// for later (quiet hours: never tried, next_at ahead) holds back nothing queued after it.
func (tx *Tx) Due(ctx context.Context, branch string, now time.Time, limit int) ([]OutMessage, error) {
	return tx.DueVia(ctx, branch, "", now, limit)
}

// DueVia is Due for the messages another transport carries ("chat", "bench"; "" is WhatsApp's).
func (tx *Tx) DueVia(ctx context.Context, branch, transport string, now time.Time, limit int) ([]OutMessage, error) {
	const q = `SELECT ` + outColumnsO + `,
		  NOT EXISTS (SELECT 1 FROM outbox p WHERE p.branch_id = o.branch_id AND p.transport = o.transport AND p.to_phone = o.to_phone
		   AND p.status = 'queued' AND p.bulk = 0) AS urgent
		FROM outbox o
		WHERE o.branch_id = ?1 AND o.transport = ?4 AND o.status = 'queued' AND o.next_at <= ?2
		  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.branch_id = o.branch_id AND p.transport = o.transport AND p.to_phone = o.to_phone
		                  AND p.status = 'queued' AND p.id < o.id AND NOT (p.bulk = 1 AND p.attempts = 0 AND p.next_at > ?2))
		ORDER BY urgent, o.id LIMIT ?3`
	return collect(ctx, tx, fmt.Sprintf("list due messages of %s", branch), q, func(rs row) (OutMessage, error) {
		var m OutMessage
		var created int64
		if err := rs.Scan(&m.ID, &m.Branch, &m.To, &m.Transport, &m.Address, &m.Text, &m.ImagePath, &m.Bulk, &m.InMessageID, &m.Status,
			&m.Attempts, &m.LastError, &created, &m.DocumentPath, &m.Bulk); err != nil {
			return OutMessage{}, err
		}
		m.CreatedAt = fromUnix(created)
		return m, nil
	}, branch, unix(now), limit, transport)
}

const outColumnsO = `o.id, o.branch_id, o.to_phone, o.transport, o.address, o.text, o.image_path, o.bulk, o.in_message_id, o.status, o.attempts, o.last_error, o.created_at, o.document_path`

// NextRetry is the earliest time after now that a queued WhatsApp message of the branch waits for,
// zero when none waits.
func (tx *Tx) NextRetry(ctx context.Context, branch string, now time.Time) (time.Time, error) {
	return tx.NextRetryVia(ctx, branch, "", now)
}

// NextRetryVia is NextRetry for the messages another transport carries.
func (tx *Tx) NextRetryVia(ctx context.Context, branch, transport string, now time.Time) (time.Time, error) {
	const q = `SELECT COALESCE(MIN(next_at), 0) FROM outbox WHERE branch_id = ? AND transport = ? AND status = 'queued' AND next_at > ?`
	var at int64
	if err := tx.queryRow(ctx, q, branch, transport, unix(now)).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("next retry of %s: %w", branch, err)
	}
	if at == 0 {
		return time.Time{}, nil
	}
	return fromUnix(at), nil
}

// MarkSent records that the transport accepted message id.
func (tx *Tx) MarkSent(ctx context.Context, id int64) error { return tx.MarkSentAs(ctx, id, "") }

// MarkSentAs records that the transport accepted message id under its own message ID waID
// (WhatsApp's), so that a phone asking for it again can be answered.
func (tx *Tx) MarkSentAs(ctx context.Context, id int64, waID string) error {
	const q = `UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, wa_id = ? WHERE id = ? AND status = 'queued'`
	if _, err := tx.exec(ctx, q, unix(tx.now), waID, id); err != nil {
		return fmt.Errorf("mark message %d sent: %w", id, err)
	}
	return nil
}

// MarkAttemptFailed records a failed attempt: the message waits until retryAt, or,
// when final, is marked failed for good with the error kept for staff (and the time of
// this last try, which the outbox page shows).
func (tx *Tx) MarkAttemptFailed(ctx context.Context, id int64, sendErr string, retryAt time.Time, final bool) error {
	const q = `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_at = CASE WHEN ?3 THEN ?5 ELSE ?2 END,
		status = CASE WHEN ?3 THEN 'failed' ELSE status END WHERE id = ?4 AND status = 'queued'`
	if _, err := tx.exec(ctx, q, sendErr, unix(retryAt), final, id, unix(tx.now)); err != nil {
		return fmt.Errorf("record failed attempt of message %d: %w", id, err)
	}
	return nil
}

// OutboxStats counts the branch's queued and failed messages and gives the error of the last one that failed for good.
type OutboxStats struct {
	Queued, Failed int
	LastError      string
}

// OutboxStats reports the state of the branch's WhatsApp outbox.
func (tx *Tx) OutboxStats(ctx context.Context, branch string) (OutboxStats, error) {
	const q = `SELECT
		(SELECT COUNT(*) FROM outbox WHERE branch_id = ?1 AND transport = '' AND status = 'queued'),
		(SELECT COUNT(*) FROM outbox WHERE branch_id = ?1 AND transport = '' AND status = 'failed'),
		COALESCE((SELECT last_error FROM outbox WHERE branch_id = ?1 AND transport = '' AND status = 'failed' ORDER BY id DESC LIMIT 1), '')`
	var s OutboxStats
	if err := tx.queryRow(ctx, q, branch).Scan(&s.Queued, &s.Failed, &s.LastError); err != nil {
		return OutboxStats{}, fmt.Errorf("outbox stats of %s: %w", branch, err)
	}
	return s, nil
}
