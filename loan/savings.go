package loan

// Savings interest, withholding tax and monthly fees: pure computations in
// integer rupiah, with the rules they follow (the function comments repeat
// them briefly). Storage, scheduling and configuration live in coop/.
//
// # Savings interest
//
// Rates are basis points a year (200 = 2% a year). The year is always 365
// days (actual/365 fixed), also in a leap year: a day earns
// balance × rateBP / (10,000 × 365) rupiah, so 29 February earns like any
// other day and a leap year pays 366/365 of the annual rate.
//
//   - DailyBalance (saldo harian): every day whose end-of-day balance is at
//     least the minimum (and above zero) earns balance × rateBP / 3,650,000.
//     The days are added up exactly, in units of 1/3,650,000 rupiah (128-bit
//     sum), and divided once at the end, so no fraction is lost day by day.
//   - LowestBalance (saldo terendah): the lowest end-of-day balance of the
//     month earns lowest × rateBP × days / 3,650,000, days being the number
//     of days in the month; nothing if that lowest balance is below the
//     minimum (or not above zero).
//
// With a constant balance both methods give exactly the same figure.
//
// Rounding: the month's interest is rounded DOWN to the whole rupiah when it
// is posted (the member is never credited a fraction the cooperative has not
// earned for them). The fraction left over is returned as Accrual.Remainder in
// units of 1/AccrualDen rupiah; it is forfeited, not carried to next month,
// so every month's posting depends on that month's balances only.
//
// # Withholding tax
//
// PP 15/2009 (Pajak Penghasilan atas bunga simpanan yang dibayarkan oleh
// koperasi kepada anggota koperasi orang pribadi), Pasal 2: a final tax of 0%
// on savings interest up to Rp240.000 a month, and "10% dari jumlah bruto
// bunga" on interest of more than Rp240.000 a month. The tax is therefore on
// the WHOLE gross interest once it exceeds the threshold, not only the part
// above it: Rp240.000 pays nothing, Rp240.001 pays Rp24.000 (and nets
// Rp216.001, less than Rp240.000 would). The tax is rounded DOWN to the whole
// rupiah (never more than the exact rate).
//
// # Fees
//
// A monthly fee is charged only as far as the balance goes; the rest is
// owed and collected from later balances, oldest debt first (see Fee).

import (
	"fmt"
	"math"
	"math/bits"
)

// InterestMethod is how a savings account's monthly interest is computed.
type InterestMethod string

const (
	DailyBalance  InterestMethod = "daily"  // saldo harian: each day's end-of-day balance earns a day's interest
	LowestBalance InterestMethod = "lowest" // saldo terendah: the month's lowest end-of-day balance earns a month's interest
)

// AccrualDen is the denominator of exact accrued interest: one unit is
// 1/3,650,000 rupiah (10,000 basis points × 365 days), so a day's interest
// balance × rateBP / AccrualDen is a whole number of units.
const AccrualDen = 10_000 * 365

// Accrual is a month's savings interest.
type Accrual struct {
	Interest  int64 // to post, whole rupiah, rounded down
	Remainder int64 // the fraction not posted, in units of 1/AccrualDen rupiah: 0 <= Remainder < AccrualDen
}

