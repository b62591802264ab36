package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/intent"
	"github.com/kopbot/kopbot/store"
)

type penarikanData struct {
	Accounts []string `json:"accounts,omitempty"` // savings account numbers offered
	Account  string   `json:"account,omitempty"`
	Amount   int64    `json:"amount,omitempty"`
	Bank     string   `json:"bank,omitempty"`
	Number   string   `json:"number,omitempty"` // the destination bank account, digits only
	Holder   string   `json:"holder,omitempty"`
}

// penarikan takes a member's request to withdraw savings to their bank account (Penarikan
// Simpanan): the account (voluntary savings only), the amount (at most what is available),
// the destination bank, account number and holder, a summary, the PIN. The amount is held
// on the account at once, in the same transaction, so transfers and payments cannot spend
// it while the request waits (Belum Diverifikasi) for staff to pay it.
func penarikan(ctx context.Context, c *Convo[penarikanData], m store.Member, in Input) Result {
	switch c.Step {
	case "":
		c.Data = penarikanData{}
		pending, err := c.Tx.WithdrawalRequests(ctx, store.RequestPending, m.ID, -1)
		if err != nil {
			return c.Fail(err)
		}
		if len(pending) > 0 {
			return c.Ask("choose", c.Msg.PenarikanStart(len(pending)))
		}
		return askWithdrawAccount(ctx, c, m)
	case "choose":
		return c.newOrCancel(c.option(c.Msg.PenarikanOptions()), func() Result { return askWithdrawAccount(ctx, c, m) }, flowPenarikanCancel)
	case "pending", "cancel":
		// Cancelling's steps before it was a flow of its own (a session kept across an upgrade).
		return c.Switch(flowPenarikanCancel)
	case "account":
		return c.pickAccount(ctx, m, c.Data.Accounts, &c.Data.Account, c.Msg.AskWithdrawAmount)
	case "amount":
		amount, err := c.Amount(in.Text)
		if errors.Is(err, intent.ErrSmallBare) && c.Rules().WithdrawMin > 0 {
			return c.Retry(c.Msg.WithdrawTooSmall(c.Rules().WithdrawMin)) // "1" is no Rp1
		}
		if err != nil {
			return c.Retry(c.Msg.BadAmount())
		}
		a, err := c.ownAccount(ctx, m, c.Data.Account)
		if err != nil {
			return c.Fail(err)
		}
		if min := c.Rules().WithdrawMin; amount < min {
			return c.Retry(c.Msg.WithdrawTooSmall(min))
		}
		if amount > a.Available() {
			return c.Retry(c.Msg.WithdrawOverAvailable(a.Available()))
		}
		c.Data.Amount = amount
		return c.Ask("bank", c.Msg.AskDestinationBank(bankNames()))
	case "bank", "bank-other":
		bank, res, ok := c.readBank(in.Text)
		if !ok {
			return res
		}
		c.Data.Bank = bank
		return c.Ask("number", c.Msg.AskDestinationAccount(bank))
	case "number":
		number, ok := bankAccountNumber(in.Text)
		if !ok {
			return c.Retry(c.Msg.BadDestinationAccount())
		}
		c.Data.Number = number
		return c.Ask("holder", c.Msg.AskDestinationHolder())
	case "holder":
		name, ok := holderName(in.Text)
		if !ok {
			return c.Retry(c.Msg.BadHolderName())
		}
		c.Data.Holder = name
		a, err := c.ownAccount(ctx, m, c.Data.Account)
		if err != nil {
			return c.Fail(err)
		}
		return c.Ask("confirm", c.Msg.WithdrawalSummary(withdrawalOf(in.Branch, c.Data, a)))
	case "confirm":
		return c.confirmThenPIN(m, c.Msg.Cancelled())
	case stepPIN:
		if stop, ok := c.confirmPIN(ctx, m, in.Text); !ok {
			return stop
		}
		return requestWithdrawal(ctx, c, m, in)
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// requestWithdrawal files the withdrawal the member confirmed with their PIN, holding its
// amount on the account at once, and tells the branch's admins.
func requestWithdrawal(ctx context.Context, c *Convo[penarikanData], m store.Member, in Input) Result {
	// Balances may have moved since the amount was typed: check again, as AddHold will.
	a, err := c.ownAccount(ctx, m, c.Data.Account)
	if err != nil {
		return c.Fail(err)
	}
	if a.Status != store.AccountActive {
		return c.Done(c.Msg.AccountNotActive(a.Number))
	}
	if c.Data.Amount > a.Available() {
		return c.Done(c.Msg.WithdrawNoLongerAvailable(a.Available()))
	}
	if err := c.Tx.AddHold(ctx, a.ID, c.Data.Amount); errors.Is(err, store.ErrInsufficientFunds) {
		return c.Done(c.Msg.WithdrawNoLongerAvailable(a.Available()))
	} else if err != nil {
		return c.Fail(err)
	}
	w, err := c.Tx.CreateWithdrawalRequest(ctx, withdrawalOf(in.Branch, c.Data, a))
	if err != nil {
		return c.Fail(err)
	}
	if w.Account, err = c.ownAccount(ctx, m, a.Number); err != nil {
		return c.Fail(err)
	}
	if err := c.TellAdmins(ctx, func(msg catalog.Messages) string { return msg.AdminNewWithdrawal(w, m) }); err != nil {
		return c.Fail(err)
	}
	branch, err := c.Branch(ctx)
	if err != nil {
		return c.Fail(err)
	}
	c.Data = penarikanData{}
	return c.Done(c.Msg.WithdrawalRequested(w, branch.Name))
}

// withdrawalOf is the withdrawal the member has described so far, from account a.
func withdrawalOf(branch string, d penarikanData, a store.Account) store.WithdrawalRequest {
	return store.WithdrawalRequest{Branch: branch, MemberID: a.MemberID, Account: a, Amount: d.Amount,
		Bank: d.Bank, BankAccount: d.Number, Holder: d.Holder}
}

// bankAccountNumber reads a bank account number as members type it ("123 456-7890",
// "123.456.7890"): 6 to 20 digits.
func bankAccountNumber(text string) (string, bool) {
	s := strings.NewReplacer(" ", "", "-", "", ".", "").Replace(strings.TrimSpace(text))
	if len(s) < 6 || len(s) > 20 {
		return "", false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return s, true
}

// askWithdrawAccount offers the member's accounts money can be withdrawn from.
func askWithdrawAccount(ctx context.Context, c *Convo[penarikanData], m store.Member) Result {
	offer, numbers, err := c.savingsOffered(ctx, m, spendableNow)
	if err != nil {
		return c.Fail(err)
	}
	c.Data = penarikanData{Accounts: numbers}
	return c.askAccount(offer, &c.Data.Account, c.Msg.NothingToWithdraw(), c.Msg.ChooseWithdrawAccount, c.Msg.AskWithdrawAmount)
}
