package flows

import (
	"context"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/store"
)

type soundboxData struct{}

// soundbox shows a merchant what QRIS brought in today, this week (from Monday) and this
// month, the last 10 payments, and the balance of the account they are credited to.
func soundbox(ctx context.Context, c *Convo[soundboxData], m store.Member, in Input) Result {
	merchant, _, err := c.Tx.Merchant(ctx, m.ID)
	if err != nil {
		return c.Fail(err)
	}
	if !merchant {
		branch, err := c.Branch(ctx)
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.NotMerchant(branch.Name))
	}
	account, ok, err := merchantAccount(ctx, c.Tx, m.ID)
	if err != nil {
		return c.Fail(err)
	}
	if !ok {
		return c.Done(c.Msg.NoTabunganForQRIS())
	}
	now := c.Now.In(c.Loc)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, c.Loc)
	week := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, c.Loc)
	s := catalog.SoundboxSummary{Account: account, Now: now}
	for _, p := range []struct {
		since time.Time
		t     *catalog.Takings
	}{{day, &s.Today}, {week, &s.Week}, {month, &s.Month}} {
		if p.t.Count, p.t.Total, err = c.Tx.Takings(ctx, m.ID, p.since); err != nil {
			return c.Fail(err)
		}
	}
	if s.Last, err = c.Tx.LastPaidInvoices(ctx, m.ID, 10); err != nil {
		return c.Fail(err)
	}
	return c.Done(c.Msg.Soundbox(s))
}
