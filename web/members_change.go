package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// memberChange is one change a manager makes to the path's member, in one write
// transaction through coop; by is the staff member, as the history and audit log name them.
type memberChange func(ctx context.Context, tx *store.Tx, no string, by coop.Actor) error

// changeMember runs change on the path's member. A refusal of the cooperative's rules shows
// the member page with its words (4xx) and what was typed, nothing changed; done, the
// member page shows what it did (done is its key), and the senders are woken to tell the member.
func (s *Server) changeMember(w http.ResponseWriter, r *http.Request, done string, typed memberEditForm, change memberChange) {
	m, ok := s.memberOf(w, r)
	if !ok {
		return
	}
	sess, _ := sessionOf(r)
	by := coop.StaffAccount(sess.Staff.Username)
	err := s.DB.Update(r.Context(), func(tx *store.Tx) error { return change(r.Context(), tx, m.No, by) })
	var refused *coop.Refusal
	if errors.As(err, &refused) {
		s.showMember(w, r, refusalStatus(refused), m, "", s.memberRefusal(r, refused), typed)
		return
	}
	var bad memberFormError
	if errors.As(err, &bad) {
		s.showMember(w, r, http.StatusBadRequest, m, "", s.words(r)[string(bad)], typed)
		return
	}
	if err != nil {
		s.membersFailed(w, r, "Changing member "+m.No+" failed, nothing changed", err)
		return
	}
	zerolog.Ctx(r.Context()).Info().Str("member", m.No).Str("change", done).Str("staff", sess.Staff.Username).Msg("Staff changed a member on the admin pages.")
	s.wake()
	http.Redirect(w, r, memberHref(m.No)+"?done="+done, http.StatusSeeOther)
}

// memberFormError is a form the page itself cannot read (a date written wrong): the key of
// its words.
type memberFormError string

func (e memberFormError) Error() string { return string(e) }

// membersLang is the cooperative's default language, for a member who chose none.
func (s *Server) membersLang() string {
	if s.Office == nil {
		return ""
	}
	return s.Office.Language
}

// memberTyped is what the member forms sent, to show again on a refusal.
func memberTyped(r *http.Request) memberEditForm {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return memberEditForm{Name: f("name"), Address: f("address"), Occupation: f("occupation"), Gender: f("gender"),
		BirthDate: f("birth_date"), Phone: f("phone"), Reason: f("reason")}
}

// memberEdit corrects the member's name, address, occupation, gender and birth date
// (coop.EditMember: each change in the history, audited).
func (s *Server) memberEdit(w http.ResponseWriter, r *http.Request) {
	typed := memberTyped(r)
	s.changeMember(w, r, "edit", typed, func(ctx context.Context, tx *store.Tx, no string, by coop.Actor) error {
		e := coop.MemberEdit{Name: &typed.Name, Address: &typed.Address, Occupation: &typed.Occupation}
		if typed.Gender != "" {
			e.Gender = &typed.Gender
		}
		if typed.BirthDate != "" {
			d, err := time.Parse(time.DateOnly, typed.BirthDate)
			if err != nil {
				return memberFormError("members.baddate")
			}
			e.BirthDate = &d
		}
		_, changes, err := coop.EditMember(ctx, tx, no, e, by)
		if err == nil && len(changes) == 0 {
			return &coop.Refusal{Code: coop.NothingChanged, Subject: no}
		}
		return err
	})
}

// memberPhone moves the member to a new WhatsApp number (coop.ChangePhone: both numbers told).
func (s *Server) memberPhone(w http.ResponseWriter, r *http.Request) {
	typed := memberTyped(r)
	s.changeMember(w, r, "phone", typed, func(ctx context.Context, tx *store.Tx, no string, by coop.Actor) error {
		_, err := coop.ChangePhone(ctx, tx, no, typed.Phone, by, s.membersLang())
		return err
	})
}

// memberSuspend suspends the member for the reason they are told.
func (s *Server) memberSuspend(w http.ResponseWriter, r *http.Request) {
	s.memberSuspension(w, r, true)
}

