package catalog

import (
	"time"

	"github.com/kopbot/kopbot/store"
)

// depositMessages are the texts of time deposits: what the day's close and staff did to
// one, and Buka Deposito.
type depositMessages interface {
	DepositRolledOver(n DepositNews) string
	DepositPaidOut(n DepositNews) string
	DepositWithdrawnEarly(b DepositBreakNews) string
	DepositInstructionChanged(d store.TimeDeposit) string

	// Buka Deposito.
	NoDepositProducts() string
	// NothingToPlace: no savings account of the member's has min (the product's minimum opening) available.
	NothingToPlace(p store.Product) string
	ChooseDepositProduct(ps []store.Product) string
	ChoosePlacementSource(p store.Product, as []store.Account) string
	AskPlacementAmount(p store.Product, from store.Account) string
	// PlacementAmountBad: notAmount when what was typed is no amount at all.
	PlacementAmountBad(p store.Product, from store.Account, notAmount bool) string
	AskPlacementTenor(p store.Product) string
	PlacementTenorBad(p store.Product) string
	AskPlacementInstruction(q DepositQuote, options []store.DepositInstruction) string
	PlacementSummary(q DepositQuote) string
	// PlacementDone: from is the savings account as it stands after.
	PlacementDone(d store.TimeDeposit, q DepositQuote, from store.Account) string
	// PlacementNoLonger: the savings balance moved between the summary and the PIN.
	PlacementNoLonger(from store.Account) string

	// The admin menu's early withdrawal.
	AdminAskDepositAccount() string
	AdminConfirmBreak(b DepositBreakNews) string
}

// DepositNews is what the day's close did to a time deposit at its maturity.
type DepositNews struct {
	Deposit  store.TimeDeposit // as it stands after: the new term after a rollover
	Interest int64             // the last period's interest, before tax
	Tax      int64             // withheld from it
	Paid     int64             // the principal paid into savings (payout)
	To       store.Account     // where the interest (and a payout) went: savings, the deposit itself, or suspense
}

// Net is the interest after tax.
func (n DepositNews) Net() int64 { return n.Interest - n.Tax }

// ToSavings reports whether the money went to the member's savings (not the deposit, not suspense).
func (n DepositNews) ToSavings() bool { return n.To.Kind == store.AccountSavings }

// ToDeposit reports whether the interest was added to the deposit (ARO principal and interest).
func (n DepositNews) ToDeposit() bool { return n.To.ID == n.Deposit.Account.ID }

// DepositBreakNews is an early withdrawal as the member is told of it.
type DepositBreakNews struct {
	Receipt   store.Receipt // Account: the savings paid; Amount: what it received
	Deposit   store.TimeDeposit
	Penalty   int64
	Forfeited int64
}

// DepositQuote is what a placement would earn, for Buka Deposito's summary: every period's
// interest by the deposit interest rule, the tax withheld from each, and their sums.
type DepositQuote struct {
	Product     store.Product
	Amount      int64
	Tenor       int
	Instruction store.DepositInstruction
	From        store.Account
	Start       time.Time
	Maturity    time.Time
	Interest    int64 // the term's interest, before tax
	Tax         int64
	Monthly     bool  // paid each month into From
	FirstMonth  int64 // the first month's interest after tax, when Monthly
	PenaltyBP   int64 // the product's early withdrawal penalty, basis points of the principal
}

// Deposit is the deposit the quote would open, as Cek Deposito shows its instruction.
func (q DepositQuote) Deposit() store.TimeDeposit {
	return store.TimeDeposit{Principal: q.Amount, RateBP: q.Product.RateBP, TenorMonths: q.Tenor, Start: q.Start, Maturity: q.Maturity,
		Instruction: q.Instruction, Payout: q.From}
}

// Net is the term's interest after tax.
func (q DepositQuote) Net() int64 { return q.Interest - q.Tax }
