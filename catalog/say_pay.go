package catalog

import (
	"time"

	"github.com/kopbot/kopbot/store"
)

// The messages of Bayar Angsuran and Bayar Simpanan Wajib.

func (b *book) ChooseLoanToPay(loans []store.Loan) string { return b.say("ChooseLoanToPay", loans) }
func (b *book) PayShort(due, available int64, other bool, branch string) string {
	return b.say("PayShort", args{"Due": due, "Available": available, "Other": other, "Branch": branch})
}
func (b *book) DueNoSource(amount int64) string { return b.say("DueNoSource", amount) }

// InstallmentDue shows every overdue installment, or when none is overdue the next one.
func (b *book) InstallmentDue(due store.LoanDue, from []store.Account) string {
	var shown []store.InstallmentDue
	var fees int64
	for _, in := range due.Installments {
		if in.DaysLate == 0 && due.Overdue > 0 {
			continue
		}
		shown = append(shown, in)
		fees += in.LateFee
		if due.Overdue == 0 {
			break
		}
	}
	return b.say("InstallmentDue", args{"Due": due, "Shown": shown, "Fees": fees, "From": from})
}
func (b *book) PaySummary(product, number string, amount int64) string {
	return b.say("PaySummary", args{"Product": product, "Number": number, "Amount": amount})
}
func (b *book) WajibPaidUp(balance int64) string { return b.say("WajibPaidUp", balance) }
func (b *book) WajibDue(due store.WajibDue, from []store.Account) string {
	return b.say("WajibDue", args{"Due": due, "Total": due.Monthly * int64(len(due.Unpaid)), "From": from})
}
func (b *book) WajibReceipt(ref string, months []time.Time, amount, balance int64, at time.Time) string {
	return b.say("WajibReceipt", args{"Ref": ref, "Months": months, "Amount": amount, "Balance": balance, "At": at})
}
