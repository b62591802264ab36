package coop

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// Four eyes (maker-checker) on large money: a disbursement, a reversal, a cash withdrawal
// or a withdrawal to pay by transfer above the configured amount is recorded as a request
// (an approval, APV-000012) instead of moving money; a different staff member approves it,
// and only then does it run, once, under the key approval:ID. Every front end (the CLI, the
// admin menu, the web) goes through Run, Approve and RejectApproval: the rule lives here.

// FourEyes says which operations wait for a second staff member, from config (four_eyes:).
// An operation waits when its amount is above its limit; a limit of 0 holds every one. The
// zero FourEyes (On false) holds none.
type FourEyes struct {
	On             bool
	Disbursement   int64         // a loan's principal
	Reversal       int64         // what the reversed transaction moved
	CashWithdrawal int64         // cash paid out at the counter
	Withdrawal     int64         // a member's withdrawal paid by transfer
	Expire         time.Duration // a request not decided in this long expires; 0: never
}

// Holds reports whether an operation of the kind moving amount waits for a second staff member.
func (f FourEyes) Holds(kind store.ApprovalKind, amount int64) bool {
	if !f.On {
		return false
	}
	limit := map[store.ApprovalKind]int64{store.ApprovalDisbursement: f.Disbursement, store.ApprovalReversal: f.Reversal,
		store.ApprovalCashWithdrawal: f.CashWithdrawal, store.ApprovalWithdrawal: f.Withdrawal}[kind]
	return amount > limit
}

// Validate refuses limits below zero.
func (f FourEyes) Validate() error {
	for name, v := range map[string]int64{"disbursement": f.Disbursement, "reversal": f.Reversal, "cash_withdrawal": f.CashWithdrawal, "withdrawal": f.Withdrawal} {
		if v < 0 {
			return fmt.Errorf("four_eyes.%s: %d is below zero (0 holds every one)", name, v)
		}
	}
	if f.Expire < 0 {
		return fmt.Errorf("four_eyes.expire_after: %s is below zero (0: never)", f.Expire)
	}
	return nil
}

// Operation is a money operation four eyes may hold, with exactly the parameters that
// replay it: kept as JSON on the approval.
type Operation struct {
	Kind       store.ApprovalKind `json:"kind"`
	Loan       string             `json:"loan,omitempty"`       // disbursement: the loan account
	Savings    string             `json:"savings,omitempty"`    // disbursement: the borrower's savings account
	Journal    string             `json:"journal,omitempty"`    // reversal: the key or reference reversed
	Reason     string             `json:"reason,omitempty"`     // reversal: why, told to the member
	Account    string             `json:"account,omitempty"`    // cash withdrawal: the savings account
	Amount     int64              `json:"amount,omitempty"`     // cash withdrawal
	Memo       string             `json:"memo,omitempty"`       // cash withdrawal: the note, if any
	Withdrawal int64              `json:"withdrawal,omitempty"` // withdrawal: the request's ID
}

// Disbursement pays an approved loan out into the borrower's savings (DisburseLoan).
func Disbursement(loanAccount, savingsAccount string) Operation {
	return Operation{Kind: store.ApprovalDisbursement, Loan: loanAccount, Savings: savingsAccount}
}

// Reversal undoes a journal transaction (Reverse).
func Reversal(journal, reason string) Operation {
	return Operation{Kind: store.ApprovalReversal, Journal: journal, Reason: reason}
}

// CashOut pays cash out of a savings account at the counter (CashWithdrawal).
func CashOut(account string, amount int64, memo string) Operation {
	return Operation{Kind: store.ApprovalCashWithdrawal, Account: account, Amount: amount, Memo: memo}
}

// WithdrawalPaid records a member's withdrawal as transferred (PayWithdrawal).
func WithdrawalPaid(id int64) Operation {
	return Operation{Kind: store.ApprovalWithdrawal, Withdrawal: id}
}

// Outcome is what an operation did: moved money (Receipt; for a withdrawal paid, also
// Withdrawal), or, held by four eyes, the request waiting for a second staff member.
type Outcome struct {
	Receipt    store.Receipt
	Withdrawal store.WithdrawalRequest
	Waiting    store.Approval
}

