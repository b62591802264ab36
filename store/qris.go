package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// InvoiceStatus is where a QRIS invoice stands.
type InvoiceStatus string

// QRIS invoice statuses.
const (
	InvoicePending InvoiceStatus = "pending"
	InvoicePaid    InvoiceStatus = "paid"
	InvoiceExpired InvoiceStatus = "expired"
)

// Invoice is one dynamic QRIS a merchant member showed for an amount.
type Invoice struct {
	ID            int64
	Ref           string // QR-000001
	Branch        string
	MemberID      int64
	AccountID     int64 // the savings account credited when paid
	Amount        int64
	Note          string
	Payload       string
	Status        InvoiceStatus
	ValidUntil    time.Time
	CreatedAt     time.Time
	PaidAt        time.Time // zero until paid
	TransactionID string    // the gateway's id of the payment, empty until paid
	PayerName     string
	Issuer        string
}

// Expired reports whether a pending invoice can no longer be paid at now.
func (i Invoice) Expired(now time.Time) bool {
	return i.Status == InvoiceExpired || (i.Status == InvoicePending && now.After(i.ValidUntil))
}

const invoiceColumns = `id, reference, branch_id, member_id, account_id, amount, note, payload, status, valid_until, created_at,
	paid_at, COALESCE(transaction_id, ''), payer_name, issuer`

func scanInvoice(row row) (Invoice, error) {
	var i Invoice
	var valid, created, paid int64
	err := row.Scan(&i.ID, &i.Ref, &i.Branch, &i.MemberID, &i.AccountID, &i.Amount, &i.Note, &i.Payload, &i.Status,
		&valid, &created, &paid, &i.TransactionID, &i.PayerName, &i.Issuer)
	if err != nil {
		return Invoice{}, err
	}
	i.ValidUntil, i.CreatedAt = fromUnix(valid), fromUnix(created)
	if paid != 0 {
		i.PaidAt = fromUnix(paid)
	}
	return i, nil
}

