package store

import (
	"context"
	"fmt"
	"time"
)

// The statuses of an outbox message.
const (
	OutQueued    = "queued"    // waiting to be sent, or to be tried again
	OutSent      = "sent"      // the transport accepted it
	OutFailed    = "failed"    // failed for good: staff retry or cancel it
	OutCancelled = "cancelled" // staff gave up on it: it is never sent
)

// FailedMessage is a message that failed for good, as staff see it on the outbox page.
type FailedMessage struct {
	OutMessage
	LastTry time.Time // when it was last tried
}

// FailedMessages returns up to limit messages that failed for good, newest first, of the
// branches sees keeps (every branch when sees is nil).
func (tx *Tx) FailedMessages(ctx context.Context, limit int, sees func(branch string) bool) ([]FailedMessage, error) {
	const q = `SELECT ` + outColumns + `, next_at FROM outbox WHERE status = 'failed' ORDER BY id DESC`
	var out []FailedMessage
	err := eachRow(ctx, tx, "list failed messages", q, func(rs row) error {
		var m FailedMessage
		var created, last int64
		if err := rs.Scan(&m.ID, &m.Branch, &m.To, &m.Transport, &m.Address, &m.Text, &m.ImagePath, &m.Bulk, &m.InMessageID, &m.Status,
			&m.Attempts, &m.LastError, &created, &m.DocumentPath, &last); err != nil {
			return err
		}
		if len(out) < limit && (sees == nil || sees(m.Branch)) {
			m.CreatedAt, m.LastTry = fromUnix(created), fromUnix(last)
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// OutboxCounts is how many of a branch's messages are in each status.
type OutboxCounts struct {
	Branch                          string
	Queued, Sent, Failed, Cancelled int
}

// OutboxCountsByBranch counts every branch's messages by status, branches in order of their IDs.
func (tx *Tx) OutboxCountsByBranch(ctx context.Context) ([]OutboxCounts, error) {
	const q = `SELECT branch_id,
		SUM(status = 'queued'), SUM(status = 'sent'), SUM(status = 'failed'), SUM(status = 'cancelled')
		FROM outbox GROUP BY branch_id ORDER BY branch_id`
	return collect(ctx, tx, "count outbox messages", q, func(rs row) (OutboxCounts, error) {
		var c OutboxCounts
		err := rs.Scan(&c.Branch, &c.Queued, &c.Sent, &c.Failed, &c.Cancelled)
		return c, err
	})
}

// OutMessageByID returns outbox message id; ErrNotFound when there is none.
func (tx *Tx) OutMessageByID(ctx context.Context, id int64) (OutMessage, error) {
	const q = `SELECT ` + outColumns + ` FROM outbox WHERE id = ?`
	m, err := scanOut(tx.queryRow(ctx, q, id))
	if err != nil {
		return OutMessage{}, fmt.Errorf("message %d: %w", id, notFound(err))
	}
	return m, nil
}

// RequeueFailed puts message id, which failed for good, back in the queue to be sent at
// once, its tries counted from zero again; ErrNotFound when no failed message has that id.
func (tx *Tx) RequeueFailed(ctx context.Context, id int64) error {
	const q = `UPDATE outbox SET status = 'queued', attempts = 0, next_at = ? WHERE id = ? AND status = 'failed'`
	return tx.exec1(ctx, fmt.Sprintf("queue message %d again", id), q, unix(tx.now), id)
}

// CancelFailed marks message id, which failed for good, cancelled by by: it is never sent;
// ErrNotFound when no failed message has that id.
func (tx *Tx) CancelFailed(ctx context.Context, id int64, by string) error {
	const q = `UPDATE outbox SET status = 'cancelled', cancelled_by = ?, cancelled_at = ? WHERE id = ? AND status = 'failed'`
	return tx.exec1(ctx, fmt.Sprintf("cancel message %d", id), q, by, unix(tx.now), id)
}
