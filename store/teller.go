package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// JournalKind says what kind of movement a journal transaction is. The ledger does not
// care about kinds; the loan schedule, the reversal rules and the reports do.
type JournalKind string

// Journal kinds.
const (
	KindCashDeposit    JournalKind = "setoran" // cash at the counter, a verified transfer, wajib paid from savings
	KindCashWithdrawal JournalKind = "penarikan"
	KindDisbursement   JournalKind = "pencairan"
	KindInstallment    JournalKind = "angsuran"
	KindReversal       JournalKind = "pembatalan"
	KindTransfer       JournalKind = "transfer"        // between members' savings, on WhatsApp
	KindQRIS           JournalKind = "qris"            // a QRIS invoice paid
	KindOpening        JournalKind = "opening"         // opening balances of an import
	KindPlacement      JournalKind = "deposito"        // money placed in a time deposit (the demo data)
	KindLoanFees       JournalKind = "biaya_pencairan" // a loan's disbursement fees charged to savings after the payout
	KindWriteOff       JournalKind = "hapus_buku"      // a loan's principal written off against the branch's reserve
)

// LoanStatus is where a loan stands.
type LoanStatus string

// Loan statuses: approved (not paid out, no schedule) -> active (disbursed) -> paid or written off.
const (
	LoanApproved   LoanStatus = "approved"
	LoanActive     LoanStatus = "active"
	LoanPaid       LoanStatus = "paid"
	LoanWrittenOff LoanStatus = "written_off"
)

// Posted is a journal transaction as it was recorded, with the accounts it moved.
type Posted struct {
	ID         int64
	Key        string
	Branch     string
	Kind       JournalKind
	Memo       Memo
	AuthorKind AuthorKind
	AuthorID   string
	At         time.Time
	Lines      []PostedLine // in the order they were posted
}

// PostedLine is one posting with its account as it stands now (not as it stood then).
type PostedLine struct {
	Account Account
	Amount  int64 // positive credits, negative debits
}

// Line returns the posting on the account with the given ID.
func (p Posted) Line(accountID int64) (PostedLine, bool) {
	for _, l := range p.Lines {
		if l.Account.ID == accountID {
			return l, true
		}
	}
	return PostedLine{}, false
}

// scanPlus scans a row into an account's columns and then into extra.
type scanPlus struct {
	r     row
	extra []any
}

func (s scanPlus) Scan(dest ...any) error { return s.r.Scan(append(dest, s.extra...)...) }

// PostedByKey returns the journal transaction recorded under the idempotency key.
func (tx *Tx) PostedByKey(ctx context.Context, key string) (Posted, error) {
	return tx.posted(ctx, "journal "+key, `key = ?`, key)
}

// PostedByID returns the journal transaction with the given ID.
func (tx *Tx) PostedByID(ctx context.Context, id int64) (Posted, error) {
	return tx.posted(ctx, fmt.Sprintf("journal %d", id), `id = ?`, id)
}

