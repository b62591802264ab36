package coop

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/store"
)

// JobDayClose closes the books of each day that is over: accruals, postings, fees,
// maturities and loan grades (issue 16). It runs after midnight for the day before, as a
// bank's end of day does, so the day's every movement is in and the morning's reminders see
// the closed books; days missed are closed in order.
const JobDayClose = "day-close"

// A closeStep is one part of a day's close, run for every branch.
//
// run may commit in several transactions (a month's interest for 100,000 accounts should not
// hold the write lock for one long stretch), so each of its transactions must be safe to run
// again: a close cut short goes on from the first step not recorded as done, and that step
// starts over. Journal keys naming the account and the day or month, or a "done through"
// day written in the same transaction as the work, make it so. run returns one line saying
// what it did, for the report and the day's record.
type closeStep struct {
	name string
	run  func(ctx context.Context, d *DayRun) (string, error)
}

// closeSteps are the day's close, in order: what a step leaves (interest posted, a deposit
// paid out to savings) is there for the steps after it.
var closeSteps = []closeStep{
	{"savings-fees", chargeSavingsFees}, // before the accrual: the day's balance is after its fees
	{"savings-accrual", accrueSavings},
	{"savings-interest", postSavingsInterest},
	{stepDeposits, depositsStep}, // after the accrual: what it pays into savings is dated the next day
	{"loan-grades", closeLoanGrades},
}

// DayRun is one day's close as its steps see it.
type DayRun struct {
	Office *Office
	// Day is the calendar day closed, midnight in the cooperative's time zone.
	Day time.Time
	// End is the first instant after Day: balances "at the end of the day" count what was
	// posted before it.
	End time.Time
}

// DayReport is what one day's close did.
type DayReport struct {
	Day   time.Time
	Steps []StepReport
}

// StepReport is what one step of a day's close did; Again when an earlier run had done it.
type StepReport struct {
	Step    string
	Summary string
	Again   bool
}

// String is the report in lines: the day, then each step.
func (r DayReport) String() string {
	var b strings.Builder
	b.WriteString(r.Day.Format(store.DateLayout))
	for _, s := range r.Steps {
		fmt.Fprintf(&b, "\n  %s: %s", s.Step, s.Summary)
		if s.Again {
			b.WriteString(" (done before)")
		}
	}
	return b.String()
}

