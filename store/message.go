package store

import (
	"context"
	"fmt"
	"time"
)

// MarkProcessed records that the message was handled; it reports false when it already was.
func (tx *Tx) MarkProcessed(ctx context.Context, branch, messageID, phone string, at time.Time) (bool, error) {
	const q = `INSERT INTO processed_messages (branch_id, message_id, phone, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`
	res, err := tx.exec(ctx, q, branch, messageID, phone, unix(at))
	if err != nil {
		return false, fmt.Errorf("record message %s: %w", messageID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record message %s: %w", messageID, err)
	}
	return n == 1, nil
}
