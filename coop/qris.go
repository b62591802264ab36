package coop

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/qris"
	"github.com/kopbot/kopbot/store"
)

// QRISPayment is the payment gateway's notice that an invoice was paid, as web/ decoded it.
type QRISPayment struct {
	Reference     string // the invoice, QR-000001
	TransactionID string // the gateway's: the same id again is the same payment
	Amount        int64
	PaidAt        time.Time
	PayerName     string
	Issuer        string // the payer's wallet or bank
}

// QRISSettled is what settling a payment did.
type QRISSettled struct {
	Invoice   string
	Branch    string // the invoice's
	Duplicate bool   // the transaction had paid the invoice before: nothing more was credited
	Late      bool   // the notice came after the invoice expired, for a payment made in time
}

// SettleQRIS settles one payment notice: the invoice is marked paid, the member's account
// credited from the branch's QRIS settlement account and a receipt queued to the member,
// all in one transaction. The same transaction again credits nothing more and is Duplicate.
// An invoice that cannot take the payment is a *Refusal (NoInvoice, TransactionUsed,
// InvoicePaid, AmountMismatch, InvoiceExpired); an expired one is marked so even then. A notice
// that comes late for a payment made while the invoice was valid is credited all the same,
// and the branch's admins are told (Late).
func (o *Office) SettleQRIS(ctx context.Context, p QRISPayment) (QRISSettled, error) {
	// The gateway's words reach the member's receipt and staff's pages: capped and cleaned first.
	p.PayerName, p.Issuer = parse.OutsideText(p.PayerName, parse.NameMax), parse.OutsideText(p.Issuer, parse.NameMax)
	var out QRISSettled
	var refused error
	err := o.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		out, err = o.settleQRIS(ctx, tx, p)
		var r *Refusal
		if errors.As(err, &r) {
			refused = err // what was written before the refusal (an invoice marked expired) stays
			return nil
		}
		return err
	})
	if err != nil {
		return out, fmt.Errorf("settle QRIS payment %s: %w", p.TransactionID, err)
	}
	return out, refused
}

