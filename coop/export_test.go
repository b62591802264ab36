package coop

import (
	"context"
	"time"
)

// WithCloseSteps runs fn with the day's close made of extra steps after the real ones, each
// a name and what it does, for tests of the close itself.
func WithCloseSteps(extra map[string]func(context.Context, *DayRun) (string, error), order []string, fn func()) {
	saved := closeSteps
	closeSteps = append([]closeStep(nil), saved...)
	for _, name := range order {
		closeSteps = append(closeSteps, closeStep{name: name, run: extra[name]})
	}
	defer func() { closeSteps = saved }()
	fn()
}

// RunCloseSteps runs every step of day's close again, as a close cut short and started over
// would, without recording anything: a test proves that changes nothing.
func (o *Office) RunCloseSteps(ctx context.Context, day Day) error {
	d := &DayRun{Office: o, Day: day.Time, End: day.Time.AddDate(0, 0, 1)}
	for _, st := range closeSteps {
		if _, err := st.run(ctx, d); err != nil {
			return err
		}
	}
	return nil
}

// Day is a calendar day at midnight in the cooperative's time zone.
type Day struct{ Time time.Time }

// CloseStepCount is how many steps a day's close has.
func CloseStepCount() int { return len(closeSteps) }
