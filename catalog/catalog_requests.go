package catalog

import (
	"time"

	"github.com/kopbot/kopbot/store"
)

// requestMessages are the texts of Setoran (a deposit made by bank transfer, reported with
// its proof and verified by staff) and Penarikan (a withdrawal to the member's bank
// account, held at once and paid by staff), and of the staff's decisions on them.
type requestMessages interface {
	// Setoran.
	SetoranStart(pending int, banks []store.BankAccount) string // banks: the branch's accounts to transfer to
	ProofKept() string                                          // the proof photo came first: kept, the rest is asked
	SetoranOptions() (report, pending string)                   // the two choices SetoranStart lists
	ChooseDepositAccount(as []store.Account) string
	AskDepositAmount(a store.Account) string
	// PokokTakesAtMost asks again for an amount a simpanan pokok takes: at most max, what is left to pay.
	PokokTakesAtMost(max int64) string
	AskTransferDate(today time.Time) string
	BadTransferDate(today time.Time) string
	TransferDateInFuture(today time.Time) string
	TransferDateTooOld(oldest time.Time) string
	// AskSenderBank and AskDestinationBank list the banks by number, Lainnya last.
	AskSenderBank(banks []string) string
	// BadBankName asks again for a bank from the list of n (Lainnya being n+1).
	BadBankName(n int) string
	// AskOtherBank asks for the name of a bank not on the list; BadOtherBank when it is no name.
	AskOtherBank() string
	BadOtherBank() string
	AskSenderName() string
	BadHolderName() string
	AskProofPhoto() string
	NeedProofPhoto() string
	DepositSubmitted(d store.DepositRequest, branch string) string
	NoPendingDeposits() string
	PendingDeposits(ds []store.DepositRequest) string
	ConfirmCancelDeposit(d store.DepositRequest) string
	DepositKept(no string) string
	DepositCancelledByMember(no string) string
	DepositNotPending(d store.DepositRequest) string

	// Penarikan.
	PenarikanStart(pending int) string
	PenarikanOptions() (withdraw, pending string) // the two choices PenarikanStart lists
	NoPendingWithdrawals() string
	PendingWithdrawals(ws []store.WithdrawalRequest) string
	ConfirmCancelWithdrawal(w store.WithdrawalRequest) string
	WithdrawalKept(no string) string
	WithdrawalCancelledByMember(no string, a store.Account) string
	WithdrawalNotPending(w store.WithdrawalRequest) string
	NothingToWithdraw() string
	ChooseWithdrawAccount(as []store.Account) string
	AskWithdrawAmount(a store.Account) string
	WithdrawOverAvailable(available int64) string
	AskDestinationBank(banks []string) string
	// WithdrawTooSmall refuses an amount below the smallest withdrawal.
	WithdrawTooSmall(min int64) string
	AskDestinationAccount(bank string) string
	BadDestinationAccount() string
	AskDestinationHolder() string
	WithdrawalSummary(w store.WithdrawalRequest) string
	WithdrawNoLongerAvailable(available int64) string
	WithdrawalRequested(w store.WithdrawalRequest, branch string) string

	// Told to the branch's admins.
	AdminNewDeposit(d store.DepositRequest, m store.Member) string
	AdminDepositCancelledByMember(no string, m store.Member) string
	AdminNewWithdrawal(w store.WithdrawalRequest, m store.Member) string
	AdminWithdrawalCancelledByMember(no string, m store.Member) string

	// The admin menu's deposits (11) and withdrawals (12) waiting for staff.
	AdminDepositList(ds []store.DepositRequest, names []string) string
	AdminDepositDetail(d store.DepositRequest, m store.Member) string
	AdminProofCaption(no string) string
	AdminDepositVerified(d store.DepositRequest, ref string) string
	AdminDepositCancelled(no, name string) string
	AdminWithdrawalList(ws []store.WithdrawalRequest, names []string) string
	AdminWithdrawalDetail(w store.WithdrawalRequest, m store.Member) string
	AdminWithdrawalPaid(w store.WithdrawalRequest, ref string) string
	AdminWithdrawalRejected(no, name string) string

	// Staff decisions, told to the member. The request's account is as it stands after.
	DepositVerified(d store.DepositRequest, ref string) string
	DepositCancelled(d store.DepositRequest) string
	WithdrawalPaid(w store.WithdrawalRequest, ref string) string
	WithdrawalRejected(w store.WithdrawalRequest) string
}
