package store

import (
	"context"
	"fmt"
	"time"
)

// A message ID is the sender's phone's: two members' phones may well make the same one, so
// a message is known by branch, sender and ID together. Without a migration the table keeps
// its (branch_id, message_id) key, and message_id holds senderMessageKey: the sender, a
// slash, then the ID (a phone or an @lid address has no slash, so no two senders' keys meet).
func senderMessageKey(phone, messageID string) string { return phone + "/" + messageID }

// MarkProcessed records that phone's message was handled; it reports false when it already
// was. The same message ID from another sender is another message.
func (tx *Tx) MarkProcessed(ctx context.Context, branch, messageID, phone string, at time.Time) (bool, error) {
	// A row of the bare ID (kept before IDs were per sender) with the same phone is the same
	// message, redelivered: it counts until it is pruned.
	const q = `INSERT INTO processed_messages (branch_id, message_id, phone, at)
		SELECT ?1, ?2, ?4, ?5 WHERE NOT EXISTS (
			SELECT 1 FROM processed_messages WHERE branch_id = ?1 AND message_id = ?3 AND phone = ?4)
		ON CONFLICT DO NOTHING`
	res, err := tx.exec(ctx, q, branch, senderMessageKey(phone, messageID), messageID, phone, unix(at))
	if err != nil {
		return false, fmt.Errorf("record message %s: %w", messageID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record message %s: %w", messageID, err)
	}
	return n == 1, nil
}
