package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// memberView is member.html's data. It never holds a full NIK: that is member_nik.html's.
type memberView struct {
	layout
	No, Name, Branch, Phone, Status, StatusKey string
	NIK, Birth, Gender, Address, Occupation    string
	Joined, Ceiling, Left                      string
	CeilingOwn                                 bool
	KTPStatus, KTPNo, KTPPhoto                 string // the latest KTP verification: its status in words, number, photo link
	Accounts                                   []memberAccount
	Loans                                      []memberLoan
	Deposits                                   []memberDeposit
	History                                    []memberChangeRow
	Href                                       string // the page's own path, for its forms' actions
	Changeable, Suspended                      bool   // a member (active or suspended) staff may change
	From, To                                   string // the statement's default period
	Done, Error                                string
	Edit                                       memberEditForm // what was typed into a form refused
}

// memberEditForm is the edit and phone forms' values.
type memberEditForm struct {
	Name, Address, Occupation, Gender, BirthDate, Phone, Reason string
}

// memberAccount is one account with its balance and last movements.
type memberAccount struct {
	Number, Product, Kind, Balance, Held, Status string
	Movements                                    []memberMovement
}

// memberMovement is one posting as the account's owner reads it.
type memberMovement struct {
	When, What, Amount, Balance string
	In                          bool // money came in (savings and deposits; a loan's growing debt is not)
}

// memberLoan is one loan: what it owes, when next, how late.
type memberLoan struct {
	Number, Product, Principal, Outstanding, Status string
	NextDue, NextAmount, Grade                      string
	DaysPastDue                                     int
	Approved                                        bool // approved, not disbursed yet
}

// memberDeposit is one time deposit.
type memberDeposit struct {
	Number, Product, Amount, Maturity string
	TenorMonths                       int
	Rollover                          bool
}

// memberChangeRow is one line of the member's history.
type memberChangeRow struct {
	When, By, Field, Old, New, Reason string
}

func (s *Server) memberPage(w http.ResponseWriter, r *http.Request) {
	m, ok := s.memberOf(w, r)
	if !ok {
		return
	}
	t := s.words(r)
	done := ""
	if key := r.URL.Query().Get("done"); key != "" {
		done = t["members.done."+key]
	}
	s.showMember(w, r, http.StatusOK, m, done, "", memberEditForm{})
}

// showMember renders member m's page, with done (what the last change did) or problem
// (why it was refused) and the values typed.
func (s *Server) showMember(w http.ResponseWriter, r *http.Request, status int, m store.Member, done, problem string, typed memberEditForm) {
	v := memberView{layout: s.pageLayout(r, m.No+" "+m.Name), Done: done, Error: problem}
	v.fill(m, s.now(), s.membersDefaultCeiling())
	v.Edit = typed
	if typed == (memberEditForm{}) {
		v.Edit = memberEditForm{Name: m.Name, Address: m.Address, Occupation: m.Occupation, Gender: m.Gender, BirthDate: v.Birth}
	}
	loc := s.now().Location()
	err := s.DB.View(r.Context(), func(tx *store.Tx) error { return v.load(r.Context(), tx, m, loc) })
	if err != nil {
		s.membersFailed(w, r, "Loading member "+m.No+" failed", err)
		return
	}
	s.render(w, r, status, "member.html", v)
}

// membersDefaultCeiling is the cooperative's installment ceiling for members without their own.
func (s *Server) membersDefaultCeiling() int64 {
	if s.Office == nil {
		return 0
	}
	return s.Office.DefaultCeiling
}

// fill puts the member's own data into the view, in the staff member's words.
func (v *memberView) fill(m store.Member, now time.Time, membersDefaultCeiling int64) {
	t, loc := v.T, now.Location()
	v.No, v.Name, v.Branch, v.Phone, v.Href = m.No, m.Name, m.Branch, showPhone(m.Phone), memberHref(m.No)
	v.StatusKey, v.Status = string(m.Status), t["members.status."+string(m.Status)]
	v.NIK, v.Address, v.Occupation = ktp.Mask(m.NIK), m.Address, m.Occupation
	v.Gender = t["members.gender."+m.Gender]
	if !m.BirthDate.IsZero() {
		v.Birth = m.BirthDate.Format(time.DateOnly)
	}
	if !m.JoinedAt.IsZero() {
		v.Joined = m.JoinedAt.In(loc).Format(time.DateOnly)
	}
	if !m.LeftAt.IsZero() {
		v.Left = m.LeftAt.In(loc).Format(time.DateOnly)
	}
	v.Ceiling, v.CeilingOwn = parse.Rupiah(coop.InstallmentCeiling(m, membersDefaultCeiling)), m.Ceiling > 0
	v.Changeable = m.Status == store.MemberActive || m.Status == store.MemberSuspended
	v.Suspended = m.Status == store.MemberSuspended
	if v.Left != "" {
		now = m.LeftAt.In(loc)
	}
	v.From, v.To = now.AddDate(0, -1, 0).Format(time.DateOnly), now.Format(time.DateOnly)
}

