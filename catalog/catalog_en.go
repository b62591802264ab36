package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// english is the catalog in English, for members who ask for it with "language".
type english struct{ *book }

func (english) Menu(coop, name string, member bool, groups []MenuGroup) string {
	var b strings.Builder
	if name != "" {
		fmt.Fprintf(&b, "Hello, *%s*! Welcome to the WhatsApp service of %s.\n", name, coop)
	} else {
		fmt.Fprintf(&b, "Hello! Welcome to the WhatsApp service of %s.\n", coop)
	}
	if !member {
		b.WriteString("This WhatsApp number is not registered as a member yet.\n")
	}
	n := 0
	for _, g := range groups {
		b.WriteString("\n")
		if g.Title != "" {
			fmt.Fprintf(&b, "*%s*\n", g.Title)
		}
		for _, it := range g.Items {
			n++
			fmt.Fprintf(&b, "%d. %s\n", n, it)
		}
	}
	first := ""
	if len(groups) > 0 && len(groups[0].Items) > 0 {
		first = groups[0].Items[0]
	}
	if member {
		fmt.Fprintf(&b, "\nReply with the number of a service (for example *1* for %s), or just write what you need, for example *my balance* or *borrow 5 million*.\n", first)
	} else {
		fmt.Fprintf(&b, "\nReply with the number of a service, for example *1* for %s, or just write what you need.\n", first)
	}
	b.WriteString("Type *help* for help, *language* to change the language.")
	return b.String()
}

func (english) ServiceName(flow string) string {
	switch flow {
	case FlowRegistrasi:
		return "Registration"
	case FlowInfo:
		return "About the Cooperative"
	case FlowPetugas:
		return "Talk to Staff"
	case FlowBukaTabungan:
		return "Open Savings"
	case FlowCekTabungan:
		return "Check Savings"
	case FlowCekDeposito:
		return "Check Time Deposits"
	case FlowCekPinjaman:
		return "Check Loans"
	case FlowTerimaQRIS:
		return "Receive QRIS"
	case FlowTransfer:
		return "Transfer Between Savings"
	case FlowSoundbox:
		return "Soundbox Balance"
	case FlowVerifikasi:
		return "KTP Verification"
	case FlowPinjaman:
		return "Loan Simulation & Application"
	case FlowProfil:
		return "Profile"
	case FlowGantiPIN:
		return "Change PIN"
	case FlowAdmin:
		return "Staff Menu"
	case FlowBayarWajib:
		return "Pay Simpanan Wajib"
	case FlowBayarAngsur:
		return "Pay Installment"
	case FlowSetoran:
		return "Savings Deposit"
	case FlowPenarikan:
		return "Savings Withdrawal"
	case FlowBahasa:
		return "Language"
	}
	return ""
}

func (english) RetryHint() string {
	return "Type *cancel* to stop, or *menu* to go back to the menu."
}

func (english) InternalError() string {
	return "Sorry, our system has a problem and could not handle your message. Nothing was changed. Please try again in a little while."
}

func (english) Unavailable(service string) string {
	return fmt.Sprintf("Sorry, *%s* is not available on WhatsApp yet. We are preparing it. For now, please contact your branch office.\n\nType *menu* for other services.", service)
}

func (english) StillApplicant() string {
	return "Your membership application is being reviewed by the staff. This service can be used once it is approved."
}

func (english) NotActive(branch string) string {
	return fmt.Sprintf("Your membership is not active, so this service cannot be used now. Please contact %s.", branch)
}

func (english) ChooseLanguage() string {
	return "Pilih bahasa / Choose your language:\n1. Bahasa Indonesia\n2. English"
}

func (english) LanguageSet() string {
	return "All right, we will use English. Type *menu* to see the services."
}

func (english) SavingsList(name string, accounts []store.Account) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Savings of %s*\n", name)
	var total int64
	for i, a := range accounts {
		fmt.Fprintf(&b, "\n%d. %s\n   No. %s\n   Balance: *%s*", i+1, a.ProductName, a.Number, parse.Rupiah(a.Amount()))
		if a.Held > 0 {
			fmt.Fprintf(&b, "\n   On hold: %s", parse.Rupiah(a.Held))
		}
		total += a.Amount()
	}
	fmt.Fprintf(&b, "\n\nTotal: *%s*\n\nReply 1-%d to see the last 10 transactions, or type *menu* to go back.", parse.Rupiah(total), len(accounts))
	return b.String()
}

func (english) NoSavings() string {
	return "You have no savings account yet. Type *menu* for other services."
}

func (english) PickAccount(n int) string {
	if n == 1 {
		return "Reply *1* to see the transactions of your account."
	}
	return fmt.Sprintf("There is no such choice. Reply with a number from 1 to %d from the list above, for example *1*.", n)
}

func (english) Movements(a store.Account, ms []store.Movement, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s*\nNo. %s\n\n", a.ProductName, a.Number)
	if len(ms) == 0 {
		b.WriteString("No transactions yet.\n")
	} else {
		fmt.Fprintf(&b, "Last %d transactions:\n", len(ms))
		for _, m := range ms {
			sign := "+"
			if m.Amount < 0 {
				sign = "-"
			}
			fmt.Fprintf(&b, "%s  %s %s%s\n", m.At.In(now.Location()).Format("02 Jan 2006"), enMemo(m.Memo), sign, parse.Rupiah(abs(m.Amount)))
		}
	}
	fmt.Fprintf(&b, "\nBalance: *%s*\n\nType a month, for example *%s*, for that month's savings card; another number for another account; or *menu*.", parse.Rupiah(a.Amount()), now.Format("01-2006"))
	return b.String()
}
