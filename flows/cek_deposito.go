package flows

import (
	"context"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/store"
)

type cekDepositoData struct{}

// cekDeposito shows each time deposit: principal, rate, tenor, dates, days left, rollover,
// and the interest expected at maturity.
func cekDeposito(ctx context.Context, c *Convo[cekDepositoData], m store.Member, in Input) Result {
	deps, err := c.Tx.TimeDepositsOfMember(ctx, m.ID)
	if err != nil {
		return c.Fail(err)
	}
	if len(deps) == 0 {
		return c.Done(c.Msg.NoDeposits())
	}
	lines := make([]catalog.DepositLine, len(deps))
	today := c.Now.In(c.Loc)
	for i, d := range deps {
		lines[i] = catalog.DepositLine{Deposit: d, Interest: loan.DepositInterest(d.Principal, d.RateBP, d.TenorMonths),
			DaysLeft: catalog.DaysBetween(today, d.Maturity)}
	}
	return c.Done(c.Msg.Deposits(m.Name, lines))
}
