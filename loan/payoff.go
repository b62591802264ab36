package loan

// Early and partial repayment (pelunasan dipercepat, pelunasan sebagian).
//
// Pure computations on a schedule returned by Schedule and what has been paid
// on it; no clock, no database. Amounts are int64 rupiah, rounded half up
// once per figure, as in the package rounding rule.
//
// # Interest to date (Payoff)
//
// Dates are compared as calendar dates (the year, month and day of each
// time.Time in its own location); the time of day is ignored.
//
//   - Installments due on or before the day: their interest not yet paid is
//     owed in full, in every method.
//   - The current period is the one from the last due date on or before the
//     day (the loan's Start if none) to the next due date. Its interest is
//     accrued pro rata by days within that period, days elapsed / days in the
//     period, so that a full period costs exactly the scheduled monthly
//     interest and a payoff on a due date charges nothing for the new period.
//     We do not use days/365: the schedule itself charges i = rate/12 a month
//     whatever the month's length, and days/365 would make a full 31-day
//     period cost more than the schedule's month (and a February less).
//   - Flat: current-period interest = round(that installment's Interest ×
//     days / periodDays). (We do not charge the current month in full, a rule
//     some cooperatives use; a caller wanting that can add the difference.)
//   - Declining and annuity: current-period interest = round(principal still
//     owed × rateBP/120000 × days / periodDays), on the whole principal still
//     owed (including principal of overdue installments).
//   - In both cases interest already paid on the current installment is
//     deducted (never below zero).
//   - After the last due date no further interest accrues: overdue amounts
//     are charged through late fees, which the caller passes in.

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"time"
)

// Paid is what has been paid so far on one installment.
type Paid struct{ Principal, Interest int64 }

// Loan is a disbursed loan: its terms, its schedule (as returned by Schedule,
// or by Prepay after a partial repayment) and what has been paid on each
// installment.
type Loan struct {
	Method   Method
	RateBP   int64         // basis points a year, as in Schedule
	Start    time.Time     // disbursement; the first period runs from Start to Schedule[0].Due
	Schedule []Installment // in due order
	Paid     []Paid        // Paid[k] is paid on Schedule[k]; nil means nothing paid yet
}

// PayoffAmount is what it takes to close a loan on a day.
type PayoffAmount struct {
	Principal int64 // principal still owed
	Interest  int64 // unpaid interest of installments due, plus interest accrued in the current period
	LateFees  int64 // as passed in
	Total     int64
}

// PrepayOption says what a partial repayment does to the rest of the loan.
type PrepayOption int

const (
	ShortenTenor     PrepayOption = iota + 1 // keep the installment (at most the old one), fewer months
	LowerInstallment                         // keep the end date, smaller installments
)

// Prepayment is the result of a partial repayment.
type Prepayment struct {
	// InterestToDate is the interest on the amount repaid for the days of the
	// current period already elapsed, owed with the repayment: the new
	// schedule charges the new principal for its whole first period.
	InterestToDate int64
	// Schedule is the new remaining schedule: numbered on from the installments
	// due before the day, due on the original due dates, its principal parts
	// summing to the principal still owed less the amount repaid.
	Schedule []Installment
}

var errArrears = errors.New("loan: installments due are not fully paid; pay them before a partial repayment")

// civil is t's calendar date at midnight UTC, for counting days.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// daysBetween is the number of calendar days from a to b (negative if b is earlier).
func daysBetween(a, b time.Time) int64 {
	return int64(civil(b).Sub(civil(a)).Hours()) / 24
}

// prorate returns round(amount × num / den) half up, exactly; ok is false if
// it does not fit an int64. amount, num >= 0, den > 0.
func prorate(amount, num, den *big.Int) (int64, bool) {
	x := new(big.Int).Mul(amount, num)
	x.Lsh(x, 1)
	x.Add(x, den)
	x.Quo(x, new(big.Int).Lsh(den, 1))
	if !x.IsInt64() {
		return 0, false
	}
	return x.Int64(), true
}

