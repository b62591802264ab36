package loan

import (
	"math"
	"math/rand"
	"testing"
)

// month returns days end-of-day balances, all b.
func month(days int, b int64) []int64 {
	s := make([]int64, days)
	for i := range s {
		s[i] = b
	}
	return s
}

// steps returns a month of days balances: from[i] on day i+1 onward.
func steps(days int, from map[int]int64) []int64 {
	s := make([]int64, days)
	var cur int64
	for d := 1; d <= days; d++ {
		if b, ok := from[d]; ok {
			cur = b
		}
		s[d-1] = cur
	}
	return s
}

func mustInterest(t *testing.T, m InterestMethod, bal []int64, rateBP, minimum int64) Accrual {
	t.Helper()
	a, err := SavingsInterest(m, bal, rateBP, minimum)
	if err != nil {
		t.Fatalf("SavingsInterest(%s, %d days, %d bp, min %d): %v", m, len(bal), rateBP, minimum, err)
	}
	if a.Remainder < 0 || a.Remainder >= AccrualDen || a.Interest < 0 {
		t.Fatalf("SavingsInterest(%s): bad accrual %+v", m, a)
	}
	return a
}

func TestSavingsInterestDepositMidMonth(t *testing.T) {
	// April (30 days) at 2% a year: Rp1.000.000 on days 1-15, a deposit of
	// Rp2.000.000 on day 16 makes it Rp3.000.000 on days 16-30.
	bal := steps(30, map[int]int64{1: 1_000_000, 16: 3_000_000})

	// Daily: 15 × 1,000,000 + 15 × 3,000,000 = 60,000,000 rupiah-days;
	// × 200 = 12,000,000,000 units; / 3,650,000 = 3,287 r 2,450,000
	// (60,000,000 × 2% / 365 = 3,287.67 → 3,287, rounded down).
	if got, want := mustInterest(t, DailyBalance, bal, 200, 0), (Accrual{3_287, 2_450_000}); got != want {
		t.Errorf("daily = %+v, want %+v", got, want)
	}
	// Lowest: 1,000,000 × 200 × 30 = 6,000,000,000 units; / 3,650,000 =
	// 1,643 r 3,050,000 (1,000,000 × 2% × 30/365 = 1,643.84 → 1,643).
	if got, want := mustInterest(t, LowestBalance, bal, 200, 0), (Accrual{1_643, 3_050_000}); got != want {
		t.Errorf("lowest = %+v, want %+v", got, want)
	}
}

func TestSavingsInterestMinimum(t *testing.T) {
	// January (31 days), 2% a year, minimum Rp50.000: Rp40.000 on days 1-10,
	// Rp100.000 on days 11-31 (21 days).
	bal := steps(31, map[int]int64{1: 40_000, 11: 100_000})
	// Daily: only the 21 days at or above the minimum earn:
	// 21 × 100,000 × 200 = 420,000,000 units = 115 r 250,000.
	if got, want := mustInterest(t, DailyBalance, bal, 200, 50_000), (Accrual{115, 250_000}); got != want {
		t.Errorf("daily = %+v, want %+v", got, want)
	}
	// Lowest: the month's lowest, 40,000, is under the minimum: nothing.
	if got := mustInterest(t, LowestBalance, bal, 200, 50_000); got != (Accrual{}) {
		t.Errorf("lowest = %+v, want zero", got)
	}
	// The whole month under the minimum: nothing by either method.
	for _, m := range []InterestMethod{DailyBalance, LowestBalance} {
		if got := mustInterest(t, m, month(31, 49_999), 200, 50_000); got != (Accrual{}) {
			t.Errorf("%s under the minimum = %+v, want zero", m, got)
		}
		// Exactly the minimum earns: 50,000 × 31 × 200 = 310,000,000 units
		// = 84 r 3,400,000.
		if got, want := mustInterest(t, m, month(31, 50_000), 200, 50_000), (Accrual{84, 3_400_000}); got != want {
			t.Errorf("%s at the minimum = %+v, want %+v", m, got, want)
		}
		// Zero and negative balances never earn, even with no minimum.
		if got := mustInterest(t, m, month(30, -1_000), 200, 0); got != (Accrual{}) {
			t.Errorf("%s negative balance = %+v, want zero", m, got)
		}
	}
	// A zero rate earns nothing.
	if got := mustInterest(t, DailyBalance, month(30, 1_000_000), 0, 0); got != (Accrual{}) {
		t.Errorf("0%% = %+v, want zero", got)
	}
}

