package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// mustSeedDemo syncs one product of each kind and loads the demo members into pusat.
func mustSeedDemo(t *testing.T, db *store.DB) int {
	t.Helper()
	ctx := context.Background()
	mustUpdate(t, db, func(tx *store.Tx) error {
		newFixture(ctx, t, tx).syncProducts()
		return nil
	})
	added, err := db.SeedDemo(ctx, "pusat", testNow, "")
	if err != nil {
		t.Fatalf("SeedDemo: %v", err)
	}
	return added
}

// openDemo opens a fresh database with the demo loaded.
func openDemo(t *testing.T) *store.DB {
	t.Helper()
	db := MustOpenDB(t)
	mustSeedDemo(t, db)
	return db
}

// demoMember returns the demo member with phone.
func demoMember(t *testing.T, tx *store.Tx, phone string) store.Member {
	t.Helper()
	m, err := tx.MemberByPhone(context.Background(), phone)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// demoLedger returns every account the demo touches, by number: the demo members'
// savings, deposits and loans, and the branch's own accounts.
func demoLedger(t *testing.T, db *store.DB) map[string]store.Account {
	t.Helper()
	ctx := context.Background()
	out := map[string]store.Account{}
	// Update, not View: SystemAccount creates a branch account on first use.
	mustUpdate(t, db, func(tx *store.Tx) error {
		for _, dm := range store.DemoMembers {
			m, err := tx.MemberByPhone(ctx, dm.Phone)
			if err != nil {
				return err
			}
			for _, kind := range []string{store.AccountSavings, store.AccountDeposit, store.AccountLoan} {
				accts, err := tx.AccountsOfMember(ctx, m.ID, kind)
				if err != nil {
					return err
				}
				for _, a := range accts {
					out[a.Number] = a
				}
			}
		}
		for _, kind := range []string{store.AccountCash, store.AccountBank, store.AccountQRISSettlement, store.AccountSuspense, store.AccountEquity, store.AccountIncome} {
			a, err := tx.SystemAccount(ctx, "pusat", kind)
			if err != nil {
				return err
			}
			out[a.Number] = a
		}
		return nil
	})
	return out
}

func TestSeedDemo(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if added := mustSeedDemo(t, db); added != len(store.DemoMembers) || added != 5 {
		t.Fatalf("SeedDemo added %d members, want 5", added)
	}
	mustView(t, db, func(tx *store.Tx) error {
		for _, dm := range store.DemoMembers {
			m, err := tx.MemberByPhone(ctx, dm.Phone)
			if err != nil {
				return err
			}
			if m.Name != dm.Name || m.No != dm.No || m.Branch != "pusat" || m.Status != store.MemberActive {
				t.Errorf("member %s = %+v", dm.Phone, m)
			}
			if !m.JoinedAt.Before(testNow) {
				t.Errorf("member %s joined %v, after now", dm.Phone, m.JoinedAt)
			}
		}
		return nil
	})

	ledger := demoLedger(t, db)
	var total int64
	mustView(t, db, func(tx *store.Tx) error {
		for _, a := range ledger {
			checkMovementsAddUp(t, tx, a)
			if a.Kind == store.AccountSavings && a.Amount() < 0 {
				t.Errorf("demo savings %s is below zero: %d", a.Number, a.Amount())
			}
			total += a.Balance
		}
		return nil
	})
	if total != 0 {
		t.Errorf("demo ledger sums to %d, want 0", total)
	}
}

func TestSeedDemoTwiceChangesNothing(t *testing.T) {
	ctx := context.Background()
	db := openDemo(t)
	before := demoLedger(t, db)
	added, err := db.SeedDemo(ctx, "pusat", testNow.AddDate(0, 1, 0), "")
	if err != nil {
		t.Fatalf("second SeedDemo: %v", err)
	}
	if added != 0 {
		t.Errorf("second SeedDemo added %d members, want 0", added)
	}
	after := demoLedger(t, db)
	if len(after) != len(before) {
		t.Errorf("%d accounts before the second run, %d after", len(before), len(after))
	}
	for number, a := range before {
		if b, ok := after[number]; !ok || b.Balance != a.Balance {
			t.Errorf("account %s (%s): balance %d before the second run, %d after", number, a.Name, a.Balance, b.Balance)
		}
	}
}

func TestSeedDemoTimeDeposit(t *testing.T) {
	ctx := context.Background()
	db := openDemo(t)
	mustView(t, db, func(tx *store.Tx) error {
		m := demoMember(t, tx, "6281200000001")
		deps, err := tx.TimeDepositsOfMember(ctx, m.ID)
		if err != nil {
			return err
		}
		if len(deps) != 1 {
			t.Fatalf("member 6281200000001 has %d time deposits, want 1", len(deps))
		}
		d := deps[0]
		if d.Principal != 10_000_000 || d.TenorMonths != 12 || d.RateBP != 550 {
			t.Errorf("time deposit = principal %d, %d months, %d bp; want 10000000, 12, 550", d.Principal, d.TenorMonths, d.RateBP)
		}
		if d.Maturity.Year() != d.Start.Year()+1 || d.Maturity.Month() != d.Start.Month() || d.Maturity.Day() != d.Start.Day() {
			t.Errorf("time deposit from %s matures %s, want 12 months later", d.Start.Format(time.DateOnly), d.Maturity.Format(time.DateOnly))
		}
		today := testNow.Format(time.DateOnly)
		if start, maturity := d.Start.Format(time.DateOnly), d.Maturity.Format(time.DateOnly); start >= today || maturity <= today {
			t.Errorf("time deposit runs %s to %s; want it running on %s", start, maturity, today)
		}
		if d.Account.Amount() != 10_000_000 || d.Account.Kind != store.AccountDeposit || d.Account.MemberID != m.ID {
			t.Errorf("time deposit account = %s holding %d, kind %s, member %d", d.Account.Number, d.Account.Amount(), d.Account.Kind, d.Account.MemberID)
		}
		return nil
	})
}

func TestSeedDemoLoan(t *testing.T) {
	ctx := context.Background()
	db := openDemo(t)
	mustView(t, db, func(tx *store.Tx) error {
		l := demoLoan(t, tx)
		if l.Principal != 10_000_000 || l.TenorMonths != 12 || l.RateBP != 1200 || l.Status != store.LoanActive {
			t.Errorf("loan = %+v", l)
		}
		schedule, err := tx.Installments(ctx, l.ID)
		if err != nil {
			return err
		}
		if len(schedule) != 12 {
			t.Fatalf("loan has %d installments, want 12", len(schedule))
		}
		var principal, paidPrincipal, paidInterest int64
		paid := 0
		for k, in := range schedule {
			if in.No != k+1 {
				t.Errorf("installment %d numbered %d", k+1, in.No)
			}
			principal += in.Principal
			due := in.Due.Format(time.DateOnly)
			if in.PaidAt.IsZero() {
				if in.Paid != 0 {
					t.Errorf("installment %d: paid %d but no payment date", in.No, in.Paid)
				}
				if due <= testNow.Format(time.DateOnly) {
					t.Errorf("installment %d due %s is unpaid: the demo borrower should not be in arrears", in.No, due)
				}
				continue
			}
			paid++
			if in.No != paid {
				t.Errorf("installment %d paid while an earlier one is not", in.No)
			}
			if in.Paid != in.Total() {
				t.Errorf("installment %d: paid %d of %d", in.No, in.Paid, in.Total())
			}
			paidPrincipal += in.Principal
			paidInterest += in.Interest
		}
		if paid != 3 {
			t.Errorf("%d installments paid, want 3", paid)
		}
		if principal != 10_000_000 {
			t.Errorf("principal parts sum to %d, want 10000000", principal)
		}
		if got, want := l.Account.Amount(), int64(10_000_000)-paidPrincipal; got != want {
			t.Errorf("outstanding principal %d, want %d (10000000 minus %d repaid)", got, want, paidPrincipal)
		}
		income, err := tx.AccountByNumber(ctx, demoLedgerNumber(t, tx, store.AccountIncome))
		if err != nil {
			return err
		}
		if income.Amount() != paidInterest {
			t.Errorf("interest income %d, want %d from the paid installments", income.Amount(), paidInterest)
		}
		return nil
	})
}

// demoLedgerNumber finds the branch account of kind among the accounts that already exist.
func demoLedgerNumber(t *testing.T, tx *store.Tx, kind string) string {
	t.Helper()
	// SystemAccount only creates on a miss; the demo created cash and income, so this reads.
	a, err := tx.SystemAccount(context.Background(), "pusat", kind)
	if err != nil {
		t.Fatal(err)
	}
	return a.Number
}

func TestSeedDemoNeedsProducts(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, err := db.SeedDemo(ctx, "pusat", testNow, ""); err == nil {
		t.Fatal("SeedDemo without products succeeded")
	}
	mustView(t, db, func(tx *store.Tx) error {
		for _, dm := range store.DemoMembers {
			if _, err := tx.MemberByPhone(ctx, dm.Phone); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("member %s after a failed SeedDemo: err = %v, want ErrNotFound", dm.Phone, err)
			}
		}
		return nil
	})
}

