package store

import (
	"context"
	"fmt"
	"time"
)

// ApplicationStatus is where a loan application stands.
type ApplicationStatus string

// Loan application statuses.
const (
	ApplicationPending  ApplicationStatus = "pending"
	ApplicationApproved ApplicationStatus = "approved"
	ApplicationRejected ApplicationStatus = "rejected"
)

// LoanApplication is a member's request for a loan, waiting for the branch.
type LoanApplication struct {
	ID          int64
	MemberID    int64
	Product     Product
	Amount      int64
	TenorMonths int
	Installment int64 // the monthly installment the member was shown (the largest one)
	Status      ApplicationStatus
	Reason      string
	CreatedAt   time.Time
	DecidedAt   time.Time
	DecidedBy   string
	LoanAccount string // the loan's account number, once approved (set by the approval, not stored here)
}

// No is how staff and the member refer to the application: PJ-000012.
func (a LoanApplication) No() string { return NewRef(RefLoanApplication, a.ID).String() }

// CreateLoanApplication records a member's loan request as pending.
func (tx *Tx) CreateLoanApplication(ctx context.Context, a LoanApplication) (LoanApplication, error) {
	const q = `INSERT INTO loan_applications (member_id, product_id, amount, tenor_months, installment, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`
	if err := tx.queryRow(ctx, q, a.MemberID, a.Product.ID, a.Amount, a.TenorMonths, a.Installment, unix(tx.now)).Scan(&a.ID); err != nil {
		return LoanApplication{}, fmt.Errorf("create loan application of member %d: %w", a.MemberID, err)
	}
	a.Status, a.CreatedAt = ApplicationPending, tx.now
	return a, nil
}

const applicationColumns = `a.id, a.member_id, a.amount, a.tenor_months, a.installment, a.status, a.reason, a.created_at, a.decided_at, a.decided_by,
	p.id, p.code, p.kind, p.name, p.min_opening, p.min_balance, p.rate_bp, p.params`

func scanApplication(row row) (LoanApplication, error) {
	var a LoanApplication
	var created, decided int64
	p := &a.Product
	err := row.Scan(&a.ID, &a.MemberID, &a.Amount, &a.TenorMonths, &a.Installment, &a.Status, &a.Reason, &created, &decided, &a.DecidedBy,
		&p.ID, &p.Code, &p.Kind, &p.Name, &p.MinOpening, &p.MinBalance, &p.RateBP, &p.Params)
	a.CreatedAt = fromUnix(created)
	if decided != 0 {
		a.DecidedAt = fromUnix(decided)
	}
	return a, err
}

// LoanApplications lists applications with the given status (all when empty) of one member (all when 0), oldest first.
func (tx *Tx) LoanApplications(ctx context.Context, status ApplicationStatus, memberID int64, limit int) ([]LoanApplication, error) {
	const q = `SELECT ` + applicationColumns + ` FROM loan_applications a JOIN products p ON p.id = a.product_id
		WHERE (?1 = '' OR a.status = ?1) AND (?2 = 0 OR a.member_id = ?2) ORDER BY a.id LIMIT ?3`
	return collect(ctx, tx, "list loan applications", q, scanApplication, status, memberID, limit)
}

// LoanApplication returns one application by ID.
func (tx *Tx) LoanApplication(ctx context.Context, id int64) (LoanApplication, error) {
	const q = `SELECT ` + applicationColumns + ` FROM loan_applications a JOIN products p ON p.id = a.product_id WHERE a.id = ?`
	a, err := scanApplication(tx.queryRow(ctx, q, id))
	if err != nil {
		return LoanApplication{}, fmt.Errorf("loan application %d: %w", id, notFound(err))
	}
	return a, nil
}

// DecideLoanApplication approves or rejects a pending application.
func (tx *Tx) DecideLoanApplication(ctx context.Context, id int64, status ApplicationStatus, reason, by string) error {
	const q = `UPDATE loan_applications SET status = ?, reason = ?, decided_at = ?, decided_by = ? WHERE id = ? AND status = 'pending'`
	return tx.exec1(ctx, fmt.Sprintf("decide loan application %d", id), q, status, reason, unix(tx.now), by, id)
}
