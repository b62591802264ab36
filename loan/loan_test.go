package loan

import (
	"math"
	"math/big"
	"math/rand"
	"strings"
	"testing"
	"time"
)

var jakarta = time.FixedZone("WIB", 7*3600)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, jakarta) }

// row is a hand-computed schedule row: principal, interest, remaining.
type row struct{ p, i, rem int64 }

func checkRows(t *testing.T, got []Installment, want []row) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d", len(got), len(want))
	}
	for k, w := range want {
		g := got[k]
		if g.No != k+1 || g.Principal != w.p || g.Interest != w.i || g.Remaining != w.rem || g.Total() != w.p+w.i {
			t.Errorf("row %d: got No=%d principal %d interest %d remaining %d total %d; want principal %d interest %d remaining %d total %d",
				k+1, g.No, g.Principal, g.Interest, g.Remaining, g.Total(), w.p, w.i, w.rem, w.p+w.i)
		}
	}
}

// The example loan: Rp10,000,000 over 12 months at 12% a year (1% a month).
const (
	exP      = 10_000_000
	exRate   = 1200
	exMonths = 12
)

var exStart = date(2026, time.January, 15)

// mustSchedule is Schedule of terms that must be accepted.
func mustSchedule(t *testing.T, m Method, principal, rateBP int64, months int, start time.Time) []Installment {
	t.Helper()
	s, err := Schedule(m, principal, rateBP, months, start)
	if err != nil {
		t.Fatalf("Schedule(%s, %d, %d, %d): %v", m, principal, rateBP, months, err)
	}
	return s
}

func TestFlatExample(t *testing.T) {
	s := mustSchedule(t, Flat, exP, exRate, exMonths, exStart)
	// 10,000,000 × 1% = 100,000 interest every month; 10,000,000 / 12 = 833,333 r 4.
	var want []row
	rem := int64(exP)
	for k := 1; k <= 11; k++ {
		rem -= 833_333
		want = append(want, row{833_333, 100_000, rem})
	}
	want = append(want, row{833_337, 100_000, 0})
	checkRows(t, s, want)
	if s[0].Total() != 933_333 || s[11].Total() != 933_337 {
		t.Errorf("installments %d … %d, want 933,333 … 933,337", s[0].Total(), s[11].Total())
	}
	if got, want := Summarize(s), (Summary{10_000_000, 1_200_000, 11_200_000, 933_333, 933_337}); got != want {
		t.Errorf("Summarize = %+v, want %+v", got, want)
	}
}

func TestAnnuityExample(t *testing.T) {
	s := mustSchedule(t, Annuity, exP, exRate, exMonths, exStart)
	// The annuity formula gives 888,487.89 → 888,488. Each row by hand:
	// interest = round(remaining × 1%), principal = 888,488 − interest, e.g.
	// row 2: 9,211,512 × 1% = 92,115.12 → 92,115; 888,488 − 92,115 = 796,373.
	// Row 12: 879,688 × 1% = 8,796.88 → 8,797, principal = the 879,688 left.
	want := []row{
		{788_488, 100_000, 9_211_512},
		{796_373, 92_115, 8_415_139},
		{804_337, 84_151, 7_610_802},
		{812_380, 76_108, 6_798_422},
		{820_504, 67_984, 5_977_918},
		{828_709, 59_779, 5_149_209},
		{836_996, 51_492, 4_312_213},
		{845_366, 43_122, 3_466_847},
		{853_820, 34_668, 2_613_027},
		{862_358, 26_130, 1_750_669},
		{870_981, 17_507, 879_688},
		{879_688, 8_797, 0},
	}
	checkRows(t, s, want)
	for k := range 11 {
		if s[k].Total() != 888_488 {
			t.Errorf("row %d total %d, want 888,488", k+1, s[k].Total())
		}
	}
	if s[11].Total() != 888_485 {
		t.Errorf("last total %d, want 888,485", s[11].Total())
	}
	if got, want := Summarize(s), (Summary{10_000_000, 661_853, 10_661_853, 888_488, 888_488}); got != want {
		t.Errorf("Summarize = %+v, want %+v", got, want)
	}
	// And by the independent big.Rat route.
	compareWithReference(t, Annuity, exP, exRate, exMonths, exStart, s, nil)
}

