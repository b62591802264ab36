package loan

import (
	"math/rand"
	"testing"
	"time"
)

// paidUpTo marks the first k installments of s as fully paid.
func paidUpTo(s []Installment, k int) []Paid {
	p := make([]Paid, len(s))
	for j := 0; j < k; j++ {
		p[j] = Paid{s[j].Principal, s[j].Interest}
	}
	return p
}

func mustPayoff(t *testing.T, l Loan, day time.Time, fees int64) PayoffAmount {
	t.Helper()
	got, err := Payoff(l, day, fees)
	if err != nil {
		t.Fatalf("Payoff(%s): %v", day.Format("2006-01-02"), err)
	}
	if got.Total != got.Principal+got.Interest+got.LateFees {
		t.Fatalf("Total %d is not the sum of %+v", got.Total, got)
	}
	return got
}

func TestPayoffFlatAfterThree(t *testing.T) {
	// Rp10,000,000 over 12 months at 12% a year, flat, from 15 Jan 2026:
	// 833,333 principal + 100,000 interest a month (the last 833,337).
	s := mustSchedule(t, Flat, exP, exRate, exMonths, exStart)
	l := Loan{Method: Flat, RateBP: exRate, Start: exStart, Schedule: s, Paid: paidUpTo(s, 3)}

	// On 15 Apr, the third due date, right after paying it:
	// principal 10,000,000 − 3 × 833,333 = 7,500,001; no interest for the new period.
	wantPayoff(t, l, date(2026, time.April, 15), 0, PayoffAmount{7_500_001, 0, 0, 7_500_001}, "on the due date")

	// On 25 Apr: 10 of the 30 days 15 Apr–15 May elapsed:
	// interest round(100,000 × 10/30) = round(33,333.33) = 33,333;
	// total 7,500,001 + 33,333 = 7,533,334.
	wantPayoff(t, l, date(2026, time.April, 25), 0, PayoffAmount{7_500_001, 33_333, 0, 7_533_334}, "on 25 Apr")

	// The same day with the third installment unpaid and Rp25,000 late fees:
	// principal 10,000,000 − 2 × 833,333 = 8,333,334; interest 100,000 (the
	// third, overdue) + 33,333 = 133,333; total 8,333,334 + 133,333 + 25,000 = 8,491,667.
	l.Paid = paidUpTo(s, 2)
	wantPayoff(t, l, date(2026, time.April, 25), 25_000, PayoffAmount{8_333_334, 133_333, 25_000, 8_491_667}, "with arrears")

	// Interest already paid on the current installment is not charged again.
	l.Paid = paidUpTo(s, 3)
	l.Paid[3].Interest = 30_000
	wantPayoff(t, l, date(2026, time.April, 25), 0, PayoffAmount{7_500_001, 3_333, 0, 7_503_334}, "with interest paid ahead")
}

// The example annuity: A = round(100,000 × 1.01^12 / (1.01^12 − 1)) =
// round(888,487.89) = 888,488. Rows 1–3 (principal, interest, remaining):
// 788,488 100,000 9,211,512; 796,373 92,115 8,415,139; 804,337 84,151 7,610,802.
func annuityAfterThree(t *testing.T) Loan {
	s := mustSchedule(t, Annuity, exP, exRate, exMonths, exStart)
	if s[2].Remaining != 7_610_802 || s[3].Total() != 888_488 {
		t.Fatalf("example annuity changed: %+v", s[:4])
	}
	return Loan{Method: Annuity, RateBP: exRate, Start: exStart, Schedule: s, Paid: paidUpTo(s, 3)}
}

func TestPayoffAnnuityMidMonth(t *testing.T) {
	l := annuityAfterThree(t)
	// On 30 Apr: 15 of the 30 days 15 Apr–15 May elapsed; interest
	// round(7,610,802 × 1% × 15/30) = round(38,054.01) = 38,054;
	// total 7,610,802 + 38,054 = 7,648,856.
	wantPayoff(t, l, date(2026, time.April, 30), 0, PayoffAmount{7_610_802, 38_054, 0, 7_648_856}, "on 30 Apr")
	// On the next due date, unpaid, the fourth installment's interest is due
	// in full: 76,108 = round(7,610,802 × 1%), as in the schedule.
	wantPayoff(t, l, date(2026, time.May, 15), 0, PayoffAmount{7_610_802, 76_108, 0, 7_686_910}, "on 15 May")
	// The time of day does not matter, only the date.
	if got := mustPayoff(t, l, time.Date(2026, time.April, 30, 23, 59, 0, 0, jakarta), 0); got.Interest != 38_054 {
		t.Errorf("late on 30 Apr: interest %d, want 38,054", got.Interest)
	}
}

