package loan

import (
	"math"
	"testing"
)

func TestDepositPeriodInterest(t *testing.T) {
	for _, c := range []struct {
		principal, rateBP int64
		days              int
		want              int64
	}{
		// 10,000,000 × 550 × 365 / 3,650,000 = 550,000 exactly: a year is the yearly rate.
		{10_000_000, 550, 365, 550_000},
		// 10,000,000 × 550 × 31 / 3,650,000 = 46,712.32...: rounded down.
		{10_000_000, 550, 31, 46_712},
		// 100,000,000 × 600 × 30 / 3,650,000 = 493,150.68...
		{100_000_000, 600, 30, 493_150},
		// 366 days in a leap year earn 366/365 of the rate: 1,000,000 × 1000 × 366 / 3,650,000 = 100,273.97...
		{1_000_000, 1000, 366, 100_273},
		{0, 550, 30, 0},
		{1_000_000, 0, 30, 0},
		{1_000_000, 550, 0, 0},
		{math.MaxInt64, math.MaxInt64, 365, math.MaxInt64},
	} {
		if got := DepositPeriodInterest(c.principal, c.rateBP, c.days); got != c.want {
			t.Errorf("DepositPeriodInterest(%d, %d, %d) = %d, want %d", c.principal, c.rateBP, c.days, got, c.want)
		}
	}
}