func (o *Office) settleQRIS(ctx context.Context, tx *store.Tx, p QRISPayment) (QRISSettled, error) {
	if prev, err := tx.InvoiceByTransaction(ctx, p.TransactionID); err == nil {
		if prev.Ref != p.Reference {
			return QRISSettled{}, &Refusal{Code: TransactionUsed, Subject: prev.Ref, Other: p.TransactionID}
		}
		return QRISSettled{Invoice: prev.Ref, Branch: prev.Branch, Duplicate: true}, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return QRISSettled{}, err
	}
	inv, err := tx.InvoiceByRef(ctx, p.Reference)
	if errors.Is(err, store.ErrNotFound) {
		return QRISSettled{}, &Refusal{Code: NoInvoice, Subject: p.Reference}
	}
	if err != nil {
		return QRISSettled{}, err
	}
	// Refused, but the payer's money moved: kept for staff, who are told once.
	switch {
	case inv.Status == store.InvoicePaid: // by another transaction (the same one is Duplicate above)
		return QRISSettled{Invoice: inv.Ref, Branch: inv.Branch}, o.keepUncredited(ctx, tx, inv, p, store.UncreditedPaidTwice,
			&Refusal{Code: InvoicePaid, Subject: inv.Ref})
	case inv.Amount != p.Amount:
		return QRISSettled{Invoice: inv.Ref, Branch: inv.Branch}, o.keepUncredited(ctx, tx, inv, p, store.UncreditedAmountDiffers,
			&Refusal{Code: AmountMismatch, Subject: inv.Ref, Max: inv.Amount, Got: p.Amount})
	}
	// A notice that arrives after the QR expired, for a payment made while it was valid, is
	// the gateway's delay, not the member's: it is credited, and the branch's admins told.
	late := inv.Expired(o.Now())
	if late && !paidWhileValid(inv, p.PaidAt) {
		return QRISSettled{Invoice: inv.Ref, Branch: inv.Branch}, o.paidAfterExpiry(ctx, tx, inv, p)
	}
	if p.PaidAt, err = o.sanePaidAt(ctx, tx, inv, p); err != nil {
		return QRISSettled{}, err
	}
	settlement, err := tx.SystemAccount(ctx, inv.Branch, store.AccountQRISSettlement)
	if err != nil {
		return QRISSettled{}, err
	}
	if _, _, err := tx.Post(ctx, store.Entry{Key: store.KeyQRIS.Key(p.TransactionID), Branch: inv.Branch, Kind: store.KindQRIS,
		Memo: store.Memo{Kind: store.MemoQRIS, Ref: inv.Ref}, AuthorKind: store.AuthorGateway, AuthorID: p.Issuer, At: p.PaidAt,
		Postings: []store.Posting{{Account: settlement.ID, Amount: -inv.Amount}, {Account: inv.AccountID, Amount: inv.Amount}}}); err != nil {
		return QRISSettled{}, err
	}
	if err := tx.MarkInvoicePaid(ctx, inv.ID, p.TransactionID, p.PayerName, p.Issuer, p.PaidAt); err != nil {
		return QRISSettled{}, err
	}
	m, err := tx.MemberByID(ctx, inv.MemberID)
	if err != nil {
		return QRISSettled{}, err
	}
	account, err := accountByID(ctx, tx, inv.MemberID, inv.AccountID)
	if err != nil {
		return QRISSettled{}, err
	}
	at := p.PaidAt.In(o.location())
	err = Notify(ctx, tx, inv.Branch, m.Phone, o.lang(""), func(msg catalog.Messages) string {
		return msg.QRISReceived(inv.Ref, inv.Amount, p.PayerName, p.Issuer, account.Number, account.Amount(), at)
	})
	if err != nil || !late {
		return QRISSettled{Invoice: inv.Ref, Branch: inv.Branch}, err
	}
	zerolog.Ctx(ctx).Warn().Str("invoice", inv.Ref).Time("paid_at", p.PaidAt).Time("valid_until", inv.ValidUntil).
		Msg("A QRIS notice came after its invoice expired, for a payment made while it was valid: credited, admins told.")
	err = o.tellAdmins(ctx, tx, inv.Branch, func(msg catalog.Messages) string {
		return msg.AdminQRISLate(inv.Ref, m.Name, inv.Amount, at, inv.ValidUntil.In(o.location()), o.Now().In(o.location()))
	})
	return QRISSettled{Invoice: inv.Ref, Branch: inv.Branch, Late: true}, err
}

// paidAfterExpiry refuses a payment made when inv's QR was no longer valid, and keeps it for
// the branch's staff: the payer's money moved, so it must not be lost with the refusal.
func (o *Office) paidAfterExpiry(ctx context.Context, tx *store.Tx, inv store.Invoice, p QRISPayment) error {
	if inv.Status == store.InvoicePending {
		if err := tx.MarkInvoiceExpired(ctx, inv.ID); err != nil {
			return err
		}
	}
	return o.keepUncredited(ctx, tx, inv, p, store.UncreditedExpired, &Refusal{Code: InvoiceExpired, Subject: inv.Ref, At: inv.ValidUntil})
}

// keepUncredited records p, a payment for inv that refusal refuses while the payer's money
// moved, for the branch's staff and tells its admins, once per transaction (a retried notice
// adds nothing); the member is not credited. It returns refusal, or what failed.
func (o *Office) keepUncredited(ctx context.Context, tx *store.Tx, inv store.Invoice, p QRISPayment, reason string, refusal *Refusal) error {
	now := o.Now()
	added, err := tx.RecordExpiredPayment(ctx, store.ExpiredPayment{Reason: reason, TransactionID: p.TransactionID, InvoiceID: inv.ID,
		Branch: inv.Branch, Amount: p.Amount, PayerName: p.PayerName, Issuer: p.Issuer, PaidAt: p.PaidAt, ReceivedAt: now})
	if err != nil {
		return err
	}
	if !added {
		return refusal // a retried notice: recorded and told before
	}
	m, err := tx.MemberByID(ctx, inv.MemberID)
	if err != nil {
		return err
	}
	zerolog.Ctx(ctx).Warn().Str("invoice", inv.Ref).Str("transaction_id", p.TransactionID).Str("reason", reason).Time("paid_at", p.PaidAt).
		Msg("A QRIS payment could not be credited while the payer paid: recorded for staff, admins told.")
	loc := o.location()
	err = o.tellAdmins(ctx, tx, inv.Branch, func(msg catalog.Messages) string {
		return msg.AdminQRISAfterExpiry(catalog.ExpiredPayment{Reason: reason, Ref: inv.Ref, Member: m.Name, Amount: p.Amount, Due: inv.Amount,
			Payer: p.PayerName, Issuer: p.Issuer, Transaction: p.TransactionID, PaidAt: p.PaidAt.In(loc), ValidUntil: inv.ValidUntil.In(loc),
			Arrived: now.In(loc)})
	})
	if err != nil {
		return err
	}
	return refusal
}

