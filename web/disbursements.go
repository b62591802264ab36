package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// disburseKeyCommand names the web's disbursements in their idempotency keys:
// teller-web-disburse-<random hex>, one per form shown, so a double click or a reload posts once.
const disburseKeyCommand = "web-disburse"

// newDisburseKey is a fresh one-time key for a disbursement form.
func newDisburseKey() string {
	b := make([]byte, 8)
	rand.Read(b) // never fails (crypto/rand)
	return store.KeyTeller.Key(disburseKeyCommand, hex.EncodeToString(b))
}

// disburseKeyOK reports whether key is one newDisburseKey makes (the form's, not anyone's own).
func disburseKeyOK(key string) bool {
	h, ok := strings.CutPrefix(key, store.KeyTeller.Key(disburseKeyCommand, ""))
	if !ok || len(h) != 16 {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil
}

// disbursementItem is one approved loan waiting to be paid out, as disbursements.html shows it.
type disbursementItem struct {
	Loan      store.Loan
	Member    store.Member
	Principal string
	Approved  string
	Fees      []feeLine
	FeesTotal string
	Charged   bool // the fees are debited from the savings after the payout, not deducted
	Savings   []savingsChoice
	Waiting   string // the approval already waiting for it: APV-000003
	Action    string
	Key       string
	Error     string
}

// savingsChoice is one of the borrower's savings accounts the loan may be paid into.
type savingsChoice struct {
	Number, Label string
}

// feeLine is one fee of a disbursement: its word key and amount.
type feeLine struct {
	Key, Amount string
}

type disbursementsView struct {
	layout
	Done, Waiting, Error string
	Receipt              *disburseReceipt
	Items                []disbursementItem
}

// disburseReceipt is what a disbursement did, as the page shows it after the form.
type disburseReceipt struct {
	Ref, Principal, Credited, Balance string
	Loan, Savings, Product, Member    string
	Fees                              []feeLine
	Charged                           bool
	Duplicate                         bool
}

func (s *Server) disbursementsPage(w http.ResponseWriter, r *http.Request) {
	if !s.officeReady(w, r) {
		return
	}
	q := r.URL.Query()
	v := disbursementsView{layout: s.layoutFor(r, "loans.dis.title")}
	if no, ok := refOf(q.Get("waiting"), store.RefApproval); ok {
		v.Waiting = no.String()
	}
	if key := q.Get("done"); disburseKeyOK(key) {
		rec, ok, err := s.disbursedReceipt(r, key)
		if err != nil {
			zerolog.Ctx(r.Context()).Error().Err(err).Msg("Reading a disbursement's receipt failed.")
		}
		if ok {
			rec.Duplicate = q.Get("again") == "1"
			v.Receipt = &rec
		}
	}
	s.showDisbursements(w, r, http.StatusOK, v, "")
}

// showDisbursements renders the approved loans of the staff member's branches, with failed
// beside the loan it was about.
func (s *Server) showDisbursements(w http.ResponseWriter, r *http.Request, status int, v disbursementsView, failed string) {
	ctx := r.Context()
	sess, _ := sessionOf(r)
	loc := s.now().Location()
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		loans, err := tx.LoansOf(ctx, "", store.LoanApproved)
		if err != nil {
			return err
		}
		waiting, err := waitingDisbursements(ctx, tx)
		if err != nil {
			return err
		}
		for _, l := range loans {
			if !sess.Staff.SeesBranch(l.Account.Branch) || len(v.Items) >= loansLimit {
				continue
			}
			item, err := disbursementOf(ctx, tx, l)
			if err != nil {
				return err
			}
			item.Approved = l.Start.In(loc).Format("2006-01-02")
			item.Waiting = waiting[l.Account.Number]
			if l.Account.Number == failed {
				item.Error, v.Error = v.Error, ""
			}
			v.Items = append(v.Items, item)
		}
		return nil
	})
	if err != nil {
		zerolog.Ctx(ctx).Error().Err(err).Msg("Listing loans to disburse for the back office failed.")
		s.errorPage(w, r, http.StatusInternalServerError, v.Title, v.T["loans.fault"]+" "+err.Error())
		return
	}
	s.render(w, r, status, "disbursements.html", v)
}

// waitingDisbursements maps each loan account with a disbursement waiting for a second
// staff member to that request's number.
func waitingDisbursements(ctx context.Context, tx *store.Tx) (map[string]string, error) {
	pending, err := tx.Approvals(ctx, "", store.ApprovalPending)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string)
	for _, a := range pending {
		var o coop.Operation
		if a.Kind != store.ApprovalDisbursement || json.Unmarshal([]byte(a.Params), &o) != nil {
			continue
		}
		m[o.Loan] = a.No()
	}
	return m, nil
}

// disbursementOf is an approved loan with its borrower, the fees its product takes, and
// the borrower's savings accounts that may receive it (active tabungan or sukarela).
func disbursementOf(ctx context.Context, tx *store.Tx, l store.Loan) (disbursementItem, error) {
	m, err := tx.MemberByID(ctx, l.Account.MemberID)
	if err != nil {
		return disbursementItem{}, err
	}
	it := disbursementItem{Loan: l, Member: m, Principal: parse.Rupiah(l.Principal), Key: newDisburseKey(),
		Action: "/disbursements/" + l.Account.Number}
	p, err := tx.ProductByCode(ctx, l.Account.ProductCode)
	if err != nil {
		return it, err
	}
	fees := coop.DisbursementFees(p, l.Principal)
	it.Fees, it.FeesTotal, it.Charged = feeLines(fees.Provisi, fees.Admin, fees.Insurance), parse.Rupiah(fees.Total()), fees.Charge
	savings, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
	if err != nil {
		return it, err
	}
	for _, a := range savings {
		if a.Status == store.AccountActive && a.ProductKind != "pokok" && a.ProductKind != "wajib" {
			it.Savings = append(it.Savings, savingsChoice{Number: a.Number, Label: a.Number + " · " + a.ProductName + " · " + parse.Rupiah(a.Amount())})
		}
	}
	return it, nil
}

