package main

import (
	"context"
	"fmt"
	"io"

	"github.com/kopbot/kopbot/store"
)

// qrisExpired lists the payments the gateway reported that could not be credited (made after
// their QR expired, a second payment of a paid QR, another amount): the payer's money moved
// but the member was not credited, so each is staff's to settle.
func qrisExpired(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("qris", "expired", "Lists QRIS payments that could not be credited although the payer paid (made after their QR\n"+
		"expired, a second payment of a QR already paid, or another amount than the QR's), newest notice\n"+
		"first: refund the payer through the payment provider, or credit the member at the teller.", stderr)
	branch := c.fs.String("branch", "", "only this branch's `id` (default: every branch)")
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
		if len(ps) == 0 {
			fmt.Fprintln(stdout, "No QRIS payment is waiting to be settled by hand.")
		}
		loc := app.Config.Location()
		for _, p := range ps {
			fmt.Fprintf(stdout, "%s (%s) Rp%d %s, paid %s by %q (%s), transaction %s; notice received %s\n", p.Invoice, p.Branch, p.Amount,
				uncreditedWhy[p.Reason],
				p.PaidAt.In(loc).Format("2006-01-02 15:04"), p.PayerName, p.Issuer, p.TransactionID, p.ReceivedAt.In(loc).Format("2006-01-02 15:04"))
		}
		return nil
	})
}

// uncreditedWhy says why a QRIS payment was not credited, by its store.Uncredited* reason.
var uncreditedWhy = map[string]string{
	store.UncreditedExpired:       "after its QR expired",
	store.UncreditedPaidTwice:     "a second payment of a QR already paid",
	store.UncreditedAmountDiffers: "another amount than the QR's",
}
