package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// LinkFailures is how many wrong NIK and birth date pairs phone has sent while linking its WhatsApp to a
// member since since (older ones count no more), and when the last one came.
func (tx *Tx) LinkFailures(ctx context.Context, phone string, since time.Time) (int, error) {
	const q = `SELECT failures FROM link_attempts WHERE phone = ? AND last_at >= ?`
	var n int
	err := tx.queryRow(ctx, q, phone, unix(since)).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("link failures of a phone: %w", err)
	}
	return n, nil
}

// RecordLinkFailure counts one more wrong pair for phone at at, starting afresh when the last one came
// before since; it returns the count.
func (tx *Tx) RecordLinkFailure(ctx context.Context, phone string, at, since time.Time) (int, error) {
	const q = `INSERT INTO link_attempts (phone, failures, last_at) VALUES (?1, 1, ?2)
		ON CONFLICT (phone) DO UPDATE SET failures = CASE WHEN last_at >= ?3 THEN failures + 1 ELSE 1 END, last_at = ?2
		RETURNING failures`
	var n int
	if err := tx.queryRow(ctx, q, phone, unix(at), unix(since)).Scan(&n); err != nil {
		return 0, fmt.Errorf("record a link failure of a phone: %w", err)
	}
	return n, nil
}

// ClearLinkFailures forgets phone's wrong pairs (it linked).
func (tx *Tx) ClearLinkFailures(ctx context.Context, phone string) error {
	if _, err := tx.exec(ctx, `DELETE FROM link_attempts WHERE phone = ?`, phone); err != nil {
		return fmt.Errorf("clear the link failures of a phone: %w", err)
	}
	return nil
}