func TestSavingsInterestMonthLengths(t *testing.T) {
	// Rp10.000.000 constant at 3% a year: 10,000,000 × 300 = 3,000,000,000
	// units a day, over 3,650,000 units a rupiah (the year is 365 days, also
	// in a leap year).
	cases := []struct {
		name string
		days int
		want Accrual
	}{
		{"February 2026", 28, Accrual{23_013, 2_550_000}},        // 84,000,000,000 = 23,013 × 3,650,000 + 2,550,000
		{"February 2028 (leap)", 29, Accrual{23_835, 2_250_000}}, // 87,000,000,000 = 23,835 × 3,650,000 + 2,250,000
		{"April", 30, Accrual{24_657, 1_950_000}},                // 90,000,000,000 = 24,657 × 3,650,000 + 1,950,000
		{"January", 31, Accrual{25_479, 1_650_000}},              // 93,000,000,000 = 25,479 × 3,650,000 + 1,650,000
	}
	for _, c := range cases {
		for _, m := range []InterestMethod{DailyBalance, LowestBalance} {
			if got := mustInterest(t, m, month(c.days, 10_000_000), 300, 0); got != c.want {
				t.Errorf("%s, %s: %+v, want %+v", c.name, m, got, c.want)
			}
		}
	}
}

func TestSavingsInterestLarge(t *testing.T) {
	// Rp10 miliar at 6% for 31 days: 10,000,000,000 × 600 × 31 =
	// 186,000,000,000,000 units = 50,958,904 r 400,000.
	for _, m := range []InterestMethod{DailyBalance, LowestBalance} {
		if got, want := mustInterest(t, m, month(31, 10_000_000_000), 600, 0), (Accrual{50_958_904, 400_000}); got != want {
			t.Errorf("%s 10 billion = %+v, want %+v", m, got, want)
		}
		// Rp1.000 triliun (10^15) at 100%: 10^15 × 10,000 × 31 = 3.1 × 10^20
		// units, beyond int64 before the division; = 84,931,506,849,315 r 250,000.
		if got, want := mustInterest(t, m, month(31, 1_000_000_000_000_000), 10_000, 0), (Accrual{84_931_506_849_315, 250_000}); got != want {
			t.Errorf("%s 10^15 = %+v, want %+v", m, got, want)
		}
		// Too large for an int64 result: an error, not a wrong number.
		if _, err := SavingsInterest(m, month(31, math.MaxInt64), math.MaxInt64, 0); err == nil {
			t.Errorf("%s MaxInt64: no error", m)
		}
		if _, err := SavingsInterest(m, month(31, math.MaxInt64), 1_000_000, 0); err == nil {
			t.Errorf("%s MaxInt64 at 10000%%: no error", m)
		}
	}
}

func TestSavingsInterestRefuses(t *testing.T) {
	for _, c := range []struct {
		m            InterestMethod
		bal          []int64
		rate, minimm int64
	}{
		{"monthly", month(30, 1), 200, 0},
		{DailyBalance, month(27, 1), 200, 0},
		{DailyBalance, month(32, 1), 200, 0},
		{LowestBalance, nil, 200, 0},
		{DailyBalance, month(30, 1), -1, 0},
		{LowestBalance, month(30, 1), 200, -1},
	} {
		if _, err := SavingsInterest(c.m, c.bal, c.rate, c.minimm); err == nil {
			t.Errorf("SavingsInterest(%q, %d days, %d, %d): no error", c.m, len(c.bal), c.rate, c.minimm)
		}
	}
}

// checkConstant checks that both methods agree on a constant balance.
func checkConstant(t *testing.T, days int, b, rateBP, minimum int64) {
	t.Helper()
	bal := month(days, b)
	d, errD := SavingsInterest(DailyBalance, bal, rateBP, minimum)
	l, errL := SavingsInterest(LowestBalance, bal, rateBP, minimum)
	if d != l || (errD == nil) != (errL == nil) {
		t.Fatalf("constant %d for %d days at %d bp, min %d: daily %+v (%v), lowest %+v (%v)",
			b, days, rateBP, minimum, d, errD, l, errL)
	}
}

func TestSavingsInterestConstantProperty(t *testing.T) {
	r := rand.New(rand.NewSource(16))
	for range 20_000 {
		days := 28 + r.Intn(4)
		var b int64
		switch r.Intn(3) {
		case 0:
			b = r.Int63n(1_000_000_000) // up to Rp1 miliar
		case 1:
			b = r.Int63n(20_000_000_000_000) - 1_000_000 // up to Rp20 triliun, some negative
		default:
			b = r.Int63() // anything, often an overflow error
		}
		checkConstant(t, days, b, r.Int63n(20_000), r.Int63n(2_000_000))
	}
}

func FuzzSavingsInterestConstant(f *testing.F) {
	f.Add(uint8(0), int64(10_000_000), int64(300), int64(0))
	f.Add(uint8(3), int64(50_000), int64(200), int64(50_000))
	f.Add(uint8(1), int64(math.MaxInt64), int64(math.MaxInt64), int64(0))
	f.Fuzz(func(t *testing.T, d uint8, b, rateBP, minimum int64) {
		checkConstant(t, 28+int(d%4), b, rateBP, minimum)
	})
}

