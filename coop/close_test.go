package coop_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

// bookWorld is the demo on a clock the test moves: the books' tests close days on it.
type bookWorld struct {
	t      *testing.T
	db     *store.DB
	loc    *time.Location
	now    time.Time
	office *coop.Office
}

// newBookWorld lays the demo out at start (Jakarta time) with the default books' rules.
func newBookWorld(t *testing.T, start time.Time) *bookWorld {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	w := &bookWorld{t: t, loc: loc, now: start.In(loc), db: storetest.Open(t)}
	w.db.Now = func() time.Time { return w.now }
	ctx := context.Background()
	if err := w.db.Update(ctx, func(tx *store.Tx) error { return tx.SyncDemoSetup(ctx) }); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.SeedDemo(ctx, "pusat", w.now, ""); err != nil {
		t.Fatal(err)
	}
	w.office = &coop.Office{DB: w.db, Now: func() time.Time { return w.now }, Language: "id", Location: loc,
		Admins: map[string][]string{"pusat": {"6281299990099"}}, LateFeeBP: 10, Books: coop.DefaultBooks}
	return w
}

// day is midnight of the date in Jakarta.
func (w *bookWorld) day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, w.loc)
}

// closeDay moves the clock to 00:30 the day after day and closes day, as the job does.
func (w *bookWorld) closeDay(day time.Time) coop.DayReport {
	w.t.Helper()
	w.now = day.AddDate(0, 0, 1).Add(30 * time.Minute)
	rep, err := w.office.CloseDay(context.Background(), day)
	if err != nil {
		w.t.Fatalf("close %s: %v", day.Format("2006-01-02"), err)
	}
	return rep
}

func wantRefusal(t *testing.T, err error, code coop.RefusalCode) {
	t.Helper()
	var r *coop.Refusal
	if !errors.As(err, &r) || r.Code != code {
		t.Fatalf("got %v, want the refusal %s", err, code)
	}
}

func TestCloseDayOnceInOrderAndCatchesUp(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	runs := map[string]int{}
	steps := map[string]func(context.Context, *coop.DayRun) (string, error){
		"count": func(_ context.Context, d *coop.DayRun) (string, error) {
			runs[d.Day.Format("2006-01-02")]++
			return "counted", nil
		},
	}
	coop.WithCloseSteps(steps, []string{"count"}, func() {
		w.closeDay(w.day(2026, 1, 5))
		_, err := w.office.CloseDay(ctx, w.day(2026, 1, 5))
		wantRefusal(t, err, coop.DayClosed)
		w.now = time.Date(2026, 1, 8, 23, 0, 0, 0, w.loc)
		_, err = w.office.CloseDay(ctx, w.day(2026, 1, 7))
		wantRefusal(t, err, coop.DayOutOfTurn)
		_, err = w.office.CloseDay(ctx, w.day(2026, 1, 8))
		wantRefusal(t, err, coop.DayNotOver)
		_, err = w.office.CloseDay(ctx, w.day(2026, 1, 4))
		wantRefusal(t, err, coop.DayClosed)

		// Down from the 6th to the 9th: the next start closes the 6th, 7th and 8th in order.
		w.now = time.Date(2026, 1, 9, 7, 0, 0, 0, w.loc)
		reps, err := w.office.CloseThrough(ctx, w.day(2026, 1, 8))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range reps {
			got = append(got, r.Day.Format("2006-01-02"))
		}
		if want := "[2026-01-06 2026-01-07 2026-01-08]"; fmt.Sprint(got) != want {
			t.Fatalf("caught up %v, want %s", got, want)
		}
		if again, err := w.office.CloseThrough(ctx, w.day(2026, 1, 8)); err != nil || len(again) != 0 {
			t.Fatalf("a second catch-up closed %v (%v), want none", again, err)
		}
	})
	for _, d := range []string{"2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08"} {
		if runs[d] != 1 {
			t.Errorf("the step ran %d times for %s, want once", runs[d], d)
		}
	}
}

func TestCloseDayCutShortGoesOnFromTheStep(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	var first, second int
	fail := true
	steps := map[string]func(context.Context, *coop.DayRun) (string, error){
		"first": func(context.Context, *coop.DayRun) (string, error) { first++; return "one", nil },
		"second": func(context.Context, *coop.DayRun) (string, error) {
			second++
			if fail {
				return "", errors.New("power cut")
			}
			return "two", nil
		},
	}
	coop.WithCloseSteps(steps, []string{"first", "second"}, func() {
		w.now = w.day(2026, 1, 6).Add(time.Hour)
		if _, err := w.office.CloseDay(ctx, w.day(2026, 1, 5)); err == nil {
			t.Fatal("a failing step closed the day")
		}
		_, err := w.office.CloseDay(ctx, w.day(2026, 1, 6))
		wantRefusal(t, err, coop.DayNotOver)
		fail = false
		rep := w.closeDay(w.day(2026, 1, 5))
		if first != 1 || second != 2 {
			t.Fatalf("first ran %d times, second %d; want 1 and 2 (the close goes on from the step it stopped in)", first, second)
		}
		// The real steps come first and were done before the cut too.
		if got := rep.String(); !strings.HasPrefix(got, "2026-01-05\n") || !strings.HasSuffix(got, "\n  first: one (done before)\n  second: two") {
			t.Fatalf("report:\n%s", got)
		}
	})
}

// fingerprint is the ledger's and the books' state as a string: every account's balance
// and held amount, the journal's size, and every open accrual. Equal fingerprints before and
// after something mean it changed nothing a member or staff could see.
func (w *bookWorld) fingerprint() string {
	w.t.Helper()
	raw := storetest.Raw(w.t, w.db)
	var b strings.Builder
	for _, q := range fingerprintQueries {
		rows, err := raw.Query(q)
		if err != nil {
			w.t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				w.t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
	}
	return b.String()
}

// fingerprintQueries are what fingerprint reads; each part of the books adds the tables it
// keeps (accruals, grades) here.
var fingerprintQueries = []string{
	`SELECT number, balance, held, status FROM accounts ORDER BY id`,
	`SELECT COUNT(*), COALESCE(MAX(id), 0) FROM journal`,
	`SELECT COUNT(*) FROM outbox`,
}

// closeDayTwice closes day, then proves a second run changes nothing: CloseDay refuses it,
// and every step run again (as after a crash mid-close) leaves the same fingerprint.
func (w *bookWorld) closeDayTwice(day time.Time) coop.DayReport {
	w.t.Helper()
	rep := w.closeDay(day)
	before := w.fingerprint()
	ctx := context.Background()
	_, err := w.office.CloseDay(ctx, day)
	wantRefusal(w.t, err, coop.DayClosed)
	if err := w.office.RunCloseSteps(ctx, coop.Day{Time: day}); err != nil {
		w.t.Fatalf("steps of %s again: %v", day.Format("2006-01-02"), err)
	}
	if after := w.fingerprint(); after != before {
		w.t.Fatalf("running the close of %s again changed the books:\nbefore:\n%s\nafter:\n%s", day.Format("2006-01-02"), before, after)
	}
	return rep
}

// ledgerOK proves the ledger's invariants hold now.
func (w *bookWorld) ledgerOK() {
	w.t.Helper()
	err := w.db.View(context.Background(), func(tx *store.Tx) error {
		r, err := tx.CheckLedger(context.Background())
		if err != nil {
			return err
		}
		if !r.OK() {
			return fmt.Errorf("ledger check on %s: %+v", w.now.Format("2006-01-02"), r.Violations)
		}
		return nil
	})
	if err != nil {
		w.t.Fatal(err)
	}
}
