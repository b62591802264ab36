package catalog

import (
	"time"

	"github.com/kopbot/kopbot/store"
)

// The messages of Transfer Antar Tabungan (catalog_transfer.go).

func (b *book) ChooseSourceAccount(as []store.Account) string {
	return b.say("ChooseSourceAccount", as)
}
func (b *book) AskDestination(own []store.Account) string { return b.say("AskDestination", own) }
func (b *book) AccountNotActive(masked string) string     { return b.say("AccountNotActive", masked) }
func (b *book) TransferRefused(refused error) string      { return b.say("TransferRefused", refused) }
func (b *book) AskTransferAmount(to TransferLine, available, max int64) string {
	return b.say("AskTransferAmount", args{"To": to, "Available": available, "Max": max})
}
func (b *book) TransferOverLimit(max int64) string { return b.say("TransferOverLimit", max) }
func (b *book) InsufficientFunds(available int64) string {
	return b.say("InsufficientFunds", available)
}
func (b *book) DailyLimitReached(limit, left int64) string {
	return b.say("DailyLimitReached", args{"Limit": limit, "Left": left})
}
func (b *book) TransferSummary(from, to TransferLine, amount int64) string {
	return b.say("TransferSummary", args{"From": from, "To": to, "Amount": amount})
}
func (b *book) TransferReceipt(ref string, from, to TransferLine, amount, balance int64, at time.Time) string {
	return b.say("TransferReceipt", args{"Ref": ref, "From": from, "To": to, "Amount": amount, "Balance": balance, "At": at})
}
func (b *book) TransferReceived(ref string, from TransferLine, toNumber string, amount, balance int64, at time.Time) string {
	return b.say("TransferReceived", args{"Ref": ref, "From": from, "ToNumber": toNumber, "Amount": amount, "Balance": balance, "At": at})
}
