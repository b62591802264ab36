package store

import (
	"context"
	"fmt"
)

// Stats counts what the service has done and what is waiting, for kopbot bench and the soak test.
type Stats struct {
	Members      int64
	Transfers    int64 // journal transactions of kind transfer
	Invoices     int64 // QRIS invoices made
	OpenSessions int64 // conversations waiting for the member's answer
	OutboxQueued int64 // messages of every branch and transport not yet sent
}

// Stats counts, on one snapshot.
func (tx *Tx) Stats(ctx context.Context) (Stats, error) {
	const q = `SELECT (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM journal WHERE kind = 'transfer'),
		(SELECT COUNT(*) FROM qris_invoices), (SELECT COUNT(*) FROM sessions WHERE flow != ''),
		(SELECT COUNT(*) FROM outbox WHERE status = 'queued')`
	var s Stats
	if err := tx.queryRow(ctx, q).Scan(&s.Members, &s.Transfers, &s.Invoices, &s.OpenSessions, &s.OutboxQueued); err != nil {
		return Stats{}, fmt.Errorf("count: %w", err)
	}
	return s, nil
}
