package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// JobStatus is one scheduled job as the jobs page shows it.
type JobStatus struct {
	Name     string       // as config and kopbot jobs name it: installment-due, day-close...
	Schedule string       // its cron spec (config jobs:), "off" when it runs only by hand
	Next     time.Time    // when it runs next; zero when off
	Last     store.JobRun // its last run; Last.Name is empty when it never ran
}

// JobResult is what a run of a job did, or a dry run would do.
type JobResult struct {
	Summary string         // in one line, as kopbot jobs list shows a last run
	Report  coop.JobReport // in full: the page says it in the staff member's words (JobReportText)
}

// ErrJobRunning is Jobs.Run's answer while a run of the job is in progress.
var ErrJobRunning = errors.New("the job is running now")

// Jobs is what the scheduled jobs page needs from the scheduler of kopbot serve.
type Jobs interface {
	// List returns every job, in the order kopbot jobs list shows them.
	List(ctx context.Context) ([]JobStatus, error)
	// Run runs the named job now as by, recorded as its last run and in the audit log; with
	// dryRun it only says what the job would do, recording and sending nothing. An unknown
	// job is coop.ErrUnknownJob; a job already running, ErrJobRunning. A run that failed is
	// recorded as the job's last run, and its error returned.
	Run(ctx context.Context, name string, dryRun bool, by coop.Actor) (JobResult, error)
}

// jobItem is one job as jobs.html shows it.
type jobItem struct {
	Name, Title, Schedule, Spec string
	Last, LastStatus, LastClass string // empty Last: never ran
	Summary, Took, Next         string
}

// jobsView is what jobs.html shows: the list of jobs, or a dry run.
type jobsView struct {
	layout
	Unavailable bool
	Admin       bool // may run jobs
	Zone        string
	Jobs        []jobItem
	Done        string // what the last run did
	DoneClass   string // done or error
	Error       string

	// A dry run: the job's name and what it would do.
	DryRun, DryTitle, DryIntro, Report string
}

// jobsPage lists the scheduled jobs with their last and next runs; ?ran= names a job
// just run, whose last run the page then says first.
func (s *Server) jobsPage(w http.ResponseWriter, r *http.Request) {
	v := s.jobsView(r, "ops.jobs.title")
	s.showJobs(w, r, http.StatusOK, v, r.URL.Query().Get("ran"))
}

// jobsView is the jobs page's view with its layout, titled by the words' key title.
func (s *Server) jobsView(r *http.Request, title string) jobsView {
	sess, _ := sessionOf(r)
	v := jobsView{layout: s.layoutFor(r, title), Admin: sess.Staff.Role == store.RoleAdmin}
	v.Zone = fmt.Sprintf(v.T["ops.jobs.intro"], s.now().Location())
	return v
}

// showJobs renders the jobs page (or a dry run's page, when v.DryRun is set).
func (s *Server) showJobs(w http.ResponseWriter, r *http.Request, status int, v jobsView, ran string) {
	if s.Jobs == nil {
		v.Unavailable = true
		s.render(w, r, status, "jobs.html", v)
		return
	}
	jobs, err := s.Jobs.List(r.Context())
	if err != nil {
		zerolog.Ctx(r.Context()).Error().Err(err).Msg("Listing the scheduled jobs failed.")
		s.errorPage(w, r, http.StatusInternalServerError, v.Title, "Listing the scheduled jobs failed: "+err.Error())
		return
	}
	loc := s.now().Location()
	for _, j := range jobs {
		it := s.jobItem(j, v.T, loc)
		if j.Name == ran && it.Last != "" {
			v.Done = fmt.Sprintf(v.T["ops.jobs.ran"], it.Title, it.LastStatus+": "+it.Summary)
			v.DoneClass = map[bool]string{true: "done", false: "error"}[j.Last.Status == store.JobOK]
		}
		v.Jobs = append(v.Jobs, it)
	}
	s.render(w, r, status, "jobs.html", v)
}

// jobItem is j as the page shows it, in the words t, times in loc.
func (s *Server) jobItem(j JobStatus, t map[string]string, loc *time.Location) jobItem {
	it := jobItem{Name: j.Name, Title: jobTitle(j.Name, t), Spec: j.Schedule, Schedule: cronWords(j.Schedule, t)}
	if j.Schedule == "off" {
		it.Spec = ""
	}
	if !j.Next.IsZero() {
		it.Next = j.Next.In(loc).Format(timeLayout)
	}
	if j.Last.Name == "" {
		return it
	}
	at := j.Last.Started
	if j.Last.Status == store.JobSkipped {
		at = j.Last.Scheduled
	}
	it.Last, it.Summary = at.In(loc).Format(timeLayout), j.Last.Summary
	it.LastStatus, it.LastClass = t["ops.st."+j.Last.Status], map[string]string{store.JobOK: "ok", store.JobFailed: "bad"}[j.Last.Status]
	if it.LastStatus == "" {
		it.LastStatus = j.Last.Status
	}
	if it.LastClass == "" {
		it.LastClass = "off"
	}
	if !j.Last.Finished.IsZero() {
		it.Took = fmt.Sprintf(t["ops.jobs.took"], j.Last.Finished.Sub(j.Last.Started).Round(time.Second))
	}
	return it
}

// jobTitle is a job's name in words, or its name when it has none.
func jobTitle(name string, t map[string]string) string {
	if w, ok := t["ops.job."+name]; ok {
		return w
	}
	return name
}

