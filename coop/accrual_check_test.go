package coop_test

import (
	"context"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

// Days closed late are counted as they ended, not as the account stands when the close runs:
// Budi deposits Rp100.000 at 10:00 on each of three days and the books are closed for all
// three on the fourth morning (the close of 31 December began January's period).
func TestSavingsAccrualCatchUpCountsEachDayAsItEnded(t *testing.T) {
	w := newBookWorld(t, time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC))
	tab := w.savingsNumber("6281200000001", "TAB") // Rp2.400.000
	w.closeDay(w.day(2026, 12, 31))
	for d := w.day(2027, 1, 1); d.Day() <= 3; d = d.AddDate(0, 0, 1) {
		w.now = d.Add(10 * time.Hour)
		w.cash(tab, 100_000)
	}
	w.now = w.day(2027, 1, 4).Add(9 * time.Hour)
	if _, err := w.office.CloseThrough(context.Background(), w.day(2027, 1, 3)); err != nil {
		t.Fatal(err)
	}
	var earning, lowest, counted int64
	err := storetest.Raw(t, w.db).QueryRow(`SELECT s.earning, s.lowest, s.counted FROM savings_accruals s JOIN accounts a ON a.id = s.account_id
		WHERE a.number = ?`, tab).Scan(&earning, &lowest, &counted)
	if err != nil {
		t.Fatal(err)
	}
	// 31 December's close credited a day's interest on Rp2.400.000: 2.400.000 × 300 / 3.650.000 = 197,26 -> Rp197.
	// Then 2.500.197 + 2.600.197 + 2.700.197 = 7.800.591, the lowest 2.500.197, days 0, 1 and 2 of January's period.
	if earning != 7_800_591 || lowest != 2_500_197 || counted != 0b111 {
		t.Fatalf("accrual holds a sum of %d, lowest %d, days %b; want 7800591, 2500197, 111", earning, lowest, counted)
	}
	w.accrualsOK()
}

// The accruals check finds an accrual that does not match the postings, and fees owed that
// are not the fees receivable.
func TestCheckAccrualsFindsMismatches(t *testing.T) {
	w := newBookWorld(t, time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC))
	w.closeDay(w.day(2027, 1, 1))
	w.accrualsOK()
	raw := storetest.Raw(t, w.db)
	tab := w.savingsNumber("6281200000001", "TAB")
	if _, err := raw.Exec(`UPDATE savings_accruals SET earning = earning + 1 WHERE account_id = (SELECT id FROM accounts WHERE number = ?)`, tab); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO savings_fees_owed (account_id, owed) SELECT id, 5000 FROM accounts WHERE number = ?`, tab); err != nil {
		t.Fatal(err)
	}
	var got []store.Violation
	err := w.db.View(context.Background(), func(tx *store.Tx) (err error) {
		got, err = w.office.CheckAccruals(context.Background(), tx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]store.Violation{}
	for _, v := range got {
		kinds[v.Kind] = v
	}
	if v, ok := kinds[coop.ViolationAccrualMismatch]; !ok || v.Account != store.MaskNumber(tab) || len(got) != 2 {
		t.Errorf("violations %+v, want one accrual mismatch on %s", got, store.MaskNumber(tab))
	}
	if _, ok := kinds[coop.ViolationFeesOwedMismatch]; !ok {
		t.Errorf("violations %+v, want fees owed not matching fees receivable", got)
	}
}

// A frozen account earns nothing while frozen and takes no postings: the interest of the days
// before is credited at the first close after it is active again. Siti's Rp2.900.000 is
// frozen from 20 January to 3 February.
func TestFrozenAccountIsCreditedWhenActiveAgain(t *testing.T) {
	w := newBookWorld(t, time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC))
	tab := w.savingsNumber("6281200000002", "TAB")
	status := func(s store.AccountStatus) {
		err := w.db.Update(context.Background(), func(tx *store.Tx) error { return tx.ChangeAccountStatus(context.Background(), tab, s) })
		if err != nil {
			t.Fatal(err)
		}
	}
	for d := w.day(2027, 1, 1); d.Before(w.day(2027, 2, 5)); d = d.AddDate(0, 0, 1) {
		w.now = d.Add(10 * time.Hour)
		switch d.Format("2006-01-02") {
		case "2027-01-20":
			status(store.AccountFrozen)
		case "2027-02-03":
			status(store.AccountActive)
		}
		w.closeDayTwice(d)
		// Nothing is credited while the account is frozen.
		if got := w.posted("interest:"+w.idOf(tab)+":2027-01-31", tab); d.Before(w.day(2027, 2, 3)) && got != 0 {
			t.Fatalf("%s: credited %d to a frozen account", d.Format("2006-01-02"), got)
		}
	}
	// 1-19 January counted: 2.900.000 × 300 × 19 / 3.650.000 = 4.528,77 -> Rp4.528, credited on the 3rd.
	if got := w.posted("interest:"+w.idOf(tab)+":2027-01-31", tab); got != 4_528 {
		t.Errorf("January's interest %d, want 4528", got)
	}
	var start string
	var counted int64
	err := storetest.Raw(t, w.db).QueryRow(`SELECT s.period_start, s.counted FROM savings_accruals s JOIN accounts a ON a.id = s.account_id
		WHERE a.number = ?`, tab).Scan(&start, &counted)
	if err != nil || start != "2027-02-04" || counted != 1 {
		t.Errorf("next period from %s with days %b (%v), want from 2027-02-04 with the 4th counted", start, counted, err)
	}
	w.ledgerOK()
	w.accrualsOK()
}
