package main

import (
	"context"
	"fmt"
	"io"
	"strings"

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

// instructionWords are the instructions as staff type them.
var instructionWords = map[string]store.DepositInstruction{
	"aro-pokok": store.AROPrincipal, "aro-total": store.AROTotal, "cair": store.PayOut,
}

func tellerDepositInstruction(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("teller", "deposit-instruction", "Changes what a time deposit does at its next maturity, at the member's request: aro-pokok\n"+
		"(renew the principal, the interest into savings), aro-total (renew principal and interest) or\n"+
		"cair (pay it all into savings and close it). The member is told. A deposit closed or matured\n"+
		"already is refused.", stderr)
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) != 2 || instructionWords[strings.ToLower(rest[1])] == "" {
		c.fs.Usage()
		return fmt.Errorf("teller deposit-instruction: give the time deposit's account and aro-pokok, aro-total or cair, like 0105000004 cair")
	}
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	var d store.TimeDeposit
	err = app.DB.Update(ctx, func(tx *store.Tx) (err error) {
		d, err = coop.ChangeInstruction(ctx, tx, app.Config.Language, rest[0], instructionWords[strings.ToLower(rest[1])], app.Now().In(app.Config.Location()))
		return err
	})
	if err != nil {
		return fmt.Errorf("teller deposit-instruction: %w", err)
	}
	fmt.Fprintf(stdout, "Time deposit %s matures %s; then: %s. The member is told of a change.\n", d.Account.Number, d.Maturity.Format("2006-01-02"),
		strings.ReplaceAll(string(d.Instruction), "_", " "))
	return nil
}
