package coop_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

// savingsRules sets the demo's savings products for the year: Tabungan Sejahtera (TAB) earns
// 3% by the daily balance, nothing on a day under Rp500.000, posted on the month's last day,
// with a Rp5.000 fee that day unless the account holds Rp3.000.000; Simpanan Sukarela (SS)
// earns 2% on the lowest balance of the period, nothing under Rp100.000, posted on the 25th.
func (w *bookWorld) savingsRules() {
	w.t.Helper()
	ctx := context.Background()
	err := w.db.Update(ctx, func(tx *store.Tx) error {
		for _, p := range []store.Product{
			{Code: "TAB", Kind: store.ProductTabungan, Name: "Tabungan Sejahtera", MinOpening: 50_000, MinBalance: 25_000, RateBP: 300,
				Params: store.ProductParams{InterestMethod: "daily_balance", InterestMinBalance: 500_000, MonthlyFee: 5_000, FeeFreeBalance: 3_000_000}.JSON()},
			{Code: "SS", Kind: store.ProductSukarela, Name: "Simpanan Sukarela", MinOpening: 10_000, RateBP: 200,
				Params: store.ProductParams{InterestMethod: "lowest_balance", InterestMinBalance: 100_000, PostingDay: 25}.JSON()},
		} {
			if _, err := tx.SyncProduct(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

// openSavings opens an account of product for the member and returns its number.
func (w *bookWorld) openSavings(phone, product string) string {
	w.t.Helper()
	ctx := context.Background()
	var number string
	err := w.db.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, phone)
		if err != nil {
			return err
		}
		p, err := tx.ProductByCode(ctx, product)
		if err != nil {
			return err
		}
		a, err := tx.OpenAccount(ctx, store.OpenAccount{Branch: m.Branch, MemberID: m.ID, Product: p, Name: p.Name})
		number = a.Number
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return number
}

// cash moves cash in (amount > 0) or out at the counter, now.
func (w *bookWorld) cash(number string, amount int64) {
	w.t.Helper()
	ctx := context.Background()
	op := coop.TellerOp{Key: "cash-" + number + "-" + w.now.Format("20060102150405"), By: "test", Lang: "id", Loc: w.loc, LateFeeBP: 10}
	err := w.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		if amount > 0 {
			_, err = coop.CashDeposit(ctx, tx, op, number, amount, "")
		} else {
			_, err = coop.CashWithdrawal(ctx, tx, op, number, -amount, "")
		}
		return err
	})
	if err != nil {
		w.t.Fatalf("%s: cash %d on %s: %v", w.now.Format("2006-01-02"), amount, number, err)
	}
}

// posted is what the journal with key moved on the account (credit positive); 0 when no such journal.
func (w *bookWorld) posted(key, number string) int64 {
	w.t.Helper()
	var n int64
	err := storetest.Raw(w.t, w.db).QueryRow(`SELECT COALESCE(SUM(p.amount), 0) FROM postings p JOIN journal j ON j.id = p.journal_id
		JOIN accounts a ON a.id = p.account_id WHERE j.key = ? AND a.number = ?`, key, number).Scan(&n)
	if err != nil {
		w.t.Fatal(err)
	}
	return n
}

// balanceOf is the account's balance now.
func (w *bookWorld) balanceOf(number string) int64 {
	w.t.Helper()
	var n int64
	if err := storetest.Raw(w.t, w.db).QueryRow(`SELECT balance FROM accounts WHERE number = ?`, number).Scan(&n); err != nil {
		w.t.Fatal(err)
	}
	return n
}

// owes is what the account owes in fees.
func (w *bookWorld) owes(number string) int64 {
	w.t.Helper()
	var n int64
	err := storetest.Raw(w.t, w.db).QueryRow(`SELECT COALESCE((SELECT owed FROM savings_fees_owed f JOIN accounts a ON a.id = f.account_id WHERE a.number = ?), 0)`,
		number).Scan(&n)
	if err != nil {
		w.t.Fatal(err)
	}
	return n
}

// accrualsOK proves the accrued interest is what the postings will give, and fees owed are
// the fees receivable.
func (w *bookWorld) accrualsOK() {
	w.t.Helper()
	err := w.db.View(context.Background(), func(tx *store.Tx) error {
		vs, err := w.office.CheckAccruals(context.Background(), tx)
		if len(vs) > 0 {
			w.t.Fatalf("accruals check on %s: %+v", w.now.Format("2006-01-02"), vs)
		}
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

// card is the member's savings card of the account for month, as WhatsApp shows it.
func (w *bookWorld) card(number string, month time.Time) string {
	w.t.Helper()
	ctx := context.Background()
	var out string
	err := w.db.View(ctx, func(tx *store.Tx) error {
		a, err := tx.AccountByNumber(ctx, number)
		if err != nil {
			return err
		}
		st, err := tx.Statement(ctx, a, month, month.AddDate(0, 1, 0))
		out = catalog.For("id").SavingsCard(a, month, st, w.loc)
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}

// A year of savings interest, tax and fees on demo data, every day closed twice and the
// ledger and the accruals checked after each month, with the figures worked out by hand.
func TestSavingsInterestTaxAndFeesOverAYear(t *testing.T) {
	w := newBookWorld(t, time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC))
	w.savingsRules()
	budiTab := w.savingsNumber("6281200000001", "TAB") // Rp2.400.000 from the demo
	agusTab := w.savingsNumber("6281200000003", "TAB") // Rp3.400.000: no fee
	dewiTab := w.savingsNumber("6281200000004", "TAB") // Rp3.900.000
	budiSS := w.openSavings("6281200000001", "SS")
	rinaTab := w.openSavings("6281200000005", "TAB")

	// What happens at the counter, at 10:00 on the day.
	moves := map[string][]struct {
		number string
		amount int64
	}{
		"2027-01-01": {{budiSS, 1_000_000}, {dewiTab, 1_000_000_000}, {rinaTab, 50_000}},
		"2027-01-02": {{rinaTab, -25_000}},                   // down to the minimum: fees can take nothing
		"2027-02-08": {{budiTab, -2_101_114}},                // Rp2.401.114 -> Rp300.000, under the interest minimum
		"2027-02-10": {{budiSS, -400_000}, {rinaTab, 3_000}}, // SS Rp600.000; Rina pays Rp3.000 of the Rp5.000 owed
		"2027-02-15": {{budiTab, 700_000}},                   // Rp1.000.000
		"2027-02-20": {{budiSS, 900_000}},                    // SS Rp1.500.000
		"2027-03-05": {{rinaTab, 100_000}},                   // enough for the Rp7.000 owed by then
		"2027-03-10": {{budiSS, -1_450_000}},                 // SS Rp51.019, under its minimum of Rp100.000
	}
	months := 0
	for d := w.day(2027, 1, 1); d.Year() == 2027; d = d.AddDate(0, 0, 1) {
		w.now = d.Add(10 * time.Hour)
		for _, m := range moves[d.Format("2006-01-02")] {
			w.cash(m.number, m.amount)
		}
		w.closeDayTwice(d)
		w.checkSavingsDay(d, budiTab, budiSS, agusTab, dewiTab, rinaTab)
		if d.AddDate(0, 0, 1).Day() == 1 {
			w.ledgerOK()
			w.accrualsOK()
			months++
		}
	}
	if months != 12 {
		t.Fatalf("checked after %d months, want 12", months)
	}
	// February's savings card shows the interest and the fee, dated the month's last day.
	card := w.card(budiTab, w.day(2027, 2, 1))
	for _, line := range []string{"28 Feb  Biaya administrasi 02-2027 -Rp5.000  → Rp995.000", "28 Feb  Bunga 02-2027 +Rp2.531  → Rp997.531"} {
		if !strings.Contains(card, line) {
			t.Errorf("February's card has no line %q:\n%s", line, card)
		}
	}
	card = w.card(dewiTab, w.day(2027, 1, 1))
	for _, line := range []string{"31 Jan  Bunga 01-2027 +Rp2.557.882", "31 Jan  Pajak bunga 01-2027 -Rp255.788"} {
		if !strings.Contains(card, line) {
			t.Errorf("Dewi's January card has no line %q:\n%s", line, card)
		}
	}
}

// checkSavingsDay checks, after day's close, the figures worked out by hand for that day.
// Interest is balance × rate × days / 365, summed in units of 1/3.650.000 rupiah and rounded
// down once at posting (loan.SavingsInterest).
func (w *bookWorld) checkSavingsDay(d time.Time, budiTab, budiSS, agusTab, dewiTab, rinaTab string) {
	w.t.Helper()
	type want struct {
		key, number string
		amount      int64
	}
	var wants []want
	var owed map[string]int64
	balances := map[string]int64{}
	switch d.Format("2006-01-02") {
	case "2027-01-25":
		// SS opened on 1 January, inside the period 26 December - 25 January: the days before
		// it was opened are a balance of zero, so the period's lowest balance earns nothing.
		wants = []want{{"interest:" + w.idOf(budiSS) + ":2027-01-25", budiSS, 0}}
	case "2027-01-31":
		wants = []want{
			// Budi's TAB: Rp2.400.000 for 30 days, Rp2.395.000 on the 31st after the fee:
			// (2.400.000 × 30 + 2.395.000) × 300 / 3.650.000 = 74.395.000 × 300 / 3.650.000 = 6.114,66 -> Rp6.114.
			{"fee:" + w.idOf(budiTab) + ":2027-01", budiTab, -5_000},
			{"interest:" + w.idOf(budiTab) + ":2027-01-31", budiTab, 6_114},
			// Agus holds Rp3.400.000 >= Rp3.000.000: no fee. 3.400.000 × 300 × 31 / 3.650.000 = 8.663,01 -> Rp8.663.
			{"fee:" + w.idOf(agusTab) + ":2027-01", agusTab, 0},
			{"interest:" + w.idOf(agusTab) + ":2027-01-31", agusTab, 8_663},
			// Dewi: Rp1.003.900.000 all month: 1.003.900.000 × 300 × 31 / 3.650.000 = 2.557.882,19 -> Rp2.557.882,
			// above Rp240.000 a month, so 10% of all of it is withheld: Rp255.788 (255.788,2 rounded down).
			{"interest:" + w.idOf(dewiTab) + ":2027-01-31", dewiTab, 2_557_882},
			{"interest-tax:" + w.idOf(dewiTab) + ":2027-01-31", dewiTab, -255_788},
			// Rina sits at the product's minimum of Rp25.000: the fee takes nothing and is owed;
			// under the interest minimum of Rp500.000 every day, she earns nothing.
			{"fee:" + w.idOf(rinaTab) + ":2027-01", rinaTab, 0},
			{"interest:" + w.idOf(rinaTab) + ":2027-01-31", rinaTab, 0},
		}
		owed = map[string]int64{rinaTab: 5_000, budiTab: 0}
		balances = map[string]int64{budiTab: 2_401_114, agusTab: 3_408_663, rinaTab: 25_000}
	case "2027-02-10":
		// Rina's Rp3.000 deposit pays what it can of the Rp5.000 owed, at the day's close.
		wants = []want{{"fee-arrears:" + w.idOf(rinaTab) + ":2027-02-10", rinaTab, -3_000}}
		owed = map[string]int64{rinaTab: 2_000}
		balances = map[string]int64{rinaTab: 25_000}
	case "2027-02-25":
		// SS, 26 January - 25 February (31 days): Rp1.000.000, Rp600.000 from 10 February,
		// Rp1.500.000 from the 20th; lowest Rp600.000: 600.000 × 200 × 31 / 3.650.000 = 1.019,18 -> Rp1.019.
		wants = []want{{"interest:" + w.idOf(budiSS) + ":2027-02-25", budiSS, 1_019}}
		balances = map[string]int64{budiSS: 1_501_019}
	case "2027-02-28":
		// Budi's TAB in February: 7 days Rp2.401.114, 7 days Rp300.000 (under Rp500.000: nothing),
		// 13 days Rp1.000.000, the 28th Rp995.000 after the fee:
		// (7 × 2.401.114 + 13 × 1.000.000 + 995.000) × 300 / 3.650.000 = 30.802.798 × 300 / 3.650.000 = 2.531,74 -> Rp2.531.
		wants = []want{
			{"fee:" + w.idOf(budiTab) + ":2027-02", budiTab, -5_000},
			{"interest:" + w.idOf(budiTab) + ":2027-02-28", budiTab, 2_531},
			{"fee:" + w.idOf(rinaTab) + ":2027-02", rinaTab, 0},
		}
		owed = map[string]int64{rinaTab: 7_000}
		balances = map[string]int64{budiTab: 997_531, rinaTab: 25_000}
	case "2027-03-05":
		wants = []want{{"fee-arrears:" + w.idOf(rinaTab) + ":2027-03-05", rinaTab, -7_000}}
		owed = map[string]int64{rinaTab: 0}
		balances = map[string]int64{rinaTab: 118_000}
	case "2027-03-25":
		// SS, 26 February - 25 March: lowest Rp51.019 from 10 March, under the minimum Rp100.000: nothing.
		wants = []want{{"interest:" + w.idOf(budiSS) + ":2027-03-25", budiSS, 0}}
		balances = map[string]int64{budiSS: 51_019}
	case "2027-03-31":
		// Rina can pay now: Rp118.000 less the minimum Rp25.000 is room enough for Rp5.000.
		wants = []want{{"fee:" + w.idOf(rinaTab) + ":2027-03", rinaTab, -5_000}}
		owed = map[string]int64{rinaTab: 0}
		balances = map[string]int64{rinaTab: 113_000}
	}
	for _, x := range wants {
		if got := w.posted(x.key, x.number); got != x.amount {
			w.t.Errorf("%s: %s moved %d, want %d", d.Format("2006-01-02"), x.key, got, x.amount)
		}
	}
	for number, n := range owed {
		if got := w.owes(number); got != n {
			w.t.Errorf("%s: %s owes %d in fees, want %d", d.Format("2006-01-02"), number, got, n)
		}
	}
	for number, n := range balances {
		if got := w.balanceOf(number); got != n {
			w.t.Errorf("%s: %s holds %d, want %d", d.Format("2006-01-02"), number, got, n)
		}
	}
}

// idOf is the ID of the account with the number, as the books' journal keys name it.
func (w *bookWorld) idOf(number string) string {
	w.t.Helper()
	var id int64
	err := w.db.View(context.Background(), func(tx *store.Tx) error {
		a, err := tx.AccountByNumber(context.Background(), number)
		id = a.ID
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}
