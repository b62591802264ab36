// Package loan computes loan installment schedules and time-deposit interest
// for a savings-and-loan cooperative.
//
// All amounts are int64 whole rupiah. No floating point is used anywhere:
// interest is computed with exact integer arithmetic (128-bit products via
// math/bits, and math/big for the annuity payment) and then rounded once,
// by the rule below.
//
// # Rounding rule
//
// Rates are given in basis points a year (rateBP; 1200 = 12% a year).
//
//   - The monthly rate is i = rateBP / 120000 (basis points a year / 10,000 / 12),
//     kept exact as a fraction; it is never converted to a decimal.
//   - Every interest amount (and the annuity payment) is rounded half up to
//     the whole rupiah: fractions below 0.5 go down, 0.5 and above go up
//     (12,500.5 → 12,501; 91,666.67 → 91,667; 8,333.37 → 8,333).
//   - Flat (bunga flat): every month's interest = round(principal × i), on the
//     original principal. The principal part = floor(principal / months); the
//     remainder (principal − part × months) is added to the LAST installment.
//   - Declining (bunga menurun / efektif): principal parts as in Flat; every
//     month's interest = round(remaining principal before that installment × i).
//   - Annuity (anuitas): the payment A = round(P × i × (1+i)^n / ((1+i)^n − 1)),
//     evaluated exactly as the fraction P·r·q^n / (120000·(q^n − 120000^n)) with
//     r = rateBP and q = 120000 + rateBP, then rounded half up. Each month's
//     interest = round(remaining principal × i) and its principal part =
//     A − interest. The LAST installment's principal part is whatever principal
//     remains, so the last installment may differ from A. The rounding of A
//     (at most half a rupiah a month) compounds at (1+i) a month, so the
//     difference is a few rupiah for short loans but grows with term and rate:
//     up to about 110 rupiah at 1% a month over 120 months, thousands over 240
//     to 360 months, and far more at 2-3% a month over 360-600 months. If the
//     principal part A − interest would exceed the principal still owed (only
//     for long, high-rate loans, where these differences pay the loan off
//     early), it is capped at what is owed: that installment is smaller than A
//     and all later ones are zero. For rateBP = 0 the annuity is
//     A = floor(P / n) with the remainder on the last installment, like Flat.
//   - In every method the principal parts add up to exactly the principal, no
//     principal part is negative, and Remaining is exactly 0 after the last
//     installment.
//
// Time-deposit interest (DepositInterest) is simple interest
// principal × rateBP/10000 × months/12, computed exactly and rounded half up
// once at the end.
//
// Schedule refuses (returns an error) rather than return a wrong number: if
// any amount, or the sum of all installments (principal + total interest),
// would not fit in an int64, it returns an overflow error. Nothing in this
// package panics on any input.
package loan

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"time"
)

// Method is how a loan's installments are computed.
type Method string

const (
	Flat      Method = "flat"      // bunga flat: interest on the original principal every month
	Annuity   Method = "annuity"   // anuitas: equal installments; interest on the remaining principal
	Declining Method = "declining" // bunga menurun (efektif): equal principal parts; interest on the remaining principal
)

// maxMonths is the longest loan Schedule accepts (50 years).
const maxMonths = 600

// monthlyDen is the denominator of the monthly rate: rateBP / monthlyDen.
const monthlyDen = 120000

var errOverflow = errors.New("loan: amounts too large (would overflow int64)")

// Installment is one row of a schedule.
type Installment struct {
	No        int       // 1-based
	Due       time.Time // due date
	Principal int64     // principal part
	Interest  int64     // interest part
	Remaining int64     // principal still owed after this installment
}

// Total is what the installment asks for.
func (i Installment) Total() int64 { return i.Principal + i.Interest }

