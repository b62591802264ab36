package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// tellerCommand is one `kopbot teller X`: the flags every teller subcommand takes.
type tellerCommand struct {
	*subcommand
	name string
	key  *string
	by   *string
}

func newTellerCommand(name, doc string, stderr io.Writer) *tellerCommand {
	c := &tellerCommand{subcommand: newSubcommand("teller", name, doc, stderr), name: name}
	c.key = c.fs.String("key", "", "the movement's idempotency `key`: the same key twice moves money once (default: a fresh one, printed)")
	c.by = c.fs.String("by", "cli", "`name` of the staff member at the counter, recorded with the movement")
	return c
}

// args reads the flags and checks that exactly n arguments were given, which it returns.
func (c *tellerCommand) args(args []string, n int, example string) ([]string, error) {
	rest, err := c.parse(args)
	if err != nil || len(rest) == n {
		return rest, err
	}
	c.fs.Usage()
	if len(rest) < n {
		return nil, fmt.Errorf("teller %s: give %s", c.name, example)
	}
	return nil, fmt.Errorf("teller %s: unexpected %q (give %s; put a memo or reason in quotes)", c.name, strings.Join(rest[n:], " "), example)
}

// op is the teller operation under the given or a fresh key; a fresh key is printed first,
// so the command can be run again safely whatever happens next.
func (c *tellerCommand) op(app *App, stdout io.Writer) (coop.TellerOp, error) {
	key := strings.TrimSpace(*c.key)
	if key == "" {
		b := make([]byte, 6)
		if _, err := rand.Read(b); err != nil {
			return coop.TellerOp{}, fmt.Errorf("make a key: %w", err)
		}
		key = store.KeyTeller.Key(c.name, hex.EncodeToString(b))
		fmt.Fprintf(stdout, "Key %s (to run this again safely: -key %s)\n", key, key)
	}
	by := strings.TrimSpace(*c.by)
	if by == "" {
		return coop.TellerOp{}, fmt.Errorf("teller %s: -by is empty; say who is at the counter", c.name)
	}
	return coop.TellerOp{Key: key, By: coop.Named(by), Lang: app.Config.Language, Loc: app.Config.Location(), LateFeeBP: app.Runner.Rules.LateFeeBP}, nil
}

// move opens the app, makes the operation under its key and, in one transaction, makes the
// movement; a failure names the command. The receipt says whether the key was used before.
func (c *tellerCommand) move(ctx context.Context, stdout io.Writer,
	do func(ctx context.Context, tx *store.Tx, app *App, op coop.TellerOp) (store.Receipt, error)) (store.Receipt, error) {
	ctx, app, err := c.open(ctx)
	if err != nil {
		return store.Receipt{}, err
	}
	defer app.Close()
	op, err := c.op(app, stdout)
	if err != nil {
		return store.Receipt{}, err
	}
	var r store.Receipt
	err = app.DB.Update(ctx, func(tx *store.Tx) (err error) {
		r, err = do(ctx, tx, app, op)
		return err
	})
	if err != nil {
		return r, fmt.Errorf("teller %s: %w", c.name, err)
	}
	return r, nil
}

func tellerAmount(name, s string) (int64, error) {
	n, err := parse.Amount(s)
	if err != nil {
		return 0, fmt.Errorf("teller %s: %w (write it like 1.500.000, Rp1.500.000 or 1,5jt)", name, err)
	}
	return n, nil
}

// alreadyDone is what a second run with the same key says.
func alreadyDone(w io.Writer, r store.Receipt) {
	fmt.Fprintf(w, "Already done with key %s: %s (%s) on %s. Nothing moved this time, and nobody was told again.\n",
		r.Key, r.Ref, catalog.MemoText("en", r.Memo), r.At.Format("2006-01-02 15:04"))
}

func toldLine(w io.Writer, m store.Member) {
	if m.ID != 0 {
		fmt.Fprintf(w, "%s is told on WhatsApp (%s).\n", m.Name, m.Phone)
	}
}

