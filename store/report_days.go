package store

import (
	"context"
	"time"
)

// PaidAmount is one QRIS payment: when it was paid and how much.
type PaidAmount struct {
	At     time.Time
	Amount int64
}

// PaidQRIS lists the QRIS invoices of branch ("" for every branch) paid in [from, to),
// oldest first: the takings a chart spreads over the days.
func (tx *Tx) PaidQRIS(ctx context.Context, branch string, from, to time.Time) ([]PaidAmount, error) {
	const q = `SELECT paid_at, amount FROM qris_invoices
		WHERE (?1 = '' OR branch_id = ?1) AND status = 'paid' AND paid_at >= ?2 AND paid_at < ?3 ORDER BY paid_at, id`
	return collect(ctx, tx, "QRIS payments of "+branch, q, func(r row) (p PaidAmount, err error) {
		var at int64
		err = r.Scan(&at, &p.Amount)
		p.At = fromUnix(at)
		return p, err
	}, branch, unix(from), unix(to))
}
