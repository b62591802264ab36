package store

import (
	"context"
	"fmt"
)

// LoansToDisburse counts the branch's loans approved and not yet paid out: each waits for
// its member to come in for the signing and the disbursement. PendingWork counts the
// branch's other queues; the back office's dashboard shows this one beside them.
func (tx *Tx) LoansToDisburse(ctx context.Context, branch string) (int, error) {
	const q = `SELECT COUNT(*) FROM loans l JOIN accounts a ON a.id = l.account_id WHERE a.branch_id = ? AND l.status = ?`
	var n int
	if err := tx.queryRow(ctx, q, branch, LoanApproved).Scan(&n); err != nil {
		return 0, fmt.Errorf("count loans of %s to disburse: %w", branch, err)
	}
	return n, nil
}