// Held reports whether the operation waits for a second approval (nothing moved).
func (o Outcome) Held() bool { return o.Waiting.ID != 0 }

// perform runs the operation now, as op.By under op.Key (a withdrawal paid keeps its own key).
func (o Operation) perform(ctx context.Context, tx *store.Tx, op TellerOp) (Outcome, error) {
	var out Outcome
	var err error
	switch o.Kind {
	case store.ApprovalDisbursement:
		out.Receipt, err = DisburseLoan(ctx, tx, op, o.Loan, o.Savings)
	case store.ApprovalReversal:
		out.Receipt, err = Reverse(ctx, tx, op, o.Journal, o.Reason)
	case store.ApprovalCashWithdrawal:
		out.Receipt, err = CashWithdrawal(ctx, tx, op, o.Account, o.Amount, o.Memo)
	case store.ApprovalWithdrawal:
		out.Withdrawal, out.Receipt.Ref, err = PayWithdrawal(ctx, tx, o.Withdrawal, op.By, op.Lang)
		out.Receipt.Key, out.Receipt.Amount = out.Withdrawal.JournalKey, out.Withdrawal.Amount
		out.Receipt.Account = out.Withdrawal.Account
	default:
		err = fmt.Errorf("four eyes: no operation %q", o.Kind)
	}
	return out, err
}

// subject is what the operation is on, as staff lists show it: the loan or account masked,
// the journal reference, the withdrawal's number.
func (o Operation) subject(out Outcome) string {
	switch o.Kind {
	case store.ApprovalDisbursement:
		return out.Receipt.Loan.Masked()
	case store.ApprovalReversal:
		return out.Receipt.Reverses
	case store.ApprovalWithdrawal:
		return out.Withdrawal.No()
	}
	return out.Receipt.Account.Masked()
}

// Run does the operation now, or, when four eyes holds it, records it as a request for a
// second staff member and moves nothing. What could not run now is refused now (it is
// tried and undone first), so a request never waits for something impossible. A request
// needs a named maker: op.By cannot be nobody in particular (CLI without -by, web).
func Run(ctx context.Context, tx *store.Tx, fe FourEyes, op TellerOp, o Operation) (Outcome, error) {
	if !fe.On {
		return o.perform(ctx, tx, op)
	}
	if op.Key != "" { // the same request again: its first outcome, as perform answers repeats
		if _, err := tx.PostedByKey(ctx, op.Key); err == nil {
			return o.perform(ctx, tx, op)
		} else if !errors.Is(err, store.ErrNotFound) {
			return Outcome{}, err
		}
		// ... or the request it made, waiting or decided since: never a second one, which
		// a checker could approve as well.
		if a, err := tx.ApprovalByRequestKey(ctx, op.Key); err == nil {
			return repeated(ctx, tx, a, op, o)
		} else if !errors.Is(err, store.ErrNotFound) {
			return Outcome{}, err
		}
	}
	var trial Outcome
	err := tx.DryRun(ctx, func() error {
		tried := op
		tried.Key = store.KeyApproval.Key("trial")
		var err error
		trial, err = o.perform(ctx, tx, tried)
		return err
	})
	if err != nil {
		return Outcome{}, err
	}
	if !fe.Holds(o.Kind, trial.Receipt.Amount) {
		return o.perform(ctx, tx, op)
	}
	if op.By.Anonymous() {
		return Outcome{}, errors.New("four eyes: say which staff member asks for it (-by NAME): a second staff member must approve it")
	}
	params, err := json.Marshal(o)
	if err != nil {
		return Outcome{}, fmt.Errorf("four eyes: %w", err)
	}
	branch := trial.Receipt.Member.Branch
	if o.Kind == store.ApprovalWithdrawal {
		branch = trial.Withdrawal.Branch
	}
	maker, err := decidedWith(ctx, tx, op.By, AuditApprovalRequest, o.subject(trial), branch, parse.Rupiah(trial.Receipt.Amount))
	if err != nil {
		return Outcome{}, err
	}
	a, err := tx.CreateApproval(ctx, store.Approval{Branch: branch, Kind: o.Kind, Subject: o.subject(trial), Amount: trial.Receipt.Amount,
		Params: string(params), Maker: string(maker), RequestKey: op.Key})
	if err != nil {
		return Outcome{}, fmt.Errorf("four eyes: record the request: %w", err)
	}
	return Outcome{Waiting: a}, nil
}

