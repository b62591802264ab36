package store

import (
	"context"
	"fmt"
	"time"
)

// CountMisunderstood adds one to how often the branch's members wrote phrase on day (a
// calendar day; its date is what counts) without the bot understanding it.
func (tx *Tx) CountMisunderstood(ctx context.Context, branch string, day time.Time, phrase string, at time.Time) error {
	const q = `INSERT INTO misunderstood_phrases (branch_id, day, phrase, count, last_seen) VALUES (?, ?, ?, 1, ?)
		ON CONFLICT (branch_id, day, phrase) DO UPDATE SET count = count + 1, last_seen = MAX(last_seen, excluded.last_seen)`
	if _, err := tx.exec(ctx, q, branch, day.Format(dateLayout), phrase, unix(at)); err != nil {
		return fmt.Errorf("count a phrase not understood at %s: %w", branch, err)
	}
	return nil
}

// PhraseCount is how often a phrase was not understood over a period.
type PhraseCount struct {
	Phrase   string
	Count    int64
	Days     int // on how many days it was written
	LastSeen time.Time
}

// TopMisunderstood returns the limit phrases most often not understood from day since on,
// at branch (every branch when empty): most often first, then most recently seen.
func (tx *Tx) TopMisunderstood(ctx context.Context, branch string, since time.Time, limit int) ([]PhraseCount, error) {
	const q = `SELECT phrase, SUM(count), COUNT(DISTINCT day), MAX(last_seen) FROM misunderstood_phrases
		WHERE day >= ?1 AND (?2 = '' OR branch_id = ?2)
		GROUP BY phrase ORDER BY 2 DESC, 4 DESC, phrase LIMIT ?3`
	return collect(ctx, tx, "list phrases not understood", q, func(rs row) (PhraseCount, error) {
		var p PhraseCount
		var last int64
		if err := rs.Scan(&p.Phrase, &p.Count, &p.Days, &last); err != nil {
			return PhraseCount{}, err
		}
		p.LastSeen = fromUnix(last)
		return p, nil
	}, since.Format(dateLayout), branch, limit)
}

// PruneMisunderstood forgets the counts of days before day; it returns how many it forgot.
func (tx *Tx) PruneMisunderstood(ctx context.Context, before time.Time) (int64, error) {
	const q = `DELETE FROM misunderstood_phrases WHERE day < ?`
	res, err := tx.exec(ctx, q, before.Format(dateLayout))
	if err != nil {
		return 0, fmt.Errorf("forget phrases not understood before %s: %w", before.Format(dateLayout), err)
	}
	return res.RowsAffected()
}
