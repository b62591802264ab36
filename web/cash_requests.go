package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// depositItem is one deposit waiting to be verified, as deposits.html shows it.
type depositItem struct {
	store.DepositRequest
	Member                   store.Member
	Phone, Transferred, Sent string
	Money                    string // the amount, Rp1.234.567
	Proof                    string // the proof photo's URL; empty when the member sent none
	Error, Reason            string // why the last decision on it failed, and the reason typed
}

// withdrawalItem is one withdrawal waiting to be paid, as withdrawals.html shows it.
type withdrawalItem struct {
	store.WithdrawalRequest
	Member        store.Member
	Phone, Sent   string
	Money         string // the amount, Rp1.234.567
	Balance       string // the savings account's balance now, the amount held included
	Waiting       string // the approval (APV-000012) four eyes holds its payment in, if any
	Error, Reason string
}

// requestsView is the page of deposits to verify or of withdrawals to pay.
type requestsView struct {
	layout
	Done, DoneLink string // what the last decision did, and where to follow it up
	Error          string // a failed decision on a request no longer listed
	Deposits       []depositItem
	Withdrawals    []withdrawalItem
	Zone           string
}

func (s *Server) depositsPage(w http.ResponseWriter, r *http.Request) {
	s.showDeposits(w, r, cashFailure{Status: http.StatusOK})
}

func (s *Server) withdrawalsPage(w http.ResponseWriter, r *http.Request) {
	s.showWithdrawals(w, r, cashFailure{Status: http.StatusOK})
}

// showDeposits renders the deposits waiting, with fail beside the one it was about.
func (s *Server) showDeposits(w http.ResponseWriter, r *http.Request, fail cashFailure) {
	s.showRequests(w, r, fail, "cash.deposits.title", "deposits.html", func(ctx context.Context, tx *store.Tx, v *requestsView, fail *cashFailure) error {
		sess, loc := mustSession(r), s.now().Location()
		all, err := tx.DepositRequests(ctx, store.RequestPending, 0, -1)
		for _, d := range all {
			if !sess.Staff.SeesBranch(d.Branch) {
				continue
			}
			it := depositItem{DepositRequest: d, Money: parse.Rupiah(d.Amount), Transferred: d.TransferDate.Format(time.DateOnly), Sent: d.CreatedAt.In(loc).Format(timeLayout)}
			if it.Member, err = tx.MemberByID(ctx, d.MemberID); err != nil {
				return err
			}
			it.Phone = showPhone(it.Member.Phone)
			if d.ProofPhoto != "" {
				it.Proof = fmt.Sprintf("/deposits/%d/proof", d.ID)
			}
			it.Error, it.Reason = fail.placed(d.ID)
			v.Deposits = append(v.Deposits, it)
		}
		return err
	})
}

// showWithdrawals renders the withdrawals waiting, with fail beside the one it was about.
func (s *Server) showWithdrawals(w http.ResponseWriter, r *http.Request, fail cashFailure) {
	s.showRequests(w, r, fail, "cash.withdrawals.title", "withdrawals.html", func(ctx context.Context, tx *store.Tx, v *requestsView, fail *cashFailure) error {
		sess, loc := mustSession(r), s.now().Location()
		held, err := tx.Approvals(ctx, "", store.ApprovalPending)
		if err != nil {
			return err
		}
		all, err := tx.WithdrawalRequests(ctx, store.RequestPending, 0, -1)
		for _, wr := range all {
			if !sess.Staff.SeesBranch(wr.Branch) {
				continue
			}
			it := withdrawalItem{WithdrawalRequest: wr, Money: parse.Rupiah(wr.Amount), Balance: parse.Rupiah(wr.Account.Amount()),
				Sent: wr.CreatedAt.In(loc).Format(timeLayout)}
			if it.Member, err = tx.MemberByID(ctx, wr.MemberID); err != nil {
				return err
			}
			it.Phone = showPhone(it.Member.Phone)
			if a, ok := approvalFor(held, store.ApprovalWithdrawal, wr.No()); ok {
				it.Waiting = a.No()
			}
			it.Error, it.Reason = fail.placed(wr.ID)
			v.Withdrawals = append(v.Withdrawals, it)
		}
		return err
	})
}

// showRequests renders page (titled by titleKey) with the requests fill lists in one
// read transaction; fail shows beside its request, or at the top when it is not listed.
func (s *Server) showRequests(w http.ResponseWriter, r *http.Request, fail cashFailure, titleKey, page string,
	fill func(ctx context.Context, tx *store.Tx, v *requestsView, fail *cashFailure) error) {
	if !s.officeReady(w, r) {
		return
	}
	v := requestsView{layout: s.layoutFor(r, titleKey), Zone: s.now().Format("MST (UTC-07:00)")}
	v.Done, v.DoneLink = s.requestDone(r)
	if err := s.DB.View(r.Context(), func(tx *store.Tx) error { return fill(r.Context(), tx, &v, &fail) }); err != nil {
		f := s.refusal(r, fmt.Errorf("list %s: %w", page, err))
		s.errorPage(w, r, f.Status, v.Title, f.Msg)
		return
	}
	v.Error = fail.Msg
	s.render(w, r, fail.Status, page, v)
}

