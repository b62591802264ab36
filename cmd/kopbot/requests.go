package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

var depositStatuses = []string{string(store.RequestPending), string(store.DepositVerified), string(store.DepositCancelled)}

func depositsList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return statusList[store.DepositRequest]{Group: "deposits", Name: "list",
		Doc:      "Lists the deposits members reported, oldest first, with the path of each proof photo.",
		Statuses: depositStatuses, What: "deposits", None: "No deposits yet.", One: "deposit", Many: "deposits",
		Header: "NO\tMEMBER\tNAME\tACCOUNT\tPRODUCT\tAMOUNT\tTRANSFERRED\tFROM\tSTATUS\tREPORTED\tPROOF\tNOTE",
		Read: func(ctx context.Context, tx *store.Tx, status string) ([]store.DepositRequest, error) {
			return tx.DepositRequests(ctx, store.RequestStatus(status), 0, -1)
		},
		MemberOf: func(d store.DepositRequest) int64 { return d.MemberID },
		Row: func(tw io.Writer, loc *time.Location, m store.Member, d store.DepositRequest) {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s, %s\t%s\t%s\t%s\t%s\n", d.No(), m.No, m.Name, d.Account.Number, d.Account.ProductName,
				parse.Rupiah(d.Amount), d.TransferDate.Format(time.DateOnly), d.SenderBank, d.SenderName, d.Status,
				d.CreatedAt.In(loc).Format("2006-01-02 15:04"), d.ProofPhoto,
				requestNote(d.Status != store.RequestPending, d.DecidedBy, d.Reason, d.DecidedAt, loc, "2006-01-02 15:04"))
		}}.run(ctx, args, stdout, stderr)
}

func depositsDecide(ctx context.Context, name string, args []string, stdout, stderr io.Writer) error {
	cmd := decideCommand{Group: "deposits", Name: name, What: "deposit number", Example: "SET-000001",
		Ref: store.RefDeposit, ListCmd: "kopbot deposits list", Doc: "Credits a deposit the member reported to their savings account, from the branch's bank\n" +
			"account, once the transfer is found on the bank statement. The member is told."}
	if name == "cancel" {
		cmd.Refusal, cmd.ReasonExample = true, "Transfer tidak ditemukan di mutasi bank"
		cmd.Doc = "Turns down a deposit the member reported (not on the bank statement, another amount,\n" +
			"an unreadable proof). Nothing moves; the member is told the reason on WhatsApp."
	}
	var d store.DepositRequest
	var ref string
	_, m, err := cmd.run(ctx, args, stderr, func(ctx context.Context, tx *store.Tx, app *App, dec decision) (_ int64, err error) {
		if name == "verify" {
			d, ref, err = coop.VerifyDeposit(ctx, tx, dec.ID, coop.Named(dec.By), app.Config.Language)
		} else {
			d, err = coop.CancelDeposit(ctx, tx, dec.ID, dec.Reason, coop.Named(dec.By), app.Config.Language)
		}
		return d.MemberID, err
	})
	if err != nil {
		return err
	}
	if name == "verify" {
		fmt.Fprintf(stdout, "Verified %s: %s into %s (%s, %s) from the branch's bank account: %s.\n", d.No(), parse.Rupiah(d.Amount),
			d.Account.Number, d.Account.ProductName, m.Name, ref)
		fmt.Fprintf(stdout, "Balance now %s.\n", parse.Rupiah(d.Account.Amount()))
		toldLine(stdout, m)
		return nil
	}
	fmt.Fprintf(stdout, "Cancelled %s (%s into %s, %s). Nothing moved. They are told on WhatsApp (%s): %s\n", d.No(), parse.Rupiah(d.Amount),
		d.Account.Number, m.Name, m.Phone, d.Reason)
	return nil
}

var withdrawalStatuses = []string{string(store.RequestPending), string(store.WithdrawalPaid), string(store.WithdrawalRejected), string(store.WithdrawalCancelled)}

