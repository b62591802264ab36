package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// Scheduler runs the jobs on their schedules in the cooperative's time zone. A run never
// overlaps another of the same job, a panic in one is recovered and logged, and each run is
// recorded in the database, so a run missed while kopbot was down is made up at start.
type Scheduler struct {
	Jobs     *coop.Jobs
	DB       *store.DB
	Specs    map[string]string // job name -> cron spec; jobs that are off are left out
	Location *time.Location
	CatchUp  time.Duration // a missed run is made up when it was missed less than this long ago
	Now      func() time.Time
	Log      zerolog.Logger
	// Queued is told when a run queued messages, so the outbox sends them without waiting.
	Queued func()
	// Ran, when set, is told of every run as it is recorded (the backup job's /metrics).
	Ran func(name string, run store.JobRun)

	schedules map[string]cron.Schedule
	locks     map[string]*sync.Mutex
	cron      *cron.Cron
	wg        sync.WaitGroup // the catch-up at start
	mu        sync.Mutex
	stopped   bool
}

// newScheduler builds the scheduler of the app's configured jobs.
func newScheduler(app *App, queued func()) (*Scheduler, error) {
	s := &Scheduler{Jobs: app.Jobs(), DB: app.DB, Specs: map[string]string{},
		Location: app.Config.Location(), CatchUp: time.Duration(app.Config.Jobs.CatchUp), Now: app.Now, Log: app.Log, Queued: queued}
	s.Jobs.Clock = app.Now // the scheduler runs each job at its own clock's time: that is the real time
	for _, name := range coop.JobNames {
		if spec := app.Config.Jobs.Schedule(name); spec != "off" {
			s.Specs[name] = spec
		}
	}
	return s, s.init()
}

func (s *Scheduler) init() error {
	if s.schedules != nil {
		return nil
	}
	s.schedules, s.locks = map[string]cron.Schedule{}, map[string]*sync.Mutex{}
	for _, name := range coop.JobNames {
		s.locks[name] = &sync.Mutex{} // a job that is off may still be run by hand (RunNow)
		spec, ok := s.Specs[name]
		if !ok {
			continue
		}
		sched, err := cron.ParseStandard(spec)
		if err != nil {
			return fmt.Errorf("schedule of job %s %q: %w", name, spec, err)
		}
		s.schedules[name] = sched
	}
	return nil
}

// Start makes up missed runs in the background, then runs the jobs on their schedules
// until Stop.
func (s *Scheduler) Start(ctx context.Context) error {
	if err := s.init(); err != nil {
		return err
	}
	logger := cronLogger{s.Log}
	s.cron = cron.New(cron.WithLocation(s.Location), cron.WithLogger(logger),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	for _, name := range coop.JobNames {
		sched, ok := s.schedules[name]
		if !ok {
			continue
		}
		s.cron.Schedule(sched, cron.FuncJob(func() { s.RunSlot(ctx, name, s.Now()) }))
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.CatchUpMissed(ctx)
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.stopped {
			s.cron.Start()
			s.Log.Info().Int("jobs", len(s.schedules)).Msg("Scheduled jobs are running.")
		}
	}()
	return nil
}

// Stop stops scheduling and waits for runs in progress to finish.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.wg.Wait()
	if s.cron != nil {
		<-s.cron.Stop().Done()
	}
}

// CatchUpMissed runs, once, each job whose last scheduled run was missed (the service was
// down) less than CatchUp ago; a run missed longer ago is skipped, logged and recorded.
// A job that never ran looks back CatchUp from now. The day's close is never skipped: it
// closes every day missed, in order.
func (s *Scheduler) CatchUpMissed(ctx context.Context) {
	if err := s.init(); err != nil {
		s.Log.Error().Err(err).Msg("Cannot catch up missed job runs.")
		return
	}
	now := s.Now().In(s.Location)
	var runs map[string]store.JobRun
	if err := s.DB.View(ctx, func(tx *store.Tx) (err error) { runs, err = tx.JobRuns(ctx); return }); err != nil {
		s.Log.Error().Err(err).Msg("Cannot catch up missed job runs.")
		return
	}
	for _, name := range coop.JobNames {
		sched, ok := s.schedules[name]
		if !ok {
			continue
		}
		if name == coop.JobDayClose {
			s.catchUpClose(ctx, now)
			continue
		}
		last, ran := runs[name]
		from := last.Scheduled
		if !ran {
			from = now.Add(-s.CatchUp)
		}
		missed := lastSlot(sched, from.In(s.Location), now)
		if missed.IsZero() {
			continue
		}
		log := s.Log.With().Str("job", name).Time("missed", missed).Logger()
		if now.Sub(missed) > s.CatchUp {
			log.Warn().Dur("catch_up", s.CatchUp).Msg("Skipped a job run missed while kopbot was down: it is older than the catch-up window.")
			err := s.DB.Update(ctx, func(tx *store.Tx) error {
				return tx.SaveJobRun(ctx, store.JobRun{Name: name, Scheduled: missed, Started: now, Status: store.JobSkipped,
					Summary: "missed while kopbot was down, older than the catch-up window"})
			})
			if err != nil {
				log.Error().Err(err).Msg("Cannot record the skipped job run.")
			}
			continue
		}
		log.Info().Msg("Catching up a job run missed while kopbot was down.")
		s.RunSlot(ctx, name, missed)
	}
}

