package coop

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// AuditQRISSettle: a QRIS payment not credited, settled by hand (refunded or credited).
const AuditQRISSettle AuditAction = "qris.settle"

// settleNoteMax is the most characters of a settlement's note kept.
const settleNoteMax = 200

// QRISPaymentSubject names QRIS payment not credited p as the audit log and refusals do.
func QRISPaymentSubject(p store.ExpiredPayment) string { return "QRIS " + p.TransactionID }

// SettleUncreditedQRIS records that by settled QRIS payment not credited id by hand: how
// (refunded to the payer through the provider, or credited to the member at the teller) and
// a note (cleaned as text from outside: one line, at most 200 characters). by is checked
// against the payment's branch when it is a staff account (OtherBranch otherwise); a payment
// settled before is a NotPending refusal naming who settled it; none is store.ErrNotFound.
// The decision is in the audit log, naming the staff member, in the same transaction.
func SettleUncreditedQRIS(ctx context.Context, tx *store.Tx, by Actor, id int64, how store.SettleHow, note string) (store.ExpiredPayment, error) {
	if !how.Valid() {
		return store.ExpiredPayment{}, fmt.Errorf("settle QRIS payment %d: %q is neither %s nor %s", id, how, store.SettledRefunded, store.SettledCredited)
	}
	p, err := tx.ExpiredPaymentByID(ctx, id)
	if err != nil {
		return p, err
	}
	if err := checkStaffBranch(ctx, tx, by, p.Branch, QRISPaymentSubject(p)); err != nil {
		return p, err
	}
	if p.Settled.How != "" {
		return p, &Refusal{Code: NotPending, Subject: QRISPaymentSubject(p), Status: string(p.Settled.How), By: p.Settled.By, At: p.Settled.At}
	}
	note = parse.OutsideText(note, settleNoteMax)
	by, err = decidedWith(ctx, tx, by, AuditQRISSettle, QRISPaymentSubject(p), p.Branch,
		strings.TrimSpace(fmt.Sprintf("%s %s Rp%d %s", how, p.Invoice, p.Amount, note)))
	if err != nil {
		return p, err
	}
	p.Settled = store.Settlement{How: how, By: string(by), At: tx.Now(), Note: note}
	if err := tx.SettleExpiredPayment(ctx, id, p.Settled); err != nil {
		return p, err
	}
	return p, nil
}

// checkStaffBranch refuses by when it is a staff account that does not work at branch
// (OtherBranch, about subject); anyone else (the CLI, a free-text name) is not checked here.
func checkStaffBranch(ctx context.Context, tx *store.Tx, by Actor, branch, subject string) error {
	resolved, err := Resolve(ctx, tx, by)
	if err != nil {
		return err
	}
	username, ok := strings.CutPrefix(string(resolved), "staff:")
	if !ok {
		return nil
	}
	s, err := tx.Staff(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !s.SeesBranch(branch) {
		return &Refusal{Code: OtherBranch, Subject: subject, Other: branch, By: string(resolved)}
	}
	return nil
}
