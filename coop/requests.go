package coop

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

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

// requestKind is what deciding a deposit or a withdrawal request of type R needs to know of it.
type requestKind[R interface{ No() string }] struct {
	what string // "deposit", "withdrawal": in errors
	ref  store.RefKind
	get  func(*store.Tx, context.Context, int64) (R, error)
	head func(R) requestHead
	// decide records a decision: the request, its new status, the reason, who, the journal key.
	decide func(*store.Tx, context.Context, int64, store.RequestStatus, string, string, string) error
}

// requestHead is what a decision reads of a request, of either kind.
type requestHead struct {
	id       int64
	branch   string
	memberID int64
	status   store.RequestStatus
	by       string
	at       time.Time
}

var deposits = requestKind[store.DepositRequest]{what: "deposit", ref: store.RefDeposit, get: (*store.Tx).DepositRequest, decide: (*store.Tx).DecideDepositRequest,
	head: func(d store.DepositRequest) requestHead {
		return requestHead{d.ID, d.Branch, d.MemberID, d.Status, d.DecidedBy, d.DecidedAt}
	}}

var withdrawals = requestKind[store.WithdrawalRequest]{what: "withdrawal", ref: store.RefWithdrawal, get: (*store.Tx).WithdrawalRequest, decide: (*store.Tx).DecideWithdrawalRequest,
	head: func(w store.WithdrawalRequest) requestHead {
		return requestHead{w.ID, w.Branch, w.MemberID, w.Status, w.DecidedBy, w.DecidedAt}
	}}

// pending loads the request with the given ID and makes sure it waits for a decision.
func (k requestKind[R]) pending(ctx context.Context, tx *store.Tx, id int64, by Actor) (R, error) {
	if strings.TrimSpace(string(by)) == "" {
		var none R
		return none, errors.New("say which staff member decides")
	}
	r, err := k.get(tx, ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return r, fmt.Errorf("there is no %s %s: %w", k.what, store.NewRef(k.ref, id), store.ErrNotFound)
	}
	if err != nil {
		return r, err
	}
	if h := k.head(r); h.status != store.RequestPending {
		return r, &Refusal{Code: NotPending, Subject: r.No(), Status: string(h.status), By: h.by, At: h.at}
	}
	return r, nil
}

// decline turns down a pending request (doing it, as what, with a reason the member can
// act on) by staff member by, and tells the member.
func (k requestKind[R]) decline(ctx context.Context, tx *store.Tx, id int64, reason string, by Actor, lang, doing string,
	decide func(context.Context, *store.Tx, R, string, Actor) (R, error), told func(catalog.Messages, R) string) (R, error) {
	reason, err := checkDecisionReason(reason, doing)
	if err != nil {
		var none R
		return none, err
	}
	r, err := k.pending(ctx, tx, id, by)
	if err != nil {
		return r, err
	}
	if r, err = decide(ctx, tx, r, reason, by); err != nil {
		return r, err
	}
	h := k.head(r)
	return r, TellMember(ctx, tx, h.branch, h.memberID, lang, func(msg catalog.Messages) string { return told(msg, r) })
}

// memberCancels is the member m taking back a request of theirs before staff decided it:
// decide, with no reason, by the member (the caller tells staff). A request decided
// meanwhile is refused as not pending, and returned as it stands.
func (k requestKind[R]) memberCancels(ctx context.Context, tx *store.Tx, id int64, m store.Member,
	decide func(context.Context, *store.Tx, R, string, Actor) (R, error)) (R, error) {
	by := Member(m.No)
	r, err := k.pending(ctx, tx, id, by)
	if err != nil && !errors.Is(err, NotPending) {
		return r, err
	}
	if h := k.head(r); h.memberID != m.ID {
		return r, fmt.Errorf("%s %s picked by member %d belongs to member %d", k.what, r.No(), m.ID, h.memberID)
	}
	if err != nil {
		return r, err
	}
	return decide(ctx, tx, r, "", by)
}