// check validates the loan's terms and payments.
func (l Loan) check() error {
	switch l.Method {
	case Flat, Annuity, Declining:
	default:
		return fmt.Errorf("loan: unknown method %q", string(l.Method))
	}
	if l.RateBP < 0 {
		return fmt.Errorf("loan: rate must not be negative, got %d bp", l.RateBP)
	}
	if len(l.Schedule) == 0 {
		return errors.New("loan: empty schedule")
	}
	if l.Paid != nil && len(l.Paid) != len(l.Schedule) {
		return fmt.Errorf("loan: %d payments for %d installments", len(l.Paid), len(l.Schedule))
	}
	prev := l.Start
	var sum int64
	for k, in := range l.Schedule {
		if in.Principal < 0 || in.Interest < 0 {
			return fmt.Errorf("loan: installment %d has a negative amount", in.No)
		}
		if daysBetween(prev, in.Due) <= 0 {
			return fmt.Errorf("loan: installment %d is not due after the one before (or the start)", in.No)
		}
		prev = in.Due
		p := l.paid(k)
		if p.Principal < 0 || p.Interest < 0 || p.Principal > in.Principal || p.Interest > in.Interest {
			return fmt.Errorf("loan: paid on installment %d is negative or more than due", in.No)
		}
		if in.Principal > math.MaxInt64-sum || in.Interest > math.MaxInt64-sum-in.Principal {
			return errOverflow
		}
		sum += in.Principal + in.Interest
	}
	return nil
}

func (l Loan) paid(k int) Paid {
	if l.Paid == nil {
		return Paid{}
	}
	return l.Paid[k]
}

// current returns the index of the first installment due after day
// (len(Schedule) if none) and the start of its period.
func (l Loan) current(day time.Time) (int, time.Time) {
	prev := l.Start
	for k, in := range l.Schedule {
		if daysBetween(day, in.Due) > 0 {
			return k, prev
		}
		prev = in.Due
	}
	return len(l.Schedule), prev
}

// accrued is the interest of the current period cur (from periodStart) to
// day on the principal owed, by the rule in the comment at the top of this
// file, before deducting interest already paid on it.
func (l Loan) accrued(cur int, periodStart, day time.Time, owed int64) (int64, bool) {
	in := l.Schedule[cur]
	days := big.NewInt(daysBetween(periodStart, day))
	period := big.NewInt(daysBetween(periodStart, in.Due))
	if l.Method == Flat {
		return prorate(big.NewInt(in.Interest), days, period)
	}
	num := days.Mul(days, big.NewInt(l.RateBP))
	return prorate(big.NewInt(owed), num, period.Mul(period, big.NewInt(monthlyDen)))
}

// Payoff is the amount that closes the loan on day: the principal still owed,
// interest to date by the rule at the top of this file, and lateFees (the
// late fees owed, computed by the caller). It returns an error for an invalid
// loan, a day before Start, negative late fees, or a total that would overflow.
func Payoff(l Loan, day time.Time, lateFees int64) (PayoffAmount, error) {
	if err := l.check(); err != nil {
		return PayoffAmount{}, err
	}
	if daysBetween(l.Start, day) < 0 {
		return PayoffAmount{}, errors.New("loan: payoff day is before the loan started")
	}
	if lateFees < 0 {
		return PayoffAmount{}, fmt.Errorf("loan: late fees must not be negative, got %d", lateFees)
	}
	var out PayoffAmount
	cur, periodStart := l.current(day)
	for k, in := range l.Schedule {
		p := l.paid(k)
		out.Principal += in.Principal - p.Principal
		if k < cur {
			out.Interest += in.Interest - p.Interest
		}
	}
	if cur < len(l.Schedule) {
		a, ok := l.accrued(cur, periodStart, day, out.Principal)
		if !ok {
			return PayoffAmount{}, errOverflow
		}
		if a -= l.paid(cur).Interest; a > 0 {
			if a > math.MaxInt64-out.Interest {
				return PayoffAmount{}, errOverflow
			}
			out.Interest += a
		}
	}
	out.LateFees = lateFees
	if out.Interest > math.MaxInt64-out.Principal || lateFees > math.MaxInt64-out.Principal-out.Interest {
		return PayoffAmount{}, errOverflow
	}
	out.Total = out.Principal + out.Interest + lateFees
	return out, nil
}