func TestDecliningExample(t *testing.T) {
	s := mustSchedule(t, Declining, exP, exRate, exMonths, exStart)
	// Interest = round(remaining before × 1%): 10,000,000 → 100,000;
	// 9,166,667 → 91,666.67 → 91,667; 8,333,334 → 83,333.34 → 83,333; …;
	// 833,337 → 8,333.37 → 8,333.
	want := []row{
		{833_333, 100_000, 9_166_667},
		{833_333, 91_667, 8_333_334},
		{833_333, 83_333, 7_500_001},
		{833_333, 75_000, 6_666_668},
		{833_333, 66_667, 5_833_335},
		{833_333, 58_333, 5_000_002},
		{833_333, 50_000, 4_166_669},
		{833_333, 41_667, 3_333_336},
		{833_333, 33_333, 2_500_003},
		{833_333, 25_000, 1_666_670},
		{833_333, 16_667, 833_337},
		{833_337, 8_333, 0},
	}
	checkRows(t, s, want)
	if got, want := Summarize(s), (Summary{10_000_000, 650_000, 10_650_000, 933_333, 933_333}); got != want {
		t.Errorf("Summarize = %+v, want %+v", got, want)
	}
	compareWithReference(t, Declining, exP, exRate, exMonths, exStart, s, nil)
}

func TestRoundHalfUp(t *testing.T) {
	// 1,250,050 × 1% = 12,500.50 exactly → 12,501 (half goes up);
	// 1,250,049 × 1% = 12,500.49 → 12,500.
	for _, m := range []Method{Flat, Annuity, Declining} {
		for _, c := range []struct{ p, interest int64 }{{1_250_050, 12_501}, {1_250_049, 12_500}} {
			s := mustSchedule(t, m, c.p, 1200, 1, exStart)
			checkRows(t, s, []row{{c.p, c.interest, 0}})
		}
	}
	// Declining, second month: remaining 1,250,050 after 1,250,050 paid of
	// 2,500,100 → 12,500.50 → 12,501.
	s := mustSchedule(t, Declining, 2_500_100, 1200, 2, exStart)
	checkRows(t, s, []row{{1_250_050, 25_001, 1_250_050}, {1_250_050, 12_501, 0}})

	for _, c := range []struct{ a, b, c uint64 }{
		{60_000, 1, 120_000}, // 0.5 → 1
		{59_999, 1, 120_000}, // 0.49999 → 0
		{179_999, 1, 120_000},
		{180_000, 1, 120_000}, // 1.5 → 2
		{0, 5, 120_000},
		{math.MaxInt64, math.MaxInt64, math.MaxInt64}, // = MaxInt64
	} {
		want := new(big.Int).Mul(new(big.Int).SetUint64(c.a), new(big.Int).SetUint64(c.b))
		want = ratRound(new(big.Rat).SetFrac(want, new(big.Int).SetUint64(c.c)))
		got, ok := mulDivRoundHalfUp(c.a, c.b, c.c)
		if !ok || big.NewInt(got).Cmp(want) != 0 {
			t.Errorf("mulDivRoundHalfUp(%d,%d,%d) = %d,%v want %s", c.a, c.b, c.c, got, ok, want)
		}
	}
	if _, ok := mulDivRoundHalfUp(math.MaxInt64, math.MaxInt64, 2); ok {
		t.Error("mulDivRoundHalfUp overflow not reported")
	}
	if _, ok := mulDivRoundHalfUp(math.MaxInt64, 2, 1); ok { // fits in uint64 but not int64
		t.Error("mulDivRoundHalfUp int64 overflow not reported")
	}
}