// Schedule computes the monthly schedule of a loan of principal rupiah at rateBP basis
// points a year (1200 = 12% a year = 1% a month), over months months, the first due one
// month after start. It returns an error for principal <= 0, rateBP < 0, months < 1 or
// > 600, an unknown method, or amounts that would overflow.
//
// Installment k (1-based) is due AddMonths(start, k), so a loan started on the
// 31st is due on the last day of shorter months and on the 31st again after.
// Amounts follow the rounding rule in the package documentation.
func Schedule(m Method, principal, rateBP int64, months int, start time.Time) ([]Installment, error) {
	switch m {
	case Flat, Annuity, Declining:
	default:
		return nil, fmt.Errorf("loan: unknown method %q", string(m))
	}
	if principal <= 0 {
		return nil, fmt.Errorf("loan: principal must be positive, got %d", principal)
	}
	if rateBP < 0 {
		return nil, fmt.Errorf("loan: rate must not be negative, got %d bp", rateBP)
	}
	if months < 1 || months > maxMonths {
		return nil, fmt.Errorf("loan: months must be 1..%d, got %d", maxMonths, months)
	}
	// The first installment's interest is round(principal × i) in every method;
	// if it alone cannot be added to the principal, nothing fits.
	firstInterest, ok := monthlyInterest(principal, rateBP)
	if !ok || firstInterest > math.MaxInt64-principal {
		return nil, errOverflow
	}

	rows := make([]Installment, months)
	n := int64(months)
	part := principal / n // floor: principal > 0

	switch {
	case m == Flat:
		rows = flatSchedule(principal, firstInterest, months)
	case m == Declining || rateBP == 0: // a 0% annuity is split like Declining (no interest)
		remaining := principal
		for k := range rows {
			interest, ok := monthlyInterest(remaining, rateBP)
			if !ok {
				return nil, errOverflow
			}
			p := part
			if k == months-1 {
				p = remaining
			}
			remaining -= p
			rows[k].Principal, rows[k].Interest, rows[k].Remaining = p, interest, remaining
		}
	default: // Annuity with rateBP > 0
		a, ok := annuityPayment(principal, rateBP, months)
		if !ok {
			return nil, errOverflow
		}
		remaining := principal
		for k := range rows {
			interest, ok := monthlyInterest(remaining, rateBP)
			if !ok {
				return nil, errOverflow
			}
			var p int64
			if k == months-1 {
				p = remaining
			} else {
				// a >= round(principal × i) >= interest, because the exact
				// payment exceeds principal × i and remaining <= principal.
				p = a - interest
				if p > remaining {
					p = remaining
				}
			}
			if p < 0 {
				return nil, errors.New("loan: internal error: negative principal part")
			}
			remaining -= p
			rows[k].Principal, rows[k].Interest, rows[k].Remaining = p, interest, remaining
		}
	}

	// The sum of all installments must fit, so that every Total and every
	// Summarize field of this schedule fits as well.
	sum := principal
	for k := range rows {
		if rows[k].Interest > math.MaxInt64-sum {
			return nil, errOverflow
		}
		sum += rows[k].Interest
		rows[k].No = k + 1
		rows[k].Due = AddMonths(start, k+1)
	}
	return rows, nil
}

// monthlyInterest returns round(amount × rateBP / 120000), rounded half up,
// for amount >= 0 and rateBP >= 0; ok is false if it does not fit in an int64.
func monthlyInterest(amount, rateBP int64) (int64, bool) {
	return mulDivRoundHalfUp(uint64(amount), uint64(rateBP), monthlyDen)
}

// mulDivRoundHalfUp returns floor((2·a·b + c) / (2·c)), i.e. a·b/c rounded
// half up, using a 128-bit intermediate. a and b must be below 2^63 and c > 0.
func mulDivRoundHalfUp(a, b, c uint64) (int64, bool) {
	hi, lo := bits.Mul64(a, b) // < 2^126, so doubling cannot overflow 128 bits
	hi = hi<<1 | lo>>63
	lo <<= 1
	var carry uint64
	lo, carry = bits.Add64(lo, c, 0)
	hi += carry
	d := 2 * c
	if hi >= d { // quotient would need more than 64 bits
		return 0, false
	}
	q, _ := bits.Div64(hi, lo, d)
	if q > math.MaxInt64 {
		return 0, false
	}
	return int64(q), true
}