// feeLines are a disbursement's fees that are not zero.
func feeLines(provisi, admin, insurance int64) []feeLine {
	var fs []feeLine
	for _, f := range []struct {
		key    string
		amount int64
	}{{"loans.fee.provisi", provisi}, {"loans.fee.admin", admin}, {"loans.fee.insurance", insurance}} {
		if f.amount > 0 {
			fs = append(fs, feeLine{Key: f.key, Amount: parse.Rupiah(f.amount)})
		}
	}
	return fs
}

// disburse pays an approved loan out into the savings account chosen, through coop.Run:
// done (the receipt), or held by four eyes (the request's number).
func (s *Server) disburse(w http.ResponseWriter, r *http.Request) {
	if !s.officeReady(w, r) {
		return
	}
	ctx, t := r.Context(), s.words(r)
	number := r.PathValue("loan")
	key := r.PostFormValue("key")
	if !store.ValidAccountNumber(number) || !disburseKeyOK(key) {
		s.errorPage(w, r, http.StatusBadRequest, t["loans.dis.title"], t["loans.dis.badform"])
		return
	}
	savings := strings.TrimSpace(r.PostFormValue("savings"))
	sess, _ := sessionOf(r)
	op := coop.TellerOp{Key: key, By: coop.StaffAccount(sess.Staff.Username), Lang: s.memberLang(),
		Loc: s.now().Location(), LateFeeBP: s.Office.LateFeeBP}
	var out coop.Outcome
	var already string
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		l, err := tx.LoanByAccount(ctx, number)
		if err != nil {
			return err
		}
		if !sess.Staff.SeesBranch(l.Account.Branch) {
			return errOtherBranch
		}
		waiting, err := waitingDisbursements(ctx, tx)
		if err != nil {
			return err
		}
		if already = waiting[l.Account.Number]; already != "" { // asked already (a second click): not twice
			return nil
		}
		out, err = coop.Run(ctx, tx, s.Office.FourEyes, op, coop.Disbursement(l.Account.Number, savings))
		return err
	})
	switch {
	case errors.Is(err, errOtherBranch):
		s.forbidden(w, r)
		return
	case err != nil:
		status, msg := s.failText(r, err, "Disbursing a loan")
		s.showDisbursements(w, r, status, disbursementsView{layout: s.layoutFor(r, "loans.dis.title"), Error: msg}, number)
		return
	case already != "":
		http.Redirect(w, r, "/disbursements?"+url.Values{"waiting": {already}}.Encode(), http.StatusSeeOther)
		return
	case out.Held():
		zerolog.Ctx(ctx).Info().Str("approval", out.Waiting.No()).Msg("A disbursement on the back office waits for a second staff member.")
		http.Redirect(w, r, "/disbursements?"+url.Values{"waiting": {out.Waiting.No()}}.Encode(), http.StatusSeeOther)
		return
	}
	s.wake()
	zerolog.Ctx(ctx).Info().Str("ref", out.Receipt.Ref).Str("loan", out.Receipt.Loan.Masked()).Msg("Staff disbursed a loan on the back office.")
	flash := url.Values{"done": {key}}
	if out.Receipt.Duplicate {
		flash.Set("again", "1")
	}
	http.Redirect(w, r, "/disbursements?"+flash.Encode(), http.StatusSeeOther)
}

// disbursedReceipt reads back what the disbursement under key did, for the staff member's
// branches: its reference, the loan, what the savings received, the fees.
func (s *Server) disbursedReceipt(r *http.Request, key string) (disburseReceipt, bool, error) {
	ctx := r.Context()
	sess, _ := sessionOf(r)
	var rec disburseReceipt
	found := false
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		p, err := tx.PostedByKey(ctx, key)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil || p.Kind != store.KindDisbursement || !sess.Staff.SeesBranch(p.Branch) {
			return err
		}
		rec.Ref = store.NewRef(store.RefJournal, p.ID).String()
		var loan store.Account
		for _, line := range p.Lines {
			switch line.Account.Kind {
			case store.AccountLoan:
				loan, rec.Principal = line.Account, parse.Rupiah(-line.Amount)
			case store.AccountSavings:
				rec.Savings, rec.Product = line.Account.Number, line.Account.ProductName
				rec.Credited, rec.Balance = parse.Rupiah(line.Amount), parse.Rupiah(line.Account.Amount())
			}
		}
		return receiptDetails(ctx, tx, loan, &rec, &found)
	})
	return rec, found, err
}

// receiptDetails fills in the receipt's loan, member and fees from the loan account.
func receiptDetails(ctx context.Context, tx *store.Tx, loan store.Account, rec *disburseReceipt, found *bool) error {
	l, err := tx.LoanByAccount(ctx, loan.Number)
	if err != nil {
		return err
	}
	m, err := tx.MemberByID(ctx, loan.MemberID)
	if err != nil {
		return err
	}
	p, err := tx.ProductByCode(ctx, loan.ProductCode)
	if err != nil {
		return err
	}
	fees := coop.DisbursementFees(p, l.Principal)
	rec.Loan, rec.Member = loan.Number, m.Name
	rec.Fees, rec.Charged = feeLines(fees.Provisi, fees.Admin, fees.Insurance), fees.Charge
	*found = true
	return nil
}
