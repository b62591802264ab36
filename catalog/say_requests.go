package catalog

import (
	"time"

	"github.com/kopbot/kopbot/store"
)

// The messages of Setoran and Penarikan, and of the staff's decisions on them
// (catalog_requests.go).

// Setoran.

func (b *book) SetoranStart(pending int, banks []store.BankAccount) string {
	return b.say("SetoranStart", args{"Pending": pending, "Banks": banks})
}

// SetoranOptions's text has one option a line: report, pending.
func (b *book) SetoranOptions() (report, pending string) { return b.pair("SetoranOptions") }

func (b *book) ChooseDepositAccount(as []store.Account) string {
	return b.say("ChooseDepositAccount", as)
}
func (b *book) AskDepositAmount(a store.Account) string { return b.say("AskDepositAmount", a) }
func (b *book) PokokTakesAtMost(max int64) string       { return b.say("PokokTakesAtMost", max) }
func (b *book) AskTransferDate(today time.Time) string  { return b.say("AskTransferDate", today) }
func (b *book) BadTransferDate(today time.Time) string  { return b.say("BadTransferDate", today) }
func (b *book) TransferDateInFuture(today time.Time) string {
	return b.say("TransferDateInFuture", today)
}
func (b *book) TransferDateTooOld(oldest time.Time) string {
	return b.say("TransferDateTooOld", oldest)
}
func (b *book) AskSenderBank(banks []string) string { return b.say("AskSenderBank", banks) }
func (b *book) BadBankName(n int) string            { return b.say("BadBankName", n) }
func (b *book) DepositSubmitted(d store.DepositRequest, branch string) string {
	return b.say("DepositSubmitted", args{"Deposit": d, "Branch": branch})
}
func (b *book) PendingDeposits(ds []store.DepositRequest) string {
	return b.say("PendingDeposits", ds)
}
func (b *book) ConfirmCancelDeposit(d store.DepositRequest) string {
	return b.say("ConfirmCancelDeposit", d)
}
func (b *book) DepositKept(no string) string { return b.say("DepositKept", no) }
func (b *book) DepositCancelledByMember(no string) string {
	return b.say("DepositCancelledByMember", no)
}
func (b *book) DepositNotPending(d store.DepositRequest) string {
	return b.say("DepositNotPending", d)
}

// Penarikan.

func (b *book) PenarikanStart(pending int) string { return b.say("PenarikanStart", pending) }

// PenarikanOptions's text has one option a line: withdraw, pending.
func (b *book) PenarikanOptions() (withdraw, pending string) { return b.pair("PenarikanOptions") }

func (b *book) PendingWithdrawals(ws []store.WithdrawalRequest) string {
	return b.say("PendingWithdrawals", ws)
}
func (b *book) ConfirmCancelWithdrawal(w store.WithdrawalRequest) string {
	return b.say("ConfirmCancelWithdrawal", w)
}
func (b *book) WithdrawalKept(no string) string { return b.say("WithdrawalKept", no) }
func (b *book) WithdrawalCancelledByMember(no string, a store.Account) string {
	return b.say("WithdrawalCancelledByMember", args{"No": no, "Account": a})
}
func (b *book) WithdrawalNotPending(w store.WithdrawalRequest) string {
	return b.say("WithdrawalNotPending", w)
}
func (b *book) ChooseWithdrawAccount(as []store.Account) string {
	return b.say("ChooseWithdrawAccount", as)
}
func (b *book) AskWithdrawAmount(a store.Account) string { return b.say("AskWithdrawAmount", a) }
func (b *book) WithdrawOverAvailable(available int64) string {
	return b.say("WithdrawOverAvailable", available)
}
func (b *book) AskDestinationBank(banks []string) string {
	return b.say("AskDestinationBank", banks)
}

