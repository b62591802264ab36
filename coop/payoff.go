package coop

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/store"
)

// Early and partial repayment of a loan (pelunasan, pelunasan sebagian).
//
// The payoff amount on a day is loan.Payoff's: the principal still owed, the interest of
// the installments due and not paid, the current period's interest pro rata by days, and
// the late fees owed (as loanDue works them out). Paying exactly that closes the loan.
//
// Less is a partial repayment. It pays, in this order, what the installments due by the day
// ask for (late fees, interest, principal, oldest first, as an installment payment does),
// then principal with the interest that principal earned in the days of the current period
// already elapsed (loan.Prepay's InterestToDate). The principal is the most the rest of the
// amount covers with its interest to date; a rupiah the rounding leaves over is not taken,
// and the summary before the PIN shows what is. The installments not yet due are then
// rewritten by loan.Prepay as the product's prepayment setting says.

// Refusals of early repayment.
const (
	// OverPayoff: more than the payoff amount. Subject: the loan, masked; Got: the amount; Max: the payoff amount.
	OverPayoff RefusalCode = "over_payoff"
	// PrepayTooSmall: too little to repay any principal. Subject: the loan, masked; Got: the
	// amount; Min: the least (arrears, then one rupiah of principal with its interest).
	PrepayTooSmall RefusalCode = "prepay_too_small"
	// PrepayPartlyPaid: the next installment is partly paid, so the schedule cannot be
	// rewritten from it. Subject: the loan, masked.
	PrepayPartlyPaid RefusalCode = "prepay_partly_paid"
)

// Prepayment settings of a loan product (ProductParams.Prepayment).
const (
	PrepayShortenTenor     = "shorten_tenor"     // the default: keep the installment, end sooner
	PrepayLowerInstallment = "lower_installment" // keep the end date, pay less each month
)

// payoffState is a loan as an early repayment sees it on a day.
type payoffState struct {
	loan    store.Loan
	sched   []store.Installment
	due     store.LoanDue
	model   loan.Loan
	day     time.Time // the calendar day, midnight UTC like the schedule's dates
	payoff  loan.PayoffAmount
	cur     int // index of the first installment due after day (len(sched) if none)
	arrears int64
	option  string
}

// PayoffQuote is what paying the loan in the account off on day today costs, and the least
// a partial repayment can be. A loan not active, or never disbursed, is refused.
func PayoffQuote(ctx context.Context, tx *store.Tx, loanAccountNumber string, today time.Time, lateFeeBP int64) (store.PayoffQuote, error) {
	l, err := tellerLoan(ctx, tx, loanAccountNumber)
	if err != nil {
		return store.PayoffQuote{}, err
	}
	st, err := payoffStateOf(ctx, tx, l, today, lateFeeBP)
	if err != nil {
		return store.PayoffQuote{}, err
	}
	return st.quote()
}

func payoffStateOf(ctx context.Context, tx *store.Tx, l store.Loan, today time.Time, lateFeeBP int64) (*payoffState, error) {
	if err := disbursedLoan(ctx, tx, l); err != nil {
		return nil, err
	}
	st := &payoffState{loan: l, day: civilDay(today)}
	var err error
	if st.due, err = loanDue(ctx, tx, l, today, lateFeeBP); err != nil {
		return nil, err
	}
	if len(st.due.Installments) == 0 {
		return nil, &Refusal{Code: NothingOwed, Subject: l.Account.Masked()}
	}
	if st.sched, err = tx.Installments(ctx, l.ID); err != nil {
		return nil, err
	}
	st.model = loan.Loan{Method: loan.Method(l.Method), RateBP: l.RateBP, Start: l.Start, Paid: make([]loan.Paid, len(st.sched))}
	st.cur = len(st.sched)
	for k, in := range st.sched {
		// Within an installment interest is paid before principal, as loanDue reads it.
		pi := min(in.Paid, in.Interest)
		st.model.Schedule = append(st.model.Schedule, loan.Installment{No: in.No, Due: in.Due, Principal: in.Principal, Interest: in.Interest})
		st.model.Paid[k] = loan.Paid{Principal: in.Paid - pi, Interest: pi}
		if in.Due.After(st.day) && st.cur == len(st.sched) {
			st.cur = k
		}
	}
	for _, d := range st.due.Installments {
		if !d.Due.After(st.day) {
			st.arrears += d.Total()
		}
	}
	if st.payoff, err = loan.Payoff(st.model, st.day, st.due.LateFees); err != nil {
		return nil, fmt.Errorf("payoff of loan %s: %w", l.Account.Masked(), err)
	}
	if st.payoff.Principal != l.Account.Amount() {
		return nil, fmt.Errorf("payoff of loan %s: the schedule owes %d of principal, the account %d", l.Account.Masked(), st.payoff.Principal, l.Account.Amount())
	}
	if st.option, err = prepaySetting(ctx, tx, l); err != nil {
		return nil, err
	}
	return st, nil
}