// settle moves the money of the pending request with the given ID (post: the journal
// entry with the branch's bank account, its ID and key), records it decided as status by
// staff member by, and tells the member (told, with the entry's reference). It returns
// the request as it stands after, and the reference.
func (k requestKind[R]) settle(ctx context.Context, tx *store.Tx, id int64, by Actor, lang string, status store.RequestStatus,
	post func(r R, bank store.Account) (jid int64, key string, err error), told func(catalog.Messages, R, string) string) (R, string, error) {
	r, err := k.pending(ctx, tx, id, by)
	if err != nil {
		return r, "", err
	}
	h := k.head(r)
	bank, err := tx.SystemAccount(ctx, h.branch, store.AccountBank)
	if err != nil {
		return r, "", err
	}
	jid, key, err := post(r, bank)
	if err != nil {
		return r, "", err
	}
	if r, err = k.record(ctx, tx, r, status, "", by, key); err != nil {
		return r, "", err
	}
	ref := store.JournalRef(jid).String()
	return r, ref, TellMember(ctx, tx, h.branch, h.memberID, lang, func(msg catalog.Messages) string { return told(msg, r, ref) })
}

// record records the decision on the pending request r and returns it as it stands after.
func (k requestKind[R]) record(ctx context.Context, tx *store.Tx, r R, status store.RequestStatus, reason string, by Actor, key string) (R, error) {
	id := k.head(r).id
	if !strings.HasPrefix(string(by), "member:") { // a member taking theirs back is no staff decision
		var err error
		if by, err = decided(ctx, tx, by, AuditAction(k.what+"."+string(status)), r.No(), k.head(r).branch); err != nil {
			return r, err
		}
	}
	if err := k.decide(tx, ctx, id, status, reason, string(by), key); err != nil {
		return r, err
	}
	return k.get(tx, ctx, id)
}

// VerifyDeposit credits a pending deposit to its savings account from the branch's bank
// account (journal kind setoran, key setoran:ID, by staff member by) and tells the member.
// It returns the deposit as it stands after, and the reference of the journal transaction.
func VerifyDeposit(ctx context.Context, tx *store.Tx, id int64, by Actor, lang string) (store.DepositRequest, string, error) {
	return deposits.settle(ctx, tx, id, by, lang, store.DepositVerified, func(d store.DepositRequest, bank store.Account) (int64, string, error) {
		// A simpanan pokok paid meanwhile (at the counter) takes no more: staff cancel it instead.
		if err := CheckPokok(ctx, tx, d.Account, d.Amount); err != nil {
			return 0, "", err
		}
		key := store.KeyDeposit.KeyID(d.ID)
		// The key keeps the credit single even if a decision was ever lost after posting.
		jid, _, err := tx.Post(ctx, store.Entry{Key: key, Branch: d.Branch, Kind: kindSetoran, Memo: store.Memo{Kind: store.MemoBankDeposit, Bank: d.SenderBank, Ref: d.No()},
			AuthorKind: store.AuthorAdmin, AuthorID: string(by),
			Postings: []store.Posting{{Account: bank.ID, Amount: -d.Amount}, {Account: d.Account.ID, Amount: d.Amount}}})
		if err != nil {
			return 0, "", fmt.Errorf("credit deposit %s to %s: %w", d.No(), d.Account.Masked(), err)
		}
		return jid, key, nil
	}, catalog.Messages.DepositVerified)
}

// CancelDeposit turns down a pending deposit (the transfer was not found, the amount
// differs, the proof cannot be read); nothing moves, and the member is told the reason.
func CancelDeposit(ctx context.Context, tx *store.Tx, id int64, reason string, by Actor, lang string) (store.DepositRequest, error) {
	return deposits.decline(ctx, tx, id, reason, by, lang, "cancelling a deposit", cancelDeposit, catalog.Messages.DepositCancelled)
}

// MemberCancelsDeposit is the member m taking back a deposit they reported, before staff
// decided it: the same cancellation, with no reason, by the member (the caller tells staff).
// A deposit decided meanwhile is refused as not pending, and returned as it stands.
func MemberCancelsDeposit(ctx context.Context, tx *store.Tx, id int64, m store.Member) (store.DepositRequest, error) {
	return deposits.memberCancels(ctx, tx, id, m, cancelDeposit)
}

