package web

import (
	"errors"
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

// approvalFailure is a decision that failed, shown beside the request it was about.
type approvalFailure struct {
	ID          int64
	Msg, Reason string
}

func (s *Server) approvalsPage(w http.ResponseWriter, r *http.Request) {
	if !s.officeReady(w, r) {
		return
	}
	q, t := r.URL.Query(), s.words(r)
	done := ""
	if no, ok := refOf(q.Get("approved"), store.RefApproval); ok {
		done = no + " " + t["loans.apv.approved"]
		if ref, ok := refOf(q.Get("ref"), store.RefJournal); ok {
			done += " " + t["loans.apv.ref"] + " " + ref + "."
		}
	} else if no, ok := refOf(q.Get("rejected"), store.RefApproval); ok {
		done = no + " " + t["loans.apv.rejected"]
	}
	s.showApprovals(w, r, http.StatusOK, done, approvalFailure{})
}

// showApprovals renders the requests of the staff member's branches waiting for a second
// staff member (those past four_eyes.expire_after are recorded as expired on the way).
func (s *Server) showApprovals(w http.ResponseWriter, r *http.Request, status int, done string, fail approvalFailure) {
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

func (s *Server) approvalApprove(w http.ResponseWriter, r *http.Request) {
	s.decideApproval(w, r, true)
}
func (s *Server) approvalReject(w http.ResponseWriter, r *http.Request) {
	s.decideApproval(w, r, false)
}

// decideApproval approves (coop.Approve: the operation runs now) or rejects with a reason
// (coop.RejectApproval) a request waiting for a second staff member. The maker cannot
// approve their own: coop refuses it (own_approval), whatever the page showed.
func (s *Server) decideApproval(w http.ResponseWriter, r *http.Request, approve bool) {
	if !s.officeReady(w, r) {
		return
	}
	ctx, t := r.Context(), s.words(r)
	id, ok := pathID(r)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, t["loans.apv.title"], t["loans.gone"])
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	var refused *coop.Refusal
	if !approve && errors.As(coop.CheckReason(reason), &refused) {
		s.showApprovals(w, r, refusalStatus(refused), "", approvalFailure{ID: id, Reason: reason, Msg: s.refusalSays(r, refused)})
		return
	}
	sess, _ := sessionOf(r)
	c := coop.Checker{By: coop.StaffAccount(sess.Staff.Username), Lang: s.memberLang(), Loc: s.now().Location(), LateFeeBP: s.Office.LateFeeBP}
	var a store.Approval
	var out coop.Outcome
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		found, err := tx.Approval(ctx, id)
		if err != nil {
			return err
		}
		if !sess.Staff.SeesBranch(found.Branch) {
			return errOtherBranch
		}
		if approve {
			a, out, err = coop.Approve(ctx, tx, s.Office.FourEyes, id, c)
		} else {
			a, err = coop.RejectApproval(ctx, tx, s.Office.FourEyes, id, reason, c)
		}
		return err
	})
	if errors.Is(err, errOtherBranch) {
		s.forbidden(w, r)
		return
	}
	if err != nil {
		status, msg := s.failText(r, err, "Deciding an approval")
		s.showApprovals(w, r, status, "", approvalFailure{ID: id, Reason: reason, Msg: msg})
		return
	}
	s.wake()
	zerolog.Ctx(ctx).Info().Str("approval", a.No()).Bool("approve", approve).Msg("Staff decided an approval on the back office.")
	flash := url.Values{"rejected": {a.No()}}
	if approve {
		flash = url.Values{"approved": {a.No()}, "ref": {out.Receipt.Ref}}
	}
	http.Redirect(w, r, "/approvals?"+flash.Encode(), http.StatusSeeOther)
}