func tellerCash(ctx context.Context, in bool, args []string, stdout, stderr io.Writer) error {
	name, doc := "deposit", "Puts cash paid in at the counter into a member's savings account (simpanan pokok and wajib too)."
	if !in {
		name, doc = "withdraw", "Pays cash out of a member's savings account: at most the balance less what is held less the\n"+
			"product's minimum balance. Simpanan pokok and wajib stay until the member leaves."
	}
	c := newTellerCommand(name, doc, stderr)
	memo := c.fs.String("memo", "", "a note the member sees with the movement, as written (without one they read what the movement is, in their language)")
	rest, err := c.args(args, 2, "the account number and the amount, like 0104000005 1.500.000")
	if err != nil {
		return err
	}
	amount, err := tellerAmount(name, rest[1])
	if err != nil {
		return err
	}
	var r store.Receipt
	var held bool
	if in {
		r, err = c.move(ctx, stdout, func(ctx context.Context, tx *store.Tx, _ *App, op coop.TellerOp) (store.Receipt, error) {
			return coop.CashDeposit(ctx, tx, op, rest[0], amount, *memo)
		})
	} else {
		r, held, err = c.guarded(ctx, stdout, coop.CashOut(rest[0], amount, *memo))
	}
	if err != nil || held {
		return err
	}
	if r.Duplicate {
		alreadyDone(stdout, r)
		return nil
	}
	verb, prep := "Deposited", "into"
	if !in {
		verb, prep = "Withdrew", "from"
	}
	fmt.Fprintf(stdout, "%s %s %s %s (%s, %s): %s.\n", verb, parse.Rupiah(r.Amount), prep, r.Account.Number, r.Account.ProductName, r.Member.Name, r.Ref)
	fmt.Fprintf(stdout, "Balance now %s.\n", parse.Rupiah(r.Account.Amount()))
	if r.Memo.Note != "" {
		fmt.Fprintf(stdout, "Note for the member: %s\n", r.Memo.Note)
	}
	toldLine(stdout, r.Member)
	return nil
}

func tellerDisburse(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newTellerCommand("disburse", "Pays an approved loan out into the borrower's own savings account at the akad: the loan account\n"+
		"is debited with the principal, the savings credited, less the product's fees (provisi, administration,\n"+
		"insurance) or with the fees debited right after (fee_collection: charge). The schedule runs from\n"+
		"today. A loan is disbursed once.", stderr)
	rest, err := c.args(args, 2, "the loan account and the savings account, like 0106000003 0104000005")
	if err != nil {
		return err
	}
	r, held, err := c.guarded(ctx, stdout, coop.Disbursement(rest[0], rest[1]))
	if err != nil || held {
		return err
	}
	if r.Duplicate {
		alreadyDone(stdout, r)
		return nil
	}
	fmt.Fprintf(stdout, "Disbursed loan %s of %s into %s (%s, %s): %s.\n", r.Loan.Number, parse.Rupiah(r.Amount), r.Account.Number, r.Account.ProductName, r.Member.Name, r.Ref)
	fmt.Fprintf(stdout, "Savings balance now %s.\n", parse.Rupiah(r.Account.Amount()))
	toldLine(stdout, r.Member)
	return nil
}

func tellerPayInstallment(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newTellerCommand("pay-installment",
		"Takes an installment payment. It goes installment by installment, oldest first: the late fee,\n"+
			"then the interest, then the principal. Without -amount it is what is due today: every overdue\n"+
			"installment with its late fees, or else the next installment. More than the loan still owes is\n"+
			"refused. A loan with nothing left to pay is marked paid.", stderr)
	amountFlag := c.fs.String("amount", "", "how much the member pays (default: what is due today)")
	from := c.fs.String("from", "cash", "where the money comes from: cash, or the borrower's savings account number")
	rest, err := c.args(args, 1, "the loan account, like 0106000003")
	if err != nil {
		return err
	}
	var amount int64
	if strings.TrimSpace(*amountFlag) != "" {
		if amount, err = tellerAmount("pay-installment", *amountFlag); err != nil {
			return err
		}
	}
	source := coop.PayCash
	if f := strings.TrimSpace(*from); !strings.EqualFold(f, "cash") && !strings.EqualFold(f, "tunai") {
		source = coop.PayFromSavings(f)
	}
	var p store.Payment
	if _, err := c.move(ctx, stdout, func(ctx context.Context, tx *store.Tx, app *App, op coop.TellerOp) (_ store.Receipt, err error) {
		p, err = coop.PayInstallments(ctx, tx, op, rest[0], source, amount, app.Now().In(app.Config.Location()))
		return p.Receipt, err
	}); err != nil {
		return err
	}
	if p.Duplicate {
		alreadyDone(stdout, p.Receipt)
		return nil
	}
	took(stdout, p.Receipt, p.LateFees, p.Interest, p.Principal)
	if len(p.Cleared) > 0 {
		nos := make([]string, len(p.Cleared))
		for i, no := range p.Cleared {
			nos[i] = fmt.Sprint(no)
		}
		fmt.Fprintf(stdout, "Installments paid in full: %s.\n", strings.Join(nos, ", "))
	}
	fmt.Fprintf(stdout, "Principal still owed: %s.\n", parse.Rupiah(p.Remaining))
	switch {
	case p.Settled:
		fmt.Fprintln(stdout, "The loan is paid off.")
	case p.Overdue > 0:
		fmt.Fprintf(stdout, "Still overdue: %s, %s with late fees.\n", countOf(p.Overdue, "installment", "installments"), parse.Rupiah(p.Arrears))
	case p.Next.No != 0:
		fmt.Fprintf(stdout, "Next: installment %d, %s, due %s.\n", p.Next.No, parse.Rupiah(p.Next.Total()), p.Next.Due.Format(time.DateOnly))
	}
	toldLine(stdout, p.Member)
	return nil
}

