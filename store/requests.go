package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// RequestStatus is where a deposit or withdrawal request stands. Both start pending ("Belum Diverifikasi");
// a deposit ends verified or cancelled, a withdrawal paid, rejected (by staff) or cancelled
// (by the member).
type RequestStatus string

// Request statuses.
const (
	RequestPending     RequestStatus = "pending"
	DepositVerified    RequestStatus = "verified"
	DepositCancelled   RequestStatus = "cancelled"
	WithdrawalPaid     RequestStatus = "paid"
	WithdrawalRejected RequestStatus = "rejected"
	// WithdrawalCancelled is a withdrawal the member took back, worded as a deposit's is.
	WithdrawalCancelled RequestStatus = "cancelled"
)

// DepositRequest is a deposit a member made by bank transfer and reported with a photo of
// the proof, waiting for staff to find it on the branch's bank account.
type DepositRequest struct {
	ID           int64
	Branch       string
	MemberID     int64
	Account      Account   // the savings account to credit, as it stands now
	Amount       int64     // rupiah
	TransferDate time.Time // the calendar day of the transfer (midnight UTC; read its Year, Month, Day)
	SenderBank   string
	SenderName   string
	ProofPhoto   string // path of the photo
	Status       RequestStatus
	Reason       string
	CreatedAt    time.Time
	DecidedAt    time.Time // zero while pending
	DecidedBy    string
	JournalKey   string // the credit's idempotency key, once verified
}

// No is how staff and the member refer to the deposit: SET-000001.
func (d DepositRequest) No() string { return NewRef(RefDeposit, d.ID).String() }

// WithdrawalRequest is a withdrawal a member asked for, to be paid to their bank account;
// its amount is held on the savings account until staff pay or reject it.
type WithdrawalRequest struct {
	ID          int64
	Branch      string
	MemberID    int64
	Account     Account // the savings account to debit, as it stands now
	Amount      int64
	Bank        string
	BankAccount string // the destination account number, digits only
	Holder      string // the name on the destination account
	Status      RequestStatus
	Reason      string
	CreatedAt   time.Time
	DecidedAt   time.Time
	DecidedBy   string
	JournalKey  string // the debit's idempotency key, once paid
}

// No is how staff and the member refer to the withdrawal: TRK-000001.
func (w WithdrawalRequest) No() string { return NewRef(RefWithdrawal, w.ID).String() }

