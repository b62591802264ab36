package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// enRequestStatus names a request's status, matching the Indonesian labels one to one.
var enRequestStatus = map[store.RequestStatus]string{
	store.RequestPending:     "Not yet verified",
	store.DepositVerified:    "Verified",
	store.WithdrawalPaid:     "Verified",
	store.DepositCancelled:   "Cancelled",
	store.WithdrawalRejected: "Cancelled",
}

func enAccountLine(a store.Account) string { return fmt.Sprintf("%s No. %s", a.ProductName, a.Number) }

func (english) SetoranStart(pending int) string {
	return fmt.Sprintf("*Savings Deposit*\nTransferred money to the cooperative's bank account? Report it here with the transfer proof; your balance goes up once staff verify it.\n\n"+
		"1. New deposit\n2. See/cancel deposits waiting (%d)\n\nReply 1 or 2.", pending)
}
func (english) ChooseDepositAccount(as []store.Account) string {
	var b strings.Builder
	b.WriteString("Which account is the deposit for?\n")
	for i, a := range as {
		fmt.Fprintf(&b, "%d. %s\n", i+1, enAccountLine(a))
	}
	b.WriteString("\n" + enReplyRange(len(as)))
	return b.String()
}
func (english) AskDepositAmount(a store.Account) string {
	return fmt.Sprintf("Account: %s\n\nHow much did you transfer? Write it as on the transfer proof, for example *500.000* or *500rb*.", enAccountLine(a))
}
func (english) AskTransferDate(today time.Time) string {
	return fmt.Sprintf("On what date did you transfer? For example *%s*, or type *today* or *yesterday*.", today.Format("02-01-2006"))
}
func (english) BadTransferDate(today time.Time) string {
	return fmt.Sprintf("The date could not be read. Write for example *%s* or *%s*, or type *today*.", today.Format("02-01-2006"), today.Format("2 January 2006"))
}
func (english) TransferDateInFuture(today time.Time) string {
	return fmt.Sprintf("The transfer date cannot be after today (%s). Check the date on the transfer proof.", enDate(today))
}
func (english) TransferDateTooOld(oldest time.Time) string {
	return fmt.Sprintf("Deposits can be reported here up to 30 days after the transfer, so the date must be %s or later. For an older transfer, bring its proof to the cooperative's office.", enDate(oldest))
}
func enBanks(banks []string) string {
	var b strings.Builder
	for i, n := range banks {
		fmt.Fprintf(&b, "%d. %s\n", i+1, n)
	}
	fmt.Fprintf(&b, "%d. Other\n\nReply with its number, or write the bank's name, for example *bca*.", len(banks)+1)
	return b.String()
}
func (english) AskSenderBank(banks []string) string {
	return "From which bank did you transfer?\n" + enBanks(banks)
}
func (english) BadBankName(n int) string {
	return fmt.Sprintf("That bank is not on the list. Reply 1 to %d, or *%d* (Other) for another bank, then write its name.", n, n+1)
}
func (english) AskOtherBank() string {
	return "Write the bank's name, for example *Bank Jatim*."
}
func (english) BadOtherBank() string {
	return "The bank's name could not be read. Write just the bank (letters), for example *Bank Jatim*."
}
func (english) AskSenderName() string {
	return "In whose name is the account you sent from? Write the name as on the transfer proof."
}
func (english) BadHolderName() string {
	return "The account holder's name could not be read. Write the full name, for example *Siti Aminah*."
}
func (english) ProofKept() string {
	return "*Savings Deposit*\nWe kept the photo of your transfer proof. Fill in the details, then staff verify it."
}
func (english) AskProofPhoto() string {
	return "Last, send a photo or screenshot of the transfer proof: the amount, date and destination account must be readable."
}
func (english) NeedProofPhoto() string {
	return "We need a *photo* of the transfer proof. Send it as a picture (camera icon, or attach > Gallery)."
}
func (english) DepositSubmitted(d store.DepositRequest, branch string) string {
	return fmt.Sprintf("✅ *Deposit reported*\nDeposit no.: *%s*\nStatus: %s\nAccount: %s\nAmount: *%s*\nTransfer date: %s\nFrom: %s, %s\n\n"+
		"Staff of %s will match it with the cooperative's bank statement (usually within 1 working day). Your balance goes up once it is verified, and you will be told. "+
		"Until then you can cancel it with *deposit*.",
		d.No(), enRequestStatus[d.Status], enAccountLine(d.Account), parse.Rupiah(d.Amount), enDate(d.TransferDate), d.SenderBank, d.SenderName, branch)
}
func (english) NoPendingDeposits() string {
	return "No deposit is waiting for verification. Type *deposit* to report a new one."
}
func (english) PendingDeposits(ds []store.DepositRequest) string {
	var b strings.Builder
	b.WriteString("*Deposits waiting for verification*\n")
	for i, d := range ds {
		fmt.Fprintf(&b, "%d. %s · %s into %s No. %s · transferred %s\n", i+1, d.No(), parse.Rupiah(d.Amount), d.Account.ProductName, d.Account.Number, enDate(d.TransferDate))
	}
	b.WriteString("\nReply with a number to cancel that deposit, or type *menu*.")
	return b.String()
}
func (english) ConfirmCancelDeposit(d store.DepositRequest) string {
	return fmt.Sprintf("Cancel deposit *%s* (%s into %s, transferred %s)?\n\nReply *yes* to cancel it, or *no* to leave it waiting for verification.",
		d.No(), parse.Rupiah(d.Amount), enAccountLine(d.Account), enDate(d.TransferDate))
}
func (english) DepositKept(no string) string {
	return fmt.Sprintf("All right, deposit %s keeps waiting for verification.", no)
}
func (english) DepositCancelledByMember(no string) string {
	return fmt.Sprintf("Deposit *%s* is cancelled (status: Cancelled). Your balance has not changed. If the money was already transferred to the cooperative's account, contact the cooperative's office.", no)
}
func (english) DepositNotPending(d store.DepositRequest) string {
	return fmt.Sprintf("Deposit %s is no longer waiting for verification (status: %s), so it cannot be cancelled.", d.No(), enRequestStatus[d.Status])
}

