package store

import (
	"context"
	"fmt"
	"time"
)

// LoanGrade is a loan's collectibility (kolektibilitas) by its days past due.
type LoanGrade string

// The grades, from OJK's five: lancar, dalam perhatian khusus, kurang lancar, diragukan, macet.
const (
	GradeCurrent        LoanGrade = "current"
	GradeSpecialMention LoanGrade = "special_mention"
	GradeSubstandard    LoanGrade = "substandard"
	GradeDoubtful       LoanGrade = "doubtful"
	GradeLoss           LoanGrade = "loss"
)

// LoanGrades are the grades in order, current first.
var LoanGrades = []LoanGrade{GradeCurrent, GradeSpecialMention, GradeSubstandard, GradeDoubtful, GradeLoss}

// GradeLoans sets every active loan's days past due and grade (and a loan paid off since
// it was last graded: back to current) as they stand at the end of
// day (the day's date; end is the first instant after it): the days since the due date of
// its oldest installment not fully paid by end, 0 when none fell due before day; graded
// special mention, substandard, doubtful and loss from from[0], from[1], from[2] and from[3]
// days. One statement for every loan; only loans whose figures change are written. It
// returns how many changed.
func (tx *Tx) GradeLoans(ctx context.Context, day, end time.Time, from [4]int) (int64, error) {
	const q = `WITH d AS (
			SELECT l.id, COALESCE(CAST(julianday(?1) - julianday(MIN(i.due_date)) AS INTEGER), 0) AS dpd
			FROM loans l LEFT JOIN loan_installments i ON i.loan_id = l.id AND i.due_date < ?1 AND (i.paid_at IS NULL OR i.paid_at >= ?2)
			WHERE l.status = 'active' OR (l.status = 'paid' AND (l.days_past_due <> 0 OR l.grade <> 'current')) GROUP BY l.id
		), g AS (
			SELECT id, dpd, CASE WHEN dpd >= ?6 THEN 'loss' WHEN dpd >= ?5 THEN 'doubtful' WHEN dpd >= ?4 THEN 'substandard'
				WHEN dpd >= ?3 THEN 'special_mention' ELSE 'current' END AS grade FROM d
		)
		UPDATE loans SET days_past_due = g.dpd, grade = g.grade FROM g
		WHERE loans.id = g.id AND (loans.days_past_due <> g.dpd OR loans.grade <> g.grade)`
	res, err := tx.exec(ctx, q, day.Format(dateLayout), unix(end), from[0], from[1], from[2], from[3])
	if err != nil {
		return 0, fmt.Errorf("grade loans on %s: %w", day.Format(dateLayout), err)
	}
	return res.RowsAffected()
}

// SettlePaidLoans marks paid every active loan with a schedule all paid and nothing owed,
// and returns how many.
func (tx *Tx) SettlePaidLoans(ctx context.Context) (int64, error) {
	const q = `UPDATE loans SET status = 'paid', days_past_due = 0, grade = 'current'
		WHERE status = 'active' AND (SELECT balance FROM accounts a WHERE a.id = loans.account_id) = 0
		AND EXISTS (SELECT 1 FROM loan_installments i WHERE i.loan_id = loans.id)
		AND NOT EXISTS (SELECT 1 FROM loan_installments i WHERE i.loan_id = loans.id AND i.paid < i.principal + i.interest)`
	res, err := tx.exec(ctx, q)
	if err != nil {
		return 0, fmt.Errorf("settle paid loans: %w", err)
	}
	return res.RowsAffected()
}

// GradeCount is how many loans of a branch are active in a grade, and what they still owe.
type GradeCount struct {
	Branch      string
	Grade       LoanGrade
	Loans       int
	Outstanding int64
}

// GradeCounts counts the active loans of each branch by grade (branch "" for all), branches
// in order, grades from current to loss; a grade with no loan is left out.
func (tx *Tx) GradeCounts(ctx context.Context, branch string) ([]GradeCount, error) {
	const q = `SELECT a.branch_id, l.grade, COUNT(*), -SUM(a.balance) FROM loans l JOIN accounts a ON a.id = l.account_id
		WHERE l.status = 'active' AND (?1 = '' OR a.branch_id = ?1) GROUP BY a.branch_id, l.grade
		ORDER BY a.branch_id, CASE l.grade WHEN 'current' THEN 0 WHEN 'special_mention' THEN 1 WHEN 'substandard' THEN 2 WHEN 'doubtful' THEN 3 ELSE 4 END`
	return collect(ctx, tx, "count loans by grade", q, func(r row) (GradeCount, error) {
		var c GradeCount
		err := r.Scan(&c.Branch, &c.Grade, &c.Loans, &c.Outstanding)
		return c, err
	}, branch)
}

// LoansOf lists the loans of a branch (branch "" for all) with the given status, the most
// days past due first.
func (tx *Tx) LoansOf(ctx context.Context, branch string, status LoanStatus) ([]Loan, error) {
	const q = `SELECT ` + loanColumns + accountFrom + ` JOIN loans l ON l.account_id = a.id
		WHERE l.status = ?1 AND (?2 = '' OR a.branch_id = ?2) ORDER BY l.days_past_due DESC, l.id`
	return collect(ctx, tx, "list loans", q, scanLoan, status, branch)
}

// Collateral is something a borrower pledged for a loan (jaminan), as staff recorded it.
type Collateral struct {
	ID          int64
	LoanID      int64
	Kind        string // BPKB, sertifikat, SK, emas, ...
	Description string
	Value       int64 // estimated, rupiah
	RecordedBy  string
	RecordedAt  time.Time
}

// AddCollateral records collateral on a loan.
func (tx *Tx) AddCollateral(ctx context.Context, c Collateral) (Collateral, error) {
	if c.RecordedAt.IsZero() {
		c.RecordedAt = tx.now
	}
	const q = `INSERT INTO loan_collateral (loan_id, kind, description, value, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`
	if err := tx.queryRow(ctx, q, c.LoanID, c.Kind, c.Description, c.Value, c.RecordedBy, unix(c.RecordedAt)).Scan(&c.ID); err != nil {
		return Collateral{}, fmt.Errorf("record collateral on loan %d: %w", c.LoanID, err)
	}
	return c, nil
}

// CollateralOf lists what was pledged for the loan, in the order recorded.
func (tx *Tx) CollateralOf(ctx context.Context, loanID int64) ([]Collateral, error) {
	const q = `SELECT id, loan_id, kind, description, value, recorded_by, recorded_at FROM loan_collateral WHERE loan_id = ? ORDER BY id`
	return collect(ctx, tx, fmt.Sprintf("collateral of loan %d", loanID), q, func(r row) (Collateral, error) {
		var c Collateral
		var at int64
		err := r.Scan(&c.ID, &c.LoanID, &c.Kind, &c.Description, &c.Value, &c.RecordedBy, &at)
		c.RecordedAt = fromUnix(at)
		return c, err
	}, loanID)
}