func TestZeroRate(t *testing.T) {
	// 1,000,000 / 7 = 142,857 r 1: six of 142,857 and a last of 142,858.
	for _, m := range []Method{Flat, Annuity, Declining} {
		s := mustSchedule(t, m, 1_000_000, 0, 7, exStart)
		want := []row{
			{142_857, 0, 857_143}, {142_857, 0, 714_286}, {142_857, 0, 571_429},
			{142_857, 0, 428_572}, {142_857, 0, 285_715}, {142_857, 0, 142_858},
			{142_858, 0, 0},
		}
		checkRows(t, s, want)
	}
	// Fewer rupiah than months: zero principal parts, everything on the last.
	s := mustSchedule(t, Annuity, 3, 0, 5, exStart)
	checkRows(t, s, []row{{0, 0, 3}, {0, 0, 3}, {0, 0, 3}, {0, 0, 3}, {3, 0, 0}})
}

// TestAnnuityPaidOffEarly: on long, high-rate loans the half-rupiah rounding
// of A compounds and can pay the loan off before the last month; the
// principal part is then capped and later installments are zero.
func TestAnnuityPaidOffEarly(t *testing.T) {
	// 1,749 at 36% a year over 240 months: A = 53; by row 153 only 17 is owed
	// and the interest is round(17 × 3%) = round(0.51) = 1.
	s := mustSchedule(t, Annuity, 1_749, 3600, 240, exStart)
	checkInvariants(t, Annuity, 1_749, 3600, 240, exStart, s)
	compareWithReference(t, Annuity, 1_749, 3600, 240, exStart, s, nil)
	if s[0].Total() != 53 || s[151].Total() != 53 || s[151].Remaining != 17 {
		t.Errorf("rows 1, 152: %+v %+v", s[0], s[151])
	}
	if r := s[152]; r.No != 153 || r.Principal != 17 || r.Interest != 1 || r.Remaining != 0 {
		t.Errorf("row 153: %+v, want principal 17, interest 1, remaining 0", r)
	}
	if sum := Summarize(s[153:]); sum != (Summary{}) {
		t.Errorf("rows after payoff not zero: %+v", sum)
	}
}

func TestDueDates(t *testing.T) {
	s := mustSchedule(t, Flat, 1_200_000, 1200, 12, date(2026, time.January, 31))
	want := []time.Time{
		date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31),
		date(2026, 6, 30), date(2026, 7, 31), date(2026, 8, 31), date(2026, 9, 30),
		date(2026, 10, 31), date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 31),
	}
	for k, w := range want {
		if !s[k].Due.Equal(w) || s[k].Due.Location() != jakarta {
			t.Errorf("installment %d due %v, want %v", k+1, s[k].Due, w)
		}
	}

	s = mustSchedule(t, Annuity, 1_200_000, 1200, 12, date(2024, time.February, 29))
	if got, want := s[0].Due, date(2024, 3, 29); !got.Equal(want) {
		t.Errorf("first due %v, want %v", got, want)
	}
	if got, want := s[11].Due, date(2025, 2, 28); !got.Equal(want) {
		t.Errorf("12th due %v, want %v", got, want)
	}
}

