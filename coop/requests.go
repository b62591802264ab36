package coop

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kopbot/kopbot/catalog"

	"github.com/kopbot/kopbot/store"
)

// Staff decisions on the deposits members report (Setoran) and the withdrawals they ask
// for (Penarikan), shared by every staff tool. Like the decisions in decisions.go, each runs
// inside the caller's transaction and tells the member what was decided. A request is
// decided once: deciding it again is refused (NotPending, with who decided it and when) and changes nothing.

// Journal kinds of the movements these decisions post: the counter's kinds, as the money
// comes in and goes out the same way, only by bank instead of cash.
const (
	kindSetoran   = store.KindCashDeposit    // "setoran"
	kindPenarikan = store.KindCashWithdrawal // "penarikan"
)

func checkDecisionReason(reason, what string) (string, error) {
	reason = strings.Join(strings.Fields(reason), " ")
	if err := CheckReason(reason); err != nil {
		return "", fmt.Errorf("%s needs a reason of at least %d letters that the member can act on", what, MinReasonLetters)
	}
	return reason, nil
}

// pendingDeposit loads the deposit with the given ID and makes sure it waits for a decision.
func pendingDeposit(ctx context.Context, tx *store.Tx, id int64, by Actor) (store.DepositRequest, error) {
	if strings.TrimSpace(string(by)) == "" {
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
		return d, &Refusal{Code: NotPending, Subject: d.No(), Status: string(d.Status), By: d.DecidedBy, At: d.DecidedAt}
	}
	return d, nil
}

// VerifyDeposit credits a pending deposit to its savings account from the branch's bank
// account (journal kind setoran, key setoran:ID, by staff member by) and tells the member.
// It returns the deposit as it stands after, and the reference of the journal transaction.
func VerifyDeposit(ctx context.Context, tx *store.Tx, id int64, by Actor, lang string) (store.DepositRequest, string, error) {
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
		AuthorKind: store.AuthorAdmin, AuthorID: string(by),
		Postings: []store.Posting{{Account: bank.ID, Amount: -d.Amount}, {Account: d.Account.ID, Amount: d.Amount}}})
	if err != nil {
		return d, "", fmt.Errorf("credit deposit %s to %s: %w", d.No(), d.Account.Masked(), err)
	}
	if err := tx.DecideDepositRequest(ctx, d.ID, store.DepositVerified, "", string(by), key); err != nil {
		return d, "", err
	}
	if d, err = tx.DepositRequest(ctx, d.ID); err != nil {
		return d, "", err
	}
	ref := store.JournalRef(jid).String()
	return d, ref, TellMember(ctx, tx, d.Branch, d.MemberID, lang, func(msg catalog.Messages) string { return msg.DepositVerified(d, ref) })
}

// CancelDeposit turns down a pending deposit (the transfer was not found, the amount
// differs, the proof cannot be read); nothing moves, and the member is told the reason.
func CancelDeposit(ctx context.Context, tx *store.Tx, id int64, reason string, by Actor, lang string) (store.DepositRequest, error) {
	reason, err := checkDecisionReason(reason, "cancelling a deposit")
	if err != nil {
		return store.DepositRequest{}, err
	}
	d, err := pendingDeposit(ctx, tx, id, by)
	if err != nil {
		return d, err
	}
	if d, err = cancelDeposit(ctx, tx, d, reason, by); err != nil {
		return d, err
	}
	return d, TellMember(ctx, tx, d.Branch, d.MemberID, lang, func(msg catalog.Messages) string { return msg.DepositCancelled(d) })
}

// MemberCancelsDeposit is the member m taking back a deposit they reported, before staff
// decided it: the same cancellation, with no reason, by the member (the caller tells staff).
// A deposit decided meanwhile is refused as not pending, and returned as it stands.
func MemberCancelsDeposit(ctx context.Context, tx *store.Tx, id int64, m store.Member) (store.DepositRequest, error) {
	by := Member(m.No)
	d, err := pendingDeposit(ctx, tx, id, by)
	if err != nil && !errors.Is(err, NotPending) {
		return d, err
	}
	if d.MemberID != m.ID {
		return d, fmt.Errorf("deposit %s picked by member %d belongs to member %d", d.No(), m.ID, d.MemberID)
	}
	if err != nil {
		return d, err
	}
	return cancelDeposit(ctx, tx, d, "", by)
}