// CreateDepositRequest records a member's deposit as pending.
func (tx *Tx) CreateDepositRequest(ctx context.Context, d DepositRequest) (DepositRequest, error) {
	const q = `INSERT INTO deposit_requests (branch_id, member_id, account_id, amount, transfer_date, sender_bank, sender_name, proof_photo, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	err := tx.queryRow(ctx, q, d.Branch, d.MemberID, d.Account.ID, d.Amount, d.TransferDate.Format(dateLayout),
		d.SenderBank, d.SenderName, d.ProofPhoto, unix(tx.now)).Scan(&d.ID)
	if err != nil {
		return DepositRequest{}, fmt.Errorf("record deposit of member %d into %s: %w", d.MemberID, d.Account.Masked(), err)
	}
	d.Status, d.CreatedAt = RequestPending, tx.now
	return d, nil
}

const depositColumns = accountColumns + `, d.id, d.branch_id, d.member_id, d.amount, d.transfer_date, d.sender_bank, d.sender_name, d.proof_photo,
	d.status, d.reason, d.created_at, d.decided_at, d.decided_by, d.journal_key`

const depositFrom = ` FROM deposit_requests d JOIN accounts a ON a.id = d.account_id LEFT JOIN products p ON p.id = a.product_id`

func scanDeposit(r row) (DepositRequest, error) {
	var d DepositRequest
	var date string
	var created, decided int64
	a, err := scanAccount(scanPlus{r, []any{&d.ID, &d.Branch, &d.MemberID, &d.Amount, &date, &d.SenderBank, &d.SenderName, &d.ProofPhoto,
		&d.Status, &d.Reason, &created, &decided, &d.DecidedBy, &d.JournalKey}})
	if err != nil {
		return DepositRequest{}, err
	}
	d.Account = a
	d.CreatedAt, d.DecidedAt = requestTimes(created, decided)
	if d.TransferDate, err = time.Parse(dateLayout, date); err != nil {
		return DepositRequest{}, fmt.Errorf("deposit %d transfer date %q: %w", d.ID, date, err)
	}
	return d, nil
}

var deposits = newRequests("deposit", "deposit_requests", "d", depositColumns+depositFrom, scanDeposit)

// DepositRequest returns one deposit request by ID.
func (tx *Tx) DepositRequest(ctx context.Context, id int64) (DepositRequest, error) {
	return deposits.one(ctx, tx, id)
}

// DepositRequests lists deposit requests with the given status (all when empty) of one
// member (all when 0), oldest first; limit -1 lists them all.
func (tx *Tx) DepositRequests(ctx context.Context, status RequestStatus, memberID int64, limit int) ([]DepositRequest, error) {
	return deposits.list(ctx, tx, status, memberID, limit)
}

// DecideDepositRequest marks a pending deposit verified (with the key of the journal
// transaction that credited it) or cancelled. A deposit already decided is ErrNotFound.
func (tx *Tx) DecideDepositRequest(ctx context.Context, id int64, status RequestStatus, reason, by, journalKey string) error {
	return deposits.decide(ctx, tx, id, status, reason, by, journalKey)
}

// CreateWithdrawalRequest records a member's withdrawal request as pending. Hold its amount
// on the account (AddHold) in the same transaction.
func (tx *Tx) CreateWithdrawalRequest(ctx context.Context, w WithdrawalRequest) (WithdrawalRequest, error) {
	const q = `INSERT INTO withdrawal_requests (branch_id, member_id, account_id, amount, bank, bank_account, holder, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	err := tx.queryRow(ctx, q, w.Branch, w.MemberID, w.Account.ID, w.Amount, w.Bank, w.BankAccount, w.Holder, unix(tx.now)).Scan(&w.ID)
	if err != nil {
		return WithdrawalRequest{}, fmt.Errorf("record withdrawal of member %d from %s: %w", w.MemberID, w.Account.Masked(), err)
	}
	w.Status, w.CreatedAt = RequestPending, tx.now
	return w, nil
}

const withdrawalColumns = accountColumns + `, w.id, w.branch_id, w.member_id, w.amount, w.bank, w.bank_account, w.holder,
	w.status, w.reason, w.created_at, w.decided_at, w.decided_by, w.journal_key`

const withdrawalFrom = ` FROM withdrawal_requests w JOIN accounts a ON a.id = w.account_id LEFT JOIN products p ON p.id = a.product_id`

func scanWithdrawal(r row) (WithdrawalRequest, error) {
	var w WithdrawalRequest
	var created, decided int64
	a, err := scanAccount(scanPlus{r, []any{&w.ID, &w.Branch, &w.MemberID, &w.Amount, &w.Bank, &w.BankAccount, &w.Holder,
		&w.Status, &w.Reason, &created, &decided, &w.DecidedBy, &w.JournalKey}})
	if err != nil {
		return WithdrawalRequest{}, err
	}
	w.Account = a
	w.CreatedAt, w.DecidedAt = requestTimes(created, decided)
	return w, nil
}

var withdrawals = newRequests("withdrawal", "withdrawal_requests", "w", withdrawalColumns+withdrawalFrom, scanWithdrawal)

// WithdrawalRequest returns one withdrawal request by ID.
func (tx *Tx) WithdrawalRequest(ctx context.Context, id int64) (WithdrawalRequest, error) {
	return withdrawals.one(ctx, tx, id)
}

// WithdrawalRequests lists withdrawal requests with the given status (all when empty) of
// one member (all when 0), oldest first; limit -1 lists them all.
func (tx *Tx) WithdrawalRequests(ctx context.Context, status RequestStatus, memberID int64, limit int) ([]WithdrawalRequest, error) {
	return withdrawals.list(ctx, tx, status, memberID, limit)
}

// DecideWithdrawalRequest marks a pending withdrawal paid (with the key of the journal
// transaction that debited it) or rejected. A withdrawal already decided is ErrNotFound.
func (tx *Tx) DecideWithdrawalRequest(ctx context.Context, id int64, status RequestStatus, reason, by, journalKey string) error {
	return withdrawals.decide(ctx, tx, id, status, reason, by, journalKey)
}

// requests is how deposit and withdrawal requests, alike but for their own columns, are
// found, listed and decided: the queries are built once from the table, its alias,
// selectFrom (the request's and its account's columns and the FROM clause) and the scanner.
type requests[T any] struct {
	noun           string // in errors: "deposit request 7"
	byID, byStatus string
	decideQuery    string
	scan           func(row) (T, error)
}

func newRequests[T any](noun, table, alias, selectFrom string, scan func(row) (T, error)) requests[T] {
	return requests[T]{noun: noun, scan: scan,
		byID: `SELECT ` + selectFrom + ` WHERE ` + alias + `.id = ?`,
		byStatus: `SELECT ` + selectFrom + `
		WHERE (?1 = '' OR ` + alias + `.status = ?1) AND (?2 = 0 OR ` + alias + `.member_id = ?2) ORDER BY ` + alias + `.id LIMIT ?3`,
		decideQuery: `UPDATE ` + table + ` SET status = ?, reason = ?, decided_at = ?, decided_by = ?, journal_key = ?
		WHERE id = ? AND status = 'pending'`}
}

func (k requests[T]) one(ctx context.Context, tx *Tx, id int64) (T, error) {
	v, err := k.scan(tx.queryRow(ctx, k.byID, id))
	if err != nil {
		var zero T
		return zero, fmt.Errorf("%s request %d: %w", k.noun, id, notFound(err))
	}
	return v, nil
}

func (k requests[T]) list(ctx context.Context, tx *Tx, status RequestStatus, memberID int64, limit int) ([]T, error) {
	return collect(ctx, tx, "list "+k.noun+" requests", k.byStatus, k.scan, status, memberID, limit)
}

func (k requests[T]) decide(ctx context.Context, tx *Tx, id int64, status RequestStatus, reason, by, journalKey string) error {
	return tx.exec1(ctx, fmt.Sprintf("decide pending %s request %d", k.noun, id), k.decideQuery, status, reason, unix(tx.now), by, journalKey, id)
}

// requestTimes reads a request's creation and decision times; a pending one was decided
// at 0, which is the zero time.
func requestTimes(created, decided int64) (createdAt, decidedAt time.Time) {
	if decided != 0 {
		decidedAt = fromUnix(decided)
	}
	return fromUnix(created), decidedAt
}

// AddHold reserves amount on a savings account for a pending withdrawal: what is held can
// no longer be spent (Available leaves it out, and Post never lets the balance fall below
// it). The held total never exceeds the balance; a hold that would is ErrInsufficientFunds.
func (tx *Tx) AddHold(ctx context.Context, accountID, amount int64) error {
	if amount <= 0 {
		return fmt.Errorf("hold on account %d: the amount must be more than zero, not %d", accountID, amount)
	}
	const q = `UPDATE accounts SET held = held + ?1 WHERE id = ?2 AND kind = 'savings' AND held + ?1 <= balance RETURNING held`
	var held int64
	err := tx.queryRow(ctx, q, amount, accountID).Scan(&held)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("hold %d on account %d: %w", amount, accountID, err)
	}
	a, err := tx.accountByID(ctx, accountID)
	if err != nil {
		return fmt.Errorf("hold %d on account %d: %w", amount, accountID, err)
	}
	if a.Kind != AccountSavings {
		return fmt.Errorf("hold %d on account %s: only savings accounts hold money for withdrawals (it is %s)", amount, a.Masked(), a.Kind)
	}
	return fmt.Errorf("hold %d on account %s: balance %d, already held %d: %w", amount, a.Masked(), a.Balance, a.Held, ErrInsufficientFunds)
}

