package coop

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// Savings interest (issue 16, part 1). Each day's close counts every earning account's
// end-of-day balance into its open period (savings-accrual); on the product's posting day
// the period's interest is credited, the tax withheld, and the next period begins
// (savings-interest). loan.SavingsInterest is the rule; the accrual keeps just enough (the
// sum of the earning days' balances, the lowest balance, which days were counted) to give
// exactly what it would give for the period's daily balances.

// postingBatch is how many accounts' interest one transaction posts: a month's postings for
// 100,000 accounts never hold the write lock for one long stretch.
const postingBatch = 2000

// dayOfMonth is the date a posting day (or fee day) falls on in the month of t: day, or the
// month's last day when day is 0 or past the month's end.
func dayOfMonth(t time.Time, day int) time.Time {
	last := time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, t.Location())
	if day <= 0 || day > last.Day() {
		return last
	}
	return time.Date(t.Year(), t.Month(), day, 0, 0, 0, 0, t.Location())
}

// interestPeriod is the posting period day falls in: from the day after the posting date
// before it, through the first posting date on or after day. It is 28 to 31 days long.
func interestPeriod(day time.Time, postingDay int) (start, end time.Time) {
	end = dayOfMonth(day, postingDay)
	if end.Before(day) {
		end = dayOfMonth(time.Date(day.Year(), day.Month()+1, 1, 0, 0, 0, 0, day.Location()), postingDay)
	}
	prev := dayOfMonth(time.Date(end.Year(), end.Month()-1, 1, 0, 0, 0, 0, end.Location()), postingDay)
	return prev.AddDate(0, 0, 1), end
}

// interestMethod is a product's method as loan.SavingsInterest names it.
func interestMethod(s store.ProductParams) loan.InterestMethod {
	if s.InterestMethod == "lowest_balance" {
		return loan.LowestBalance
	}
	return loan.DailyBalance
}

// earnsInterest says whether accounts of p accrue interest.
func earnsInterest(p store.Product) bool { return store.IsSavings(p.Kind) && p.RateBP > 0 }

// accrueSavings is the close step savings-accrual: every earning account counts the day.
func accrueSavings(ctx context.Context, d *DayRun) (string, error) {
	var counted int64
	err := d.Office.DB.Update(ctx, func(tx *store.Tx) error {
		products, err := tx.Products(ctx)
		if err != nil {
			return err
		}
		for _, p := range products {
			if !earnsInterest(p) {
				continue
			}
			s := p.Settings()
			start, end := interestPeriod(d.Day, s.PostingDay)
			n, err := tx.AccrueSavings(ctx, store.AccrualDay{Product: p.ID, Day: d.Day, End: d.End,
				PeriodStart: start, PeriodEnd: end, MinBalance: s.InterestMinBalance})
			if err != nil {
				return err
			}
			counted += n
		}
		return nil
	})
	return fmt.Sprintf("%d accounts counted", counted), err
}

// periodDays is how many days an accrual's period has.
func periodDays(a store.Accrual) int {
	return int(a.PeriodEnd.Sub(a.PeriodStart).Hours()/24+0.5) + 1
}

// accruedInterest is what a period's interest comes to from its accrual, as
// loan.SavingsInterest gives it: the daily method's interest depends only on the sum of the
// earning days' balances, so that sum on one day of the period (every other day zero) gives
// the same figure; the lowest method earns only when every day of the period was counted
// (a day not counted, before the account was opened, is a balance of zero).
func accruedInterest(a store.Accrual, p store.Product) (loan.Accrual, error) {
	s := p.Settings()
	n := periodDays(a)
	if n > 31 {
		return loan.Accrual{}, fmt.Errorf("account %s: a period of %d days", store.MaskNumber(a.Number), n)
	}
	balances := make([]int64, max(n, 28))
	method, minimum := interestMethod(s), s.InterestMinBalance
	switch {
	case method == loan.DailyBalance:
		balances[0], minimum = a.Earning, 0
	case a.Counted == 1<<n-1:
		for i := range n {
			balances[i] = a.Lowest
		}
	}
	return loan.SavingsInterest(method, balances, p.RateBP, minimum)
}

