package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/kopbot/kopbot/store"
)

// qrisExpired lists the payments the gateway said were made after their QR expired: the
// payer's money moved but the member was not credited, so each is staff's to settle.
func qrisExpired(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("qris", "expired", "Lists QRIS payments made after their QR expired, newest notice first. They were not credited:\n"+
		"refund the payer through the payment provider, or credit the member at the teller.", stderr)
	branch := c.fs.String("branch", "", "only this branch's `id` (default: every branch)")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("qris expired: unexpected %q", strings.Join(rest, " "))
	}
	ctx, app, err := c.openBranch(ctx, *branch)
	if err != nil {
		return err
	}
	defer app.Close()
	loc := app.Config.Location()
	return app.DB.View(ctx, func(tx *store.Tx) error {
		ps, err := tx.ExpiredPayments(ctx, *branch)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			fmt.Fprintln(stdout, "No QRIS payment was made after its QR expired.")
			return nil
		}
		for _, p := range ps {
			fmt.Fprintf(stdout, "%s (%s) Rp%d paid %s by %q (%s), transaction %s; notice received %s\n", p.Invoice, p.Branch, p.Amount,
				p.PaidAt.In(loc).Format("2006-01-02 15:04"), p.PayerName, p.Issuer, p.TransactionID, p.ReceivedAt.In(loc).Format("2006-01-02 15:04"))
		}
		return nil
	})
}
