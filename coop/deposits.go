package coop

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// Time deposits (issue 16 part 3): interest each monthiversary or at maturity, then at
// maturity what the deposit's instruction says (roll over the principal, roll over principal
// and interest, or pay out to savings); early withdrawal by staff; opening from savings.
//
// Interest rule: actual days / 365 on the principal (loan.DepositPeriodInterest), rounded
// down to the whole rupiah once per period: a month of the term (monthiversary to
// monthiversary, the days between them) when the product pays monthly, the whole term when
// it pays at maturity. Tax (Office.Books) is withheld from each period's interest: nothing
// up to the threshold, the rate on the whole interest above it (loan.WithholdingTax).
//
// The period ending on day E (a monthiversary or the maturity) is the close of the day
// before E: the deposit earned through that day, and the postings are dated midnight at
// the start of E, the day the new term starts after a rollover.

// stepDeposits is the day's close step of time deposits.
const stepDeposits = "deposits"

// depositKey names a posting of a deposit's term: the kind of posting, the deposit, the
// term and the period's last day, so a close run again posts nothing twice.
func depositKey(what string, d store.TimeDeposit, period time.Time) string {
	return fmt.Sprintf("%s:%d:t%d:%s", what, d.ID, d.Term, period.Format(store.DateLayout))
}

