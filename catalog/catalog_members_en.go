package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/coop"

	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

func enDate(t time.Time) string { return t.Format("2 Jan 2006") }

func enDateOrDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return enDate(t)
}

// enRate shows basis points a year as "3.5%".
func enRate(bp int64) string {
	if bp%100 == 0 {
		return fmt.Sprintf("%d%%", bp/100)
	}
	return strings.TrimRight(fmt.Sprintf("%d.%02d", bp/100, bp%100), "0") + "%"
}

func enMethod(m string) string {
	switch m {
	case "annuity":
		return "annuity"
	case "declining":
		return "declining balance"
	}
	return "flat rate"
}

func (english) PickNumber(n int) string {
	if n == 1 {
		return "There is no such choice. Reply *1*."
	}
	return fmt.Sprintf("There is no such choice. Reply with a number from 1 to %d.", n)
}

func enReplyRange(n int) string {
	if n == 1 {
		return "Reply *1*."
	}
	return fmt.Sprintf("Reply 1-%d.", n)
}
func (english) AskYesNo() string { return "Reply *yes* to go on or *no* to cancel." }
func (english) BadAmount() string {
	return "The amount could not be read. Write for example *5.000.000*, *5jt* or *500rb*."
}
func (english) BadDate() string {
	return "The date could not be read. Write for example *17-08-1990* or *17 August 1990*."
}

func (english) AskPIN() string {
	return "Type your 6-digit PIN.\n_For your safety, delete the message with your PIN afterwards._"
}
func (english) AskOldPIN() string { return "Type your current PIN (6 digits)." }
func (english) AskNewPIN() string {
	return "Choose a new PIN: 6 digits easy for you to remember but hard to guess (not your birth date, not 123456).\n_Never tell your PIN to anyone, staff included._"
}
func (english) ConfirmNewPIN() string { return "Type your new PIN once more to confirm it." }
func (english) PINsDiffer() string    { return "The two PINs differ. Again: type a new 6-digit PIN." }
func (english) SamePIN() string       { return "The new PIN is the same as the old one. Choose another." }
func (english) WeakPIN(why PINWeakness) string {
	switch why {
	case PINNotSixDigits:
		return "A PIN is exactly 6 digits, for example *583920*."
	case PINRepeated:
		return "That PIN is too easy to guess (repeated digits). Choose 6 other digits."
	case PINSequence:
		return "That PIN is too easy to guess (digits in a row). Choose 6 other digits."
	case PINBirthDate:
		return "Your PIN cannot be your birth date. Choose 6 other digits."
	}
	return "That PIN cannot be used. Choose 6 other digits."
}
func (english) WrongPIN(left int) string {
	return fmt.Sprintf("Wrong PIN. Attempts left: %d. After that your PIN is locked for a while.", left)
}
func (english) PINLocked(until time.Time) string {
	return fmt.Sprintf("Your PIN is locked after several wrong attempts. Try again after %s on %s.\nForgot your PIN? Ask the cooperative's staff to reset it.", until.Format("15:04"), enDate(until))
}
func (english) PINSet() string { return "Your PIN is saved. Type *menu* to see the services." }
func (english) NeedPINFirst() string {
	return "You have no PIN yet (or it was reset). Set one first with *Change PIN* (type *pin*), then try again."
}