// cancelDeposit records the pending deposit d as cancelled; nothing moves.
func cancelDeposit(ctx context.Context, tx *store.Tx, d store.DepositRequest, reason string, by Actor) (store.DepositRequest, error) {
	if err := tx.DecideDepositRequest(ctx, d.ID, store.DepositCancelled, reason, string(by), ""); err != nil {
		return d, err
	}
	return tx.DepositRequest(ctx, d.ID)
}

// pendingWithdrawal loads the withdrawal with the given ID and makes sure it waits for a decision.
func pendingWithdrawal(ctx context.Context, tx *store.Tx, id int64, by Actor) (store.WithdrawalRequest, error) {
	if strings.TrimSpace(string(by)) == "" {
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
		return w, &Refusal{Code: NotPending, Subject: w.No(), Status: string(w.Status), By: w.DecidedBy, At: w.DecidedAt}
	}
	return w, nil
}

// PayWithdrawal records that staff transferred a pending withdrawal to the member's bank:
// the hold is released and the savings account debited into the branch's bank account
// (journal kind penarikan, key penarikan:ID), in the caller's transaction; the member is
// told. It returns the withdrawal as it stands after, and the journal transaction's reference.
func PayWithdrawal(ctx context.Context, tx *store.Tx, id int64, by Actor, lang string) (store.WithdrawalRequest, string, error) {
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
		AuthorKind: store.AuthorAdmin, AuthorID: string(by),
		Postings: []store.Posting{{Account: w.Account.ID, Amount: -w.Amount}, {Account: bank.ID, Amount: w.Amount}}})
	if err != nil {
		// Put the hold back, so a caller that carries on leaves the request as it was.
		return w, "", errors.Join(fmt.Errorf("debit withdrawal %s from %s: %w", w.No(), w.Account.Masked(), err), tx.AddHold(ctx, w.Account.ID, w.Amount))
	}
	if err := tx.DecideWithdrawalRequest(ctx, w.ID, store.WithdrawalPaid, "", string(by), key); err != nil {
		return w, "", err
	}
	if w, err = tx.WithdrawalRequest(ctx, w.ID); err != nil {
		return w, "", err
	}
	ref := store.JournalRef(jid).String()
	return w, ref, TellMember(ctx, tx, w.Branch, w.MemberID, lang, func(msg catalog.Messages) string { return msg.WithdrawalPaid(w, ref) })
}

// RejectWithdrawal turns down a pending withdrawal: the hold is released, nothing else
// moves, and the member is told the reason.
func RejectWithdrawal(ctx context.Context, tx *store.Tx, id int64, reason string, by Actor, lang string) (store.WithdrawalRequest, error) {
	reason, err := checkDecisionReason(reason, "rejecting a withdrawal")
	if err != nil {
		return store.WithdrawalRequest{}, err
	}
	w, err := pendingWithdrawal(ctx, tx, id, by)
	if err != nil {
		return w, err
	}
	if w, err = rejectWithdrawal(ctx, tx, w, reason, by); err != nil {
		return w, err
	}
	return w, TellMember(ctx, tx, w.Branch, w.MemberID, lang, func(msg catalog.Messages) string { return msg.WithdrawalRejected(w) })
}

// MemberCancelsWithdrawal is the member m taking back a withdrawal they asked for, before
// staff paid it: the same rejection (the hold released), with no reason, by the member
// (the caller tells staff). A withdrawal decided meanwhile is refused as not pending, and
// returned as it stands.
func MemberCancelsWithdrawal(ctx context.Context, tx *store.Tx, id int64, m store.Member) (store.WithdrawalRequest, error) {
	by := Member(m.No)
	w, err := pendingWithdrawal(ctx, tx, id, by)
	if err != nil && !errors.Is(err, NotPending) {
		return w, err
	}
	if w.MemberID != m.ID {
		return w, fmt.Errorf("withdrawal %s picked by member %d belongs to member %d", w.No(), m.ID, w.MemberID)
	}
	if err != nil {
		return w, err
	}
	return rejectWithdrawal(ctx, tx, w, "", by)
}

// rejectWithdrawal releases the hold of the pending withdrawal w and records it as rejected.
func rejectWithdrawal(ctx context.Context, tx *store.Tx, w store.WithdrawalRequest, reason string, by Actor) (store.WithdrawalRequest, error) {
	if err := tx.ReleaseHold(ctx, w.Account.ID, w.Amount); err != nil {
		return w, fmt.Errorf("reject withdrawal %s: %w", w.No(), err)
	}
	if err := tx.DecideWithdrawalRequest(ctx, w.ID, store.WithdrawalRejected, reason, string(by), ""); err != nil {
		return w, err
	}
	return tx.WithdrawalRequest(ctx, w.ID)
}
