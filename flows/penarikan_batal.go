package flows

import (
	"context"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// flowPenarikanCancel is Penarikan's second conversation, reached from it by Switch.
const flowPenarikanCancel = "penarikan-batal"

// penarikanCancel lets a member cancel a withdrawal still waiting for staff: the list, the
// one picked, a yes. The hold on the account is released and staff are told.
var penarikanCancel = requestCancel[store.WithdrawalRequest]{
	what: "withdrawal",
	ref:  store.RefWithdrawal,
	list: (*store.Tx).WithdrawalRequests,
	get:  (*store.Tx).WithdrawalRequest,
	about: func(w store.WithdrawalRequest) (int64, store.RequestStatus) {
		return w.MemberID, w.Status
	},
	// Staff may have paid it while the member was answering: then the money is on its way.
	cancel:     coop.MemberCancelsWithdrawal,
	none:       catalog.Messages.NoPendingWithdrawals,
	listed:     catalog.Messages.PendingWithdrawals,
	notPending: catalog.Messages.WithdrawalNotPending,
	confirm:    catalog.Messages.ConfirmCancelWithdrawal,
	kept:       catalog.Messages.WithdrawalKept,
	toAdmins:   catalog.Messages.AdminWithdrawalCancelledByMember,
	cancelled: func(ctx context.Context, c *Convo[requestCancelData], m store.Member, no string, w store.WithdrawalRequest) Result {
		a, err := c.ownAccount(ctx, m, w.Account.Number)
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.WithdrawalCancelledByMember(no, a))
	},
}