// memberReactivate lifts the member's suspension.
func (s *Server) memberReactivate(w http.ResponseWriter, r *http.Request) {
	s.memberSuspension(w, r, false)
}

// memberSuspension suspends (coop.Suspend) or reactivates (coop.Reactivate) the member;
// either way they are told on WhatsApp.
func (s *Server) memberSuspension(w http.ResponseWriter, r *http.Request, suspend bool) {
	typed := memberTyped(r)
	done, op := "reactivate", coop.Reactivate
	if suspend {
		done, op = "suspend", coop.Suspend
	}
	s.changeMember(w, r, done, typed, func(ctx context.Context, tx *store.Tx, no string, by coop.Actor) error {
		_, err := op(ctx, tx, no, typed.Reason, by, s.membersLang())
		return err
	})
}

// memberLeaveView is member_leave.html's data: what the member would be owed back today.
type memberLeaveView struct {
	layout
	No, Name, Href string
	Savings        []memberLeaveLine
	Loans          []memberLeaveLine
	Fees, Total    string
	Owed, Net      string
	HasFees        bool
	Error          string
}

// memberLeaveLine is one account in the leaving figures.
type memberLeaveLine struct {
	Account, Product, Amount string
	Principal, Interest, Fee string
}

// membersLateFeeBP is the late fee a day, for the loans' payoff amounts.
func (s *Server) membersLateFeeBP() int64 {
	if s.Office == nil {
		return 0
	}
	return s.Office.LateFeeBP
}

// memberLeaveForm shows what the member would be owed back on leaving today and asks to
// confirm; a member who cannot leave (a loan beyond their savings, a time deposit) is told why.
func (s *Server) memberLeaveForm(w http.ResponseWriter, r *http.Request) {
	m, ok := s.memberOf(w, r)
	if !ok {
		return
	}
	v := memberLeaveView{layout: s.layoutFor(r, "members.leave.title"), No: m.No, Name: m.Name, Href: memberHref(m.No)}
	var quote catalog.Leave
	err := s.DB.View(r.Context(), func(tx *store.Tx) (err error) {
		quote, err = coop.LeaveQuote(r.Context(), tx, m.No, s.now(), s.membersLateFeeBP())
		return err
	})
	var refused *coop.Refusal
	if errors.As(err, &refused) {
		v.Error = s.memberRefusal(r, refused)
		s.render(w, r, refusalStatus(refused), "member_leave.html", v)
		return
	}
	if err != nil {
		s.membersFailed(w, r, "Working out what member "+m.No+" is owed failed", err)
		return
	}
	for _, a := range quote.Savings {
		v.Savings = append(v.Savings, memberLeaveLine{Account: a.Masked(), Product: a.ProductName, Amount: parse.Rupiah(a.Amount())})
	}
	for _, l := range quote.Loans {
		v.Loans = append(v.Loans, memberLeaveLine{Account: l.Account.Masked(), Product: l.Account.ProductName, Amount: "-" + parse.Rupiah(l.Total),
			Principal: parse.Rupiah(l.Principal), Interest: parse.Rupiah(l.Interest), Fee: parse.Rupiah(l.LateFees)})
	}
	v.Fees, v.HasFees = "-"+parse.Rupiah(quote.FeesOwed), quote.FeesOwed > 0
	v.Total, v.Owed, v.Net = parse.Rupiah(quote.Total), parse.Rupiah(quote.Owed), parse.Rupiah(quote.Net)
	s.render(w, r, http.StatusOK, "member_leave.html", v)
}

// memberLeave lets the member leave: loans paid off from the savings, the rest paid in
// cash or from the bank, every account closed, the member told.
func (s *Server) memberLeave(w http.ResponseWriter, r *http.Request) {
	toBank := r.PostFormValue("payout") == "bank"
	s.changeMember(w, r, "left", memberEditForm{}, func(ctx context.Context, tx *store.Tx, no string, by coop.Actor) error {
		op := coop.LeaveOp{By: by, Lang: s.membersLang(), ToBank: toBank, LateFeeBP: s.membersLateFeeBP()}
		_, err := coop.Leave(ctx, tx, no, op, s.now())
		return err
	})
}