// placed takes the failure for the request with the given ID to show beside it: its
// message and the reason typed; nothing for another request.
func (f *cashFailure) placed(id int64) (msg, reason string) {
	if f.ID != id || f.Msg == "" {
		return "", ""
	}
	msg, f.Msg = f.Msg, ""
	return msg, f.Reason
}

// approvalFor finds the request among approvals waiting for the operation of kind on subject.
func approvalFor(approvals []store.Approval, kind store.ApprovalKind, subject string) (store.Approval, bool) {
	for _, a := range approvals {
		if a.Kind == kind && a.Subject == subject && a.Status == store.ApprovalPending {
			return a, true
		}
	}
	return store.Approval{}, false
}

// mustSession is the request's staff session; every cash route is behind one.
func mustSession(r *http.Request) coop.Session {
	sess, _ := sessionOf(r)
	return sess
}

// requestDecision is one decision on a deposit or a withdrawal from its page.
type requestDecision struct {
	page   string                                                            // where the result is shown: /deposits
	branch func(ctx context.Context, tx *store.Tx, id int64) (string, error) // the request's branch
	reason bool                                                              // a reason the member is told is required
	// decide makes the decision in tx and returns the query saying its result on page.
	decide func(ctx context.Context, tx *store.Tx, id int64, reason string) (url.Values, error)
	show   func(w http.ResponseWriter, r *http.Request, fail cashFailure)
}

// decideRequest makes decision d on the request in the path, after checking that the staff
// member sees its branch, and shows its result; a refusal shows the page again with why,
// beside the request, and nothing changed.
func (s *Server) decideRequest(w http.ResponseWriter, r *http.Request, d requestDecision) {
	if !s.officeReady(w, r) {
		return
	}
	ctx, t := r.Context(), s.words(r)
	id, ok := requestID(r)
	var branch string
	err := store.ErrNotFound
	if ok {
		err = s.DB.View(ctx, func(tx *store.Tx) (err error) { branch, err = d.branch(ctx, tx, id); return })
	}
	if errors.Is(err, store.ErrNotFound) {
		s.errorPage(w, r, http.StatusNotFound, t["cash.nosuch.title"], fmt.Sprintf(t["cash.nosuch"], r.PathValue("id"), d.page))
		return
	}
	if err != nil {
		f := s.refusal(r, err)
		s.errorPage(w, r, f.Status, t["cash.nosuch.title"], f.Msg)
		return
	}
	if !s.seesBranch(w, r, branch) {
		return
	}
	reason := ""
	if d.reason {
		reason = strings.Join(strings.Fields(r.PostFormValue("reason")), " ")
		err = coop.CheckReason(reason)
	}
	var q url.Values
	if err == nil {
		err = s.DB.Update(ctx, func(tx *store.Tx) (err error) { q, err = d.decide(ctx, tx, id, reason); return })
	}
	if err != nil {
		f := s.refusal(r, err)
		f.ID, f.Reason = id, reason
		d.show(w, r, f)
		return
	}
	s.wake()
	http.Redirect(w, r, flash(d.page, q), http.StatusSeeOther)
}

func depositBranch(ctx context.Context, tx *store.Tx, id int64) (string, error) {
	d, err := tx.DepositRequest(ctx, id)
	return d.Branch, err
}

func withdrawalBranch(ctx context.Context, tx *store.Tx, id int64) (string, error) {
	wr, err := tx.WithdrawalRequest(ctx, id)
	return wr.Branch, err
}

// staffActor is the signed-in staff member as the records name them.
func staffActor(r *http.Request) coop.Actor {
	return coop.StaffAccount(mustSession(r).Staff.Username)
}

func (s *Server) depositVerify(w http.ResponseWriter, r *http.Request) {
	s.decideRequest(w, r, requestDecision{page: "/deposits", branch: depositBranch, show: s.showDeposits,
		decide: func(ctx context.Context, tx *store.Tx, id int64, _ string) (url.Values, error) {
			d, _, err := coop.VerifyDeposit(ctx, tx, id, staffActor(r), s.Office.Language)
			return url.Values{"verified": {d.No()}}, err
		}})
}

func (s *Server) depositCancel(w http.ResponseWriter, r *http.Request) {
	s.decideRequest(w, r, requestDecision{page: "/deposits", branch: depositBranch, reason: true, show: s.showDeposits,
		decide: func(ctx context.Context, tx *store.Tx, id int64, reason string) (url.Values, error) {
			d, err := coop.CancelDeposit(ctx, tx, id, reason, staffActor(r), s.Office.Language)
			return url.Values{"cancelled": {d.No()}}, err
		}})
}