// Prepay computes a partial repayment of amount rupiah of principal on day
// (pelunasan sebagian). All installments due on or before day must be fully
// paid and none after it paid in part; amount must be positive and less than
// the principal still owed (a repayment of all of it is a Payoff).
//
// The new principal R' = R − amount (R the principal still owed) is scheduled
// over the installments not yet due, keeping their due dates:
//
//   - ShortenTenor: the fewest months whose first installment is at most the
//     current installment (Schedule[cur].Total()); the end date moves earlier.
//   - LowerInstallment: the same number of months; the installment falls.
//
// Declining and annuity schedules are Schedule(method, R', rate, months), so
// the last installment carries the rounding remainder as there. A flat loan's
// monthly interest F (on the original principal) is scaled to F' = round(F ×
// R'/R): its pricing is kept, and paying a little early never turns the flat
// interest on the original principal into interest on the remaining one.
//
// The new schedule charges R' for the whole current period, so the interest
// that the repaid part earned in the days already elapsed is returned as
// InterestToDate, owed with the repayment: round(amount × rate/120000 × days
// / periodDays) for declining and annuity, round((F − F') × days /
// periodDays) for flat (the same pro rata rule as Payoff).
func Prepay(l Loan, day time.Time, amount int64, opt PrepayOption) (Prepayment, error) {
	if err := l.check(); err != nil {
		return Prepayment{}, err
	}
	if opt != ShortenTenor && opt != LowerInstallment {
		return Prepayment{}, fmt.Errorf("loan: unknown prepayment option %d", opt)
	}
	if daysBetween(l.Start, day) < 0 {
		return Prepayment{}, errors.New("loan: repayment day is before the loan started")
	}
	cur, periodStart := l.current(day)
	if cur == len(l.Schedule) {
		return Prepayment{}, errors.New("loan: no installment left after the day; use Payoff")
	}
	var owed int64
	for k, in := range l.Schedule {
		p := l.paid(k)
		if k < cur && (p.Principal != in.Principal || p.Interest != in.Interest) {
			return Prepayment{}, errArrears
		}
		if k >= cur && (p.Principal != 0 || p.Interest != 0) {
			return Prepayment{}, fmt.Errorf("loan: installment %d not yet due is partly paid; not supported", in.No)
		}
		if k >= cur {
			owed += in.Principal
		}
	}
	if amount <= 0 || amount >= owed {
		return Prepayment{}, fmt.Errorf("loan: partial repayment must be 1..%d, got %d", owed-1, amount)
	}
	rest := owed - amount
	n := len(l.Schedule) - cur

	var flatI int64 // F', the new flat monthly interest
	if l.Method == Flat {
		var ok bool
		if flatI, ok = prorate(big.NewInt(l.Schedule[cur].Interest), big.NewInt(rest), big.NewInt(owed)); !ok {
			return Prepayment{}, errOverflow
		}
	}
	build := func(months int) ([]Installment, error) {
		if l.Method == Flat {
			return flatSchedule(rest, flatI, months), nil
		}
		return Schedule(l.Method, rest, l.RateBP, months, l.Start)
	}

	months := n
	if opt == ShortenTenor {
		keep := l.Schedule[cur].Total()
		lo, hi := 1, n // the fewest months whose first installment <= keep; n if none
		for lo < hi {
			mid := lo + (hi-lo)/2
			s, err := build(mid)
			if err != nil {
				return Prepayment{}, err
			}
			if s[0].Total() <= keep {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		months = lo
	}
	s, err := build(months)
	if err != nil {
		return Prepayment{}, err
	}
	for j := range s {
		s[j].No = l.Schedule[cur+j].No
		s[j].Due = l.Schedule[cur+j].Due
	}

	days := big.NewInt(daysBetween(periodStart, day))
	period := big.NewInt(daysBetween(periodStart, l.Schedule[cur].Due))
	var toDate int64
	var ok bool
	if l.Method == Flat {
		toDate, ok = prorate(big.NewInt(l.Schedule[cur].Interest-flatI), days, period)
	} else {
		toDate, ok = prorate(big.NewInt(amount), days.Mul(days, big.NewInt(l.RateBP)), period.Mul(period, big.NewInt(monthlyDen)))
	}
	if !ok {
		return Prepayment{}, errOverflow
	}
	return Prepayment{InterestToDate: toDate, Schedule: s}, nil
}

// flatSchedule splits principal over months like Schedule's Flat (floor
// parts, the remainder on the last) with interest each month.
func flatSchedule(principal, interest int64, months int) []Installment {
	rows := make([]Installment, months)
	part := principal / int64(months)
	remaining := principal
	for k := range rows {
		p := part
		if k == months-1 {
			p = remaining
		}
		remaining -= p
		rows[k] = Installment{No: k + 1, Principal: p, Interest: interest, Remaining: remaining}
	}
	return rows
}
