package store

import (
	"context"
	"fmt"
	"time"
)

// Loan is a member's loan and its terms; the outstanding principal is its account's balance.
type Loan struct {
	ID          int64
	Account     Account
	Principal   int64
	RateBP      int64 // yearly, in basis points
	Method      string
	TenorMonths int
	Start       time.Time // the approval day until disbursed, then the disbursement day the schedule runs from
	Status      LoanStatus
	DisbursedAt time.Time // zero while approved (and for a loan brought in owing before kopbot loans import set it)
	DaysPastDue int       // as of the last day closed
	Grade       LoanGrade // as of the last day closed
}

// Installment is one row of a loan's schedule.
type Installment struct {
	No        int
	Due       time.Time
	Principal int64
	Interest  int64
	Paid      int64
	PaidAt    time.Time // zero while unpaid
}

// Total is what the installment asks for.
func (i Installment) Total() int64 { return i.Principal + i.Interest }

// CreateLoan records a loan held in l.Account. Without a schedule it is approved and waits
// for its disbursement (DisburseSchedule); with one it is a loan already paid out on l.Start
// (the demo, an import, the bench), active.
func (tx *Tx) CreateLoan(ctx context.Context, l Loan, schedule []Installment) (Loan, error) {
	l.Status, l.DisbursedAt = LoanApproved, time.Time{}
	var disbursed int64
	if len(schedule) > 0 {
		l.Status, l.DisbursedAt = LoanActive, l.Start
		disbursed = unix(l.Start)
	}
	const q = `INSERT INTO loans (account_id, principal, rate_bp, method, tenor_months, start_date, status, disbursed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	if err := tx.queryRow(ctx, q, l.Account.ID, l.Principal, l.RateBP, l.Method, l.TenorMonths, l.Start.Format(dateLayout), l.Status, disbursed).Scan(&l.ID); err != nil {
		return Loan{}, fmt.Errorf("create loan on %s: %w", l.Account.Masked(), err)
	}
	if err := tx.insertSchedule(ctx, l, schedule); err != nil {
		return Loan{}, err
	}
	l.Grade = GradeCurrent
	return l, nil
}

func (tx *Tx) insertSchedule(ctx context.Context, l Loan, schedule []Installment) error {
	const qi = `INSERT INTO loan_installments (loan_id, no, due_date, principal, interest, paid, paid_at) VALUES (?, ?, ?, ?, ?, ?, ?)`
	for _, in := range schedule {
		var paidAt any
		if !in.PaidAt.IsZero() {
			paidAt = unix(in.PaidAt)
		}
		if _, err := tx.exec(ctx, qi, l.ID, in.No, in.Due.Format(dateLayout), in.Principal, in.Interest, in.Paid, paidAt); err != nil {
			return fmt.Errorf("schedule of loan %s: installment %d: %w", l.Account.Masked(), in.No, err)
		}
	}
	return nil
}

// DisburseSchedule makes an approved loan active: paid out at at, its schedule running from
// day (the disbursement day).
func (tx *Tx) DisburseSchedule(ctx context.Context, l Loan, day, at time.Time, schedule []Installment) error {
	const q = `UPDATE loans SET status = 'active', start_date = ?, disbursed_at = ?, days_past_due = 0, grade = 'current' WHERE id = ? AND status = 'approved'`
	if err := tx.exec1(ctx, fmt.Sprintf("disburse loan %s", l.Account.Masked()), q, day.Format(dateLayout), unix(at), l.ID); err != nil {
		return err
	}
	return tx.insertSchedule(ctx, l, schedule)
}

// UndoDisbursement puts a loan whose disbursement was reversed back to approved, without a
// schedule: nothing was paid on it (a reversal is refused otherwise).
func (tx *Tx) UndoDisbursement(ctx context.Context, loanID int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM loan_installments WHERE loan_id = ?`, loanID); err != nil {
		return fmt.Errorf("undo disbursement of loan %d: %w", loanID, err)
	}
	const q = `UPDATE loans SET status = 'approved', disbursed_at = 0, days_past_due = 0, grade = 'current' WHERE id = ?`
	return tx.exec1(ctx, fmt.Sprintf("undo disbursement of loan %d", loanID), q, loanID)
}

// LoansOfMember returns the member's loans approved or active, oldest first.
func (tx *Tx) LoansOfMember(ctx context.Context, memberID int64) ([]Loan, error) {
	const q = `SELECT ` + loanColumns + accountFrom + ` JOIN loans l ON l.account_id = a.id WHERE a.member_id = ? AND l.status IN ('approved', 'active') ORDER BY l.id`
	return collect(ctx, tx, fmt.Sprintf("list loans of member %d", memberID), q, scanLoan, memberID)
}

// loanColumns are a loan's account and its terms, as scanLoan reads them.
const loanColumns = accountColumns + `, l.id, l.principal, l.rate_bp, l.method, l.tenor_months, l.start_date, l.status, l.disbursed_at, l.days_past_due, l.grade`

func scanLoan(r row) (Loan, error) {
	var l Loan
	var start string
	var disbursed int64
	a, err := scanAccount(scanPlus{r, []any{&l.ID, &l.Principal, &l.RateBP, &l.Method, &l.TenorMonths, &start, &l.Status, &disbursed, &l.DaysPastDue, &l.Grade}})
	if err != nil {
		return Loan{}, err
	}
	l.Account = a
	if disbursed != 0 {
		l.DisbursedAt = fromUnix(disbursed)
	}
	if l.Start, err = time.Parse(dateLayout, start); err != nil {
		return Loan{}, fmt.Errorf("loan %d start date %q: %w", l.ID, start, err)
	}
	return l, nil
}

// Installments returns the loan's schedule in order.
func (tx *Tx) Installments(ctx context.Context, loanID int64) ([]Installment, error) {
	const q = `SELECT no, due_date, principal, interest, paid, COALESCE(paid_at, 0) FROM loan_installments WHERE loan_id = ? ORDER BY no`
	return collect(ctx, tx, fmt.Sprintf("schedule of loan %d", loanID), q, scanInstallment, loanID)
}

func scanInstallment(r row) (Installment, error) {
	var in Installment
	var due string
	var paidAt int64
	if err := r.Scan(&in.No, &due, &in.Principal, &in.Interest, &in.Paid, &paidAt); err != nil {
		return Installment{}, err
	}
	in.Due, _ = time.Parse(dateLayout, due)
	if paidAt != 0 {
		in.PaidAt = fromUnix(paidAt)
	}
	return in, nil
}
