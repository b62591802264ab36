package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

func jobsCmd(t *testing.T, config string, args ...string) (string, error) {
	t.Helper()
	return kopbotCmd(t, config, "jobs "+args[0], args[1:]...)
}

// sitiNextDue is the due date of the demo borrower's next unpaid installment (the demo is
// laid out around the day it is loaded, so the date moves with the calendar).
func sitiNextDue(t *testing.T, config string) time.Time {
	t.Helper()
	var due time.Time
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, "6281200000002")
		if err != nil {
			return err
		}
		loans, err := tx.LoansOfMember(ctx, m.ID)
		if err != nil {
			return err
		}
		sched, err := tx.Installments(ctx, loans[0].ID)
		for _, in := range sched {
			if in.PaidAt.IsZero() {
				due = in.Due
				break
			}
		}
		return err
	})
	if due.IsZero() {
		t.Fatal("the demo borrower has no unpaid installment")
	}
	return due
}

// On demo data, three days before the demo borrower's installment falls due, the dry run
// lists her with the amount and queues nothing; the real run queues it once however often it runs.
func TestJobsRunDemoInstallmentDue(t *testing.T) {
	config := testConfig(t)
	due := sitiNextDue(t, config)
	wib := time.FixedZone("WIB", 7*3600)
	now := time.Date(due.Year(), due.Month(), due.Day()-3, 8, 0, 0, 0, wib).Format(time.RFC3339)
	out, err := jobsCmd(t, config, "run", "installment-due", "-now", now, "-dry-run")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	wantContains(t, "dry run", out, "dry run: nothing is recorded or sent", "Would queue 1:", "Siti Rahmawati (01.00002) 6281200000002",
		"installment-due-3d", "Rp933.333", "| Yth. Bapak/Ibu *Siti Rahmawati*", "(3 hari lagi)")
	if got := queuedTo(t, config, "6281200000002"); len(got) != 0 {
		t.Fatalf("the dry run queued %q", got)
	}
	realClock = func() time.Time { return due.Add(time.Hour) } // the day has come
	t.Cleanup(func() { realClock = time.Now })
	for i := range 3 {
		out, err := jobsCmd(t, config, "run", "installment-due", "-now", now, "-force")
		if err != nil {
			t.Fatalf("run %d: %v\n%s", i+1, err, out)
		}
		if i > 0 {
			wantContains(t, "a run again", out, "Queued 0:", "Already sent before: 1.")
		}
	}
	got := queuedTo(t, config, "6281200000002")
	if len(got) != 1 || !strings.Contains(got[0], "Rp933.333") {
		t.Errorf("queued to the borrower: %q, want one reminder of Rp933.333", got)
	}
}

func TestJobsListAndErrors(t *testing.T) {
	config := testConfig(t)
	out, err := jobsCmd(t, config, "list")
	if err != nil {
		t.Fatal(err)
	}
	wantContains(t, "jobs list", out, "installment-due   0 8 * * *", "overdue", "deposit-maturity", "simpanan-wajib", "staff-digest",
		"housekeeping      */15 * * * *", "never", "Quiet hours: 21:00-07:00")
	if _, err := jobsCmd(t, config, "run", "housekeeping"); err != nil {
		t.Fatal(err)
	}
	out, _ = jobsCmd(t, config, "list")
	wantContains(t, "jobs list after a run", out, " ok: ")
	_, err = jobsCmd(t, config, "run", "pengingat")
	wantError(t, "unknown job", err, `unknown job "pengingat"`, "installment-due")
	_, err = jobsCmd(t, config, "run", "overdue", "-now", "besok")
	wantError(t, "bad -now", err, "-now", "RFC 3339")
	_, err = jobsCmd(t, config, "run")
	wantError(t, "no job", err, "give one job")
}