func (english) NothingToWithdraw() string {
	return "There is nothing to withdraw yet: withdrawals come from tabungan or simpanan sukarela above their minimum balance and any money on hold (simpanan pokok and wajib stay while you are a member). Type *check savings* to see your balances."
}
func (english) ChooseWithdrawAccount(as []store.Account) string {
	var b strings.Builder
	b.WriteString("*Withdrawal*\nWithdraw from which account?\n")
	for i, a := range as {
		fmt.Fprintf(&b, "%d. %s (can withdraw %s)\n", i+1, enAccountLine(a), parse.Rupiah(a.Available()))
	}
	b.WriteString("\n" + enReplyRange(len(as)))
	return b.String()
}
func (english) AskWithdrawAmount(a store.Account) string {
	return fmt.Sprintf("Withdraw from: %s\nCan withdraw: *%s* (the balance less the minimum balance and money on hold)\n\nHow much will you withdraw? For example *500rb*.",
		enAccountLine(a), parse.Rupiah(a.Available()))
}
func (english) WithdrawOverAvailable(available int64) string {
	return fmt.Sprintf("That is more than can be withdrawn. At most %s can be withdrawn from this account (the balance less the minimum balance and money on hold). Type a smaller amount.", parse.Rupiah(available))
}
func (english) AskDestinationBank(banks []string) string {
	return "To which bank should the money go?\n" + enBanks(banks)
}
func (english) WithdrawTooSmall(min int64) string {
	return fmt.Sprintf("The smallest withdrawal is %s. Type %s or more, for example *%s*.", parse.Rupiah(min), parse.Rupiah(min), parse.Rupiah(max(min, 50_000)))
}
func (english) AskDestinationAccount(bank string) string {
	return fmt.Sprintf("Type the %s account number to send it to.", bank)
}
func (english) BadDestinationAccount() string {
	return "The account number could not be read. Write the digits only (6 to 20 of them), for example *1234567890*."
}
func (english) AskDestinationHolder() string {
	return "In whose name is that account? Write it as in the bank book, for example *Siti Aminah*."
}
func (english) WithdrawalSummary(w store.WithdrawalRequest) string {
	return fmt.Sprintf("*Check your withdrawal*\nFrom: %s\nAmount: *%s*\nTo: %s %s, %s\n\n"+
		"Once you agree, this amount is *put on hold* in your account at once, until staff transfer it.\n\n"+
		"Reply *yes* to request it, or *no* to cancel.",
		enAccountLine(w.Account), parse.Rupiah(w.Amount), w.Bank, w.BankAccount, w.Holder)
}
func (english) WithdrawNoLongerAvailable(available int64) string {
	return fmt.Sprintf("The account's balance has changed: %s can be withdrawn now. Nothing was requested; type *withdraw* to start again.", parse.Rupiah(available))
}
func (english) WithdrawalRequested(w store.WithdrawalRequest, branch string) string {
	return fmt.Sprintf("✅ *Withdrawal requested*\nWithdrawal no.: *%s*\nStatus: %s\nFrom: %s\nAmount: *%s* (on hold until transferred)\nTo: %s %s, %s\n\n"+
		"Staff of %s will transfer it (usually within 1 working day), and you will be told. The balance goes down when the money is transferred; until then this amount cannot be used.",
		w.No(), enRequestStatus[w.Status], enAccountLine(w.Account), parse.Rupiah(w.Amount), w.Bank, w.BankAccount, w.Holder, branch)
}