// postSavingsInterest is the close step savings-interest: every period ending on the day
// (or before, should one have been missed) is credited and the next one begins.
func postSavingsInterest(ctx context.Context, d *DayRun) (string, error) {
	var accounts int
	var interest, tax, after int64
	for {
		var due []store.Accrual
		err := d.Office.DB.Update(ctx, func(tx *store.Tx) error {
			var err error
			if due, err = tx.DueAccruals(ctx, d.Day, after, postingBatch); err != nil {
				return err
			}
			products, err := productsByID(ctx, tx)
			if err != nil {
				return err
			}
			own := newOwnAccounts(tx)
			for _, a := range due {
				after = a.Account
				i, t, err := d.postInterest(ctx, tx, own, a, products[a.Product])
				if err != nil {
					return err
				}
				if i > 0 {
					accounts++
				}
				interest, tax = interest+i, tax+t
			}
			return nil
		})
		if err != nil {
			return "", err
		}
		if len(due) < postingBatch {
			break
		}
	}
	return fmt.Sprintf("%d accounts credited %s interest, %s tax withheld", accounts, parse.Rupiah(interest), parse.Rupiah(tax)), nil
}

// postInterest credits one account's period and starts its next one, in tx. A frozen
// account's period waits (DueAccruals leaves it out) and is credited on the first close after
// it is active again; a closed account stops accruing.
func (d *DayRun) postInterest(ctx context.Context, tx *store.Tx, own *ownAccounts, a store.Accrual, p store.Product) (interest, tax int64, err error) {
	if a.Status == store.AccountClosed {
		return 0, 0, tx.DropAccrual(ctx, a.Account)
	}
	acc, err := accruedInterest(a, p)
	if err != nil {
		return 0, 0, err
	}
	if acc.Interest > 0 {
		interest = acc.Interest
		tax = loan.WithholdingTax(interest, d.Office.Books.TaxThreshold, d.Office.Books.TaxRateBP)
		period := a.PeriodEnd.Format(store.DateLayout)
		at := d.lastSecond()
		_, err := own.post(ctx, store.Entry{Key: "interest:" + strconv.FormatInt(a.Account, 10) + ":" + period, Branch: a.Branch, Kind: store.KindInterest,
			Memo: store.MonthMemo(store.MemoInterest, a.PeriodEnd), AuthorKind: store.AuthorJob, At: at},
			store.Posting{Account: a.Account, Amount: interest}, ownPosting{store.AccountInterestExpense, -interest})
		if err != nil {
			return 0, 0, err
		}
		if tax > 0 {
			_, err := own.post(ctx, store.Entry{Key: "interest-tax:" + strconv.FormatInt(a.Account, 10) + ":" + period, Branch: a.Branch, Kind: store.KindInterest,
				Memo: store.MonthMemo(store.MemoInterestTax, a.PeriodEnd), AuthorKind: store.AuthorJob, At: at},
				store.Posting{Account: a.Account, Amount: -tax}, ownPosting{store.AccountTaxPayable, tax})
			if err != nil {
				return 0, 0, err
			}
		}
	}
	next := d.Day.AddDate(0, 0, 1)
	start, end := interestPeriod(next, p.Settings().PostingDay)
	if start.Before(next) { // the posting day was changed, or the period waited: the next starts the day after this close
		start = next
	}
	return interest, tax, tx.RestartAccrual(ctx, a.Account, start, end, d.Day)
}

// productsByID are every product by its ID.
func productsByID(ctx context.Context, tx *store.Tx) (map[int64]store.Product, error) {
	ps, err := tx.Products(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]store.Product, len(ps))
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}

// ownAccounts finds each branch's own accounts once per transaction.
type ownAccounts struct {
	tx  *store.Tx
	ids map[[2]string]int64
}

func newOwnAccounts(tx *store.Tx) *ownAccounts {
	return &ownAccounts{tx: tx, ids: map[[2]string]int64{}}
}

// ownPosting is a posting on the branch's own account of a kind.
type ownPosting struct {
	kind   string
	amount int64
}

// post posts e with a member's posting and postings on the branch's own accounts (those of
// amount zero left out); applied is false when e's key was posted before.
func (o *ownAccounts) post(ctx context.Context, e store.Entry, member store.Posting, own ...ownPosting) (applied bool, err error) {
	if member.Amount != 0 {
		e.Postings = append(e.Postings, member)
	}
	for _, p := range own {
		if p.amount == 0 {
			continue
		}
		k := [2]string{e.Branch, p.kind}
		id, ok := o.ids[k]
		if !ok {
			a, err := o.tx.SystemAccount(ctx, e.Branch, p.kind)
			if err != nil {
				return false, err
			}
			id, o.ids[k] = a.ID, a.ID
		}
		e.Postings = append(e.Postings, store.Posting{Account: id, Amount: p.amount})
	}
	_, applied, err = o.tx.Post(ctx, e)
	return applied, err
}

// lastSecond is when the close's postings are dated: the closed day's last second, so the
// month's statement shows the month's interest and fees, and the next day's balance has them.
func (d *DayRun) lastSecond() time.Time { return d.End.Add(-time.Second) }
