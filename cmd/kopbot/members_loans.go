package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// Loan applications members make on WhatsApp, for staff to decide.

var loanStatuses = []string{string(store.ApplicationPending), string(store.ApplicationApproved), string(store.ApplicationRejected)}

func membersLoans(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return statusList[store.LoanApplication]{Group: "members", Name: "loans", Doc: "Lists loan applications, oldest first.",
		Statuses: loanStatuses, What: "loan applications", Only: "applications", None: "No loan applications.", One: "loan application", Many: "loan applications",
		Header: "NO\tMEMBER\tNAME\tPRODUCT\tAMOUNT\tTENOR\tINSTALLMENT\tSTATUS\tAPPLIED\tNOTE",
		Read: func(ctx context.Context, tx *store.Tx, status string) ([]store.LoanApplication, error) {
			return tx.LoanApplications(ctx, store.ApplicationStatus(status), 0, -1)
		},
		MemberOf: func(a store.LoanApplication) int64 { return a.MemberID },
		Row: func(tw io.Writer, loc *time.Location, m store.Member, a store.LoanApplication) {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d months\t%s\t%s\t%s\t%s\n", a.No(), memberRef(m), m.Name, a.Product.Code,
				parse.Rupiah(a.Amount), a.TenorMonths, parse.Rupiah(a.Installment), a.Status, a.CreatedAt.In(loc).Format(time.DateOnly),
				requestNote(a.Status != store.ApplicationPending, a.DecidedBy, a.Reason, a.DecidedAt, loc, time.DateOnly))
		}}.run(ctx, args, stdout, stderr)
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