// ReleaseHold gives back amount held on an account, when its withdrawal is paid (just
// before the debit) or rejected. It never releases more than is held.
func (tx *Tx) ReleaseHold(ctx context.Context, accountID, amount int64) error {
	if amount <= 0 {
		return fmt.Errorf("release hold on account %d: the amount must be more than zero, not %d", accountID, amount)
	}
	const q = `UPDATE accounts SET held = held - ?1 WHERE id = ?2 AND held >= ?1 RETURNING held`
	var held int64
	err := tx.queryRow(ctx, q, amount, accountID).Scan(&held)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("release hold of %d on account %d: %w", amount, accountID, err)
	}
	a, err := tx.accountByID(ctx, accountID)
	if err != nil {
		return fmt.Errorf("release hold of %d on account %d: %w", amount, accountID, err)
	}
	return fmt.Errorf("release hold of %d on account %s: only %d is held", amount, a.Masked(), a.Held)
}

func (tx *Tx) accountByID(ctx context.Context, id int64) (Account, error) {
	const q = `SELECT ` + accountColumns + accountFrom + ` WHERE a.id = ?`
	a, err := scanAccount(tx.queryRow(ctx, q, id))
	if err != nil {
		return Account{}, fmt.Errorf("load account %d: %w", id, notFound(err))
	}
	return a, nil
}
