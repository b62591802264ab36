package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"

	"github.com/kopbot/kopbot/store"
)

// Staff decisions on the deposits members report (Setoran) and the withdrawals they ask
// for (Penarikan), shared by every staff tool. Like the decisions in staff.go, each runs
// inside the caller's transaction and tells the member what was decided. A request is
// decided once: deciding it again returns an *AlreadyDecidedError and changes nothing.

// Journal kinds of the movements these decisions post: the counter's kinds, as the money
// comes in and goes out the same way, only by bank instead of cash.
const (
	kindSetoran   = store.KindCashDeposit    // "setoran"
	kindPenarikan = store.KindCashWithdrawal // "penarikan"
)

// AlreadyDecidedError means a deposit or withdrawal was decided before; nothing changed.
type AlreadyDecidedError struct {
	No     string // SET-000001, TRK-000001
	Status store.RequestStatus
	By     string
	At     time.Time
}

func (e *AlreadyDecidedError) Error() string {
	return fmt.Sprintf("%s %v: it was already %s by %s at %s; nothing changed", e.No, ErrNotPending, e.Status, e.By, e.At.Format("2006-01-02 15:04"))
}

// Is makes errors.Is(err, ErrNotPending) hold.
func (e *AlreadyDecidedError) Is(target error) bool { return target == ErrNotPending }

func checkDecisionReason(reason, what string) (string, error) {
	reason = strings.Join(strings.Fields(reason), " ")
	if err := coop.CheckReason(reason); err != nil {
		return "", fmt.Errorf("%s needs a reason of at least %d letters that the member can act on", what, coop.MinReasonLetters)
	}
	return reason, nil
}

// pendingDeposit loads the deposit with the given ID and makes sure it waits for a decision.
func pendingDeposit(ctx context.Context, tx *store.Tx, id int64, by string) (store.DepositRequest, error) {
	if strings.TrimSpace(by) == "" {
		return store.DepositRequest{}, errors.New("say which staff member decides")
	}
	d, err := tx.DepositRequest(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return d, fmt.Errorf("there is no deposit %s: %w", store.DepositRequest{ID: id}.No(), store.ErrNotFound)
	}
	if err != nil {
		return d, err
	}
	if d.Status != store.RequestPending {
		return d, &AlreadyDecidedError{No: d.No(), Status: d.Status, By: d.DecidedBy, At: d.DecidedAt}
	}
	return d, nil
}

// VerifyDeposit credits a pending deposit to its savings account from the branch's bank
// account (journal kind setoran, key setoran:ID, by staff member by) and tells the member.
// It returns the deposit as it stands after, and the reference of the journal transaction.
func VerifyDeposit(ctx context.Context, tx *store.Tx, id int64, by, lang string) (store.DepositRequest, string, error) {
	d, err := pendingDeposit(ctx, tx, id, by)
	if err != nil {
		return d, "", err
	}
	bank, err := tx.SystemAccount(ctx, d.Branch, store.AccountBank)
	if err != nil {
		return d, "", err
	}
	key := store.KeyDeposit.KeyID(d.ID)
	// The key keeps the credit single even if a decision was ever lost after posting.
	jid, _, err := tx.Post(ctx, store.Entry{Key: key, Branch: d.Branch, Kind: kindSetoran, Memo: store.Memo{Kind: store.MemoBankDeposit, Bank: d.SenderBank, Ref: d.No()},
		AuthorKind: store.AuthorAdmin, AuthorID: by,
		Postings: []store.Posting{{Account: bank.ID, Amount: -d.Amount}, {Account: d.Account.ID, Amount: d.Amount}}})
	if err != nil {
		return d, "", fmt.Errorf("credit deposit %s to %s: %w", d.No(), d.Account.Masked(), err)
	}
	if err := tx.DecideDepositRequest(ctx, d.ID, store.DepositVerified, "", by, key); err != nil {
		return d, "", err
	}
	if d, err = tx.DepositRequest(ctx, d.ID); err != nil {
		return d, "", err
	}
	ref := store.JournalRef(jid).String()
	return d, ref, tellMember(ctx, tx, d.Branch, d.MemberID, lang, func(msg catalog.Messages) string { return msg.DepositVerified(d, ref) })
}

// CancelDeposit turns down a pending deposit (the transfer was not found, the amount
// differs, the proof cannot be read); nothing moves, and the member is told the reason.
func CancelDeposit(ctx context.Context, tx *store.Tx, id int64, reason, by, lang string) (store.DepositRequest, error) {
	reason, err := checkDecisionReason(reason, "cancelling a deposit")
	if err != nil {
		return store.DepositRequest{}, err
	}
	d, err := pendingDeposit(ctx, tx, id, by)
	if err != nil {
		return d, err
	}
	if err := tx.DecideDepositRequest(ctx, d.ID, store.DepositCancelled, reason, by, ""); err != nil {
		return d, err
	}
	if d, err = tx.DepositRequest(ctx, d.ID); err != nil {
		return d, err
	}
	return d, tellMember(ctx, tx, d.Branch, d.MemberID, lang, func(msg catalog.Messages) string { return msg.DepositCancelled(d) })
}

