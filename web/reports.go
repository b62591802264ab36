package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// The reports of issue 17 on screen (/reports) and as CSV (/reports/NAME.csv): the same
// coop.Table kopbot report prints, with charts where staff would rather look than read.
// A manager sees the reports of their branches, an admin every branch's and all together;
// a teller sees only the teller report of their own branch for today (their cash).

// reportsRoutes are the reports page and its CSV downloads.
func (s *Server) reportsRoutes() []staffRoute {
	return []staffRoute{
		{Pattern: "GET /reports", Role: store.RoleTeller, Handler: s.reportsPage},
		{Pattern: "GET /reports/{file}", Role: store.RoleTeller, File: true, Handler: s.reportCSV},
	}
}

// reportAsk is one report asked for: which, for which branch, over which days (as written,
// for the form) and the period they make.
type reportAsk struct {
	Kind             coop.ReportKind
	Branch, From, To string
	Period           coop.Period
}

// reportProblem is why a report cannot be shown: an HTTP status and the words (a key of
// the words, with its argument when it takes one).
type reportProblem struct {
	Status int
	Key    string
	Arg    string
}

func (p *reportProblem) Error() string { return p.Key + " " + p.Arg }

// reportsTellerOnly says the staff member may see only their own branch's teller report of today.
func reportsTellerOnly(sess coop.Session) bool {
	return sess.Staff.Role.Rank() < store.RoleManager.Rank()
}

// reportAsked reads the report, branch and days of the request, and refuses what the staff
// member may not see (403), a report that does not exist (404) or days that are not days (400).
func (s *Server) reportAsked(r *http.Request, name string) (reportAsk, *reportProblem) {
	sess, _ := sessionOf(r)
	q := r.URL.Query()
	teller := reportsTellerOnly(sess)
	if name == "" && teller {
		name = "teller"
	} else if name == "" {
		name = "balance-sheet"
	}
	kind, ok := coop.ReportKindNamed(name)
	if !ok {
		return reportAsk{}, &reportProblem{Status: http.StatusNotFound, Key: "reports.nosuch", Arg: name}
	}
	if teller && kind.Name != "teller" {
		return reportAsk{}, &reportProblem{Status: http.StatusForbidden}
	}
	ask := reportAsk{Kind: kind, Branch: q.Get("branch"), From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to"))}
	if ask.Branch == "" && sess.Staff.Role != store.RoleAdmin && len(sess.Staff.Branches) > 0 {
		ask.Branch = sess.Staff.Branches[0]
	}
	if (ask.Branch == "" && sess.Staff.Role != store.RoleAdmin) || (ask.Branch != "" && !sess.Staff.SeesBranch(ask.Branch)) {
		return reportAsk{}, &reportProblem{Status: http.StatusForbidden}
	}
	now := s.now()
	loc := now.Location()
	today := now.Format(time.DateOnly)
	if teller && (ask.From != "" && ask.From != today || ask.To != "" && ask.To != today) {
		return reportAsk{}, &reportProblem{Status: http.StatusForbidden}
	}
	if ask.To == "" {
		ask.To = today
	}
	if ask.From == "" && teller {
		ask.From = today
	} else if ask.From == "" {
		ask.From = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc).Format(time.DateOnly)
	}
	from, err := parse.Date(ask.From, loc)
	if err != nil {
		return ask, &reportProblem{Status: http.StatusBadRequest, Key: "reports.baddate", Arg: ask.From}
	}
	to, err := parse.Date(ask.To, loc)
	if err != nil {
		return ask, &reportProblem{Status: http.StatusBadRequest, Key: "reports.baddate", Arg: ask.To}
	}
	if ask.Period, err = coop.NewPeriod(ask.Branch, from, to, loc); err != nil {
		return ask, &reportProblem{Status: http.StatusBadRequest, Key: "reports.backwards"}
	}
	return ask, nil
}

// reportOffice is the cooperative's rules the reports need (the journal's language, late fees).
func (s *Server) reportOffice() *coop.Office {
	if s.Office == nil {
		return &coop.Office{}
	}
	return s.Office
}

// reportTable computes the report asked for, and its charts when it has some.
func (s *Server) reportTable(ctx context.Context, ask reportAsk, t map[string]string) (table coop.Table, charts []barChart, err error) {
	err = s.DB.View(ctx, func(tx *store.Tx) error {
		if chart, ok := reportCharts[ask.Kind.Name]; ok {
			table, charts, err = chart(ctx, tx, s.reportOffice(), ask.Period, t)
			return err
		}
		table, err = ask.Kind.Table(ctx, tx, s.reportOffice(), ask.Period, nil)
		return err
	})
	if err != nil {
		return coop.Table{}, nil, fmt.Errorf("report %s of %q: %w", ask.Kind.Name, ask.Branch, err)
	}
	return table, charts, nil
}

