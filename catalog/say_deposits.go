package catalog

import "github.com/kopbot/kopbot/store"

// The texts of time deposits (catalog_deposits.go).

func (b *book) DepositRolledOver(n DepositNews) string { return b.say("DepositRolledOver", n) }
func (b *book) DepositPaidOut(n DepositNews) string    { return b.say("DepositPaidOut", n) }
func (b *book) DepositWithdrawnEarly(n DepositBreakNews) string {
	return b.say("DepositWithdrawnEarly", n)
}

func (b *book) NoDepositProducts() string             { return b.say("NoDepositProducts", nil) }
func (b *book) NothingToPlace(p store.Product) string { return b.say("NothingToPlace", p) }
func (b *book) ChooseDepositProduct(ps []store.Product) string {
	return b.say("ChooseDepositProduct", ps)
}
func (b *book) ChoosePlacementSource(p store.Product, as []store.Account) string {
	return b.say("ChoosePlacementSource", args{"Product": p, "Accounts": as})
}
func (b *book) AskPlacementAmount(p store.Product, from store.Account) string {
	return b.say("AskPlacementAmount", args{"Product": p, "From": from})
}
func (b *book) PlacementAmountBad(p store.Product, from store.Account, notAmount bool) string {
	return b.say("PlacementAmountBad", args{"Product": p, "From": from, "NotAmount": notAmount})
}
func (b *book) AskPlacementTenor(p store.Product) string { return b.say("AskPlacementTenor", p) }
func (b *book) PlacementTenorBad(p store.Product) string { return b.say("PlacementTenorBad", p) }
func (b *book) AskPlacementInstruction(q DepositQuote, options []store.DepositInstruction) string {
	return b.say("AskPlacementInstruction", args{"Quote": q, "Options": options})
}
func (b *book) PlacementSummary(q DepositQuote) string { return b.say("PlacementSummary", q) }
func (b *book) PlacementDone(d store.TimeDeposit, q DepositQuote, from store.Account) string {
	return b.say("PlacementDone", args{"Deposit": d, "Quote": q, "From": from})
}
func (b *book) PlacementNoLonger(from store.Account) string { return b.say("PlacementNoLonger", from) }

func (b *book) AdminAskDepositAccount() string { return b.say("AdminAskDepositAccount", nil) }
func (b *book) AdminConfirmBreak(n DepositBreakNews) string {
	return b.say("AdminConfirmBreak", n)
}

func (b *book) DepositInstructionChanged(d store.TimeDeposit) string {
	return b.say("DepositInstructionChanged", d)
}
