package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// DayClose is the record of one day's close: when it started, whether it finished, and
// what each of its steps did.
type DayClose struct {
	Day      time.Time // the calendar day closed, at midnight UTC (read it with Format(DateLayout))
	Started  time.Time
	Closed   time.Time // zero while a step is still to run
	Summary  string
	StepsRun map[string]string // the steps done so far, with what each did
}

// DateLayout is how the database writes calendar days.
const DateLayout = dateLayout

// DayCloseOf returns the record of day's close; ErrNotFound when it never started.
func (tx *Tx) DayCloseOf(ctx context.Context, day time.Time) (DayClose, error) {
	d := DayClose{Day: calendarDay(day), StepsRun: map[string]string{}}
	var started, closed int64
	err := tx.queryRow(ctx, `SELECT started_at, closed_at, summary FROM day_closes WHERE day = ?`, d.Day.Format(dateLayout)).Scan(&started, &closed, &d.Summary)
	if errors.Is(err, sql.ErrNoRows) {
		return DayClose{}, fmt.Errorf("close of %s: %w", d.Day.Format(dateLayout), ErrNotFound)
	}
	if err != nil {
		return DayClose{}, fmt.Errorf("close of %s: %w", d.Day.Format(dateLayout), err)
	}
	d.Started = fromUnix(started)
	if closed != 0 {
		d.Closed = fromUnix(closed)
	}
	err = eachRow(ctx, tx, "close steps", `SELECT step, summary FROM day_close_steps WHERE day = ?`, func(r row) error {
		var step, summary string
		if err := r.Scan(&step, &summary); err != nil {
			return err
		}
		d.StepsRun[step] = summary
		return nil
	}, d.Day.Format(dateLayout))
	return d, err
}

// LastClosedDay is the latest day whose close finished; ok is false when none has.
func (tx *Tx) LastClosedDay(ctx context.Context) (day time.Time, ok bool, err error) {
	var s sql.NullString
	if err := tx.queryRow(ctx, `SELECT MAX(day) FROM day_closes WHERE closed_at != 0`).Scan(&s); err != nil {
		return time.Time{}, false, fmt.Errorf("last closed day: %w", err)
	}
	if !s.Valid {
		return time.Time{}, false, nil
	}
	day, err = time.Parse(dateLayout, s.String)
	return day, err == nil, err
}

// StartDayClose records that day's close has begun (again, when it was cut short before).
func (tx *Tx) StartDayClose(ctx context.Context, day time.Time) error {
	const q = `INSERT INTO day_closes (day, started_at) VALUES (?, ?) ON CONFLICT (day) DO NOTHING`
	if _, err := tx.exec(ctx, q, calendarDay(day).Format(dateLayout), unix(tx.now)); err != nil {
		return fmt.Errorf("start close of %s: %w", calendarDay(day).Format(dateLayout), err)
	}
	return nil
}

// DayCloseStepDone records that step of day's close is done, with what it did.
func (tx *Tx) DayCloseStepDone(ctx context.Context, day time.Time, step, summary string) error {
	const q = `INSERT INTO day_close_steps (day, step, done_at, summary) VALUES (?, ?, ?, ?)`
	if _, err := tx.exec(ctx, q, calendarDay(day).Format(dateLayout), step, unix(tx.now), summary); err != nil {
		return fmt.Errorf("close of %s: step %s done: %w", calendarDay(day).Format(dateLayout), step, err)
	}
	return nil
}

// FinishDayClose records that every step of day's close is done.
func (tx *Tx) FinishDayClose(ctx context.Context, day time.Time, summary string) error {
	const q = `UPDATE day_closes SET closed_at = ?, summary = ? WHERE day = ? AND closed_at = 0`
	res, err := tx.exec(ctx, q, unix(tx.now), summary, calendarDay(day).Format(dateLayout))
	if err != nil {
		return fmt.Errorf("finish close of %s: %w", calendarDay(day).Format(dateLayout), err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("finish close of %s: it was not started, or is closed already", calendarDay(day).Format(dateLayout))
	}
	return nil
}

// calendarDay is t's calendar date (in t's own location) as midnight UTC.
func calendarDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
