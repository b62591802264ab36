package store

import (
	"context"
	"fmt"
	"time"
)

// MovedOutSince sums what left the member's savings accounts through journals of kind
// since the given time, as a positive number: a day's transfers, against the daily limit.
func (tx *Tx) MovedOutSince(ctx context.Context, memberID int64, kind JournalKind, since time.Time) (int64, error) {
	const q = `SELECT COALESCE(-SUM(p.amount), 0) FROM postings p
		JOIN journal j ON j.id = p.journal_id
		JOIN accounts a ON a.id = p.account_id
		WHERE a.member_id = ? AND a.kind = 'savings' AND j.kind = ? AND j.at >= ? AND p.amount < 0`
	var sum int64
	if err := tx.queryRow(ctx, q, memberID, kind, unix(since)).Scan(&sum); err != nil {
		return 0, fmt.Errorf("%s out of member %d since %s: %w", kind, memberID, since.Format(time.DateOnly), err)
	}
	return sum, nil
}

// JournalID returns the ID of the journal transaction with the given key.
func (tx *Tx) JournalID(ctx context.Context, key string) (int64, error) {
	const q = `SELECT id FROM journal WHERE key = ?`
	var id int64
	if err := tx.queryRow(ctx, q, key).Scan(&id); err != nil {
		return 0, fmt.Errorf("journal %s: %w", key, notFound(err))
	}
	return id, nil
}

// ChangeAccountStatus freezes, closes or reopens an account by number.
func (tx *Tx) ChangeAccountStatus(ctx context.Context, number string, status AccountStatus) error {
	const q = `UPDATE accounts SET status = ? WHERE number = ?`
	return tx.exec1(ctx, "change status of account "+MaskNumber(number), q, status, number)
}
