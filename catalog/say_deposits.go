package catalog

// The texts of time deposits (catalog_deposits.go).

func (b *book) DepositRolledOver(n DepositNews) string { return b.say("DepositRolledOver", n) }
func (b *book) DepositPaidOut(n DepositNews) string    { return b.say("DepositPaidOut", n) }
func (b *book) DepositWithdrawnEarly(n DepositBreakNews) string {
	return b.say("DepositWithdrawnEarly", n)
}
