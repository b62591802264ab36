package flows

import (
	"context"
	"errors"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// handoversDecision: chats waiting for a person (handover.go). Staff answer from the
// branch's phone, then hand the member back to the bot here, or keep the chat.
var handoversDecision = decision{
	list: waiting((*store.Tx).OpenHandovers, func(h store.Handover) string { return h.Phone },
		func(c *Convo[decisionData], hs []store.Handover) string {
			list := make([]catalog.HandoverNotice, len(hs))
			for i, h := range hs {
				list[i] = handoverNotice(h, "", c.Now, c.Loc)
			}
			return c.Msg.AdminHandoverList(list)
		}),
	show: func(ctx context.Context, c *Convo[decisionData], in Input, phone string) Result {
		branch := in.Branch
		h, err := c.Tx.OpenHandover(ctx, branch, phone)
		if errors.Is(err, store.ErrNotFound) {
			return c.Done(c.Msg.AdminHandoverGone(phone))
		}
		if err != nil {
			return c.Fail(err)
		}
		recent, err := c.Tx.RecentOf(ctx, branch, phone)
		if err != nil {
			return c.Fail(err)
		}
		return c.Ask(stepDecide, c.Msg.AdminHandoverDetail(handoverNotice(h, recent, c.Now, c.Loc)))
	},
	options: [2]string{"kembalikan release", "biarkan keep"},
	approve: func(ctx context.Context, c *Convo[decisionData], in Input, phone string) Result {
		h, err := coop.ReleaseHandover(ctx, c.Tx, in.Branch, phone, staffBy(in), c.Lang())
		if errors.Is(err, store.ErrNotFound) {
			return c.Done(c.Msg.AdminHandoverGone(phone))
		}
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminHandoverReleased(handoverWho(h), h.Phone))
	},
	reject: func(ctx context.Context, c *Convo[decisionData], in Input, phone, reason string) Result {
		return c.Done(c.Msg.AdminHandoverKept())
	},
	noReason: true, // keeping the chat refuses nobody
}
