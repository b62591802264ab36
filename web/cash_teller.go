package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// tellerView is the teller's counter: finding a member, their accounts and loans with a
// form for each operation, and the receipt of the last one.
type tellerView struct {
	layout
	Query    string
	Found    []store.Member // several members matched the search: pick one
	NotFound bool
	Member   *tellerMember
	Receipt  *tellerReceipt
	Again    bool   // the form had been posted before: nothing moved this time
	Held     string // the approval four eyes holds the operation in
	Error    string
	Op       string     // the form the error is about
	Form     url.Values // what was typed in it
}

// tellerMember is the member at the counter, with a fresh one-time key for each form.
type tellerMember struct {
	store.Member
	Phone   string
	Savings []savingsRow
	Loans   []loanRow
	Keys    map[string]string // deposit, withdraw, installment, reverse
}

// savingsRow is one savings account at the counter.
type savingsRow struct {
	Number, Product, Balance, Held, Available string
	// Default is the account the forms offer first: the first one that is neither
	// simpanan pokok (paid once) nor wajib, where most counter money goes.
	Default bool
}

// loanRow is one loan at the counter, with what it asks for today.
type loanRow struct {
	Number, Product, Owed, DueNow, Total string
	Disbursed                            bool
}

// tellerReceipt is what one operation moved, as the CLI's teller commands print it.
type tellerReceipt struct {
	Ref, What, At, By, Total string
	Lines                    []receiptLine
}

// receiptLine is the movement on one of the member's accounts and its balance after.
type receiptLine struct {
	Account, Product, Change, After string
}

// tellerOps are the counter's forms.
var tellerOps = []string{"deposit", "withdraw", "installment", "reverse"}

// formError is a form filled in wrong (the words key says how); nothing was tried.
type formError string

func (e formError) Error() string { return "form: " + string(e) }

func (s *Server) tellerPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.showTeller(w, r, q.Get("member"), cashFailure{Status: http.StatusOK}, "", nil)
}

// showTeller renders the counter for the member numbered no (or the search in the query),
// with fail about the form op holding form.
func (s *Server) showTeller(w http.ResponseWriter, r *http.Request, no string, fail cashFailure, op string, form url.Values) {
	if !s.officeReady(w, r) {
		return
	}
	ctx, q := r.Context(), r.URL.Query()
	v := tellerView{layout: s.layoutFor(r, "cash.teller.title"), Query: strings.TrimSpace(q.Get("q")), Error: fail.Msg, Op: op, Form: form}
	v.Again = q.Get("again") == "1"
	forbidden := false
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		m, err := s.tellerFind(ctx, tx, r, &v, no)
		if err != nil || m.ID == 0 {
			return err
		}
		if forbidden = !mustSession(r).Staff.SeesBranch(m.Branch); forbidden {
			return nil
		}
		if v.Member, err = s.tellerMemberOf(ctx, tx, m); err != nil {
			return err
		}
		return s.tellerResult(ctx, tx, r, &v)
	})
	if forbidden {
		s.forbidden(w, r)
		return
	}
	if err != nil {
		f := s.refusal(r, err)
		s.errorPage(w, r, f.Status, v.Title, f.Msg)
		return
	}
	s.render(w, r, fail.Status, "teller.html", v)
}

// tellerFind is the member numbered no, or the one member the search finds; several found
// (of the staff member's branches) are listed to pick from, none says so.
func (s *Server) tellerFind(ctx context.Context, tx *store.Tx, r *http.Request, v *tellerView, no string) (store.Member, error) {
	if no = strings.TrimSpace(no); no != "" {
		m, err := tx.MemberByNo(ctx, no)
		if errors.Is(err, store.ErrNotFound) {
			v.NotFound, v.Query = true, no
			return store.Member{}, nil
		}
		return m, err
	}
	if v.Query == "" {
		return store.Member{}, nil
	}
	query := v.Query
	if p, err := parse.Phone(query); err == nil {
		query = p // 0812-3456-7890 as the store keeps it: 6281234567890
	}
	all, err := tx.FindMembers(ctx, query, 20)
	if err != nil {
		return store.Member{}, err
	}
	for _, m := range all {
		if m.No != "" && mustSession(r).Staff.SeesBranch(m.Branch) {
			v.Found = append(v.Found, m)
		}
	}
	switch len(v.Found) {
	case 0:
		v.NotFound = true
	case 1:
		m := v.Found[0]
		v.Found = nil
		return m, nil
	}
	return store.Member{}, nil
}

