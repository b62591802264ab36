package coop

import (
	"fmt"
	"time"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// RefusalCode names an expected "no" of the cooperative's rules. It is an error itself, so
// errors.Is(err, coop.NotPending) asks whether err is a refusal of that code.
type RefusalCode string

func (c RefusalCode) Error() string { return string(c) }

// The refusals, with the figures of a Refusal each one fills in.
const (
	ReasonTooShort RefusalCode = "reason_too_short" // Min: the fewest letters; Got: how many there were
	// NotPending: a decision on something decided already. Subject: its number; Status,
	// By, At: the decision it had (By and At when known).
	NotPending RefusalCode = "not_pending"
	// KTPTaken: Subject: the KTP verification; Other: the NIK, masked.
	KTPTaken RefusalCode = "ktp_taken"

	// Teller. Subject is the account (masked) or the journal reference.
	BadAccountNumber RefusalCode = "bad_account_number" // Subject: what was typed
	NoSuchAccount    RefusalCode = "no_such_account"    // Subject: the account, masked
	NoLoan           RefusalCode = "no_loan"            // Subject: the account, masked; Status: its kind
	NotSavings       RefusalCode = "not_savings"        // Subject: the account, masked; Status: its kind
	AccountInactive  RefusalCode = "account_inactive"   // Subject: the account, masked; Status: frozen, closed
	LockedSavings    RefusalCode = "locked_savings"     // Subject: simpanan pokok or wajib, masked
	OtherMember      RefusalCode = "other_member"       // Subject: the savings account, masked
	LoanNotActive    RefusalCode = "loan_not_active"    // Subject: the loan, masked; Status: paid, written off
	AlreadyDisbursed RefusalCode = "already_disbursed"  // Subject: the loan, masked
	NotDisbursed     RefusalCode = "not_disbursed"      // Subject: the loan, masked
	NothingOwed      RefusalCode = "nothing_owed"       // Subject: the loan, masked
	// PokokPaid: more paid into simpanan pokok than it still takes, paid once. Subject: the
	// account, masked; Got: the amount; Max: what it still takes (zero: paid in full).
	PokokPaid RefusalCode = "pokok_paid"
	// OverWithdrawable: more asked of savings than may leave it. Subject: the account,
	// masked; Got: asked; Max: what may be withdrawn; Balance, Held, Min: the balance, what
	// is held, the product's minimum balance.
	OverWithdrawable RefusalCode = "over_withdrawable"
	// Overpayment: more than a loan still owes. Subject: the loan, masked; Got: the payment; Max: what is owed.
	Overpayment     RefusalCode = "overpayment"
	AlreadyReversed RefusalCode = "already_reversed" // Subject: the original; Other: its reversal
	IsReversal      RefusalCode = "is_reversal"      // Subject: the reversal
	CannotReverse   RefusalCode = "cannot_reverse"   // Subject: the original; Status: why, in words
	KeyUsed         RefusalCode = "key_used"         // Subject: the key; Other: the movement it made; Status: its kind
	NoJournal       RefusalCode = "no_journal"       // Subject: the key or reference typed, which no journal transaction has

	// Time deposits. Subject: the deposit account, masked.
	NoDeposit       RefusalCode = "no_deposit"        // Status: the account's kind
	DepositClosed   RefusalCode = "deposit_closed"    // At: the day it ended, when known
	DepositMatured  RefusalCode = "deposit_matured"   // At: its maturity: the day's close pays it out, by its instruction
	NoPayoutAccount RefusalCode = "no_payout_account" // Other: its savings account, masked, which is not active (empty: none)
	BelowMinOpening RefusalCode = "below_min_opening" // Subject: the product; Got: the amount; Min: its minimum opening
	BadTenor        RefusalCode = "bad_tenor"         // Subject: the product; Got: the months asked

	// The day's close. Subject: the day (2026-12-05).
	DayClosed    RefusalCode = "day_closed"      // At: when its close finished
	DayNotOver   RefusalCode = "day_not_over"    // a day still to come
	DayOutOfTurn RefusalCode = "day_out_of_turn" // Other: the earlier day to close first

	// A branch's opening balances (OpenBooks). Subject: the branch.
	BooksOpened      RefusalCode = "books_opened"       // At, By: when and by whom they were recorded
	NoOpeningBalance RefusalCode = "no_opening_balance" // neither cash nor bank was given

	// QRIS settlement. Subject: the invoice.
	NoInvoice       RefusalCode = "no_invoice"
	InvoicePaid     RefusalCode = "invoice_paid"     // paid by another transaction
	TransactionUsed RefusalCode = "transaction_used" // Other: the transaction, which paid Subject
	AmountMismatch  RefusalCode = "amount_mismatch"  // Max: the invoice's amount; Got: the payment's
	InvoiceExpired  RefusalCode = "invoice_expired"  // At: when it expired

	// A member's record (lifecycle.go, leave.go). Subject: the member number unless said.
	MemberNotActive RefusalCode = "member_not_active" // Status: the member's status (closed, rejected, suspended, active)
	NothingChanged  RefusalCode = "nothing_changed"   // the change asked is what the record holds
	BadPhone        RefusalCode = "bad_phone"         // Subject: what was typed
	// RecipientNotActive: a transfer to the account of a member who is suspended or has left.
	// Subject: the account, masked; Status: the member's status (suspended, closed).
	RecipientNotActive RefusalCode = "recipient_not_active"
	PhoneTaken         RefusalCode = "phone_taken"     // Subject: the phone, masked; Other: the member (or application) using it
	BadMemberData      RefusalCode = "bad_member_data" // Subject: the field (name, gender, ceiling)
	BadNIK             RefusalCode = "bad_nik"         // Subject: the NIK, masked; Status: the part that is wrong
	NIKDisagrees       RefusalCode = "nik_disagrees"   // Subject: the NIK, masked; At: its birth date; Status: its gender
	NIKTaken           RefusalCode = "nik_taken"       // Subject: the NIK, masked; Other: the member holding it
	// LeaveShortfall: loans and fees owed exceed the savings. Got: owed; Max: the savings; Min: the shortfall.
	LeaveShortfall RefusalCode = "leave_shortfall"
	// LeaveBlocked: something to settle first. Status: time_deposit, pending_withdrawal or
	// loan_not_disbursed; Other: its account, masked.
	LeaveBlocked RefusalCode = "leave_blocked"

	// Four eyes (foureyes.go). Subject: the approval (APV-000012).
	OwnApproval     RefusalCode = "own_approval"     // the maker tried to approve their own request
	ApprovalExpired RefusalCode = "approval_expired" // At: when it expired

	// AdminOnly: what only the cooperative's admin may do (reset a staff PIN). Subject: who
	// tried, as the audit log names them; Status: their role, empty when no staff account.
	AdminOnly RefusalCode = "admin_only"
	// OtherBranch: a staff member deciding on another branch's work. Subject: the work;
	// Other: its branch; By: the staff member, as the audit log names them.
	OtherBranch RefusalCode = "other_branch"
)

// Refusal is an expected "no", with the figures a front end needs to say why. It never
// holds a full account number or NIK: Subject and Other are masked where they name one.
type Refusal struct {
	Code RefusalCode
	// Subject is what was refused: a document number (REG-000001, SET-000001, TRX-000064),
	// a masked account number, a key; What is the kind of document when the number does
	// not say it in a sentence ("application", "loan application", "KTP verification").
	Subject, What string
	Other         string // the other thing involved: the reversal that undid it, the movement a key made
	Status        string // the state the subject is in, or why it cannot be done
	By            string // who decided it, when it was decided already
	At            time.Time
	Min, Max, Got int64
	Balance, Held int64
}

// Is makes errors.Is(err, code) hold for a refusal of that code, and the store's own
// errors for the refusals that are the same "no": an inactive account, too little money.
func (r *Refusal) Is(target error) bool {
	switch target {
	case r.Code:
		return true
	case store.ErrAccountInactive:
		return r.Code == AccountInactive
	case store.ErrInsufficientFunds:
		return r.Code == OverWithdrawable
	}
	return false
}

// Error is the refusal as one English sentence, for logs and the command line (which
// says some in its own words: cmd/kopbot's refusalText); WhatsApp (flows) and the web
// (web's refusalText, with the QRIS answers to the gateway) say it in theirs.
func (r *Refusal) Error() string {
	switch r.Code {
	case ReasonTooShort:
		return fmt.Sprintf("a reason the member can act on needs at least %d letters (this one has %d)", r.Min, r.Got)
	case NotPending:
		if r.What == "" && r.By != "" {
			return fmt.Sprintf("%s is not waiting for a decision: it was already %s by %s at %s; nothing changed", r.Subject, r.Status, r.By, r.At.Format("2006-01-02 15:04"))
		}
		return fmt.Sprintf("%s is not waiting for a decision (it is %s)", r.named(), r.Status)
	case KTPTaken:
		return fmt.Sprintf("%s: NIK %s: NIK is already verified for another member", r.named(), r.Other)
	case BadAccountNumber:
		return fmt.Sprintf("%q is not an account number (10 digits, the last a check digit)", r.Subject)
	case NoSuchAccount:
		return fmt.Sprintf("there is no account %s", r.Subject)
	case NoLoan:
		return fmt.Sprintf("account %s holds no loan (it is a %s account)", r.Subject, r.Status)
	case NotSavings:
		return fmt.Sprintf("account %s is not a savings account (it is a %s account)", r.Subject, r.Status)
	case AccountInactive:
		return fmt.Sprintf("account %s is %s: no money moves in or out of it until it is active again", r.Subject, r.Status)
	case LockedSavings:
		return fmt.Sprintf("account %s is simpanan pokok or wajib, which stays until the member leaves the cooperative", r.Subject)
	case PokokPaid:
		if r.Max == 0 {
			return fmt.Sprintf("simpanan pokok %s is paid in full: it takes no more deposits", r.Subject)
		}
		return fmt.Sprintf("simpanan pokok %s takes only %s more (%s asked)", r.Subject, parse.Rupiah(r.Max), parse.Rupiah(r.Got))
	case OtherMember:
		return fmt.Sprintf("savings account %s belongs to another member than the loan's", r.Subject)
	case LoanNotActive:
		return fmt.Sprintf("loan %s is not active (it is %s)", r.Subject, r.Status)
	case AlreadyDisbursed:
		return fmt.Sprintf("loan %s was already disbursed", r.Subject)
	case NotDisbursed:
		return fmt.Sprintf("loan %s has not been disbursed yet: disburse it first", r.Subject)
	case NothingOwed:
		return fmt.Sprintf("loan %s has nothing left to pay", r.Subject)
	case OverWithdrawable:
		return fmt.Sprintf("account %s: %s asked, but at most %s can be withdrawn (balance %s, held %s, minimum balance %s)",
			r.Subject, parse.Rupiah(r.Got), parse.Rupiah(r.Max), parse.Rupiah(r.Balance), parse.Rupiah(r.Held), parse.Rupiah(r.Min))
	case Overpayment:
		return fmt.Sprintf("loan %s: %s is more than everything it still owes (%s, late fees included); take at most that",
			r.Subject, parse.Rupiah(r.Got), parse.Rupiah(r.Max))
	case OverPayoff:
		return fmt.Sprintf("loan %s: %s is more than the payoff amount today (%s); repay at most that", r.Subject, parse.Rupiah(r.Got), parse.Rupiah(r.Max))
	case PrepayTooSmall:
		return fmt.Sprintf("loan %s: %s repays no principal; a partial repayment is at least %s (what is due, then principal with its interest to date)",
			r.Subject, parse.Rupiah(r.Got), parse.Rupiah(r.Min))
	case PrepayPartlyPaid:
		return fmt.Sprintf("loan %s: the next installment is partly paid; pay it in full first, or pay the loan off", r.Subject)
	case AlreadyReversed:
		return fmt.Sprintf("%s was already reversed by %s; nothing changed", r.Subject, r.Other)
	case IsReversal:
		return fmt.Sprintf("%s is itself a reversal: post the movement again instead", r.Subject)
	case CannotReverse:
		return fmt.Sprintf("%s cannot be reversed: %s", r.Subject, r.Status)
	case KeyUsed:
		return fmt.Sprintf("key %q was already used for another movement (%s)", r.Subject, r.Other)
	case NoJournal:
		return fmt.Sprintf("no journal transaction has the key or reference %q", r.Subject)
	case OtherBranch:
		return fmt.Sprintf("%s is branch %s's: %s does not work there; nothing changed", r.Subject, r.Other, r.By)
	}
	if s, ok := r.memberError(); ok {
		return s
	}
	if s, ok := r.fourEyesError(); ok {
		return s
	}
	if s, ok := r.depositError(); ok {
		return s
	}
	if s, ok := r.booksError(); ok {
		return s
	}
	if s, ok := r.shuError(); ok {
		return s
	}
	if s, ok := r.outboxError(); ok {
		return s
	}
	return fmt.Sprintf("%s: %s", r.Code, r.Subject)
}

// named is the subject with its kind: "application REG-000001".
func (r *Refusal) named() string {
	if r.What == "" {
		return r.Subject
	}
	return r.What + " " + r.Subject
}

// memberError is a refusal about a member's record as one English sentence.
func (r *Refusal) memberError() (string, bool) {
	switch r.Code {
	case MemberNotActive:
		return fmt.Sprintf("member %s is %s: that cannot be done to them now", r.Subject, r.Status), true
	case RecipientNotActive:
		return fmt.Sprintf("account %s belongs to a member who is %s: it receives no transfers", r.Subject, r.Status), true
	case NothingChanged:
		return fmt.Sprintf("member %s already has that; nothing changed", r.Subject), true
	case BadPhone:
		return fmt.Sprintf("%q is not a phone number (write it like 0812-3456-7890 or 6281234567890)", r.Subject), true
	case PhoneTaken:
		return fmt.Sprintf("phone %s is %s's: a number belongs to one member", r.Subject, r.Other), true
	case BadMemberData:
		return fmt.Sprintf("the %s given is not valid", r.Subject), true
	case BadNIK:
		return fmt.Sprintf("NIK %s is not a valid NIK (its %s is wrong)", r.Subject, r.Status), true
	case NIKDisagrees:
		return fmt.Sprintf("NIK %s says born %s, %s: it disagrees with the birth date or gender", r.Subject, r.At.Format(time.DateOnly), r.Status), true
	case NIKTaken:
		return fmt.Sprintf("NIK %s is already member %s's", r.Subject, r.Other), true
	case LeaveShortfall:
		return fmt.Sprintf("member %s owes %s in loans and fees but has %s in savings: %s must be paid before they can leave",
			r.Subject, parse.Rupiah(r.Got), parse.Rupiah(r.Max), parse.Rupiah(r.Min)), true
	case LeaveBlocked:
		what := map[string]string{"time_deposit": "has a time deposit %s: pay it out early (kopbot teller break-deposit) or wait for its maturity first",
			"pending_withdrawal": "has a withdrawal waiting on account %s: pay or reject it first",
			"loan_not_disbursed": "has loan %s approved and not disbursed: settle it with the member first"}[r.Status]
		return fmt.Sprintf("member %s "+what, r.Subject, r.Other), true
	}
	return "", false
}

// fourEyesError is a refusal of four eyes as one English sentence.
func (r *Refusal) fourEyesError() (string, bool) {
	switch r.Code {
	case OwnApproval:
		return fmt.Sprintf("%s is your own request: a second staff member must approve it", r.Subject), true
	case ApprovalExpired:
		return fmt.Sprintf("%s expired at %s without a decision: ask for it again", r.Subject, r.At.Format("2006-01-02 15:04")), true
	case AdminOnly:
		if r.Status == "" {
			return fmt.Sprintf("only an admin's staff account can do this: %q is none (name one with -by)", r.Subject), true
		}
		return fmt.Sprintf("only an admin's staff account can do this: %s is a %s", r.Subject, r.Status), true
	}
	return "", false
}