func (s *Server) withdrawalReject(w http.ResponseWriter, r *http.Request) {
	s.decideRequest(w, r, requestDecision{page: "/withdrawals", branch: withdrawalBranch, reason: true, show: s.showWithdrawals,
		decide: func(ctx context.Context, tx *store.Tx, id int64, reason string) (url.Values, error) {
			wr, err := coop.RejectWithdrawal(ctx, tx, id, reason, staffActor(r), s.Office.Language)
			return url.Values{"rejected": {wr.No()}}, err
		}})
}

// withdrawalPay records a withdrawal as transferred, or, when four eyes holds it, asks a
// second staff member; posted again while it waits, it shows the request already made.
func (s *Server) withdrawalPay(w http.ResponseWriter, r *http.Request) {
	s.decideRequest(w, r, requestDecision{page: "/withdrawals", branch: withdrawalBranch, show: s.showWithdrawals,
		decide: func(ctx context.Context, tx *store.Tx, id int64, _ string) (url.Values, error) {
			no := store.NewRef(store.RefWithdrawal, id).String()
			waiting, err := tx.Approvals(ctx, "", store.ApprovalPending)
			if err != nil {
				return nil, err
			}
			if a, ok := approvalFor(waiting, store.ApprovalWithdrawal, no); ok {
				return url.Values{"held": {a.No()}}, nil
			}
			out, err := coop.Run(ctx, tx, s.Office.FourEyes, s.staffOp(r, ""), coop.WithdrawalPaid(id))
			if out.Held() {
				return url.Values{"held": {out.Waiting.No()}}, err
			}
			return url.Values{"paid": {out.Withdrawal.No()}}, err
		}})
}

// requestDone says what the decision named in the query did, from the records as they
// stand: empty when the query names none, or one of another branch. The link is where to
// follow it up (the approvals, for a request four eyes holds).
func (s *Server) requestDone(r *http.Request) (string, string) {
	q, t, ctx := r.URL.Query(), s.words(r), r.Context()
	sess := mustSession(r)
	var done, link string
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		for key, kind := range map[string]store.RefKind{"verified": store.RefDeposit, "cancelled": store.RefDeposit,
			"paid": store.RefWithdrawal, "rejected": store.RefWithdrawal, "held": store.RefApproval} {
			ref, ok := refOf(q.Get(key), kind)
			if !ok {
				continue
			}
			var err error
			done, link, err = s.requestResult(ctx, tx, t, key, ref, sess)
			return err
		}
		return nil
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return s.refusal(r, err).Msg, ""
	}
	return done, link
}

// requestResult says the result key (verified, paid, held, ...) on the document ref.
func (s *Server) requestResult(ctx context.Context, tx *store.Tx, t map[string]string, key string, ref store.Ref, sess coop.Session) (string, string, error) {
	switch ref.Kind {
	case store.RefDeposit:
		d, err := tx.DepositRequest(ctx, ref.N)
		if err != nil || !sess.Staff.SeesBranch(d.Branch) {
			return "", "", err
		}
		if key == "cancelled" {
			return fmt.Sprintf(t["cash.cancelled"], d.No(), d.Reason), "", nil
		}
		return fmt.Sprintf(t["cash.verified"], d.No(), parse.Rupiah(d.Amount), d.Account.Number, d.Account.ProductName,
			parse.Rupiah(d.Account.Amount())), "", nil
	case store.RefWithdrawal:
		wr, err := tx.WithdrawalRequest(ctx, ref.N)
		if err != nil || !sess.Staff.SeesBranch(wr.Branch) {
			return "", "", err
		}
		if key == "rejected" {
			return fmt.Sprintf(t["cash.rejected"], wr.No(), wr.Reason), "", nil
		}
		return fmt.Sprintf(t["cash.paid"], wr.No(), parse.Rupiah(wr.Amount), wr.Account.Number, wr.Bank, wr.BankAccount, wr.Holder,
			parse.Rupiah(wr.Account.Amount())), "", nil
	}
	a, err := tx.Approval(ctx, ref.N)
	if err != nil || !sess.Staff.SeesBranch(a.Branch) {
		return "", "", err
	}
	return fmt.Sprintf(t["cash.held"], a.No(), a.Subject, parse.Rupiah(a.Amount)), "/approvals", nil
}

// depositProof serves a deposit's transfer-proof photo from the path the store holds, and
// only from inside the media directory; the request names only the deposit.
func (s *Server) depositProof(w http.ResponseWriter, r *http.Request) {
	id, ok := requestID(r)
	if !ok || s.Office == nil || s.DB == nil {
		http.NotFound(w, r)
		return
	}
	var d store.DepositRequest
	err := s.DB.View(r.Context(), func(tx *store.Tx) (err error) { d, err = tx.DepositRequest(r.Context(), id); return })
	if errors.Is(err, store.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, s.refusal(r, err).Msg, http.StatusInternalServerError)
		return
	}
	if !mustSession(r).Staff.SeesBranch(d.Branch) {
		http.Error(w, "forbidden: not a deposit of your branches", http.StatusForbidden)
		return
	}
	s.serveMedia(w, r, d.ProofPhoto)
}
