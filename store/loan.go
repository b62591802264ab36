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
	Start       time.Time
	Status      LoanStatus
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

// CreateLoan records a loan held in l.Account with its schedule.
func (tx *Tx) CreateLoan(ctx context.Context, l Loan, schedule []Installment) (Loan, error) {
	const q = `INSERT INTO loans (account_id, principal, rate_bp, method, tenor_months, start_date) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`
	if err := tx.queryRow(ctx, q, l.Account.ID, l.Principal, l.RateBP, l.Method, l.TenorMonths, l.Start.Format(dateLayout)).Scan(&l.ID); err != nil {
		return Loan{}, fmt.Errorf("create loan on %s: %w", l.Account.Masked(), err)
	}
	const qi = `INSERT INTO loan_installments (loan_id, no, due_date, principal, interest, paid, paid_at) VALUES (?, ?, ?, ?, ?, ?, ?)`
	for _, in := range schedule {
		var paidAt any
		if !in.PaidAt.IsZero() {
			paidAt = unix(in.PaidAt)
		}
		if _, err := tx.exec(ctx, qi, l.ID, in.No, in.Due.Format(dateLayout), in.Principal, in.Interest, in.Paid, paidAt); err != nil {
			return Loan{}, fmt.Errorf("create loan on %s: installment %d: %w", l.Account.Masked(), in.No, err)
		}
	}
	l.Status = LoanActive
	return l, nil
}

// LoansOfMember returns the member's active loans, oldest first.
func (tx *Tx) LoansOfMember(ctx context.Context, memberID int64) ([]Loan, error) {
	const q = `SELECT ` + loanColumns + accountFrom + ` JOIN loans l ON l.account_id = a.id WHERE a.member_id = ? AND l.status = 'active' ORDER BY l.id`
	return collect(ctx, tx, fmt.Sprintf("list loans of member %d", memberID), q, scanLoan, memberID)
}

// loanColumns are a loan's account and its terms, as scanLoan reads them.
const loanColumns = accountColumns + `, l.id, l.principal, l.rate_bp, l.method, l.tenor_months, l.start_date, l.status`

func scanLoan(r row) (Loan, error) {
	var l Loan
	var start string
	a, err := scanAccount(scanPlus{r, []any{&l.ID, &l.Principal, &l.RateBP, &l.Method, &l.TenorMonths, &start, &l.Status}})
	if err != nil {
		return Loan{}, err
	}
	l.Account = a
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
