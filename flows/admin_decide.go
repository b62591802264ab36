package flows

import (
	"context"
	"fmt"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// decisionData is what a decision conversation keeps: what it listed, and the one picked.
type decisionData struct {
	Items []string `json:"items,omitempty"` // as listed: registration numbers, IDs, phones
	Pick  string   `json:"pick,omitempty"`
}

// decision is the conversation staff have about things waiting for them: the list, the
// one picked shown, approve or reject (with a reason the member will read), decided.
type decision struct {
	// list returns the keys of what waits, in the order its text lists them; none: nothing waits.
	list func(ctx context.Context, c *Convo[decisionData], in Input) (keys []string, text string, err error)
	// show shows the item picked and asks, in stepDecide, what to do with it.
	show func(ctx context.Context, c *Convo[decisionData], in Input, key string) Result
	// options are the two answers as the detail lists them: approve, then reject.
	options [2]string
	approve func(ctx context.Context, c *Convo[decisionData], in Input, key string) Result
	reject  func(ctx context.Context, c *Convo[decisionData], in Input, key, reason string) Result
	// noReason: the second answer needs no reason (keeping a chat, not refusing a member).
	noReason bool
}

// waiting makes a decision's list: what load finds waiting at the admin's branch (ten at
// the most), each keyed by key, in the text of list.
func waiting[X any](load func(*store.Tx, context.Context, string, int) ([]X, error), key func(X) string,
	list func(*Convo[decisionData], []X) string) func(context.Context, *Convo[decisionData], Input) ([]string, string, error) {
	return func(ctx context.Context, c *Convo[decisionData], in Input) ([]string, string, error) {
		xs, err := load(c.Tx, ctx, in.Branch, 10)
		if err != nil || len(xs) == 0 {
			return nil, "", err
		}
		keys := make([]string, len(xs))
		for i, x := range xs {
			keys[i] = key(x)
		}
		return keys, list(c, xs), nil
	}
}

// The steps of a decision; stepReason's answer is any text (see the runner's freeText).
const (
	stepDecide = "decide"
	stepReason = "reason"
)

func (d decision) run(ctx context.Context, c *Convo[decisionData], in Input) Result {
	switch c.Step {
	case "":
		keys, text, err := d.list(ctx, c, in)
		if err != nil {
			return c.Fail(err)
		}
		if len(keys) == 0 {
			return c.Done(c.Msg.AdminNothingPending())
		}
		c.Data.Items = keys
		return c.Ask("pick", text)
	case "pick":
		key, ok := c.pickFrom(c.Data.Items)
		if !ok {
			return c.Retry(c.Msg.PickNumber(len(c.Data.Items)))
		}
		c.Data.Pick = key
		return d.show(ctx, c, in, key)
	case stepDecide:
		switch c.option(d.options[0], d.options[1]) {
		case 1:
			return d.approve(ctx, c, in, c.Data.Pick)
		case 2:
			if d.noReason {
				return d.reject(ctx, c, in, c.Data.Pick, "")
			}
			return c.Ask(stepReason, c.Msg.AdminAskReason(coop.MinReasonLetters))
		}
		return c.Retry(c.Msg.PickNumber(2))
	case stepPIN: // the staff member's own PIN, asked by an approve that moves money
		return d.approve(ctx, c, in, c.Data.Pick)
	case stepReason:
		if coop.CheckReason(in.Text) != nil {
			return c.Retry(c.Msg.AdminAskReason(coop.MinReasonLetters))
		}
		return d.reject(ctx, c, in, c.Data.Pick, in.Text)
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// The answers of a decision's detail, as its text lists them.
const (
	approveWords = "setujui approve"
	rejectWords  = "tolak reject"
)
