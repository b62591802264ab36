package coop

import (
	"context"
	"time"

	"github.com/kopbot/kopbot/store"
)

// WajibDue works out which months of simpanan wajib are unpaid: one payment is due for
// every month from the month the member joined (or, for a member brought in paid through a
// month, from the month after it) to this month; what the wajib account holds pays the
// oldest months first. An exempt member owes none.
func WajibDue(ctx context.Context, tx *store.Tx, m store.Member, today time.Time) (store.WajibDue, bool, error) {
	accounts, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
	if err != nil {
		return store.WajibDue{}, false, err
	}
	for _, a := range accounts {
		if a.ProductKind != store.ProductWajib {
			continue
		}
		p, err := tx.ProductByCode(ctx, a.ProductCode)
		if err != nil {
			return store.WajibDue{}, false, err
		}
		terms, err := tx.WajibTerms(ctx, m.ID)
		if err != nil {
			return store.WajibDue{}, false, err
		}
		return WajibDueOf(a, p.Settings().Amount, m.JoinedAt, terms, today), true, nil
	}
	return store.WajibDue{}, false, nil
}

// WajibDueOf is what a wajib account holding a.Amount() still owes at today, for a member who
// joined at joined on terms: one payment of monthly a month from the first month owed, oldest
// paid first. With a month paid through, the months up to it were paid by the balance brought
// in (terms.Opening), and only what the account holds beyond it pays the months after.
func WajibDueOf(a store.Account, monthly int64, joined time.Time, terms store.WajibTerms, today time.Time) store.WajibDue {
	due := store.WajibDue{Account: a, Monthly: monthly}
	if monthly <= 0 || terms.Exempt {
		return due
	}
	loc := today.Location()
	joined = joined.In(loc)
	first := time.Date(joined.Year(), joined.Month(), 1, 0, 0, 0, 0, loc)
	paid := a.Amount()
	if !terms.PaidThrough.IsZero() {
		first = time.Date(terms.PaidThrough.Year(), terms.PaidThrough.Month()+1, 1, 0, 0, 0, 0, loc)
		paid -= terms.Opening
	}
	paidMonths := paid / monthly
	for month, k := first, int64(0); !month.After(today); month, k = month.AddDate(0, 1, 0), k+1 {
		if k >= paidMonths {
			due.Unpaid = append(due.Unpaid, month)
		}
	}
	return due
}
