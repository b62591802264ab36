package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/web"
)

// The jobs page's boundary: a dry run records nothing; a run by hand is the job's last run
// and an audit line naming the staff member; one already running, or an unknown job, is refused.
func TestWebJobsRun(t *testing.T) {
	ctx := coop.WithVia(context.Background(), coop.Via{Channel: "web", Origin: "192.0.2.1"})
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	s, app := testScheduler(t, testConfig(t), &now)
	queued := 0
	s.Queued = func() { queued++ }
	jobs := webJobs{app: app, sched: s}

	list, err := jobs.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(coop.JobNames) || list[0].Name != coop.JobInstallmentDue || list[0].Schedule != "0 8 * * *" ||
		!list[0].Next.Equal(time.Date(2026, 11, 22, 8, 0, 0, 0, now.Location())) || list[0].Last.Name != "" {
		t.Errorf("jobs listed: %+v", list)
	}

	dry, err := jobs.Run(ctx, coop.JobInstallmentDue, true, coop.StaffAccount("rudi"))
	if err != nil {
		t.Fatal(err)
	}
	if report := web.JobReportText(dry.Report, "en", now.Location()); !dry.Report.DryRun || !strings.Contains(report, "dry run: nothing is recorded or sent") {
		t.Errorf("dry run report:\n%s", report)
	}
	if _, ran := jobRun(t, app, coop.JobInstallmentDue); ran {
		t.Error("a dry run was recorded as the job's last run")
	}

	res, err := jobs.Run(ctx, coop.JobInstallmentDue, false, coop.StaffAccount("rudi"))
	if err != nil {
		t.Fatal(err)
	}
	r, ran := jobRun(t, app, coop.JobInstallmentDue)
	if !ran || r.Status != store.JobOK || r.Summary != res.Summary {
		t.Errorf("the run by hand recorded as %+v, want ok: %s", r, res.Summary)
	}
	var es []store.AuditEntry
	if err := app.DB.View(ctx, func(tx *store.Tx) (err error) {
		es, err = tx.Audit(ctx, store.AuditFilter{Actor: "staff:rudi", Limit: 1})
		return
	}); err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].Actor != "staff:rudi" || es[0].Action != "job.run" || es[0].Subject != coop.JobInstallmentDue || es[0].Via != "web" {
		t.Errorf("audit log: %+v", es)
	}

	s.locks[coop.JobOverdue].Lock()
	_, err = jobs.Run(ctx, coop.JobOverdue, false, coop.StaffAccount("rudi"))
	s.locks[coop.JobOverdue].Unlock()
	if !errors.Is(err, web.ErrJobRunning) {
		t.Errorf("a run while one is running: %v", err)
	}
	if _, err := jobs.Run(ctx, "nosuch", false, coop.StaffAccount("rudi")); !errors.Is(err, coop.ErrUnknownJob) {
		t.Errorf("an unknown job: %v", err)
	}
}
