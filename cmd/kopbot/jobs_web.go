package main

import (
	"context"
	"errors"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/web"
)

// webJobs lets an admin see and run the scheduled jobs at /jobs, through the scheduler of
// kopbot serve, so a run by hand never overlaps a scheduled run of the same job.
type webJobs struct {
	app   *App
	sched *Scheduler
}

var _ web.Jobs = webJobs{}

// List is every job with its schedule, last run and next run, as kopbot jobs list shows them.
func (j webJobs) List(ctx context.Context) ([]web.JobStatus, error) {
	var runs map[string]store.JobRun
	if err := j.app.DB.View(ctx, func(tx *store.Tx) (err error) { runs, err = tx.JobRuns(ctx); return }); err != nil {
		return nil, err
	}
	now := j.app.Now()
	out := make([]web.JobStatus, 0, len(coop.JobNames))
	for _, name := range coop.JobNames {
		out = append(out, web.JobStatus{Name: name, Schedule: j.app.Config.Jobs.Schedule(name), Next: j.sched.Next(name, now), Last: runs[name]})
	}
	return out, nil
}

// Run runs the named job now as by (RunNow), or with dryRun reports what it would do.
func (j webJobs) Run(ctx context.Context, name string, dryRun bool, by coop.Actor) (web.JobResult, error) {
	var rep coop.JobReport
	var err error
	if dryRun {
		rep, err = j.app.Jobs().Run(ctx, name, j.app.Now(), true)
	} else {
		rep, err = j.sched.RunNow(ctx, name, by)
	}
	if errors.Is(err, ErrJobRunning) {
		return web.JobResult{}, web.ErrJobRunning
	}
	if err != nil {
		return web.JobResult{}, err
	}
	return web.JobResult{Summary: rep.Summary(), Report: rep}, nil
}