// CloseDay closes the books of day (a calendar day in the cooperative's time zone). A day
// is closed once: a closed day is refused (DayClosed) and nothing changes; a day not over
// yet (today, or one to come) is refused (DayNotOver), and so is a day after one not yet closed (DayOutOfTurn),
// unless no day was ever closed. A close cut short goes on from the step it stopped in.
func (o *Office) CloseDay(ctx context.Context, day time.Time) (DayReport, error) {
	day = o.calendarDay(day)
	now := o.Now().In(o.location())
	if !day.Before(o.calendarDay(now)) {
		return DayReport{}, &Refusal{Code: DayNotOver, Subject: day.Format(store.DateLayout)}
	}
	var done store.DayClose
	err := o.DB.Update(ctx, func(tx *store.Tx) error {
		prev, err := tx.DayCloseOf(ctx, day)
		switch {
		case err == nil && !prev.Closed.IsZero():
			return &Refusal{Code: DayClosed, Subject: day.Format(store.DateLayout), At: prev.Closed}
		case err == nil:
			done = prev
			return nil
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		last, ok, err := tx.LastClosedDay(ctx)
		if err != nil {
			return err
		}
		if next := last.AddDate(0, 0, 1); ok && next.Format(store.DateLayout) != day.Format(store.DateLayout) {
			if next.Format(store.DateLayout) > day.Format(store.DateLayout) {
				return &Refusal{Code: DayClosed, Subject: day.Format(store.DateLayout)}
			}
			return &Refusal{Code: DayOutOfTurn, Subject: day.Format(store.DateLayout), Other: next.Format(store.DateLayout)}
		}
		done = store.DayClose{StepsRun: map[string]string{}}
		return tx.StartDayClose(ctx, day)
	})
	if err != nil {
		return DayReport{}, err
	}
	run := &DayRun{Office: o, Day: day, End: day.AddDate(0, 0, 1)}
	rep := DayReport{Day: day}
	for _, st := range closeSteps {
		if summary, ok := done.StepsRun[st.name]; ok {
			rep.Steps = append(rep.Steps, StepReport{Step: st.name, Summary: summary, Again: true})
			continue
		}
		summary, err := st.run(ctx, run)
		if err != nil {
			return rep, fmt.Errorf("close %s: %s: %w", day.Format(store.DateLayout), st.name, err)
		}
		if err := o.DB.Update(ctx, func(tx *store.Tx) error { return tx.DayCloseStepDone(ctx, day, st.name, summary) }); err != nil {
			return rep, err
		}
		rep.Steps = append(rep.Steps, StepReport{Step: st.name, Summary: summary})
	}
	lines := make([]string, len(rep.Steps))
	for i, s := range rep.Steps {
		lines[i] = s.Step + ": " + s.Summary
	}
	return rep, o.DB.Update(ctx, func(tx *store.Tx) error { return tx.FinishDayClose(ctx, day, strings.Join(lines, "\n")) })
}

// CloseThrough closes, in order, every day not yet closed up to and including through: the
// days after the last one closed, or through alone when none ever was. A day cut short is
// finished first. It stops at the first day that fails.
func (o *Office) CloseThrough(ctx context.Context, through time.Time) ([]DayReport, error) {
	through = o.calendarDay(through)
	days, err := o.DaysToClose(ctx, through)
	if err != nil {
		return nil, err
	}
	var reps []DayReport
	for _, day := range days {
		rep, err := o.CloseDay(ctx, day)
		if err != nil {
			return reps, err
		}
		reps = append(reps, rep)
	}
	return reps, nil
}

// DaysToClose are the days CloseThrough(through) would close, in order.
func (o *Office) DaysToClose(ctx context.Context, through time.Time) ([]time.Time, error) {
	through = o.calendarDay(through)
	var days []time.Time
	err := o.DB.View(ctx, func(tx *store.Tx) error {
		last, ok, err := tx.LastClosedDay(ctx)
		if err != nil {
			return err
		}
		first := through
		if ok {
			first = o.calendarDay(time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, o.location()))
		}
		for d := first; !d.After(through); d = d.AddDate(0, 0, 1) {
			days = append(days, d)
		}
		return nil
	})
	return days, err
}

// calendarDay is t's date in the cooperative's time zone, at midnight there.
func (o *Office) calendarDay(t time.Time) time.Time {
	t = t.In(o.location())
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, o.location())
}

// closeDays is the day-close job: every day not yet closed through the day before the report's.
func (j *Jobs) closeDays(ctx context.Context, rep *JobReport) error {
	today := j.today(rep).AddDate(0, 0, -1)
	if rep.DryRun {
		days, err := j.Office.DaysToClose(ctx, today)
		rep.ToClose = days
		return err
	}
	reps, err := j.Office.CloseThrough(ctx, today)
	rep.Closed = reps
	var r *Refusal
	if errors.As(err, &r) && r.Code == DayClosed && len(reps) == 0 {
		rep.Note = fmt.Sprintf("%s was closed already", today.Format(store.DateLayout))
		return nil
	}
	return err
}

func (r JobReport) closeSummary() string {
	if r.DryRun {
		if len(r.ToClose) == 0 {
			return "would close no day"
		}
		return fmt.Sprintf("would close %d days, %s to %s", len(r.ToClose), r.ToClose[0].Format(store.DateLayout), r.ToClose[len(r.ToClose)-1].Format(store.DateLayout))
	}
	if len(r.Closed) == 0 {
		if r.Note != "" {
			return "closed no day (" + r.Note + ")"
		}
		return "closed no day"
	}
	lines := make([]string, len(r.Closed))
	for i, d := range r.Closed {
		lines[i] = d.String()
	}
	return fmt.Sprintf("closed %d days: %s", len(r.Closed), strings.Join(lines, "; "))
}
