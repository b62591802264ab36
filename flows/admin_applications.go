package flows

import (
	"context"
	"errors"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// applicationsDecision: applications to join waiting at the admin's branch, approved (the
// member's savings accounts are opened) or rejected with a reason.
var applicationsDecision = decision{
	list: waiting((*store.Tx).ApplicantsOf, func(a store.Member) string { return a.RegNo },
		func(c *Convo[decisionData], apps []store.Member) string { return c.Msg.AdminApplications(apps, c.Loc) }),
	show: func(ctx context.Context, c *Convo[decisionData], in Input, regNo string) Result {
		m, err := c.Tx.MemberByRegNo(ctx, regNo)
		if err != nil {
			return c.Fail(err)
		}
		res := c.Ask(stepDecide, c.Msg.AdminApplication(m, c.Loc))
		if m.KTPPhoto != "" {
			res = res.WithImage(m.KTPPhoto, c.Msg.AdminKTPCaption(m.RegNo))
		}
		return res
	},
	options: [2]string{approveWords, rejectWords},
	approve: func(ctx context.Context, c *Convo[decisionData], in Input, regNo string) Result {
		m, err := coop.ApproveApplication(ctx, c.Tx, regNo, staffBy(in), c.Lang())
		if errors.Is(err, coop.NotPending) {
			return c.Done(c.Msg.AdminAlreadyDecided(regNo))
		}
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminApproved(m.RegNo, m.Name, m.No))
	},
	reject: func(ctx context.Context, c *Convo[decisionData], in Input, regNo, reason string) Result {
		m, err := coop.RejectApplication(ctx, c.Tx, regNo, reason, staffBy(in), c.Lang())
		if errors.Is(err, coop.NotPending) {
			return c.Done(c.Msg.AdminAlreadyDecided(regNo))
		}
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminRejected(m.RegNo, m.Name))
	},
}
