package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// auditLimit is the most entries the page shows at once.
const auditLimit = 500

type auditEntry struct {
	store.AuditEntry
	When string
}

type auditView struct {
	layout
	Branches      []string // the branches this staff member may filter by
	AllBranches   bool     // an admin may see every branch at once
	Branch, Staff string
	From, To      string
	Entries       []auditEntry
	Limited       bool
	Error         string
}

// auditPage lists the audit log for a manager (their branches, one at a time) or an admin.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	sess, _ := sessionOf(r)
	q := r.URL.Query()
	v := auditView{layout: s.layoutFor(r, "audit.title"), Branch: q.Get("branch"), Staff: strings.TrimSpace(q.Get("staff")),
		From: q.Get("from"), To: q.Get("to"), AllBranches: sess.Staff.Role == store.RoleAdmin}
	v.Branches = sess.Staff.Branches
	if v.AllBranches {
		v.Branches = nil
		for _, b := range s.status(r.Context()) {
			v.Branches = append(v.Branches, b.ID)
		}
	}
	if !v.AllBranches && v.Branch == "" && len(v.Branches) > 0 {
		v.Branch = v.Branches[0]
	}
	if v.Branch != "" && !sess.Staff.SeesBranch(v.Branch) {
		s.forbidden(w, r)
		return
	}
	loc := s.now().Location()
	f := store.AuditFilter{Branch: v.Branch, Actor: coop.AuditActor(v.Staff), Limit: auditLimit + 1}
	var bad bool
	if f.From, bad = auditDay(v.From, loc, 0); bad {
		v.Error = v.T["audit.badday"]
	}
	if f.To, bad = auditDay(v.To, loc, 1); bad {
		v.Error = v.T["audit.badday"]
	}
	var entries []store.AuditEntry
	if err := s.DB.View(r.Context(), func(tx *store.Tx) (err error) { entries, err = tx.Audit(r.Context(), f); return }); err != nil {
		zerolog.Ctx(r.Context()).Error().Err(err).Msg("Listing the audit log failed.")
		s.errorPage(w, r, http.StatusInternalServerError, v.Title, "Listing the audit log failed: "+err.Error())
		return
	}
	if len(entries) > auditLimit {
		entries, v.Limited = entries[:auditLimit], true
	}
	for _, e := range entries {
		v.Entries = append(v.Entries, auditEntry{AuditEntry: e, When: e.At.In(loc).Format("2006-01-02 15:04:05")})
	}
	s.render(w, r, http.StatusOK, "audit.html", v)
}

// auditDay reads a day of the filter (2026-12-01), plus days; bad when it is not one.
func auditDay(s string, loc *time.Location, plus int) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	d, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, true
	}
	return d.AddDate(0, 0, plus), false
}
