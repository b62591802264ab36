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

// Loan applications members make on WhatsApp, for staff to decide.

var loanStatuses = []string{string(store.ApplicationPending), string(store.ApplicationApproved), string(store.ApplicationRejected)}

func membersLoans(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "loans", "Lists loan applications, oldest first.", stderr)
	status := c.fs.String("status", "", "only applications with this `status`: "+strings.Join(loanStatuses, ", "))
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("members loans: unexpected %q", strings.Join(rest, " "))
	}
	*status = strings.ToLower(strings.TrimSpace(*status))
	if *status != "" && !slices.Contains(loanStatuses, *status) {
		return fmt.Errorf("members loans: -status %q is not a status (write one of %s)", *status, strings.Join(loanStatuses, ", "))
	}
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	loc := app.Config.Location()
	return app.DB.View(ctx, func(tx *store.Tx) error {
		apps, err := tx.LoanApplications(ctx, store.ApplicationStatus(*status), 0, -1)
		if err != nil {
			return err
		}
		if len(apps) == 0 {
			if *status != "" {
				fmt.Fprintf(stdout, "No %s loan applications.\n", *status)
			} else {
				fmt.Fprintln(stdout, "No loan applications.")
			}
			return nil
		}
		members := map[int64]store.Member{}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NO\tMEMBER\tNAME\tPRODUCT\tAMOUNT\tTENOR\tINSTALLMENT\tSTATUS\tAPPLIED\tNOTE")
		for _, a := range apps {
			m, ok := members[a.MemberID]
			if !ok {
				if m, err = tx.MemberByID(ctx, a.MemberID); err != nil {
					return err
				}
				members[a.MemberID] = m
			}
			note := ""
			if a.Status != store.ApplicationPending {
				note = "by " + a.DecidedBy + " " + a.DecidedAt.In(loc).Format(time.DateOnly)
				if a.Reason != "" {
					note += ": " + a.Reason
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d months\t%s\t%s\t%s\t%s\n", a.No(), memberRef(m), m.Name, a.Product.Code,
				parse.Rupiah(a.Amount), a.TenorMonths, parse.Rupiah(a.Installment), a.Status, a.CreatedAt.In(loc).Format(time.DateOnly), note)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(stdout, countOf(len(apps), "loan application", "loan applications")+".")
		return nil
	})
}

func membersLoanDecide(ctx context.Context, name string, approve bool, args []string, stdout, stderr io.Writer) error {
	cmd := decideCommand{Group: "members", Name: name, What: "loan application number", Example: "PJ-000001",
		Ref: store.RefLoanApplication, NoBy: true, Subject: "approve loan application", Doc: "Approves a loan application. The member is told to come to the branch with their KTP to\n" +
			"sign; approving moves no money."}
	if !approve {
		cmd.Refusal, cmd.ReasonExample = true, "Angsuran melebihi plafon"
		cmd.Doc = "Turns down a loan application. The member is told the reason on WhatsApp."
		cmd.Subject = "reject loan application"
	}
	var a store.LoanApplication
	_, m, err := cmd.run(ctx, args, stderr, func(ctx context.Context, tx *store.Tx, app *App, dec decision) (_ int64, err error) {
		a, err = tx.LoanApplication(ctx, dec.ID)
		if errors.Is(err, store.ErrNotFound) {
			return 0, fmt.Errorf("there is no loan application %s (kopbot members loans lists them)", store.LoanApplication{ID: dec.ID}.No())
		} else if err != nil {
			return 0, err
		}
		if a.Status != store.ApplicationPending {
			return 0, fmt.Errorf("it was already %s by %s on %s", a.Status, a.DecidedBy, a.DecidedAt.In(app.Config.Location()).Format(time.DateOnly))
		}
		a, err = coop.DecideLoanApplication(ctx, tx, dec.ID, approve, dec.Reason, coop.CLI, app.Config.Language)
		return a.MemberID, err
	})
	if err != nil {
		return err
	}
	if approve {
		fmt.Fprintf(stdout, "Approved loan application %s: %s over %d months for %s %s. They are told on WhatsApp (%s) to come and sign; no money has moved.\n",
			a.No(), parse.Rupiah(a.Amount), a.TenorMonths, m.No, m.Name, m.Phone)
		fmt.Fprintf(stdout, "The loan is account %s; at the signing: kopbot teller disburse %s SAVINGS-ACCOUNT\n", a.LoanAccount, a.LoanAccount)
	} else {
		fmt.Fprintf(stdout, "Rejected loan application %s of %s %s. They are told on WhatsApp (%s): %s\n", a.No(), m.No, m.Name, m.Phone, a.Reason)
	}
	return nil
}

func membersLoanApprove(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return membersLoanDecide(ctx, "loan-approve", true, args, stdout, stderr)
}

func membersLoanReject(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return membersLoanDecide(ctx, "loan-reject", false, args, stdout, stderr)
}