// repeated answers a request made again after it became approval a: still waiting, its
// movement's first outcome once approved (nothing moves twice), or why it will not run.
func repeated(ctx context.Context, tx *store.Tx, a store.Approval, op TellerOp, o Operation) (Outcome, error) {
	switch a.Status {
	case store.ApprovalPending:
		return Outcome{Waiting: a}, nil
	case store.ApprovalApproved:
		op.Key, op.By = store.KeyApproval.KeyID(a.ID), Actor(a.Maker)
		return o.perform(ctx, tx, op)
	}
	return Outcome{}, &Refusal{Code: NotPending, What: "approval", Subject: a.No(), Status: string(a.Status), By: a.Checker, At: a.DecidedAt}
}

// SamePerson reports whether two actors are one person: a maker may not be the checker.
// Each is first resolved to the staff account it is (Resolve: a WhatsApp number linked to
// an account, a CLI -by naming its username), so siti on the web, on her WhatsApp and at
// the command line is one person.
func SamePerson(ctx context.Context, tx *store.Tx, a, b Actor) (bool, error) {
	ra, err := Resolve(ctx, tx, Actor(strings.TrimSpace(string(a))))
	if err != nil {
		return false, err
	}
	rb, err := Resolve(ctx, tx, Actor(strings.TrimSpace(string(b))))
	if err != nil {
		return false, err
	}
	return ra == rb, nil
}

// Anonymous reports whether the actor names no staff member: the command line without
// -by, the admin pages without a user, kopbot itself.
func (a Actor) Anonymous() bool {
	switch strings.TrimSpace(string(a)) {
	case "", string(CLI), "web", string(Kopbot):
		return true
	}
	return false
}

// phoneOf is the WhatsApp number an actor is reached on, when there is one.
func phoneOf(a Actor) (string, bool) {
	return strings.CutPrefix(string(a), "wa:")
}

// Checker is the second staff member deciding a request, and how what it runs is told.
type Checker struct {
	By   Actor
	Lang string // the member's language when they have not chosen one
	// Loc and LateFeeBP are as in TellerOp.
	Loc       *time.Location
	LateFeeBP int64
}

// pendingApproval loads the approval with the given ID for checker by to decide: it waits
// (not decided, not expired).
func pendingApproval(ctx context.Context, tx *store.Tx, fe FourEyes, id int64, by Actor) (store.Approval, error) {
	if by.Anonymous() {
		return store.Approval{}, errors.New("four eyes: say which staff member decides (-by NAME)")
	}
	a, err := tx.Approval(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return a, fmt.Errorf("there is no approval %s: %w", store.NewRef(store.RefApproval, id), store.ErrNotFound)
	}
	if err != nil {
		return a, err
	}
	if a.Status != store.ApprovalPending {
		return a, &Refusal{Code: NotPending, What: "approval", Subject: a.No(), Status: string(a.Status), By: a.Checker, At: a.DecidedAt}
	}
	if expired(fe, a, tx.Now()) {
		return a, &Refusal{Code: ApprovalExpired, Subject: a.No(), At: a.MadeAt.Add(fe.Expire)}
	}
	return a, nil
}

func expired(fe FourEyes, a store.Approval, now time.Time) bool {
	return fe.Expire > 0 && a.Status == store.ApprovalPending && now.After(a.MadeAt.Add(fe.Expire))
}