// catchUpClose closes, at start, every day missed since the last one closed, however long
// ago, in order; a database whose books were never closed waits for the schedule.
func (s *Scheduler) catchUpClose(ctx context.Context, now time.Time) {
	var closedBefore bool
	if err := s.DB.View(ctx, func(tx *store.Tx) (err error) { _, closedBefore, err = tx.LastClosedDay(ctx); return }); err != nil {
		s.Log.Error().Err(err).Msg("Cannot catch up the days' close.")
		return
	}
	if !closedBefore {
		return
	}
	days, err := s.Jobs.Office.DaysToClose(ctx, now.In(s.Location).AddDate(0, 0, -1))
	if err != nil {
		s.Log.Error().Err(err).Msg("Cannot catch up the days' close.")
		return
	}
	if len(days) > 0 {
		s.Log.Info().Int("days", len(days)).Msg("Closing the days missed while kopbot was down.")
		s.RunSlot(ctx, coop.JobDayClose, now)
	}
}

// lastSlot is the latest time the schedule fires after from and not after now; zero when none.
func lastSlot(sched cron.Schedule, from, now time.Time) time.Time {
	var last time.Time
	for t, n := sched.Next(from), 0; !t.IsZero() && !t.After(now) && n < 1_000_000; t, n = sched.Next(t), n+1 {
		last = t
	}
	return last
}

// RunSlot runs the named job for the scheduled time slot, unless a run of it is in
// progress, recovering from a panic; the run is recorded as the job's last.
func (s *Scheduler) RunSlot(ctx context.Context, name string, slot time.Time) {
	log := s.Log.With().Str("job", name).Logger()
	mu := s.locks[name]
	if s.schedules[name] == nil || !mu.TryLock() {
		log.Warn().Msg("A job run was skipped: the previous run has not finished.")
		return
	}
	defer mu.Unlock()
	s.runLocked(log.WithContext(ctx), name, slot, "")
}

// ErrJobRunning is RunNow's answer while a run of the job is in progress.
var ErrJobRunning = errors.New("the job is running now: wait for it to finish")

// RunNow runs the named job at once for staff (the back office's "run now"), unless a run
// of it is in progress (ErrJobRunning), whatever its schedule; the run is recorded as the
// job's last, and in the audit log as by's.
func (s *Scheduler) RunNow(ctx context.Context, name string, by coop.Actor) (coop.JobReport, error) {
	if err := s.init(); err != nil {
		return coop.JobReport{}, err
	}
	mu := s.locks[name]
	if mu == nil {
		return coop.JobReport{}, fmt.Errorf("%w %q", coop.ErrUnknownJob, name)
	}
	if !mu.TryLock() {
		return coop.JobReport{}, ErrJobRunning
	}
	defer mu.Unlock()
	log := s.Log.With().Str("job", name).Str("by", string(by)).Logger()
	now := s.Now()
	return s.runLocked(log.WithContext(ctx), name, now, by)
}

// runLocked runs the named job for slot while holding its lock, records the run (and, when
// by is a person, the audit line naming them) and wakes the outbox when it queued messages.
func (s *Scheduler) runLocked(ctx context.Context, name string, slot time.Time, by coop.Actor) (coop.JobReport, error) {
	log := zerolog.Ctx(ctx)
	started := s.Now()
	rep, err := s.runRecovered(ctx, name, started)
	run := store.JobRun{Name: name, Scheduled: slot, Started: started, Finished: s.Now(), Status: store.JobOK, Summary: rep.Summary()}
	if err != nil {
		run.Status, run.Summary = store.JobFailed, err.Error()
		log.Error().Err(err).Msg("A scheduled job failed; it runs again at its next time.")
	} else {
		log.Info().Int("queued", len(rep.Sent)).Int("to_call", len(rep.Calls)).Int("already_sent", rep.AlreadySent).
			Int("opted_out", rep.OptedOut).Msg("A scheduled job ran: " + rep.Summary() + ".")
	}
	rerr := s.DB.Update(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		if by != "" {
			if err := coop.Audit(ctx, tx, by, coop.AuditJobRun, name, "", run.Status+": "+run.Summary); err != nil {
				return err
			}
		}
		return tx.SaveJobRun(ctx, run)
	})
	if rerr != nil {
		log.Error().Err(rerr).Msg("Cannot record the job run.")
	}
	if s.Ran != nil {
		s.Ran(name, run)
	}
	if (len(rep.Sent) > 0 || rep.SessionsEnded > 0) && s.Queued != nil {
		s.Queued()
	}
	return rep, err
}

func (s *Scheduler) runRecovered(ctx context.Context, name string, now time.Time) (rep coop.JobReport, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job %s panicked: %v", name, p)
		}
	}()
	return s.Jobs.Run(ctx, name, now, false)
}

// Next is when the named job runs next after t; zero when it is off.
func (s *Scheduler) Next(name string, t time.Time) time.Time {
	if s.init() != nil || s.schedules[name] == nil {
		return time.Time{}
	}
	return s.schedules[name].Next(t.In(s.Location))
}

// cronLogger writes cron's messages (a recovered panic, a skipped overlapping run) to zerolog.
type cronLogger struct{ log zerolog.Logger }

func (l cronLogger) Info(msg string, kv ...any) {
	l.log.Debug().Fields(kv).Msg("cron: " + msg)
}

func (l cronLogger) Error(err error, msg string, kv ...any) {
	if err == nil {
		err = errors.New(msg)
	}
	l.log.Error().Err(err).Fields(kv).Msg("cron: " + msg)
}
