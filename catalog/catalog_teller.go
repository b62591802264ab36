package catalog

import (
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// tellerMessages are the texts members receive about teller operations and payments.
type tellerMessages interface {
	TellerDeposited(r store.Receipt) string
	TellerWithdrawn(r store.Receipt) string
	// first is the loan's first installment; its No is 0 when the loan has no schedule.
	TellerLoanDisbursed(r store.Receipt, first store.Installment, fees LoanFees) string
	TellerInstallmentPaid(p store.Payment) string
	// mine are the reversal's postings on the member's own accounts.
	TellerReversed(r store.Receipt, mine []store.PostedLine, reason string) string

	// The admin menu's counter operations.
	AdminAskSavingsAccount() string
	AdminAskCashAmount(op string, a store.Account, owner string) string
	AdminConfirmCash(op, account string, amount int64) string
	AdminAskLoanAccount() string
	AdminConfirmInstallment(due store.LoanDue) string
	AdminAskReference() string
	AdminTellerDone(ref string, amount int64) string
	// AdminTellerRefused says why a teller operation was refused: refused is a
	// *coop.Refusal, whose Code and figures the template part "refusal" reads.
	AdminTellerRefused(refused error) string
	// StaffRefused is a refusal as the back office's web pages say it: the same words as
	// the admin menu's, without its menu hints.
	StaffRefused(refused error) string
	AdminWithdrawable(amount int64) string
	AdminAskReversalReason(minLetters int) string
	AdminLoanApproved(appNo, loanAccount string) string
	AdminAskDisburseSavings(loanAccount string, principal int64, owner string, fees LoanFees) string
	AdminDisburseToOwnSavings() string
	AdminAlreadyDisbursed(loanAccount string) string
}

// tellerChange is how a posting moved the account as its owner reads it: savings up, or
// what a borrower owes up.
func tellerChange(l store.PostedLine) int64 {
	if l.Account.Normal == store.Debit {
		return -l.Amount
	}
	return l.Amount
}

// tellerSigned shows a change with its sign: +Rp50.000, -Rp50.000.
func tellerSigned(n int64) string {
	if n > 0 {
		return "+" + parse.Rupiah(n)
	}
	return parse.Rupiah(n)
}

// tellerMemo is the staff's own note on a movement, when they wrote one.
func tellerMemo(r store.Receipt) string { return r.Memo.Note }