func TestAddMonths(t *testing.T) {
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 13, 45, 7, 9, jakarta) }
	for _, c := range []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{at(2026, 1, 31), 1, at(2026, 2, 28)},
		{at(2024, 1, 31), 1, at(2024, 2, 29)},
		{at(2026, 1, 31), 2, at(2026, 3, 31)},
		{at(2026, 1, 31), 3, at(2026, 4, 30)},
		{at(2026, 1, 15), 0, at(2026, 1, 15)},
		{at(2026, 11, 30), 1, at(2026, 12, 30)},
		{at(2026, 12, 31), 1, at(2027, 1, 31)},
		{at(2026, 12, 31), 14, at(2028, 2, 29)},
		{at(2024, 2, 29), 12, at(2025, 2, 28)},
		{at(2024, 2, 29), 48, at(2028, 2, 29)},
		{at(2026, 3, 31), -1, at(2026, 2, 28)},
		{at(2026, 1, 31), -1, at(2025, 12, 31)},
		{at(2026, 1, 15), -12, at(2025, 1, 15)},
		{at(2026, 1, 15), -13, at(2024, 12, 15)},
		{at(2026, 5, 31), -3, at(2026, 2, 28)},
		{at(2025, 3, 29), -13, at(2024, 2, 29)},
		{at(2026, 1, 15), 600, at(2076, 1, 15)},
		{at(2026, 1, 15), -600, at(1976, 1, 15)},
	} {
		got := AddMonths(c.from, c.n)
		if !got.Equal(c.want) || got.Location() != jakarta {
			t.Errorf("AddMonths(%v, %d) = %v, want %v", c.from, c.n, got, c.want)
		}
	}
	// Extreme n must not panic.
	for _, n := range []int{math.MaxInt, math.MinInt, math.MaxInt32, math.MinInt32} {
		_ = AddMonths(at(2026, 1, 31), n)
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		m      Method
		p, r   int64
		months int
		want   string
	}{
		{"", 1_000_000, 1200, 12, "unknown method"},
		{"Flat", 1_000_000, 1200, 12, "unknown method"},
		{"efektif", 1_000_000, 1200, 12, "unknown method"},
		{Flat, 0, 1200, 12, "principal"},
		{Annuity, -1, 1200, 12, "principal"},
		{Declining, math.MinInt64, 1200, 12, "principal"},
		{Flat, 1_000_000, -1, 12, "rate"},
		{Annuity, 1_000_000, math.MinInt64, 12, "rate"},
		{Flat, 1_000_000, 1200, 0, "months"},
		{Declining, 1_000_000, 1200, -3, "months"},
		{Annuity, 1_000_000, 1200, 601, "months"},
		{Flat, math.MaxInt64, 1200, 12, "overflow"},
		{Annuity, math.MaxInt64, 1, 2, "overflow"},
		{Declining, math.MaxInt64 / 2, 1200, 600, "overflow"},
		{Flat, 1_000_000_000_000, math.MaxInt64, 1, "overflow"},
		{Annuity, math.MaxInt64, math.MaxInt64, 600, "overflow"},
	} {
		s, err := Schedule(c.m, c.p, c.r, c.months, exStart)
		if err == nil || !strings.Contains(err.Error(), c.want) || s != nil {
			t.Errorf("Schedule(%q, %d, %d, %d) = %d rows, %v; want error containing %q", c.m, c.p, c.r, c.months, len(s), err, c.want)
		}
	}
	// The largest accepted term works.
	for _, m := range []Method{Flat, Annuity, Declining} {
		if _, err := Schedule(m, 1_000_000, 1200, 600, exStart); err != nil {
			t.Errorf("%s over 600 months: %v", m, err)
		}
	}
}

func TestHugeAmounts(t *testing.T) {
	for _, c := range []struct {
		p, r   int64
		months int
	}{
		{9e15, 3600, 600},
		{9e15, 3600, 1},
		{9e18, 3600, 1},
		{math.MaxInt64 - 1, 0, 600},
		{math.MaxInt64, 0, 1},
		{1, math.MaxInt64, 600},
		{1, math.MaxInt64, 2},
		{100, math.MaxInt64 / 1000, 600},
		{1e12, 1e9, 600},
		{5e18, 1200, 600},
		{3e17, 3600, 600},
	} {
		for _, m := range []Method{Flat, Annuity, Declining} {
			s, err := Schedule(m, c.p, c.r, c.months, exStart)
			compareWithReference(t, m, c.p, c.r, c.months, exStart, s, err)
		}
	}
	// 9e15 at 36% over 600 months fits (interest 2.7e14 a month) and must be exact.
	for _, m := range []Method{Flat, Annuity, Declining} {
		if _, err := Schedule(m, 9e15, 3600, 600, exStart); err != nil {
			t.Errorf("%s: %v", m, err)
		}
	}
}