// testScheduler is the scheduler of a demo database, on a clock the test sets.
func testScheduler(t *testing.T, config string, now *time.Time) (*Scheduler, *App) {
	t.Helper()
	app, err := openApp(context.Background(), commonFlags{config: config}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	app.Now = func() time.Time { return *now }
	app.DB.Now, app.Runner.Now, app.Office.Now = app.Now, app.Now, app.Now
	s, err := newScheduler(app, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s, app
}

func jobRun(t *testing.T, app *App, name string) (store.JobRun, bool) {
	t.Helper()
	var runs map[string]store.JobRun
	if err := app.DB.View(context.Background(), func(tx *store.Tx) (err error) { runs, err = tx.JobRuns(context.Background()); return }); err != nil {
		t.Fatal(err)
	}
	r, ok := runs[name]
	return r, ok
}

// A run missed while kopbot was down is made up at start when it was missed less than
// jobs.catch_up (6h) ago, and skipped (recorded, logged, nothing sent) when longer ago.
func TestSchedulerCatchUp(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		downFor  time.Duration // after the missed 08:00 run
		caughtUp bool
	}{
		{"inside the window", 2 * time.Hour, true},
		{"outside the window", 7 * time.Hour, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			config := testConfig(t)
			due := sitiNextDue(t, config)
			wib := time.FixedZone("WIB", 7*3600)
			missed := time.Date(due.Year(), due.Month(), due.Day()-3, 8, 0, 0, 0, wib) // the reminder 3 days before was due then
			now := missed.Add(-24 * time.Hour)
			s, app := testScheduler(t, config, &now)
			// The day before, every job ran on time; then kopbot was down over the next 08:00.
			for _, name := range coop.JobNames {
				s.RunSlot(ctx, name, now)
			}
			now = missed.Add(tc.downFor)
			s.CatchUpMissed(ctx)
			r, ok := jobRun(t, app, coop.JobInstallmentDue)
			if !ok || !r.Scheduled.Equal(missed) {
				t.Fatalf("last run %+v, want the missed slot %s recorded", r, missed)
			}
			got := queuedTo(t, config, "6281200000002")
			if tc.caughtUp {
				if r.Status != store.JobOK || len(got) != 1 || !strings.Contains(got[0], "Rp933.333") {
					t.Errorf("caught up: status %s, queued %q", r.Status, got)
				}
			} else if r.Status != store.JobSkipped || len(got) != 0 {
				t.Errorf("outside the window: status %s, queued %q", r.Status, got)
			}
			// Starting again does not make the same slot up twice.
			s.CatchUpMissed(ctx)
			if again := queuedTo(t, config, "6281200000002"); len(again) != len(got) {
				t.Errorf("a second start queued %d, then %d", len(got), len(again))
			}
			if r2, _ := jobRun(t, app, coop.JobInstallmentDue); !r2.Started.Equal(r.Started) {
				t.Errorf("a second start ran the job again: %+v", r2)
			}
		})
	}
}