func (english) RegisterChoose(coop, note string) string {
	text := fmt.Sprintf("*Registration with %s*\n\n1. I am a member: link this WhatsApp number\n2. I want to become a member\n\nReply 1 or 2.", coop)
	if note != "" {
		text = note + "\n\n" + text
	}
	return text
}
func (english) LastApplicationRejected(regNo, reason string) string {
	return fmt.Sprintf("Your earlier application (%s) was not approved: %s", regNo, reason)
}
func (english) AskNIK() string { return "Type your NIK (16 digits, as on your KTP)." }
func (english) BadNIK() string {
	return "A NIK is 16 digits, as printed on the KTP. Example: *3204011708900000*."
}
func (english) AskBirthDate() string { return "Type your birth date, for example *17-08-1990*." }
func (english) NotFoundForLink(branch string) string {
	return fmt.Sprintf("We found no member with this NIK and this WhatsApp number. If you are not a member yet, type *registration* and choose 2. If you are, contact %s.", branch)
}
func (english) PhoneDiffers(masked, branch string) string {
	return fmt.Sprintf("Your NIK is registered with another phone number (ending %s). For your safety only staff can change it: visit %s with your KTP.", masked, branch)
}
func (english) NIKBirthMismatch() string {
	return "The NIK and birth date do not match the member record for this number."
}
func (english) LinkFailed(branch string) string {
	return fmt.Sprintf("The details did not match after 3 tries. Please contact %s with your KTP.", branch)
}
func (english) Linked(name, no string) string {
	return fmt.Sprintf("The details match. This WhatsApp number is now linked to the membership of %s (No. %s).", name, no)
}
func (english) AlreadyMember(name, no string) string {
	return fmt.Sprintf("This number is already registered to member %s (No. %s). Type *menu* to see the services.", name, no)
}
func (english) ApplicationPending(regNo string, since time.Time) string {
	return fmt.Sprintf("Your application (%s, %s) is being reviewed by the staff. You will be told on WhatsApp once it is decided, usually within 1-2 working days.", regNo, enDate(since))
}
func (english) AskFullName() string { return "Type your full name as on your KTP." }
func (english) BadName() string {
	return "A name has letters, spaces, dots or apostrophes only, at least 3 letters. Example: *Siti Aminah*."
}
func (english) NIKRegistered(branch string) string {
	return fmt.Sprintf("This NIK is already registered with the cooperative. If it is yours, type *registration* and choose 1 to link WhatsApp, or contact %s.", branch)
}
func (english) TooYoung() string {
	return "Members must be at least 17 years old. Check your birth date, for example *17-08-1990*."
}
func (english) AskAddress() string {
	return "Type your full address (street, number, RT/RW, kelurahan, city)."
}
func (english) BadAddress() string {
	return "The address is too short. Example: *Jl. Merdeka No. 10 RT 02/RW 05, Sukajadi, Bandung*."
}
func (english) AskOccupation() string {
	return "What is your occupation? For example *Trader*, *Teacher*."
}
func (english) BadOccupation() string { return "Write your occupation, for example *Trader*." }
func (english) AskKTPPhoto() string {
	return "Send a photo of your KTP: the whole card visible, the text readable, no glare."
}
func (english) NeedKTPPhoto() string {
	return "We need a *photo* of your KTP. Send it as a picture (camera icon, or attach > Gallery)."
}
func (english) Terms(coop string, pokok, wajib int64) string {
	return fmt.Sprintf("*Membership terms of %s*\n"+
		"• Simpanan pokok %s, paid once on joining.\n"+
		"• Simpanan wajib %s every month.\n"+
		"• Simpanan pokok and wajib are returned when you leave, as the bylaws say.\n"+
		"• Your data is used for your membership and checked by the staff.\n\n"+
		"Reply *agree* to send your application, or *no* to cancel.", coop, parse.Rupiah(pokok), parse.Rupiah(wajib))
}
func (english) AskConsent() string {
	return "Reply *agree* to send your application, or *no* to cancel."
}
func (english) ApplicationDropped() string {
	return "All right, the application was not sent and your data was not kept."
}
func (english) Applied(regNo, branch string) string {
	return fmt.Sprintf("Thank you! Your application was sent as *%s*.\n\n"+
		"Next: the staff of %s check your data and KTP photo (usually 1-2 working days). You will be told on WhatsApp. "+
		"Type *registration* at any time to see its status.", regNo, branch)
}

func (english) NoProductsToOpen() string {
	return "You already have every kind of savings account on offer. Type *check savings* to see them."
}
func (english) ChooseSavingsProduct(ps []store.Product) string {
	var b strings.Builder
	b.WriteString("*Open Savings*\nChoose a savings product:\n")
	for i, p := range ps {
		fmt.Fprintf(&b, "%d. %s (first deposit at least %s, %s interest a year)\n", i+1, p.Name, parse.Rupiah(p.MinOpening), enRate(p.RateBP))
	}
	b.WriteString("\n" + enReplyRange(len(ps)))
	return b.String()
}
func (english) SavingsTerms(p store.Product, fee int64) string {
	feeText := "no monthly fee"
	if fee > 0 {
		feeText = "a monthly fee of " + parse.Rupiah(fee)
	}
	return fmt.Sprintf("*%s*\n• First deposit at least %s\n• Minimum balance %s\n• Interest %s a year, on the daily balance\n• %s\n\nOpen this account? Reply *yes* or *no*.",
		p.Name, parse.Rupiah(p.MinOpening), parse.Rupiah(p.MinBalance), enRate(p.RateBP), feeText)
}
func (english) SavingsOpened(number string, p store.Product, branch string) string {
	return fmt.Sprintf("Your *%s* account is open.\nAccount no.: *%s*\n\nFirst deposit at least %s: pay in cash at %s, or transfer to the cooperative's bank account and send the proof. Mention the account number above.",
		p.Name, number, parse.Rupiah(p.MinOpening), branch)
}

