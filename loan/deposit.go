package loan

import (
	"math"
	"math/bits"
)

// DepositPeriodInterest is a time deposit's interest for a period of days days:
// principal × rateBP × days / (10,000 × 365), actual days over a 365-day year (also in a
// leap year), rounded DOWN to the whole rupiah once for the period. A period is a month of
// the term (monthiversary to monthiversary) when interest is paid monthly, or the whole
// term when it is paid at maturity. Zero or negative inputs earn nothing; a result beyond
// an int64 is math.MaxInt64.
func DepositPeriodInterest(principal, rateBP int64, days int) int64 {
	if principal <= 0 || rateBP <= 0 || days <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(principal), uint64(rateBP))
	h1, l1 := bits.Mul64(lo, uint64(days))
	h2, l2 := bits.Mul64(hi, uint64(days))
	if h2 != 0 {
		return math.MaxInt64
	}
	top, c := bits.Add64(h1, l2, 0)
	if c != 0 || top >= AccrualDen {
		return math.MaxInt64
	}
	q, _ := bits.Div64(top, l1, AccrualDen)
	if q > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(q)
}
