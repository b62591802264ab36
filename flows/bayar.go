package flows

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// loanPayData is a payment on a loan from savings being made: Bayar Angsuran, Pelunasan.
type loanPayData struct {
	Loans   []string `json:"loans,omitempty"` // loan account numbers offered
	Loan    string   `json:"loan,omitempty"`
	Sources []string `json:"sources,omitempty"`
	From    string   `json:"from,omitempty"`
	Amount  int64    `json:"amount,omitempty"`
}

// bayarAngsuran pays what is due on a loan (the next installment, or every overdue one with
// its late fees) from the member's savings, confirmed with the PIN; the teller's allocation
// (late fees, interest, then principal) updates the schedule, and the member gets a receipt.
func bayarAngsuran(ctx context.Context, c *Convo[loanPayData], m store.Member, in Input) Result {
	today := c.Now.In(c.Loc)
	switch c.Step {
	case "", "loan":
		return chooseLoan(ctx, c, m, c.Msg.ChooseLoanToPay, func() Result { return askPaySource(ctx, c, m, today) })
	case "from", "confirm", stepPIN:
		return payLoanSteps(ctx, c, m, in, store.KeyInstallment, func(op coop.TellerOp) error {
			_, err := coop.PayInstallments(ctx, c.Tx, op, c.Data.Loan, coop.PayFromSavings(c.Data.From), c.Data.Amount, today)
			return err
		}, nil)
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// payLoanSteps answers the steps of a payment on a loan from savings (the account, the
// summary, the PIN) and then makes it with pay, under the key of the confirming message.
// Savings no longer enough end it with how to top up; a refusal is said with refused (a
// failure when nil). The receipt goes out with the payment.
func payLoanSteps(ctx context.Context, c *Convo[loanPayData], m store.Member, in Input, key store.KeyKind,
	pay func(op coop.TellerOp) error, refused func(error) string) Result {
	if stop, ok := paySteps(ctx, c, m, in, c.Data.Sources, c.Data.Amount, &c.Data.From); !ok {
		return stop
	}
	op := coop.TellerOp{Key: key.Key(in.Branch, in.MessageID), By: coop.Actor(m.No), Lang: c.Lang(), Loc: c.Loc,
		LateFeeBP: c.Rules().LateFeeBP, Author: store.AuthorMember}
	err := pay(op)
	if errors.Is(err, coop.OverWithdrawable) || errors.Is(err, store.ErrInsufficientFunds) {
		return payShort(ctx, c, m, c.Data.From, c.Data.Amount)
	}
	if r, ok := asRefusal(err); ok && refused != nil {
		return c.Done(refused(r))
	}
	if err != nil {
		return c.Fail(err)
	}
	return c.Done()
}

// chooseLoan runs the steps "" and "loan" of a payment on a loan: the member's loans paid
// out listed (with none the flow ends, saying so of one approved and waiting for its
// disbursement; with one it is taken), the pick read; next runs with the loan chosen.
func chooseLoan(ctx context.Context, c *Convo[loanPayData], m store.Member, choose func([]store.Loan) string, next func() Result) Result {
	if c.Step == "loan" {
		number, ok := c.pickFrom(c.Data.Loans)
		if !ok {
			return c.Retry(c.Msg.PickNumber(len(c.Data.Loans)))
		}
		c.Data.Loan = number
		return next()
	}
	all, err := c.Tx.LoansOfMember(ctx, m.ID)
	if err != nil {
		return c.Fail(err)
	}
	c.Data = loanPayData{}
	var loans []store.Loan // paid out: an approved loan has no installment yet
	for _, l := range all {
		if l.Status != store.LoanApproved {
			loans = append(loans, l)
			c.Data.Loans = append(c.Data.Loans, l.Account.Number)
		}
	}
	switch {
	case len(loans) == 0 && len(all) > 0:
		branch, err := c.Branch(ctx)
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.LoanWaitingDisbursement(all[0], branch.Name))
	case len(loans) == 0:
		return c.Done(c.Msg.NoLoans())
	case len(loans) == 1:
		c.Data.Loan = loans[0].Account.Number
		return next()
	}
	return c.Ask("loan", choose(loans))
}

// askPaySource says what is due and offers the accounts that can pay it.
func askPaySource(ctx context.Context, c *Convo[loanPayData], m store.Member, today time.Time) Result {
	due, err := coop.LoanDueOn(ctx, c.Tx, c.Data.Loan, today, c.Rules().LateFeeBP)
	if err != nil {
		return c.Fail(err)
	}
	if due.Now <= 0 {
		return c.Done(c.Msg.NothingDue())
	}
	c.Data.Amount = due.Now
	offer, numbers, err := c.savingsOffered(ctx, m, paysFrom)
	if err != nil {
		return c.Fail(err)
	}
	c.Data.Sources = numbers
	if len(offer) == 0 {
		return c.Done(c.Msg.DueNoSource(due.Now))
	}
	if stop, ok := canPay(ctx, c, offer, due.Now); !ok {
		return stop
	}
	return c.Ask("from", c.Msg.InstallmentDue(due, offer))
}

// paysFrom reports whether a payment may be made from the account: active voluntary savings.
func paysFrom(a store.Account) bool { return sendable(a) && a.Status == store.AccountActive }

type bayarWajibData struct {
	Months  int      `json:"months,omitempty"`
	Amount  int64    `json:"amount,omitempty"`
	Sources []string `json:"sources,omitempty"`
	From    string   `json:"from,omitempty"`
}

// bayarWajib pays this month's simpanan wajib and any months in arrears from savings.
func bayarWajib(ctx context.Context, c *Convo[bayarWajibData], m store.Member, in Input) Result {
	due, ok, err := coop.WajibDue(ctx, c.Tx, m, c.Now.In(c.Loc))
	if err != nil {
		return c.Fail(err)
	}
	if !ok {
		return c.Done(c.Msg.NoWajibAccount())
	}
	switch c.Step {
	case "":
		if len(due.Unpaid) == 0 {
			return c.Done(c.Msg.WajibPaidUp(due.Account.Amount()))
		}
		c.Data = bayarWajibData{Months: len(due.Unpaid), Amount: int64(len(due.Unpaid)) * due.Monthly}
		offer, numbers, err := c.savingsOffered(ctx, m, paysFrom)
		if err != nil {
			return c.Fail(err)
		}
		c.Data.Sources = numbers
		if len(offer) == 0 {
			return c.Done(c.Msg.DueNoSource(c.Data.Amount))
		}
		if stop, ok := canPay(ctx, c, offer, c.Data.Amount); !ok {
			return stop
		}
		return c.Ask("from", c.Msg.WajibDue(due, offer))
	case "from", "confirm", stepPIN:
		if stop, ok := paySteps(ctx, c, m, in, c.Data.Sources, c.Data.Amount, &c.Data.From); !ok {
			return stop
		}
		from, err := c.ownAccount(ctx, m, c.Data.From)
		if err != nil {
			return c.Fail(err)
		}
		// Pay what is unpaid now, which the member was shown unless a payment came in meanwhile.
		months := due.Unpaid
		amount := int64(len(months)) * due.Monthly
		memo := store.WajibPaidMemo(months[0], months[len(months)-1])
		id, _, err := c.Tx.Post(ctx, store.Entry{Key: store.KeyWajib.Key(in.Branch, in.MessageID), Branch: from.Branch, Kind: store.KindCashDeposit, Memo: memo,
			AuthorKind: store.AuthorMember, AuthorID: m.No, At: c.Now,
			Postings: []store.Posting{{Account: from.ID, Amount: -amount}, {Account: due.Account.ID, Amount: amount}}})
		if errors.Is(err, store.ErrInsufficientFunds) {
			return payShort(ctx, c, m, from.Number, amount)
		}
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.WajibReceipt(store.JournalRef(id).String(), months, amount, due.Account.Amount()+amount, c.Now.In(c.Loc)))
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// paySteps answers the steps both payments from savings share: the account picked
// ("from"), the summary confirmed, the PIN; ok (after the PIN) means pay now.
func paySteps[T any](ctx context.Context, c *Convo[T], m store.Member, in Input, sources []string, amount int64, from *string) (Result, bool) {
	switch c.Step {
	case "from":
		return pickPaySource(ctx, c, m, sources, amount, in.Text, from), false
	case "confirm":
		return c.confirmThenPIN(m, c.Msg.Cancelled()), false
	}
	return c.confirmPIN(ctx, m, in.Text)
}

// pickPaySource reads which account a payment comes from, and asks to confirm it.
func pickPaySource[T any](ctx context.Context, c *Convo[T], m store.Member, sources []string, amount int64, text string, from *string) Result {
	a, res, ok := c.pickOwnAccount(ctx, m, sources)
	if !ok {
		return res
	}
	if a.Available() < amount {
		// The amount is what is due: a smaller one cannot be typed. Another listed account
		// may pay it; otherwise the member is told how to top up.
		for _, n := range sources {
			if o, err := c.ownAccount(ctx, m, n); err == nil && o.Available() >= amount {
				branch, err := c.Branch(ctx)
				if err != nil {
					return c.Fail(err)
				}
				return c.Retry(c.Msg.PayShort(amount, a.Available(), true, branch.Name))
			}
		}
		return payShort(ctx, c, m, a.Number, amount)
	}
	*from = a.Number
	return c.Ask("confirm", c.Msg.PaySummary(a.ProductName, a.Number, amount))
}

// canPay ends a payment at once when none of the accounts offered holds what is due,
// saying how to top up, rather than listing accounts that cannot pay.
func canPay[T any](ctx context.Context, c *Convo[T], offer []store.Account, amount int64) (Result, bool) {
	best := int64(0)
	for _, a := range offer {
		if a.Available() >= amount {
			return Result{}, true
		}
		best = max(best, a.Available())
	}
	branch, err := c.Branch(ctx)
	if err != nil {
		return c.Fail(err), false
	}
	return c.Done(c.Msg.PayShort(amount, best, false, branch.Name)), false
}

// payShort ends a payment the account no longer covers: what is due, what is there, and
// how to top up (Setoran, or paying at the office).
func payShort[T any](ctx context.Context, c *Convo[T], m store.Member, number string, amount int64) Result {
	a, err := c.ownAccount(ctx, m, number)
	if err != nil {
		return c.Fail(err)
	}
	branch, err := c.Branch(ctx)
	if err != nil {
		return c.Fail(err)
	}
	return c.Done(c.Msg.PayShort(amount, a.Available(), false, branch.Name))
}