func TestFlatSchedule(t *testing.T) {
	start := time.Date(2025, time.January, 10, 0, 0, 0, 0, wib)
	s := store.FlatSchedule(10_000_000, 1200, 12, start)
	if len(s) != 12 {
		t.Fatalf("%d installments, want 12", len(s))
	}
	var principal int64
	for k, in := range s {
		wantPrincipal, wantTotal := int64(833_333), int64(933_333)
		if k == 11 {
			wantPrincipal, wantTotal = 833_337, 933_337 // 10,000,000 - 11 × 833,333
		}
		wantDue := time.Date(2025, time.Month(2+k), 10, 0, 0, 0, 0, wib) // 10 Feb 2025 .. 10 Jan 2026
		if in.No != k+1 || in.Principal != wantPrincipal || in.Interest != 100_000 || in.Total() != wantTotal || !in.Due.Equal(wantDue) {
			t.Errorf("installment %d = {no %d, due %s, principal %d, interest %d, total %d}, want {no %d, due %s, principal %d, interest 100000, total %d}",
				k+1, in.No, in.Due.Format(time.DateOnly), in.Principal, in.Interest, in.Total(), k+1, wantDue.Format(time.DateOnly), wantPrincipal, wantTotal)
		}
		if in.Paid != 0 || !in.PaidAt.IsZero() {
			t.Errorf("installment %d of a new schedule is marked paid", in.No)
		}
		principal += in.Principal
	}
	if principal != 10_000_000 {
		t.Errorf("principal parts sum to %d", principal)
	}
}