// pendingWithdrawal loads the withdrawal with the given ID and makes sure it waits for a decision.
func pendingWithdrawal(ctx context.Context, tx *store.Tx, id int64, by string) (store.WithdrawalRequest, error) {
	if strings.TrimSpace(by) == "" {
		return store.WithdrawalRequest{}, errors.New("say which staff member decides")
	}
	w, err := tx.WithdrawalRequest(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return w, fmt.Errorf("there is no withdrawal %s: %w", store.WithdrawalRequest{ID: id}.No(), store.ErrNotFound)
	}
	if err != nil {
		return w, err
	}
	if w.Status != store.RequestPending {
		return w, &AlreadyDecidedError{No: w.No(), Status: w.Status, By: w.DecidedBy, At: w.DecidedAt}
	}
	return w, nil
}

// PayWithdrawal records that staff transferred a pending withdrawal to the member's bank:
// the hold is released and the savings account debited into the branch's bank account
// (journal kind penarikan, key penarikan:ID), in the caller's transaction; the member is
// told. It returns the withdrawal as it stands after, and the journal transaction's reference.
func PayWithdrawal(ctx context.Context, tx *store.Tx, id int64, by, lang string) (store.WithdrawalRequest, string, error) {
	w, err := pendingWithdrawal(ctx, tx, id, by)
	if err != nil {
		return w, "", err
	}
	bank, err := tx.SystemAccount(ctx, w.Branch, store.AccountBank)
	if err != nil {
		return w, "", err
	}
	// Release first: the ledger never lets savings fall below what is held, and this debit
	// is the held money leaving.
	if err := tx.ReleaseHold(ctx, w.Account.ID, w.Amount); err != nil {
		return w, "", fmt.Errorf("pay withdrawal %s: %w", w.No(), err)
	}
	key := store.KeyWithdrawal.KeyID(w.ID)
	jid, _, err := tx.Post(ctx, store.Entry{Key: key, Branch: w.Branch, Kind: kindPenarikan, Memo: store.Memo{Kind: store.MemoBankWithdrawal, Bank: w.Bank, Ref: w.No()},
		AuthorKind: store.AuthorAdmin, AuthorID: by,
		Postings: []store.Posting{{Account: w.Account.ID, Amount: -w.Amount}, {Account: bank.ID, Amount: w.Amount}}})
	if err != nil {
		// Put the hold back, so a caller that carries on leaves the request as it was.
		return w, "", errors.Join(fmt.Errorf("debit withdrawal %s from %s: %w", w.No(), w.Account.Masked(), err), tx.AddHold(ctx, w.Account.ID, w.Amount))
	}
	if err := tx.DecideWithdrawalRequest(ctx, w.ID, store.WithdrawalPaid, "", by, key); err != nil {
		return w, "", err
	}
	if w, err = tx.WithdrawalRequest(ctx, w.ID); err != nil {
		return w, "", err
	}
	ref := store.JournalRef(jid).String()
	return w, ref, tellMember(ctx, tx, w.Branch, w.MemberID, lang, func(msg catalog.Messages) string { return msg.WithdrawalPaid(w, ref) })
}

// RejectWithdrawal turns down a pending withdrawal: the hold is released, nothing else
// moves, and the member is told the reason.
func RejectWithdrawal(ctx context.Context, tx *store.Tx, id int64, reason, by, lang string) (store.WithdrawalRequest, error) {
	reason, err := checkDecisionReason(reason, "rejecting a withdrawal")
	if err != nil {
		return store.WithdrawalRequest{}, err
	}
	w, err := pendingWithdrawal(ctx, tx, id, by)
	if err != nil {
		return w, err
	}
	if err := tx.ReleaseHold(ctx, w.Account.ID, w.Amount); err != nil {
		return w, fmt.Errorf("reject withdrawal %s: %w", w.No(), err)
	}
	if err := tx.DecideWithdrawalRequest(ctx, w.ID, store.WithdrawalRejected, reason, by, ""); err != nil {
		return w, err
	}
	if w, err = tx.WithdrawalRequest(ctx, w.ID); err != nil {
		return w, err
	}
	return w, tellMember(ctx, tx, w.Branch, w.MemberID, lang, func(msg catalog.Messages) string { return msg.WithdrawalRejected(w) })
}

// tellMember queues a message to the member with the given ID, from the branch number
// they made the request on.
func tellMember(ctx context.Context, tx *store.Tx, branch string, memberID int64, lang string, text func(catalog.Messages) string) error {
	m, err := tx.MemberByID(ctx, memberID)
	if err != nil {
		return err
	}
	return notify(ctx, tx, branch, m.Phone, lang, text)
}
