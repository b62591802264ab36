package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"
)

// ApprovalKind is an operation four eyes may hold for a second staff member.
type ApprovalKind string

// The operations four eyes holds.
const (
	ApprovalDisbursement   ApprovalKind = "disbursement"    // a loan paid out
	ApprovalReversal       ApprovalKind = "reversal"        // a journal transaction undone
	ApprovalCashWithdrawal ApprovalKind = "cash_withdrawal" // cash paid out at the counter
	ApprovalWithdrawal     ApprovalKind = "withdrawal"      // a member's withdrawal paid by transfer
)

// ApprovalStatus is where a request for a second approval stands.
type ApprovalStatus string

// The statuses of an approval.
const (
	ApprovalPending  ApprovalStatus = "pending"
	ApprovalApproved ApprovalStatus = "approved"
	ApprovalRejected ApprovalStatus = "rejected"
	ApprovalExpired  ApprovalStatus = "expired"
)

// Approval is an operation asked for by one staff member (the maker) that waits for
// another (the checker): its parameters, kept as JSON, replay it exactly.
type Approval struct {
	ID         int64
	Branch     string
	Kind       ApprovalKind
	Subject    string // the loan, account (masked), journal or withdrawal number
	Amount     int64
	Params     string // JSON
	Maker      string
	MadeAt     time.Time
	Status     ApprovalStatus
	Checker    string
	DecidedAt  time.Time
	Reason     string
	JournalKey string
	RequestKey string // the idempotency key of the request that made it; empty: none
}

// No is the approval's number, APV-000012.
func (a Approval) No() string { return NewRef(RefApproval, a.ID).String() }

const approvalColumns = `id, branch_id, kind, subject, amount, params, maker, made_at, status, checker, decided_at, reason, journal_key, request_key`

func scanApproval(r row) (Approval, error) {
	var a Approval
	var made, decided int64
	if err := r.Scan(&a.ID, &a.Branch, &a.Kind, &a.Subject, &a.Amount, &a.Params, &a.Maker, &made, &a.Status, &a.Checker, &decided, &a.Reason, &a.JournalKey, &a.RequestKey); err != nil {
		return Approval{}, err
	}
	a.MadeAt, a.DecidedAt = requestTimes(made, decided)
	return a, nil
}

// CreateApproval records a request for a second approval, pending, made now.
func (tx *Tx) CreateApproval(ctx context.Context, a Approval) (Approval, error) {
	const q = `INSERT INTO approvals (branch_id, kind, subject, amount, params, maker, made_at, request_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ` + approvalColumns
	return one(ctx, tx, "new approval", q, scanApproval, a.Branch, a.Kind, a.Subject, a.Amount, a.Params, a.Maker, unix(tx.now), a.RequestKey)
}

// ApprovalByRequestKey loads the approval a request with the given idempotency key made;
// ErrNotFound when none did.
func (tx *Tx) ApprovalByRequestKey(ctx context.Context, key string) (Approval, error) {
	if key == "" {
		return Approval{}, fmt.Errorf("approval of no request key: %w", ErrNotFound)
	}
	const q = `SELECT ` + approvalColumns + ` FROM approvals WHERE request_key = ?`
	return one(ctx, tx, "approval by request key", q, scanApproval, key)
}

// Approval loads the approval with the given ID.
func (tx *Tx) Approval(ctx context.Context, id int64) (Approval, error) {
	const q = `SELECT ` + approvalColumns + ` FROM approvals WHERE id = ?`
	return one(ctx, tx, fmt.Sprintf("approval %d", id), q, scanApproval, id)
}

// Approvals lists the approvals of a branch (every branch when empty) with the given
// status (all when empty), oldest first.
func (tx *Tx) Approvals(ctx context.Context, branch string, status ApprovalStatus) ([]Approval, error) {
	const q = `SELECT ` + approvalColumns + ` FROM approvals WHERE (?1 = '' OR branch_id = ?1) AND (?2 = '' OR status = ?2) ORDER BY id`
	return collect(ctx, tx, "list approvals", q, scanApproval, branch, status)
}

