package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// The loans part of the back office: loan applications to decide (/loan-applications),
// approved loans to pay out (/disbursements) and the requests four eyes holds for a second
// staff member (/approvals). Decisions go through coop, as the admin menu and the CLI do.

// loansRoutes are the loans pages and their forms: tellers see them all and pay loans
// out; managers decide applications and approvals.
func (s *Server) loansRoutes() []staffRoute {
	return []staffRoute{
		{Pattern: "GET /loan-applications", Role: store.RoleTeller, Handler: s.loanApplicationsPage},
		{Pattern: "POST /loan-applications/{id}/approve", Role: store.RoleManager, Handler: s.loansDecider(s.loanApplicationDecision(true))},
		{Pattern: "POST /loan-applications/{id}/reject", Role: store.RoleManager, Handler: s.loansDecider(s.loanApplicationDecision(false))},
		{Pattern: "GET /disbursements", Role: store.RoleTeller, Handler: s.disbursementsPage},
		{Pattern: "POST /disbursements/{loan}", Role: store.RoleTeller, Handler: s.disburse},
		{Pattern: "GET /approvals", Role: store.RoleTeller, Handler: s.approvalsPage},
		{Pattern: "POST /approvals/{id}/approve", Role: store.RoleManager, Handler: s.loansDecider(s.approvalDecision(true))},
		{Pattern: "POST /approvals/{id}/reject", Role: store.RoleManager, Handler: s.loansDecider(s.approvalDecision(false))},
	}
}

// loansLimit is the most items a loans page lists at once.
const loansLimit = 200

// pathID reads the {id} of the path: a positive number, or false.
func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// memberLang is the language a member is told in when they have not chosen one.
func (s *Server) memberLang() string {
	if s.Office != nil && s.Office.Language != "" {
		return s.Office.Language
	}
	return "id"
}

// failText is what a failed decision shows: a refusal in words with its HTTP status, a
// thing that is not there (404), or a fault (500, logged).
func (s *Server) failText(r *http.Request, err error, what string) (int, string) {
	if status, words, ok := s.refused(r, err); ok {
		return status, words
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, s.words(r)["loans.gone"]
	}
	zerolog.Ctx(r.Context()).Error().Err(err).Msg(what + " failed on the back office.")
	return http.StatusInternalServerError, s.words(r)["loans.fault"] + " " + err.Error()
}

// loanApplicationItem is one waiting loan application as loan_applications.html shows it.
type loanApplicationItem struct {
	store.LoanApplication
	Member                store.Member
	Amount, Installment   string
	Applied               string
	Savings, LoansOwed    string
	Loans                 int
	KTPVerified           bool
	ApproveURL, RejectURL string
	Error, Reason         string // a decision on it that failed, and the reason typed
}

type loanApplicationsView struct {
	layout
	Done, Error string
	Items       []loanApplicationItem
	CanDecide   bool
	Limited     bool
}

// loansFailure is a decision that failed, shown beside what it was about.
type loansFailure struct {
	ID          int64
	Msg, Reason string
}

func (s *Server) loanApplicationsPage(w http.ResponseWriter, r *http.Request) {
	if !s.officeReady(w, r) {
		return
	}
	q, t := r.URL.Query(), s.words(r)
	done := ""
	if no, ok := refOf(q.Get("approved"), store.RefLoanApplication); ok {
		done = no.String() + " " + t["loans.app.approved"]
		if acct := q.Get("loan"); store.ValidAccountNumber(acct) {
			done += " " + t["loans.app.loanaccount"] + " " + acct + "."
		}
	} else if no, ok := refOf(q.Get("rejected"), store.RefLoanApplication); ok {
		done = no.String() + " " + t["loans.app.rejected"]
	}
	s.showLoanApplications(w, r, http.StatusOK, done, loansFailure{})
}

// showLoanApplications renders the waiting loan applications of the staff member's branches.
func (s *Server) showLoanApplications(w http.ResponseWriter, r *http.Request, status int, done string, fail loansFailure) {
	ctx := r.Context()
	sess, _ := sessionOf(r)
	v := loanApplicationsView{layout: s.layoutFor(r, "loans.app.title"), Done: done, CanDecide: sess.Staff.Role.Rank() >= store.RoleManager.Rank()}
	loc := s.now().Location()
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		apps, err := tx.LoanApplications(ctx, store.ApplicationPending, 0, loansLimit+1)
		if err != nil {
			return err
		}
		if len(apps) > loansLimit {
			apps, v.Limited = apps[:loansLimit], true
		}
		for _, a := range apps {
			item, err := loanApplicationOf(ctx, tx, a)
			if err != nil {
				return err
			}
			if !sess.Staff.SeesBranch(item.Member.Branch) {
				continue
			}
			item.Applied = a.CreatedAt.In(loc).Format(timeLayout)
			if a.ID == fail.ID {
				item.Error, item.Reason, fail.Msg = fail.Msg, fail.Reason, ""
			}
			v.Items = append(v.Items, item)
		}
		return nil
	})
	if err != nil {
		zerolog.Ctx(ctx).Error().Err(err).Msg("Listing loan applications for the back office failed.")
		s.errorPage(w, r, http.StatusInternalServerError, v.Title, v.T["loans.fault"]+" "+err.Error())
		return
	}
	v.Error = fail.Msg // a failure about an application no longer listed
	s.render(w, r, status, "loan_applications.html", v)
}

