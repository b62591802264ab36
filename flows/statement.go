package flows

import (
	"context"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

type statementData struct{}

// statement sends the member's statement (rekening koran) of a month as a PDF document:
// the month their words name ("kirim mutasi bulan november", "mutasi oktober 2026", "bulan
// lalu"), this month when they name none. Figures that name no month get a question.
func statement(ctx context.Context, c *Convo[statementData], m store.Member, in Input) Result {
	month, named, err := c.MonthIn(in.Text)
	switch c.Step {
	case "":
		if err != nil {
			return c.Ask("month", c.Msg.StatementAskMonth())
		}
		if !named {
			now := c.Now.In(c.Loc)
			month = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, c.Loc)
		}
		return c.sendStatement(ctx, m, month)
	case "month":
		if err != nil {
			return c.Retry(c.Msg.StatementAskMonth())
		}
		if !named {
			return c.Pass() // no answer: "saldo" or "menu" get what they would anywhere
		}
		return c.sendStatement(ctx, m, month)
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// sendStatement writes the member's statement of month (up to now, for this month) and
// sends it with its caption; a month still to come is asked again.
func (c *Convo[T]) sendStatement(ctx context.Context, m store.Member, month time.Time) Result {
	if month.After(c.Now) {
		return c.Ask("month", c.Msg.StatementNotYet(month))
	}
	end := month.AddDate(0, 1, 0)
	if end.After(c.Now) {
		end = c.Now
	}
	st, err := coop.StatementOf(ctx, c.Tx, c.Cooperative(), m, month, end, c.Now)
	if err != nil {
		return c.Fail(err)
	}
	path, err := coop.WriteStatement(c.c.runner.MediaDir, st, c.Lang(), c.Loc)
	if err != nil {
		return c.Fail(err)
	}
	return c.Done().WithDocument(path, c.Msg.StatementCaption(month, end.Add(-time.Nanosecond).In(c.Loc)))
}
