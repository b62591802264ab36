package coop

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/store"
)

// A loan's life (issue 16): approved (DecideLoanApplication: no money out, no schedule) ->
// active (DisburseLoan: paid out, fees collected, the schedule from that day) -> paid (the
// last installment, or the day's close) or written off. The day's close grades every active
// loan by its days past due (closeLoanGrades).

// DisbursementFees are the fees of a loan of principal under product p: provisi and
// insurance are p's basis points of the principal, each rounded half up to the rupiah; the
// administration fee is a fixed amount.
func DisbursementFees(p store.Product, principal int64) catalog.LoanFees {
	s := p.Settings()
	return catalog.LoanFees{Provisi: basisPoints(principal, s.ProvisiBP), Admin: s.AdminFee,
		Insurance: basisPoints(principal, s.InsuranceBP), Charge: s.FeeCollection == "charge"}
}

// basisPoints is amount × bp / 10,000, rounded half up.
func basisPoints(amount, bp int64) int64 { return (amount*bp + 5_000) / 10_000 }

// LoanTerms are an approved loan's terms as its disbursement on day today would make them:
// the schedule by the loan's own method and rate (fixed at approval), the product's fees.
func LoanTerms(ctx context.Context, tx *store.Tx, l store.Loan, today time.Time) (catalog.Simulation, error) {
	p, err := tx.ProductByCode(ctx, l.Account.ProductCode)
	if err != nil {
		return catalog.Simulation{}, err
	}
	return simulate(p, loan.Method(l.Method), l.RateBP, l.Principal, l.TenorMonths, today)
}

// DisburseLoan pays an approved loan out into the borrower's savings account, at the akad:
// the loan account is debited with the principal; the product's fees (provisi and
// administration to the branch's fee income, insurance to insurance payable) are deducted
// from what the savings are credited, in the same journal transaction, or, with
// fee_collection charge, debited from the savings after it in a second one keyed from the
// first (KeyLoanFees). The schedule runs from the disbursement day, and the loan becomes
// active. A loan is disbursed once (again only after its disbursement was reversed).
func DisburseLoan(ctx context.Context, tx *store.Tx, op TellerOp, loanAccountNumber, savingsAccountNumber string) (store.Receipt, error) {
	l, err := tellerLoan(ctx, tx, loanAccountNumber)
	if err != nil {
		return store.Receipt{}, err
	}
	if prev, done, err := tellerDone(ctx, tx, op, store.KindDisbursement, l.Account.ID); err != nil || done {
		if err != nil {
			return store.Receipt{}, err
		}
		return disbursementReceipt(ctx, tx, op, prev, l, true)
	}
	if err := approvedLoan(l); err != nil {
		return store.Receipt{}, err
	}
	to, err := tellerAccount(ctx, tx, savingsAccountNumber)
	if err != nil {
		return store.Receipt{}, err
	}
	if err := spendable(to); err != nil {
		return store.Receipt{}, err
	}
	if to.MemberID != l.Account.MemberID {
		return store.Receipt{}, &Refusal{Code: OtherMember, Subject: to.Masked()}
	}
	day := calendarDayIn(tx.Now(), op.Loc)
	terms, err := LoanTerms(ctx, tx, l, day)
	if err != nil {
		return store.Receipt{}, err
	}
	fees := terms.Fees
	if fees.Total() >= l.Principal {
		return store.Receipt{}, fmt.Errorf("disburse %s: the fees (%d) take the whole loan (%d)", l.Account.Masked(), fees.Total(), l.Principal)
	}
	credited := l.Principal
	if !fees.Charge {
		credited -= fees.Total()
	}
	postings := []store.Posting{{Account: l.Account.ID, Amount: -l.Principal}, {Account: to.ID, Amount: credited}}
	feePostings, err := feesTo(ctx, tx, l.Account.Branch, fees)
	if err != nil {
		return store.Receipt{}, err
	}
	if !fees.Charge {
		postings = append(postings, feePostings...)
	}
	r, _, err := tellerPost(ctx, tx, op, store.Entry{Branch: l.Account.Branch, Kind: store.KindDisbursement, Memo: store.Memo{Kind: store.MemoDisbursement},
		Postings: postings}, to.ID)
	if err != nil {
		return r, err
	}
	if fees.Charge && fees.Total() > 0 {
		charge := append([]store.Posting{{Account: to.ID, Amount: -fees.Total()}}, feePostings...)
		if _, _, err := tx.Post(ctx, store.Entry{Key: store.KeyLoanFees.Key(op.Key), Branch: l.Account.Branch, Kind: store.KindLoanFees,
			Memo: store.Memo{Kind: store.MemoLoanFees}, AuthorKind: op.author(), AuthorID: string(op.By), Postings: charge}); err != nil {
			return store.Receipt{}, fmt.Errorf("charge the fees of %s: %w", l.Account.Masked(), err)
		}
	}
	schedule := installmentsOf(terms.Schedule)
	p, err := tx.PostedByID(ctx, r.JournalID)
	if err != nil {
		return store.Receipt{}, err
	}
	if err := tx.DisburseSchedule(ctx, l, day, p.At, schedule); err != nil {
		return store.Receipt{}, err
	}
	if r, err = disbursementReceipt(ctx, tx, op, p, l, false); err != nil {
		return store.Receipt{}, err
	}
	return r, Notify(ctx, tx, l.Account.Branch, r.Member.Phone, op.Lang, func(msg catalog.Messages) string {
		return msg.TellerLoanDisbursed(r, schedule[0], fees)
	})
}

