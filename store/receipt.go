package store

import "time"

// Receipt is what a teller operation did.
type Receipt struct {
	Ref       string // TRX-000123, from the journal ID
	JournalID int64
	Key       string // the journal's idempotency key
	Kind      JournalKind
	Memo      Memo
	Amount    int64   // what moved
	Account   Account // the member's savings account, after the movement (zero for a payment in cash)
	Loan      Account // the loan account after the movement, for disbursements and payments
	Member    Member
	At        time.Time // when it was posted, in the cooperative's time zone
	// Reverses is, for a reversal, the reference of the journal transaction it reverses;
	// Lines are then the reversal's postings, with the accounts after it.
	Reverses  string
	Lines     []PostedLine
	Duplicate bool // the key had been applied already: nothing moved and nobody was told again
}

// Payment is what an installment payment did.
type Payment struct {
	Receipt
	LateFees, Interest, Principal int64
	Parts                         []InstallmentAllocation // installment by installment, oldest first
	Cleared                       []int                   // installments the payment left fully paid
	Remaining                     int64                   // principal still owed after the payment
	Settled                       bool                    // the loan is paid off
	Next                          InstallmentDue          // the oldest installment still open, unless Settled
	// Overdue installments left after the payment, and what they ask for with their late fees.
	Overdue int
	Arrears int64
}

// InstallmentDue is what one installment still asks for on a given day.
type InstallmentDue struct {
	No        int
	Due       time.Time
	DaysLate  int   // 0 unless overdue
	LateFee   int64 // late fees so far, less those already paid on it
	Interest  int64 // interest not yet paid
	Principal int64 // principal not yet paid
}

// Total is what the installment still asks for, late fee included.
func (d InstallmentDue) Total() int64 { return d.LateFee + d.Interest + d.Principal }

// LoanDue is what a loan asks for on a given day.
type LoanDue struct {
	Loan         Loan
	Installments []InstallmentDue // every installment not yet fully paid, oldest first
	Now          int64            // due now: every overdue installment with its late fees, or else the next installment
	Total        int64            // everything still owed: every installment left and the late fees so far
	LateFees     int64
	Overdue      int
}

// WajibDue is a member's simpanan wajib standing: the months not yet paid, oldest first.
type WajibDue struct {
	Account Account
	Monthly int64
	Unpaid  []time.Time // first day of each unpaid month
}