// annuityPayment returns A = round(P·i·(1+i)^n / ((1+i)^n − 1)) with
// i = rateBP/120000 > 0, evaluated exactly as
// P·r·q^n / (120000·(q^n − 120000^n)), q = 120000 + r, rounded half up.
func annuityPayment(principal, rateBP int64, months int) (int64, bool) {
	n := big.NewInt(int64(months))
	q := new(big.Int).Add(big.NewInt(monthlyDen), big.NewInt(rateBP)) // may exceed int64
	qn := new(big.Int).Exp(q, n, nil)
	dn := new(big.Int).Exp(big.NewInt(monthlyDen), n, nil)

	num := new(big.Int).Mul(big.NewInt(principal), big.NewInt(rateBP))
	num.Mul(num, qn)
	den := qn.Sub(qn, dn) // q^n − d^n > 0 since rateBP > 0
	den.Mul(den, big.NewInt(monthlyDen))

	// floor((2·num + den) / (2·den))
	num.Lsh(num, 1)
	num.Add(num, den)
	den.Lsh(den, 1)
	a := num.Quo(num, den) // both positive: truncation is floor
	if !a.IsInt64() {
		return 0, false
	}
	return a.Int64(), true
}

// AddMonths moves t by n calendar months keeping its day of month but never past the
// month's last day (31 Jan + 1 month = 28/29 Feb, not early March).
//
// The wall-clock time and location of t are kept; n may be negative.
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	// Split n first so that nothing overflows for any n.
	ty := y + n/12
	tm := int(m) - 1 + n%12 // -11..22
	if tm < 0 {
		tm += 12
		ty--
	} else if tm >= 12 {
		tm -= 12
		ty++
	}
	month := time.Month(tm + 1)
	// Day 0 of the following month is the last day of this one.
	if last := time.Date(ty, month+1, 0, 0, 0, 0, 0, time.UTC).Day(); d > last {
		d = last
	}
	hh, mm, ss := t.Clock()
	return time.Date(ty, month, d, hh, mm, ss, t.Nanosecond(), t.Location())
}

// DepositInterest is the simple interest of a time deposit: principal × rateBP/10000 × months/12, rounded half up.
//
// It is computed exactly as principal × rateBP × months / 120000 and rounded
// half up once. A non-positive principal, rateBP or months gives 0. A result
// too large for an int64 (far beyond any real deposit) is returned as
// math.MaxInt64; callers that accept arbitrary input should bound it first.
func DepositInterest(principal, rateBP int64, months int) int64 {
	if principal <= 0 || rateBP <= 0 || months <= 0 {
		return 0
	}
	if uint64(months) <= math.MaxInt64/uint64(rateBP) { // rateBP × months fits: 128-bit path
		if v, ok := mulDivRoundHalfUp(uint64(principal), uint64(rateBP)*uint64(months), monthlyDen); ok {
			return v
		}
		return math.MaxInt64
	}
	x := new(big.Int).Mul(big.NewInt(principal), big.NewInt(rateBP))
	x.Mul(x, big.NewInt(int64(months)))
	x.Lsh(x, 1)
	x.Add(x, big.NewInt(monthlyDen))
	x.Quo(x, big.NewInt(2*monthlyDen))
	if !x.IsInt64() {
		return math.MaxInt64
	}
	return x.Int64()
}

// Summary adds up a schedule.
type Summary struct{ Principal, Interest, Total, FirstInstallment, LargestInstallment int64 }

// Summarize adds up a schedule: the sums of the principal parts, interest
// parts and installments, the first installment and the largest one. An empty
// schedule gives a zero Summary. The sums of a schedule returned by Schedule
// always fit in an int64.
func Summarize(s []Installment) Summary {
	var sum Summary
	for k, in := range s {
		t := in.Total()
		sum.Principal += in.Principal
		sum.Interest += in.Interest
		sum.Total += t
		if k == 0 {
			sum.FirstInstallment = t
		}
		if k == 0 || t > sum.LargestInstallment {
			sum.LargestInstallment = t
		}
	}
	return sum
}
