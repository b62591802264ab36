package flows

import (
	"context"
	"errors"
	"fmt"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// ktpDecision: KTP verifications waiting for staff, shown with the photos and the data,
// approved or rejected with a reason.
var ktpDecision = decision{
	list: waiting((*store.Tx).KTPReviewsOf, func(n store.Named[store.KTPVerification]) string { return fmt.Sprint(n.Item.ID) },
		func(c *Convo[decisionData], list []store.Named[store.KTPVerification]) string {
			vs, names := unnamed(list)
			return c.Msg.AdminKTPList(vs, names, c.Loc)
		}),
	show: func(ctx context.Context, c *Convo[decisionData], in Input, id string) Result {
		v, err := c.Tx.KTPVerification(ctx, atoi64(id))
		if err != nil {
			return c.Fail(err)
		}
		m, err := c.Tx.MemberByID(ctx, v.MemberID)
		if err != nil {
			return c.Fail(err)
		}
		res := c.Ask(stepDecide, c.Msg.AdminKTPDetail(v, m, c.Loc))
		if v.KTPPhoto != "" {
			res = res.WithImage(v.KTPPhoto, c.Msg.AdminKTPPhotoCaption(v.No(), false))
		}
		if v.SelfiePhoto != "" {
			res = res.WithImage(v.SelfiePhoto, c.Msg.AdminKTPPhotoCaption(v.No(), true))
		}
		return res
	},
	options: [2]string{approveWords, rejectWords},
	approve: func(ctx context.Context, c *Convo[decisionData], in Input, id string) Result {
		return decideKTP(ctx, c, in, id, true, "")
	},
	reject: func(ctx context.Context, c *Convo[decisionData], in Input, id, reason string) Result {
		return decideKTP(ctx, c, in, id, false, reason)
	},
}

// decideKTP records the admin's decision on the KTP verification picked.
func decideKTP(ctx context.Context, c *Convo[decisionData], in Input, id string, approve bool, reason string) Result {
	v, err := coop.DecideKTP(ctx, c.Tx, atoi64(id), approve, reason, staffBy(in), c.Lang())
	switch {
	case errors.Is(err, coop.NotPending):
		return c.Done(c.Msg.AdminAlreadyDecided(v.No()))
	case errors.Is(err, coop.KTPTaken):
		return c.Done(c.Msg.AdminKTPTaken(v.No()))
	case err != nil:
		return c.Fail(err)
	}
	m, err := c.Tx.MemberByID(ctx, v.MemberID)
	if err != nil {
		return c.Fail(err)
	}
	if approve {
		return c.Done(c.Msg.AdminKTPApproved(v.No(), m.Name))
	}
	return c.Done(c.Msg.AdminKTPRejected(v.No(), m.Name))
}
