package flows

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/chart"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/intent"
	"github.com/kopbot/kopbot/store"
)

type soundboxData struct{}

// soundbox shows a merchant what QRIS brought in today, this week (from Monday) and this
// month, the last 10 payments, and the balance of the account they are credited to. A
// merchant who named a week or a month ("soundbox bulan ini") gets its takings per day as
// a bar chart too.
func soundbox(ctx context.Context, c *Convo[soundboxData], m store.Member, in Input) Result {
	merchant, static, err := c.Tx.Merchant(ctx, m.ID)
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
	span, ok := c.Span(in.Text)
	if !ok || c.c.runner.MediaDir == "" { // without a media directory (tests, tools) there is nowhere to draw
		return c.Done(c.Msg.Soundbox(s)) // today's question: the text says how to ask for a chart
	}
	s.Chart = true
	path, caption, err := soundboxChart(ctx, c, m, merchantName(static, m.Name), span, in.MessageID)
	if err != nil {
		return c.Fail(err)
	}
	return c.Done(c.Msg.Soundbox(s)).WithImage(path, caption)
}

// soundboxChart draws the merchant's takings per day of span to MEDIA/charts/, a file for
// each message asking (the outbox may not have sent the last one yet), and captions it.
func soundboxChart(ctx context.Context, c *Convo[soundboxData], m store.Member, name string, span intent.Span, messageID string) (path, caption string, err error) {
	days, err := coop.TakingsByDay(ctx, c.Tx, m.ID, span.From, span.To)
	if err != nil {
		return "", "", err
	}
	about := catalog.SoundboxChart{Merchant: name, Month: span.Month, Ago: span.Ago, From: span.From, To: span.To.AddDate(0, 0, -1)}
	bars := chart.Bars{Amount: c.Msg.ChartAmount}
	for _, d := range days {
		about.Count += d.Count
		about.Total += d.Total
		bars.Labels = append(bars.Labels, c.Msg.SoundboxChartDay(d.Day, span.Month))
		bars.Values = append(bars.Values, d.Total)
	}
	bars.Title, bars.Subtitle = c.Msg.SoundboxChartTitle(about), c.Msg.SoundboxChartSubtitle(about)
	img, err := bars.PNG()
	if err != nil {
		return "", "", fmt.Errorf("soundbox chart of member %d: %w", m.ID, err)
	}
	file := fmt.Sprintf("soundbox-%d-%s.png", m.ID, fileSafe(messageID, c.Now))
	if path, err = writeMedia(c.c.runner.MediaDir, "charts", file, img); err != nil {
		return "", "", fmt.Errorf("soundbox chart of member %d: %w", m.ID, err)
	}
	return path, c.Msg.SoundboxChartCaption(about), nil
}

// merchantName is the name on the merchant's own QRIS (cleaned by coop), or the member's name
// when they take payments on the branch's.
func merchantName(static, member string) string {
	if name := coop.MerchantName(static); name != "" {
		return name
	}
	return member
}

// fileSafe makes a message ID part of a file name: letters, digits, '-' and '_' kept,
// anything else '_'; a message without an ID is named by the time.
func fileSafe(id string, now time.Time) string {
	if id == "" {
		return fmt.Sprint(now.UnixNano())
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, id)
}