// installmentsOf is a computed schedule as the store keeps it, nothing paid yet.
func installmentsOf(sched []loan.Installment) []store.Installment {
	out := make([]store.Installment, len(sched))
	for i, in := range sched {
		out[i] = store.Installment{No: in.No, Due: in.Due, Principal: in.Principal, Interest: in.Interest}
	}
	return out
}

// approvedLoan refuses to disburse a loan that is not approved and waiting: one paid out
// already (or brought in owing), or one paid or written off.
func approvedLoan(l store.Loan) error {
	if l.Status == store.LoanApproved {
		if l.Account.Status != store.AccountActive {
			return &Refusal{Code: AccountInactive, Subject: l.Account.Masked(), Status: string(l.Account.Status)}
		}
		return nil
	}
	if l.Status == store.LoanActive {
		return &Refusal{Code: AlreadyDisbursed, Subject: l.Account.Masked()}
	}
	return &Refusal{Code: LoanNotActive, Subject: l.Account.Masked(), Status: string(l.Status)}
}

// feesTo are the postings that credit a loan's fees to the branch: provisi and
// administration to fee income, insurance to insurance payable.
func feesTo(ctx context.Context, tx *store.Tx, branch string, fees catalog.LoanFees) ([]store.Posting, error) {
	var out []store.Posting
	for _, f := range []struct {
		kind   string
		amount int64
	}{{store.AccountFeeIncome, fees.Provisi + fees.Admin}, {store.AccountInsurancePayable, fees.Insurance}} {
		if f.amount == 0 {
			continue
		}
		a, err := tx.SystemAccount(ctx, branch, f.kind)
		if err != nil {
			return nil, err
		}
		out = append(out, store.Posting{Account: a.ID, Amount: f.amount})
	}
	return out, nil
}