// knownJob reads the job the path names; false (after a 404) when there is no such job.
func (s *Server) knownJob(w http.ResponseWriter, r *http.Request) (string, bool) {
	name := r.PathValue("name")
	if s.Jobs != nil && slices.Contains(coop.JobNames, name) {
		return name, true
	}
	t := s.words(r)
	s.errorPage(w, r, http.StatusNotFound, t["ops.jobs.title"], fmt.Sprintf(t["ops.jobs.nosuch"], name))
	return "", false
}

// jobDryRun shows what the named job would do now, with the button that runs it. A dry run
// records and sends nothing, so it is a page (GET), not a form.
func (s *Server) jobDryRun(w http.ResponseWriter, r *http.Request) {
	name, ok := s.knownJob(w, r)
	if !ok {
		return
	}
	t := s.words(r)
	title := jobTitle(name, t)
	v := s.jobsView(r, "ops.jobs.title")
	v.Title = fmt.Sprintf(t["ops.jobs.drytitle"], title)
	v.DryRun, v.DryTitle, v.DryIntro = name, v.Title, fmt.Sprintf(t["ops.jobs.dryintro"], title)
	res, err := s.Jobs.Run(r.Context(), name, true, "")
	if err != nil {
		zerolog.Ctx(r.Context()).Error().Err(err).Str("job", name).Msg("A dry run of a job failed.")
		v.Error = fmt.Sprintf(t["ops.jobs.failed"], title, err.Error())
		s.showJobs(w, r, http.StatusInternalServerError, v, "")
		return
	}
	v.Report = JobReportText(res.Report, s.lang(r), s.now().Location())
	s.showJobs(w, r, http.StatusOK, v, "")
}

// jobRun runs the named job now, as the signed-in admin, and shows the jobs page with
// the run's result.
func (s *Server) jobRun(w http.ResponseWriter, r *http.Request) {
	name, ok := s.knownJob(w, r)
	if !ok {
		return
	}
	sess, _ := sessionOf(r)
	t := s.words(r)
	_, err := s.Jobs.Run(r.Context(), name, false, coop.StaffAccount(sess.Staff.Username))
	switch {
	case errors.Is(err, ErrJobRunning):
		v := s.jobsView(r, "ops.jobs.title")
		v.Error = fmt.Sprintf(t["ops.jobs.running"], jobTitle(name, t))
		s.showJobs(w, r, http.StatusConflict, v, "")
		return
	case err != nil:
		// Recorded as the job's last run: the page shows it failed, and why.
		zerolog.Ctx(r.Context()).Error().Err(err).Str("job", name).Msg("A job run by staff failed.")
	default:
		zerolog.Ctx(r.Context()).Info().Str("job", name).Msg("Staff ran a job on the admin page.")
	}
	http.Redirect(w, r, "/jobs?"+url.Values{"ran": {name}}.Encode(), http.StatusSeeOther)
}

// cronWords says a cron spec in words when it is one of the usual shapes (every day at,
// every Monday at, every N minutes), and as the spec itself otherwise.
func cronWords(spec string, t map[string]string) string {
	if spec == "off" || spec == "" {
		return t["ops.jobs.off"]
	}
	switch spec {
	case "@daily", "@midnight":
		spec = "0 0 * * *"
	case "@hourly":
		spec = "0 * * * *"
	}
	f := strings.Fields(spec)
	if len(f) != 5 || f[3] != "*" {
		return fmt.Sprintf(t["ops.cron.spec"], spec)
	}
	minute, hour, dom, dow := f[0], f[1], f[2], f[4]
	if n, ok := strings.CutPrefix(minute, "*/"); ok && hour == "*" && dom == "*" && dow == "*" && isNumber(n) {
		return fmt.Sprintf(t["ops.cron.minutes"], n)
	}
	if !isNumber(minute) {
		return fmt.Sprintf(t["ops.cron.spec"], spec)
	}
	if hour == "*" && dom == "*" && dow == "*" {
		return fmt.Sprintf(t["ops.cron.hourly"], minute)
	}
	if !isNumber(hour) {
		return fmt.Sprintf(t["ops.cron.spec"], spec)
	}
	at := fmt.Sprintf("%02s:%02s", hour, minute)
	switch {
	case dom == "*" && dow == "*":
		return fmt.Sprintf(t["ops.cron.daily"], at)
	case dom == "*":
		if days, ok := weekdays(dow, t); ok {
			return fmt.Sprintf(t["ops.cron.weekly"], days, at)
		}
	case dow == "*" && isNumber(dom):
		return fmt.Sprintf(t["ops.cron.monthly"], dom, at)
	}
	return fmt.Sprintf(t["ops.cron.spec"], spec)
}

// weekdays names a cron day-of-week list (1,3 or 1-5 is read as a list only when plain numbers: 1,3).
func weekdays(dow string, t map[string]string) (string, bool) {
	names := strings.Split(t["ops.cron.days"], ",")
	var out []string
	for _, d := range strings.Split(dow, ",") {
		if !isNumber(d) || len(d) > 1 || d[0] > '7' {
			return "", false
		}
		out = append(out, names[int(d[0]-'0')%7])
	}
	return strings.Join(out, t["ops.cron.and"]), true
}

// isNumber reports whether s is digits only (and not empty).
func isNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