func (english) PickAccountOrMonth(n int) string {
	return fmt.Sprintf("Type a month for the savings card, for example *11-2026* or *nov 2026*, or a number 1-%d for another account.", n)
}
func (english) SavingsCard(a store.Account, month time.Time, st store.Statement, loc *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Savings card %s*\n%s · No. %s\n\nOpening balance: %s\n", month.Format("January 2006"), a.ProductName, a.Number, parse.Rupiah(st.Opening))
	if len(st.Movements) == 0 {
		b.WriteString("No transactions this month.\n")
	}
	for _, m := range st.Movements {
		sign := "+"
		if m.Amount < 0 {
			sign = "-"
		}
		fmt.Fprintf(&b, "%s  %s %s%s  → %s\n", m.At.In(loc).Format("02 Jan"), enMemo(m.Memo), sign, parse.Rupiah(abs(m.Amount)), parse.Rupiah(m.Balance))
	}
	fmt.Fprintf(&b, "Closing balance: *%s*\n\nType another month, another account number, or *menu*.", parse.Rupiah(st.Closing))
	return b.String()
}

func (english) NoDeposits() string {
	return "You have no time deposits. Ask at the cooperative's office about them. Type *menu* for other services."
}
func (english) Deposits(name string, ds []DepositLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Time deposits of %s*\n", name)
	for i, d := range ds {
		roll := "paid into savings at maturity"
		if d.Deposit.Rollover {
			roll = "renewed automatically (ARO)"
		}
		left := fmt.Sprintf("%d days left", d.DaysLeft)
		if d.DaysLeft == 0 {
			left = "matures today"
		} else if d.DaysLeft < 0 {
			left = "matured"
		}
		fmt.Fprintf(&b, "\n%d. No. %s\n   Principal: *%s*\n   Interest: %s a year, %d months\n   Start: %s\n   Maturity: %s (%s)\n   Interest at maturity: %s (before tax)\n   At maturity: %s\n",
			i+1, d.Deposit.Account.Number, parse.Rupiah(d.Deposit.Principal), enRate(d.Deposit.RateBP), d.Deposit.TenorMonths,
			enDate(d.Deposit.Start), enDate(d.Deposit.Maturity), left, parse.Rupiah(d.Interest), roll)
	}
	b.WriteString("\nType *menu* for other services.")
	return b.String()
}
func (english) NoLoans() string {
	return "You have no active loans. Type *loan* to simulate and apply for one."
}
func (english) Loans(name string, ls []LoanLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Loans of %s*\n", name)
	for i, l := range ls {
		fmt.Fprintf(&b, "\n%d. %s · No. %s\n   Loan: %s\n   Principal outstanding: *%s*\n   Installments paid: %d of %d\n",
			i+1, l.Loan.Account.ProductName, l.Loan.Account.Number, parse.Rupiah(l.Loan.Principal), parse.Rupiah(l.Outstanding), l.Paid, l.Count)
		if l.HasNext {
			fmt.Fprintf(&b, "   Next installment: %s, due %s\n", parse.Rupiah(l.Next.Total()-l.Next.Paid), enDate(l.Next.Due))
		}
		if l.Overdue > 0 {
			fmt.Fprintf(&b, "   ⚠ Arrears: %s (%d installments), late fees so far %s\n", parse.Rupiah(l.Arrears), l.Overdue, parse.Rupiah(l.LateFees))
		} else {
			b.WriteString("   No arrears\n")
		}
	}
	if len(ls) == 1 {
		b.WriteString("\nType *schedule* for the full schedule, or *menu*.")
	} else {
		fmt.Fprintf(&b, "\nType a loan's number (1-%d) for its schedule, or *menu*.", len(ls))
	}
	return b.String()
}
func (english) ScheduleOption(i, n int) string {
	if n == 1 {
		return "full schedule"
	}
	return fmt.Sprintf("schedule of loan %d", i)
}
func (english) AskSchedule(n int) string {
	if n == 1 {
		return "Type *schedule* for the full schedule."
	}
	return fmt.Sprintf("Type a loan's number, 1-%d, for its schedule.", n)
}
func (english) Schedule(l store.Loan, sched []store.Installment, today time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Schedule of %s*\nNo. %s · %s, %s a year (%s)\n\n", l.Account.ProductName, l.Account.Number,
		parse.Rupiah(l.Principal), enRate(l.RateBP), enMethod(l.Method))
	for _, in := range sched {
		status := ""
		switch {
		case in.Paid >= in.Total():
			status = " ✓ paid"
		case DaysBetween(in.Due, today) > 0:
			status = " ⚠ late"
		}
		fmt.Fprintf(&b, "%2d. %s  %s (principal %s + interest %s)%s\n", in.No, enDate(in.Due), parse.Rupiah(in.Total()), parse.Rupiah(in.Principal), parse.Rupiah(in.Interest), status)
	}
	b.WriteString("\nType *menu* for other services.")
	return b.String()
}