func (english) AdminNewDeposit(d store.DepositRequest, m store.Member) string {
	return fmt.Sprintf("New deposit *%s* from %s (%s): %s into %s, transferred %s from %s, %s.\n\n"+
		"Match it with the cooperative's bank statement, then verify it with *admin* > 11, or kopbot deposits verify %s (kopbot deposits cancel %s -reason \"...\").",
		d.No(), m.Name, m.No, parse.Rupiah(d.Amount), enAccountLine(d.Account), enDate(d.TransferDate), d.SenderBank, d.SenderName, d.No(), d.No())
}
func (english) AdminDepositCancelledByMember(no string, m store.Member) string {
	return fmt.Sprintf("Deposit %s was cancelled by %s (%s); it needs no verification.", no, m.Name, m.No)
}
func (english) AdminNewWithdrawal(w store.WithdrawalRequest, m store.Member) string {
	return fmt.Sprintf("New withdrawal *%s* from %s (%s): %s from %s to %s %s, %s. The money is on hold.\n\n"+
		"Once transferred, mark it paid with *admin* > 12, or kopbot withdrawals pay %s (kopbot withdrawals reject %s -reason \"...\").",
		w.No(), m.Name, m.No, parse.Rupiah(w.Amount), enAccountLine(w.Account), w.Bank, w.BankAccount, w.Holder, w.No(), w.No())
}

func (english) DepositVerified(d store.DepositRequest, ref string) string {
	return fmt.Sprintf("✅ *Deposit verified*\nDeposit no.: %s\nReference: %s\nAccount: %s\nAmount: *%s*\nBalance now: %s\n\nKeep this message as proof of the deposit.",
		d.No(), ref, enAccountLine(d.Account), parse.Rupiah(d.Amount), parse.Rupiah(d.Account.Amount()))
}
func (english) DepositCancelled(d store.DepositRequest) string {
	return fmt.Sprintf("Sorry, deposit *%s* (%s, transferred %s) was *cancelled* by staff.\nReason: %s\n\n"+
		"Your balance has not changed. Report it again with *deposit* with the right details, or contact the cooperative's office.",
		d.No(), parse.Rupiah(d.Amount), enDate(d.TransferDate), d.Reason)
}
func (english) WithdrawalPaid(w store.WithdrawalRequest, ref string) string {
	return fmt.Sprintf("✅ *Withdrawal transferred*\nWithdrawal no.: %s\nReference: %s\nAmount: *%s*\nTo: %s %s, %s\nFrom: %s\nBalance now: %s\n\n"+
		"If the money has not arrived within 1 working day, contact the cooperative's office.",
		w.No(), ref, parse.Rupiah(w.Amount), w.Bank, w.BankAccount, w.Holder, enAccountLine(w.Account), parse.Rupiah(w.Account.Amount()))
}
func (english) WithdrawalRejected(w store.WithdrawalRequest) string {
	return fmt.Sprintf("Sorry, withdrawal *%s* (%s to %s %s) was *cancelled* by staff.\nReason: %s\n\n"+
		"The money on hold is released: %s can now be withdrawn or spent from %s.",
		w.No(), parse.Rupiah(w.Amount), w.Bank, w.BankAccount, w.Reason, parse.Rupiah(w.Account.Available()), enAccountLine(w.Account))
}