func TestPrepayAnnuityBothWays(t *testing.T) {
	l := annuityAfterThree(t)
	day := date(2026, time.April, 30)
	// Rp2,000,000 of the 7,610,802 owed: R' = 5,610,802; R' × 1% = 56,108.02.

	// Lower the installment, 9 months kept: A' = round(56,108.02 × 1.01^9/(1.01^9 − 1))
	// = round(56,108.02 × 11.674036) = round(655,007.06) = 655,007. First row
	// 598,899 + 56,108; the last carries the remainder: 648,522 + 6,485.
	low, err := Prepay(l, day, 2_000_000, LowerInstallment)
	if err != nil {
		t.Fatal(err)
	}
	checkPrepay(t, l, low, 5_610_802, 9)
	if f, z := low.Schedule[0], low.Schedule[8]; f.Total() != 655_007 || f.Principal != 598_899 ||
		z.Principal != 648_522 || z.Interest != 6_485 || z.Due != l.Schedule[11].Due {
		t.Errorf("lower installment: first %+v last %+v", f, z)
	}
	// Interest the Rp2,000,000 earned 15–30 Apr: round(2,000,000 × 1% × 15/30) = 10,000.
	if low.InterestToDate != 10_000 {
		t.Errorf("interest to date %d, want 10,000", low.InterestToDate)
	}

	// Shorten the tenor, installment at most 888,488: over 6 months A' would be
	// round(56,108.02 × 17.254837) = 968,135 (too much); over 7 months
	// round(56,108.02 × 14.862828) = round(833,923.87) = 833,924. So 7 months,
	// the last due 15 Nov 2026 instead of 15 Jan 2027: last row 825,667 + 8,257.
	short, err := Prepay(l, day, 2_000_000, ShortenTenor)
	if err != nil {
		t.Fatal(err)
	}
	checkPrepay(t, l, short, 5_610_802, 7)
	if f, z := short.Schedule[0], short.Schedule[6]; f.Total() != 833_924 || z.Principal != 825_667 ||
		z.Interest != 8_257 || z.Due != date(2026, time.November, 15) {
		t.Errorf("shorten tenor: first %+v last %+v", f, z)
	}
	if short.InterestToDate != 10_000 {
		t.Errorf("interest to date %d, want 10,000", short.InterestToDate)
	}
}

func TestPrepayFlat(t *testing.T) {
	s := mustSchedule(t, Flat, exP, exRate, exMonths, exStart)
	l := Loan{Method: Flat, RateBP: exRate, Start: exStart, Schedule: s, Paid: paidUpTo(s, 3)}
	// 7,500,001 owed, Rp1,500,001 repaid on the due date: R' = 6,000,000.
	// F' = round(100,000 × 6,000,000 / 7,500,001) = round(79,999.99) = 80,000.
	low, err := Prepay(l, date(2026, time.April, 15), 1_500_001, LowerInstallment)
	if err != nil {
		t.Fatal(err)
	}
	// 9 months of 666,666 + 80,000, the last 666,672.
	checkPrepay(t, l, low, 6_000_000, 9)
	if f, z := low.Schedule[0], low.Schedule[8]; f.Principal != 666_666 || f.Interest != 80_000 || z.Principal != 666_672 {
		t.Errorf("flat lower: first %+v last %+v", f, z)
	}
	if low.InterestToDate != 0 {
		t.Errorf("on the due date interest to date %d, want 0", low.InterestToDate)
	}
	// Shorten: keep at most 933,333. 7 months: 857,142 + 80,000 = 937,142 (too
	// much); 8 months: 750,000 + 80,000 = 830,000. So 8 months.
	short, err := Prepay(l, date(2026, time.April, 15), 1_500_001, ShortenTenor)
	if err != nil {
		t.Fatal(err)
	}
	checkPrepay(t, l, short, 6_000_000, 8)
}

// checkPrepay checks the new schedule: months rows, numbered and dated on
// from the first not yet due, principal summing to rest, Remaining to 0.
func checkPrepay(t *testing.T, l Loan, p Prepayment, rest int64, months int) {
	t.Helper()
	if len(p.Schedule) != months {
		t.Fatalf("%d months, want %d", len(p.Schedule), months)
	}
	var sum int64
	for _, in := range p.Schedule {
		if in.Principal < 0 || in.Interest < 0 {
			t.Errorf("negative row %+v", in)
		}
		sum += in.Principal
		if in.Remaining != rest-sum {
			t.Errorf("row %d remaining %d, want %d", in.No, in.Remaining, rest-sum)
		}
	}
	if sum != rest {
		t.Errorf("principal sums to %d, want %d", sum, rest)
	}
	cur := 0
	for cur < len(l.Schedule) && l.Schedule[cur].No != p.Schedule[0].No {
		cur++
	}
	for j, in := range p.Schedule {
		if in.No != l.Schedule[cur+j].No || !in.Due.Equal(l.Schedule[cur+j].Due) {
			t.Errorf("row %d: No %d due %v, want %d %v", j, in.No, in.Due, l.Schedule[cur+j].No, l.Schedule[cur+j].Due)
		}
	}
}

