package catalog

import (
	"strings"
	"time"

	"github.com/kopbot/kopbot/store"
)

// The messages of catalog.go's member services: common answers, PIN, registration, savings,
// deposits, loans, profile and the admin menu.

func (b *book) PickNumber(n int) string { return b.say("PickNumber", n) }

func (b *book) WeakPIN(why PINWeakness) string   { return b.say("WeakPIN", int(why)) }
func (b *book) WrongPIN(left int) string         { return b.say("WrongPIN", left) }
func (b *book) PINLocked(until time.Time) string { return b.say("PINLocked", until) }
func (b *book) PINLockedUntilReset() string      { return b.say("PINLockedUntilReset", nil) }
func (b *book) PINLockedForStaff(who PINLockout) string {
	return b.say("PINLockedForStaff", who)
}

func (b *book) RegisterChoose(coop, note string) string {
	return b.say("RegisterChoose", args{"Coop": coop, "Note": note})
}
func (b *book) LastApplicationRejected(regNo, reason string) string {
	return b.say("LastApplicationRejected", args{"RegNo": regNo, "Reason": reason})
}
func (b *book) BadNIKPart(part string) string { return b.say("BadNIKPart", part) }
func (b *book) BirthDateNotNIKs(nikBirth time.Time) string {
	return b.say("BirthDateNotNIKs", nikBirth)
}
func (b *book) NotFoundForLink(branch string) string { return b.say("NotFoundForLink", branch) }
func (b *book) LinkFailed(branch string) string      { return b.say("LinkFailed", branch) }
func (b *book) Linked(name, memberNo string) string {
	return b.say("Linked", args{"Name": name, "No": memberNo})
}
func (b *book) AlreadyMember(name, memberNo string) string {
	return b.say("AlreadyMember", args{"Name": name, "No": memberNo})
}
func (b *book) ApplicationPending(regNo string, since time.Time) string {
	return b.say("ApplicationPending", args{"RegNo": regNo, "Since": since})
}
func (b *book) Terms(coop string, pokok, wajib int64) string {
	return b.say("Terms", args{"Coop": coop, "Pokok": pokok, "Wajib": wajib})
}
func (b *book) Applied(regNo, branch string) string {
	return b.say("Applied", args{"RegNo": regNo, "Branch": branch})
}

func (b *book) ChooseSavingsProduct(ps []store.Product) string {
	return b.say("ChooseSavingsProduct", ps)
}
func (b *book) SavingsTerms(p store.Product, monthlyFee int64) string {
	return b.say("SavingsTerms", args{"Product": p, "Fee": monthlyFee})
}
func (b *book) SavingsOpened(number string, p store.Product, branch string, banks []store.BankAccount) string {
	return b.say("SavingsOpened", args{"Number": number, "Product": p, "Branch": branch, "Banks": banks})
}

func (b *book) PickAccountOrMonth(n int) string { return b.say("PickAccountOrMonth", n) }
func (b *book) SavingsCard(a store.Account, month time.Time, st store.Statement, loc *time.Location) string {
	return b.say("SavingsCard", args{"Account": a, "Month": month, "Statement": st, "Loc": loc})
}

func (b *book) Deposits(name string, ds []DepositLine) string {
	return b.say("Deposits", args{"Name": name, "Deposits": ds})
}
func (b *book) Loans(name string, ls []LoanLine) string {
	scheduled := 0 // loans paid out, which have a schedule to show
	for _, l := range ls {
		if !l.Waiting {
			scheduled++
		}
	}
	return b.say("Loans", args{"Name": name, "Loans": ls, "Scheduled": scheduled})
}
func (b *book) ScheduleAfterDisbursement() string { return b.say("ScheduleAfterDisbursement", nil) }
func (b *book) LoanWaitingDisbursement(l store.Loan, branch string) string {
	return b.say("LoanWaitingDisbursement", args{"Loan": l, "Branch": branch})
}
func (b *book) AskSchedule(n int) string { return b.say("AskSchedule", n) }
func (b *book) ScheduleOption(i, n int) string {
	return b.say("ScheduleOption", args{"I": i, "N": n})
}
func (b *book) Schedule(l store.Loan, sched []store.Installment, today time.Time) string {
	return b.say("Schedule", args{"Loan": l, "Schedule": sched, "Today": today})
}

func (b *book) ChooseLoanProduct(ps []store.Product) string { return b.say("ChooseLoanProduct", ps) }
func (b *book) AskLoanAmount(p store.Product, max int64) string {
	return b.say("AskLoanAmount", args{"Product": p, "Max": max})
}
func (b *book) LoanAmountTooLarge(max int64) string { return b.say("LoanAmountTooLarge", max) }
func (b *book) LoanAmountTooSmall(min int64) string { return b.say("LoanAmountTooSmall", min) }
func (b *book) AskTenor(max int) string             { return b.say("AskTenor", max) }
func (b *book) BadTenor(max int) string             { return b.say("BadTenor", max) }
func (b *book) LoanSimulation(s Simulation) string  { return b.say("LoanSimulation", s) }
func (b *book) LoanAlreadyPending(appNo string) string {
	return b.say("LoanAlreadyPending", appNo)
}
func (b *book) LoanPendingStart(a store.LoanApplication, loc *time.Location) string {
	return b.say("LoanPendingStart", args{"Application": a, "Loc": loc})
}

// LoanPendingOptions's text has one option a line: simulate, done.
func (b *book) LoanPendingOptions() (simulate, done string) { return b.pair("LoanPendingOptions") }

