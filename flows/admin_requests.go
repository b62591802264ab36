package flows

import (
	"context"
	"errors"
	"fmt"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// Deposits members reported with a transfer proof, and withdrawals to their bank accounts:
// staff check the bank statement, then decide here as on the command line.

// depositsDecision: transfer deposits waiting, shown with the proof, verified (the money is
// credited) or cancelled with a reason.
var depositsDecision = decision{
	list: waiting((*store.Tx).PendingDepositsOf, func(n store.Named[store.DepositRequest]) string { return fmt.Sprint(n.Item.ID) },
		func(c *Convo[decisionData], list []store.Named[store.DepositRequest]) string {
			ds, names := unnamed(list)
			return c.Msg.AdminDepositList(ds, names)
		}),
	show: func(ctx context.Context, c *Convo[decisionData], in Input, id string) Result {
		d, err := c.Tx.DepositRequest(ctx, atoi64(id))
		if err != nil {
			return c.Fail(err)
		}
		m, err := c.Tx.MemberByID(ctx, d.MemberID)
		if err != nil {
			return c.Fail(err)
		}
		res := c.Ask(stepDecide, c.Msg.AdminDepositDetail(d, m))
		if d.ProofPhoto != "" {
			res = res.WithImage(d.ProofPhoto, c.Msg.AdminProofCaption(d.No()))
		}
		return res
	},
	options: [2]string{"verifikasi verify", "batalkan cancel"},
	approve: func(ctx context.Context, c *Convo[decisionData], in Input, id string) Result {
		d, ref, err := coop.VerifyDeposit(ctx, c.Tx, atoi64(id), staffBy(in), c.Lang())
		if stop, ok := c.requestDecided(err, store.DepositRequest{ID: atoi64(id)}.No()); !ok {
			return stop
		}
		return c.Done(c.Msg.AdminDepositVerified(d, ref))
	},
	reject: func(ctx context.Context, c *Convo[decisionData], in Input, id, reason string) Result {
		d, err := coop.CancelDeposit(ctx, c.Tx, atoi64(id), reason, staffBy(in), c.Lang())
		if stop, ok := c.requestDecided(err, store.DepositRequest{ID: atoi64(id)}.No()); !ok {
			return stop
		}
		m, err := c.Tx.MemberByID(ctx, d.MemberID)
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminDepositCancelled(d.No(), m.Name))
	},
}

// withdrawalsDecision: withdrawals waiting to be paid to the member's bank account, marked
// paid once staff transferred the money, or rejected with a reason (the hold is released).
var withdrawalsDecision = decision{
	list: waiting((*store.Tx).PendingWithdrawalsOf, func(n store.Named[store.WithdrawalRequest]) string { return fmt.Sprint(n.Item.ID) },
		func(c *Convo[decisionData], list []store.Named[store.WithdrawalRequest]) string {
			ws, names := unnamed(list)
			return c.Msg.AdminWithdrawalList(ws, names)
		}),
	show: func(ctx context.Context, c *Convo[decisionData], in Input, id string) Result {
		w, err := c.Tx.WithdrawalRequest(ctx, atoi64(id))
		if err != nil {
			return c.Fail(err)
		}
		m, err := c.Tx.MemberByID(ctx, w.MemberID)
		if err != nil {
			return c.Fail(err)
		}
		return c.Ask(stepDecide, c.Msg.AdminWithdrawalDetail(w, m))
	},
	options: [2]string{"tandai sudah dibayar bayar pay paid", "tolak reject"},
	approve: func(ctx context.Context, c *Convo[decisionData], in Input, id string) Result {
		out, err := coop.Run(ctx, c.Tx, c.Rules().FourEyes, coop.TellerOp{By: staffBy(in), Lang: c.Lang()}, coop.WithdrawalPaid(atoi64(id)))
		if stop, ok := c.requestDecided(err, store.WithdrawalRequest{ID: atoi64(id)}.No()); !ok {
			return stop
		}
		if out.Held() { // four eyes: a second staff member approves it
			return c.Done(c.Msg.AdminApprovalWaiting(out.Waiting))
		}
		return c.Done(c.Msg.AdminWithdrawalPaid(out.Withdrawal, out.Receipt.Ref))
	},
	reject: func(ctx context.Context, c *Convo[decisionData], in Input, id, reason string) Result {
		w, err := coop.RejectWithdrawal(ctx, c.Tx, atoi64(id), reason, staffBy(in), c.Lang())
		if stop, ok := c.requestDecided(err, store.WithdrawalRequest{ID: atoi64(id)}.No()); !ok {
			return stop
		}
		m, err := c.Tx.MemberByID(ctx, w.MemberID)
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminWithdrawalRejected(w.No(), m.Name))
	},
}

// requestDecided turns a deposit or withdrawal decision's refusal into an answer for the
// admin (already decided by someone else, an account no longer active); a fault fails the step.
func (c *Convo[T]) requestDecided(err error, no string) (Result, bool) {
	if errors.Is(err, coop.NotPending) {
		return c.Done(c.Msg.AdminAlreadyDecided(no)), false
	}
	return c.tellerRefusal(err)
}
