package flows

import (
	"context"
	"errors"
	"fmt"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// flowSetoranCancel is Setoran's second conversation, reached from it by Switch.
const flowSetoranCancel = "setoran-batal"

type setoranCancelData struct {
	Pending []string `json:"pending,omitempty"` // pending deposits listed, SET-000001
	Cancel  int64    `json:"cancel,omitempty"`  // the deposit the member is cancelling
}

// setoranCancel lets a member cancel a deposit report staff have not verified yet: the
// list, the one picked, a yes. Staff are told.
func setoranCancel(ctx context.Context, c *Convo[setoranCancelData], in Input) Result {
	m, err := c.Member(ctx)
	if err != nil {
		return c.Fail(err)
	}
	switch c.Step {
	case "":
		pending, err := c.Tx.DepositRequests(ctx, store.RequestPending, m.ID, 20)
		if err != nil {
			return c.Fail(err)
		}
		if len(pending) == 0 {
			return c.Done(c.Msg.NoPendingDeposits())
		}
		for _, d := range pending {
			c.Data.Pending = append(c.Data.Pending, d.No())
		}
		return c.Ask("pending", c.Msg.PendingDeposits(pending))
	case "pending":
		id, ok := c.pickRequest(c.Data.Pending, store.RefDeposit.ParseID)
		if !ok {
			return c.Retry(c.Msg.PickNumber(len(c.Data.Pending)))
		}
		d, err := c.Tx.DepositRequest(ctx, id)
		if err != nil {
			return c.Fail(err)
		}
		if d.MemberID != m.ID {
			return c.Fail(fmt.Errorf("deposit %s listed for member %d belongs to member %d", d.No(), m.ID, d.MemberID))
		}
		if d.Status != store.RequestPending {
			return c.Done(c.Msg.DepositNotPending(d))
		}
		c.Data.Cancel = d.ID
		return c.Ask("cancel", c.Msg.ConfirmCancelDeposit(d))
	case "cancel":
		no := store.DepositRequest{ID: c.Data.Cancel}.No()
		switch yes, ok := c.YesNo(); {
		case !ok:
			return c.Retry(c.Msg.AskYesNo())
		case !yes:
			return c.Done(c.Msg.DepositKept(no))
		}
		// Staff may have decided it while the member was answering.
		d, err := coop.MemberCancelsDeposit(ctx, c.Tx, c.Data.Cancel, m)
		if errors.Is(err, coop.NotPending) {
			return c.Done(c.Msg.DepositNotPending(d))
		}
		if err != nil {
			return c.Fail(err)
		}
		if err := c.TellAdmins(ctx, func(msg catalog.Messages) string { return msg.AdminDepositCancelledByMember(no, m) }); err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.DepositCancelledByMember(no))
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}
