package coop

import (
	"context"
	"time"

	"github.com/kopbot/kopbot/store"
)

// WajibDue works out which months of simpanan wajib are unpaid: one payment is due for
// every month from the month the member joined to this month; what the wajib account
// holds pays the oldest months first.
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
		return WajibDueOf(a, p.Settings().Amount, m.JoinedAt, today), true, nil
	}
	return store.WajibDue{}, false, nil
}

// WajibDueOf is what a wajib account holding a.Amount() still owes at today, for a member who
// joined at joined: one payment of monthly a month from the month joined, oldest paid first.
func WajibDueOf(a store.Account, monthly int64, joined, today time.Time) store.WajibDue {
	due := store.WajibDue{Account: a, Monthly: monthly}
	if monthly <= 0 {
		return due
	}
	joined = joined.In(today.Location())
	first := time.Date(joined.Year(), joined.Month(), 1, 0, 0, 0, 0, today.Location())
	paidMonths := a.Amount() / monthly
	for month, k := first, int64(0); !month.After(today); month, k = month.AddDate(0, 1, 0), k+1 {
		if k >= paidMonths {
			due.Unpaid = append(due.Unpaid, month)
		}
	}
	return due
}
