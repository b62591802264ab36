package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// qrisExpired lists the payments the gateway reported that could not be credited (made after
// their QR expired, a second payment of a paid QR, another amount): the payer's money moved
// but the member was not credited, so each is staff's to settle.
func qrisExpired(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("qris", "expired", "Lists QRIS payments that could not be credited although the payer paid (made after their QR\n"+
		"expired, a second payment of a QR already paid, or another amount than the QR's), newest notice\n"+
		"first: refund the payer through the payment provider, or credit the member at the teller, then\n"+
		"record it with kopbot qris settle ID. Only those still to settle are listed; -all lists those\n"+
		"settled too, after them.", stderr)
	branch := c.fs.String("branch", "", "only this branch's `id` (default: every branch)")
	all := c.fs.Bool("all", false, "list the payments settled too, with who settled them, how and when")
	if err := c.parseNone(args); err != nil {
		return err
	}
	return c.view(ctx, func(ctx context.Context, tx *store.Tx, app *App) error {
		if _, err := app.branch(*branch); *branch != "" && err != nil {
			return fmt.Errorf("qris expired: %w", err)
		}
		ps, err := tx.ExpiredPayments(ctx, *branch)
		if err != nil {
			return err
		}
		loc := app.Config.Location()
		shown := 0
		for _, p := range ps {
			if p.Settled.How != "" && !*all {
				continue
			}
			shown++
			fmt.Fprintf(stdout, "%d. %s (%s) Rp%d %s, paid %s by %q (%s), transaction %s; notice received %s; %s\n", p.ID, p.Invoice, p.Branch, p.Amount,
				uncreditedWhy[p.Reason],
				p.PaidAt.In(loc).Format("2006-01-02 15:04"), p.PayerName, p.Issuer, p.TransactionID, p.ReceivedAt.In(loc).Format("2006-01-02 15:04"),
				settledState(p.Settled, loc))
		}
		if shown == 0 {
			fmt.Fprintln(stdout, "No QRIS payment is waiting to be settled by hand.")
		}
		return nil
	})
}

// settledState says whether a payment not credited was settled, and by whom, how and when.
func settledState(s store.Settlement, loc *time.Location) string {
	if s.How == "" {
		return "NOT SETTLED"
	}
	note := ""
	if s.Note != "" {
		note = fmt.Sprintf(" (%q)", s.Note)
	}
	return fmt.Sprintf("settled: %s by %s at %s%s", s.How, s.By, s.At.In(loc).Format("2006-01-02 15:04"), note)
}

// uncreditedWhy says why a QRIS payment was not credited, by its store.Uncredited* reason.
var uncreditedWhy = map[string]string{
	store.UncreditedExpired:       "after its QR expired",
	store.UncreditedPaidTwice:     "a second payment of a QR already paid",
	store.UncreditedAmountDiffers: "another amount than the QR's",
}

// qrisSettle records that a QRIS payment not credited was settled by hand, as -by.
func qrisSettle(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("qris", "settle", "Records that a QRIS payment not credited (kopbot qris expired) was settled by hand: -how\n"+
		"refunded (the payer's money given back through the payment provider) or credited (the member\n"+
		"credited at the teller). Once: a payment settled before is refused, naming who settled it.", stderr)
	how := c.fs.String("how", "", "`refunded` or credited")
	note := c.fs.String("note", "", "a short `text` for the record: the provider's refund number, the teller's journal reference")
	by := c.fs.String("by", "", "`username` of the staff member who settled it, recorded in the audit log")
	arg, err := c.parseOne(args, "payment ID (the number kopbot qris expired starts a line with)", "3")
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("qris settle: %q is not a payment ID (the number kopbot qris expired starts a line with)", arg)
	}
	if h := store.SettleHow(*how); !h.Valid() {
		return fmt.Errorf("qris settle: -how %q: say refunded (given back to the payer) or credited (credited to the member at the teller)", *how)
	}
	if *by = strings.TrimSpace(*by); *by == "" {
		return fmt.Errorf("qris settle: -by is empty; say who settled it (a staff username)")
	}
	var p store.ExpiredPayment
	err = c.update(ctx, "qris settle "+arg, func(ctx context.Context, tx *store.Tx, app *App) (err error) {
		staff, err := coop.Resolve(ctx, tx, coop.Named(*by))
		if err != nil {
			return err
		}
		if !strings.HasPrefix(string(staff), "staff:") {
			return fmt.Errorf("qris settle: -by %q is no active staff account (kopbot staff list); the audit log names who settled it", *by)
		}
		p, err = coop.SettleUncreditedQRIS(ctx, tx, staff, id, store.SettleHow(*how), *note)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Settled %s (%s, Rp%d): %s by %s.\n", coop.QRISPaymentSubject(p), p.Invoice, p.Amount, p.Settled.How, p.Settled.By)
	return nil
}