func withdrawalsList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return statusList[store.WithdrawalRequest]{Group: "withdrawals", Name: "list",
		Doc:      "Lists the withdrawals members asked for, oldest first, with where to send the money.",
		Statuses: withdrawalStatuses, What: "withdrawals", None: "No withdrawals yet.", One: "withdrawal", Many: "withdrawals",
		Header: "NO\tMEMBER\tNAME\tACCOUNT\tPRODUCT\tAMOUNT\tTO\tSTATUS\tREQUESTED\tNOTE",
		Read: func(ctx context.Context, tx *store.Tx, status string) ([]store.WithdrawalRequest, error) {
			return tx.WithdrawalRequests(ctx, store.RequestStatus(status), 0, -1)
		},
		MemberOf: func(w store.WithdrawalRequest) int64 { return w.MemberID },
		Row: func(tw io.Writer, loc *time.Location, m store.Member, w store.WithdrawalRequest) {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s %s, %s\t%s\t%s\t%s\n", w.No(), m.No, m.Name, w.Account.Number, w.Account.ProductName,
				parse.Rupiah(w.Amount), w.Bank, w.BankAccount, w.Holder, w.Status,
				w.CreatedAt.In(loc).Format("2006-01-02 15:04"), requestNote(w.Status != store.RequestPending, w.DecidedBy, w.Reason, w.DecidedAt, loc, "2006-01-02 15:04"))
		}}.run(ctx, args, stdout, stderr)
}

func withdrawalsDecide(ctx context.Context, name string, args []string, stdout, stderr io.Writer) error {
	cmd := decideCommand{Group: "withdrawals", Name: name, What: "withdrawal number", Example: "TRK-000001",
		Ref: store.RefWithdrawal, ListCmd: "kopbot withdrawals list", Doc: "Records that the money was transferred from the branch's bank account to the member's: the\n" +
			"hold is released and the savings account debited into the bank account. The member is told."}
	if name == "reject" {
		cmd.Refusal, cmd.ReasonExample = true, "Nama pemilik rekening tidak sesuai"
		cmd.Doc = "Turns down a withdrawal: the held amount is released and nothing else moves. The member is\n" +
			"told the reason on WhatsApp."
	}
	var w store.WithdrawalRequest
	var ref string
	var held store.Approval
	_, m, err := cmd.run(ctx, args, stderr, func(ctx context.Context, tx *store.Tx, app *App, dec decision) (_ int64, err error) {
		if name == "pay" {
			var out coop.Outcome
			out, err = coop.Run(ctx, tx, app.Runner.Rules.FourEyes, coop.TellerOp{By: coop.Named(dec.By), Lang: app.Config.Language}, coop.WithdrawalPaid(dec.ID))
			w, ref, held = out.Withdrawal, out.Receipt.Ref, out.Waiting
			return w.MemberID, err
		}
		w, err = coop.RejectWithdrawal(ctx, tx, dec.ID, dec.Reason, coop.Named(dec.By), app.Config.Language)
		return w.MemberID, err
	})
	if err != nil {
		return err
	}
	if held.ID != 0 {
		waiting(stdout, held)
		return nil
	}
	if name == "pay" {
		fmt.Fprintf(stdout, "Paid %s: %s from %s (%s, %s) to %s %s (%s): %s.\n", w.No(), parse.Rupiah(w.Amount),
			w.Account.Number, w.Account.ProductName, m.Name, w.Bank, w.BankAccount, w.Holder, ref)
		fmt.Fprintf(stdout, "Hold released; balance now %s.\n", parse.Rupiah(w.Account.Amount()))
		toldLine(stdout, m)
		return nil
	}
	fmt.Fprintf(stdout, "Rejected %s (%s from %s, %s). The hold is released. They are told on WhatsApp (%s): %s\n", w.No(), parse.Rupiah(w.Amount),
		w.Account.Number, m.Name, m.Phone, w.Reason)
	return nil
}

func depositsVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return depositsDecide(ctx, "verify", args, stdout, stderr)
}

func depositsCancel(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return depositsDecide(ctx, "cancel", args, stdout, stderr)
}

func withdrawalsPay(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return withdrawalsDecide(ctx, "pay", args, stdout, stderr)
}

func withdrawalsReject(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return withdrawalsDecide(ctx, "reject", args, stdout, stderr)
}
