package flows

import (
	"context"
	"errors"
	"fmt"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// flowPenarikanCancel is Penarikan's second conversation, reached from it by Switch.
const flowPenarikanCancel = "penarikan-batal"

type penarikanCancelData struct {
	Pending []string `json:"pending,omitempty"` // withdrawals waiting, as listed
	Cancel  int64    `json:"cancel,omitempty"`  // the withdrawal the member asked to cancel
}

// penarikanCancel lets a member cancel a withdrawal still waiting for staff: the list, the
// one picked, a yes. The hold on the account is released and staff are told.
func penarikanCancel(ctx context.Context, c *Convo[penarikanCancelData], in Input) Result {
	m, err := c.Member(ctx)
	if err != nil {
		return c.Fail(err)
	}
	switch c.Step {
	case "":
		pending, err := c.Tx.WithdrawalRequests(ctx, store.RequestPending, m.ID, 20)
		if err != nil {
			return c.Fail(err)
		}
		if len(pending) == 0 {
			return c.Done(c.Msg.NoPendingWithdrawals())
		}
		for _, w := range pending {
			c.Data.Pending = append(c.Data.Pending, w.No())
		}
		return c.Ask("pending", c.Msg.PendingWithdrawals(pending))
	case "pending":
		id, ok := c.pickRequest(c.Data.Pending, store.RefWithdrawal.ParseID)
		if !ok {
			return c.Retry(c.Msg.PickNumber(len(c.Data.Pending)))
		}
		w, err := c.Tx.WithdrawalRequest(ctx, id)
		if err != nil {
			return c.Fail(err)
		}
		if w.MemberID != m.ID {
			return c.Fail(fmt.Errorf("withdrawal %s listed for member %d belongs to member %d", w.No(), m.ID, w.MemberID))
		}
		if w.Status != store.RequestPending {
			return c.Done(c.Msg.WithdrawalNotPending(w))
		}
		c.Data.Cancel = w.ID
		return c.Ask("cancel", c.Msg.ConfirmCancelWithdrawal(w))
	case "cancel":
		no := store.WithdrawalRequest{ID: c.Data.Cancel}.No()
		switch yes, ok := c.YesNo(); {
		case !ok:
			return c.Retry(c.Msg.AskYesNo())
		case !yes:
			return c.Done(c.Msg.WithdrawalKept(no))
		}
		// Staff may have paid it while the member was answering: then the money is on its way.
		w, err := coop.MemberCancelsWithdrawal(ctx, c.Tx, c.Data.Cancel, m)
		if errors.Is(err, coop.NotPending) {
			return c.Done(c.Msg.WithdrawalNotPending(w))
		}
		if err != nil {
			return c.Fail(err)
		}
		if err := c.TellAdmins(ctx, func(msg catalog.Messages) string { return msg.AdminWithdrawalCancelledByMember(no, m) }); err != nil {
			return c.Fail(err)
		}
		a, err := c.ownAccount(ctx, m, w.Account.Number)
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.WithdrawalCancelledByMember(no, a))
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}