// DecideApproval records the decision on a pending approval: approved (with the key of
// the movement it made), rejected with a reason, or expired. One decided already is ErrNotFound.
func (tx *Tx) DecideApproval(ctx context.Context, id int64, status ApprovalStatus, checker, reason, journalKey string) error {
	const q = `UPDATE approvals SET status = ?, checker = ?, reason = ?, journal_key = ?, decided_at = ? WHERE id = ? AND status = 'pending'`
	return tx.exec1(ctx, fmt.Sprintf("decide pending approval %d", id), q, status, checker, reason, journalKey, unix(tx.now), id)
}

// StaffPIN is the PIN a staff member confirms with on WhatsApp, and its lockout.
type StaffPIN struct {
	Hash        string
	Failures    int
	LockedUntil time.Time // PINLockedForGood: until another staff member resets it
	Lockouts    int       // lockouts in a row without a right PIN between
}

// StaffPIN loads the PIN of the staff member on phone at branch; none set yet is the zero StaffPIN.
func (tx *Tx) StaffPIN(ctx context.Context, branch, phone string) (StaffPIN, error) {
	const q = `SELECT pin_hash, failures, locked_until, lockouts FROM staff_pins WHERE branch_id = ? AND phone = ?`
	var p StaffPIN
	var locked int64
	err := tx.queryRow(ctx, q, branch, phone).Scan(&p.Hash, &p.Failures, &locked, &p.Lockouts)
	if errors.Is(err, sql.ErrNoRows) {
		return StaffPIN{}, nil
	}
	if err != nil {
		return StaffPIN{}, fmt.Errorf("load staff PIN: %w", err)
	}
	if locked != 0 {
		p.LockedUntil = fromUnix(locked)
	}
	return p, nil
}

// StaffPINLockedUntil is the latest lockout of the staff PINs of phone at any branch
// (PINLockedForGood: until reset), zero when none is locked.
func (tx *Tx) StaffPINLockedUntil(ctx context.Context, phone string) (time.Time, error) {
	const q = `SELECT COALESCE(MAX(locked_until), 0) FROM staff_pins WHERE phone = ?`
	var locked int64
	if err := tx.queryRow(ctx, q, phone).Scan(&locked); err != nil {
		return time.Time{}, fmt.Errorf("staff PIN lockout: %w", err)
	}
	if locked == 0 {
		return time.Time{}, nil
	}
	return fromUnix(locked), nil
}

// SaveStaffPIN stores the staff member's PIN and its count of failures and lockout.
func (tx *Tx) SaveStaffPIN(ctx context.Context, branch, phone string, p StaffPIN) error {
	var locked int64
	if !p.LockedUntil.IsZero() {
		locked = unix(p.LockedUntil)
	}
	const q = `INSERT INTO staff_pins (branch_id, phone, pin_hash, failures, locked_until, lockouts) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (branch_id, phone) DO UPDATE SET pin_hash = excluded.pin_hash, failures = excluded.failures, locked_until = excluded.locked_until,
		lockouts = excluded.lockouts`
	if _, err := tx.exec(ctx, q, branch, phone, p.Hash, p.Failures, locked, p.Lockouts); err != nil {
		return fmt.Errorf("save staff PIN: %w", err)
	}
	return nil
}

// ResetStaffPINs forgets the staff PIN of phone at every branch, with
// its failures and lockouts: as for a staff member who never set one, the next admin-menu
// step that needs it asks for a new one. It returns the branches where there was one.
func (tx *Tx) ResetStaffPINs(ctx context.Context, phone string) ([]string, error) {
	const q = `DELETE FROM staff_pins WHERE phone = ? RETURNING branch_id`
	branches, err := collect(ctx, tx, "reset staff PIN", q, func(r row) (string, error) {
		var b string
		err := r.Scan(&b)
		return b, err
	}, phone)
	if err != nil {
		return nil, err
	}
	slices.Sort(branches)
	return branches, nil
}
