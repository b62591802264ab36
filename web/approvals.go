package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// approvalItem is one request waiting for a second staff member, as approvals.html shows it.
type approvalItem struct {
	store.Approval
	What, Amount, Made, Maker string
	Own                       bool // the signed-in staff member asked for it: no Approve button
	ApproveURL, RejectURL     string
	Error, Reason             string
}

type approvalsView struct {
	layout
	Done, Error string
	Items       []approvalItem
	CanDecide   bool
}

func (s *Server) approvalsPage(w http.ResponseWriter, r *http.Request) {
	if !s.officeReady(w, r) {
		return
	}
	q, t := r.URL.Query(), s.words(r)
	done := ""
	if no, ok := refOf(q.Get("approved"), store.RefApproval); ok {
		done = no.String() + " " + t["loans.apv.approved"]
		if ref, ok := refOf(q.Get("ref"), store.RefJournal); ok {
			done += " " + t["loans.apv.ref"] + " " + ref.String() + "."
		}
	} else if no, ok := refOf(q.Get("rejected"), store.RefApproval); ok {
		done = no.String() + " " + t["loans.apv.rejected"]
	}
	s.showApprovals(w, r, http.StatusOK, done, loansFailure{})
}

// showApprovals renders the requests of the staff member's branches waiting for a second
// staff member (those past four_eyes.expire_after are recorded as expired on the way).
func (s *Server) showApprovals(w http.ResponseWriter, r *http.Request, status int, done string, fail loansFailure) {
	ctx := r.Context()
	sess, _ := sessionOf(r)
	v := approvalsView{layout: s.layoutFor(r, "loans.apv.title"), Done: done, CanDecide: sess.Staff.Role.Rank() >= store.RoleManager.Rank()}
	loc := s.now().Location()
	msg := catalog.For(v.Lang)
	var waiting []store.Approval
	err := s.DB.Update(ctx, func(tx *store.Tx) (err error) {
		waiting, err = coop.WaitingApprovals(ctx, tx, s.Office.FourEyes, "")
		return err
	})
	if err != nil {
		zerolog.Ctx(ctx).Error().Err(err).Msg("Listing approvals for the back office failed.")
		s.errorPage(w, r, http.StatusInternalServerError, v.Title, v.T["loans.fault"]+" "+err.Error())
		return
	}
	me := string(coop.StaffAccount(sess.Staff.Username))
	for _, a := range waiting {
		if !sess.Staff.SeesBranch(a.Branch) || len(v.Items) >= loansLimit {
			continue
		}
		href := "/approvals/" + strconv.FormatInt(a.ID, 10)
		it := approvalItem{Approval: a, What: msg.AdminApprovalKind(a.Kind), Amount: parse.Rupiah(a.Amount),
			Made: a.MadeAt.In(loc).Format(timeLayout), Maker: strings.TrimPrefix(a.Maker, "staff:"), Own: a.Maker == me,
			ApproveURL: href + "/approve", RejectURL: href + "/reject"}
		if a.ID == fail.ID {
			it.Error, it.Reason, fail.Msg = fail.Msg, fail.Reason, ""
		}
		v.Items = append(v.Items, it)
	}
	v.Error = fail.Msg
	s.render(w, r, status, "approvals.html", v)
}

// approvalDecision approves (coop.Approve: the operation runs now) or rejects with a reason
// (coop.RejectApproval) a request waiting for a second staff member. The maker cannot
// approve their own: coop refuses it (own_approval), whatever the page showed.
func (s *Server) approvalDecision(approve bool) loansDecision {
	return loansDecision{
		What: "approval", Page: "/approvals", TitleKey: "loans.apv.title", Approve: approve,
		Branch: func(ctx context.Context, tx *store.Tx, id int64) (string, error) {
			a, err := tx.Approval(ctx, id)
			return a.Branch, err
		},
		Do: func(ctx context.Context, tx *store.Tx, id int64, reason string, by coop.Actor) (url.Values, error) {
			c := coop.Checker{By: by, Lang: s.memberLang(), Loc: s.now().Location(), LateFeeBP: s.Office.LateFeeBP}
			if !approve {
				a, err := coop.RejectApproval(ctx, tx, s.Office.FourEyes, id, reason, c)
				return url.Values{"rejected": {a.No()}}, err
			}
			a, out, err := coop.Approve(ctx, tx, s.Office.FourEyes, id, c)
			return url.Values{"approved": {a.No()}, "ref": {out.Receipt.Ref}}, err
		},
		Show: func(w http.ResponseWriter, r *http.Request, status int, fail loansFailure) {
			s.showApprovals(w, r, status, "", fail)
		},
	}
}