// A run never overlaps another of the same job, and a panic in a run is recovered and recorded.
func TestSchedulerNoOverlapAndRecover(t *testing.T) {
	ctx := context.Background()
	config := testConfig(t)
	now := time.Date(2026, 11, 21, 8, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	s, app := testScheduler(t, config, &now)
	s.locks[coop.JobOverdue].Lock()
	s.RunSlot(ctx, coop.JobOverdue, now)
	s.locks[coop.JobOverdue].Unlock()
	if _, ran := jobRun(t, app, coop.JobOverdue); ran {
		t.Error("a run started while another of the same job was running")
	}
	s.Jobs = &coop.Jobs{} // no office: the job panics
	s.RunSlot(ctx, coop.JobInstallmentDue, now)
	r, ok := jobRun(t, app, coop.JobInstallmentDue)
	if !ok || r.Status != store.JobFailed || !strings.Contains(r.Summary, "panicked") {
		t.Errorf("after a panic: %+v", r)
	}
	if s.locks[coop.JobInstallmentDue].TryLock() {
		s.locks[coop.JobInstallmentDue].Unlock()
	} else {
		t.Error("the panicking run kept its lock")
	}
}

func TestSchedulerStartStop(t *testing.T) {
	config := testConfig(t)
	now := time.Now()
	s, app := testScheduler(t, config, &now)
	queued := 0
	s.Queued = func() { queued++ }
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Stop()
	// Housekeeping runs every 15 minutes: a fresh database looks back over the catch-up window.
	if r, ok := jobRun(t, app, coop.JobHousekeeping); !ok || r.Status != store.JobOK {
		t.Errorf("housekeeping after start: %+v", r)
	}
}

func TestConfigJobsErrors(t *testing.T) {
	wantConfigErrors(t, []struct{ yaml, want string }{
		{"jobs:\n  installment_due:\n    schedule: \"tiap pagi\"\n", `jobs.installment_due.schedule: "tiap pagi" is not a schedule`},
		{"jobs:\n  quiet_hours: malam\n", `jobs.quiet_hours: "malam" is not a span of hours`},
		{"jobs:\n  simpanan_wajib:\n    day: 32\n", "jobs.simpanan_wajib.day: 32 is not a day of the month"},
		{"jobs:\n  deposit_maturity:\n    days_before: [7, -1]\n", "jobs.deposit_maturity.days_before[1]: -1"},
		{"jobs:\n  housekeeping:\n    keep_processed: 1h\n", "jobs.housekeeping.keep_processed: 1h0m0s is too short"},
		{"jobs:\n  pengingat: true\n", "jobs.pengingat: unknown key"},
	})
	cfg := mustLoadConfig(t, "jobs:\n  quiet_hours: \"\"\n  overdue:\n    schedule: off\n  installment_due:\n    days_before: [5]\n")
	st := cfg.Jobs.Settings()
	if cfg.Jobs.Schedule(coop.JobOverdue) != "off" || st.QuietStart != st.QuietEnd || len(st.InstallmentDays) != 1 || st.InstallmentDays[0] != 5 {
		t.Errorf("overrides: %+v, overdue %s", st, cfg.Jobs.Schedule(coop.JobOverdue))
	}
}

// The day's close, by hand and at start: each day before today once, in order, days missed
// while kopbot was down closed however long ago, and a second run closing nothing.
func TestJobsDayCloseCatchesUpEveryMissedDay(t *testing.T) {
	ctx := context.Background()
	config := testConfig(t)
	wib := time.FixedZone("WIB", 7*3600)
	out, err := jobsCmd(t, config, "run", "day-close", "-now", "2026-12-03T00:30:00+07:00", "-force")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	wantContains(t, "first close", out, "Closed 2026-12-02\n  savings-fees: ")
	out, _ = jobsCmd(t, config, "run", "day-close", "-now", "2026-12-03T09:00:00+07:00", "-force")
	wantContains(t, "again the same day", out, "No day to close: every day before today is closed.")
	out, _ = jobsCmd(t, config, "run", "day-close", "-now", "2026-12-06T09:00:00+07:00", "-dry-run")
	wantContains(t, "dry run", out, "Would close 3 day(s): 2026-12-03 2026-12-04 2026-12-05")

	// Down until the 9th at 10:00, far outside the catch-up window: the start closes the 3rd to the 8th.
	now := time.Date(2026, 12, 9, 10, 0, 0, 0, wib)
	s, app := testScheduler(t, config, &now)
	s.CatchUpMissed(ctx)
	var last time.Time
	if err := app.DB.View(ctx, func(tx *store.Tx) (err error) { last, _, err = tx.LastClosedDay(ctx); return }); err != nil {
		t.Fatal(err)
	}
	if got := last.Format("2006-01-02"); got != "2026-12-08" {
		t.Fatalf("after the start the last closed day is %s, want 2026-12-08", got)
	}
	if r, _ := jobRun(t, app, coop.JobDayClose); r.Status != store.JobOK || !strings.Contains(r.Summary, "closed 6 days: 2026-12-03\n  savings-fees: ") {
		t.Errorf("the catch-up run: %+v, want it to close the 6 days missed, from the 3rd", r)
	}
}

// countRows counts the rows of a query on config's database, read beside the commands.
func countRows(t *testing.T, config, q string) (n int) {
	t.Helper()
	raw := rawConfigDB(t, config)
	defer raw.Close()
	if err := raw.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// housekeepingState is what an operator would see change: members' open conversations,
// the message IDs that guard against redelivery, and what waits to be sent.
func housekeepingState(t *testing.T, config string) [3]int {
	return [3]int{
		countRows(t, config, `SELECT COUNT(*) FROM sessions WHERE flow != ''`),
		countRows(t, config, `SELECT COUNT(*) FROM processed_messages`),
		countRows(t, config, `SELECT COUNT(*) FROM outbox`),
	}
}

// kopbot jobs run housekeeping -now FUTURE only looks, and lists the session it would end and
// the message IDs it would forget; with -force it measures ages by the real clock, so the
// member's conversation and the ID that guards a redelivery stay.
func TestJobsRunNowIsADryRunUnlessForced(t *testing.T) {
	config := testConfig(t)
	chatJSONL(t, config, `{"from":"6281200000001","text":"1","id":"OPSAFE-1"}`+"\n")
	before := housekeepingState(t, config)
	if before[0] == 0 || before[1] == 0 {
		t.Fatalf("the member's message left sessions/processed/outbox %v", before)
	}
	future := time.Now().Add(40 * 24 * time.Hour).Format(time.RFC3339)
	out, err := jobsCmd(t, config, "run", "housekeeping", "-now", future)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	wantContains(t, "housekeeping -now later", out, "dry run: nothing is recorded or sent", "Would end", coop.MaskPhone("6281200000001"),
		"processed message IDs", "add -force to run it")
	if strings.Contains(out, "forget 0 processed message IDs") {
		t.Errorf("the dry run does not count the IDs a run as at %s would forget:\n%s", future, out)
	}
	if after := housekeepingState(t, config); after != before {
		t.Fatalf("the dry run changed sessions/processed/outbox from %v to %v", before, after)
	}
	out, err = jobsCmd(t, config, "run", "housekeeping", "-now", future, "-force")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	wantContains(t, "housekeeping -now later -force", out, "Ages measured from the real time", "0 sessions ended", "0 processed messages pruned")
	if after := housekeepingState(t, config); after != before {
		t.Fatalf("a forced run as at a later time changed sessions/processed/outbox from %v to %v", before, after)
	}
	// The same message again is still recognised: its ID was kept.
	if got := chatJSONL(t, config, `{"from":"6281200000001","text":"1","id":"OPSAFE-1"}`+"\n"); len(got) != 0 {
		t.Errorf("the redelivered message was answered again: %+v", got)
	}
}

// Reminders as at a later day are listed, not recorded: the run on that day still sends them.
func TestJobsRunFutureRemindersAreNotMarkedSent(t *testing.T) {
	config := testConfig(t)
	due := sitiNextDue(t, config)
	wib := time.FixedZone("WIB", 7*3600)
	at := time.Date(due.Year(), due.Month(), due.Day()-3, 8, 0, 0, 0, wib)
	realClock = func() time.Time { return at.Add(-5 * 24 * time.Hour) }
	t.Cleanup(func() { realClock = time.Now })
	out, err := jobsCmd(t, config, "run", "installment-due", "-now", at.Format(time.RFC3339), "-force")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	wantContains(t, "a forced run as at a later day", out, "That time is later than now", "Would queue 1:", "Siti Rahmawati")
	if got := queuedTo(t, config, "6281200000002"); len(got) != 0 {
		t.Fatalf("the run as at a later day queued %q", got)
	}
	realClock = func() time.Time { return at.Add(time.Hour) }
	out, err = jobsCmd(t, config, "run", "installment-due", "-now", at.Format(time.RFC3339), "-force")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	wantContains(t, "the run on the day", out, "Queued 1:", "Already sent before: 0.")
	if got := queuedTo(t, config, "6281200000002"); len(got) != 1 {
		t.Fatalf("on the day the borrower is queued %q, want one reminder", got)
	}
}
