package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// AuthorKind says who moved money, recorded on every journal transaction.
type AuthorKind string

// Who moves money.
const (
	AuthorMember  AuthorKind = "member"
	AuthorAdmin   AuthorKind = "admin"
	AuthorJob     AuthorKind = "job"
	AuthorGateway AuthorKind = "gateway"
	AuthorSystem  AuthorKind = "system"
)

var (
	// ErrUnbalanced means a journal transaction's postings do not sum to zero.
	ErrUnbalanced = errors.New("postings do not sum to zero")
	// ErrInsufficientFunds means a savings account would go below what it holds.
	ErrInsufficientFunds = errors.New("insufficient funds")
	// ErrAccountInactive means a posting touched a frozen or closed account.
	ErrAccountInactive = errors.New("account is not active")
)

// Posting moves Amount rupiah on one account: positive credits it, negative debits it.
type Posting struct {
	Account int64
	Amount  int64
}

// Entry is one journal transaction.
type Entry struct {
	Key        string // idempotency key: the same key is applied once
	Branch     string
	Kind       JournalKind
	Memo       Memo // what it is; members and staff read it in their language
	AuthorKind AuthorKind
	AuthorID   string
	At         time.Time
	Postings   []Posting
}

// Post applies e unless an entry with the same key exists, in which case it
// changes nothing and returns the existing ID with applied false.
//
// A refused entry leaves nothing behind, even if the caller carries on and commits.
func (tx *Tx) Post(ctx context.Context, e Entry) (id int64, applied bool, err error) {
	if _, err := tx.exec(ctx, `SAVEPOINT post`); err != nil {
		return 0, false, fmt.Errorf("post %s: %w", e.Key, err)
	}
	id, applied, err = tx.post(ctx, e)
	if err != nil {
		if _, rbErr := tx.exec(ctx, `ROLLBACK TO post`); rbErr != nil {
			return 0, false, errors.Join(err, fmt.Errorf("post %s: undo: %w", e.Key, rbErr))
		}
	}
	if _, relErr := tx.exec(ctx, `RELEASE post`); relErr != nil && err == nil {
		return 0, false, fmt.Errorf("post %s: %w", e.Key, relErr)
	}
	return id, applied, err
}

