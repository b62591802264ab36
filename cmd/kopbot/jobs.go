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
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
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

// printReport writes who was (or would be) told what, and whom staff should call.
func printReport(w io.Writer, rep coop.JobReport, loc *time.Location) {
	head := fmt.Sprintf("%s at %s", rep.Job, rep.At.In(loc).Format("2006-01-02 15:04 MST"))
	if rep.DryRun {
		head += " (dry run: nothing is recorded or sent)"
	}
	fmt.Fprintln(w, head)
	if rep.Job == coop.JobDayClose {
		printClose(w, rep)
		return
	}
	if rep.Future {
		fmt.Fprintln(w, "That time is later than now: nothing is recorded or queued for it (reminders would be marked sent before their day); the run on that day does it.")
	}
	if rep.Job == coop.JobHousekeeping {
		printHousekeeping(w, rep, loc)
		return
	}
	verb := "Queued"
	if rep.DryRun {
		verb = "Would queue"
	}
	fmt.Fprintf(w, "%s %d:\n", verb, len(rep.Sent))
	for _, n := range rep.Sent {
		printNotice(w, n, loc)
	}
	if len(rep.Calls) > 0 {
		fmt.Fprintf(w, "Never chatted with the branch, for staff to call (listed in the staff digest) %d:\n", len(rep.Calls))
		for _, n := range rep.Calls {
			printNotice(w, n, loc)
		}
	}
	fmt.Fprintf(w, "Already sent before: %d. Stopped reminders (stop pengingat): %d.\n", rep.AlreadySent, rep.OptedOut)
	if rep.Note != "" {
		fmt.Fprintf(w, "Note: %s.\n", rep.Note)
	}
}

// printHousekeeping writes what housekeeping did, or in a dry run everything it would do.
func printHousekeeping(w io.Writer, rep coop.JobReport, loc *time.Location) {
	if !rep.AgesAt.Equal(rep.At) {
		fmt.Fprintf(w, "Ages measured from the real time, %s, not the later time asked for.\n", rep.AgesAt.In(loc).Format("2006-01-02 15:04 MST"))
	}
	if !rep.DryRun {
		fmt.Fprintln(w, rep.Summary()+".")
		return
	}
	fmt.Fprintf(w, "Would end %d quiet sessions (telling each member):\n", rep.SessionsEnded)
	for _, s := range rep.Stale {
		fmt.Fprintln(w, "- "+s)
	}
	fmt.Fprintf(w, "Would delete the KTP photos of %d:\n", rep.PhotosDeleted)
	for _, p := range rep.Photos {
		fmt.Fprintln(w, "- "+p)
	}
	fmt.Fprintf(w, "Would hand %d members back to the bot after their handover's deadline, close %d QRIS invoices past their validity, "+
		"forget %d processed message IDs and %d day counts of phrases not understood.\n",
		rep.HandoversEnded, rep.InvoicesClosed, rep.MessagesPruned, rep.PhrasesPruned)
	if rep.Note != "" {
		fmt.Fprintf(w, "Note: %s.\n", rep.Note)
	}
}

// joinNote adds a note to one a job already left.
func joinNote(note, more string) string {
	if note == "" {
		return more
	}
	return note + "; " + more
}

// printClose writes the days a day-close run closed, each with what its steps did, or in a
// dry run the days it would close.
func printClose(w io.Writer, rep coop.JobReport) {
	if rep.DryRun {
		if len(rep.ToClose) == 0 {
			fmt.Fprintln(w, "No day to close: every day before today is closed.")
			return
		}
		fmt.Fprintf(w, "Would close %d day(s):", len(rep.ToClose))
		for _, d := range rep.ToClose {
			fmt.Fprint(w, " "+d.Format(store.DateLayout))
		}
		fmt.Fprintln(w)
		return
	}
	if len(rep.Closed) == 0 {
		fmt.Fprintln(w, "No day to close: every day before today is closed.")
		return
	}
	for _, d := range rep.Closed {
		fmt.Fprintf(w, "Closed %s.\n", d.String())
	}
}

func printNotice(w io.Writer, n coop.Notice, loc *time.Location) {
	who := n.Name
	if n.MemberNo != "" {
		who += " (" + n.MemberNo + ")"
	}
	fmt.Fprintf(w, "- %s %s: %s %s, %s due %s", who, n.Phone, n.Kind, n.Item, parse.Rupiah(n.Amount), n.Due.Format("2006-01-02"))
	if !n.HeldUntil.IsZero() {
		fmt.Fprintf(w, ", held until %s (quiet hours)", n.HeldUntil.In(loc).Format("2006-01-02 15:04"))
	}
	fmt.Fprintln(w)
	for _, l := range strings.Split(n.Text, "\n") {
		fmt.Fprintln(w, strings.TrimRight("    | "+l, " "))
	}
}