// prepaySetting is what a partial repayment does to the loan's schedule, by its product.
func prepaySetting(ctx context.Context, tx *store.Tx, l store.Loan) (string, error) {
	p, err := tx.ProductByCode(ctx, l.Account.ProductCode)
	if err != nil {
		return "", err
	}
	if s := p.Settings().Prepayment; s != "" {
		return s, nil
	}
	return PrepayShortenTenor, nil
}

// civilDay is today's date at midnight UTC, as the schedule's dates are kept.
func civilDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (st *payoffState) prepayOption() loan.PrepayOption {
	if st.option == PrepayLowerInstallment {
		return loan.LowerInstallment
	}
	return loan.ShortenTenor
}

func (st *payoffState) quote() (store.PayoffQuote, error) {
	q := store.PayoffQuote{Loan: st.loan, Day: st.day, Principal: st.payoff.Principal, Interest: st.payoff.Interest,
		LateFees: st.payoff.LateFees, Total: st.payoff.Total, Arrears: st.arrears, Option: st.option}
	q.Installment, q.Left, q.LastDue = scheduleAhead(st.sched[st.cur:])
	q.Least = q.Total
	if plan, err := st.partial(0); err == nil {
		q.Least = st.arrears + plan.principal + plan.toDate
	} else if !errors.Is(err, PrepayTooSmall) && !errors.Is(err, PrepayPartlyPaid) {
		return store.PayoffQuote{}, err
	}
	return q, nil
}

// partialPlan is a partial repayment worked out: principal repaid beyond the arrears, its
// interest to date, and the installments from index from on that replace the old ones.
type partialPlan struct {
	principal, toDate int64
	from              int
	rows              []store.Installment
}