// Monthly interest is principal × rate ÷ 12, rounded half up to the rupiah.
func TestFlatScheduleInterestRounding(t *testing.T) {
	start := time.Date(2025, time.January, 10, 0, 0, 0, 0, wib)
	for _, c := range []struct {
		principal, rateBP, want int64
	}{
		{1_000_050, 1200, 10_001}, // 10,000.50 rounds up
		{1_000_000, 1000, 8_333},  // 8,333.33 rounds down
		{1_000_000, 1100, 9_167},  // 9,166.67 rounds up
		{2_500_000, 0, 0},
	} {
		s := store.FlatSchedule(c.principal, c.rateBP, 12, start)
		for _, in := range s {
			if in.Interest != c.want {
				t.Errorf("FlatSchedule(%d, %d bp): installment %d interest %d, want %d", c.principal, c.rateBP, in.No, in.Interest, c.want)
				break
			}
		}
	}
}

func TestFlatSchedulePrincipalSumsExactly(t *testing.T) {
	start := time.Date(2025, time.January, 10, 0, 0, 0, 0, wib)
	for _, c := range []struct {
		principal int64
		months    int
	}{{1_000_000, 7}, {5_555_555, 24}, {999, 12}, {3_000_000, 1}, {7_777_777, 36}} {
		var sum int64
		for _, in := range store.FlatSchedule(c.principal, 1500, c.months, start) {
			if in.Principal < 0 {
				t.Errorf("FlatSchedule(%d, %d months): installment %d principal %d", c.principal, c.months, in.No, in.Principal)
			}
			sum += in.Principal
		}
		if sum != c.principal {
			t.Errorf("FlatSchedule(%d, %d months): principal parts sum to %d", c.principal, c.months, sum)
		}
	}
}

// A loan disbursed on 31 January is due at the end of each shorter month, once every
// calendar month, as a member reading "jatuh tempo setiap tanggal 31" expects. The
// schedule must not skip February and ask twice in March.
func TestFlatScheduleFromMonthEnd(t *testing.T) {
	start := time.Date(2025, time.January, 31, 0, 0, 0, 0, wib)
	for k, in := range store.FlatSchedule(10_000_000, 1200, 12, start) {
		first := time.Date(2025, time.Month(2+k), 1, 0, 0, 0, 0, wib) // the calendar month it belongs to
		lastDay := first.AddDate(0, 1, -1).Day()
		want := time.Date(first.Year(), first.Month(), min(31, lastDay), 0, 0, 0, 0, wib)
		if !in.Due.Equal(want) {
			t.Errorf("installment %d due %s, want %s", in.No, in.Due.Format(time.DateOnly), want.Format(time.DateOnly))
		}
	}
}

func TestAddMonths(t *testing.T) {
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 30, 0, 0, wib) }
	for _, c := range []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{at(2025, time.January, 31), 1, at(2025, time.February, 28)},
		{at(2024, time.January, 31), 1, at(2024, time.February, 29)}, // leap year
		{at(2025, time.January, 31), 2, at(2025, time.March, 31)},
		{at(2025, time.March, 31), -1, at(2025, time.February, 28)},
		{at(2025, time.December, 31), 2, at(2026, time.February, 28)},
		{at(2025, time.August, 30), 6, at(2026, time.February, 28)},
		{at(2025, time.January, 10), 12, at(2026, time.January, 10)},
		{at(2025, time.May, 15), 0, at(2025, time.May, 15)},
	} {
		if got := store.AddMonths(c.from, c.n); !got.Equal(c.want) || got.Location() != wib {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", c.from.Format(time.DateTime), c.n, got.Format(time.DateTime+" MST"), c.want.Format(time.DateTime))
		}
	}
}
