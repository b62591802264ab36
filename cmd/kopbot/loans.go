package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// Loans after approval: where each stands (status, days past due, grade) and the
// collateral staff record on them.

var loanLifeStatuses = []string{string(store.LoanApproved), string(store.LoanActive), string(store.LoanPaid), string(store.LoanWrittenOff)}

func loansList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("loans", "list", "Lists loans with what each still owes, its days past due and collectibility grade as of the\n"+
		"last day closed (the most days past due first), then how many active loans each branch has\n"+
		"in each grade.", stderr)
	status := c.fs.String("status", string(store.LoanActive), "`status` of the loans listed: "+strings.Join(loanLifeStatuses, ", "))
	branch := c.fs.String("branch", "", "only this branch's loans (`ID`)")
	if err := c.parseNone(args); err != nil {
		return err
	}
	if !slices.Contains(loanLifeStatuses, *status) {
		return fmt.Errorf("loans list: -status is one of %s, not %q", strings.Join(loanLifeStatuses, ", "), *status)
	}
	ctx, app, err := c.openBranch(ctx, *branch)
	if err != nil {
		return err
	}
	defer app.Close()
	return app.DB.View(ctx, func(tx *store.Tx) error {
		loans, err := tx.LoansOf(ctx, *branch, store.LoanStatus(*status))
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		if len(loans) == 0 {
			fmt.Fprintf(tw, "No %s loans.\n", *status)
		} else {
			fmt.Fprintln(tw, "LOAN\tMEMBER\tNAME\tPRODUCT\tPRINCIPAL\tOWED\tFROM\tDAYS PAST DUE\tGRADE")
		}
		for _, l := range loans {
			m, err := tx.MemberByID(ctx, l.Account.MemberID)
			if err != nil {
				return err
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", l.Account.Number, memberRef(m), m.Name, l.Account.ProductCode,
				parse.Rupiah(l.Principal), parse.Rupiah(l.Account.Amount()), loanFrom(l), l.DaysPastDue, gradeText(l))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		return writeGradeCounts(ctx, tx, stdout, *branch)
	})
}

// loanFrom is the day an approved loan was approved, or a loan's disbursement day.
func loanFrom(l store.Loan) string {
	if l.Status == store.LoanApproved {
		return "approved " + l.Start.Format(time.DateOnly)
	}
	return l.Start.Format(time.DateOnly)
}

func gradeText(l store.Loan) string {
	if l.Status != store.LoanActive {
		return "-"
	}
	return fmt.Sprintf("%s (%s)", l.Grade, coop.GradeNames[l.Grade])
}

// writeGradeCounts prints how many active loans each branch has in each grade, and what they owe.
func writeGradeCounts(ctx context.Context, tx *store.Tx, w io.Writer, branch string) error {
	counts, err := tx.GradeCounts(ctx, branch)
	if err != nil || len(counts) == 0 {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\nActive loans by grade\nBRANCH\tGRADE\tLOANS\tOWED")
	for _, c := range counts {
		fmt.Fprintf(tw, "%s\t%s (%s)\t%d\t%s\n", c.Branch, c.Grade, coop.GradeNames[c.Grade], c.Loans, parse.Rupiah(c.Outstanding))
	}
	return tw.Flush()
}

func loansShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("loans", "show", "Shows one loan: its member, terms, status, schedule so far, days past due and grade, and\n"+
		"the collateral recorded on it.", stderr)
	number, err := c.parseOne(args, "loan account number", "0106000003")
	if err != nil {
		return err
	}
	return c.view(ctx, func(ctx context.Context, tx *store.Tx, app *App) error {
		l, err := tx.LoanByAccount(ctx, digits(number))
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("loans show: no loan is held in account %s", store.MaskNumber(digits(number)))
		} else if err != nil {
			return err
		}
		return writeLoan(ctx, tx, stdout, l, app.Config.Location())
	})
}

