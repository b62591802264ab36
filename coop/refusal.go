package coop

import (
	"fmt"
	"time"
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
	BadAccountNumber  RefusalCode = "bad_account_number"  // Subject: what was typed
	NoSuchAccount     RefusalCode = "no_such_account"     // Subject: the account, masked
	NoLoan            RefusalCode = "no_loan"             // Subject: the account, masked; Status: its kind
	NotSavings        RefusalCode = "not_savings"         // Subject: the account, masked; Status: its kind
	AccountInactive   RefusalCode = "account_inactive"    // Subject: the account, masked; Status: frozen, closed
	LockedSavings     RefusalCode = "locked_savings"      // Subject: simpanan pokok or wajib, masked
	OtherMember       RefusalCode = "other_member"        // Subject: the savings account, masked
	LoanNotActive     RefusalCode = "loan_not_active"     // Subject: the loan, masked; Status: paid, written off
	AlreadyDisbursed  RefusalCode = "already_disbursed"   // Subject: the loan, masked
	NotDisbursed      RefusalCode = "not_disbursed"       // Subject: the loan, masked
	NothingOwed       RefusalCode = "nothing_owed"        // Subject: the loan, masked
	AmountNotPositive RefusalCode = "amount_not_positive" // Subject: the account, masked
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

	// QRIS settlement. Subject: the invoice.
	NoInvoice       RefusalCode = "no_invoice"
	InvoicePaid     RefusalCode = "invoice_paid"     // paid by another transaction
	TransactionUsed RefusalCode = "transaction_used" // Other: the transaction, which paid Subject
	AmountMismatch  RefusalCode = "amount_mismatch"  // Max: the invoice's amount; Got: the payment's
	InvoiceExpired  RefusalCode = "invoice_expired"  // At: when it expired
)

// Refusal is an expected "no", with the figures a front end needs to say why.
type Refusal struct {
	Code          RefusalCode
	Subject       string // what was refused: a document number, a masked account number
	Other         string // the other thing involved: the reversal that undid it, the movement a key made
	Status        string // the state the subject is in
	By            string // who decided it, when it was decided already
	At            time.Time
	Min, Max, Got int64
	Balance, Held int64
}

// Is makes errors.Is(err, code) hold for a refusal of that code.
func (r *Refusal) Is(target error) bool {
	c, ok := target.(RefusalCode)
	return ok && c == r.Code
}

// Error is the refusal in English for logs and wrapped errors; each front end says it in
// its own words (flows: refused, cmd/kopbot: refusalText, web: refusalText).
func (r *Refusal) Error() string {
	switch r.Code {
	case ReasonTooShort:
		return fmt.Sprintf("a reason the member can act on needs at least %d letters (this one has %d)", r.Min, r.Got)
	case NotPending:
		return fmt.Sprintf("%s is not waiting for a decision (it is %s)", r.Subject, r.Status)
	}
	return fmt.Sprintf("%s: %s", r.Code, r.Subject)
}