// load reads what the member holds and owes, their KTP and their history.
func (v *memberView) load(ctx context.Context, tx *store.Tx, m store.Member, loc *time.Location) error {
	if err := v.loadKTP(ctx, tx, m); err != nil {
		return err
	}
	if err := v.loadAccounts(ctx, tx, m, loc); err != nil {
		return err
	}
	if err := v.loadLoans(ctx, tx, m); err != nil {
		return err
	}
	deposits, err := tx.TimeDepositsOfMember(ctx, m.ID)
	if err != nil {
		return err
	}
	for _, d := range deposits {
		v.Deposits = append(v.Deposits, memberDeposit{Number: d.Account.Number, Product: d.Account.ProductName, Amount: parse.Rupiah(d.Account.Amount()),
			Maturity: d.Maturity.Format(time.DateOnly), TenorMonths: d.TenorMonths, Rollover: d.Rollover()})
	}
	changes, err := tx.MemberChanges(ctx, m.ID)
	if err != nil {
		return err
	}
	for i := len(changes) - 1; i >= 0; i-- { // newest first
		c := changes[i]
		row := memberChangeRow{When: c.At.In(loc).Format(timeLayout), By: c.By, Field: v.T["members.field."+c.Field], Old: c.Old, New: c.New, Reason: c.Reason}
		if c.Field == store.FieldStatus {
			row.Old, row.New = v.T["members.status."+c.Old], v.T["members.status."+c.New]
		}
		if c.Field == store.FieldPhone {
			row.Old, row.New = showPhone(c.Old), showPhone(c.New)
		}
		v.History = append(v.History, row)
	}
	return nil
}

// loadKTP reads the member's latest KTP verification, and links its photo when kept.
func (v *memberView) loadKTP(ctx context.Context, tx *store.Tx, m store.Member) error {
	k, err := tx.LatestKTP(ctx, m.ID)
	if errors.Is(err, store.ErrNotFound) {
		v.KTPStatus = v.T["members.ktp.none"]
		return nil
	}
	if err != nil {
		return err
	}
	v.KTPStatus, v.KTPNo = v.T["members.ktp."+string(k.Status)], k.No()
	if k.KTPPhoto != "" {
		v.KTPPhoto = "/ktp/" + strconv.FormatInt(k.ID, 10) + "/photo/ktp"
	}
	return nil
}

// loadAccounts reads every account still open, each with its last movements.
func (v *memberView) loadAccounts(ctx context.Context, tx *store.Tx, m store.Member, loc *time.Location) error {
	accounts, err := tx.EveryAccountOfMember(ctx, m.ID)
	if err != nil {
		return err
	}
	for _, a := range accounts {
		if a.Status == store.AccountClosed && m.Status != store.MemberClosed {
			continue
		}
		moves, err := tx.Movements(ctx, a, memberMovements)
		if err != nil {
			return err
		}
		row := memberAccount{Number: a.Number, Product: a.ProductName, Kind: v.T["members.kind."+a.Kind], Balance: parse.Rupiah(a.Amount())}
		if a.Status != store.AccountActive {
			row.Status = v.T["members.account."+string(a.Status)]
		}
		if a.Held > 0 {
			row.Held = parse.Rupiah(a.Held)
		}
		for _, mv := range moves {
			row.Movements = append(row.Movements, memberMovement{When: mv.At.In(loc).Format(timeLayout), What: catalog.MemoText(v.Lang, mv.Memo),
				Amount: memberSigned(mv.Amount), Balance: parse.Rupiah(mv.Balance), In: mv.Amount > 0 && a.Kind != store.AccountLoan})
		}
		v.Accounts = append(v.Accounts, row)
	}
	return nil
}

// loadLoans reads the member's loans with their next installment due.
func (v *memberView) loadLoans(ctx context.Context, tx *store.Tx, m store.Member) error {
	loans, err := tx.LoansOfMember(ctx, m.ID)
	if err != nil {
		return err
	}
	for _, l := range loans {
		row := memberLoan{Number: l.Account.Number, Product: l.Account.ProductName, Principal: parse.Rupiah(l.Principal),
			Outstanding: parse.Rupiah(l.Account.Amount()), Status: v.T["members.loan."+string(l.Status)], DaysPastDue: l.DaysPastDue,
			Approved: l.Status == store.LoanApproved}
		if l.Status == store.LoanActive {
			row.Grade = string(l.Grade) + " (" + coop.GradeNames[l.Grade] + ")"
			sched, err := tx.Installments(ctx, l.ID)
			if err != nil {
				return err
			}
			for _, in := range sched {
				if in.Paid < in.Total() {
					row.NextDue, row.NextAmount = in.Due.Format(time.DateOnly), parse.Rupiah(in.Total()-in.Paid)
					break
				}
			}
		}
		v.Loans = append(v.Loans, row)
	}
	return nil
}

// memberSigned shows a movement with its sign: +Rp50.000, -Rp50.000.
func memberSigned(n int64) string {
	if n > 0 {
		return "+" + parse.Rupiah(n)
	}
	return parse.Rupiah(n)
}
