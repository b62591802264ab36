package flows

import (
	"context"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// flowSetoranCancel is Setoran's second conversation, reached from it by Switch.
const flowSetoranCancel = "setoran-batal"

// setoranCancel lets a member cancel a deposit report staff have not verified yet: the
// list, the one picked, a yes. Staff are told.
var setoranCancel = requestCancel[store.DepositRequest]{
	what: "deposit",
	ref:  store.RefDeposit,
	list: (*store.Tx).DepositRequests,
	get:  (*store.Tx).DepositRequest,
	about: func(d store.DepositRequest) (int64, store.RequestStatus) {
		return d.MemberID, d.Status
	},
	cancel:     coop.MemberCancelsDeposit,
	none:       catalog.Messages.NoPendingDeposits,
	listed:     catalog.Messages.PendingDeposits,
	notPending: catalog.Messages.DepositNotPending,
	confirm:    catalog.Messages.ConfirmCancelDeposit,
	kept:       catalog.Messages.DepositKept,
	toAdmins:   catalog.Messages.AdminDepositCancelledByMember,
	cancelled: func(_ context.Context, c *Convo[requestCancelData], _ store.Member, no string, _ store.DepositRequest) Result {
		return c.Done(c.Msg.DepositCancelledByMember(no))
	},
}
