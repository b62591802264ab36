package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/parse"
)

const enStopHint = "\n\n_Type *stop reminders* if you do not want these reminders any more._"

func enInDays(days int) string {
	switch days {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	}
	return fmt.Sprintf("in %d days", days)
}

func (english) ReminderInstallmentDue(r InstallmentReminder) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Dear *%s*,\n\nInstallment %d of your %s No. %s, *%s*, is due on *%s* (%s).",
		r.Name, r.No, r.Product, r.LoanAccount, parse.Rupiah(r.Amount), enDate(r.Due), enInDays(r.DaysLeft))
	if r.Arrears > 0 {
		fmt.Fprintf(&b, "\nEarlier installments are still overdue: %s (late fees so far included).", parse.Rupiah(r.Arrears))
	}
	fmt.Fprintf(&b, "\n\nTo pay: type *pay installment* to pay from your savings, or pay cash at %s.", r.Branch)
	b.WriteString(enStopHint)
	return b.String()
}

func (english) ReminderOverdue(r OverdueReminder) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Dear *%s*,\n\nAn installment of your %s No. %s is %d days overdue (due %s).\n",
		r.Name, r.Product, r.LoanAccount, r.DaysLate, enDate(r.Since))
	fmt.Fprintf(&b, "Arrears: %s (%d installments)\nLate fees so far: %s\nTotal to pay: *%s*\n\n",
		parse.Rupiah(r.Arrears), r.Overdue, parse.Rupiah(r.LateFees), parse.Rupiah(r.Arrears+r.LateFees))
	fmt.Fprintf(&b, "Late fees grow every day until it is paid. Type *pay installment* to pay from your savings, or pay cash at %s. If you are having difficulties, please talk to our staff.", r.Branch)
	b.WriteString(enStopHint)
	return b.String()
}

func (english) ReminderMaturity(r MaturityReminder) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Dear *%s*,\n\nYour time deposit No. %s of *%s* matures on *%s* (%s). Interest at maturity: %s (before tax).\n\n",
		r.Name, r.Account, parse.Rupiah(r.Principal), enDate(r.Maturity), enInDays(r.DaysLeft), parse.Rupiah(r.Interest))
	if r.Rollover {
		fmt.Fprintf(&b, "It *renews automatically* for %d months at the rate then offered. To cash it out instead, contact %s before it matures.", r.TenorMonths, r.Branch)
	} else {
		fmt.Fprintf(&b, "It is *paid out* at maturity: principal and interest go to your savings. To renew it instead, contact %s before it matures.", r.Branch)
	}
	b.WriteString(enStopHint)
	return b.String()
}

func (english) ReminderWajib(r WajibReminder) string {
	var b strings.Builder
	this := r.Months[len(r.Months)-1]
	fmt.Fprintf(&b, "Dear *%s*,\n\nYour simpanan wajib for %s, %s, is not paid yet.", r.Name, this.Format("January 2006"), parse.Rupiah(r.Monthly))
	if len(r.Months) > 1 {
		fmt.Fprintf(&b, " With the earlier months still unpaid (since %s), it comes to *%s* (%d months).", r.Months[0].Format("January 2006"), parse.Rupiah(r.Amount), len(r.Months))
	}
	fmt.Fprintf(&b, "\n\nType *pay wajib* to pay from your savings, or pay cash at %s.", r.Branch)
	b.WriteString(enStopHint)
	return b.String()
}

var enReminderKinds = map[string]string{
	"installment-due": "installment due", "overdue": "installment overdue", "maturity": "time deposit maturing", "simpanan-wajib": "simpanan wajib",
}

// enClock is "at 10:15" on day, with the date on another day.
func enClock(t, day time.Time) string {
	if SameDay(t, day) {
		return "at " + t.Format("15:04")
	}
	return enDate(t) + " at " + t.Format("15:04")
}

func (english) StaffDigest(d Digest) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Staff summary, %s, %s*\n\nWaiting for a decision:\n", d.Branch, enDate(d.Day))
	p := d.Pending
	fmt.Fprintf(&b, "- Membership applications: %d\n- Loan applications: %d\n- Deposits (transfer proofs): %d\n- Withdrawals: %d\n- KTP verifications: %d\n- Chats waiting for staff: %d\n",
		p.Applications, p.Loans, p.Deposits, p.Withdrawals, p.KTPReviews, p.Handovers)
	if len(d.Calls) > 0 {
		b.WriteString("\nMembers to call (they never chatted with this number, so no reminder was sent):\n")
		for _, c := range d.Calls {
			fmt.Fprintf(&b, "- %s (%s), %s: %s, %s\n", c.Name, c.MemberNo, parse.LocalPhone(c.Phone), enReminderKinds[reminderKindBase(c.Kind)], parse.Rupiah(c.Amount))
		}
	}
	if len(d.LongOverdue) > 0 {
		fmt.Fprintf(&b, "\nLoans overdue more than %d days (automatic reminders have stopped; please contact them):\n", d.OverdueAfter)
		for _, l := range d.LongOverdue {
			fmt.Fprintf(&b, "- %s (%s), %s: loan No. %s, %d days late, %s\n", l.Name, l.MemberNo, parse.LocalPhone(l.Phone), l.LoanAccount, l.DaysLate, parse.Rupiah(l.Due))
		}
	}
	if len(d.Takeovers) > 0 {
		b.WriteString("\nChats staff took over from the branch's phone:\n")
		for _, t := range d.Takeovers {
			fmt.Fprintf(&b, "- Staff took over the chat with %s, %s, %s; the bot keeps quiet until %s.\n", enWho(t.Who), t.Phone, enClock(t.Since, d.Day), enClock(t.Until, d.Day))
		}
	}
	b.WriteString("\nType *admin* for the staff menu.")
	return b.String()
}

func (english) RemindersStopped(name string) string {
	return fmt.Sprintf("All right, %s. Reminders of installments, time deposits and simpanan wajib are *no longer sent* to this number. Answers to your messages and transaction notices still are.\n\nType *start reminders* to receive them again.", name)
}

func (english) RemindersResumed(name string) string {
	return fmt.Sprintf("All right, %s. Reminders of installments, time deposits and simpanan wajib are *sent again* to this number.\n\nType *stop reminders* to stop them.", name)
}
