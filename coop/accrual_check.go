package coop

import (
	"context"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// Kinds of violation CheckAccruals reports (kopbot ledger check's "accruals").
const (
	// An open interest period does not hold what its counted days' balances add up to.
	ViolationAccrualMismatch = "accrual_mismatch"
	// What members' accounts owe in fees is not the branch's fees receivable.
	ViolationFeesOwedMismatch = "fees_owed_mismatch"
)

// CheckAccruals proves, on the snapshot tx reads, that the interest accrued and not yet
// posted is what the postings will be, and that fees owed are the fees receivable:
//
//  1. for every open period, each counted day's end-of-day balance is worked out again from
//     the account's postings (its balance now less what was posted after that day); the
//     sum of the earning days and the lowest balance must be what the accrual keeps, and
//     loan.SavingsInterest of those balances must be the interest the accrual gives;
//  2. the fees owed by each branch's accounts add up to its fee_receivable balance.
//
// It reads the postings since the earliest open period once (one pass), not per account.
func (o *Office) CheckAccruals(ctx context.Context, tx *store.Tx) ([]store.Violation, error) {
	open, err := tx.OpenAccruals(ctx)
	if err != nil {
		return nil, err
	}
	var out []store.Violation
	if len(open) > 0 {
		if out, err = o.checkOpenAccruals(ctx, tx, open); err != nil {
			return nil, err
		}
	}
	owed, err := tx.FeesOwedByBranch(ctx)
	if err != nil {
		return nil, err
	}
	recv, err := tx.OwnBalances(ctx, store.AccountFeeReceivable)
	if err != nil {
		return nil, err
	}
	for b := range recv {
		if _, ok := owed[b]; !ok {
			owed[b] = 0
		}
	}
	for b, n := range owed {
		if -recv[b] != n { // fee_receivable is a debit account: what is owed reads negative
			out = append(out, store.Violation{Kind: ViolationFeesOwedMismatch,
				Detail: fmt.Sprintf("branch %s: accounts owe %s in fees, fees receivable is %s", b, parse.Rupiah(n), parse.Rupiah(-recv[b]))})
		}
	}
	return out, nil
}

func (o *Office) checkOpenAccruals(ctx context.Context, tx *store.Tx, open []store.Accrual) ([]store.Violation, error) {
	since := open[0].PeriodStart
	for _, a := range open {
		if a.PeriodStart.Before(since) {
			since = a.PeriodStart
		}
	}
	posts, err := tx.PostingsOfAccruals(ctx, o.midnight(since))
	if err != nil {
		return nil, err
	}
	byAccount := map[int64][]store.AccountPosting{}
	for _, p := range posts {
		byAccount[p.Account] = append(byAccount[p.Account], p)
	}
	products, err := productsByID(ctx, tx)
	if err != nil {
		return nil, err
	}
	var out []store.Violation
	for _, a := range open {
		if problem := o.recount(a, products[a.Product], byAccount[a.Account]); problem != "" {
			out = append(out, store.Violation{Kind: ViolationAccrualMismatch, Account: store.MaskNumber(a.Number), Detail: problem})
		}
	}
	return out, nil
}

// midnight is the calendar day d (as the store gives it) at midnight in the cooperative's zone.
func (o *Office) midnight(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, o.location())
}

// recount works out a's counted days again from its postings; "" when they agree.
func (o *Office) recount(a store.Accrual, p store.Product, posts []store.AccountPosting) string {
	n := periodDays(a)
	if n > 31 || a.Counted>>n != 0 {
		return fmt.Sprintf("period %s to %s: days counted outside it", a.PeriodStart.Format(store.DateLayout), a.PeriodEnd.Format(store.DateLayout))
	}
	s := p.Settings()
	balances := make([]int64, max(n, 28))
	var earning, lowest int64
	first := true
	for i := range n {
		if a.Counted&(1<<i) == 0 {
			continue
		}
		end := o.midnight(a.PeriodStart).AddDate(0, 0, i+1)
		b := a.Balance
		for _, q := range posts {
			if !q.At.Before(end) {
				b -= q.Amount
			}
		}
		balances[i] = b
		if b > 0 && b >= s.InterestMinBalance {
			earning += b
		}
		if first || b < lowest {
			lowest, first = b, false
		}
	}
	if earning != a.Earning || lowest != a.Lowest {
		return fmt.Sprintf("period %s to %s, %d days counted: the postings give a sum of %s and a lowest balance of %s, the accrual holds %s and %s",
			a.PeriodStart.Format(store.DateLayout), a.PeriodEnd.Format(store.DateLayout), a.Days(),
			parse.Rupiah(earning), parse.Rupiah(lowest), parse.Rupiah(a.Earning), parse.Rupiah(a.Lowest))
	}
	want, err := loan.SavingsInterest(interestMethod(s), balances, p.RateBP, s.InterestMinBalance)
	if err != nil {
		return err.Error()
	}
	got, err := accruedInterest(a, p)
	if err != nil {
		return err.Error()
	}
	if got != want {
		return fmt.Sprintf("the accrual gives %s interest so far, its days' balances give %s", parse.Rupiah(got.Interest), parse.Rupiah(want.Interest))
	}
	return ""
}
