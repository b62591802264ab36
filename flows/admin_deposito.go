package flows

import (
	"context"
	"errors"
	"fmt"

	"github.com/kopbot/kopbot/coop"
)

// adminBreakDeposit pays a time deposit out before its maturity into its savings account,
// less the product's penalty: the deposit account, what it would pay, a yes.
func adminBreakDeposit(ctx context.Context, c *Convo[tellerData], in Input) Result {
	switch c.Step {
	case "":
		return c.Ask("account", c.Msg.AdminAskDepositAccount())
	case "account":
		b, err := coop.PreviewBreak(ctx, c.Tx, digitsOnly(in.Text), c.Now.In(c.Loc))
		if errors.Is(err, coop.BadAccountNumber) || errors.Is(err, coop.NoSuchAccount) || errors.Is(err, coop.NoDeposit) {
			return c.Retry(c.Msg.AdminAskDepositAccount())
		}
		if stop, ok := c.tellerRefusal(err); !ok {
			return stop
		}
		c.Data.Account = b.Deposit.Account.Number
		return c.Ask("confirm", c.Msg.AdminConfirmBreak(b))
	case "confirm":
		if stop, ok := c.confirmed(c.Msg.Cancelled()); !ok {
			return stop
		}
		b, err := coop.BreakDeposit(ctx, c.Tx, c.tellerOp(in), c.Data.Account, c.Now.In(c.Loc))
		return c.tellerDone(b.Receipt.Ref, b.Receipt.Amount, err)
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}