func (english) NoLoanProducts() string {
	return "No loan product can be applied for on WhatsApp yet. Please contact the cooperative's office."
}
func (english) ChooseLoanProduct(ps []store.Product) string {
	var b strings.Builder
	b.WriteString("*Loan simulation & application*\nChoose a product:\n")
	for i, p := range ps {
		fmt.Fprintf(&b, "%d. %s (%s a year, %s)\n", i+1, p.Name, enRate(p.RateBP), enMethod(p.Settings().Method))
	}
	b.WriteString("\n" + enReplyRange(len(ps)))
	return b.String()
}
func (english) AskLoanAmount(p store.Product, max int64) string {
	return fmt.Sprintf("*%s* (%s a year, %s)\nHow much do you need? At most %s. Example: *5jt* or *5.000.000*.", p.Name, enRate(p.RateBP), enMethod(p.Settings().Method), parse.Rupiah(max))
}
func (english) LoanAmountTooLarge(max int64) string {
	return fmt.Sprintf("That is more than this product allows, at most %s. Type a smaller amount.", parse.Rupiah(max))
}
func (english) LoanAmountTooSmall(min int64) string {
	return fmt.Sprintf("The smallest loan is %s. Type a larger amount.", parse.Rupiah(min))
}
func (english) AskTenor(max int) string {
	return fmt.Sprintf("Over how long? Type the number of months, 1 to %d. Example: *12* or *2 years*.", max)
}
func (english) BadTenor(max int) string {
	return fmt.Sprintf("The term must be 1 to %d months. Example: *12* or *2 years*.", max)
}
func (english) LoanSimulation(s Simulation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Simulation: %s*\nLoan: %s\nTerm: %d months\nInterest: %s a year (%s)\n\n", s.Product.Name, parse.Rupiah(s.Amount), s.Tenor, enRate(s.Product.RateBP), enMethod(string(s.Method)))
	switch {
	case s.Method == "declining":
		fmt.Fprintf(&b, "Monthly installment: *%s* (first), going down every month\n", parse.Rupiah(s.Installment))
	case s.Last != s.Installment:
		fmt.Fprintf(&b, "Monthly installment: *%s* (last installment %s)\n", parse.Rupiah(s.Installment), parse.Rupiah(s.Last))
	default:
		fmt.Fprintf(&b, "Monthly installment: *%s*\n", parse.Rupiah(s.Installment))
	}
	fmt.Fprintf(&b, "Total interest: %s\nTotal to pay: %s\n\n", parse.Rupiah(s.Summary.Interest), parse.Rupiah(s.Summary.Total))
	for i, in := range s.Schedule {
		if i == 3 {
			fmt.Fprintf(&b, "… (%d more installments)\n", len(s.Schedule)-3)
			break
		}
		fmt.Fprintf(&b, "%d. %s  %s (principal %s + interest %s)\n", in.No, enDate(in.Due), parse.Rupiah(in.Total()), parse.Rupiah(in.Principal), parse.Rupiah(in.Interest))
	}
	b.WriteString("\n1. Apply for this loan\n2. Calculate again\n3. Done")
	return b.String()
}
func (english) SimulationDone() string {
	return "All right. A simulation commits you to nothing. Type *loan* at any time to calculate again."
}
func (english) LoanPendingStart(a store.LoanApplication, loc *time.Location) string {
	return fmt.Sprintf("*Loan simulation & application*\nYour loan application *%s* (%s, %d months, made %s) is being reviewed by staff. You will be told the outcome on WhatsApp; a new loan can be applied for after that.\n\n1. Work out another loan (without applying)\n2. Done\n\nReply 1 or 2.",
		a.No(), parse.Rupiah(a.Amount), a.TenorMonths, enDate(a.CreatedAt.In(loc)))
}
func (english) LoanPendingOptions() (string, string) {
	return "work out another loan simulate hitung", "done selesai"
}
func (english) LoanDecideOptions() []string {
	return []string{"apply for this loan ajukan", "work it out again ulang", "done selesai"}
}
func (english) LoanAmountTaken(p store.Product, amount int64) string {
	return fmt.Sprintf("*%s* (%s a year, %s): a loan of %s.", p.Name, enRate(p.RateBP), enMethod(p.Settings().Method), parse.Rupiah(amount))
}
func (english) LoanAlreadyPending(appNo string) string {
	return fmt.Sprintf("Your loan application %s is still being reviewed; a new loan can be applied for once it is decided.\n\n2. Work it out again\n3. Done\n\nReply 2 or 3.", appNo)
}
func (english) LoanChecksFailed(checks []LoanCheck) string {
	var b strings.Builder
	b.WriteString("This loan cannot be applied for yet:\n")
	for _, ch := range checks {
		if ch.OK {
			continue
		}
		switch ch.Kind {
		case "ceiling":
			fmt.Fprintf(&b, "• The installment of %s is more than what is left of your installment ceiling, %s a month. Try a smaller amount or a longer term.\n", parse.Rupiah(ch.Need), parse.Rupiah(ch.Have))
		case "savings":
			fmt.Fprintf(&b, "• Your savings are %s; this loan needs at least %s.\n", parse.Rupiah(ch.Have), parse.Rupiah(ch.Need))
		case "retirement":
			fmt.Fprintf(&b, "• The loan would end on %s, after you turn %d (retirement age). Choose a shorter term.\n", enDate(ch.EndsAt), ch.RetirementAge)
		}
	}
	b.WriteString("\nType *loan* to calculate again, or *menu*.")
	return b.String()
}
func (english) LoanChecksPassed() string {
	return "This loan meets the ceiling, savings and age rules."
}
func (english) LoanApplied(appNo, branch string) string {
	return fmt.Sprintf("Your loan application was sent as *%s*. The staff of %s will review it; you will be told the outcome on WhatsApp.", appNo, branch)
}