// calendarDayIn is t's date at midnight in loc (UTC when nil).
func calendarDayIn(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// closeLoanGrades is the day's close step "loan-grades": every active loan's days past due
// and collectibility grade as they stand at the end of the day, by Books.Grades; loans with
// nothing left to pay become paid. Set-based: one statement each, whatever the number of loans.
func closeLoanGrades(ctx context.Context, d *DayRun) (string, error) {
	var graded, settled int64
	err := d.Office.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		if settled, err = tx.SettlePaidLoans(ctx); err != nil {
			return err
		}
		graded, err = tx.GradeLoans(ctx, d.Day, d.End, d.Office.loanGrades())
		return err
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d loans changed grade or days past due, %d paid off", graded, settled), nil
}

// loanGrades are the days past due each grade starts at, DefaultBooks' when none are set.
func (o *Office) loanGrades() [4]int {
	if o.Books.Grades == ([4]int{}) {
		return DefaultBooks.Grades
	}
	return o.Books.Grades
}

// feesStanding says why a disbursement cannot be reversed yet ("" when it can): the fees
// charged to savings after it, under the key made from its own, stand unreversed.
func feesStanding(ctx context.Context, tx *store.Tx, disbursement store.Posted) (string, error) {
	fees, err := tx.PostedByKey(ctx, store.KeyLoanFees.Key(disbursement.Key))
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	switch _, err := tx.ReversalOf(ctx, fees.ID); {
	case errors.Is(err, store.ErrNotFound):
		return fmt.Sprintf("the fees charged to savings after it stand; reverse %s first", store.JournalRef(fees.ID)), nil
	case err != nil:
		return "", err
	}
	return "", nil
}

// undoDisbursement puts the loan of a disbursement just reversed back to approved, its
// schedule gone: a new disbursement makes it again from its own day.
func undoDisbursement(ctx context.Context, tx *store.Tx, orig store.Posted) error {
	if orig.Kind != store.KindDisbursement {
		return nil
	}
	for _, line := range orig.Lines {
		if line.Account.Kind != store.AccountLoan {
			continue
		}
		l, err := tx.LoanByAccount(ctx, line.Account.Number)
		if errors.Is(err, store.ErrNotFound) {
			return nil // a disbursement posted without a loan record (an old import)
		}
		if err != nil {
			return err
		}
		return tx.UndoDisbursement(ctx, l.ID)
	}
	return nil
}

// CollateralKinds are the kinds of collateral (jaminan) cooperatives take, as staff name
// them; RecordCollateral takes any other kind too, written as staff write it.
var CollateralKinds = []string{"BPKB", "sertifikat", "SK", "emas", "deposito", "lainnya"}

// RecordCollateral records what the borrower of the loan in the account pledged: its kind
// (BPKB, sertifikat, SK, emas...), a description staff can find it by, and its estimated
// value in rupiah. A loan paid or written off takes no more collateral.
func RecordCollateral(ctx context.Context, tx *store.Tx, loanAccountNumber string, c store.Collateral, by Actor) (store.Collateral, error) {
	l, err := tellerLoan(ctx, tx, loanAccountNumber)
	if err != nil {
		return store.Collateral{}, err
	}
	if l.Status != store.LoanApproved && l.Status != store.LoanActive {
		return store.Collateral{}, &Refusal{Code: LoanNotActive, Subject: l.Account.Masked(), Status: string(l.Status)}
	}
	c.Kind, c.Description = strings.TrimSpace(c.Kind), strings.TrimSpace(c.Description)
	switch {
	case c.Kind == "":
		return store.Collateral{}, fmt.Errorf("collateral on %s: say its kind (%s)", l.Account.Masked(), strings.Join(CollateralKinds, ", "))
	case c.Description == "":
		return store.Collateral{}, fmt.Errorf("collateral on %s: describe it (a BPKB's vehicle and number, a certificate's number and place)", l.Account.Masked())
	case c.Value < 0:
		return store.Collateral{}, fmt.Errorf("collateral on %s: the estimated value cannot be negative", l.Account.Masked())
	}
	had, err := tx.CollateralOf(ctx, l.ID)
	if err != nil {
		return store.Collateral{}, err
	}
	for _, h := range had {
		if strings.EqualFold(h.Kind, c.Kind) && strings.EqualFold(strings.Join(strings.Fields(h.Description), " "), strings.Join(strings.Fields(c.Description), " ")) {
			return store.Collateral{}, fmt.Errorf("collateral on %s: %s %q is recorded already (by %s); nothing changed", l.Account.Masked(), h.Kind, h.Description, h.RecordedBy)
		}
	}
	c.LoanID, c.RecordedBy = l.ID, string(by)
	return tx.AddCollateral(ctx, c)
}

// gradesToShow are the branch's active loans per grade for the staff digest, none when
// every loan is current (nothing to act on).
func gradesToShow(ctx context.Context, tx *store.Tx, branch string) ([]store.GradeCount, error) {
	counts, err := tx.GradeCounts(ctx, branch)
	if err != nil {
		return nil, err
	}
	for _, c := range counts {
		if c.Grade != store.GradeCurrent {
			return counts, nil
		}
	}
	return nil, nil
}

// WriteOffLoan writes off (hapus buku) an active loan the cooperative no longer expects to
// be paid: the principal still owed comes off the loan account against the branch's equity
// (the reserve, cadangan risiko, that cooperatives write bad loans off against) in one
// journal transaction under op's key, and the loan becomes written off: no more reminders,
// grades or payments. The debt itself stands (hapus buku is not hapus tagih), so the
// member is not told. The same key again returns the first receipt, marked Duplicate.
func WriteOffLoan(ctx context.Context, tx *store.Tx, op TellerOp, loanAccountNumber, reason string) (store.Receipt, error) {
	l, err := tellerLoan(ctx, tx, loanAccountNumber)
	if err != nil {
		return store.Receipt{}, err
	}
	if prev, done, err := tellerDone(ctx, tx, op, store.KindWriteOff, l.Account.ID); err != nil || done {
		return savingsReceipt(ctx, tx, op, prev, l.Account.ID, true, err)
	}
	if err := CheckReason(reason); err != nil {
		return store.Receipt{}, err
	}
	if err := activeLoan(l); err != nil {
		return store.Receipt{}, err
	}
	owed := l.Account.Amount()
	if owed <= 0 {
		return store.Receipt{}, &Refusal{Code: NothingOwed, Subject: l.Account.Masked()}
	}
	equity, err := tx.SystemAccount(ctx, l.Account.Branch, store.AccountEquity)
	if err != nil {
		return store.Receipt{}, err
	}
	r, _, err := tellerPost(ctx, tx, op, store.Entry{Branch: l.Account.Branch, Kind: store.KindWriteOff,
		Memo:     store.Memo{Kind: store.MemoWriteOff, Note: strings.TrimSpace(reason)},
		Postings: []store.Posting{{Account: l.Account.ID, Amount: owed}, {Account: equity.ID, Amount: -owed}}}, l.Account.ID)
	if err != nil {
		return store.Receipt{}, err
	}
	return r, tx.SetLoanStatus(ctx, l.ID, store.LoanWrittenOff)
}
