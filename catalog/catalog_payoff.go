package catalog

import "github.com/kopbot/kopbot/store"

// payoffMessages are the texts of Pelunasan: repaying a loan early, in full or in part.
type payoffMessages interface {
	ChooseLoanToRepay(loans []store.Loan) string
	// PayoffQuote shows today's payoff amount broken down, what the member's savings can
	// pay, and asks: all of it, or part (when a part is possible).
	PayoffQuote(q store.PayoffQuote, from []store.Account) string
	// RepayOption is option n (1 all, 2 a part) as PayoffQuote lists it, without the amount.
	RepayOption(n int) string
	// AskRepayAmount asks how much of the loan to repay; RepayAmountHelp says what to type
	// when the answer was not an amount.
	AskRepayAmount(q store.PayoffQuote) string
	RepayAmountHelp(q store.PayoffQuote) string
	// RepayRefused says why an early repayment cannot be made: refused is a *coop.Refusal.
	RepayRefused(refused error) string
	// EarlyRepayPreview is what the repayment will do, compared with the loan now (q), and
	// the accounts it can be paid from.
	EarlyRepayPreview(r store.EarlyRepayment, q store.PayoffQuote, from []store.Account) string
	// RepayShort ends a repayment the savings cannot cover: what it takes, what the best
	// account can pay, what is missing, and how to top up.
	RepayShort(amount, available int64, branch string) string
	// EarlyRepaid is the receipt.
	EarlyRepaid(r store.EarlyRepayment) string
}