// writeLoan prints a loan as staff look it up.
func writeLoan(ctx context.Context, tx *store.Tx, w io.Writer, l store.Loan, loc *time.Location) error {
	m, err := tx.MemberByID(ctx, l.Account.MemberID)
	if err != nil {
		return err
	}
	sched, err := tx.Installments(ctx, l.ID)
	if err != nil {
		return err
	}
	collateral, err := tx.CollateralOf(ctx, l.ID)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Loan\t%s, %s\n", l.Account.Number, l.Account.ProductName)
	fmt.Fprintf(tw, "Member\t%s %s\n", memberRef(m), m.Name)
	fmt.Fprintf(tw, "Terms\t%s over %d months, %s %s a year\n", parse.Rupiah(l.Principal), l.TenorMonths, l.Method, rateText(l.RateBP))
	switch l.Status {
	case store.LoanApproved:
		fmt.Fprintf(tw, "Status\tapproved %s, waiting for the disbursement (kopbot teller disburse %s SAVINGS-ACCOUNT)\n", l.Start.Format(time.DateOnly), l.Account.Number)
	default:
		paid := 0
		for _, in := range sched {
			if in.Paid >= in.Total() {
				paid++
			}
		}
		disbursed := l.Start.Format(time.DateOnly)
		if !l.DisbursedAt.IsZero() {
			disbursed = l.DisbursedAt.In(loc).Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "Status\t%s; disbursed %s\n", l.Status, disbursed)
		fmt.Fprintf(tw, "Owed\t%s principal; %d of %d installments paid\n", parse.Rupiah(l.Account.Amount()), paid, len(sched))
		for _, in := range sched {
			if in.Paid < in.Total() {
				fmt.Fprintf(tw, "Next installment\t%d, due %s: %s\n", in.No, in.Due.Format(time.DateOnly), parse.Rupiah(in.Total()-in.Paid))
				break
			}
		}
		fmt.Fprintf(tw, "Days past due\t%d, grade %s\n", l.DaysPastDue, gradeText(l))
	}
	if len(collateral) == 0 {
		fmt.Fprintf(tw, "Collateral\tnone recorded (kopbot loans collateral %s -kind KIND -value AMOUNT -description \"...\")\n", l.Account.Number)
	}
	for i, c := range collateral {
		label := ""
		if i == 0 {
			label = "Collateral"
		}
		fmt.Fprintf(tw, "%s\t%s: %s, estimated %s (recorded %s by %s)\n", label, c.Kind, c.Description, parse.Rupiah(c.Value),
			c.RecordedAt.In(loc).Format(time.DateOnly), c.RecordedBy)
	}
	return tw.Flush()
}

func loansCollateral(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("loans", "collateral", "Records collateral (jaminan) the borrower pledged for an approved or active loan: its kind\n"+
		"("+strings.Join(coop.CollateralKinds, ", ")+", or another), a description to find it by, and its\n"+
		"estimated value. A loan may have several; each is recorded once per run.", stderr)
	kind := c.fs.String("kind", "", "what it is: "+strings.Join(coop.CollateralKinds, ", "))
	description := c.fs.String("description", "", `what identifies it, like "BPKB Honda Beat D 1234 AB a.n. Agus Wijaya"`)
	value := c.fs.String("value", "0", "its estimated value, like 15jt or 15.000.000")
	by := c.fs.String("by", "cli", "`name` of the staff member who records it")
	number, err := c.parseOne(args, "loan account number", "0106000003")
	if err != nil {
		return err
	}
	amount, err := parse.Amount(*value)
	if err != nil && strings.TrimSpace(*value) != "0" {
		return fmt.Errorf("loans collateral: -value: %w (write it like 15.000.000 or 15jt)", err)
	}
	return c.update(ctx, "loans collateral", func(ctx context.Context, tx *store.Tx, app *App) error {
		got, err := coop.RecordCollateral(ctx, tx, number, store.Collateral{Kind: *kind, Description: *description, Value: amount}, coop.Named(*by))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Recorded on loan %s: %s, %s, estimated %s.\n", digits(number), got.Kind, got.Description, parse.Rupiah(got.Value))
		return nil
	})
}

// digits is an account number as staff typed it, without spaces, dots or dashes.
func digits(s string) string {
	return strings.NewReplacer(" ", "", ".", "", "-", "").Replace(strings.TrimSpace(s))
}

func tellerWriteOff(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newTellerCommand("write-off", "Writes an active loan off (hapus buku): the principal still owed comes off the loan account\n"+
		"against the branch's equity account, and the loan is written off (no more reminders, grades or\n"+
		"payments). The debt stands; the member is not told. A write-off is not reversed.", stderr)
	reason := c.fs.String("reason", "", "why, for the books (required)")
	rest, err := c.args(args, 1, "the loan account, like 0106000003")
	if err != nil {
		return err
	}
	if strings.TrimSpace(*reason) == "" {
		return errors.New(`teller write-off: -reason is required: it is kept with the write-off, like -reason "Macet sejak 2025, usaha tutup"`)
	}
	r, err := c.move(ctx, stdout, func(ctx context.Context, tx *store.Tx, _ *App, op coop.TellerOp) (store.Receipt, error) {
		return coop.WriteOffLoan(ctx, tx, op, rest[0], *reason)
	})
	if err != nil {
		return err
	}
	if r.Duplicate {
		alreadyDone(stdout, r)
		return nil
	}
	fmt.Fprintf(stdout, "Wrote off loan %s (%s): %s of principal against the branch's equity, %s. The member is not told.\n",
		r.Loan.Number, r.Member.Name, parse.Rupiah(r.Amount), r.Ref)
	return nil
}
