package web

import (
	"context"
	"net/http"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/store"
)

// The "queues" part of the back office: the dashboard of what waits at each branch, the
// membership applications with their KTP photos, and the chats members handed to staff.

func (s *Server) queuesRoutes() []staffRoute {
	return []staffRoute{
		{Pattern: "GET /{$}", Role: store.RoleTeller, Handler: s.dashboardPage},
		{Pattern: "GET /applications", Role: store.RoleTeller, Handler: s.applicationsPage},
		{Pattern: "GET /applications/{reg}/photo/{which}", Role: store.RoleTeller, File: true, Handler: s.applicationPhoto},
		{Pattern: "POST /applications/{reg}/approve", Role: store.RoleManager, Handler: s.applicationApprove},
		{Pattern: "POST /applications/{reg}/reject", Role: store.RoleManager, Handler: s.applicationReject},
		{Pattern: "GET /handovers", Role: store.RoleTeller, Handler: s.handoversPage},
		{Pattern: "POST /handovers/{branch}/{phone}/release", Role: store.RoleTeller, Handler: s.handoverRelease},
	}
}

// queue is one kind of work waiting at a branch, as the dashboard lists it.
type queue struct {
	Key   string // the words' key: queues.q.<Key>
	Href  string // the page where staff do it (the agreed paths of the back office)
	Count int
	Label string // in the staff member's language
}

// branchQueues is one branch's work on the dashboard.
type branchQueues struct {
	ID, Name string
	Queues   []queue
	Total    int
}

type dashboardView struct {
	layout
	Branches  []branchQueues
	Now, Zone string
}

// seenBranches is every branch the signed-in staff member sees, as the bot knows them.
func (s *Server) seenBranches(r *http.Request) []BranchStatus {
	sess, _ := sessionOf(r)
	var out []BranchStatus
	for _, b := range s.status(r.Context()) {
		if sess.Staff.SeesBranch(b.ID) {
			if b.Name == "" {
				b.Name = b.ID
			}
			out = append(out, b)
		}
	}
	return out
}

// eachSeenBranch calls fn with each branch the signed-in staff member sees, in turn; when
// fn fails, it answers with a 500 page titled title, logs failed, and returns false.
func (s *Server) eachSeenBranch(w http.ResponseWriter, r *http.Request, title, failed string, fn func(BranchStatus) error) bool {
	for _, b := range s.seenBranches(r) {
		if err := fn(b); err != nil {
			zerolog.Ctx(r.Context()).Error().Err(err).Str("branch", b.ID).Msg(failed)
			s.errorPage(w, r, http.StatusInternalServerError, title, err.Error())
			return false
		}
	}
	return true
}

// dashboardPage shows, for each branch the staff member sees, what waits and where to do it.
func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	v := dashboardView{
		layout: s.layoutFor(r, "queues.dashboard"),
		Now:    now.Format(timeLayout),
		Zone:   now.Format("MST (UTC-07:00)"),
	}
	ok := s.eachSeenBranch(w, r, v.Title, "Counting a branch's work for the dashboard failed.", func(b BranchStatus) error {
		q, err := s.branchWork(r.Context(), b.ID, v.Manager)
		q.ID, q.Name = b.ID, b.Name
		for i := range q.Queues {
			q.Queues[i].Label = v.T["queues.q."+q.Queues[i].Key]
		}
		v.Branches = append(v.Branches, q)
		return err
	})
	if ok {
		s.render(w, r, http.StatusOK, "dashboard.html", v)
	}
}

// branchWork counts what waits at branch: the admin menu's counts (store.PendingWork), the
// loans approved and not yet disbursed, and for a manager (whose decision it is) the QRIS
// payments not credited still to settle.
func (s *Server) branchWork(ctx context.Context, branch string, manager bool) (branchQueues, error) {
	var p store.Pending
	var disburse, uncredited int
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		if p, err = tx.PendingWork(ctx, branch); err != nil {
			return err
		}
		if disburse, err = tx.LoansToDisburse(ctx, branch); err != nil || !manager {
			return err
		}
		uncredited, err = tx.UnsettledPayments(ctx, branch)
		return err
	})
	if err != nil {
		return branchQueues{}, err
	}
	qs := []queue{
		{Key: "applications", Href: "/applications", Count: p.Applications},
		{Key: "loans", Href: "/loan-applications", Count: p.Loans},
		{Key: "disbursements", Href: "/disbursements", Count: disburse},
		{Key: "deposits", Href: "/deposits", Count: p.Deposits},
		{Key: "withdrawals", Href: "/withdrawals", Count: p.Withdrawals},
		{Key: "ktp", Href: "/ktp", Count: p.KTPReviews},
		{Key: "handovers", Href: "/handovers", Count: p.Handovers},
		{Key: "approvals", Href: "/approvals", Count: p.Approvals},
	}
	if manager {
		qs = append(qs, queue{Key: "qris", Href: "/qris-uncredited", Count: uncredited})
	}
	return branchQueues{Queues: qs, Total: p.Total() + disburse + uncredited}, nil
}
