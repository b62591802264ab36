package catalog

import "github.com/kopbot/kopbot/store"

// The messages members receive about teller operations and payments (catalog_teller.go).

func (b *book) TellerDeposited(r store.Receipt) string { return b.say("TellerDeposited", r) }
func (b *book) TellerWithdrawn(r store.Receipt) string { return b.say("TellerWithdrawn", r) }
func (b *book) TellerLoanDisbursed(r store.Receipt, first store.Installment, fees LoanFees) string {
	return b.say("TellerLoanDisbursed", args{"Receipt": r, "First": first, "Fees": fees, "Net": r.Amount - fees.Total()})
}
func (b *book) TellerInstallmentPaid(p store.Payment) string {
	return b.say("TellerInstallmentPaid", p)
}
func (b *book) TellerReversed(r store.Receipt, mine []store.PostedLine, reason string) string {
	return b.say("TellerReversed", args{"Receipt": r, "Mine": mine, "Reason": reason})
}