// reportCSV sends a report as CSV, the same figures kopbot report -csv writes.
func (s *Server) reportCSV(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".csv")
	if !ok {
		http.NotFound(w, r)
		return
	}
	ask, problem := s.reportAsked(r, name)
	if problem != nil {
		http.Error(w, s.reportProblemText(r, problem), problem.Status)
		return
	}
	table, _, err := s.reportTable(r.Context(), ask, s.words(r))
	var buf bytes.Buffer
	if err == nil {
		err = table.WriteCSV(&buf)
	}
	if err != nil {
		zerolog.Ctx(r.Context()).Error().Err(err).Msg("Making a report's CSV failed.")
		http.Error(w, "internal error: the report could not be made", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", reportCSVName(ask)))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// reportCSVName names a download after its report, branch and days.
func reportCSVName(ask reportAsk) string {
	branch := ask.Branch
	if branch == "" {
		branch = "semua"
	}
	days := ask.Period.From.Format("20060102")
	if !ask.Period.To.Equal(ask.Period.From) {
		days += "-" + ask.Period.To.Format("20060102")
	}
	return fmt.Sprintf("kopbot-%s-%s-%s.csv", ask.Kind.Name, branch, days)
}

// reportProblemText is a problem in the staff member's words.
func (s *Server) reportProblemText(r *http.Request, p *reportProblem) string {
	t := s.words(r)
	switch p.Status {
	case http.StatusForbidden:
		return t["forbidden.text"]
	case http.StatusNotFound:
		return fmt.Sprintf(t[p.Key], p.Arg)
	}
	if p.Arg != "" {
		return fmt.Sprintf(t[p.Key], p.Arg)
	}
	return t[p.Key]
}

// reportChoice is one report in the form's list.
type reportChoice struct {
	Name, Label string
}

// reportsView is the reports page: the form, and the report asked for.
type reportsView struct {
	layout
	Choices     []reportChoice
	Name        string
	Branches    []string
	AllBranches bool // an admin may ask for every branch together
	TellerOnly  bool // the form shows the teller report of today only
	Branch      string
	From, To    string
	Error       string
	Report      *reportTableView
	Charts      []chartView
	CSV         string // the download's link
}

// reportsPage shows the form and the report asked for, with its charts and CSV link.
func (s *Server) reportsPage(w http.ResponseWriter, r *http.Request) {
	sess, _ := sessionOf(r)
	v := reportsView{layout: s.layoutFor(r, "reports.title"), TellerOnly: reportsTellerOnly(sess), AllBranches: sess.Staff.Role == store.RoleAdmin}
	v.Branches = s.reportBranches(r.Context(), sess)
	for _, k := range coop.ReportKinds {
		if !v.TellerOnly || k.Name == "teller" {
			v.Choices = append(v.Choices, reportChoice{Name: k.Name, Label: v.T["reports.name."+k.Name]})
		}
	}
	ask, problem := s.reportAsked(r, r.URL.Query().Get("name"))
	v.Name, v.Branch, v.From, v.To = ask.Kind.Name, ask.Branch, ask.From, ask.To
	switch {
	case problem != nil && problem.Status == http.StatusForbidden:
		s.forbidden(w, r)
		return
	case problem != nil:
		v.Error = s.reportProblemText(r, problem)
		s.render(w, r, problem.Status, "reports.html", v)
		return
	}
	table, charts, err := s.reportTable(r.Context(), ask, v.T)
	if err != nil {
		zerolog.Ctx(r.Context()).Error().Err(err).Msg("Making a report failed.")
		s.errorPage(w, r, http.StatusInternalServerError, v.Title, "Making the report failed: "+err.Error())
		return
	}
	v.Report = newReportTableView(table, s.reportBranchName(r.Context(), ask.Branch, v.T))
	for _, c := range charts {
		v.Charts = append(v.Charts, newChartView(c))
	}
	v.CSV = "/reports/" + ask.Kind.Name + ".csv?" + url.Values{"branch": {ask.Branch}, "from": {ask.From}, "to": {ask.To}}.Encode()
	s.render(w, r, http.StatusOK, "reports.html", v)
}

// reportBranches are the branches the staff member may pick: their own, or every one for an admin.
func (s *Server) reportBranches(ctx context.Context, sess coop.Session) []string {
	if sess.Staff.Role != store.RoleAdmin {
		return sess.Staff.Branches
	}
	var ids []string
	for _, b := range s.status(ctx) {
		ids = append(ids, b.ID)
	}
	return ids
}

// reportBranchName names what a report covers: a branch by its name, or every branch.
func (s *Server) reportBranchName(ctx context.Context, id string, t map[string]string) string {
	if id == "" {
		return t["reports.allbranches"]
	}
	var b store.Branch
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) { b, err = tx.Branch(ctx, id); return })
	if err != nil || b.Name == "" {
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			zerolog.Ctx(ctx).Warn().Err(err).Str("branch", id).Msg("Reading a branch's name failed.")
		}
		return id
	}
	return fmt.Sprintf("%s (%s)", b.Name, b.ID)
}