func TestPayoffPrepayErrors(t *testing.T) {
	l := annuityAfterThree(t)
	day := date(2026, time.April, 30)
	if _, err := Payoff(l, date(2026, time.January, 1), 0); err == nil {
		t.Error("payoff before the start accepted")
	}
	if _, err := Payoff(l, day, -1); err == nil {
		t.Error("negative late fees accepted")
	}
	bad := l
	bad.Paid = l.Paid[:3]
	if _, err := Payoff(bad, day, 0); err == nil {
		t.Error("payments of the wrong length accepted")
	}
	for _, amount := range []int64{0, -1, 7_610_802, 8_000_000} {
		if _, err := Prepay(l, day, amount, ShortenTenor); err == nil {
			t.Errorf("partial repayment of %d accepted", amount)
		}
	}
	if _, err := Prepay(l, day, 1000, PrepayOption(9)); err == nil {
		t.Error("unknown option accepted")
	}
	arrears := l
	arrears.Paid = paidUpTo(l.Schedule, 2)
	if _, err := Prepay(arrears, day, 1000, ShortenTenor); err != errArrears {
		t.Errorf("with arrears: %v, want errArrears", err)
	}
	if _, err := Prepay(l, date(2027, time.February, 1), 1000, ShortenTenor); err == nil {
		t.Error("partial repayment after the last due date accepted")
	}
	// After the last due date, everything unpaid is due and nothing accrues.
	got := mustPayoff(t, l, date(2027, time.March, 1), 0)
	s := Summarize(l.Schedule[3:])
	if got.Principal != s.Principal || got.Interest != s.Interest {
		t.Errorf("after maturity: %+v, want principal %d interest %d", got, s.Principal, s.Interest)
	}
}

// Properties over random loans: on each due date right after paying it, the
// payoff is exactly the remaining principal; the payoff never falls as days
// pass within a period; and every partial repayment's new principal sums to
// what remains, with ShortenTenor never longer and never dearer per month.
func TestPayoffPrepayProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(16))
	methods := []Method{Flat, Annuity, Declining}
	for iter := 0; iter < 300; iter++ {
		m := methods[rng.Intn(3)]
		p := 100_000 + rng.Int63n(500_000_000)
		rate := rng.Int63n(3600)
		months := 1 + rng.Intn(60)
		start := date(2025, time.Month(1+rng.Intn(12)), 1+rng.Intn(31))
		s := mustSchedule(t, m, p, rate, months, start)
		k := rng.Intn(months) // installments paid
		l := Loan{Method: m, RateBP: rate, Start: start, Schedule: s, Paid: paidUpTo(s, k)}
		remaining := p
		if k > 0 {
			remaining = s[k-1].Remaining
			got := mustPayoff(t, l, s[k-1].Due, 0)
			if got.Principal != remaining || got.Interest != 0 || got.Total != remaining {
				t.Fatalf("%s %d %d %d, %d paid: payoff on the due date %+v, want %d", m, p, rate, months, k, got, remaining)
			}
		}
		periodStart := start
		if k > 0 {
			periodStart = s[k-1].Due
		}
		var last int64
		for d := periodStart; !d.After(s[k].Due); d = d.AddDate(0, 0, 1) {
			got := mustPayoff(t, l, d, 0)
			if got.Total < last || got.Principal != remaining {
				t.Fatalf("%s %d %d %d: payoff %+v on %v after %d", m, p, rate, months, got, d, last)
			}
			last = got.Total
		}
		if got := mustPayoff(t, l, s[k].Due, 0); got.Interest != s[k].Interest {
			t.Fatalf("%s %d %d %d: on the next due date interest %d, want the installment's %d", m, p, rate, months, got.Interest, s[k].Interest)
		}
		if remaining < 2 {
			continue
		}
		amount := 1 + rng.Int63n(remaining-1)
		day := periodStart.AddDate(0, 0, rng.Intn(daysBetweenInt(periodStart, s[k].Due)))
		low, err := Prepay(l, day, amount, LowerInstallment)
		if err != nil {
			t.Fatalf("%s %d %d %d: %v", m, p, rate, months, err)
		}
		checkPrepay(t, l, low, remaining-amount, months-k)
		short, err := Prepay(l, day, amount, ShortenTenor)
		if err != nil {
			t.Fatal(err)
		}
		checkPrepay(t, l, short, remaining-amount, len(short.Schedule))
		if len(short.Schedule) > months-k {
			t.Fatalf("shortened to %d months from %d", len(short.Schedule), months-k)
		}
		if len(short.Schedule) < months-k && short.Schedule[0].Total() > s[k].Total() {
			t.Fatalf("%s %d %d %d: shortened installment %d above %d", m, p, rate, months, short.Schedule[0].Total(), s[k].Total())
		}
	}
}

func daysBetweenInt(a, b time.Time) int { return int(daysBetween(a, b)) }

// wantPayoff checks the payoff of l on day with lateFees; what names the case in a failure.
func wantPayoff(t *testing.T, l Loan, day time.Time, lateFees int64, want PayoffAmount, what string) {
	t.Helper()
	if got := mustPayoff(t, l, day, lateFees); got != want {
		t.Errorf("%s: got %+v, want %+v", what, got, want)
	}
}
