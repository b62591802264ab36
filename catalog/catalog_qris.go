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
	// AdminQRISPaidAtClamped tells staff a payment notice claimed a paid_at outside the
	// invoice's life (claimed) and was booked when it arrived (booked) instead.
	AdminQRISPaidAtClamped(ref string, amount int64, transaction string, claimed, booked time.Time) string
	// AdminQRISAfterExpiry tells staff of a QRIS payment that could not be credited while the
	// payer paid (made after its QR expired, a second payment of a paid QR, another amount):
	// recorded, theirs to settle with the payer or the member.
	AdminQRISAfterExpiry(p ExpiredPayment) string
	Soundbox(s SoundboxSummary) string
	// The chart of a merchant's takings per day: its title, subtitle and each day's label
	// ("Sen 30" on a week's chart, "30" on a month's) are written on the picture, which is
	// sent with the caption; ChartAmount writes its amounts, short ("Rp1,5 jt").
	SoundboxChartTitle(c SoundboxChart) string
	SoundboxChartSubtitle(c SoundboxChart) string
	SoundboxChartDay(day time.Time, month bool) string
	SoundboxChartCaption(c SoundboxChart) string
	ChartAmount(amount int64) string
}

// ExpiredPayment is a QRIS payment not credited, as staff are told of it.
type ExpiredPayment struct {
	Reason                      string // store.UncreditedExpired, UncreditedPaidTwice or UncreditedAmountDiffers
	Ref, Member                 string // the invoice and the member it was for
	Amount, Due                 int64  // paid, and the invoice's amount
	Payer, Issuer, Transaction  string // as the gateway says
	PaidAt, ValidUntil, Arrived time.Time
}

// Takings are a merchant's paid QRIS invoices over a period.
type Takings struct{ Count, Total int64 }

// SoundboxSummary is what Saldo Soundbox shows a merchant.
type SoundboxSummary struct {
	Today, Week, Month Takings
	Last               []store.Invoice
	Account            store.Account // where payments are credited
	Now                time.Time
	Chart              bool // a chart was sent with it: no need to say how to ask for one
}

// SoundboxChart is what a chart of a merchant's takings per day is of.
type SoundboxChart struct {
	Merchant string
	Month    bool      // a calendar month, else a week from Monday to Sunday
	Ago      int       // 0: this week or month; 1: the one before...
	From, To time.Time // the first day and the last
	Takings            // over the whole week or month
}