func (english) Profile(m store.Member, branch string, loc *time.Location) string {
	gender := map[string]string{"L": "Male", "P": "Female"}[m.Gender]
	status := map[store.MemberStatus]string{store.MemberActive: "Active", store.MemberSuspended: "Suspended", store.MemberApplicant: "Waiting for approval"}[m.Status]
	birth := "-"
	if !m.BirthDate.IsZero() {
		birth = enDate(m.BirthDate)
	}
	pin := "set"
	if !m.HasPIN() {
		pin = "not set (type *pin*)"
	}
	return fmt.Sprintf("*Member profile*\nName: %s\nMember no.: %s\nNIK: %s\nBirth date: %s\nGender: %s\nAddress: %s\nOccupation: %s\nPhone: +%s\nBranch: %s\nStatus: %s\nMember since: %s\nPIN: %s\n\nSomething wrong? Contact %s to correct it.",
		m.Name, m.No, store.MaskNIK(m.NIK), birth, orDash(gender), orDash(m.Address), orDash(m.Occupation), m.Phone, branch, orDash(status), enDate(m.JoinedAt.In(loc)), pin, branch)
}

func (english) AdminOnly() string {
	return "Sorry, this command is for the cooperative's staff only. Type *menu* for the member services."
}
func (english) AdminMenu(p store.Pending) string {
	return fmt.Sprintf("*Staff menu*\n1. Applications waiting (%d)\n2. Loan applications waiting (%d)\n3. Find a member\n4. Reset a member's PIN\n5. Cash deposit\n6. Cash withdrawal\n7. Installment in cash\n8. Reverse a transaction\n9. Disburse a loan\n10. KTP verifications waiting (%d)\n11. Transfer deposits waiting (%d)\n12. Withdrawals waiting to be paid (%d)\n13. Chats waiting for staff (%d)\n\nReply 1-13.",
		p.Applications, p.Loans, p.KTPReviews, p.Deposits, p.Withdrawals, p.Handovers)
}
func (english) AdminNothingPending() string {
	return "Nothing is waiting. Type *admin* for the staff menu."
}
func (english) AdminApplications(ms []store.Member, loc *time.Location) string {
	var b strings.Builder
	b.WriteString("*Applications waiting*\n")
	for i, m := range ms {
		fmt.Fprintf(&b, "%d. %s · %s · %s\n", i+1, m.RegNo, m.Name, enDate(m.CreatedAt.In(loc)))
	}
	b.WriteString("\nReply with a number to see the details.")
	return b.String()
}
func (english) AdminApplication(m store.Member, loc *time.Location) string {
	return fmt.Sprintf("*%s*\nName: %s\nNIK: %s\nBirth date: %s\nAddress: %s\nOccupation: %s\nPhone: +%s\nApplied: %s\n\n1. Approve\n2. Reject",
		m.RegNo, m.Name, orDash(ktp.Mask(m.NIK)), enDateOrDash(m.BirthDate), orDash(m.Address), orDash(m.Occupation), m.Phone, enDate(m.CreatedAt.In(loc)))
}
func (english) AdminKTPCaption(regNo string) string { return "KTP photo " + regNo }
func (english) AdminAskReason() string {
	return fmt.Sprintf("Write the reason the applicant will read (at least %d letters), for example *KTP photo unreadable*.", coop.MinReasonLetters)
}
func (english) AdminApproved(regNo, name, no string) string {
	return fmt.Sprintf("%s approved: %s is now member No. %s. Simpanan pokok and wajib accounts are open, and they have been told.", regNo, name, no)
}
func (english) AdminRejected(regNo, name string) string {
	return fmt.Sprintf("%s (%s) rejected; the applicant has been told the reason.", regNo, name)
}
func (english) AdminAlreadyDecided(no string) string {
	return fmt.Sprintf("%s was already decided by someone else. Type *admin* for the staff menu.", no)
}
func (english) AdminLoanApplications(as []store.LoanApplication, names []string) string {
	var b strings.Builder
	b.WriteString("*Loan applications waiting*\n")
	for i, a := range as {
		fmt.Fprintf(&b, "%d. %s · %s · %s, %d months\n", i+1, a.No(), names[i], parse.Rupiah(a.Amount), a.TenorMonths)
	}
	b.WriteString("\nReply with a number to see the details.")
	return b.String()
}
func (english) AdminLoanApplication(a store.LoanApplication, m store.Member, savings int64) string {
	return fmt.Sprintf("*%s*\nMember: %s (No. %s)\nProduct: %s\nAmount: %s\nTerm: %d months\nInstallment: %s a month\nInstallment ceiling: %s\nTotal savings: %s\nApplied: %s\n\n1. Approve\n2. Reject",
		a.No(), m.Name, m.No, a.Product.Name, parse.Rupiah(a.Amount), a.TenorMonths, parse.Rupiah(a.Installment), parse.Rupiah(m.Ceiling), parse.Rupiah(savings), enDate(a.CreatedAt))
}
func (english) AdminLoanDecided(appNo string, approved bool) string {
	if approved {
		return fmt.Sprintf("%s approved; the member has been told to come to the office to sign and receive it.", appNo)
	}
	return fmt.Sprintf("%s rejected; the member has been told the reason.", appNo)
}
func (english) AdminAskQuery() string {
	return "Type a name (at least 3 letters), member number, NIK or phone number to find."
}
func (english) AdminFound(ms []store.Member) string {
	if len(ms) == 0 {
		return "Nobody found. Type *admin* to search again."
	}
	var b strings.Builder
	b.WriteString("*Found*\n")
	for _, m := range ms {
		no := m.No
		if no == "" {
			no = m.RegNo
		}
		fmt.Fprintf(&b, "• %s · %s · +%s · NIK %s · %s\n", no, m.Name, m.Phone, store.MaskNIK(m.NIK), m.Status)
	}
	return b.String()
}
func (english) AdminAskMemberNo() string {
	return "Type the member number whose PIN to reset, for example *01.00000*. Make sure you have checked the member's KTP."
}
func (english) AdminNoSuchMember(no string) string {
	return fmt.Sprintf("There is no member number %s. Type a member number, for example *01.00000*.", no)
}
func (english) AdminPINReset(no, name string) string {
	return fmt.Sprintf("The PIN of %s (%s) is reset. The member has been told to set a new one.", name, no)
}
func (english) AdminNewApplication(regNo, name string) string {
	return fmt.Sprintf("New application %s from %s is waiting. Type *admin* to review it.", regNo, name)
}
func (english) AdminNewLoanApplication(appNo, name string, amount int64, tenor int) string {
	return fmt.Sprintf("New loan application %s from %s: %s over %d months. Type *admin* to review it.", appNo, name, parse.Rupiah(amount), tenor)
}

