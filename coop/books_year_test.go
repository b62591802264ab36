package coop_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// A year of the books on demo data with every step of the close: members' money moves at the
// counter through the year (a deposit every Monday, a withdrawal every fourth Friday), every
// day is closed twice (the second run refused and every step run again changing nothing),
// and the ledger check holds at the end of each month. The parts' own tests check the figures.
func TestBooksRunAYearOnDemoData(t *testing.T) {
	w := newBookWorld(t, time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	tab := w.savingsNumber("6281200000001", "TAB")
	op := func(key string) coop.TellerOp {
		return coop.TellerOp{Key: key, By: "test", Lang: "id", Loc: w.loc, LateFeeBP: 10}
	}
	months := 0
	for d := w.day(2027, 1, 1); d.Year() == 2027; d = d.AddDate(0, 0, 1) {
		w.now = d.Add(10 * time.Hour)
		err := w.db.Update(ctx, func(tx *store.Tx) error {
			var err error
			switch {
			case d.Weekday() == time.Monday:
				_, err = coop.CashDeposit(ctx, tx, op("in-"+d.Format("20060102")), tab, 150_000, "")
			case d.Weekday() == time.Friday && d.YearDay()%4 == 0:
				_, err = coop.CashWithdrawal(ctx, tx, op("out-"+d.Format("20060102")), tab, 100_000, "")
			}
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", d.Format("2006-01-02"), err)
		}
		rep := w.closeDayTwice(d)
		if got, want := len(rep.Steps), coop.CloseStepCount(); got != want {
			t.Fatalf("%s: the close ran %d steps, want %d", d.Format("2006-01-02"), got, want)
		}
		if d.AddDate(0, 0, 1).Day() == 1 {
			w.ledgerOK()
			months++
		}
	}
	if months != 12 {
		t.Fatalf("checked the ledger after %d months, want 12", months)
	}
	var last time.Time
	if err := w.db.View(ctx, func(tx *store.Tx) (err error) { last, _, err = tx.LastClosedDay(ctx); return }); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(last.Format("2006-01-02")); got != "2027-12-31" {
		t.Fatalf("last closed day %s, want 2027-12-31", got)
	}
}

// savingsNumber is the number of the member's account of the product.
func (w *bookWorld) savingsNumber(phone, product string) string {
	w.t.Helper()
	var number string
	err := w.db.View(context.Background(), func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(context.Background(), phone)
		if err != nil {
			return err
		}
		accts, err := tx.AccountsOfMember(context.Background(), m.ID, store.AccountSavings)
		for _, a := range accts {
			if a.ProductCode == product {
				number = a.Number
			}
		}
		return err
	})
	if err != nil || number == "" {
		w.t.Fatalf("%s has no %s account (%v)", phone, product, err)
	}
	return number
}
