package catalog

import (
	"fmt"
	"strings"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

func enTellerHead(title string, r store.Receipt) string {
	return fmt.Sprintf("%s\nReference: %s\nTime: %s %s\n", title, r.Ref, enDate(r.At), r.At.Format("15:04"))
}

func enTellerAccount(a store.Account) string {
	return fmt.Sprintf("%s no. %s", a.ProductName, a.Number)
}

func (english) TellerDeposited(r store.Receipt) string {
	var b strings.Builder
	b.WriteString(enTellerHead("✅ *Cash deposit received*", r))
	fmt.Fprintf(&b, "Account: %s\nAmount: *%s*\n", enTellerAccount(r.Account), parse.Rupiah(r.Amount))
	if memo := tellerMemo(r); memo != "" {
		fmt.Fprintf(&b, "Note: %s\n", memo)
	}
	fmt.Fprintf(&b, "Balance now: %s\n\nKeep this message as your deposit receipt.", parse.Rupiah(r.Account.Amount()))
	return b.String()
}

func (english) TellerWithdrawn(r store.Receipt) string {
	var b strings.Builder
	b.WriteString(enTellerHead("✅ *Cash withdrawal*", r))
	fmt.Fprintf(&b, "Account: %s\nAmount: *%s*\n", enTellerAccount(r.Account), parse.Rupiah(r.Amount))
	if memo := tellerMemo(r); memo != "" {
		fmt.Fprintf(&b, "Note: %s\n", memo)
	}
	fmt.Fprintf(&b, "Balance now: %s\n\nIf you did not make this withdrawal, contact the cooperative's office at once.", parse.Rupiah(r.Account.Amount()))
	return b.String()
}

func (english) TellerLoanDisbursed(r store.Receipt, first store.Installment) string {
	var b strings.Builder
	b.WriteString(enTellerHead("✅ *Loan disbursed*", r))
	fmt.Fprintf(&b, "Loan: %s\nAmount: *%s*, paid into %s\nSavings balance now: %s\n",
		enTellerAccount(r.Loan), parse.Rupiah(r.Amount), enTellerAccount(r.Account), parse.Rupiah(r.Account.Amount()))
	if first.No != 0 {
		fmt.Fprintf(&b, "First installment: %s, due %s.\n", parse.Rupiah(first.Total()), enDate(first.Due))
	}
	b.WriteString("\nType *check loans* to see the installment schedule.")
	return b.String()
}

func (english) TellerInstallmentPaid(p store.Payment) string {
	var b strings.Builder
	b.WriteString(enTellerHead("✅ *Installment payment received*", p.Receipt))
	fmt.Fprintf(&b, "Loan: %s\n", enTellerAccount(p.Loan))
	from := "cash"
	if p.Account.ID != 0 {
		from = "from " + enTellerAccount(p.Account)
	}
	fmt.Fprintf(&b, "Paid: *%s* (%s)\n", parse.Rupiah(p.Amount), from)
	if p.LateFees > 0 {
		fmt.Fprintf(&b, "• Late fees: %s\n", parse.Rupiah(p.LateFees))
	}
	if p.Interest > 0 {
		fmt.Fprintf(&b, "• Interest: %s\n", parse.Rupiah(p.Interest))
	}
	if p.Principal > 0 {
		fmt.Fprintf(&b, "• Principal: %s\n", parse.Rupiah(p.Principal))
	}
	if len(p.Cleared) > 0 {
		nos := make([]string, len(p.Cleared))
		for i, no := range p.Cleared {
			nos[i] = fmt.Sprintf("no. %d", no)
		}
		fmt.Fprintf(&b, "Installments paid in full: %s\n", strings.Join(nos, ", "))
	}
	fmt.Fprintf(&b, "Principal still owed: %s\n", parse.Rupiah(p.Remaining))
	if p.Account.ID != 0 {
		fmt.Fprintf(&b, "Savings balance now: %s\n", parse.Rupiah(p.Account.Amount()))
	}
	switch {
	case p.Settled:
		b.WriteString("\n🎉 Your loan is *paid off*. Thank you!")
	case p.Overdue > 0:
		n := "1 installment"
		if p.Overdue > 1 {
			n = fmt.Sprintf("%d installments", p.Overdue)
		}
		fmt.Fprintf(&b, "\n⚠ Still overdue: %s, %s with late fees. Please pay soon, before the late fees grow.", n, parse.Rupiah(p.Arrears))
	case p.Next.No != 0:
		fmt.Fprintf(&b, "\nNext installment: no. %d, %s, due %s.", p.Next.No, parse.Rupiah(p.Next.Total()), enDate(p.Next.Due))
	}
	return strings.TrimRight(b.String(), "\n")
}

func (english) TellerReversed(r store.Receipt, mine []store.PostedLine, reason string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "↩️ *Transaction reversed*\nTransaction %s was reversed by the cooperative's staff.\nReason: %s\n", r.Reverses, reason)
	fmt.Fprintf(&b, "Reversal reference: %s\nTime: %s %s\n", r.Ref, enDate(r.At), r.At.Format("15:04"))
	for _, l := range mine {
		if l.Account.Kind == store.AccountLoan {
			fmt.Fprintf(&b, "• %s: loan owed %s, now %s\n", enTellerAccount(l.Account), tellerSigned(tellerChange(l)), parse.Rupiah(l.Account.Amount()))
			continue
		}
		fmt.Fprintf(&b, "• %s: %s, balance now %s\n", enTellerAccount(l.Account), tellerSigned(tellerChange(l)), parse.Rupiah(l.Account.Amount()))
	}
	b.WriteString("\nContact the cooperative's office if you have any questions.")
	return b.String()
}
