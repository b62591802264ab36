package coop

import (
	"context"
	"fmt"
	"strconv"

	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// Monthly administration fees (issue 16, part 2). On the product's fee day every active
// account is charged the fee, except one holding at least the product's fee-free balance at
// the end of the day. A fee takes only what a withdrawal could: never below zero, below what
// is held or below the product's minimum balance (which the ledger check holds savings to).
// What the account cannot pay is owed (fee_receivable) and collected, oldest first, by the
// close of the first day the money is there.

// chargeSavingsFees is the close step savings-fees. It runs before savings-accrual, so the
// day's balances the interest counts are the balances after the day's fees.
func chargeSavingsFees(ctx context.Context, d *DayRun) (string, error) {
	var t feeTotals
	if err := d.collectFeesOwed(ctx, &t); err != nil {
		return "", err
	}
	var products []store.Product
	if err := d.Office.DB.View(ctx, func(tx *store.Tx) (err error) { products, err = tx.Products(ctx); return }); err != nil {
		return "", err
	}
	for _, p := range products {
		s := p.Settings()
		if !store.IsSavings(p.Kind) || s.MonthlyFee <= 0 || !dayOfMonth(d.Day, s.FeeDay).Equal(d.Day) {
			continue
		}
		if err := d.chargeFees(ctx, p, &t); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%d accounts charged %s, %s collected of fees owed, %s more owed",
		t.charged, parse.Rupiah(t.fees), parse.Rupiah(t.collected), parse.Rupiah(t.owed)), nil
}

// feeTotals are what the fees step did, for its summary.
type feeTotals struct {
	charged               int
	fees, collected, owed int64
}

// collectFeesOwed takes what accounts owe from what they hold now (and held at the end of
// the day, so the day's balance never reads below zero).
func (d *DayRun) collectFeesOwed(ctx context.Context, t *feeTotals) error {
	return d.Office.DB.Update(ctx, func(tx *store.Tx) error {
		accts, err := tx.AccountsOwingFees(ctx, d.End)
		if err != nil {
			return err
		}
		own := newOwnAccounts(tx)
		for _, a := range accts {
			take := min(feeRoom(a), a.Owed)
			if take <= 0 {
				continue
			}
			applied, err := own.post(ctx, d.feeEntry("fee-arrears:"+strconv.FormatInt(a.ID, 10)+":"+d.Day.Format(store.DateLayout), a.Branch, store.Memo{Kind: store.MemoFeeArrears}),
				store.Posting{Account: a.ID, Amount: -take}, ownPosting{store.AccountFeeReceivable, take})
			if err != nil {
				return err
			}
			if !applied {
				continue // collected by a close that ran before
			}
			t.collected += take
			if err := tx.SetFeesOwed(ctx, a.ID, a.Owed-take); err != nil {
				return err
			}
		}
		return nil
	})
}

// feeRoom is what a fee may take from an account: what a withdrawal could, from what it
// holds now and held at the end of the day (so neither reads below the minimum).
func feeRoom(a store.FeeAccount) int64 { return max(0, min(a.EndOfDay, a.Balance)-a.Held-a.Minimum) }

// chargeFees charges p's monthly fee to its accounts, postingBatch accounts a transaction.
func (d *DayRun) chargeFees(ctx context.Context, p store.Product, t *feeTotals) error {
	s := p.Settings()
	var after int64
	for {
		var accts []store.FeeAccount
		err := d.Office.DB.Update(ctx, func(tx *store.Tx) error {
			var err error
			if accts, err = tx.FeeAccounts(ctx, p.ID, d.End, after, postingBatch); err != nil {
				return err
			}
			own := newOwnAccounts(tx)
			for _, a := range accts {
				after = a.ID
				if s.FeeFreeBalance > 0 && a.EndOfDay >= s.FeeFreeBalance {
					continue // exempt; what it owes was collected before
				}
				charged, owed := loan.Fee(feeRoom(a), s.MonthlyFee, a.Owed)
				// One journal: the fee earned in full, what the account paid, the rest owed (or
				// what it owed before, collected).
				applied, err := own.post(ctx, d.feeEntry("fee:"+strconv.FormatInt(a.ID, 10)+":"+d.Day.Format("2006-01"), a.Branch, store.MonthMemo(store.MemoFee, d.Day)),
					store.Posting{Account: a.ID, Amount: -charged}, ownPosting{store.AccountFeeIncome, s.MonthlyFee},
					ownPosting{store.AccountFeeReceivable, charged - s.MonthlyFee})
				if err != nil {
					return err
				}
				if !applied {
					continue // charged by a close that ran before
				}
				t.charged++
				t.fees, t.collected, t.owed = t.fees+s.MonthlyFee, t.collected+max(0, charged-s.MonthlyFee), t.owed+max(0, owed-a.Owed)
				if err := tx.SetFeesOwed(ctx, a.ID, owed); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || len(accts) < postingBatch {
			return err
		}
	}
}

// feeEntry is a fee journal of the day.
func (d *DayRun) feeEntry(key, branch string, memo store.Memo) store.Entry {
	return store.Entry{Key: key, Branch: branch, Kind: store.KindFee, Memo: memo, AuthorKind: store.AuthorJob, At: d.lastSecond()}
}