// Approve is a second staff member approving a waiting request: the operation runs now,
// once, under the key approval:ID, as the maker's (the journal's author), and the approval
// records the checker and the movement's key. The maker cannot approve their own
// (OwnApproval). An operation whose state changed meanwhile (the loan disbursed already,
// the balance no longer enough) is refused as it would be at the counter, and the caller's
// transaction, rolled back, leaves the request waiting: the checker may reject it. The
// maker, when on WhatsApp, is told.
func Approve(ctx context.Context, tx *store.Tx, fe FourEyes, id int64, c Checker) (store.Approval, Outcome, error) {
	a, err := pendingApproval(ctx, tx, fe, id, c.By)
	if err != nil {
		return a, Outcome{}, err
	}
	if same, err := SamePerson(ctx, tx, Actor(a.Maker), c.By); err != nil || same {
		return a, Outcome{}, cmp.Or(err, error(&Refusal{Code: OwnApproval, Subject: a.No()}))
	}
	var o Operation
	if err := json.Unmarshal([]byte(a.Params), &o); err != nil {
		return a, Outcome{}, fmt.Errorf("approval %s: read its operation: %w", a.No(), err)
	}
	op := TellerOp{Key: store.KeyApproval.KeyID(a.ID), By: Actor(a.Maker), Lang: c.Lang, Loc: c.Loc, LateFeeBP: c.LateFeeBP}
	var out Outcome
	err = tx.AllOrNothing(ctx, func() (err error) { // refused half way, nothing of it stays
		out, err = o.perform(ctx, tx, op)
		return err
	})
	if err != nil {
		return a, Outcome{}, fmt.Errorf("approve %s: %w", a.No(), err)
	}
	checker, err := decidedWith(ctx, tx, c.By, AuditApprovalApprove, a.No(), a.Branch, out.Receipt.Ref)
	if err != nil {
		return a, Outcome{}, err
	}
	if err := tx.DecideApproval(ctx, a.ID, store.ApprovalApproved, string(checker), "", out.Receipt.Key); err != nil {
		return a, Outcome{}, err
	}
	if a, err = tx.Approval(ctx, a.ID); err != nil {
		return a, Outcome{}, err
	}
	return a, out, tellMaker(ctx, tx, a, out.Receipt.Ref, c.Lang)
}

// RejectApproval turns a waiting request down with a reason; nothing moves. The maker may
// take back their own this way; the maker, when on WhatsApp, is told.
func RejectApproval(ctx context.Context, tx *store.Tx, fe FourEyes, id int64, reason string, c Checker) (store.Approval, error) {
	reason, err := checkDecisionReason(reason, "rejecting a request")
	if err != nil {
		return store.Approval{}, err
	}
	a, err := pendingApproval(ctx, tx, fe, id, c.By)
	if err != nil {
		return a, err
	}
	checker, err := decidedWith(ctx, tx, c.By, AuditApprovalReject, a.No(), a.Branch, reason)
	if err != nil {
		return a, err
	}
	if err := tx.DecideApproval(ctx, a.ID, store.ApprovalRejected, string(checker), reason, ""); err != nil {
		return a, err
	}
	if a, err = tx.Approval(ctx, a.ID); err != nil {
		return a, err
	}
	if Actor(a.Maker) == checker { // taken back by the maker: nobody to tell
		return a, nil
	}
	return a, tellMaker(ctx, tx, a, "", c.Lang)
}

// tellMaker tells the maker of a decided request, on WhatsApp when they asked from there.
func tellMaker(ctx context.Context, tx *store.Tx, a store.Approval, ref, lang string) error {
	phone, ok := phoneOf(Actor(a.Maker))
	if u, staff := strings.CutPrefix(a.Maker, "staff:"); staff {
		s, err := tx.Staff(ctx, u)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		phone, ok = s.Phone, s.Phone != "" && !s.Disabled
	}
	if !ok {
		return nil
	}
	return Notify(ctx, tx, a.Branch, phone, lang, func(msg catalog.Messages) string { return msg.ApprovalDecided(a, ref) })
}

// WaitingApprovals lists the requests of a branch (every branch when empty) waiting for a
// second staff member, oldest first; those past four_eyes.expire_after are recorded as
// expired on the way, and left out.
func WaitingApprovals(ctx context.Context, tx *store.Tx, fe FourEyes, branch string) ([]store.Approval, error) {
	all, err := tx.Approvals(ctx, branch, store.ApprovalPending)
	if err != nil {
		return nil, err
	}
	var waiting []store.Approval
	for _, a := range all {
		if expired(fe, a, tx.Now()) {
			if err := tx.DecideApproval(ctx, a.ID, store.ApprovalExpired, string(Kopbot), "", ""); err != nil {
				return nil, err
			}
			continue
		}
		waiting = append(waiting, a)
	}
	return waiting, nil
}
