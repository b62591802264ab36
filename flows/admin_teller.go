package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// Teller operations at the counter, each journaled with this admin and the confirming
// message as its idempotency key.

// tellerData is a teller operation being described: the account, the amount.
type tellerData struct {
	Account string `json:"account,omitempty"`
	Amount  int64  `json:"amount,omitempty"`
	Savings string `json:"savings,omitempty"` // a disbursement's savings account
}

// Cash over the counter, as the catalog names the operation.
const (
	cashIn  = "deposit"
	cashOut = "withdraw"
)

// adminCash is cash paid into (cashIn) or out of (cashOut) a member's savings account:
// the account, the amount, a yes.
func adminCash(op string) func(context.Context, *Convo[tellerData], Input) Result {
	return func(ctx context.Context, c *Convo[tellerData], in Input) Result {
		switch c.Step {
		case "":
			return c.Ask("account", c.Msg.AdminAskSavingsAccount())
		case "account":
			a, err := c.Tx.AccountByNumber(ctx, digitsOnly(in.Text))
			if errors.Is(err, store.ErrNotFound) || err == nil && (a.Kind != store.AccountSavings || a.MemberID == 0) {
				return c.Retry(c.Msg.AdminAskSavingsAccount())
			}
			if err != nil {
				return c.Fail(err)
			}
			owner, err := c.Tx.MemberByID(ctx, a.MemberID)
			if err != nil {
				return c.Fail(err)
			}
			c.Data.Account = a.Number
			return c.Ask("amount", c.Msg.AdminAskCashAmount(op, a, owner.Name))
		case "amount":
			amount, err := c.Amount(in.Text)
			if err != nil {
				return c.Retry(c.Msg.BadAmount())
			}
			if op == cashIn { // before the cash is counted: a simpanan pokok takes only what is left to pay
				if stop, ok := c.pokokTakes(ctx, c.Data.Account, amount); !ok {
					return stop
				}
			}
			c.Data.Amount = amount
			return c.Ask("confirm", c.Msg.AdminConfirmCash(op, c.Data.Account, amount))
		case "confirm":
			if stop, ok := c.confirmed(c.Msg.Cancelled()); !ok {
				return stop
			}
			if op == cashOut { // four eyes may hold a large one
				return c.guarded(ctx, in, coop.CashOut(c.Data.Account, c.Data.Amount, ""))
			}
			r, err := coop.CashDeposit(ctx, c.Tx, c.tellerOp(in), c.Data.Account, c.Data.Amount, "") // no note: the memo is the kind's
			return c.tellerDone(r.Ref, r.Amount, err)
		}
		return c.Fail(fmt.Errorf("unknown step %q", c.Step))
	}
}

// pokokTakes refuses, as the deposit would be, more cash than the simpanan pokok being paid into still takes.
func (c *Convo[T]) pokokTakes(ctx context.Context, number string, amount int64) (Result, bool) {
	a, err := c.Tx.AccountByNumber(ctx, number)
	if err != nil {
		return c.Fail(err), false
	}
	return c.tellerRefusal(coop.CheckPokok(ctx, c.Tx, a, amount))
}

