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
	TellerLoanDisbursed(r store.Receipt, first store.Installment) string
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
	AdminTellerRefused(why string) string
	AdminWithdrawable(amount int64) string
	AdminAskReversalReason() string
	AdminLoanApproved(appNo, loanAccount string) string
	AdminAskDisburseSavings(loanAccount string, principal int64, owner string) string
	AdminDisburseToOwnSavings() string
	AdminAlreadyDisbursed(loanAccount string) string
}

// tellerChange shows how a posting moved the account as its owner reads it, with its
// sign: savings up, or what a borrower owes up, +Rp50.000; down, -Rp50.000.
func tellerChange(l store.PostedLine) string {
	n := l.Amount
	if l.Account.Normal == "D" {
		n = -n
	}
	if n > 0 {
		return "+" + parse.Rupiah(n)
	}
	return parse.Rupiah(n)
}

// tellerMemo is the staff's note on a movement, when it says more than the default.
func tellerMemo(r store.Receipt) string {
	switch r.Memo {
	case store.MemoCashDeposit, store.MemoCashWithdrawal, store.MemoDisbursement:
		return ""
	}
	return r.Memo
}