func (english) AdminDepositList(ds []store.DepositRequest, names []string) string {
	var b strings.Builder
	b.WriteString("*Deposits waiting for verification*\n")
	for i, d := range ds {
		fmt.Fprintf(&b, "%d. %s · %s · %s · transferred %s\n", i+1, d.No(), names[i], parse.Rupiah(d.Amount), enDate(d.TransferDate))
	}
	b.WriteString("\nReply with a number to see its proof.")
	return b.String()
}
func (english) AdminDepositDetail(d store.DepositRequest, m store.Member) string {
	return fmt.Sprintf("*%s*\nMember: %s (No. %s)\nInto: %s\nAmount: *%s*\nTransferred: %s\nFrom: %s, %s\n\n"+
		"Match it with the cooperative's bank statement.\n1. Verify (the member's balance goes up)\n2. Cancel",
		d.No(), m.Name, orDash(m.No), enAccountLine(d.Account), parse.Rupiah(d.Amount), enDate(d.TransferDate), d.SenderBank, d.SenderName)
}
func (english) AdminProofCaption(no string) string { return no + ": transfer proof" }
func (english) AdminDepositVerified(d store.DepositRequest, ref string) string {
	return fmt.Sprintf("%s verified: %s into %s (%s). Balance now %s; the member has been told.",
		d.No(), parse.Rupiah(d.Amount), d.Account.Number, ref, parse.Rupiah(d.Account.Amount()))
}
func (english) AdminDepositCancelled(no, name string) string {
	return fmt.Sprintf("%s (%s) cancelled; nothing moved, and the member has been told why.", no, name)
}
func (english) AdminWithdrawalList(ws []store.WithdrawalRequest, names []string) string {
	var b strings.Builder
	b.WriteString("*Withdrawals waiting to be paid*\n")
	for i, w := range ws {
		fmt.Fprintf(&b, "%d. %s · %s · %s to %s\n", i+1, w.No(), names[i], parse.Rupiah(w.Amount), w.Bank)
	}
	b.WriteString("\nReply with a number to see the details.")
	return b.String()
}
func (english) AdminWithdrawalDetail(w store.WithdrawalRequest, m store.Member) string {
	return fmt.Sprintf("*%s*\nMember: %s (No. %s)\nFrom: %s (on hold)\nAmount: *%s*\nTo: %s %s, %s\n\n"+
		"Transfer it from the cooperative's bank account first, then:\n1. Mark it paid (the member's savings are debited)\n2. Reject (the hold is released)",
		w.No(), m.Name, orDash(m.No), enAccountLine(w.Account), parse.Rupiah(w.Amount), w.Bank, w.BankAccount, w.Holder)
}
func (english) AdminWithdrawalPaid(w store.WithdrawalRequest, ref string) string {
	return fmt.Sprintf("%s paid: %s from %s (%s). Balance now %s; the member has been told.",
		w.No(), parse.Rupiah(w.Amount), w.Account.Number, ref, parse.Rupiah(w.Account.Amount()))
}
func (english) AdminWithdrawalRejected(no, name string) string {
	return fmt.Sprintf("%s (%s) rejected; the hold is released, and the member has been told why.", no, name)
}

func (english) SetoranOptions() (string, string) {
	return "new deposit baru", "see cancel pending deposits lihat batalkan"
}
func (english) PenarikanOptions() (string, string) {
	return "new withdrawal baru", "see cancel pending withdrawals lihat batalkan"
}
func (english) PenarikanStart(pending int) string {
	return fmt.Sprintf("*Savings Withdrawal*\nWithdraw savings to your bank account; the money is held until staff transfer it.\n\n"+
		"1. New withdrawal\n2. See/cancel withdrawals waiting (%d)\n\nReply 1 or 2.", pending)
}
func (english) NoPendingWithdrawals() string {
	return "No withdrawal is waiting to be paid. Type *penarikan* to withdraw savings."
}
func (english) PendingWithdrawals(ws []store.WithdrawalRequest) string {
	var b strings.Builder
	b.WriteString("*Withdrawals waiting to be paid*\n")
	for i, w := range ws {
		fmt.Fprintf(&b, "%d. %s · %s from %s No. %s to %s %s\n", i+1, w.No(), parse.Rupiah(w.Amount), w.Account.ProductName, w.Account.Number, w.Bank, w.BankAccount)
	}
	b.WriteString("\nReply with a number to cancel that withdrawal, or type *menu*.")
	return b.String()
}
func (english) ConfirmCancelWithdrawal(w store.WithdrawalRequest) string {
	return fmt.Sprintf("Cancel withdrawal *%s* (%s from %s to %s %s)? The money on hold will be released.\n\nReply *yes* to cancel it, or *no* to leave it waiting to be paid.",
		w.No(), parse.Rupiah(w.Amount), enAccountLine(w.Account), w.Bank, w.BankAccount)
}
func (english) WithdrawalKept(no string) string {
	return fmt.Sprintf("All right, withdrawal %s stays waiting to be paid.", no)
}
func (english) WithdrawalCancelledByMember(no string, a store.Account) string {
	return fmt.Sprintf("Withdrawal *%s* cancelled (status: Cancelled). The hold is released: %s now has %s available.",
		no, enAccountLine(a), parse.Rupiah(a.Available()))
}
func (english) WithdrawalNotPending(w store.WithdrawalRequest) string {
	return fmt.Sprintf("Withdrawal %s is no longer waiting (status: %s), so it cannot be cancelled any more.", w.No(), enRequestStatus[w.Status])
}
func (english) AdminWithdrawalCancelledByMember(no string, m store.Member) string {
	return fmt.Sprintf("Withdrawal %s was cancelled by %s (%s); the hold is released, *do not transfer it*.", no, m.Name, m.No)
}
