package catalog

import (
	"time"

	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/store"
)

// TransferLine is one side of a transfer as a member reads it.
type TransferLine struct {
	Number, Product, Name string // Name is masked for another member's account
	Own                   bool
}

// DepositLine is a time deposit with what the member wants to know of it.
type DepositLine struct {
	Deposit  store.TimeDeposit
	Interest int64 // expected before tax: this month's when paid monthly, else the term's at maturity
	DaysLeft int
}

// LoanLine is a loan with its standing today; an approved loan not yet paid out (Waiting)
// has no standing yet, only its Terms as the disbursement would make them today.
type LoanLine struct {
	Loan        store.Loan
	Waiting     bool
	Terms       Simulation
	Outstanding int64 // principal still owed
	Paid, Count int   // installments paid, of all
	Next        store.Installment
	HasNext     bool
	Arrears     int64 // installments due and unpaid
	LateFees    int64 // so far, on the arrears
	Overdue     int   // installments overdue
}

// Simulation is a loan worked out for a member.
type Simulation struct {
	Product     store.Product
	Method      loan.Method
	Amount      int64
	Tenor       int
	Schedule    []loan.Installment
	Summary     loan.Summary
	Installment int64 // the regular monthly installment: the first, and for declining loans the largest
	Last        int64 // the last installment, which carries the rounding remainder
	Fees        LoanFees
	Net         int64 // what the member receives in savings at the disbursement, fees deducted or charged
}

// LoanFees are what a loan's disbursement costs the member, by the product's settings.
type LoanFees struct {
	Provisi, Admin, Insurance int64
	Charge                    bool // charged to savings after the payout, instead of deducted from it
}

// Total is every fee together.
func (f LoanFees) Total() int64 { return f.Provisi + f.Admin + f.Insurance }

// LoanCheck is one rule a loan application must meet, and whether it does.
type LoanCheck struct {
	Kind          string // ceiling, savings, retirement, product
	OK            bool
	Need, Have    int64
	RetirementAge int
	EndsAt        time.Time
}

// MenuGroup is one group of the menu: its title ("" for none) and its services' names.
type MenuGroup struct {
	Title string
	Items []string
}

// Leave is what a member leaving the cooperative is owed back (coop.LeaveQuote), and once
// they left, how it was paid.
type Leave struct {
	Member   store.Member
	Savings  []store.Account // every savings account, with what it holds
	Loans    []LeaveLoan     // loans paid off from the savings
	FeesOwed int64           // administration fees charged and not yet paid
	Total    int64           // the savings together
	Owed     int64           // loans and fees together
	Net      int64           // paid to the member: Total - Owed
	ToBank   bool            // the net paid by bank transfer, not in cash
	Day      time.Time
}

// LeaveLoan is one loan paid off when a member leaves: its payoff amount today.
type LeaveLoan struct {
	Account                              store.Account
	Principal, Interest, LateFees, Total int64
}
