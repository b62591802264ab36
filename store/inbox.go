package store

import (
	"context"
	"fmt"
	"time"
)

// InboxItem is a message received and not yet handled.
type InboxItem struct {
	Branch, MessageID string
	From              string // the sender: the same ID from two senders is two messages
	Payload           string // as the transport wrote it
	ReceivedAt        time.Time
}

// SaveInbox keeps a received message until it is handled; the same message again changes nothing.
func (tx *Tx) SaveInbox(ctx context.Context, it InboxItem) error {
	const q = `INSERT INTO inbox (branch_id, message_id, payload, received_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (branch_id, message_id) DO NOTHING`
	if _, err := tx.exec(ctx, q, it.Branch, senderMessageKey(it.From, it.MessageID), it.Payload, unix(it.ReceivedAt)); err != nil {
		return fmt.Errorf("keep message %s in the inbox: %w", it.MessageID, err)
	}
	return nil
}

// ClearInbox forgets phone's received message once it is handled (and a row of its bare ID,
// kept before IDs were per sender).
func (tx *Tx) ClearInbox(ctx context.Context, branch, phone, messageID string) error {
	const q = `DELETE FROM inbox WHERE branch_id = ? AND message_id IN (?, ?)`
	if _, err := tx.exec(ctx, q, branch, senderMessageKey(phone, messageID), messageID); err != nil {
		return fmt.Errorf("clear message %s from the inbox: %w", messageID, err)
	}
	return nil
}

// Inbox lists a branch's messages received and not yet handled, oldest first; an item's
// MessageID is the kept key (sender/ID): the payload has the message as received.
func (tx *Tx) Inbox(ctx context.Context, branch string, limit int) ([]InboxItem, error) {
	const q = `SELECT branch_id, message_id, payload, received_at FROM inbox WHERE branch_id = ? ORDER BY received_at, message_id LIMIT ?`
	rows, err := tx.query(ctx, q, branch, limit)
	if err != nil {
		return nil, fmt.Errorf("list the inbox of branch %s: %w", branch, err)
	}
	defer rows.Close()
	var out []InboxItem
	for rows.Next() {
		var it InboxItem
		var at int64
		if err := rows.Scan(&it.Branch, &it.MessageID, &it.Payload, &at); err != nil {
			return nil, fmt.Errorf("read the inbox of branch %s: %w", branch, err)
		}
		it.ReceivedAt = fromUnix(at)
		out = append(out, it)
	}
	return out, rows.Err()
}

// SentUnder finds the message sent under WhatsApp ID waID, for a phone asking for it again.
func (tx *Tx) SentUnder(ctx context.Context, branch, waID string) (OutMessage, error) {
	q := `SELECT ` + outColumns + ` FROM outbox WHERE branch_id = ? AND wa_id = ?`
	m, err := scanOut(tx.queryRow(ctx, q, branch, waID))
	if err != nil {
		return OutMessage{}, fmt.Errorf("find the message sent as %s: %w", waID, notFound(err))
	}
	return m, nil
}

// UnsentTo lists the branch's latest WhatsApp messages to phone (or to the chat address)
// not marked sent: queued, or failed after an attempt that may have gone out. Their IDs
// tell kopbot's own messages, echoed back from the phone before they are marked sent, from
// staff's.
func (tx *Tx) UnsentTo(ctx context.Context, branch, phone, address string) ([]OutMessage, error) {
	q := `SELECT ` + outColumns + ` FROM outbox WHERE branch_id = ? AND transport = '' AND status != 'sent'
		AND (to_phone = ? OR (? != '' AND address = ?)) ORDER BY id DESC LIMIT 100`
	return tx.listOut(ctx, "list unsent messages of "+branch, q, branch, phone, address, address)
}
