package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

func enSources(b *strings.Builder, from []store.Account) {
	b.WriteString("\nPay from:\n")
	for i, a := range from {
		fmt.Fprintf(b, "%d. %s No. %s (can use %s)\n", i+1, a.ProductName, a.Number, parse.Rupiah(a.Available()))
	}
	b.WriteString("\n" + enReplyRange(len(from)))
}

func (english) ChooseLoanToPay(loans []store.Loan) string {
	var b strings.Builder
	b.WriteString("*Pay Installment*\nWhich loan do you want to pay?\n")
	for i, l := range loans {
		fmt.Fprintf(&b, "%d. %s No. %s (principal left %s)\n", i+1, l.Account.ProductName, l.Account.Number, parse.Rupiah(l.Account.Amount()))
	}
	b.WriteString("\n" + enReplyRange(len(loans)))
	return b.String()
}
func (english) NothingDue() string {
	return "Nothing is due now. Type *check loans* to see the schedule."
}
func (english) PayShort(due, available int64, other bool, branch string) string {
	text := fmt.Sprintf("%s is due, and %s can be used from that account.", parse.Rupiah(due), parse.Rupiah(available))
	if other {
		return text + " Pick another account from the list above."
	}
	return text + fmt.Sprintf(" Nothing was changed.\n\nTop up first: transfer to the cooperative's bank account and report it with *deposit*, or deposit cash at %s; then try again. You can also pay at %s.", branch, branch)
}
func (english) DueNoSource(amount int64) string {
	return fmt.Sprintf("%s cannot be paid on WhatsApp because you have no tabungan or simpanan sukarela. Please pay in cash at the office.", parse.Rupiah(amount))
}
func (english) InstallmentDue(due store.LoanDue, from []store.Account) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Pay Installment* %s No. %s\n", due.Loan.Account.ProductName, due.Loan.Account.Number)
	var fees int64
	for _, in := range due.Installments {
		if in.DaysLate == 0 && due.Overdue > 0 {
			continue
		}
		late := ""
		if in.DaysLate > 0 {
			late = fmt.Sprintf(", %d days late", in.DaysLate)
		}
		fmt.Fprintf(&b, "• Installment %d, due %s%s: %s\n", in.No, enDate(in.Due), late, parse.Rupiah(in.Interest+in.Principal))
		fees += in.LateFee
		if due.Overdue == 0 {
			break
		}
	}
	if fees > 0 {
		fmt.Fprintf(&b, "• Late fees: %s\n", parse.Rupiah(fees))
	}
	fmt.Fprintf(&b, "To pay: *%s*\n", parse.Rupiah(due.Now))
	enSources(&b, from)
	return b.String()
}
func (english) PaySummary(product, number string, amount int64) string {
	return fmt.Sprintf("Pay *%s* from %s No. %s?\nReply *yes* to pay, or *no* to cancel.", parse.Rupiah(amount), product, number)
}
func (english) NoWajibAccount() string {
	return "You have no simpanan wajib account. Please contact the cooperative's office."
}
func (english) WajibPaidUp(balance int64) string {
	return fmt.Sprintf("Your simpanan wajib is paid up to this month (balance %s). Thank you!", parse.Rupiah(balance))
}
func (english) WajibDue(due store.WajibDue, from []store.Account) string {
	var b strings.Builder
	b.WriteString("*Pay Simpanan Wajib*\nMonths not yet paid:\n")
	for _, m := range due.Unpaid {
		fmt.Fprintf(&b, "• %s: %s\n", m.Format("January 2006"), parse.Rupiah(due.Monthly))
	}
	fmt.Fprintf(&b, "Total: *%s*\n", parse.Rupiah(due.Monthly*int64(len(due.Unpaid))))
	enSources(&b, from)
	return b.String()
}
func (english) WajibReceipt(ref string, months []time.Time, amount, balance int64, at time.Time) string {
	names := make([]string, len(months))
	for i, m := range months {
		names[i] = m.Format("January 2006")
	}
	return fmt.Sprintf("✅ *Simpanan wajib receipt*\nReference: %s\nTime: %s %s\nFor: %s\nAmount: *%s*\nSimpanan wajib balance: %s\n\nKeep this message as proof of payment.",
		ref, enDate(at), at.Format("15:04"), strings.Join(names, ", "), parse.Rupiah(amount), parse.Rupiah(balance))
}