// depositsStep pays the interest and handles the maturities of every deposit whose next
// event falls on the day after the day closed (or earlier, not yet done), one transaction
// per deposit, each moving the deposit on to its next event in the same transaction.
func depositsStep(ctx context.Context, r *DayRun) (string, error) {
	o := r.Office
	through := r.End.In(o.location())
	var due []store.TimeDeposit
	if err := o.DB.View(ctx, func(tx *store.Tx) (err error) {
		due, err = tx.DepositsDue(ctx, through)
		return err
	}); err != nil {
		return "", err
	}
	var n depositTally
	for _, d := range due {
		err := o.DB.Update(ctx, func(tx *store.Tx) error {
			d, err := tx.TimeDepositByAccount(ctx, d.Account.Number)
			if err != nil {
				return err
			}
			for d.Status == store.DepositActive && !d.NextEvent.After(dateOf(through)) {
				if d, err = o.depositEvent(ctx, tx, d, &n); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("time deposit %s: %w", d.Account.Masked(), err)
		}
	}
	return n.String(), nil
}

// depositTally is what the step did, for the day's record.
type depositTally struct{ interest, rolled, paidOut int }

func (n depositTally) String() string {
	return fmt.Sprintf("%d interest postings, %d rolled over, %d paid out", n.interest, n.rolled, n.paidOut)
}

// dateOf is t's calendar date as the store reads dates back: midnight UTC.
func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// depositEvent pays the interest of the period ending on d.NextEvent and, at the maturity,
// follows the instruction. It returns the deposit as it stands after.
func (o *Office) depositEvent(ctx context.Context, tx *store.Tx, d store.TimeDeposit, n *depositTally) (store.TimeDeposit, error) {
	e := d.NextEvent
	at := time.Date(e.Year(), e.Month(), e.Day(), 0, 0, 0, 0, o.location())
	maturing := !e.Before(d.Maturity)
	gross := loan.DepositPeriodInterest(d.Principal, d.RateBP, int(e.Sub(d.PaidThrough).Hours()/24))
	tax := loan.WithholdingTax(gross, o.Books.TaxThreshold, o.Books.TaxRateBP)
	to, err := depositSavings(ctx, tx, d)
	if err != nil {
		return d, err
	}
	if maturing && d.Instruction == store.AROTotal {
		to = d.Account
	}
	if gross > 0 {
		if err := postDepositInterest(ctx, tx, d, e, at, to, gross, tax); err != nil {
			return d, err
		}
		n.interest++
	}
	if !maturing {
		return tx.DepositPaid(ctx, d, e)
	}
	news := catalog.DepositNews{Interest: gross, Tax: tax, To: to}
	if d.Instruction == store.PayOut {
		news.Paid = d.Principal
		if err := payOutDeposit(ctx, tx, d, e, at, to); err != nil {
			return d, err
		}
		d.Status, d.Ended = store.DepositPaidOut, e
		n.paidOut++
		news.Deposit = d
		return d, o.tellDepositor(ctx, tx, d, func(msg catalog.Messages) string { return msg.DepositPaidOut(news) })
	}
	p, err := tx.ProductByCode(ctx, d.Account.ProductCode)
	if err != nil {
		return d, err
	}
	principal := d.Principal
	if d.Instruction == store.AROTotal {
		principal += gross - tax
	}
	// The new term earns the product's rate on the day it starts, as config has it now.
	if d, err = tx.RollDeposit(ctx, d, principal, p.RateBP); err != nil {
		return d, err
	}
	n.rolled++
	news.Deposit = d
	return d, o.tellDepositor(ctx, tx, d, func(msg catalog.Messages) string { return msg.DepositRolledOver(news) })
}

// depositSavings is where the deposit's interest and payouts go: its savings account while
// that is active, else the branch's suspense account, for staff to settle by hand.
func depositSavings(ctx context.Context, tx *store.Tx, d store.TimeDeposit) (store.Account, error) {
	if d.Payout.ID != 0 {
		a, err := tx.AccountByNumber(ctx, d.Payout.Number)
		if err != nil {
			return store.Account{}, err
		}
		if a.Status == store.AccountActive {
			return a, nil
		}
	}
	return tx.SystemAccount(ctx, d.Account.Branch, store.AccountSuspense)
}

// postDepositInterest posts a period's interest: the branch's interest expense pays gross,
// tax goes to tax payable and the rest to the account to.
func postDepositInterest(ctx context.Context, tx *store.Tx, d store.TimeDeposit, e, at time.Time, to store.Account, gross, tax int64) error {
	expense, err := tx.SystemAccount(ctx, d.Account.Branch, store.AccountInterestExpense)
	if err != nil {
		return err
	}
	postings := []store.Posting{{Account: expense.ID, Amount: -gross}, {Account: to.ID, Amount: gross - tax}}
	if tax > 0 {
		payable, err := tx.SystemAccount(ctx, d.Account.Branch, store.AccountTaxPayable)
		if err != nil {
			return err
		}
		postings = append(postings, store.Posting{Account: payable.ID, Amount: tax})
	}
	_, _, err = tx.Post(ctx, store.Entry{Key: depositKey("deposit-interest", d, e), Branch: d.Account.Branch, Kind: store.KindDepositInterest,
		Memo: store.Memo{Kind: store.MemoDepositInterest, Account: d.Account.Masked()}, AuthorKind: store.AuthorJob, AuthorID: JobDayClose,
		At: at, Postings: postings})
	return err
}

// payOutDeposit moves what the deposit account holds to the account to and closes the deposit.
func payOutDeposit(ctx context.Context, tx *store.Tx, d store.TimeDeposit, e, at time.Time, to store.Account) error {
	a, err := tx.AccountByNumber(ctx, d.Account.Number)
	if err != nil {
		return err
	}
	if a.Amount() > 0 {
		if _, _, err := tx.Post(ctx, store.Entry{Key: depositKey("deposit-payout", d, e), Branch: d.Account.Branch, Kind: store.KindDepositPayout,
			Memo: store.Memo{Kind: store.MemoDepositPayout, Account: d.Account.Masked()}, AuthorKind: store.AuthorJob, AuthorID: JobDayClose,
			At: at, Postings: []store.Posting{{Account: a.ID, Amount: -a.Amount()}, {Account: to.ID, Amount: a.Amount()}}}); err != nil {
			return err
		}
	}
	return tx.EndDeposit(ctx, d, store.DepositPaidOut, e)
}

// tellDepositor tells the deposit's owner what happened to it.
func (o *Office) tellDepositor(ctx context.Context, tx *store.Tx, d store.TimeDeposit, text func(catalog.Messages) string) error {
	return TellMember(ctx, tx, d.Account.Branch, d.Account.MemberID, o.lang(""), text)
}

// DepositBreak is an early withdrawal of a time deposit, as staff and the member read it:
// Receipt.Account is the savings account paid and Receipt.Amount what it received; Penalty
// went to the branch's fee income; Forfeited is the interest earned in the current term and
// not paid, which the member gives up.
type DepositBreak = catalog.DepositBreakNews

// BreakDeposit withdraws the time deposit in the account with the given number before its
// maturity, at the counter: what the deposit holds goes to the deposit's savings account
// less the product's penalty (EarlyPenaltyBP of the principal, rounded down, to fee income),
// the interest earned since it was last paid is forfeited, and the deposit is closed. A
// deposit closed already, or matured (the close pays it out), is refused. The same op.Key
// again moves nothing and returns the first withdrawal, marked Duplicate.
func BreakDeposit(ctx context.Context, tx *store.Tx, op TellerOp, number string, today time.Time) (DepositBreak, error) {
	a, d, err := depositIn(ctx, tx, number)
	if err != nil {
		return DepositBreak{}, err
	}
	if prev, done, err := tellerDone(ctx, tx, op, store.KindDepositPayout, a.ID); err != nil || done {
		if err != nil {
			return DepositBreak{}, err
		}
		return depositBreakOf(ctx, tx, op, prev, d, true)
	}
	plan, err := planBreak(ctx, tx, a, d, today)
	if err != nil {
		return DepositBreak{}, err
	}
	postings := []store.Posting{{Account: a.ID, Amount: -a.Amount()}}
	if plan.Receipt.Amount > 0 {
		postings = append(postings, store.Posting{Account: plan.Receipt.Account.ID, Amount: plan.Receipt.Amount})
	}
	if plan.Penalty > 0 {
		fees, err := tx.SystemAccount(ctx, a.Branch, store.AccountFeeIncome)
		if err != nil {
			return DepositBreak{}, err
		}
		postings = append(postings, store.Posting{Account: fees.ID, Amount: plan.Penalty})
	}
	r, _, err := tellerPost(ctx, tx, op, store.Entry{Branch: a.Branch, Kind: store.KindDepositPayout,
		Memo: store.Memo{Kind: store.MemoDepositBreak, Account: a.Masked()}, Postings: postings}, a.ID)
	if err != nil {
		return DepositBreak{}, err
	}
	today = dateOf(today)
	if err := tx.EndDeposit(ctx, d, store.DepositWithdrawn, today); err != nil {
		return DepositBreak{}, err
	}
	d.Status, d.Ended = store.DepositWithdrawn, today
	p, err := tx.PostedByID(ctx, r.JournalID)
	if err != nil {
		return DepositBreak{}, err
	}
	b, err := depositBreakOf(ctx, tx, op, p, d, false)
	if err != nil {
		return DepositBreak{}, err
	}
	b.Forfeited = plan.Forfeited
	return b, Notify(ctx, tx, a.Branch, b.Receipt.Member.Phone, op.Lang, func(msg catalog.Messages) string { return msg.DepositWithdrawnEarly(b) })
}

// PreviewBreak is what BreakDeposit would do today, moving nothing, for staff to confirm:
// Receipt.Account and Receipt.Amount are the savings account and what it would receive.
func PreviewBreak(ctx context.Context, tx *store.Tx, number string, today time.Time) (DepositBreak, error) {
	a, d, err := depositIn(ctx, tx, number)
	if err != nil {
		return DepositBreak{}, err
	}
	return planBreak(ctx, tx, a, d, today)
}

// ChangeInstruction changes what the time deposit in the account with the given number does
// at its next maturity, at the member's request at the counter, and tells the member. A
// deposit closed already, or matured (the close has acted on its instruction), is refused,
// and so is one that would pay into savings when it has no active savings account. The
// same instruction again changes nothing and tells nobody.
func ChangeInstruction(ctx context.Context, tx *store.Tx, lang, number string, ins store.DepositInstruction, today time.Time) (store.TimeDeposit, error) {
	a, d, err := depositIn(ctx, tx, number)
	if err != nil {
		return d, err
	}
	switch {
	case d.Status != store.DepositActive || a.Status == store.AccountClosed:
		return d, &Refusal{Code: DepositClosed, Subject: a.Masked(), At: d.Ended}
	case !dateOf(today).Before(d.Maturity):
		return d, &Refusal{Code: DepositMatured, Subject: a.Masked(), At: d.Maturity}
	case d.Instruction == ins:
		return d, nil
	}
	if to, err := depositSavings(ctx, tx, d); err != nil {
		return d, err
	} else if to.Kind != store.AccountSavings && (ins != store.AROTotal || d.Monthly()) {
		return d, &Refusal{Code: NoPayoutAccount, Subject: a.Masked()}
	}
	if err := tx.SetDepositInstruction(ctx, d, ins); err != nil {
		return d, err
	}
	d.Instruction = ins
	return d, TellMember(ctx, tx, a.Branch, a.MemberID, lang, func(msg catalog.Messages) string { return msg.DepositInstructionChanged(d) })
}

// depositIn is the account with the given number (as staff type it) and the deposit it holds.
func depositIn(ctx context.Context, tx *store.Tx, number string) (store.Account, store.TimeDeposit, error) {
	a, err := tellerAccount(ctx, tx, number)
	if err != nil {
		return store.Account{}, store.TimeDeposit{}, err
	}
	d, err := tx.TimeDepositByAccount(ctx, a.Number)
	if errors.Is(err, store.ErrNotFound) {
		return a, d, &Refusal{Code: NoDeposit, Subject: a.Masked(), Status: a.Kind}
	}
	return a, d, err
}

// planBreak works out an early withdrawal of d (held in a) on day today, or refuses it: a
// deposit closed already, matured, or without an active savings account to pay into.
func planBreak(ctx context.Context, tx *store.Tx, a store.Account, d store.TimeDeposit, today time.Time) (DepositBreak, error) {
	today = dateOf(today)
	switch {
	case d.Status != store.DepositActive || a.Status == store.AccountClosed:
		return DepositBreak{}, &Refusal{Code: DepositClosed, Subject: a.Masked(), At: d.Ended}
	case !today.Before(d.Maturity):
		return DepositBreak{}, &Refusal{Code: DepositMatured, Subject: a.Masked(), At: d.Maturity}
	}
	to, err := depositSavings(ctx, tx, d)
	if err != nil {
		return DepositBreak{}, err
	}
	if to.Kind != store.AccountSavings {
		r := &Refusal{Code: NoPayoutAccount, Subject: a.Masked()}
		if d.Payout.ID != 0 {
			r.Other = d.Payout.Masked()
		}
		return DepositBreak{}, r
	}
	p, err := tx.ProductByCode(ctx, a.ProductCode)
	if err != nil {
		return DepositBreak{}, err
	}
	penalty := min(d.Principal*p.Settings().EarlyPenaltyBP/10_000, a.Amount())
	m, err := tx.MemberByID(ctx, a.MemberID)
	if err != nil {
		return DepositBreak{}, err
	}
	return DepositBreak{Receipt: store.Receipt{Account: to, Amount: a.Amount() - penalty, Member: m}, Deposit: d, Penalty: penalty,
		Forfeited: loan.DepositPeriodInterest(d.Principal, d.RateBP, int(today.Sub(d.PaidThrough).Hours()/24))}, nil
}

// depositBreakOf reads an early withdrawal back from its journal transaction.
func depositBreakOf(ctx context.Context, tx *store.Tx, op TellerOp, p store.Posted, d store.TimeDeposit, duplicate bool) (DepositBreak, error) {
	b := DepositBreak{Receipt: receiptOf(p, op, duplicate), Deposit: d}
	for _, l := range p.Lines {
		switch l.Account.Kind {
		case store.AccountSavings:
			b.Receipt.Account, b.Receipt.Amount = l.Account, l.Amount
		case store.AccountFeeIncome:
			b.Penalty = l.Amount
		}
	}
	m, err := tx.MemberByID(ctx, d.Account.MemberID)
	b.Receipt.Member = m
	return b, err
}

// depositError is a time deposit's refusal as one English sentence.
func (r *Refusal) depositError() (string, bool) {
	switch r.Code {
	case NoDeposit:
		return fmt.Sprintf("account %s is not a time deposit (it is a %s account)", r.Subject, r.Status), true
	case DepositClosed:
		if r.At.IsZero() {
			return fmt.Sprintf("time deposit %s is closed already", r.Subject), true
		}
		return fmt.Sprintf("time deposit %s is closed already (on %s)", r.Subject, r.At.Format(store.DateLayout)), true
	case DepositMatured:
		return fmt.Sprintf("time deposit %s matured on %s: the day's close pays it out or renews it by its instruction", r.Subject, r.At.Format(store.DateLayout)), true
	case NoPayoutAccount:
		return fmt.Sprintf("time deposit %s has no active savings account to pay into (%s)", r.Subject, cmp.Or(r.Other, "none")), true
	case BelowMinOpening:
		return fmt.Sprintf("%s takes at least %s (%s asked)", r.Subject, parse.Rupiah(r.Min), parse.Rupiah(r.Got)), true
	case BadTenor:
		return fmt.Sprintf("%s is not offered for %d months", r.Subject, r.Got), true
	}
	return "", false
}
