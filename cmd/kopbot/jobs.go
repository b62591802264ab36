package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/web"
)

func jobsList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("jobs", "list", "Lists each scheduled job with its schedule (config jobs:), its last run and the next.", stderr)
	ctx, app, err := c.openNoArgs(ctx, args, "")
	if err != nil {
		return err
	}
	defer app.Close()
	sched, err := newScheduler(app, nil)
	if err != nil {
		return err
	}
	var runs map[string]store.JobRun
	if err := app.DB.View(ctx, func(tx *store.Tx) (err error) { runs, err = tx.JobRuns(ctx); return }); err != nil {
		return err
	}
	loc := app.Config.Location()
	now := app.Now().In(loc)
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "JOB\tSCHEDULE\tLAST RUN\tNEXT RUN")
	for _, name := range coop.JobNames {
		last := "never"
		if r, ok := runs[name]; ok {
			at := r.Started
			if r.Status == store.JobSkipped {
				at = r.Scheduled
			}
			last = fmt.Sprintf("%s %s: %s", at.In(loc).Format("2006-01-02 15:04"), r.Status, r.Summary)
		}
		next := "off"
		if t := sched.Next(name, now); !t.IsZero() {
			next = t.Format("2006-01-02 15:04")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", name, app.Config.Jobs.Schedule(name), last, next)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nTimes are %s. Quiet hours: %s. Catch-up window: %s.\n", loc, quietText(app.Config.Jobs.QuietHours), time.Duration(app.Config.Jobs.CatchUp))
	return nil
}

func quietText(s string) string {
	if strings.TrimSpace(s) == "" {
		return "none"
	}
	return s
}

func jobsRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("jobs", "run", "Runs one job now, whatever its schedule, as kopbot serve would. Reminders it queues are\n"+
		"sent by kopbot serve; one already sent is not sent again.", stderr)
	fs := c.fs
	nowFlag := fs.String("now", "", "run as at this `time` (RFC 3339, like 2026-12-07T08:00:00+07:00) instead of now")
	dryRun := fs.Bool("dry-run", false, "list who would be told what; record and send nothing")
	force := fs.Bool("force", false, "with -now, really run (reminders for a later time are still only listed, and housekeeping measures ages by the real clock)")
	// The job's name may come before or after the flags.
	var name string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if name == "" && fs.NArg() > 0 {
		name = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return err
		}
	}
	if name == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("jobs run: give one job: %s", strings.Join(coop.JobNames, ", "))
	}
	app, err := openApp(ctx, c.common, stderr)
	if err != nil {
		return err
	}
	defer app.Close()
	if *nowFlag != "" {
		at, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			return fmt.Errorf("-now: %q is not an RFC 3339 time (write it like 2026-12-07T08:00:00+07:00)", *nowFlag)
		}
		// The conversations keep the real clock: a session is ended for being quiet in real time.
		app.Now = func() time.Time { return at }
		app.DB.Now, app.Office.Now = app.Now, app.Now
		// A run as at another time only looks unless told otherwise.
		*dryRun = *dryRun || !*force
	}
	ctx = app.Log.WithContext(ctx)
	jobs := app.Jobs()
	now := app.Now()
	rep, err := jobs.Run(ctx, name, now, *dryRun)
	if rep.DryRun && *nowFlag != "" && !*force && !rep.Future {
		rep.Note = joinNote(rep.Note, "a run with -now only looks; add -force to run it")
	}
	if errors.Is(err, coop.ErrUnknownJob) {
		fs.Usage()
		return err
	}
	// A run as at another time (-now) is not the job's last run: the schedule's catch-up goes by real time.
	if !*dryRun && *nowFlag == "" {
		run := store.JobRun{Name: name, Scheduled: now, Started: now, Finished: app.Now(), Status: store.JobOK, Summary: rep.Summary()}
		if err != nil {
			run.Status, run.Summary = store.JobFailed, err.Error()
		}
		if rerr := app.DB.Update(ctx, func(tx *store.Tx) error { return tx.SaveJobRun(ctx, run) }); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}
	if err != nil {
		return err
	}
	printReport(stdout, rep, app.Config.Location())
	return nil
}

// printReport writes who was (or would be) told what, and whom staff should call: the jobs
// page's report, in English.
func printReport(w io.Writer, rep coop.JobReport, loc *time.Location) {
	io.WriteString(w, web.JobReportText(rep, "en", loc))
}

// joinNote adds a note to one a job already left.
func joinNote(note, more string) string {
	if note == "" {
		return more
	}
	return note + "; " + more
}
