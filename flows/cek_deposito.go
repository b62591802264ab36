package flows

import (
	"context"
	"time"

	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/store"
)

type cekDepositoData struct{}

// DepositLine is a time deposit with what the member wants to know of it.
type DepositLine struct {
	Deposit  store.TimeDeposit
	Interest int64 // expected at maturity, before tax
	DaysLeft int
}

// cekDeposito shows each time deposit: principal, rate, tenor, dates, days left, rollover,
// and the interest expected at maturity.
func cekDeposito(ctx context.Context, c *Convo[cekDepositoData], in Input) Result {
	m, err := c.Member(ctx)
	if err != nil {
		return c.Fail(err)
	}
	deps, err := c.Tx.TimeDepositsOfMember(ctx, m.ID)
	if err != nil {
		return c.Fail(err)
	}
	if len(deps) == 0 {
		return c.Done(c.Msg.NoDeposits())
	}
	lines := make([]DepositLine, len(deps))
	today := c.Now.In(c.Loc)
	for i, d := range deps {
		lines[i] = DepositLine{Deposit: d, Interest: loan.DepositInterest(d.Principal, d.RateBP, d.TenorMonths),
			DaysLeft: daysBetween(today, d.Maturity)}
	}
	return c.Done(c.Msg.Deposits(m.Name, lines))
}

// daysBetween counts calendar days from today to day (negative when day has passed).
func daysBetween(today, day time.Time) int {
	a := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	b := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}
