package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

func enLine(l TransferLine) string {
	if l.Own {
		return fmt.Sprintf("%s No. %s", l.Product, l.Number)
	}
	return fmt.Sprintf("%s, %s No. %s", l.Name, l.Product, l.Number)
}

func (english) NothingToSendFrom() string {
	return "There is nothing to transfer yet: transfers go from tabungan or simpanan sukarela above their minimum balance (simpanan pokok and wajib cannot be transferred). Type *check savings* to see your balances."
}
func (english) ChooseSourceAccount(as []store.Account) string {
	var b strings.Builder
	b.WriteString("*Transfer Between Savings*\nSend from which account?\n")
	for i, a := range as {
		fmt.Fprintf(&b, "%d. %s No. %s (can send %s)\n", i+1, a.ProductName, a.Number, parse.Rupiah(a.Available()))
	}
	b.WriteString("\n" + enReplyRange(len(as)))
	return b.String()
}
func (english) AskDestination(own []store.Account) string {
	var b strings.Builder
	b.WriteString("Send to where?\n")
	if len(own) > 0 {
		b.WriteString("To your own account:\n")
		for i, a := range own {
			fmt.Fprintf(&b, "%d. %s No. %s\n", i+1, a.ProductName, a.Number)
		}
		b.WriteString("\nOr type")
	} else {
		b.WriteString("Type")
	}
	b.WriteString(" the member's account number (10 digits) or the member's phone number, for example *0812-0000-0000*.")
	return b.String()
}
func (english) BadDestination() string {
	return "The destination could not be read. Type a 10-digit account number (for example *0104000005*) or a member's phone number (for example *0812-0000-0000*)."
}
func (english) BadAccountNumber() string {
	return "That account number is not valid (a digit is mistyped). Check its 10 digits again."
}
func (english) NoSuchAccount() string {
	return "There is no account with that number. Check it, or type the member's phone number."
}
func (english) NotASavingsAccount() string {
	return "That is not a member's savings account. Transfers go to members' tabungan or simpanan sukarela only (not simpanan pokok or wajib)."
}
func (english) NoMemberWithPhone() string {
	return "That phone number is not an active member's. Check it, or type the account number."
}
func (english) RecipientCannotReceive() string {
	return "That member has no savings account that can receive transfers yet. Ask them to open one first."
}
func (english) SameAccount() string {
	return "The destination is the account you send from. Choose another destination."
}
func (english) AccountNotActive(masked string) string {
	return fmt.Sprintf("Account %s is frozen or closed, so it cannot be used for transfers. Contact the cooperative's office.", masked)
}
func (english) AskTransferAmount(to TransferLine, available, max int64) string {
	return fmt.Sprintf("To: %s\n\nHow much do you want to send? You can send up to %s (at most %s a transfer). Example: *250rb*.",
		enLine(to), parse.Rupiah(available), parse.Rupiah(max))
}
func (english) TransferOverLimit(max int64) string {
	return fmt.Sprintf("A transfer is at most %s. Type a smaller amount.", parse.Rupiah(max))
}
func (english) InsufficientFunds(available int64) string {
	return fmt.Sprintf("Not enough funds. You can send %s from this account (the balance less the minimum balance and amounts on hold). Type a smaller amount.", parse.Rupiah(available))
}
func (english) DailyLimitReached(limit, left int64) string {
	if left <= 0 {
		return fmt.Sprintf("The daily transfer limit of %s is used up for today. Nothing was changed; you can transfer again from midnight.", parse.Rupiah(limit))
	}
	return fmt.Sprintf("The daily transfer limit is %s. Today you can still send up to %s: type that or less, for example *%s*.", parse.Rupiah(limit), parse.Rupiah(left), parse.Rupiah(left))
}
func (english) TransferSummary(from, to TransferLine, amount int64) string {
	return fmt.Sprintf("*Check your transfer*\nFrom: %s\nTo: %s\nAmount: *%s*\nFee: Rp0\n\nReply *yes* to send, or *no* to cancel.", enLine(from), enLine(to), parse.Rupiah(amount))
}
func (english) TransferReceipt(ref string, from, to TransferLine, amount, balance int64, at time.Time) string {
	return fmt.Sprintf("✅ *Transfer done*\nReference: %s\nTime: %s %s\nFrom: %s\nTo: %s\nAmount: *%s*\nYour balance now: %s\n\nKeep this message as proof of the transfer.",
		ref, enDate(at), at.Format("15:04"), enLine(from), enLine(to), parse.Rupiah(amount), parse.Rupiah(balance))
}
func (english) TransferReceived(ref string, from TransferLine, toNumber string, amount, balance int64, at time.Time) string {
	return fmt.Sprintf("💰 *Money in*\nYou received %s from %s into account No. %s.\nReference: %s\nTime: %s %s\nAccount balance now: %s",
		parse.Rupiah(amount), from.Name, toNumber, ref, enDate(at), at.Format("15:04"), parse.Rupiah(balance))
}