// paidWhileValid reports whether a payment at paidAt was made while inv could be paid.
func paidWhileValid(inv store.Invoice, paidAt time.Time) bool {
	return !paidAt.Before(inv.CreatedAt) && !paidAt.After(inv.ValidUntil)
}

// paidAtAhead is how far ahead of kopbot's clock a gateway's paid_at may be (its clock a
// little off) and still be booked as the gateway says.
const paidAtAhead = 10 * time.Minute

// sanePaidAt is when the payment is booked: the gateway's paid_at when it lies between the
// invoice's making and a little past now; otherwise now, the time kopbot got the notice. The
// payment itself is real (the notice is signed and the invoice unexpired by kopbot's clock),
// so it is credited rather than refused; the branch's staff are told of the time it claimed.
func (o *Office) sanePaidAt(ctx context.Context, tx *store.Tx, inv store.Invoice, p QRISPayment) (time.Time, error) {
	now := o.Now()
	if !p.PaidAt.Before(inv.CreatedAt) && !p.PaidAt.After(now.Add(paidAtAhead)) {
		return p.PaidAt, nil
	}
	zerolog.Ctx(ctx).Warn().Str("reference", inv.Ref).Str("transaction_id", p.TransactionID).Time("paid_at", p.PaidAt).
		Time("booked_at", now).Msg("A QRIS notice's paid_at is outside the invoice's life; it is booked at the time it arrived and staff are told.")
	loc := o.location()
	err := o.tellAdmins(ctx, tx, inv.Branch, func(msg catalog.Messages) string {
		return msg.AdminQRISPaidAtClamped(inv.Ref, inv.Amount, p.TransactionID, p.PaidAt.In(loc), now.In(loc))
	})
	return now, err
}

// DayTakings are a merchant's QRIS payments of one day.
type DayTakings struct {
	Day          time.Time // midnight
	Count, Total int64
}

// TakingsByDay lists a merchant's QRIS takings day by day, from from up to, not including,
// to (both midnights, in the time zone the days are counted in), a day without payments
// included as nothing: a chart has a bar, empty or not, for every day.
func TakingsByDay(ctx context.Context, tx *store.Tx, memberID int64, from, to time.Time) ([]DayTakings, error) {
	invoices, err := tx.PaidInvoicesBetween(ctx, memberID, from, to)
	if err != nil {
		return nil, err
	}
	paid := make([]store.PaidAmount, len(invoices))
	for i, inv := range invoices {
		paid[i] = store.PaidAmount{At: inv.PaidAt, Amount: inv.Amount}
	}
	return spreadByDay(from, to, paid)
}

// accountByID finds one of a member's savings accounts by id.
func accountByID(ctx context.Context, tx *store.Tx, memberID, id int64) (store.Account, error) {
	accounts, err := tx.AccountsOfMember(ctx, memberID, store.AccountSavings)
	if err != nil {
		return store.Account{}, err
	}
	for _, a := range accounts {
		if a.ID == id {
			return a, nil
		}
	}
	return store.Account{}, fmt.Errorf("account %d of member %d: %w", id, memberID, store.ErrNotFound)
}

// MerchantName is the merchant name (tag 59) of a static QRIS payload as members and staff are
// shown it: capped and cleaned (parse.OutsideText), for the payload is printed by an acquirer and
// reaches kopbot unread (members merchant -payload, branches[].qris_payload). "" when the payload
// does not decode or names no merchant.
func MerchantName(payload string) string {
	p, err := qris.Decode(payload)
	if err != nil {
		return ""
	}
	return parse.OutsideText(p.Value("59"), parse.NameMax)
}