// TestRandomLoans checks the invariants and the independent reference on
// many random, realistic loans.
func TestRandomLoans(t *testing.T) {
	rng := rand.New(rand.NewSource(20260131))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for range n {
		p := 100_000 + rng.Int63n(500_000_000-100_000+1)
		r := rng.Int63n(3601)
		months := 1 + rng.Intn(120)
		var flat, decl Summary
		for _, m := range []Method{Flat, Annuity, Declining} {
			s := mustSchedule(t, m, p, r, months, exStart)
			checkInvariants(t, m, p, r, months, exStart, s)
			compareWithReference(t, m, p, r, months, exStart, s, nil)
			if m == Annuity {
				// Realistic loans never hit the cap: all but the last are equal.
				for k := 1; k < months-1; k++ {
					if s[k].Total() != s[0].Total() {
						t.Fatalf("annuity %d/%d/%d: row %d total %d, first %d", p, r, months, k+1, s[k].Total(), s[0].Total())
					}
				}
			}
			switch m {
			case Flat:
				flat = Summarize(s)
			case Declining:
				decl = Summarize(s)
			}
		}
		// Each declining interest is on a remaining <= principal, so never more
		// than flat's. It is strictly less once the exact difference,
		// P·i·(n−1)/2 − i·n(n−1)/2, beats the n rupiah rounding can move.
		if decl.Interest > flat.Interest {
			t.Fatalf("%d/%d/%d: declining interest %d > flat %d", p, r, months, decl.Interest, flat.Interest)
		}
		if months > 1 && r > 0 && p*r*int64(months-1) > 240_000*int64(months)+r*int64(months)*int64(months-1) &&
			decl.Interest >= flat.Interest {
			t.Fatalf("%d/%d/%d: declining interest %d not < flat %d", p, r, months, decl.Interest, flat.Interest)
		}
	}
}

func TestDepositInterest(t *testing.T) {
	for _, c := range []struct {
		p, r   int64
		months int
		want   int64
	}{
		{10_000_000, 550, 12, 550_000},
		{10_000_000, 550, 3, 137_500},
		{1_000_001, 550, 1, 4_583}, // 4,583.338 → 4,583
		{1_000_100, 600, 1, 5_001}, // 5,000.5 exactly → 5,001
		{1_000_099, 600, 1, 5_000}, // 5,000.495 → 5,000
		{50_000_000, 425, 6, 1_062_500},
		{1, 1, 1, 0},
		{0, 550, 12, 0},
		{-10_000_000, 550, 12, 0},
		{10_000_000, 0, 12, 0},
		{10_000_000, -550, 12, 0},
		{10_000_000, 550, 0, 0},
		{10_000_000, 550, -1, 0},
		{math.MaxInt64, 120_000, 1, math.MaxInt64},                 // exactly MaxInt64
		{math.MaxInt64, 120_001, 1, math.MaxInt64},                 // too big: clamped
		{math.MaxInt64, math.MaxInt64, math.MaxInt, math.MaxInt64}, // big path, clamped
		{1, math.MaxInt64, 2, 153_722_867_280_913},                 // big path, fits: 2·(2^63−1)/120000 = 153,722,867,280,912.93
	} {
		if got := DepositInterest(c.p, c.r, c.months); got != c.want {
			t.Errorf("DepositInterest(%d, %d, %d) = %d, want %d", c.p, c.r, c.months, got, c.want)
		}
	}
}

func TestSummarizeEmpty(t *testing.T) {
	if got := Summarize(nil); got != (Summary{}) {
		t.Errorf("Summarize(nil) = %+v", got)
	}
	s := []Installment{{Principal: 5, Interest: 1}, {Principal: 3, Interest: 10}, {Principal: 2, Interest: 0}}
	if got, want := Summarize(s), (Summary{10, 11, 21, 6, 13}); got != want {
		t.Errorf("Summarize = %+v, want %+v", got, want)
	}
}