// tellerMemberOf is the member m at the counter: their savings and loans.
func (s *Server) tellerMemberOf(ctx context.Context, tx *store.Tx, m store.Member) (*tellerMember, error) {
	tm := &tellerMember{Member: m, Phone: showPhone(m.Phone), Keys: map[string]string{}}
	for _, op := range tellerOps {
		tm.Keys[op] = newFormKey()
	}
	savings, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
	if err != nil {
		return nil, err
	}
	chosen := false
	for _, a := range savings {
		row := savingsRow{Number: a.Number, Product: a.ProductName, Balance: parse.Rupiah(a.Amount()),
			Held: parse.Rupiah(a.Held), Available: parse.Rupiah(a.Available())}
		locked := a.ProductKind == store.ProductPokok || a.ProductKind == store.ProductWajib
		if locked {
			row.Available = "—" // stays until the member leaves
		}
		if !chosen && !locked {
			row.Default, chosen = true, true
		}
		tm.Savings = append(tm.Savings, row)
	}
	loans, err := tx.LoansOfMember(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for _, l := range loans {
		row := loanRow{Number: l.Account.Number, Product: l.Account.ProductName, Owed: parse.Rupiah(l.Account.Amount()),
			Disbursed: l.Status == store.LoanActive}
		if row.Disbursed {
			due, err := coop.LoanDueOn(ctx, tx, l.Account.Number, s.now(), s.Office.LateFeeBP)
			if err != nil {
				return nil, err
			}
			row.DueNow, row.Total = parse.Rupiah(due.Now), parse.Rupiah(due.Total)
		}
		tm.Loans = append(tm.Loans, row)
	}
	return tm, nil
}

// tellerResult fills in the receipt or the approval the query names, of the staff
// member's branches.
func (s *Server) tellerResult(ctx context.Context, tx *store.Tx, r *http.Request, v *tellerView) error {
	q, sess := r.URL.Query(), mustSession(r)
	if ref, ok := refOf(q.Get("held"), store.RefApproval); ok {
		a, err := tx.Approval(ctx, ref.N)
		if err == nil && sess.Staff.SeesBranch(a.Branch) {
			v.Held = a.No()
		}
		return ignoreNotFound(err)
	}
	ref, ok := refOf(q.Get("receipt"), store.RefJournal)
	if !ok {
		return nil
	}
	p, err := tx.PostedByID(ctx, ref.N)
	if err != nil || !sess.Staff.SeesBranch(p.Branch) {
		return ignoreNotFound(err)
	}
	v.Receipt, err = s.receiptOf(ctx, tx, r, p)
	return err
}

func ignoreNotFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// receiptOf is the receipt of journal transaction p: what moved on the members' accounts,
// and each one's balance right after it.
func (s *Server) receiptOf(ctx context.Context, tx *store.Tx, r *http.Request, p store.Posted) (*tellerReceipt, error) {
	rc := &tellerReceipt{Ref: store.JournalRef(p.ID).String(), What: catalog.MemoText(s.lang(r), p.Memo),
		At: p.At.In(s.now().Location()).Format(timeLayout), By: p.AuthorID}
	var total int64
	for _, l := range p.Lines {
		if l.Amount > 0 {
			total += l.Amount
		}
		if l.Account.MemberID == 0 {
			continue
		}
		line := receiptLine{Account: l.Account.Number, Product: l.Account.ProductName}
		moves, err := tx.Movements(ctx, l.Account, 200)
		if err != nil {
			return nil, err
		}
		for _, mv := range moves {
			if mv.JournalID == p.ID {
				line.Change, line.After = parse.Rupiah(mv.Amount), parse.Rupiah(mv.Balance)
				if mv.Amount > 0 {
					line.Change = "+" + line.Change
				}
			}
		}
		rc.Lines = append(rc.Lines, line)
	}
	rc.Total = parse.Rupiah(total)
	return rc, nil
}

// tellerForm is what a counter form posted.
type tellerForm struct {
	Account, Loan, Journal, Memo, Reason string
	Amount                               int64
}

// tellerDone is what a counter operation did: the journal transaction it posted (or had
// posted under the same key before), or the approval four eyes holds it in.
type tellerDone struct {
	journal   int64
	duplicate bool
	held      store.Approval
}

// tellerPost makes the counter operation in the path for the member in the form, under the
// form's one-time key, and shows its receipt; a refusal shows the counter again with why.
func (s *Server) tellerPost(w http.ResponseWriter, r *http.Request) {
	if !s.officeReady(w, r) {
		return
	}
	ctx, op, no := r.Context(), r.PathValue("op"), strings.TrimSpace(r.PostFormValue("member"))
	fail := func(err error) { s.showTeller(w, r, no, s.formRefusal(r, err), op, r.PostForm) }
	var m store.Member
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) { m, err = tx.MemberByNo(ctx, no); return })
	if errors.Is(err, store.ErrNotFound) || !isTellerOp(op) {
		t := s.words(r)
		s.errorPage(w, r, http.StatusNotFound, t["cash.teller.title"], t["cash.nomember"])
		return
	}
	if err != nil {
		fail(err)
		return
	}
	if !s.seesBranch(w, r, m.Branch) {
		return
	}
	form, err := readTellerForm(r, op)
	key, ok := formKey(r, op)
	if err == nil && !ok {
		err = formError("cash.badkey")
	}
	var done tellerDone
	if err == nil {
		err = s.DB.Update(ctx, func(tx *store.Tx) (err error) { done, err = s.tellerRun(ctx, tx, r, op, key, m, form); return })
	}
	if err != nil {
		fail(err)
		return
	}
	s.wake()
	q := url.Values{"member": {m.No}}
	switch {
	case done.held.ID != 0:
		q.Set("held", done.held.No())
	default:
		q.Set("receipt", store.JournalRef(done.journal).String())
		if done.duplicate {
			q.Set("again", "1")
		}
	}
	http.Redirect(w, r, flash("/teller", q), http.StatusSeeOther)
}

