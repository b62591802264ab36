package catalog

import (
	"time"

	"github.com/kopbot/kopbot/store"
)

// transferMessages are the texts of Transfer Antar Tabungan.
type transferMessages interface {
	NothingToSendFrom() string
	ChooseSourceAccount(as []store.Account) string
	AskDestination(own []store.Account) string
	BadDestination() string
	BadAccountNumber() string
	NoSuchAccount() string
	NotASavingsAccount() string
	NoMemberWithPhone() string
	RecipientCannotReceive() string
	SameAccount() string
	AccountNotActive(masked string) string
	// TransferRefused says why a transfer cannot be made: refused is a *coop.Refusal.
	TransferRefused(refused error) string
	AskTransferAmount(to TransferLine, available, max int64) string
	TransferOverLimit(max int64) string
	InsufficientFunds(available int64) string
	DailyLimitReached(limit, left int64) string
	TransferSummary(from, to TransferLine, amount int64) string
	TransferReceipt(ref string, from, to TransferLine, amount, balance int64, at time.Time) string
	TransferReceived(ref string, from TransferLine, toNumber string, amount, balance int64, at time.Time) string

	// Bayar Angsuran and Bayar Simpanan Wajib.
	ChooseLoanToPay(loans []store.Loan) string
	NothingDue() string
	DueNoSource(amount int64) string
	// PayShort says an account cannot pay what is due (a fixed amount: no smaller one can
	// be typed): another listed account may (other), or the member tops up or pays at branch.
	PayShort(due, available int64, other bool, branch string) string
	InstallmentDue(due store.LoanDue, from []store.Account) string
	PaySummary(product, number string, amount int64) string
	NoWajibAccount() string
	WajibPaidUp(balance int64) string
	WajibDue(due store.WajibDue, from []store.Account) string
	WajibReceipt(ref string, months []time.Time, amount, balance int64, at time.Time) string
}