// checkInvariants checks what must hold for every schedule Schedule returns.
func checkInvariants(t testing.TB, m Method, p, r int64, months int, start time.Time, s []Installment) {
	t.Helper()
	if len(s) != months {
		t.Fatalf("%s %d/%d/%d: %d rows", m, p, r, months, len(s))
	}
	sumP, sumI, sumT := new(big.Int), new(big.Int), new(big.Int)
	rem := p
	for k, in := range s {
		if in.No != k+1 {
			t.Fatalf("%s %d/%d/%d: row %d numbered %d", m, p, r, months, k+1, in.No)
		}
		if !in.Due.Equal(AddMonths(start, k+1)) {
			t.Fatalf("%s %d/%d/%d: row %d due %v", m, p, r, months, k+1, in.Due)
		}
		if in.Principal < 0 || in.Interest < 0 {
			t.Fatalf("%s %d/%d/%d: row %d negative: %+v", m, p, r, months, k+1, in)
		}
		if r == 0 && in.Interest != 0 {
			t.Fatalf("%s %d/%d/%d: interest at 0%%: %+v", m, p, r, months, in)
		}
		rem -= in.Principal
		if in.Remaining != rem || rem < 0 {
			t.Fatalf("%s %d/%d/%d: row %d remaining %d, want %d", m, p, r, months, k+1, in.Remaining, rem)
		}
		sumP.Add(sumP, big.NewInt(in.Principal))
		sumI.Add(sumI, big.NewInt(in.Interest))
		sumT.Add(sumT, big.NewInt(in.Total()))
	}
	if rem != 0 || sumP.Cmp(big.NewInt(p)) != 0 {
		t.Fatalf("%s %d/%d/%d: principal parts sum to %s, remaining %d", m, p, r, months, sumP, rem)
	}
	if !sumT.IsInt64() || new(big.Int).Add(sumP, sumI).Cmp(sumT) != 0 {
		t.Fatalf("%s %d/%d/%d: totals %s != principal + interest", m, p, r, months, sumT)
	}
	sum := Summarize(s)
	if sum.Principal != p || sum.Interest != sumI.Int64() || sum.Total != sumT.Int64() || sum.FirstInstallment != s[0].Total() {
		t.Fatalf("%s %d/%d/%d: Summarize %+v", m, p, r, months, sum)
	}
	part := p / int64(months)
	switch {
	case m != Annuity || r == 0:
		for k, in := range s[:months-1] {
			if in.Principal != part {
				t.Fatalf("%s %d/%d/%d: row %d principal %d, want %d", m, p, r, months, k+1, in.Principal, part)
			}
			if m == Flat && in.Interest != s[months-1].Interest {
				t.Fatalf("%s %d/%d/%d: flat interest varies", m, p, r, months)
			}
			if m == Declining && k > 0 && in.Interest > s[k-1].Interest {
				t.Fatalf("%s %d/%d/%d: declining interest rises at row %d", m, p, r, months, k+1)
			}
		}
	default:
		// Equal installments until the principal is paid off; only if rounding
		// compounds enough to pay it off early is one smaller and the rest zero.
		a := s[0].Total()
		for k, in := range s[:months-1] {
			switch {
			case in.Total() == a:
			case in.Remaining == 0 && in.Total() < a && (k == 0 || s[k-1].Remaining > 0):
			case in.Remaining == 0 && in.Total() == 0:
			default:
				t.Fatalf("%s %d/%d/%d: row %d total %d, first %d", m, p, r, months, k+1, in.Total(), a)
			}
		}
	}
}

// --- Independent reference: the documented rule written out in big.Rat. ---

type refRow struct{ principal, interest, remaining *big.Int }

// ratRound rounds x >= 0 half up: floor(x + 1/2).
func ratRound(x *big.Rat) *big.Int {
	y := new(big.Rat).Add(x, big.NewRat(1, 2))
	return new(big.Int).Div(y.Num(), y.Denom()) // Euclidean division: floor, denominator > 0
}

