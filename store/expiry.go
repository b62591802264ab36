package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ChatExpiry returns the disappearing-messages timer of phone's chat with branch, 0 when it has none.
func (tx *Tx) ChatExpiry(ctx context.Context, branch, phone string) (time.Duration, error) {
	const q = `SELECT seconds FROM chat_expiry WHERE branch_id = ? AND phone = ?`
	var sec int64
	err := tx.queryRow(ctx, q, branch, phone).Scan(&sec)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("disappearing-messages timer of %s: %w", branch, err)
	}
	return time.Duration(sec) * time.Second, nil
}

// SetChatExpiry records the disappearing-messages timer of phone's chat with branch; 0 turns it off.
func (tx *Tx) SetChatExpiry(ctx context.Context, branch, phone string, d time.Duration) error {
	var err error
	if sec := int64(d / time.Second); sec > 0 {
		const q = `INSERT INTO chat_expiry (branch_id, phone, seconds, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (branch_id, phone) DO UPDATE SET seconds = excluded.seconds, updated_at = excluded.updated_at`
		_, err = tx.exec(ctx, q, branch, phone, sec, unix(tx.now))
	} else {
		_, err = tx.exec(ctx, `DELETE FROM chat_expiry WHERE branch_id = ? AND phone = ?`, branch, phone)
	}
	if err != nil {
		return fmt.Errorf("record the disappearing-messages timer of a chat of %s: %w", branch, err)
	}
	return nil
}
