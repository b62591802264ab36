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
	Settled       Settlement
}

// SettleHow is how staff settled a QRIS payment not credited: the payer's money given back,
// or the member credited by hand. "" is not settled yet.
type SettleHow string

// The ways a QRIS payment not credited is settled.
const (
	SettledRefunded SettleHow = "refunded" // refunded to the payer through the payment provider
	SettledCredited SettleHow = "credited" // credited to the member at the teller
)

// Valid reports whether h is one of the ways to settle.
func (h SettleHow) Valid() bool { return h == SettledRefunded || h == SettledCredited }

// Settlement is who settled a QRIS payment not credited, when, how and why; How is "" while
// it waits.
type Settlement struct {
	How  SettleHow
	By   string // the staff member, as the audit log names them
	At   time.Time
	Note string
}

// ErrSettled is the store's "no" to settling a payment settled before.
var ErrSettled = errors.New("already settled")

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

const expiredPaymentColumns = `e.id, e.reason, e.transaction_id, e.invoice_id, i.reference, e.branch_id, e.amount, e.payer_name, e.issuer,
	e.paid_at, e.received_at, e.settled_how, e.settled_by, e.settled_at, e.settle_note
	FROM qris_expired_payments e JOIN qris_invoices i ON i.id = e.invoice_id`

// scanExpiredPayment reads one row of expiredPaymentColumns.
func scanExpiredPayment(r row) (ExpiredPayment, error) {
	var p ExpiredPayment
	var paid, received int64
	var settled sql.NullInt64
	err := r.Scan(&p.ID, &p.Reason, &p.TransactionID, &p.InvoiceID, &p.Invoice, &p.Branch, &p.Amount, &p.PayerName, &p.Issuer,
		&paid, &received, &p.Settled.How, &p.Settled.By, &settled, &p.Settled.Note)
	p.PaidAt, p.ReceivedAt = fromUnix(paid), fromUnix(received)
	if settled.Valid {
		p.Settled.At = fromUnix(settled.Int64)
	}
	return p, err
}

// ExpiredPayments lists branch's QRIS payments not credited (every branch's when branch is
// ""): those still to settle first, then those settled; newest notice first in each.
func (tx *Tx) ExpiredPayments(ctx context.Context, branch string) ([]ExpiredPayment, error) {
	const q = `SELECT ` + expiredPaymentColumns + `
		WHERE ? IN ('', e.branch_id) ORDER BY e.settled_how <> '', e.received_at DESC, e.id DESC`
	return collect(ctx, tx, "list QRIS payments not credited", q, scanExpiredPayment, branch)
}

// ExpiredPaymentByID is QRIS payment not credited id; ErrNotFound when there is none.
func (tx *Tx) ExpiredPaymentByID(ctx context.Context, id int64) (ExpiredPayment, error) {
	const q = `SELECT ` + expiredPaymentColumns + ` WHERE e.id = ?`
	p, err := scanExpiredPayment(tx.queryRow(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("QRIS payment not credited %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("read QRIS payment not credited %d: %w", id, err)
	}
	return p, nil
}

// SettleExpiredPayment records that s.By settled QRIS payment not credited id, at the
// transaction's time: once; a payment settled before is ErrSettled and keeps its settlement.
func (tx *Tx) SettleExpiredPayment(ctx context.Context, id int64, s Settlement) error {
	if !s.How.Valid() {
		return fmt.Errorf("settle QRIS payment not credited %d: %q is not refunded or credited", id, s.How)
	}
	const q = `UPDATE qris_expired_payments SET settled_how = ?, settled_by = ?, settled_at = ?, settle_note = ?
		WHERE id = ? AND settled_how = ''`
	res, err := tx.exec(ctx, q, string(s.How), s.By, unix(tx.now), s.Note, id)
	if err != nil {
		return fmt.Errorf("settle QRIS payment not credited %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	p, err := tx.ExpiredPaymentByID(ctx, id)
	if err != nil {
		return err
	}
	return fmt.Errorf("QRIS payment %s was %w: %s by %s at %s; nothing changed", p.TransactionID, ErrSettled,
		p.Settled.How, p.Settled.By, p.Settled.At.UTC().Format("2006-01-02 15:04 UTC"))
}

// UnsettledPayments counts branch's QRIS payments not credited that wait to be settled.
func (tx *Tx) UnsettledPayments(ctx context.Context, branch string) (int, error) {
	const q = `SELECT count(*) FROM qris_expired_payments WHERE branch_id = ? AND settled_how = ''`
	var n int
	if err := tx.queryRow(ctx, q, branch).Scan(&n); err != nil {
		return 0, fmt.Errorf("count QRIS payments to settle at %s: %w", branch, err)
	}
	return n, nil
}
