package catalog

import "github.com/kopbot/kopbot/store"

// The messages of Pelunasan (catalog_payoff.go).

func (b *book) ChooseLoanToRepay(loans []store.Loan) string { return b.say("ChooseLoanToRepay", loans) }
func (b *book) PayoffQuote(q store.PayoffQuote, from []store.Account) string {
	return b.say("PayoffQuote", args{"Q": q, "From": from, "Partial": q.Least < q.Total})
}
func (b *book) RepayOption(n int) string                   { return b.say("RepayOption", n) }
func (b *book) AskRepayAmount(q store.PayoffQuote) string  { return b.say("AskRepayAmount", q) }
func (b *book) RepayAmountHelp(q store.PayoffQuote) string { return b.say("RepayAmountHelp", q) }
func (b *book) RepayRefused(refused error) string          { return b.say("RepayRefused", refused) }
func (b *book) EarlyRepayPreview(r store.EarlyRepayment, q store.PayoffQuote, from []store.Account) string {
	return b.say("EarlyRepayPreview", args{"R": r, "Q": q, "From": from})
}
func (b *book) RepayShort(amount, available int64, branch string) string {
	return b.say("RepayShort", args{"Amount": amount, "Available": available, "Missing": amount - available, "Branch": branch})
}
func (b *book) EarlyRepaid(r store.EarlyRepayment) string { return b.say("EarlyRepaid", r) }