// partial plans a partial repayment of rest after the arrears; rest 0 plans the least one.
// Installments paid ahead in full stay as they are: the schedule is rewritten after them,
// and the principal repaid owes no interest to date (its period's interest is paid).
func (st *payoffState) partial(rest int64) (partialPlan, error) {
	m := st.model
	m.Paid = append([]loan.Paid(nil), st.model.Paid...)
	for k := 0; k < st.cur; k++ {
		m.Paid[k] = loan.Paid{Principal: m.Schedule[k].Principal, Interest: m.Schedule[k].Interest}
	}
	from, day := st.cur, st.day
	for from < len(st.sched) && st.sched[from].Paid >= st.sched[from].Total() {
		day = st.sched[from].Due
		from++
	}
	owed := st.payoff.Principal - st.arrearsPrincipal()
	if from == len(st.sched) || owed < 2 {
		return partialPlan{}, &Refusal{Code: PrepayTooSmall, Subject: st.loan.Account.Masked(), Got: st.arrears + rest, Min: st.payoff.Total}
	}
	if p := m.Paid[from]; p.Principal != 0 || p.Interest != 0 {
		return partialPlan{}, &Refusal{Code: PrepayPartlyPaid, Subject: st.loan.Account.Masked()}
	}
	try := func(p int64) (loan.Prepayment, error) { return loan.Prepay(m, day, p, st.prepayOption()) }
	first, err := try(1)
	if err != nil {
		return partialPlan{}, err
	}
	if rest == 0 {
		rest = 1 + first.InterestToDate
	}
	if rest < 1+first.InterestToDate {
		return partialPlan{}, &Refusal{Code: PrepayTooSmall, Subject: st.loan.Account.Masked(), Got: st.arrears + rest, Min: st.arrears + 1 + first.InterestToDate}
	}
	// The most principal p with p + its interest to date <= rest: both grow with p.
	lo, hi := int64(1), owed-1
	for lo < hi {
		mid := hi - (hi-lo)/2
		pp, err := try(mid)
		if err != nil {
			return partialPlan{}, err
		}
		if mid+pp.InterestToDate <= rest {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	pp, err := try(lo)
	if err != nil {
		return partialPlan{}, err
	}
	plan := partialPlan{principal: lo, toDate: pp.InterestToDate, from: from}
	for _, in := range pp.Schedule {
		plan.rows = append(plan.rows, store.Installment{No: in.No, Due: in.Due, Principal: in.Principal, Interest: in.Interest})
	}
	return plan, nil
}

// arrearsPrincipal is the principal of the installments due by the day, not yet paid.
func (st *payoffState) arrearsPrincipal() int64 {
	var p int64
	for k := 0; k < st.cur; k++ {
		p += st.model.Schedule[k].Principal - st.model.Paid[k].Principal
	}
	return p
}

// RepayEarly repays the loan in the account early on day today, from the member's savings
// or in cash (staff): amount the payoff amount pays the loan off, less is a partial
// repayment (see the top of this file). One journal transaction under op.Key: the source
// debited, the loan credited with the principal, the branch's income with interest and late
// fees. The member is told with a receipt; the same key again returns it, Duplicate.
func RepayEarly(ctx context.Context, tx *store.Tx, op TellerOp, loanAccountNumber string, from PaySource, amount int64, today time.Time) (store.EarlyRepayment, error) {
	l, err := tellerLoan(ctx, tx, loanAccountNumber)
	if err != nil {
		return store.EarlyRepayment{}, err
	}
	if prev, done, err := tellerDone(ctx, tx, op, store.KindPrepayment, l.Account.ID); err != nil || done {
		if err != nil {
			return store.EarlyRepayment{}, err
		}
		return earlyRepaymentOf(ctx, tx, op, prev, true)
	}
	st, err := payoffStateOf(ctx, tx, l, today, op.LateFeeBP)
	if err != nil {
		return store.EarlyRepayment{}, err
	}
	w, err := st.work(amount)
	if err != nil {
		return store.EarlyRepayment{}, err
	}
	source, err := paySource(ctx, tx, l, from, w.amount())
	if err != nil {
		return store.EarlyRepayment{}, err
	}
	postings := []store.Posting{{Account: source.ID, Amount: -w.amount()}, {Account: l.Account.ID, Amount: w.principal()}}
	if inc := w.income(); inc > 0 {
		income, err := tx.SystemAccount(ctx, l.Account.Branch, store.AccountIncome)
		if err != nil {
			return store.EarlyRepayment{}, err
		}
		postings = append(postings, store.Posting{Account: income.ID, Amount: inc})
	}
	memo := store.Memo{Kind: store.MemoPartialRepayment}
	if w.full {
		memo.Kind = store.MemoPayoff
	}
	r, _, err := tellerPost(ctx, tx, op, store.Entry{Branch: l.Account.Branch, Kind: store.KindPrepayment, Memo: memo, Postings: postings}, l.Account.ID)
	if err != nil {
		return store.EarlyRepayment{}, err
	}
	if err := st.apply(ctx, tx, w, r.JournalID, r.At); err != nil {
		return store.EarlyRepayment{}, err
	}
	p, err := tx.PostedByID(ctx, r.JournalID)
	if err != nil {
		return store.EarlyRepayment{}, err
	}
	rep, err := earlyRepaymentOf(ctx, tx, op, p, false)
	if err != nil {
		return store.EarlyRepayment{}, err
	}
	return rep, Notify(ctx, tx, l.Account.Branch, rep.Member.Phone, op.Lang, func(msg catalog.Messages) string { return msg.EarlyRepaid(rep) })
}

// PreviewEarlyRepayment is what RepayEarly would do with amount today, without doing it:
// what the member confirms with the PIN.
func PreviewEarlyRepayment(ctx context.Context, tx *store.Tx, loanAccountNumber string, amount int64, today time.Time, lateFeeBP int64) (store.EarlyRepayment, error) {
	l, err := tellerLoan(ctx, tx, loanAccountNumber)
	if err != nil {
		return store.EarlyRepayment{}, err
	}
	st, err := payoffStateOf(ctx, tx, l, today, lateFeeBP)
	if err != nil {
		return store.EarlyRepayment{}, err
	}
	w, err := st.work(amount)
	if err != nil {
		return store.EarlyRepayment{}, err
	}
	rep := store.EarlyRepayment{Full: w.full, Option: st.option, Remaining: st.payoff.Principal - w.principal()}
	rep.Amount, rep.Loan = w.amount(), l.Account
	for _, a := range w.parts {
		rep.LateFees += a.LateFee
		rep.Interest += a.Interest
		rep.Principal += a.Principal
	}
	if !w.full {
		rep.Installment, rep.Left, rep.LastDue = scheduleAhead(w.plan.rows) // those before are paid by then
	}
	return rep, nil
}

// earlyWork is an early repayment worked out: what goes to each installment, and for a
// partial one the new installments.
type earlyWork struct {
	full  bool
	parts []store.InstallmentAllocation
	// settle: for a payoff, the interest each installment keeps, by number.
	settle map[int]int64
	plan   partialPlan
}

func (w earlyWork) amount() int64 {
	var n int64
	for _, a := range w.parts {
		n += a.Total()
	}
	return n
}

func (w earlyWork) principal() int64 {
	var n int64
	for _, a := range w.parts {
		n += a.Principal
	}
	return n
}

func (w earlyWork) income() int64 { return w.amount() - w.principal() }

// work splits amount: the payoff amount pays everything, less is a partial repayment.
func (st *payoffState) work(amount int64) (earlyWork, error) {
	switch {
	case amount <= 0:
		return earlyWork{}, fmt.Errorf("repay loan %s early: the amount must be more than zero", st.loan.Account.Masked())
	case amount > st.payoff.Total:
		return earlyWork{}, &Refusal{Code: OverPayoff, Subject: st.loan.Account.Masked(), Got: amount, Max: st.payoff.Total}
	case amount == st.payoff.Total:
		return st.payoffWork(), nil
	}
	if amount <= st.arrears {
		least := st.arrears
		if plan, err := st.partial(0); err == nil {
			least += plan.principal + plan.toDate
		}
		return earlyWork{}, &Refusal{Code: PrepayTooSmall, Subject: st.loan.Account.Masked(), Got: amount, Min: least}
	}
	plan, err := st.partial(amount - st.arrears)
	if err != nil {
		return earlyWork{}, err
	}
	w := earlyWork{plan: plan, parts: allocate(st.due, st.arrears)}
	w.parts = append(w.parts, store.InstallmentAllocation{LoanID: st.loan.ID, No: st.sched[plan.from].No, Interest: plan.toDate, Principal: plan.principal})
	return w, nil
}

// payoffWork pays every installment in full: those due with their interest and late fees,
// the current one with its interest to date, those after it without interest.
func (st *payoffState) payoffWork() earlyWork {
	w := earlyWork{full: true, settle: map[int]int64{}}
	fees := map[int]int64{}
	for _, d := range st.due.Installments {
		fees[d.No] = d.LateFee
	}
	var dueInterest int64
	for k := 0; k < st.cur; k++ {
		dueInterest += st.model.Schedule[k].Interest - st.model.Paid[k].Interest
	}
	for k, in := range st.model.Schedule {
		paid := st.model.Paid[k]
		keep := in.Interest
		switch {
		case k == st.cur:
			keep = paid.Interest + st.payoff.Interest - dueInterest
		case k > st.cur:
			keep = paid.Interest
		}
		a := store.InstallmentAllocation{LoanID: st.loan.ID, No: in.No, LateFee: fees[in.No], Interest: keep - paid.Interest, Principal: in.Principal - paid.Principal}
		if a.Total() == 0 && keep == in.Interest {
			continue // paid already
		}
		w.settle[in.No] = keep
		if a.Total() > 0 {
			w.parts = append(w.parts, a)
		}
	}
	return w
}

// apply writes what the repayment posted as journalID did to the schedule.
func (st *payoffState) apply(ctx context.Context, tx *store.Tx, w earlyWork, journalID int64, at time.Time) error {
	if err := tx.RecordAllocations(ctx, journalID, w.parts); err != nil {
		return err
	}
	if w.full {
		for _, in := range st.sched {
			if keep, ok := w.settle[in.No]; ok {
				if err := tx.SettleInstallment(ctx, st.loan.ID, in.No, keep, at); err != nil {
					return err
				}
			}
		}
		return tx.SetLoanStatus(ctx, st.loan.ID, store.LoanPaid)
	}
	for _, a := range w.parts[:len(w.parts)-1] { // the arrears, paid in full
		if err := tx.PayInstallment(ctx, st.loan.ID, a.No, a.Interest+a.Principal, at); err != nil {
			return err
		}
	}
	return tx.ReplaceInstallments(ctx, st.loan.ID, st.sched[w.plan.from].No, w.plan.rows)
}

// paySource is the account an early repayment of amount comes from: the branch's cash, or
// the borrower's own savings holding enough.
func paySource(ctx context.Context, tx *store.Tx, l store.Loan, from PaySource, amount int64) (store.Account, error) {
	if from.Cash() {
		return tx.SystemAccount(ctx, l.Account.Branch, store.AccountCash)
	}
	source, err := tellerAccount(ctx, tx, from.Savings)
	if err != nil {
		return store.Account{}, err
	}
	if err := spendable(source); err != nil {
		return store.Account{}, err
	}
	if source.MemberID != l.Account.MemberID {
		return store.Account{}, &Refusal{Code: OtherMember, Subject: source.Masked()}
	}
	return source, withinWithdrawable(source, amount)
}

// scheduleAhead is, of the installments not fully paid, the first one's total, how many
// there are and the last due date.
func scheduleAhead(sched []store.Installment) (installment int64, left int, last time.Time) {
	for _, in := range sched {
		if in.Paid >= in.Total() {
			continue
		}
		if left == 0 {
			installment = in.Total()
		}
		left++
		last = in.Due
	}
	return installment, left, last
}

// earlyRepaymentOf reads back what the early repayment posted as p did.
func earlyRepaymentOf(ctx context.Context, tx *store.Tx, op TellerOp, p store.Posted, duplicate bool) (store.EarlyRepayment, error) {
	rep := store.EarlyRepayment{Full: p.Memo.Kind == store.MemoPayoff}
	var parts []store.InstallmentAllocation
	var err error
	if rep.Receipt, parts, err = loanPaymentOf(ctx, tx, op, p, duplicate); err != nil {
		return store.EarlyRepayment{}, err
	}
	for _, a := range parts {
		rep.LateFees += a.LateFee
		rep.Interest += a.Interest
		rep.Principal += a.Principal
	}
	l, err := tx.LoanByAccount(ctx, rep.Loan.Number)
	if err != nil {
		return store.EarlyRepayment{}, err
	}
	rep.Remaining = l.Account.Amount()
	sched, err := tx.Installments(ctx, l.ID)
	if err != nil {
		return store.EarlyRepayment{}, err
	}
	rep.Installment, rep.Left, rep.LastDue = scheduleAhead(sched)
	if rep.Option, err = prepaySetting(ctx, tx, l); err != nil {
		return store.EarlyRepayment{}, err
	}
	if rep.Member, err = tx.MemberByID(ctx, l.Account.MemberID); err != nil {
		return store.EarlyRepayment{}, err
	}
	return rep, nil
}
