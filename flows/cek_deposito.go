package flows

import (
	"context"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/store"
)

type cekDepositoData struct{}

// cekDeposito shows each time deposit: principal, rate, tenor, the term (a rolled-over one
// says since when), days left, the interest expected (this month's when it is paid monthly,
// else the term's at maturity) and what happens at maturity by its instruction.
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
		// Interest until the next event: the monthiversary when paid monthly, else the maturity.
		days := catalog.DaysBetween(d.PaidThrough, d.NextEvent)
		lines[i] = catalog.DepositLine{Deposit: d, Interest: loan.DepositPeriodInterest(d.Principal, d.RateBP, days),
			DaysLeft: catalog.DaysBetween(today, d.Maturity)}
	}
	return c.Done(c.Msg.Deposits(m.Name, lines))
}
