package flows

import (
	"context"
	"errors"

	"github.com/kopbot/kopbot/coop"
)

// applicationsDecision: applications to join waiting at the admin's branch, approved (the
// member's savings accounts are opened) or rejected with a reason.
var applicationsDecision = decision{
	list: func(ctx context.Context, c *Convo[decisionData], in Input) ([]string, string, error) {
		apps, err := c.Tx.ApplicantsOf(ctx, in.Branch, 10)
		if err != nil || len(apps) == 0 {
			return nil, "", err
		}
		keys := make([]string, len(apps))
		for i, a := range apps {
			keys[i] = a.RegNo
		}
		return keys, c.Msg.AdminApplications(apps, c.Loc), nil
	},
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
