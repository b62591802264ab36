package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

type transferData struct {
	Sources []string `json:"sources,omitempty"` // the member's accounts offered to send from
	Own     []string `json:"own,omitempty"`     // the member's other accounts offered to send to
	From    string   `json:"from,omitempty"`
	To      string   `json:"to,omitempty"`
	Amount  int64    `json:"amount,omitempty"`
}

// transfer moves money from one of the member's savings accounts to another of their own
// or to another member's, by account number or registered phone; limits per transfer and
// per day, minimum balances and holds respected; a summary to confirm, then the PIN.
func transfer(ctx context.Context, c *Convo[transferData], m store.Member, in Input) Result {
	switch c.Step {
	case "":
		offer, numbers, err := c.savingsOffered(ctx, m, spendableNow)
		if err != nil {
			return c.Fail(err)
		}
		c.Data = transferData{Sources: numbers}
		if len(offer) == 0 {
			return c.Done(c.Msg.NothingToSendFrom())
		}
		// Nobody types an amount only to hear the day's limit (or, without a verified KTP,
		// the KTP's daily cap) is used up.
		if stop, ok := dailyLimitLeft(ctx, c, m, 1); !ok {
			return stop
		}
		if stop, ok := ktpDailyLeft(ctx, c, m, 1); !ok {
			return stop
		}
		if len(offer) == 1 {
			c.Data.From = offer[0].Number
			return askDestination(ctx, c, m)
		}
		return c.Ask("from", c.Msg.ChooseSourceAccount(offer))
	case "from":
		number, ok := c.pickFrom(c.Data.Sources)
		if !ok {
			return c.Retry(c.Msg.PickNumber(len(c.Data.Sources)))
		}
		c.Data.From = number
		return askDestination(ctx, c, m)
	case "to":
		to, stop, ok := destination(ctx, c, m, in.Text)
		if !ok {
			return stop
		}
		c.Data.To = to.Number
		from, err := c.ownAccount(ctx, m, c.Data.From)
		if err != nil {
			return c.Fail(err)
		}
		most, err := sendableToday(ctx, c, m, from.Available())
		if err != nil {
			return c.Fail(err)
		}
		return c.Ask("amount", c.Msg.AskTransferAmount(c.line(ctx, to, m), most, c.Rules().TransferMax))
	case "amount":
		amount, err := c.Amount(in.Text)
		if err != nil {
			return c.Retry(c.Msg.BadAmount())
		}
		if stop, ok := transferAllowed(ctx, c, m, amount); !ok {
			return stop
		}
		c.Data.Amount = amount
		from, to, err := transferAccounts(ctx, c, m)
		if err != nil {
			return c.Fail(err)
		}
		return c.Ask("confirm", c.Msg.TransferSummary(c.line(ctx, from, m), c.line(ctx, to, m), amount))
	case "confirm":
		return c.confirmThenPIN(m, c.Msg.Cancelled())
	case stepPIN:
		if stop, ok := c.confirmPIN(ctx, m, in.Text); !ok {
			return stop
		}
		// Balances may have moved since the summary: check again, as the ledger will. What
		// no longer fits is asked again as an amount, never as the PIN.
		if stop, ok := transferAllowed(ctx, c, m, c.Data.Amount); !ok {
			if stop.kind == resultRetry {
				c.Data.Amount = 0
				return c.Ask("amount", stop.replies...)
			}
			return stop
		}
		from, to, err := transferAccounts(ctx, c, m)
		if err != nil {
			return c.Fail(err)
		}
		if stop, ok := recipientAllowed(ctx, c, to); !ok { // suspended or gone since the destination was given
			return stop
		}
		// One confirming message moves money once: its ID is the journal's key.
		key := store.KeyTransfer.Key(in.Branch, in.MessageID)
		memoTo := store.Memo{Kind: store.MemoTransfer, Account: maskAccount(to.Number)}
		id, _, err := c.Tx.Post(ctx, store.Entry{Key: key, Branch: from.Branch, Kind: store.KindTransfer, Memo: memoTo,
			AuthorKind: store.AuthorMember, AuthorID: m.No, At: c.Now,
			Postings: []store.Posting{{Account: from.ID, Amount: -c.Data.Amount}, {Account: to.ID, Amount: c.Data.Amount}}})
		if errors.Is(err, store.ErrInsufficientFunds) {
			return c.Done(c.Msg.InsufficientFunds(from.Available()))
		}
		if err != nil {
			return c.Fail(err)
		}
		ref := store.JournalRef(id).String()
		from, to, err = transferAccounts(ctx, c, m)
		if err != nil {
			return c.Fail(err)
		}
		if to.MemberID != m.ID {
			recipient, err := c.Tx.MemberByID(ctx, to.MemberID)
			if err != nil {
				return c.Fail(err)
			}
			sender := catalog.TransferLine{Name: maskName(m.Name), Number: maskAccount(from.Number), Product: from.ProductName}
			amount, at := c.Data.Amount, c.Now.In(c.Loc)
			if err := coop.Notify(ctx, c.Tx, in.Branch, recipient.Phone, c.Lang(), func(msg catalog.Messages) string {
				return msg.TransferReceived(ref, sender, to.Number, amount, to.Amount(), at)
			}); err != nil {
				return c.Fail(err)
			}
		}
		return c.Done(c.Msg.TransferReceipt(ref, c.line(ctx, from, m), c.line(ctx, to, m), c.Data.Amount, from.Amount(), c.Now.In(c.Loc)))
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// sendable reports whether money may leave the account by transfer: voluntary savings only;
// simpanan pokok and wajib stay until the member leaves.
func sendable(a store.Account) bool {
	return a.ProductKind == store.ProductSukarela || a.ProductKind == store.ProductTabungan
}

// spendableNow reports whether money may leave the account now: active, voluntary savings, something available.
func spendableNow(a store.Account) bool {
	return a.Status == store.AccountActive && sendable(a) && a.Available() > 0
}

// askDestination offers the member's other accounts, or any member's by number or phone.
func askDestination(ctx context.Context, c *Convo[transferData], m store.Member) Result {
	d := &c.Data
	own, numbers, err := c.savingsOffered(ctx, m, func(a store.Account) bool {
		return a.Number != d.From && a.Status == store.AccountActive && sendable(a)
	})
	if err != nil {
		return c.Fail(err)
	}
	d.Own = numbers
	return c.Ask("to", c.Msg.AskDestination(own))
}

// destination reads where the money goes: one of the listed own accounts by position, an
// account number, or a member's phone number.
func destination(ctx context.Context, c *Convo[transferData], m store.Member, text string) (store.Account, Result, bool) {
	d := &c.Data
	if number, ok := c.pickFrom(d.Own); ok {
		a, err := c.ownAccount(ctx, m, number)
		if err != nil {
			return store.Account{}, c.Fail(err), false
		}
		return a, Result{}, true
	}
	digits := digitsOnly(strings.TrimPrefix(strings.TrimSpace(text), "+"))
	var to store.Account
	switch {
	case len(digits) == 10 && !strings.HasPrefix(digits, "08") && !strings.HasPrefix(digits, "62"):
		if !store.ValidAccountNumber(digits) {
			return store.Account{}, c.Retry(c.Msg.BadAccountNumber()), false
		}
		a, err := c.Tx.AccountByNumber(ctx, digits)
		if errors.Is(err, store.ErrNotFound) {
			return store.Account{}, c.Retry(c.Msg.NoSuchAccount()), false
		}
		if err != nil {
			return store.Account{}, c.Fail(err), false
		}
		if a.Kind != store.AccountSavings || a.MemberID == 0 || !sendable(a) {
			return store.Account{}, c.Retry(c.Msg.NotASavingsAccount()), false
		}
		to = a
	default:
		phone, err := parse.Phone(text)
		if err != nil {
			return store.Account{}, c.Retry(c.Msg.BadDestination()), false
		}
		other, err := c.Tx.MemberByPhone(ctx, phone)
		if errors.Is(err, store.ErrNotFound) || err == nil && other.Status != store.MemberActive {
			return store.Account{}, c.Retry(c.Msg.NoMemberWithPhone()), false
		}
		if err != nil {
			return store.Account{}, c.Fail(err), false
		}
		accounts, err := c.Tx.AccountsOfMember(ctx, other.ID, store.AccountSavings)
		if err != nil {
			return store.Account{}, c.Fail(err), false
		}
		found := false
		for _, kind := range []string{store.ProductTabungan, store.ProductSukarela} { // where members keep spendable money
			for _, a := range accounts {
				if !found && a.ProductKind == kind && a.Status == store.AccountActive {
					to, found = a, true
				}
			}
		}
		if !found {
			return store.Account{}, c.Done(c.Msg.RecipientCannotReceive()), false
		}
	}
	if to.Number == d.From {
		return store.Account{}, c.Retry(c.Msg.SameAccount()), false
	}
	if to.Status != store.AccountActive {
		return store.Account{}, c.Done(c.Msg.AccountNotActive(maskAccount(to.Number))), false
	}
	if stop, ok := recipientAllowed(ctx, c, to); !ok {
		return store.Account{}, stop, false
	}
	return to, Result{}, true
}

// recipientAllowed refuses a destination whose member is suspended or has left (coop.CheckRecipient).
func recipientAllowed(ctx context.Context, c *Convo[transferData], to store.Account) (Result, bool) {
	err := coop.CheckRecipient(ctx, c.Tx, to, maskAccount(to.Number))
	var refused *coop.Refusal
	switch {
	case errors.As(err, &refused):
		return c.Done(c.Msg.TransferRefused(refused)), false
	case err != nil:
		return c.Fail(err), false
	}
	return Result{}, true
}

// transferAllowed checks the limits and the source's funds for amount.
func transferAllowed(ctx context.Context, c *Convo[transferData], m store.Member, amount int64) (Result, bool) {
	d := &c.Data
	rules := c.Rules()
	if rules.TransferMax > 0 && amount > rules.TransferMax {
		return c.Retry(c.Msg.TransferOverLimit(rules.TransferMax)), false
	}
	if stop, ok := ktpDailyLeft(ctx, c, m, amount); !ok {
		return stop, false
	}
	from, err := c.ownAccount(ctx, m, d.From)
	if err != nil {
		return c.Fail(err), false
	}
	if from.Status != store.AccountActive {
		return c.Done(c.Msg.AccountNotActive(maskAccount(from.Number))), false
	}
	if amount > from.Available() {
		return c.Retry(c.Msg.InsufficientFunds(from.Available())), false
	}
	return dailyLimitLeft(ctx, c, m, amount)
}

// dailyLimitLeft checks amount against what the member may still transfer today: over it,
// a smaller amount is asked right there; with nothing left, the flow ends saying when.
func dailyLimitLeft(ctx context.Context, c *Convo[transferData], m store.Member, amount int64) (Result, bool) {
	limit := c.Rules().TransferDailyMax
	if limit <= 0 {
		return Result{}, true
	}
	sent, err := sentToday(ctx, c, m)
	if err != nil {
		return c.Fail(err), false
	}
	if left := limit - sent; amount > left {
		if left <= 0 {
			return c.Done(c.Msg.DailyLimitReached(limit, 0)), false
		}
		return c.Retry(c.Msg.DailyLimitReached(limit, left)), false
	}
	return Result{}, true
}

// ktpDailyLeft checks amount against what a member without a verified KTP may still transfer
// today (rules.KTPTransferAbove a day, like the daily limit, not per transfer): over it, a
// smaller amount is asked right there; with nothing left, the flow ends.
func ktpDailyLeft(ctx context.Context, c *Convo[transferData], m store.Member, amount int64) (Result, bool) {
	limit := c.Rules().KTPTransferAbove
	if limit <= 0 {
		return Result{}, true
	}
	sent, err := sentToday(ctx, c, m)
	if err != nil {
		return c.Fail(err), false
	}
	if sent+amount <= limit {
		return Result{}, true
	}
	status, err := ktpStatus(ctx, c.Tx, m.ID)
	if err != nil {
		return c.Fail(err), false
	}
	if status == ktpVerified {
		return Result{}, true
	}
	if left := max(limit-sent, 0); left > 0 {
		return c.Retry(c.Msg.KTPTransferAbove(limit, left, status)), false
	}
	return c.Done(c.Msg.KTPTransferAbove(limit, 0, status)), false
}

// sendableToday is the most the member can send now from an account with available in it:
// no more than the day's limit leaves, nor, without a verified KTP, what the KTP's daily cap
// leaves, so the amount asked for is one that will go.
func sendableToday(ctx context.Context, c *Convo[transferData], m store.Member, available int64) (int64, error) {
	rules := c.Rules()
	if rules.TransferDailyMax <= 0 && rules.KTPTransferAbove <= 0 {
		return available, nil
	}
	sent, err := sentToday(ctx, c, m)
	if err != nil {
		return 0, err
	}
	most := available
	if rules.TransferDailyMax > 0 {
		most = min(most, max(rules.TransferDailyMax-sent, 0))
	}
	if rules.KTPTransferAbove > 0 && most > rules.KTPTransferAbove-sent {
		status, err := ktpStatus(ctx, c.Tx, m.ID)
		if err != nil {
			return 0, err
		}
		if status != ktpVerified {
			most = max(rules.KTPTransferAbove-sent, 0)
		}
	}
	return most, nil
}

// sentToday is what the member transferred today, in the cooperative's time zone.
func sentToday(ctx context.Context, c *Convo[transferData], m store.Member) (int64, error) {
	today := c.Now.In(c.Loc)
	midnight := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, c.Loc)
	return c.Tx.MovedOutSince(ctx, m.ID, store.KindTransfer, midnight)
}

func transferAccounts(ctx context.Context, c *Convo[transferData], m store.Member) (from, to store.Account, err error) {
	d := &c.Data
	if from, err = c.ownAccount(ctx, m, d.From); err != nil {
		return
	}
	to, err = c.Tx.AccountByNumber(ctx, d.To)
	return
}

// line shows an account as the member reads it: their own in full, another member's masked.
func (c *Convo[T]) line(ctx context.Context, a store.Account, m store.Member) catalog.TransferLine {
	if a.MemberID == m.ID {
		return catalog.TransferLine{Number: a.Number, Product: a.ProductName, Own: true}
	}
	name := ""
	if other, err := c.Tx.MemberByID(ctx, a.MemberID); err == nil {
		name = maskName(other.Name)
	}
	return catalog.TransferLine{Number: maskAccount(a.Number), Product: a.ProductName, Name: name}
}

// maskName keeps the first name and the first letter of the others, with a fixed number
// of stars so the length is not given away: "Budi Santoso" -> "Budi S*****".
func maskName(name string) string {
	words := strings.Fields(name)
	for i := 1; i < len(words); i++ {
		words[i] = string([]rune(words[i])[0]) + "*****"
	}
	return strings.Join(words, " ")
}

// maskAccount shows another member's account number with its middle hidden: 0104***013.
func maskAccount(n string) string {
	if len(n) != 10 {
		return store.MaskNumber(n)
	}
	return n[:4] + "***" + n[7:]
}