// adminInstallment takes what a loan owes today in cash: the loan account, a yes.
func adminInstallment(ctx context.Context, c *Convo[tellerData], in Input) Result {
	switch c.Step {
	case "":
		return c.Ask("account", c.Msg.AdminAskLoanAccount())
	case "account":
		number := digitsOnly(in.Text)
		due, err := coop.LoanDueOn(ctx, c.Tx, number, c.Now.In(c.Loc), c.Rules().LateFeeBP)
		if err != nil {
			return c.Retry(c.Msg.AdminAskLoanAccount())
		}
		if due.Loan.Status == store.LoanApproved { // nothing falls due before the disbursement
			return c.Done(c.Msg.AdminTellerRefused(&coop.Refusal{Code: coop.NotDisbursed, Subject: due.Loan.Account.Masked()}))
		}
		if due.Now <= 0 {
			return c.Done(c.Msg.NothingDue())
		}
		c.Data.Account, c.Data.Amount = number, due.Now
		return c.Ask("confirm", c.Msg.AdminConfirmInstallment(due))
	case "confirm":
		if stop, ok := c.confirmed(c.Msg.Cancelled()); !ok {
			return stop
		}
		p, err := coop.PayInstallments(ctx, c.Tx, c.tellerOp(in), c.Data.Account, coop.PayCash, c.Data.Amount, c.Now.In(c.Loc))
		return c.tellerDone(p.Ref, p.Amount, err)
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// adminDisburse pays an approved loan out into its member's savings: the loan account, the
// savings account, a yes and the staff member's own PIN; four eyes may hold it for a second
// staff member.
func adminDisburse(ctx context.Context, c *Convo[tellerData], in Input) Result {
	switch c.Step {
	case "":
		return c.Ask("loan", c.Msg.AdminAskLoanAccount())
	case "loan":
		l, err := c.Tx.LoanByAccount(ctx, digitsOnly(in.Text))
		if errors.Is(err, store.ErrNotFound) {
			return c.Retry(c.Msg.AdminAskLoanAccount())
		}
		if err != nil {
			return c.Fail(err)
		}
		owner, err := c.Tx.MemberByID(ctx, l.Account.MemberID)
		if err != nil {
			return c.Fail(err)
		}
		p, err := c.Tx.ProductByCode(ctx, l.Account.ProductCode)
		if err != nil {
			return c.Fail(err)
		}
		c.Data.Account, c.Data.Amount = l.Account.Number, l.Principal
		return c.Ask("savings", c.Msg.AdminAskDisburseSavings(l.Account.Number, l.Principal, owner.Name, coop.DisbursementFees(p, l.Principal)))
	case "savings":
		savings := digitsOnly(in.Text)
		// Tried and undone: what cannot be disbursed is said before the PIN is asked for.
		err := c.Tx.DryRun(ctx, func() error {
			_, err := coop.DisburseLoan(ctx, c.Tx, c.tellerOp(in), c.Data.Account, savings)
			return err
		})
		switch {
		case errors.Is(err, coop.OtherMember), errors.Is(err, coop.NotSavings), errors.Is(err, coop.BadAccountNumber), errors.Is(err, store.ErrNotFound):
			return c.Retry(c.Msg.AdminDisburseToOwnSavings())
		case errors.Is(err, coop.AlreadyDisbursed):
			return c.Done(c.Msg.AdminAlreadyDisbursed(c.Data.Account))
		}
		if stop, ok := c.tellerRefusal(err); !ok {
			return stop
		}
		c.Data.Savings = savings
		return c.Ask("confirm", c.Msg.AdminConfirmDisburse(c.Data.Account, savings, c.Data.Amount))
	case "confirm":
		return c.staffConfirmThenPIN(ctx, in)
	case stepPIN:
		if stop, ok := c.staffPINRight(ctx, in); !ok {
			return stop
		}
		return c.guarded(ctx, in, coop.Disbursement(c.Data.Account, c.Data.Savings))
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// reverseData is the journal entry being reversed, and why.
type reverseData struct {
	Ref    string `json:"ref,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// adminReverse reverses a journal entry: its reference, a reason, a yes and the staff
// member's own PIN; four eyes may hold it for a second staff member.
func adminReverse(ctx context.Context, c *Convo[reverseData], in Input) Result {
	switch c.Step {
	case "":
		return c.Ask("ref", c.Msg.AdminAskReference())
	case "ref":
		ref, err := store.ParseRef(in.Text) // TRF-, as transfer receipts printed it, reads too
		if err != nil || ref.Kind != store.RefJournal {
			return c.Retry(c.Msg.AdminAskReference())
		}
		c.Data.Ref = ref.String()
		return c.Ask(stepReason, c.Msg.AdminAskReversalReason(coop.MinReasonLetters))
	case stepReason:
		if coop.CheckReason(in.Text) != nil {
			return c.Retry(c.Msg.AdminAskReversalReason(coop.MinReasonLetters))
		}
		c.Data.Reason = strings.TrimSpace(in.Text)
		// Tried and undone: what cannot be reversed is said before the PIN is asked for.
		err := c.Tx.DryRun(ctx, func() error {
			_, err := coop.Reverse(ctx, c.Tx, c.tellerOp(in), c.Data.Ref, c.Data.Reason)
			return err
		})
		if stop, ok := c.tellerRefusal(err); !ok {
			return stop
		}
		return c.Ask("confirm", c.Msg.AdminConfirmReversal(c.Data.Ref, c.Data.Reason))
	case "confirm":
		return c.staffConfirmThenPIN(ctx, in)
	case stepPIN:
		if stop, ok := c.staffPINRight(ctx, in); !ok {
			return stop
		}
		return c.guarded(ctx, in, coop.Reversal(c.Data.Ref, c.Data.Reason))
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

func (c *Convo[T]) tellerOp(in Input) coop.TellerOp {
	return coop.TellerOp{Key: store.KeyAdminMenu.Key(in.Branch, in.MessageID), By: staffBy(in), Lang: c.Lang(), Loc: c.Loc, LateFeeBP: c.Rules().LateFeeBP}
}

// tellerDone answers a teller operation: done (its receipt's reference and amount), or refused.
func (c *Convo[T]) tellerDone(ref string, amount int64, err error) Result {
	if stop, ok := c.tellerRefusal(err); !ok {
		return stop
	}
	return c.Done(c.Msg.AdminTellerDone(ref, amount))
}

// tellerRefusal turns a teller operation's refusal into an answer for the admin, in their
// language; a fault fails the step.
func (c *Convo[T]) tellerRefusal(err error) (Result, bool) {
	var refused *coop.Refusal
	switch {
	case err == nil:
		return Result{}, true
	case errors.As(err, &refused) && refused.Code == coop.OverWithdrawable:
		return c.Done(c.Msg.AdminWithdrawable(refused.Max)), false
	case errors.As(err, &refused):
		return c.Done(c.Msg.AdminTellerRefused(refused)), false
	}
	return c.Fail(err), false
}
