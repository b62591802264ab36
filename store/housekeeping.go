package store

import (
	"context"
	"fmt"
	"time"
)

// HousekeepingCounts are what housekeeping would clear at a time, counted without clearing
// anything: a dry run shows them.
type HousekeepingCounts struct {
	Invoices  int64 // pending QRIS invoices past their validity
	Processed int64 // processed message IDs handled before the keep window
	Phrases   int64 // day counts of phrases not understood before the keep window
}

// CountHousekeeping counts what ExpireInvoices(now), PruneProcessed(processedBefore) and
// PruneMisunderstood(phrasesBefore) would clear; a zero time counts nothing for that item.
func (tx *Tx) CountHousekeeping(ctx context.Context, now, processedBefore, phrasesBefore time.Time) (HousekeepingCounts, error) {
	const (
		qInvoices  = `SELECT COUNT(*) FROM qris_invoices WHERE status = 'pending' AND valid_until < ?`
		qProcessed = `SELECT COUNT(*) FROM processed_messages WHERE at < ?`
		qPhrases   = `SELECT COUNT(*) FROM misunderstood_phrases WHERE day < ?`
	)
	var c HousekeepingCounts
	counts := []struct {
		n   *int64
		q   string
		at  time.Time
		arg any
	}{
		{&c.Invoices, qInvoices, now, unix(now)},
		{&c.Processed, qProcessed, processedBefore, unix(processedBefore)},
		{&c.Phrases, qPhrases, phrasesBefore, phrasesBefore.Format(dateLayout)},
	}
	for _, k := range counts {
		if k.at.IsZero() {
			continue
		}
		if err := tx.queryRow(ctx, k.q, k.arg).Scan(k.n); err != nil {
			return c, fmt.Errorf("count what housekeeping would clear: %w", err)
		}
	}
	return c, nil
}