func TestSavingsInterestDailyAtLeastLowest(t *testing.T) {
	// Every day's balance is at least the month's lowest, so the daily method
	// never pays less than the lowest-balance method.
	r := rand.New(rand.NewSource(17))
	for range 5_000 {
		bal := make([]int64, 28+r.Intn(4))
		for i := range bal {
			bal[i] = r.Int63n(100_000_000) - 1_000_000
		}
		rate, minimum := r.Int63n(2_000), r.Int63n(10_000_000)
		d := mustInterest(t, DailyBalance, bal, rate, minimum)
		l := mustInterest(t, LowestBalance, bal, rate, minimum)
		if d.Interest < l.Interest || (d.Interest == l.Interest && d.Remainder < l.Remainder) {
			t.Fatalf("daily %+v < lowest %+v for %v at %d bp, min %d", d, l, bal, rate, minimum)
		}
	}
}

func TestWithholdingTax(t *testing.T) {
	const threshold, rate = 240_000, 1000 // PP 15/2009: 10% above Rp240.000 a month
	for _, c := range []struct{ interest, want int64 }{
		{0, 0},
		{3_287, 0},
		{240_000, 0},                        // not more than the threshold: 0%
		{240_001, 24_000},                   // 10% of the WHOLE 240,001 = 24,000.1 → 24,000
		{240_009, 24_000},                   // 24,000.9 → 24,000 (rounded down)
		{240_010, 24_001},                   // 24,001.0
		{500_000, 50_000},                   // the whole 500,000, not 260,000 above the threshold
		{50_958_904, 5_095_890},             // 5,095,890.4 → 5,095,890
		{-5, 0},                             // never negative
		{math.MaxInt64, 922337203685477580}, // 10% of MaxInt64, rounded down: no overflow
	} {
		if got := WithholdingTax(c.interest, threshold, rate); got != c.want {
			t.Errorf("WithholdingTax(%d) = %d, want %d", c.interest, got, c.want)
		}
	}
	// Other parameters: no threshold, 15%.
	if got := WithholdingTax(1_001, 0, 1500); got != 150 { // 150.15 → 150
		t.Errorf("15%% of 1,001 = %d, want 150", got)
	}
	if got := WithholdingTax(1_000_000, 240_000, 0); got != 0 {
		t.Errorf("0%% = %d, want 0", got)
	}
}

func TestFee(t *testing.T) {
	for _, c := range []struct{ balance, fee, owed, charged, owedAfter int64 }{
		{100_000, 5_000, 0, 5_000, 0},         // enough: the fee is charged
		{3_000, 5_000, 0, 3_000, 2_000},       // short: the balance goes to 0, 2,000 owed
		{0, 5_000, 2_000, 0, 7_000},           // empty: it all stays owed
		{10_000, 5_000, 7_000, 10_000, 2_000}, // the old 7,000 first, then 3,000 of the new fee
		{20_000, 5_000, 7_000, 12_000, 0},     // both paid
		{20_000, 0, 2_000, 2_000, 0},          // exempt (fee 0) still pays what it owes
		{-500, 5_000, 0, 0, 5_000},            // a negative balance is charged nothing
		{1_000, -5, -7, 0, 0},                 // negative fee and debt count as 0
		{0, math.MaxInt64, math.MaxInt64, 0, math.MaxInt64},
	} {
		ch, after := Fee(c.balance, c.fee, c.owed)
		if ch != c.charged || after != c.owedAfter {
			t.Errorf("Fee(%d, %d, %d) = %d, %d; want %d, %d", c.balance, c.fee, c.owed, ch, after, c.charged, c.owedAfter)
		}
	}
}

func TestFeeProperty(t *testing.T) {
	r := rand.New(rand.NewSource(18))
	for range 10_000 {
		b, fee, owed := r.Int63n(1_000_000)-100_000, r.Int63n(100_000), r.Int63n(100_000)
		ch, after := Fee(b, fee, owed)
		if ch < 0 || after < 0 || ch+after != fee+owed || ch > max(b, 0) {
			t.Fatalf("Fee(%d, %d, %d) = %d, %d", b, fee, owed, ch, after)
		}
		if b >= 0 && b-ch < 0 {
			t.Fatalf("Fee(%d, %d, %d) takes the balance below zero", b, fee, owed)
		}
		if after > 0 && b-ch > 0 { // something stays owed only when the balance is used up
			t.Fatalf("Fee(%d, %d, %d) leaves %d owed with %d in the account", b, fee, owed, after, b-ch)
		}
	}
}