// LoanDecideOptions's text has one option a line: apply, again, done.
func (b *book) LoanDecideOptions() []string {
	return options(b.say("LoanDecideOptions", nil), 3)
}

// options are the n lines of a message that names n options, one a line.
func options(text string, n int) []string {
	o := strings.SplitN(text, "\n", n)
	for len(o) < n {
		o = append(o, "")
	}
	return o
}

func (b *book) LoanAmountTaken(p store.Product, amount int64) string {
	return b.say("LoanAmountTaken", args{"Product": p, "Amount": amount})
}
func (b *book) LoanChecksFailed(checks []LoanCheck) string { return b.say("LoanChecksFailed", checks) }
func (b *book) LoanApplied(appNo, branch string) string {
	return b.say("LoanApplied", args{"AppNo": appNo, "Branch": branch})
}

func (b *book) Profile(m store.Member, branch string, loc *time.Location) string {
	return b.say("Profile", args{"Member": m, "Branch": branch, "Loc": loc})
}

func (b *book) AdminMenu(p store.Pending) string { return b.say("AdminMenu", p) }
func (b *book) AdminApplications(ms []store.Member, loc *time.Location) string {
	return b.say("AdminApplications", args{"Members": ms, "Loc": loc})
}
func (b *book) AdminApplication(m store.Member, loc *time.Location) string {
	return b.say("AdminApplication", args{"Member": m, "Loc": loc})
}
func (b *book) AdminKTPCaption(regNo string) string  { return b.say("AdminKTPCaption", regNo) }
func (b *book) AdminAskReason(minLetters int) string { return b.say("AdminAskReason", minLetters) }
func (b *book) AdminApproved(regNo, name, memberNo string) string {
	return b.say("AdminApproved", args{"RegNo": regNo, "Name": name, "No": memberNo})
}
func (b *book) AdminRejected(regNo, name string) string {
	return b.say("AdminRejected", args{"RegNo": regNo, "Name": name})
}
func (b *book) AdminAlreadyDecided(no string) string { return b.say("AdminAlreadyDecided", no) }
func (b *book) AdminLoanApplications(as []store.LoanApplication, names []string) string {
	return b.say("AdminLoanApplications", args{"Applications": as, "Names": names})
}
func (b *book) AdminLoanApplication(a store.LoanApplication, m store.Member, savings int64) string {
	return b.say("AdminLoanApplication", args{"Application": a, "Member": m, "Savings": savings})
}
func (b *book) AdminLoanDecided(appNo string, approved bool) string {
	return b.say("AdminLoanDecided", args{"AppNo": appNo, "Approved": approved})
}
func (b *book) AdminFound(ms []store.Member) string { return b.say("AdminFound", ms) }
func (b *book) AdminNoSuchMember(no string) string  { return b.say("AdminNoSuchMember", no) }
func (b *book) AdminPINReset(memberNo, name string) string {
	return b.say("AdminPINReset", args{"No": memberNo, "Name": name})
}
func (b *book) AdminNewApplication(regNo, name string) string {
	return b.say("AdminNewApplication", args{"RegNo": regNo, "Name": name})
}
func (b *book) AdminLinkFromOtherPhone(phone, name, no string, birthMatches bool) string {
	return b.say("AdminLinkFromOtherPhone", args{"Phone": phone, "Name": name, "No": no, "BirthMatches": birthMatches})
}
func (b *book) AdminNewApplicationNIKHeld(regNo, name, holder string) string {
	return b.say("AdminNewApplicationNIKHeld", args{"RegNo": regNo, "Name": name, "Holder": holder})
}
func (b *book) AdminNewLoanApplication(appNo, name string, amount int64, tenor int) string {
	return b.say("AdminNewLoanApplication", args{"AppNo": appNo, "Name": name, "Amount": amount, "Tenor": tenor})
}

func (b *book) AdminAskCashAmount(op string, a store.Account, owner string) string {
	return b.say("AdminAskCashAmount", args{"Op": op, "Account": a, "Owner": owner})
}
func (b *book) AdminConfirmCash(op, account string, amount int64) string {
	return b.say("AdminConfirmCash", args{"Op": op, "Account": account, "Amount": amount})
}
func (b *book) AdminConfirmInstallment(due store.LoanDue) string {
	return b.say("AdminConfirmInstallment", due)
}
func (b *book) AdminTellerDone(ref string, amount int64) string {
	return b.say("AdminTellerDone", args{"Ref": ref, "Amount": amount})
}
func (b *book) AdminTellerRefused(refused error) string { return b.say("AdminTellerRefused", refused) }
func (b *book) StaffRefused(refused error) string       { return b.say("StaffRefused", refused) }
func (b *book) AdminWithdrawable(amount int64) string   { return b.say("AdminWithdrawable", amount) }
func (b *book) AdminAskReversalReason(minLetters int) string {
	return b.say("AdminAskReversalReason", minLetters)
}
func (b *book) AdminLoanApproved(appNo, loanAccount string) string {
	return b.say("AdminLoanApproved", args{"AppNo": appNo, "LoanAccount": loanAccount})
}
func (b *book) AdminAskDisburseSavings(loanAccount string, principal int64, owner string, fees LoanFees) string {
	return b.say("AdminAskDisburseSavings", args{"LoanAccount": loanAccount, "Principal": principal, "Owner": owner, "Fees": fees, "Net": principal - fees.Total()})
}
func (b *book) AdminAlreadyDisbursed(loanAccount string) string {
	return b.say("AdminAlreadyDisbursed", loanAccount)
}
