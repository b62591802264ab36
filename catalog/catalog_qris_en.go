package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/parse"
)

func (english) NotMerchant(branch string) string {
	return fmt.Sprintf("Sorry, this service is for members registered as the cooperative's *QRIS merchants*. Would you like to take QRIS payments for your business? Please contact %s.\n\nType *menu* for other services.", branch)
}
func (english) QRISAmountTooLarge(max int64) string {
	return fmt.Sprintf("One QRIS payment can be at most %s. Type a smaller amount, or make several invoices.", parse.Rupiah(max))
}
func (english) AskQRISAmount() string {
	return "*Receive QRIS*\nHow much should the buyer pay? For example *25.000* or *25rb*."
}
func (english) AskQRISNote() string {
	return "Add a note for this payment (for example *2 rice boxes*), or type *-* for none."
}
func (english) QRISNoteTooLong(max int) string {
	return fmt.Sprintf("The note is too long: at most %d characters.", max)
}
func (english) NoTabunganForQRIS() string {
	return "QRIS payments go to your Tabungan, but you have no active Tabungan yet. Type *open savings* to open one."
}
func (english) QRISInvoice(merchant string, amount int64, ref, note string, validUntil time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*QRIS %s*\nAmount: *%s*\nReference: %s\n", merchant, parse.Rupiah(amount), ref)
	if note != "" {
		fmt.Fprintf(&b, "Note: %s\n", note)
	}
	fmt.Fprintf(&b, "Valid until %s on %s.\n\nShow this QR to the buyer to scan. You will be told as soon as the payment arrives.", validUntil.Format("15:04"), enDate(validUntil))
	return b.String()
}
func (english) QRISReceived(ref string, amount int64, payer, issuer, account string, balance int64, at time.Time) string {
	from := payer
	if issuer != "" {
		from += " (" + issuer + ")"
	}
	return fmt.Sprintf("🔔 *QRIS payment received*\nReference: %s\nTime: %s %s\nFrom: %s\nAmount: *%s*\nCredited to Tabungan No. %s, balance now %s.",
		ref, enDate(at), at.Format("15:04"), from, parse.Rupiah(amount), account, parse.Rupiah(balance))
}
func (english) Soundbox(s SoundboxSummary) string {
	var b strings.Builder
	b.WriteString("*Soundbox Balance*\n")
	fmt.Fprintf(&b, "Today: %d payments, *%s*\n", s.Today.Count, parse.Rupiah(s.Today.Total))
	fmt.Fprintf(&b, "This week: %d payments, %s\n", s.Week.Count, parse.Rupiah(s.Week.Total))
	fmt.Fprintf(&b, "This month: %d payments, %s\n", s.Month.Count, parse.Rupiah(s.Month.Total))
	if len(s.Last) == 0 {
		b.WriteString("\nNo QRIS payments yet.\n")
	} else {
		b.WriteString("\nLast payments:\n")
		for i, inv := range s.Last {
			at := inv.PaidAt.In(s.Now.Location())
			fmt.Fprintf(&b, "%d. %s %s %s %s (%s)\n", i+1, enDate(at), at.Format("15:04"), inv.Ref, parse.Rupiah(inv.Amount), inv.PayerName)
		}
	}
	fmt.Fprintf(&b, "\nTabungan No. %s balance: *%s*\n\nType *menu* for other services.", s.Account.Number, parse.Rupiah(s.Account.Amount()))
	return b.String()
}