func (tx *Tx) posted(ctx context.Context, what, where string, arg any) (Posted, error) {
	q := `SELECT id, key, branch_id, kind, memo, memo_detail, author_kind, author_id, at FROM journal WHERE ` + where
	var p Posted
	var at int64
	var memo, detail string
	err := tx.queryRow(ctx, q, arg).Scan(&p.ID, &p.Key, &p.Branch, &p.Kind, &memo, &detail, &p.AuthorKind, &p.AuthorID, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Posted{}, fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	if err != nil {
		return Posted{}, fmt.Errorf("load %s: %w", what, err)
	}
	p.At = fromUnix(at)
	if p.Memo, err = memoOf(p.Kind, memo, detail); err != nil {
		return Posted{}, fmt.Errorf("load %s: %w", what, err)
	}
	const qLines = `SELECT ` + accountColumns + `, ps.amount` + accountFrom + ` JOIN postings ps ON ps.account_id = a.id
		WHERE ps.journal_id = ? ORDER BY ps.id`
	rows, err := tx.query(ctx, qLines, p.ID)
	if err != nil {
		return Posted{}, fmt.Errorf("load postings of %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		var l PostedLine
		if l.Account, err = scanAccount(scanPlus{rows, []any{&l.Amount}}); err != nil {
			return Posted{}, fmt.Errorf("load postings of %s: %w", what, err)
		}
		p.Lines = append(p.Lines, l)
	}
	return p, rows.Err()
}

// LoanByAccount returns the loan held in the account with the given number, whatever its status.
func (tx *Tx) LoanByAccount(ctx context.Context, number string) (Loan, error) {
	return tx.oneLoan(ctx, "loan in account "+MaskNumber(number), `a.number = ?`, number)
}

// LoanByID returns the loan with the given ID, whatever its status.
func (tx *Tx) LoanByID(ctx context.Context, id int64) (Loan, error) {
	return tx.oneLoan(ctx, fmt.Sprintf("loan %d", id), `l.id = ?`, id)
}

func (tx *Tx) oneLoan(ctx context.Context, what, where string, arg any) (Loan, error) {
	q := `SELECT ` + loanColumns + accountFrom + ` JOIN loans l ON l.account_id = a.id WHERE ` + where
	l, err := scanLoan(tx.queryRow(ctx, q, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return Loan{}, fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	if err != nil {
		return Loan{}, fmt.Errorf("load %s: %w", what, err)
	}
	return l, nil
}

// PayInstallment adds paid rupiah (negative to undo a payment) to installment no of the
// loan. paid_at becomes at when the installment is fully paid, and is cleared when an undo
// leaves it short again. The installment never goes below nothing paid or above its total.
func (tx *Tx) PayInstallment(ctx context.Context, loanID int64, no int, paid int64, at time.Time) error {
	const qGet = `SELECT principal + interest, paid FROM loan_installments WHERE loan_id = ? AND no = ?`
	var total, before int64
	if err := tx.queryRow(ctx, qGet, loanID, no).Scan(&total, &before); err != nil {
		return fmt.Errorf("installment %d of loan %d: %w", no, loanID, notFound(err))
	}
	after := before + paid
	if after < 0 || after > total {
		return fmt.Errorf("installment %d of loan %d: %d paid of %d, cannot add %d", no, loanID, before, total, paid)
	}
	if at.IsZero() {
		at = tx.now
	}
	const q = `UPDATE loan_installments SET paid = ?, paid_at = CASE WHEN ? THEN COALESCE(paid_at, ?) ELSE NULL END WHERE loan_id = ? AND no = ?`
	return tx.exec1(ctx, fmt.Sprintf("pay installment %d of loan %d", no, loanID), q, after, after == total, unix(at), loanID, no)
}

// SetLoanStatus records that a loan is active, paid or written off.
func (tx *Tx) SetLoanStatus(ctx context.Context, loanID int64, status LoanStatus) error {
	const q = `UPDATE loans SET status = ? WHERE id = ?`
	return tx.exec1(ctx, fmt.Sprintf("set status of loan %d to %s", loanID, status), q, status, loanID)
}

// Disbursed reports whether the loan account was paid out: a disbursement (pencairan)
// posting on it that has not been reversed.
func (tx *Tx) Disbursed(ctx context.Context, loanAccountID int64) (bool, error) {
	const q = `SELECT EXISTS (SELECT 1 FROM postings p JOIN journal j ON j.id = p.journal_id
		WHERE p.account_id = ? AND j.kind = 'pencairan'
		AND NOT EXISTS (SELECT 1 FROM journal_reversals r WHERE r.original_id = j.id))`
	var yes bool
	if err := tx.queryRow(ctx, q, loanAccountID).Scan(&yes); err != nil {
		return false, fmt.Errorf("was loan account %d disbursed: %w", loanAccountID, err)
	}
	return yes, nil
}

// InstallmentAllocation is the part of one payment that went to one installment.
type InstallmentAllocation struct {
	LoanID    int64
	No        int
	LateFee   int64
	Interest  int64
	Principal int64
}

// Total is what the payment put on the installment, late fee included.
func (a InstallmentAllocation) Total() int64 { return a.LateFee + a.Interest + a.Principal }

// RecordAllocations keeps how the payment posted as journalID was split over the schedule.
func (tx *Tx) RecordAllocations(ctx context.Context, journalID int64, as []InstallmentAllocation) error {
	const q = `INSERT INTO installment_allocations (journal_id, loan_id, no, late_fee, interest, principal) VALUES (?, ?, ?, ?, ?, ?)`
	for _, a := range as {
		if _, err := tx.exec(ctx, q, journalID, a.LoanID, a.No, a.LateFee, a.Interest, a.Principal); err != nil {
			return fmt.Errorf("record allocation of journal %d to installment %d: %w", journalID, a.No, err)
		}
	}
	return nil
}

// Allocations returns how the payment posted as journalID was split, oldest installment first.
func (tx *Tx) Allocations(ctx context.Context, journalID int64) ([]InstallmentAllocation, error) {
	const q = `SELECT loan_id, no, late_fee, interest, principal FROM installment_allocations WHERE journal_id = ? ORDER BY loan_id, no`
	return collect(ctx, tx, fmt.Sprintf("allocations of journal %d", journalID), q, func(rs row) (InstallmentAllocation, error) {
		var a InstallmentAllocation
		if err := rs.Scan(&a.LoanID, &a.No, &a.LateFee, &a.Interest, &a.Principal); err != nil {
			return InstallmentAllocation{}, err
		}
		return a, nil
	}, journalID)
}

// LateFeesPaid returns the late fees paid so far on each of the loan's installments,
// net of reversals.
func (tx *Tx) LateFeesPaid(ctx context.Context, loanID int64) (map[int]int64, error) {
	const q = `SELECT no, SUM(late_fee) FROM installment_allocations WHERE loan_id = ? GROUP BY no`
	rows, err := tx.query(ctx, q, loanID)
	if err != nil {
		return nil, fmt.Errorf("late fees paid on loan %d: %w", loanID, err)
	}
	defer rows.Close()
	out := map[int]int64{}
	for rows.Next() {
		var no int
		var fee int64
		if err := rows.Scan(&no, &fee); err != nil {
			return nil, fmt.Errorf("late fees paid on loan %d: %w", loanID, err)
		}
		out[no] = fee
	}
	return out, rows.Err()
}

// PaymentsAfter returns the journal IDs of the loan's installment payments posted after
// journalID that still stand (neither reversed nor reversals themselves), oldest first.
func (tx *Tx) PaymentsAfter(ctx context.Context, loanID, journalID int64) ([]int64, error) {
	const q = `SELECT DISTINCT journal_id FROM installment_allocations WHERE loan_id = ? AND journal_id > ?
		AND journal_id NOT IN (SELECT original_id FROM journal_reversals)
		AND journal_id NOT IN (SELECT reversal_id FROM journal_reversals) ORDER BY journal_id`
	return collect(ctx, tx, fmt.Sprintf("payments on loan %d after journal %d", loanID, journalID), q, func(rs row) (int64, error) {
		var id int64
		if err := rs.Scan(&id); err != nil {
			return 0, err
		}
		return id, nil
	}, loanID, journalID)
}

// UndoAllocations takes the payment posted as originalID off the schedule, as part of the
// reversal posted as reversalID: each installment's paid amount goes back down (clearing
// paid_at where it is no longer fully paid), the negated allocations are recorded under the
// reversal, and a loan the payment had finished is active again.
func (tx *Tx) UndoAllocations(ctx context.Context, originalID, reversalID int64, at time.Time) ([]InstallmentAllocation, error) {
	as, err := tx.Allocations(ctx, originalID)
	if err != nil {
		return nil, err
	}
	undo := make([]InstallmentAllocation, len(as))
	loans := map[int64]bool{}
	for i, a := range as {
		if err := tx.PayInstallment(ctx, a.LoanID, a.No, -(a.Interest + a.Principal), at); err != nil {
			return nil, fmt.Errorf("undo journal %d: %w", originalID, err)
		}
		undo[i] = InstallmentAllocation{LoanID: a.LoanID, No: a.No, LateFee: -a.LateFee, Interest: -a.Interest, Principal: -a.Principal}
		loans[a.LoanID] = true
	}
	if err := tx.RecordAllocations(ctx, reversalID, undo); err != nil {
		return nil, err
	}
	for id := range loans {
		const q = `UPDATE loans SET status = 'active' WHERE id = ? AND status = 'paid'`
		if _, err := tx.exec(ctx, q, id); err != nil {
			return nil, fmt.Errorf("undo journal %d: reopen loan %d: %w", originalID, id, err)
		}
	}
	return as, nil
}

// JournalReversal records that one journal transaction reverses another.
type JournalReversal struct {
	OriginalID int64
	ReversalID int64
	RequestKey string // the staff request's idempotency key
	Reason     string
}

// RecordReversal keeps r. A journal is reversed at most once, by one request.
func (tx *Tx) RecordReversal(ctx context.Context, r JournalReversal) error {
	const q = `INSERT INTO journal_reversals (original_id, reversal_id, request_key, reason) VALUES (?, ?, ?, ?)`
	if _, err := tx.exec(ctx, q, r.OriginalID, r.ReversalID, r.RequestKey, r.Reason); err != nil {
		return fmt.Errorf("record reversal of journal %d: %w", r.OriginalID, err)
	}
	return nil
}

const reversalColumns = `original_id, reversal_id, request_key, reason`

func (tx *Tx) oneReversal(ctx context.Context, what, where string, arg any) (JournalReversal, error) {
	var r JournalReversal
	err := tx.queryRow(ctx, `SELECT `+reversalColumns+` FROM journal_reversals WHERE `+where, arg).
		Scan(&r.OriginalID, &r.ReversalID, &r.RequestKey, &r.Reason)
	if err != nil {
		return JournalReversal{}, fmt.Errorf("%s: %w", what, notFound(err))
	}
	return r, nil
}

// ReversalOf returns the reversal of the journal transaction originalID, or ErrNotFound.
func (tx *Tx) ReversalOf(ctx context.Context, originalID int64) (JournalReversal, error) {
	return tx.oneReversal(ctx, fmt.Sprintf("reversal of journal %d", originalID), `original_id = ?`, originalID)
}

// ReversalBy returns the reversal that journal transaction reversalID is, or ErrNotFound.
func (tx *Tx) ReversalBy(ctx context.Context, reversalID int64) (JournalReversal, error) {
	return tx.oneReversal(ctx, fmt.Sprintf("journal %d as a reversal", reversalID), `reversal_id = ?`, reversalID)
}

// ReversalByRequest returns the reversal made by the request with the given key, or ErrNotFound.
func (tx *Tx) ReversalByRequest(ctx context.Context, key string) (JournalReversal, error) {
	return tx.oneReversal(ctx, "reversal request "+key, `request_key = ?`, key)
}
