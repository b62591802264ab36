package main

import (
	"context"
	"fmt"
	"io"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

func tellerBreakDeposit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newTellerCommand("break-deposit", "Pays a time deposit out before its maturity into the member's savings account that receives\n"+
		"its interest, less the product's early_withdrawal_penalty (a share of the principal, to the\n"+
		"branch's fee income). Interest earned since it was last paid is forfeited. The deposit is\n"+
		"closed. A deposit closed already, or matured (the day's close pays it by its instruction), is refused.", stderr)
	rest, err := c.args(args, 1, "the time deposit's account, like 0105000004")
	if err != nil {
		return err
	}
	var b coop.DepositBreak
	if _, err := c.move(ctx, stdout, func(ctx context.Context, tx *store.Tx, app *App, op coop.TellerOp) (_ store.Receipt, err error) {
		b, err = coop.BreakDeposit(ctx, tx, op, rest[0], app.Now().In(app.Config.Location()))
		return b.Receipt, err
	}); err != nil {
		return err
	}
	if b.Receipt.Duplicate {
		alreadyDone(stdout, b.Receipt)
		return nil
	}
	fmt.Fprintf(stdout, "Withdrew time deposit %s (%s) before maturity: %s.\n", b.Deposit.Account.Number, b.Receipt.Member.Name, b.Receipt.Ref)
	fmt.Fprintf(stdout, "  Paid into %s (%s) %15s\n", b.Receipt.Account.Number, b.Receipt.Account.ProductName, parse.Rupiah(b.Receipt.Amount))
	fmt.Fprintf(stdout, "  Penalty to fee income %15s\n", parse.Rupiah(b.Penalty))
	fmt.Fprintf(stdout, "Interest forfeited: %s. The deposit is closed.\n", parse.Rupiah(b.Forfeited))
	toldLine(stdout, b.Receipt.Member)
	return nil
}