// loanApplicationOf is an application with what staff weigh it by: the member, their
// savings, the loans they hold, whether their KTP is verified.
func loanApplicationOf(ctx context.Context, tx *store.Tx, a store.LoanApplication) (loanApplicationItem, error) {
	m, err := tx.MemberByID(ctx, a.MemberID)
	if err != nil {
		return loanApplicationItem{}, err
	}
	it := loanApplicationItem{LoanApplication: a, Member: m, Amount: parse.Rupiah(a.Amount), Installment: parse.Rupiah(a.Installment)}
	href := "/loan-applications/" + strconv.FormatInt(a.ID, 10)
	it.ApproveURL, it.RejectURL = href+"/approve", href+"/reject"
	savings, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
	if err != nil {
		return it, err
	}
	var saved, owed int64
	for _, acc := range savings {
		saved += acc.Amount()
	}
	loans, err := tx.AccountsOfMember(ctx, m.ID, store.AccountLoan)
	if err != nil {
		return it, err
	}
	for _, acc := range loans {
		owed += acc.Amount()
	}
	it.Savings, it.LoansOwed, it.Loans = parse.Rupiah(saved), parse.Rupiah(owed), len(loans)
	it.KTPVerified, err = tx.KTPVerified(ctx, m.ID)
	return it, err
}

// loanApplicationDecision approves or rejects a loan application through
// coop.DecideLoanApplication: the member is told, and the page shows the result.
func (s *Server) loanApplicationDecision(approve bool) loansDecision {
	return loansDecision{
		What: "loan application", Page: "/loan-applications", TitleKey: "loans.app.title", Approve: approve,
		Branch: func(ctx context.Context, tx *store.Tx, id int64) (string, error) {
			a, err := tx.LoanApplication(ctx, id)
			if err != nil {
				return "", err
			}
			m, err := tx.MemberByID(ctx, a.MemberID)
			return m.Branch, err
		},
		Do: func(ctx context.Context, tx *store.Tx, id int64, reason string, by coop.Actor) (url.Values, error) {
			a, err := coop.DecideLoanApplication(ctx, tx, id, approve, reason, by, s.memberLang())
			if approve {
				return url.Values{"approved": {a.No()}, "loan": {a.LoanAccount}}, err
			}
			return url.Values{"rejected": {a.No()}}, err
		},
		Show: func(w http.ResponseWriter, r *http.Request, status int, fail loansFailure) {
			s.showLoanApplications(w, r, status, "", fail)
		},
	}
}

// loansDecision is one of the loans pages' decide forms: approve or reject something
// waiting, by its {id}.
type loansDecision struct {
	What, Page, TitleKey string // for the log; the page to come back to; its title's word
	Approve              bool
	// Branch is the branch of what id names: the staff member must see it.
	Branch func(ctx context.Context, tx *store.Tx, id int64) (string, error)
	// Do makes the decision, by the staff member, and says it for the page's flash.
	Do func(ctx context.Context, tx *store.Tx, id int64, reason string, by coop.Actor) (url.Values, error)
	// Show renders the page with a failed decision beside what it was about.
	Show func(w http.ResponseWriter, r *http.Request, status int, fail loansFailure)
}

// loansDecider is the handler of decision d's form.
func (s *Server) loansDecider(d loansDecision) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.loansDecide(w, r, d) }
}

// loansDecide makes decision d on the {id} of the path, in one transaction: a rejection's
// reason is checked first, another branch's is refused (403), a refusal is shown in words
// beside what it was about (nothing changed), and a decision made redirects to the page
// with what it did; the senders are woken, for the member or maker told.
func (s *Server) loansDecide(w http.ResponseWriter, r *http.Request, d loansDecision) {
	if !s.officeReady(w, r) {
		return
	}
	ctx, t := r.Context(), s.words(r)
	id, ok := pathID(r)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, t[d.TitleKey], t["loans.gone"])
		return
	}
	reason := ""
	if !d.Approve {
		reason = strings.TrimSpace(r.PostFormValue("reason"))
		if status, words, refused := s.refused(r, coop.CheckReason(reason)); refused {
			d.Show(w, r, status, loansFailure{ID: id, Reason: reason, Msg: words})
			return
		}
	}
	sess, _ := sessionOf(r)
	var flash url.Values
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		branch, err := d.Branch(ctx, tx, id)
		if err != nil {
			return err
		}
		if !sess.Staff.SeesBranch(branch) {
			return errOtherBranch
		}
		flash, err = d.Do(ctx, tx, id, reason, coop.StaffAccount(sess.Staff.Username))
		return err
	})
	if errors.Is(err, errOtherBranch) {
		s.forbidden(w, r)
		return
	}
	if err != nil {
		status, msg := s.failText(r, err, "Deciding a "+d.What)
		d.Show(w, r, status, loansFailure{ID: id, Reason: reason, Msg: msg})
		return
	}
	s.wake()
	zerolog.Ctx(ctx).Info().Int64("id", id).Str("what", d.What).Bool("approve", d.Approve).Msg("Staff decided on the back office.")
	http.Redirect(w, r, d.Page+"?"+flash.Encode(), http.StatusSeeOther)
}

// errOtherBranch stops a decision on another branch's work, inside its transaction (403).
var errOtherBranch = errors.New("not one of the staff member's branches")
