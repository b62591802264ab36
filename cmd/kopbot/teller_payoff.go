package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// kopbot teller payoff-quote and repay-early: a loan repaid early at the counter (pelunasan).

func tellerPayoffQuote(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("teller", "payoff-quote", "Says what paying a loan off costs on a day: the principal still owed, the interest of the\n"+
		"installments due and of the current period to the day (pro rata by days), and the late fees.\n"+
		"Nothing moves.", stderr)
	date := c.fs.String("date", "", "the day, YYYY-MM-DD (default: today)")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		c.fs.Usage()
		return fmt.Errorf("teller payoff-quote: give the loan account, like 0106000003")
	}
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	loc := app.Config.Location()
	day := app.Now().In(loc)
	if strings.TrimSpace(*date) != "" {
		if day, err = time.ParseInLocation(time.DateOnly, strings.TrimSpace(*date), loc); err != nil {
			return fmt.Errorf("teller payoff-quote: -date %q: write it like 2026-11-21", *date)
		}
	}
	var q store.PayoffQuote
	err = app.DB.View(ctx, func(tx *store.Tx) (err error) {
		q, err = coop.PayoffQuote(ctx, tx, rest[0], day, app.Runner.Rules.LateFeeBP)
		return err
	})
	if err != nil {
		return fmt.Errorf("teller payoff-quote: %w", err)
	}
	fmt.Fprintf(stdout, "Loan %s (%s), paid off on %s:\n", q.Loan.Account.Number, q.Loan.Account.ProductName, q.Day.Format(time.DateOnly))
	for _, part := range []struct {
		what   string
		amount int64
	}{{"Principal", q.Principal}, {"Interest", q.Interest}, {"Late fees", q.LateFees}, {"Total", q.Total}} {
		fmt.Fprintf(stdout, "  %-9s %15s\n", part.what, parse.Rupiah(part.amount))
	}
	if q.Left > 0 {
		fmt.Fprintf(stdout, "Installments not yet due: %d, the next %s, the last due %s.\n", q.Left, parse.Rupiah(q.Installment), q.LastDue.Format(time.DateOnly))
	}
	if q.Least < q.Total {
		fmt.Fprintf(stdout, "A partial repayment is at least %s (prepayment: %s).\n", parse.Rupiah(q.Least), q.Option)
	}
	return nil
}

func tellerRepayEarly(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newTellerCommand("repay-early", "Repays a loan early. AMOUNT \"all\" (or the payoff amount) pays it off: every installment is\n"+
		"settled and the loan is paid. Less is a partial repayment: what is due first (late fees,\n"+
		"interest, principal), then principal with its interest to date; the installments not yet due\n"+
		"are rewritten as the product's prepayment setting says (shorten_tenor or lower_installment).", stderr)
	from := c.fs.String("from", "cash", "where the money comes from: cash, or the borrower's savings account number")
	rest, err := c.args(args, 2, "the loan account and the amount (or all), like 0106000003 2.000.000")
	if err != nil {
		return err
	}
	var amount int64
	if all := strings.EqualFold(rest[1], "all") || strings.EqualFold(rest[1], "semua"); !all {
		if amount, err = tellerAmount("repay-early", rest[1]); err != nil {
			return err
		}
	}
	source := coop.PayCash
	if f := strings.TrimSpace(*from); !strings.EqualFold(f, "cash") && !strings.EqualFold(f, "tunai") {
		source = coop.PayFromSavings(f)
	}
	var r store.EarlyRepayment
	if _, err := c.move(ctx, stdout, func(ctx context.Context, tx *store.Tx, app *App, op coop.TellerOp) (_ store.Receipt, err error) {
		today := app.Now().In(app.Config.Location())
		if amount == 0 {
			q, err := coop.PayoffQuote(ctx, tx, rest[0], today, op.LateFeeBP)
			if err != nil {
				return store.Receipt{}, err
			}
			amount = q.Total
		}
		r, err = coop.RepayEarly(ctx, tx, op, rest[0], source, amount, today)
		return r.Receipt, err
	}); err != nil {
		return err
	}
	if r.Duplicate {
		alreadyDone(stdout, r.Receipt)
		return nil
	}
	took(stdout, r.Receipt, r.LateFees, r.Interest, r.Principal)
	fmt.Fprintf(stdout, "Principal still owed: %s.\n", parse.Rupiah(r.Remaining))
	if r.Full {
		fmt.Fprintln(stdout, "The loan is paid off.")
	} else {
		fmt.Fprintf(stdout, "Installments left: %d, the next %s, the last due %s.\n", r.Left, parse.Rupiah(r.Installment), r.LastDue.Format(time.DateOnly))
	}
	toldLine(stdout, r.Member)
	return nil
}