// refSchedule returns the rows and the sum of all installments, in big numbers.
func refSchedule(m Method, p, r int64, months int) ([]refRow, *big.Int) {
	P := new(big.Rat).SetInt64(p)
	i := new(big.Rat).SetFrac(big.NewInt(r), big.NewInt(120_000)) // r/10000/12
	n := big.NewInt(int64(months))
	part := new(big.Int).Div(big.NewInt(p), n)

	var a *big.Int
	if m == Annuity && r > 0 {
		onePlus := new(big.Rat).Add(big.NewRat(1, 1), i)
		pow := new(big.Rat).SetFrac(
			new(big.Int).Exp(onePlus.Num(), n, nil),
			new(big.Int).Exp(onePlus.Denom(), n, nil))
		x := new(big.Rat).Mul(P, i)
		x.Mul(x, pow)
		x.Quo(x, new(big.Rat).Sub(pow, big.NewRat(1, 1)))
		a = ratRound(x)
	}

	rows := make([]refRow, months)
	rem := big.NewInt(p)
	total := big.NewInt(p)
	for k := range rows {
		var base *big.Rat
		if m == Flat {
			base = P
		} else {
			base = new(big.Rat).SetInt(rem)
		}
		interest := ratRound(new(big.Rat).Mul(base, i))
		var pp *big.Int
		switch {
		case k == months-1:
			pp = new(big.Int).Set(rem)
		case a != nil:
			pp = new(big.Int).Sub(a, interest)
			if pp.Cmp(rem) > 0 {
				pp.Set(rem)
			}
		default:
			pp = new(big.Int).Set(part)
		}
		rem = new(big.Int).Sub(rem, pp)
		total.Add(total, interest)
		rows[k] = refRow{pp, interest, rem}
	}
	return rows, total
}

// compareWithReference checks Schedule's result (s, err) against refSchedule:
// identical rows when the sum of installments fits in an int64, an overflow
// error when it does not.
func compareWithReference(t testing.TB, m Method, p, r int64, months int, start time.Time, s []Installment, err error) {
	t.Helper()
	ref, total := refSchedule(m, p, r, months)
	if !total.IsInt64() {
		if err == nil || !strings.Contains(err.Error(), "overflow") {
			t.Fatalf("%s %d/%d/%d: total %s overflows, got %d rows, err %v", m, p, r, months, total, len(s), err)
		}
		return
	}
	if err != nil {
		t.Fatalf("%s %d/%d/%d: total %s fits, got error %v", m, p, r, months, total, err)
	}
	if len(s) != len(ref) {
		t.Fatalf("%s %d/%d/%d: %d rows, reference %d", m, p, r, months, len(s), len(ref))
	}
	for k, w := range ref {
		g := s[k]
		if big.NewInt(g.Principal).Cmp(w.principal) != 0 || big.NewInt(g.Interest).Cmp(w.interest) != 0 ||
			big.NewInt(g.Remaining).Cmp(w.remaining) != 0 {
			t.Fatalf("%s %d/%d/%d: row %d = %d/%d/%d, reference %s/%s/%s", m, p, r, months, k+1,
				g.Principal, g.Interest, g.Remaining, w.principal, w.interest, w.remaining)
		}
	}
}

func FuzzSchedule(f *testing.F) {
	f.Add(uint8(0), int64(10_000_000), int64(1200), 12)
	f.Add(uint8(1), int64(10_000_000), int64(1200), 12)
	f.Add(uint8(2), int64(10_000_000), int64(1200), 12)
	f.Add(uint8(1), int64(9e15), int64(3600), 600)
	f.Add(uint8(1), int64(100_000), int64(3600), 600)
	f.Add(uint8(1), int64(1), int64(math.MaxInt64), 600)
	f.Add(uint8(2), int64(math.MaxInt64), int64(0), 1)
	f.Add(uint8(0), int64(-5), int64(-1), 0)
	f.Add(uint8(3), int64(1_000_000), int64(1200), 12)
	methods := []Method{Flat, Annuity, Declining, "bunga"}
	f.Fuzz(func(t *testing.T, mi uint8, p, r int64, months int) {
		m := methods[int(mi)%len(methods)]
		s, err := Schedule(m, p, r, months, exStart)
		if m == "bunga" || p <= 0 || r < 0 || months < 1 || months > 600 {
			if err == nil || s != nil {
				t.Fatalf("%q %d/%d/%d: want an error, got %d rows", m, p, r, months, len(s))
			}
			return
		}
		compareWithReference(t, m, p, r, months, exStart, s, err)
		if err == nil {
			checkInvariants(t, m, p, r, months, exStart, s)
		}
	})
}

func BenchmarkScheduleAnnuity120(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Schedule(Annuity, 25_000_000, 1800, 120, exStart); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScheduleFlat120(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Schedule(Flat, 25_000_000, 1800, 120, exStart); err != nil {
			b.Fatal(err)
		}
	}
}