func (tx *Tx) post(ctx context.Context, e Entry) (id int64, applied bool, err error) {
	if e.Key == "" {
		return 0, false, errors.New("post: an idempotency key is required")
	}
	if len(e.Postings) < 2 {
		return 0, false, fmt.Errorf("post %s: %w: needs at least two postings", e.Key, ErrUnbalanced)
	}
	var sum int64
	for _, p := range e.Postings {
		if p.Amount == 0 {
			return 0, false, fmt.Errorf("post %s: a posting of zero", e.Key)
		}
		sum += p.Amount
	}
	if sum != 0 {
		return 0, false, fmt.Errorf("post %s: %w (off by %d)", e.Key, ErrUnbalanced, sum)
	}
	const qExisting = `SELECT id FROM journal WHERE key = ?`
	err = tx.queryRow(ctx, qExisting, e.Key).Scan(&id)
	if err == nil {
		return id, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, fmt.Errorf("post %s: look up key: %w", e.Key, err)
	}
	at := e.At
	if at.IsZero() {
		at = tx.now
	}
	detail, err := e.Memo.detail()
	if err != nil {
		return 0, false, fmt.Errorf("post %s: %w", e.Key, err)
	}
	const qJournal = `INSERT INTO journal (key, branch_id, kind, memo, memo_detail, author_kind, author_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	if err := tx.queryRow(ctx, qJournal, e.Key, e.Branch, e.Kind, e.Memo.Note, detail, e.AuthorKind, e.AuthorID, unix(at)).Scan(&id); err != nil {
		return 0, false, fmt.Errorf("post %s: %w", e.Key, err)
	}
	const qPosting = `INSERT INTO postings (journal_id, account_id, amount) VALUES (?, ?, ?)`
	const qBalance = `UPDATE accounts SET balance = balance + ? WHERE id = ? RETURNING number, kind, status, balance, held`
	for _, p := range e.Postings {
		if _, err := tx.exec(ctx, qPosting, id, p.Account, p.Amount); err != nil {
			return 0, false, fmt.Errorf("post %s: posting on account %d: %w", e.Key, p.Account, err)
		}
		var number, kind string
		var status AccountStatus
		var balance, held int64
		if err := tx.queryRow(ctx, qBalance, p.Amount, p.Account).Scan(&number, &kind, &status, &balance, &held); err != nil {
			return 0, false, fmt.Errorf("post %s: balance of account %d: %w", e.Key, p.Account, err)
		}
		if status != AccountActive {
			return 0, false, fmt.Errorf("post %s: account %s is %s: %w", e.Key, MaskNumber(number), status, ErrAccountInactive)
		}
		// A member's savings never go below what is held on them, whatever a flow checked before.
		if kind == AccountSavings && p.Amount < 0 && balance-held < 0 {
			return 0, false, fmt.Errorf("post %s: account %s: %w", e.Key, MaskNumber(number), ErrInsufficientFunds)
		}
	}
	return id, true, nil
}

// Movement is one posting on an account as its owner reads it.
type Movement struct {
	JournalID int64
	At        time.Time
	Kind      JournalKind
	Memo      Memo
	Amount    int64 // positive: the account's balance went up as its owner reads it
	Balance   int64 // the balance after this movement
}

// Movements returns the last n movements on the account, newest first.
func (tx *Tx) Movements(ctx context.Context, a Account, n int) ([]Movement, error) {
	const q = `SELECT j.id, j.at, j.kind, j.memo, j.memo_detail, p.amount FROM postings p JOIN journal j ON j.id = p.journal_id
		WHERE p.account_id = ? ORDER BY p.journal_id DESC, p.id DESC LIMIT ?`
	rows, err := tx.query(ctx, q, a.ID, n)
	if err != nil {
		return nil, fmt.Errorf("movements of %s: %w", a.Masked(), err)
	}
	defer rows.Close()
	sign := int64(1)
	if a.Normal == Debit {
		sign = -1
	}
	balance := a.Amount()
	var out []Movement
	for rows.Next() {
		var m Movement
		var at int64
		var memo, detail string
		if err := rows.Scan(&m.JournalID, &at, &m.Kind, &memo, &detail, &m.Amount); err != nil {
			return nil, fmt.Errorf("movements of %s: %w", a.Masked(), err)
		}
		var err error
		if m.Memo, err = memoOf(m.Kind, memo, detail); err != nil {
			return nil, fmt.Errorf("movements of %s: journal %d: %w", a.Masked(), m.JournalID, err)
		}
		m.At = fromUnix(at)
		m.Amount *= sign
		m.Balance = balance
		balance -= m.Amount
		out = append(out, m)
	}
	return out, rows.Err()
}

// Statement is an account's movements over a period, as on a savings card (kartu simpanan).
type Statement struct {
	Opening   int64 // the balance before From
	Movements []Movement
	Closing   int64 // the balance after the last movement before To
}

// Statement returns the account's movements at or after from and before to, oldest first.
func (tx *Tx) Statement(ctx context.Context, a Account, from, to time.Time) (Statement, error) {
	sign := int64(1)
	if a.Normal == Debit {
		sign = -1
	}
	var st Statement
	const qOpening = `SELECT COALESCE(SUM(p.amount), 0) FROM postings p JOIN journal j ON j.id = p.journal_id WHERE p.account_id = ? AND j.at < ?`
	if err := tx.queryRow(ctx, qOpening, a.ID, unix(from)).Scan(&st.Opening); err != nil {
		return Statement{}, fmt.Errorf("statement of %s: %w", a.Masked(), err)
	}
	st.Opening *= sign
	const q = `SELECT j.id, j.at, j.kind, j.memo, j.memo_detail, p.amount FROM postings p JOIN journal j ON j.id = p.journal_id
		WHERE p.account_id = ? AND j.at >= ? AND j.at < ? ORDER BY j.at, j.id`
	rows, err := tx.query(ctx, q, a.ID, unix(from), unix(to))
	if err != nil {
		return Statement{}, fmt.Errorf("statement of %s: %w", a.Masked(), err)
	}
	defer rows.Close()
	balance := st.Opening
	for rows.Next() {
		var m Movement
		var at int64
		var memo, detail string
		if err := rows.Scan(&m.JournalID, &at, &m.Kind, &memo, &detail, &m.Amount); err != nil {
			return Statement{}, fmt.Errorf("statement of %s: %w", a.Masked(), err)
		}
		var err error
		if m.Memo, err = memoOf(m.Kind, memo, detail); err != nil {
			return Statement{}, fmt.Errorf("statement of %s: journal %d: %w", a.Masked(), m.JournalID, err)
		}
		m.At = fromUnix(at)
		m.Amount *= sign
		balance += m.Amount
		m.Balance = balance
		st.Movements = append(st.Movements, m)
	}
	st.Closing = balance
	return st, rows.Err()
}
