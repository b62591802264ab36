package store

import (
	"context"
	"fmt"
	"time"
)

// Early and partial repayment of a loan (pelunasan), issue 16 part 4.

// KindPrepayment is a loan repaid before its schedule says: in full (pelunasan) or in part
// (pelunasan sebagian). It rewrites the schedule, so it is not reversed like an installment.
const KindPrepayment JournalKind = "pelunasan"

// Memos of early repayments.
const (
	MemoPayoff           MemoKind = "payoff"            // Pelunasan pinjaman
	MemoPartialRepayment MemoKind = "partial_repayment" // Pelunasan sebagian pinjaman
)

// PayoffQuote is what repaying a loan early costs on a day, and where its schedule stands.
type PayoffQuote struct {
	Loan Loan
	Day  time.Time
	// The payoff amount: principal still owed, interest to date (unpaid interest of the
	// installments due and the current period's pro rata), late fees owed.
	Principal, Interest, LateFees, Total int64
	// Arrears is what the installments due by the day ask for, late fees included: a partial
	// repayment pays them first.
	Arrears int64
	// Least is the smallest partial repayment: the arrears, and one rupiah of principal with
	// its interest to date.
	Least       int64
	Installment int64     // the installment now (the next one not yet due)
	Left        int       // installments not yet due
	LastDue     time.Time // the last due date now
	Option      string    // the product's prepayment setting: shorten_tenor or lower_installment
}

// EarlyRepayment is what an early repayment did, or would do (the flow's preview).
type EarlyRepayment struct {
	Receipt
	Full      bool
	LateFees  int64 // late fees paid
	Interest  int64 // interest paid: of installments due and to date
	Principal int64 // principal paid, the arrears' included
	Remaining int64 // principal still owed after it
	// After a partial repayment: the installment now, how many are left, the last due date.
	Installment int64
	Left        int
	LastDue     time.Time
	Option      string
}

// SettleInstallment records installment no of the loan as paid in full with interest as
// its interest: a payoff charges the current period's interest to date, not the month's.
func (tx *Tx) SettleInstallment(ctx context.Context, loanID int64, no int, interest int64, at time.Time) error {
	const q = `UPDATE loan_installments SET interest = ?, paid = principal + ?, paid_at = COALESCE(paid_at, ?) WHERE loan_id = ? AND no = ?`
	return tx.exec1(ctx, fmt.Sprintf("settle installment %d of loan %d", no, loanID), q, interest, interest, unix(at), loanID, no)
}

// ReplaceInstallments puts rows in place of the loan's installments numbered from fromNo
// on, which must be unpaid: the schedule after a partial repayment.
func (tx *Tx) ReplaceInstallments(ctx context.Context, loanID int64, fromNo int, rows []Installment) error {
	const qPaid = `SELECT COUNT(*) FROM loan_installments WHERE loan_id = ? AND no >= ? AND paid > 0`
	var paid int
	if err := tx.queryRow(ctx, qPaid, loanID, fromNo).Scan(&paid); err != nil {
		return fmt.Errorf("replace schedule of loan %d: %w", loanID, err)
	}
	if paid > 0 {
		return fmt.Errorf("replace schedule of loan %d from %d: %d of those installments are partly paid", loanID, fromNo, paid)
	}
	const qDel = `DELETE FROM loan_installments WHERE loan_id = ? AND no >= ?`
	if _, err := tx.exec(ctx, qDel, loanID, fromNo); err != nil {
		return fmt.Errorf("replace schedule of loan %d: %w", loanID, err)
	}
	const qIns = `INSERT INTO loan_installments (loan_id, no, due_date, principal, interest) VALUES (?, ?, ?, ?, ?)`
	for _, in := range rows {
		if _, err := tx.exec(ctx, qIns, loanID, in.No, in.Due.Format(dateLayout), in.Principal, in.Interest); err != nil {
			return fmt.Errorf("replace schedule of loan %d: installment %d: %w", loanID, in.No, err)
		}
	}
	return nil
}