func (english) AdminAskSavingsAccount() string {
	return "Type the member's savings account number (10 digits), for example *0104000005*."
}
func (english) AdminAskCashAmount(op string, a store.Account, owner string) string {
	what := "deposited"
	if op == "withdraw" {
		what = "withdrawn"
	}
	return fmt.Sprintf("%s No. %s of %s, balance %s.\nHow much is %s? Example: *500rb*.", a.ProductName, a.Number, owner, parse.Rupiah(a.Amount()), what)
}
func (english) AdminConfirmCash(op, account string, amount int64) string {
	if op == "withdraw" {
		return fmt.Sprintf("Cash withdrawal of *%s* from account No. %s. Cash handed over? Reply *yes* to book it, or *no*.", parse.Rupiah(amount), account)
	}
	return fmt.Sprintf("Cash deposit of *%s* into account No. %s. Cash counted? Reply *yes* to book it, or *no*.", parse.Rupiah(amount), account)
}
func (english) AdminAskLoanAccount() string {
	return "Type the loan account number (10 digits), for example *0106000003*."
}
func (english) AdminConfirmInstallment(due store.LoanDue) string {
	return fmt.Sprintf("Loan No. %s: due now *%s* (late fees %s included). Take it in cash? Reply *yes* or *no*.", due.Loan.Account.Number, parse.Rupiah(due.Now), parse.Rupiah(due.LateFees))
}
func (english) AdminAskReference() string {
	return "Type the reference of the transaction to reverse, for example *TRX-000123*."
}
func (english) AdminTellerDone(ref string, amount int64) string {
	return fmt.Sprintf("Booked: %s, %s. The member has their receipt.", ref, parse.Rupiah(amount))
}
func (english) AdminTellerRefused(why string) string {
	return "Not booked: " + why + ". Type *admin* for the staff menu."
}
func (english) AdminWithdrawable(amount int64) string {
	return fmt.Sprintf("Not booked: at most %s can be withdrawn from this account (the balance less the minimum balance and amounts on hold). Type *admin* to try again.", parse.Rupiah(amount))
}
func (english) AdminAskReversalReason() string {
	return fmt.Sprintf("Write the reason for the reversal (at least %d letters); the member will read it. Example: *Deposit booked twice*.", coop.MinReasonLetters)
}
func (english) AdminLoanApproved(appNo, loanAccount string) string {
	return fmt.Sprintf("%s approved; the member has been told to come to the office to sign. The loan is account No. %s: disburse it with *admin* > 9 at the signing.", appNo, loanAccount)
}
func (english) AdminAskDisburseSavings(loanAccount string, principal int64, owner string) string {
	return fmt.Sprintf("Loan No. %s of %s, %s. Type the member's savings account number that receives the money.", loanAccount, owner, parse.Rupiah(principal))
}
func (english) AdminDisburseToOwnSavings() string {
	return "A loan is disbursed only into the borrower's own tabungan or simpanan sukarela. Type the borrower's savings account number (10 digits)."
}
func (english) AdminAlreadyDisbursed(loan string) string {
	return fmt.Sprintf("Loan No. %s was already disbursed; nothing more was booked. Type *admin* for the staff menu.", loan)
}

var enNIKParts = map[string]string{"province": "province code (the first 2 digits)", "regency": "regency or city code (digits 3 and 4)",
	"district": "district code (digits 5 and 6)", "birth date": "birth date (digits 7 to 12)", "serial": "serial (the last 4 digits)"}

func (english) BadNIKPart(part string) string {
	what, ok := enNIKParts[part]
	if !ok {
		return For("en").BadNIK()
	}
	return fmt.Sprintf("That NIK is not valid: its %s is wrong. Check the 16 digits on your KTP again and type them once more.", what)
}
func (english) BirthDateNotNIKs(nikBirth time.Time) string {
	return fmt.Sprintf("That birth date is not the one in your NIK (%s). Check your KTP and type the right birth date.", enDate(nikBirth))
}
