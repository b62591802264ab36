package store

import (
	"context"
)

// A branch's work lists: what waits for its staff's decision, oldest first, at most limit,
// queried for the branch with the member's name joined (not loaded whole and filtered).

// Named is a listed item with the name of the member it is about.
type Named[T any] struct {
	Item T
	Name string
}

// withName scans a row's usual columns, then the member's name the query adds last.
type withName struct {
	r    row
	name *string
}

func (w withName) Scan(dest ...any) error { return w.r.Scan(append(dest, w.name)...) }

func listNamed[T any](ctx context.Context, tx *Tx, what, q string, scan func(row) (T, error), args ...any) ([]Named[T], error) {
	return collect(ctx, tx, what, q, func(r row) (n Named[T], err error) {
		n.Item, err = scan(withName{r, &n.Name})
		return n, err
	}, args...)
}

// ApplicantsOf lists a branch's membership applications waiting for a decision.
func (tx *Tx) ApplicantsOf(ctx context.Context, branch string, limit int) ([]Member, error) {
	const q = `SELECT ` + memberColumns + ` FROM members WHERE status = ? AND branch_id = ? ORDER BY id LIMIT ?`
	return tx.listMembers(ctx, "list applicants of "+branch, q, MemberApplicant, branch, limit)
}

// PendingLoanApplicationsOf lists a branch's loan applications waiting for a decision.
func (tx *Tx) PendingLoanApplicationsOf(ctx context.Context, branch string, limit int) ([]Named[LoanApplication], error) {
	const q = `SELECT ` + applicationColumns + `, m.name FROM loan_applications a JOIN products p ON p.id = a.product_id
		JOIN members m ON m.id = a.member_id WHERE a.status = ? AND m.branch_id = ? ORDER BY a.id LIMIT ?`
	return listNamed(ctx, tx, "list loan applications of "+branch, q, func(r row) (LoanApplication, error) { return scanApplication(r) },
		ApplicationPending, branch, limit)
}

// PendingDepositsOf lists a branch's deposit reports waiting for verification.
func (tx *Tx) PendingDepositsOf(ctx context.Context, branch string, limit int) ([]Named[DepositRequest], error) {
	const q = `SELECT ` + depositColumns + `, m.name` + depositFrom + ` JOIN members m ON m.id = d.member_id
		WHERE d.status = ? AND d.branch_id = ? ORDER BY d.id LIMIT ?`
	return listNamed(ctx, tx, "list deposit reports of "+branch, q, scanDeposit, RequestPending, branch, limit)
}

// PendingWithdrawalsOf lists a branch's withdrawal requests waiting for a decision.
func (tx *Tx) PendingWithdrawalsOf(ctx context.Context, branch string, limit int) ([]Named[WithdrawalRequest], error) {
	const q = `SELECT ` + withdrawalColumns + `, m.name` + withdrawalFrom + ` JOIN members m ON m.id = w.member_id
		WHERE w.status = ? AND w.branch_id = ? ORDER BY w.id LIMIT ?`
	return listNamed(ctx, tx, "list withdrawal requests of "+branch, q, scanWithdrawal, RequestPending, branch, limit)
}

// KTPReviewsOf lists a branch's KTP verifications waiting for staff.
func (tx *Tx) KTPReviewsOf(ctx context.Context, branch string, limit int) ([]Named[KTPVerification], error) {
	const q = `SELECT ` + ktpColumnsV + `, m.name FROM ktp_verifications v JOIN members m ON m.id = v.member_id
		WHERE v.status = ? AND v.branch_id = ? ORDER BY v.id LIMIT ?`
	return listNamed(ctx, tx, "list KTP reviews of "+branch, q, scanKTP, KTPReview, branch, limit)
}

// ktpColumnsV is ktpColumns qualified for a query that joins members.
const ktpColumnsV = `v.id, v.branch_id, v.member_id, v.nik, v.name, v.birth_date, v.ktp_photo, v.selfie_photo, v.verifier, v.status, v.note, v.reason,
	v.attempts, v.next_at, v.created_at, v.decided_at, v.decided_by`
