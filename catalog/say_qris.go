package catalog

import "time"

// The messages of Terima QRIS and Saldo Soundbox (catalog_qris.go).

func (b *book) NotMerchant(branch string) string { return b.say("NotMerchant", branch) }
func (b *book) QRISAmountTooLarge(max int64) string {
	return b.say("QRISAmountTooLarge", max)
}
func (b *book) QRISNoteTooLong(max int) string    { return b.say("QRISNoteTooLong", max) }
func (b *book) Soundbox(s SoundboxSummary) string { return b.say("Soundbox", s) }
func (b *book) SoundboxChartTitle(c SoundboxChart) string {
	return b.say("SoundboxChartTitle", c)
}
func (b *book) SoundboxChartSubtitle(c SoundboxChart) string {
	return b.say("SoundboxChartSubtitle", c)
}
func (b *book) SoundboxChartDay(day time.Time, month bool) string {
	return b.say("SoundboxChartDay", args{"Day": day, "Month": month})
}
func (b *book) SoundboxChartCaption(c SoundboxChart) string {
	return b.say("SoundboxChartCaption", c)
}
func (b *book) ChartAmount(amount int64) string { return b.say("ChartAmount", amount) }
func (b *book) QRISInvoice(merchant string, amount int64, ref, note string, validUntil time.Time) string {
	return b.say("QRISInvoice", args{"Merchant": merchant, "Amount": amount, "Ref": ref, "Note": note, "ValidUntil": validUntil})
}
func (b *book) QRISReceived(ref string, amount int64, payer, issuer, account string, balance int64, at time.Time) string {
	return b.say("QRISReceived", args{"Ref": ref, "Amount": amount, "Payer": payer, "Issuer": issuer, "Account": account, "Balance": balance, "At": at})
}
func (b *book) AdminQRISPaidAtClamped(ref string, amount int64, transaction string, claimed, booked time.Time) string {
	return b.say("AdminQRISPaidAtClamped", args{"Ref": ref, "Amount": amount, "Transaction": transaction, "Claimed": claimed, "Booked": booked})
}
func (b *book) AdminQRISAfterExpiry(p ExpiredPayment) string {
	return b.say("AdminQRISAfterExpiry", p)
}
