package flows

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/kopbot/kopbot/store"
)

type checkSavingsData struct {
	Accounts []string `json:"accounts"` // account numbers in the order the list showed them
}

// checkSavings lists every savings account of the member with its balance, then shows
// the last 10 movements of the one the member picks.
func checkSavings(ctx context.Context, c *Convo[checkSavingsData], in Input) Result {
	m, err := c.Member(ctx)
	if err != nil {
		return c.Fail(err)
	}
	switch c.Step {
	case "":
		accounts, err := c.Tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		if err != nil {
			return c.Fail(err)
		}
		if len(accounts) == 0 {
			return c.Done(c.Msg.NoSavings())
		}
		c.Data.Accounts = c.Data.Accounts[:0]
		for _, a := range accounts {
			c.Data.Accounts = append(c.Data.Accounts, a.Number)
		}
		return c.Ask("account", c.Msg.SavingsList(m.Name, accounts))

	case "account":
		number, ok := pickFromList(c.Data.Accounts, in.Text)
		if !ok {
			return c.Retry(c.Msg.PickAccount(len(c.Data.Accounts)))
		}
		a, err := c.Tx.AccountByNumber(ctx, number)
		if err != nil {
			return c.Fail(err)
		}
		if a.MemberID != m.ID {
			return c.Fail(fmt.Errorf("account %s listed for member %d belongs to member %d", a.Masked(), m.ID, a.MemberID))
		}
		ms, err := c.Tx.Movements(ctx, a, 10)
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.Movements(a, ms, c.Loc))
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// pickFromList reads a choice as its 1-based position in the list or as the item itself
// (an account number typed with spaces or dashes counts).
func pickFromList(items []string, text string) (string, bool) {
	t := strings.TrimRight(strings.TrimSpace(text), ".)")
	if n, err := strconv.Atoi(t); err == nil && n >= 1 && n <= len(items) {
		return items[n-1], true
	}
	digits := strings.NewReplacer(" ", "", "-", "", ".", "").Replace(t)
	for _, it := range items {
		if digits == it {
			return it, true
		}
	}
	return "", false
}