func isTellerOp(op string) bool {
	for _, o := range tellerOps {
		if o == op {
			return true
		}
	}
	return false
}

// formRefusal is refusal, with a form filled in wrong said in the staff member's words.
func (s *Server) formRefusal(r *http.Request, err error) cashFailure {
	var bad formError
	if errors.As(err, &bad) {
		status := http.StatusBadRequest
		if bad == "cash.otherbranch" {
			status = http.StatusForbidden
		}
		return cashFailure{Msg: s.words(r)[string(bad)], Status: status}
	}
	return s.refusal(r, err)
}

// readTellerForm reads the form of op: an amount more than zero (an installment may leave
// it empty: what is due today), and a reason the member can act on for a reversal.
func readTellerForm(r *http.Request, op string) (tellerForm, error) {
	f := tellerForm{Account: strings.TrimSpace(r.PostFormValue("account")), Loan: strings.TrimSpace(r.PostFormValue("loan")),
		Journal: strings.TrimSpace(r.PostFormValue("journal")), Memo: strings.TrimSpace(r.PostFormValue("memo")),
		Reason: strings.Join(strings.Fields(r.PostFormValue("reason")), " ")}
	switch op {
	case "reverse":
		if f.Journal == "" {
			return f, formError("cash.nojournal")
		}
		return f, coop.CheckReason(f.Reason)
	case "installment":
		if strings.TrimSpace(r.PostFormValue("amount")) == "" {
			return f, nil
		}
	}
	n, err := parse.Amount(r.PostFormValue("amount"))
	if err != nil || n <= 0 {
		return f, formError("cash.badamount")
	}
	f.Amount = n
	return f, nil
}

// tellerRun makes counter operation op for member m under key in tx.
func (s *Server) tellerRun(ctx context.Context, tx *store.Tx, r *http.Request, op, key string, m store.Member, f tellerForm) (tellerDone, error) {
	top := s.staffOp(r, key)
	switch op {
	case "deposit":
		a, err := accountOfMember(ctx, tx, m, f.Account, store.AccountSavings)
		if err != nil {
			return tellerDone{}, err
		}
		rc, err := coop.CashDeposit(ctx, tx, top, a.Number, f.Amount, f.Memo)
		return tellerDone{journal: rc.JournalID, duplicate: rc.Duplicate}, err
	case "installment":
		l, err := accountOfMember(ctx, tx, m, f.Loan, store.AccountLoan)
		if err != nil {
			return tellerDone{}, err
		}
		p, err := coop.PayInstallments(ctx, tx, top, l.Number, coop.PayCash, f.Amount, s.now())
		return tellerDone{journal: p.JournalID, duplicate: p.Duplicate}, err
	case "withdraw":
		a, err := accountOfMember(ctx, tx, m, f.Account, store.AccountSavings)
		if err != nil {
			return tellerDone{}, err
		}
		return s.fourEyes(ctx, tx, top, coop.CashOut(a.Number, f.Amount, f.Memo))
	}
	if err := journalOfBranch(ctx, tx, mustSession(r), f.Journal); err != nil {
		return tellerDone{}, err
	}
	return s.fourEyes(ctx, tx, top, coop.Reversal(f.Journal, f.Reason))
}

// fourEyes runs an operation four eyes may hold; the same form posted again while it is
// held shows the request it made (coop.Run finds it by the form's key).
func (s *Server) fourEyes(ctx context.Context, tx *store.Tx, top coop.TellerOp, o coop.Operation) (tellerDone, error) {
	out, err := coop.Run(ctx, tx, s.Office.FourEyes, top, o)
	if err != nil {
		return tellerDone{}, err
	}
	if out.Held() {
		return tellerDone{held: out.Waiting}, nil
	}
	return tellerDone{journal: out.Receipt.JournalID, duplicate: out.Receipt.Duplicate}, nil
}

// accountOfMember is m's account of kind with the given number; another's, or none, is a
// form filled in wrong (the page offers only the member's own).
func accountOfMember(ctx context.Context, tx *store.Tx, m store.Member, number, kind string) (store.Account, error) {
	a, err := tx.AccountByNumber(ctx, number)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return a, err
	}
	if err != nil || a.MemberID != m.ID || a.Kind != kind {
		return a, formError("cash.notmine")
	}
	return a, nil
}

// journalOfBranch refuses reversing a journal transaction of a branch the staff member
// does not see; one that does not exist is left to coop to say so.
func journalOfBranch(ctx context.Context, tx *store.Tx, sess coop.Session, journal string) error {
	var p store.Posted
	var err error
	if ref, ok := refOf(journal, store.RefJournal); ok {
		p, err = tx.PostedByID(ctx, ref.N)
	} else {
		p, err = tx.PostedByKey(ctx, journal)
	}
	if err != nil {
		return ignoreNotFound(err)
	}
	if !sess.Staff.SeesBranch(p.Branch) {
		return formError("cash.otherbranch")
	}
	return nil
}
