package flows

import (
	"context"
	"fmt"
	"strings"

	"github.com/kopbot/kopbot/store"
)

type checkSavingsData struct {
	Accounts []string `json:"accounts"`          // account numbers in the order the list showed them
	Account  string   `json:"account,omitempty"` // the one picked, for its savings card
}

// checkSavings lists every savings account of the member with its balance, then shows
// the last 10 movements of the one the member picks.
func checkSavings(ctx context.Context, c *Convo[checkSavingsData], m store.Member, in Input) Result {
	switch c.Step {
	case "":
		accounts, numbers, err := c.savingsOffered(ctx, m, nil)
		if err != nil {
			return c.Fail(err)
		}
		if len(accounts) == 0 {
			return c.Done(c.Msg.NoSavings())
		}
		c.Data.Accounts = numbers
		return c.Ask("account", c.Msg.SavingsList(m.Name, accounts))

	case "account", "month":
		if c.Step == "month" {
			// A month gives the picked account's savings card; a number picks another account.
			if from, err := c.Month(in.Text); err == nil {
				a, err := c.ownAccount(ctx, m, c.Data.Account)
				if err != nil {
					return c.Fail(err)
				}
				st, err := c.Tx.Statement(ctx, a, from, from.AddDate(0, 1, 0))
				if err != nil {
					return c.Fail(err)
				}
				return c.Ask("month", c.Msg.SavingsCard(a, from, st, c.Loc))
			}
		}
		number, ok := c.pickFrom(c.Data.Accounts)
		if !ok {
			if c.Step == "month" {
				return c.NotAPick(c.Msg.PickAccountOrMonth(len(c.Data.Accounts)))
			}
			return c.NotAPick(c.Msg.PickAccount(len(c.Data.Accounts)))
		}
		a, err := c.ownAccount(ctx, m, number)
		if err != nil {
			return c.Fail(err)
		}
		ms, err := c.Tx.Movements(ctx, a, 10)
		if err != nil {
			return c.Fail(err)
		}
		c.Data.Account = a.Number
		return c.Ask("month", c.Msg.Movements(a, ms, c.Now.In(c.Loc)))
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// ownAccount loads an account the flow listed, making sure it is the member's.
func (c *Convo[T]) ownAccount(ctx context.Context, m store.Member, number string) (store.Account, error) {
	a, err := c.Tx.AccountByNumber(ctx, number)
	if err != nil {
		return store.Account{}, err
	}
	if a.MemberID != m.ID {
		return store.Account{}, fmt.Errorf("account %s listed for member %d belongs to member %d", a.Masked(), m.ID, a.MemberID)
	}
	return a, nil
}

// savingsOffered lists the member's savings accounts that offer keeps (all when nil), and
// their numbers, which the flow keeps to read the member's pick.
func (c *Convo[T]) savingsOffered(ctx context.Context, m store.Member, offer func(store.Account) bool) ([]store.Account, []string, error) {
	accounts, err := c.Tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
	if err != nil {
		return nil, nil, err
	}
	var kept []store.Account
	var numbers []string
	for _, a := range accounts {
		if offer == nil || offer(a) {
			kept = append(kept, a)
			numbers = append(numbers, a.Number)
		}
	}
	return kept, numbers, nil
}

// askAccount offers the member's accounts to pick in step "account"; with only one it is
// taken into *account and the next question asked at once in step "amount", with none
// the flow ends with none.
func (c *Convo[T]) askAccount(offer []store.Account, account *string, none string, choose func([]store.Account) string, amount func(store.Account) string) Result {
	switch len(offer) {
	case 0:
		return c.Done(none)
	case 1:
		*account = offer[0].Number
		return c.Ask("amount", amount(offer[0]))
	}
	return c.Ask("account", choose(offer))
}

// pickAccount reads the member's pick in step "account" (of the accounts askAccount
// offered, their numbers) into *account, and asks for the amount.
func (c *Convo[T]) pickAccount(ctx context.Context, m store.Member, offered []string, account *string, amount func(store.Account) string) Result {
	a, res, ok := c.pickOwnAccount(ctx, m, offered)
	if !ok {
		return res
	}
	*account = a.Number
	return c.Ask("amount", amount(a))
}

// pickOwnAccount reads which of the member's accounts offered (their numbers) was picked,
// and loads it; when ok is false, res asks again.
func (c *Convo[T]) pickOwnAccount(ctx context.Context, m store.Member, offered []string) (a store.Account, res Result, ok bool) {
	number, ok := c.pickFrom(offered)
	if !ok {
		return a, c.Retry(c.Msg.PickNumber(len(offered))), false
	}
	a, err := c.ownAccount(ctx, m, number)
	if err != nil {
		return a, c.Fail(err), false
	}
	return a, Result{}, true
}

// pickFrom reads which item of a list the member picked: its position as members say it
// ("2", "yang kedua", "pilihan 2"), or the item itself (an account number typed with
// spaces or dashes counts).
func (c *Convo[T]) pickFrom(items []string) (string, bool) {
	if n, ok := c.Choice(len(items)); ok {
		return items[n-1], true
	}
	typed := strings.ToUpper(strings.NewReplacer(" ", "", "-", "", ".", "").Replace(strings.TrimSpace(c.c.in.Text)))
	for _, it := range items {
		if typed == strings.ToUpper(strings.NewReplacer("-", "", ".", "").Replace(it)) {
			return it, true
		}
	}
	return "", false
}