// took says what a payment on a loan took, from where, and how it was split.
func took(w io.Writer, r store.Receipt, lateFees, interest, principal int64) {
	how := "in cash"
	if r.Account.ID != 0 {
		how = "from " + r.Account.Number + " (" + r.Account.ProductName + ")"
	}
	fmt.Fprintf(w, "Took %s %s for loan %s (%s): %s.\n", parse.Rupiah(r.Amount), how, r.Loan.Number, r.Member.Name, r.Ref)
	for _, part := range []struct {
		what   string
		amount int64
	}{{"Late fees", lateFees}, {"Interest", interest}, {"Principal", principal}} {
		fmt.Fprintf(w, "  %-9s %15s\n", part.what, parse.Rupiah(part.amount))
	}
}

func tellerReverse(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newTellerCommand("reverse", "Undoes a movement with a new journal transaction that negates each of its postings; the\n"+
		"original stays as it was. An installment payment also comes off the schedule (the latest\n"+
		"payment on a loan first). A movement is reversed once. Each member whose accounts move is\n"+
		"told, with the reason. JOURNAL-KEY is the movement's key, or its reference (TRX-000123).", stderr)
	reason := c.fs.String("reason", "", "why, in words the member understands (required)")
	rest, err := c.args(args, 1, "the journal key or reference, like TRX-000123")
	if err != nil {
		return err
	}
	if err := checkReason(*reason, "member", "Setoran tercatat dua kali"); err != nil {
		return fmt.Errorf("teller reverse: %w", err)
	}
	r, held, err := c.guarded(ctx, stdout, coop.Reversal(rest[0], *reason))
	if err != nil || held {
		return err
	}
	if r.Duplicate {
		fmt.Fprintf(stdout, "Already done with key %s: %s was reversed by %s on %s. Nothing moved this time, and nobody was told again.\n",
			*c.key, r.Reverses, r.Ref, r.At.Format("2006-01-02 15:04"))
		return nil
	}
	fmt.Fprintf(stdout, "Reversed %s with %s (journal key %s):\n", r.Reverses, r.Ref, r.Key)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, l := range r.Lines {
		owner := l.Account.Name
		if l.Account.MemberID != 0 {
			owner = l.Account.ProductName
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\tnow %s\n", l.Account.Number, owner, signedRupiah(l), parse.Rupiah(l.Account.Amount()))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if r.Member.ID != 0 {
		fmt.Fprintln(stdout, "Each member whose accounts moved is told on WhatsApp, with the reason.")
	}
	return nil
}

// signedRupiah is how a posting moved its account as the account's owner reads it.
func signedRupiah(l store.PostedLine) string {
	n := l.Amount
	if l.Account.Normal == store.Debit {
		n = -n
	}
	if n > 0 {
		return "+" + parse.Rupiah(n)
	}
	return parse.Rupiah(n)
}

func tellerDeposit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return tellerCash(ctx, true, args, stdout, stderr)
}

func tellerWithdraw(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return tellerCash(ctx, false, args, stdout, stderr)
}
