package catalog

import (
	"time"

	"github.com/kopbot/kopbot/store"
)

// Messages is every text a member can see, in one language. Flows never hold text of their own.
type Messages interface {
	transferMessages   // catalog_transfer.go
	tellerMessages     // catalog_teller.go
	requestMessages    // catalog_requests.go
	qrisMessages       // catalog_qris.go
	ktpMessages        // catalog_ktp.go
	reminderMessages   // catalog_reminders.go
	understandMessages // catalog_understand.go
	handoverMessages   // catalog_handover.go
	payoffMessages     // catalog_payoff.go
	statementMessages  // catalog_statement.go
	depositMessages    // catalog_deposits.go
	shuMessages        // catalog_shu.go
	fourEyesMessages   // catalog_foureyes.go
	// Menu is the person's menu, numbered through its groups; name is the member's name,
	// empty for someone not yet a member (member false: they are told so).
	Menu(coop, name string, member bool, groups []MenuGroup) string
	ServiceName(flow string) string
	NotUnderstood() string
	Cancelled() string
	Help(activeService string) string
	RetryHint() string
	SessionExpired(minutes int) string
	InternalError() string
	// PhotoNotKept: a photo came but could not be stored; nothing was changed, send it again later.
	PhotoNotKept() string
	// HandledLater: the message could not be handled (the database takes no writes) and is
	// kept: it is handled, and answered, once it can be; no need to send it again.
	HandledLater() string
	Unavailable(service string) string
	NotMember(coop, branch string) string
	StillApplicant() string
	NotActive(branch string) string

	ChooseLanguage() string
	LanguageSet() string

	SavingsList(name string, accounts []store.Account) string
	NoSavings() string
	PickAccount(n int) string
	Movements(a store.Account, ms []store.Movement, now time.Time) string

	// Common answers.
	PickNumber(n int) string
	AskYesNo() string
	BadAmount() string
	BadDate() string

	// PIN.
	AskPIN() string
	AskOldPIN() string
	AskNewPIN() string
	ConfirmNewPIN() string
	PINsDiffer() string
	SamePIN() string
	WeakPIN(why PINWeakness) string
	WrongPIN(left int) string
	PINLocked(until time.Time) string
	PINLockedUntilReset() string
	PINLockedForStaff(who PINLockout) string
	PINSet() string
	NeedPINFirst() string

	// Registrasi.
	RegisterChoose(coop, note string) string
	LastApplicationRejected(regNo, reason string) string
	AskNIK() string
	BadNIK() string
	BadNIKPart(part string) string
	BirthDateNotNIKs(nikBirth time.Time) string
	AskBirthDate() string
	NotFoundForLink(branch string) string
	NIKBirthMismatch() string
	LinkFailed(branch string) string
	Linked(name, memberNo string) string
	AlreadyMember(name, memberNo string) string
	ApplicationPending(regNo string, since time.Time) string
	AskFullName() string
	BadName() string
	TooYoung() string
	AskAddress() string
	BadAddress() string
	AskOccupation() string
	BadOccupation() string
	AskKTPPhoto() string
	NeedKTPPhoto() string
	Terms(coop string, pokok, wajib int64) string
	AskConsent() string
	ApplicationDropped() string
	Applied(regNo, branch string) string

	// Buka Tabungan.
	NoProductsToOpen() string
	ChooseSavingsProduct(ps []store.Product) string
	SavingsTerms(p store.Product, monthlyFee int64) string
	// SavingsOpened: banks are the branch's accounts to transfer the first deposit to.
	SavingsOpened(number string, p store.Product, branch string, banks []store.BankAccount) string

	// Cek Tabungan's savings card.
	PickAccountOrMonth(n int) string
	SavingsCard(a store.Account, month time.Time, st store.Statement, loc *time.Location) string

	// Cek Deposito, Cek Pinjaman.
	NoDeposits() string
	Deposits(name string, ds []DepositLine) string
	NoLoans() string
	Loans(name string, ls []LoanLine) string
	ScheduleAfterDisbursement() string
	LoanWaitingDisbursement(l store.Loan, branch string) string
	AskSchedule(n int) string
	// ScheduleOption names the i-th of n loans' schedules, as a member asks for it ("jadwal").
	ScheduleOption(i, n int) string
	Schedule(l store.Loan, sched []store.Installment, today time.Time) string

	// Simulasi & Pengajuan Pinjaman.
	NoLoanProducts() string
	ChooseLoanProduct(ps []store.Product) string
	AskLoanAmount(p store.Product, max int64) string
	LoanAmountTooLarge(max int64) string
	LoanAmountTooSmall(min int64) string
	AskTenor(max int) string
	BadTenor(max int) string
	LoanSimulation(s Simulation) string
	SimulationDone() string
	LoanAlreadyPending(appNo string) string
	// LoanPendingStart opens Pinjaman for a member with an application waiting: what it is, and
	// the two ways on (simulate only, or done), named by LoanPendingOptions.
	LoanPendingStart(a store.LoanApplication, loc *time.Location) string
	LoanPendingOptions() (simulate, done string)
	// LoanDecideOptions name the three choices after a simulation: apply, again, done.
	LoanDecideOptions() []string
	// LoanAmountTaken repeats the amount the member gave when asking for a loan.
	LoanAmountTaken(p store.Product, amount int64) string
	LoanChecksFailed(checks []LoanCheck) string
	LoanChecksPassed() string
	LoanApplied(appNo, branch string) string

	Profile(m store.Member, branch string, loc *time.Location) string

	// The admin menu.
	AdminOnly() string
	AdminMenu(p store.Pending) string
	AdminNothingPending() string
	AdminApplications(ms []store.Member, loc *time.Location) string
	AdminApplication(m store.Member, loc *time.Location) string
	AdminKTPCaption(regNo string) string
	AdminAskReason(minLetters int) string
	AdminApproved(regNo, name, memberNo string) string
	AdminRejected(regNo, name string) string
	AdminAlreadyDecided(no string) string
	AdminLoanApplications(as []store.LoanApplication, names []string) string
	AdminLoanApplication(a store.LoanApplication, m store.Member, savings int64) string
	AdminLoanDecided(appNo string, approved bool) string
	AdminAskQuery() string
	AdminFound(ms []store.Member) string
	AdminAskMemberNo() string
	AdminNoSuchMember(no string) string
	AdminPINReset(memberNo, name string) string
	AdminNewApplication(regNo, name string) string
	// AdminNewApplicationNIKHeld is a new application whose NIK a member (holder: their number) already has:
	// the applicant was answered as any other, so staff are the ones who hear it.
	AdminNewApplicationNIKHeld(regNo, name, holder string) string
	// AdminLinkFromOtherPhone is an attempt to link phone to a member (name, no) by their NIK from a number
	// their record does not hold: the sender was answered as for an unknown NIK, so staff are the ones who
	// hear it, and whether the birth date matched too.
	AdminLinkFromOtherPhone(phone, name, no string, birthMatches bool) string
	AdminNewLoanApplication(appNo, name string, amount int64, tenor int) string
	// AdminWhatsAppOutdated tells admins WhatsApp refuses this kopbot as outdated; it may
	// arrive late (only once kopbot can send again), so it says since when.
	AdminWhatsAppOutdated(branch, whatsmeow, since string) string
	// AdminQRISLate tells admins a QRIS payment notice came after its QR expired, for a
	// payment made while it was valid, and was credited to the member all the same.
	AdminQRISLate(ref, member string, amount int64, paidAt, validUntil, arrived time.Time) string

	// Staff decisions, told to the member.
	ApplicationApproved(name, memberNo string, pokok, wajib int64, branch string, ktpVerified bool) string
	ApplicationRejected(regNo, reason, branch string) string
	PINWasReset() string
	LoanApproved(appNo string, terms Simulation, branch string) string
	LoanRejected(appNo, reason string) string

	// A member's record changed by staff, told to the member (say_lifecycle.go).
	PhoneChangedFromHere(maskedNew, branch string) string    // to the old number
	PhoneChangedToHere(name, memberNo, branch string) string // to the new number
	MemberSuspended(reason, branch string) string
	MemberReactivated(branch string) string
	SuspendedNoMoney(branch string) string // a suspended member asking for a service that moves money
	LeftCooperative(l Leave) string
}

var (
	_ Messages = indonesian{}
	_ Messages = english{}
)

// For returns the messages of lang, Bahasa Indonesia unless lang is en.
func For(lang string) Messages {
	if lang == "en" {
		return english{enBook}
	}
	return indonesian{idBook}
}