// cancelDeposit records the pending deposit d as cancelled; nothing moves.
func cancelDeposit(ctx context.Context, tx *store.Tx, d store.DepositRequest, reason string, by Actor) (store.DepositRequest, error) {
	return deposits.record(ctx, tx, d, store.DepositCancelled, reason, by, "")
}

// PayWithdrawal records that staff transferred a pending withdrawal to the member's bank:
// the hold is released and the savings account debited into the branch's bank account
// (journal kind penarikan, key penarikan:ID), in the caller's transaction; the member is
// told. It returns the withdrawal as it stands after, and the journal transaction's reference.
func PayWithdrawal(ctx context.Context, tx *store.Tx, id int64, by Actor, lang string) (store.WithdrawalRequest, string, error) {
	return withdrawals.settle(ctx, tx, id, by, lang, store.WithdrawalPaid, func(w store.WithdrawalRequest, bank store.Account) (int64, string, error) {
		// Release first: the ledger never lets savings fall below what is held, and this debit
		// is the held money leaving.
		if err := tx.ReleaseHold(ctx, w.Account.ID, w.Amount); err != nil {
			return 0, "", fmt.Errorf("pay withdrawal %s: %w", w.No(), err)
		}
		key := store.KeyWithdrawal.KeyID(w.ID)
		jid, _, err := tx.Post(ctx, store.Entry{Key: key, Branch: w.Branch, Kind: kindPenarikan, Memo: store.Memo{Kind: store.MemoBankWithdrawal, Bank: w.Bank, Ref: w.No()},
			AuthorKind: store.AuthorAdmin, AuthorID: string(by),
			Postings: []store.Posting{{Account: w.Account.ID, Amount: -w.Amount}, {Account: bank.ID, Amount: w.Amount}}})
		if err != nil {
			// Put the hold back, so a caller that carries on leaves the request as it was.
			return 0, "", errors.Join(fmt.Errorf("debit withdrawal %s from %s: %w", w.No(), w.Account.Masked(), err), tx.AddHold(ctx, w.Account.ID, w.Amount))
		}
		return jid, key, nil
	}, catalog.Messages.WithdrawalPaid)
}

// RejectWithdrawal turns down a pending withdrawal: the hold is released, nothing else
// moves, and the member is told the reason.
func RejectWithdrawal(ctx context.Context, tx *store.Tx, id int64, reason string, by Actor, lang string) (store.WithdrawalRequest, error) {
	return withdrawals.decline(ctx, tx, id, reason, by, lang, "rejecting a withdrawal", rejectWithdrawal, catalog.Messages.WithdrawalRejected)
}

// MemberCancelsWithdrawal is the member m taking back a withdrawal they asked for, before
// staff paid it: the hold released as in a rejection, with no reason, by the member (the
// caller tells staff), recorded as cancelled. A withdrawal decided meanwhile is refused as
// not pending, and returned as it stands.
func MemberCancelsWithdrawal(ctx context.Context, tx *store.Tx, id int64, m store.Member) (store.WithdrawalRequest, error) {
	return withdrawals.memberCancels(ctx, tx, id, m, releaseWithdrawal(store.WithdrawalCancelled))
}

// rejectWithdrawal releases the hold of the pending withdrawal w and records it as rejected.
var rejectWithdrawal = releaseWithdrawal(store.WithdrawalRejected)

// releaseWithdrawal releases the hold of a pending withdrawal and records it as status
// (rejected by staff, cancelled by the member).
func releaseWithdrawal(status store.RequestStatus) func(context.Context, *store.Tx, store.WithdrawalRequest, string, Actor) (store.WithdrawalRequest, error) {
	return func(ctx context.Context, tx *store.Tx, w store.WithdrawalRequest, reason string, by Actor) (store.WithdrawalRequest, error) {
		if err := tx.ReleaseHold(ctx, w.Account.ID, w.Amount); err != nil {
			return w, fmt.Errorf("release withdrawal %s as %s: %w", w.No(), status, err)
		}
		return withdrawals.record(ctx, tx, w, status, reason, by, "")
	}
}
