package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ExpiredPayment is a QRIS payment the gateway reported that could not be credited while the
// payer's money moved (Reason: made after the invoice's QR had expired, a second payment of
// an invoice already paid, another amount than the invoice's): the member was not credited,
// and staff must act.
type ExpiredPayment struct {
	ID            int64
	Reason        string // UncreditedExpired, UncreditedPaidTwice or UncreditedAmountDiffers
	TransactionID string // the gateway's id of the payment
	InvoiceID     int64
	Invoice       string // QR-000001, when listed
	Branch        string
	Amount        int64
	PayerName     string
	Issuer        string
	PaidAt        time.Time // as the gateway says
	ReceivedAt    time.Time // when kopbot got the notice
}

// Why a QRIS payment was not credited.
const (
	UncreditedExpired       = "expired"        // made after the QR expired
	UncreditedPaidTwice     = "paid_twice"     // the invoice was paid before, by another transaction
	UncreditedAmountDiffers = "amount_differs" // another amount than the invoice's
)

// RecordExpiredPayment keeps p once per gateway transaction; added is false when the
// transaction was recorded before (the gateway retried its notice) and nothing changed.
func (tx *Tx) RecordExpiredPayment(ctx context.Context, p ExpiredPayment) (added bool, err error) {
	const q = `INSERT INTO qris_expired_payments (transaction_id, invoice_id, branch_id, amount, payer_name, issuer, paid_at, received_at, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (transaction_id) DO NOTHING RETURNING id`
	if p.Reason == "" {
		p.Reason = UncreditedExpired
	}
	var id int64
	err = tx.queryRow(ctx, q, p.TransactionID, p.InvoiceID, p.Branch, p.Amount, p.PayerName, p.Issuer,
		unix(p.PaidAt), unix(p.ReceivedAt), p.Reason).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("record QRIS payment %s not credited (%s): %w", p.TransactionID, p.Reason, err)
	}
	return true, nil
}

// ExpiredPayments lists branch's QRIS payments not credited (every branch's when branch is
// ""), newest notice first.
func (tx *Tx) ExpiredPayments(ctx context.Context, branch string) ([]ExpiredPayment, error) {
	const q = `SELECT e.id, e.reason, e.transaction_id, e.invoice_id, i.reference, e.branch_id, e.amount, e.payer_name, e.issuer, e.paid_at, e.received_at
		FROM qris_expired_payments e JOIN qris_invoices i ON i.id = e.invoice_id
		WHERE ? IN ('', e.branch_id) ORDER BY e.received_at DESC, e.id DESC`
	return collect(ctx, tx, "list QRIS payments not credited", q, func(r row) (ExpiredPayment, error) {
		var p ExpiredPayment
		var paid, received int64
		err := r.Scan(&p.ID, &p.Reason, &p.TransactionID, &p.InvoiceID, &p.Invoice, &p.Branch, &p.Amount, &p.PayerName, &p.Issuer, &paid, &received)
		p.PaidAt, p.ReceivedAt = fromUnix(paid), fromUnix(received)
		return p, err
	}, branch)
}
