package catalog

import (
	"time"

	"github.com/kopbot/kopbot/store"
)

// qrisMessages are the texts of Terima QRIS and Saldo Soundbox.
type qrisMessages interface {
	NotMerchant(branch string) string
	AskQRISAmount() string
	QRISAmountTooLarge(max int64) string
	AskQRISNote() string
	QRISNoteTooLong(max int) string
	NoTabunganForQRIS() string
	// QRISInvoice is the caption of the QR image.
	QRISInvoice(merchant string, amount int64, ref, note string, validUntil time.Time) string
	QRISReceived(ref string, amount int64, payer, issuer, account string, balance int64, at time.Time) string
	Soundbox(s SoundboxSummary) string
}

// Takings are a merchant's paid QRIS invoices over a period.
type Takings struct{ Count, Total int64 }

// SoundboxSummary is what Saldo Soundbox shows a merchant.
type SoundboxSummary struct {
	Today, Week, Month Takings
	Last               []store.Invoice
	Account            store.Account // where payments are credited
	Now                time.Time
}