// SavingsInterest computes one account's interest for one month.
//
// balances holds the end-of-day balance of each calendar day of the month, in
// order (28 to 31 of them; a day before the account was opened is 0). rateBP
// is the annual rate in basis points, minimum the balance below which nothing
// is earned: per day for DailyBalance, for the month (its lowest balance) for
// LowestBalance. A balance equal to the minimum earns; a balance of zero or
// less never does.
//
// The year is 365 days, also in a leap year. DailyBalance adds up
// balance × rateBP over the earning days, LowestBalance takes
// lowest × rateBP × len(balances); either sum, exact in units of
// 1/AccrualDen rupiah, is divided once: Interest is rounded DOWN to the whole
// rupiah and Remainder is the fraction left (forfeited, not carried over).
// The comment at the top of savings.go gives the reasons.
//
// It returns an error for an unknown method, len(balances) outside 28..31, a
// negative rate or minimum, or interest too large for an int64.
func SavingsInterest(m InterestMethod, balances []int64, rateBP, minimum int64) (Accrual, error) {
	if m != DailyBalance && m != LowestBalance {
		return Accrual{}, fmt.Errorf("loan: unknown interest method %q", string(m))
	}
	if n := len(balances); n < 28 || n > 31 {
		return Accrual{}, fmt.Errorf("loan: need one balance per day of the month (28..31), got %d", n)
	}
	if rateBP < 0 {
		return Accrual{}, fmt.Errorf("loan: rate must not be negative, got %d bp", rateBP)
	}
	if minimum < 0 {
		return Accrual{}, fmt.Errorf("loan: minimum balance must not be negative, got %d", minimum)
	}

	var hi, lo uint64 // the month's interest in units of 1/AccrualDen rupiah, 128 bits
	earns := func(b int64) bool { return b > 0 && b >= minimum }
	switch m {
	case DailyBalance:
		for _, b := range balances {
			if !earns(b) {
				continue
			}
			h, l := bits.Mul64(uint64(b), uint64(rateBP)) // < 2^126
			var c uint64
			lo, c = bits.Add64(lo, l, 0)
			hi += h + c
			if hi >= AccrualDen { // the sum only grows; stop before hi could wrap
				return Accrual{}, errOverflow
			}
		}
	case LowestBalance:
		lowest := balances[0]
		for _, b := range balances[1:] {
			lowest = min(lowest, b)
		}
		if earns(lowest) {
			// lowest × rateBP × days; if the high word of lowest × rateBP is
			// already too large, so is the product, and h × days cannot wrap.
			h, l := bits.Mul64(uint64(lowest), uint64(rateBP))
			if h >= AccrualDen {
				return Accrual{}, errOverflow
			}
			days := uint64(len(balances))
			h2, l2 := bits.Mul64(l, days)
			hi, lo = h*days+h2, l2
		}
	}
	if hi >= AccrualDen { // the quotient would not fit in 64 bits
		return Accrual{}, errOverflow
	}
	q, r := bits.Div64(hi, lo, AccrualDen)
	if q > math.MaxInt64 {
		return Accrual{}, errOverflow
	}
	return Accrual{Interest: int64(q), Remainder: int64(r)}, nil
}

// WithholdingTax is the final tax withheld from a month's savings interest
// (PP 15/2009): nothing if interest <= threshold, otherwise
// interest × rateBP / 10,000 on the WHOLE interest, rounded down to the whole
// rupiah. The Indonesian rule is threshold 240_000, rateBP 1000 (10%).
//
// A negative interest or rateBP gives 0, as does a negative threshold with
// interest 0. The result never exceeds interest when rateBP <= 10,000.
func WithholdingTax(interest, threshold, rateBP int64) int64 {
	if interest <= 0 || rateBP <= 0 || interest <= threshold {
		return 0
	}
	hi, lo := bits.Mul64(uint64(interest), uint64(rateBP))
	if hi >= 10_000 { // only for rateBP far above 100%
		return math.MaxInt64
	}
	q, _ := bits.Div64(hi, lo, 10_000)
	if q > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(q)
}

// Fee charges a monthly fee against a balance without taking it below zero.
//
// What is due is owedBefore (fees not yet collected) plus fee; it is charged as
// far as the balance goes, the older debt first, and the rest stays owed:
// charged = min(max(balance, 0), owedBefore + fee), owedAfter = owedBefore +
// fee − charged. So balance − charged >= 0 whenever balance >= 0, and a
// balance at or below zero is charged nothing. A negative fee or owedBefore
// counts as 0. Should owedAfter exceed an int64 (far beyond any real fee), it
// is math.MaxInt64.
//
// An account the product exempts is charged with fee 0, which still collects
// what it owes.
func Fee(balance, fee, owedBefore int64) (charged, owedAfter int64) {
	balance, fee, owedBefore = max(balance, 0), max(fee, 0), max(owedBefore, 0)
	fromOwed := min(balance, owedBefore)
	fromFee := min(balance-fromOwed, fee)
	charged = fromOwed + fromFee // <= balance: fits
	restOwed, restFee := owedBefore-fromOwed, fee-fromFee
	if restFee > math.MaxInt64-restOwed {
		return charged, math.MaxInt64
	}
	return charged, restOwed + restFee
}