// WithdrawTooSmall's example is the smallest withdrawal, or a round Rp50.000 above it.
func (b *book) WithdrawTooSmall(min int64) string {
	return b.say("WithdrawTooSmall", args{"Min": min, "Example": max(min, 50_000)})
}
func (b *book) AskDestinationAccount(bank string) string {
	return b.say("AskDestinationAccount", bank)
}
func (b *book) WithdrawalSummary(w store.WithdrawalRequest) string {
	return b.say("WithdrawalSummary", w)
}
func (b *book) WithdrawNoLongerAvailable(available int64) string {
	return b.say("WithdrawNoLongerAvailable", available)
}
func (b *book) WithdrawalRequested(w store.WithdrawalRequest, branch string) string {
	return b.say("WithdrawalRequested", args{"Withdrawal": w, "Branch": branch})
}

// Told to the branch's admins.

func (b *book) AdminNewDeposit(d store.DepositRequest, m store.Member) string {
	return b.say("AdminNewDeposit", args{"Deposit": d, "Member": m})
}
func (b *book) AdminDepositCancelledByMember(no string, m store.Member) string {
	return b.say("AdminDepositCancelledByMember", args{"No": no, "Member": m})
}
func (b *book) AdminNewWithdrawal(w store.WithdrawalRequest, m store.Member) string {
	return b.say("AdminNewWithdrawal", args{"Withdrawal": w, "Member": m})
}
func (b *book) AdminWithdrawalCancelledByMember(no string, m store.Member) string {
	return b.say("AdminWithdrawalCancelledByMember", args{"No": no, "Member": m})
}

// The admin menu's deposits and withdrawals waiting for staff.

func (b *book) AdminDepositList(ds []store.DepositRequest, names []string) string {
	return b.say("AdminDepositList", args{"Deposits": ds, "Names": names})
}
func (b *book) AdminDepositDetail(d store.DepositRequest, m store.Member) string {
	return b.say("AdminDepositDetail", args{"Deposit": d, "Member": m})
}
func (b *book) AdminProofCaption(no string) string { return b.say("AdminProofCaption", no) }
func (b *book) AdminDepositVerified(d store.DepositRequest, ref string) string {
	return b.say("AdminDepositVerified", args{"Deposit": d, "Ref": ref})
}
func (b *book) AdminDepositCancelled(no, name string) string {
	return b.say("AdminDepositCancelled", args{"No": no, "Name": name})
}
func (b *book) AdminWithdrawalList(ws []store.WithdrawalRequest, names []string) string {
	return b.say("AdminWithdrawalList", args{"Withdrawals": ws, "Names": names})
}
func (b *book) AdminWithdrawalDetail(w store.WithdrawalRequest, m store.Member) string {
	return b.say("AdminWithdrawalDetail", args{"Withdrawal": w, "Member": m})
}
func (b *book) AdminWithdrawalPaid(w store.WithdrawalRequest, ref string) string {
	return b.say("AdminWithdrawalPaid", args{"Withdrawal": w, "Ref": ref})
}
func (b *book) AdminWithdrawalRejected(no, name string) string {
	return b.say("AdminWithdrawalRejected", args{"No": no, "Name": name})
}

// Staff decisions, told to the member.

func (b *book) DepositVerified(d store.DepositRequest, ref string) string {
	return b.say("DepositVerified", args{"Deposit": d, "Ref": ref})
}
func (b *book) DepositCancelled(d store.DepositRequest) string {
	return b.say("DepositCancelled", d)
}
func (b *book) WithdrawalPaid(w store.WithdrawalRequest, ref string) string {
	return b.say("WithdrawalPaid", args{"Withdrawal": w, "Ref": ref})
}
func (b *book) WithdrawalRejected(w store.WithdrawalRequest) string {
	return b.say("WithdrawalRejected", w)
}

// pair is a message of two options, one a line.
func (b *book) pair(name string) (first, second string) {
	o := options(b.say(name, nil), 2)
	return o[0], o[1]
}