// NextInvoiceRef returns the reference the next invoice will get, QR-000001 and up.
func (tx *Tx) NextInvoiceRef(ctx context.Context) (string, error) {
	var n int64
	if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM qris_invoices`).Scan(&n); err != nil {
		return "", fmt.Errorf("next invoice reference: %w", err)
	}
	return NewRef(RefInvoice, n).String(), nil
}

// CreateInvoice stores a new pending invoice; Ref should come from NextInvoiceRef.
func (tx *Tx) CreateInvoice(ctx context.Context, i Invoice) (Invoice, error) {
	if i.CreatedAt.IsZero() {
		i.CreatedAt = tx.now
	}
	i.Status = InvoicePending
	const q = `INSERT INTO qris_invoices (reference, branch_id, member_id, account_id, amount, note, payload, status, valid_until, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	if err := tx.queryRow(ctx, q, i.Ref, i.Branch, i.MemberID, i.AccountID, i.Amount, i.Note, i.Payload, i.Status,
		unix(i.ValidUntil), unix(i.CreatedAt)).Scan(&i.ID); err != nil {
		return Invoice{}, fmt.Errorf("create invoice %s: %w", i.Ref, err)
	}
	return i, nil
}

func (tx *Tx) oneInvoice(ctx context.Context, what, where string, args ...any) (Invoice, error) {
	return one(ctx, tx, what, `SELECT `+invoiceColumns+` FROM qris_invoices WHERE `+where, scanInvoice, args...)
}

// InvoiceByRef returns the invoice with the given reference.
func (tx *Tx) InvoiceByRef(ctx context.Context, ref string) (Invoice, error) {
	return tx.oneInvoice(ctx, "invoice "+ref, `reference = ?`, ref)
}

// InvoiceByTransaction returns the invoice paid by the gateway's transaction id.
func (tx *Tx) InvoiceByTransaction(ctx context.Context, id string) (Invoice, error) {
	return tx.oneInvoice(ctx, "invoice paid by "+id, `transaction_id = ?`, id)
}

// MarkInvoicePaid records that a pending invoice was paid (or an expired one, paid while it was valid).
func (tx *Tx) MarkInvoicePaid(ctx context.Context, id int64, transactionID, payer, issuer string, at time.Time) error {
	return tx.exec1(ctx, fmt.Sprintf("mark invoice %d paid", id),
		`UPDATE qris_invoices SET status = 'paid', transaction_id = ?, payer_name = ?, issuer = ?, paid_at = ? WHERE id = ? AND status IN ('pending', 'expired')`,
		transactionID, payer, issuer, unix(at), id)
}

// MarkInvoiceExpired records that a pending invoice can no longer be paid.
func (tx *Tx) MarkInvoiceExpired(ctx context.Context, id int64) error {
	return tx.exec1(ctx, fmt.Sprintf("mark invoice %d expired", id),
		`UPDATE qris_invoices SET status = 'expired' WHERE id = ? AND status = 'pending'`, id)
}

// Takings counts and sums a member's invoices paid at or after since.
func (tx *Tx) Takings(ctx context.Context, memberID int64, since time.Time) (count, total int64, err error) {
	const q = `SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM qris_invoices WHERE member_id = ? AND status = 'paid' AND paid_at >= ?`
	if err := tx.queryRow(ctx, q, memberID, unix(since)).Scan(&count, &total); err != nil {
		return 0, 0, fmt.Errorf("takings of member %d: %w", memberID, err)
	}
	return count, total, nil
}

// LastPaidInvoices returns a member's last n paid invoices, newest first.
func (tx *Tx) LastPaidInvoices(ctx context.Context, memberID int64, n int) ([]Invoice, error) {
	q := `SELECT ` + invoiceColumns + ` FROM qris_invoices WHERE member_id = ? AND status = 'paid' ORDER BY paid_at DESC, id DESC LIMIT ?`
	return collect(ctx, tx, fmt.Sprintf("paid invoices of member %d", memberID), q, scanInvoice, memberID, n)
}

// PaidInvoicesBetween returns a member's invoices paid from from up to, not including, to,
// oldest first.
func (tx *Tx) PaidInvoicesBetween(ctx context.Context, memberID int64, from, to time.Time) ([]Invoice, error) {
	const q = `SELECT ` + invoiceColumns + ` FROM qris_invoices WHERE member_id = ? AND status = 'paid' AND paid_at >= ? AND paid_at < ?
		ORDER BY paid_at, id`
	return collect(ctx, tx, fmt.Sprintf("invoices of member %d paid from %s", memberID, from.Format(time.DateOnly)), q, scanInvoice,
		memberID, unix(from), unix(to))
}

// Merchant returns whether the member may take QRIS payments, and their static QRIS payload.
func (tx *Tx) Merchant(ctx context.Context, memberID int64) (merchant bool, payload string, err error) {
	var m int64
	err = tx.queryRow(ctx, `SELECT merchant, merchant_qris FROM members WHERE id = ?`, memberID).Scan(&m, &payload)
	if errors.Is(err, sql.ErrNoRows) {
		return false, "", fmt.Errorf("member %d: %w", memberID, ErrNotFound)
	}
	if err != nil {
		return false, "", fmt.Errorf("load merchant of member %d: %w", memberID, err)
	}
	return m == 1, payload, nil
}

// SetMerchant marks the member as a merchant with their static QRIS payload (validated by the caller), or unmarks them.
func (tx *Tx) SetMerchant(ctx context.Context, memberID int64, merchant bool, payload string) error {
	m := 0
	if merchant {
		m = 1
	} else {
		payload = ""
	}
	return tx.exec1(ctx, fmt.Sprintf("set merchant of member %d", memberID),
		`UPDATE members SET merchant = ?, merchant_qris = ? WHERE id = ?`, m, payload, memberID)
}
