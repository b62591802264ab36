package flows

import (
	"context"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// Four eyes in the admin menu: a disbursement, a reversal or a large cash withdrawal or
// withdrawal paid becomes a request (coop.Run) for a second staff member, who approves or
// rejects it from "Waiting for approval". A disbursement, a reversal and a PIN reset are
// confirmed with the staff member's own PIN first (set the first time it is asked for).

// approvalsDecision: the requests waiting at the admin's branch, approved (the money
// moves now, as the maker's) or rejected with a reason the maker reads.
var approvalsDecision = decision{
	list: func(ctx context.Context, c *Convo[decisionData], in Input) ([]string, string, error) {
		list, err := coop.WaitingApprovals(ctx, c.Tx, c.Rules().FourEyes, in.Branch)
		if err != nil || len(list) == 0 {
			return nil, "", err
		}
		list = list[:min(len(list), 10)]
		keys := make([]string, len(list))
		for i, a := range list {
			keys[i] = fmt.Sprint(a.ID)
		}
		return keys, c.Msg.AdminApprovals(list), nil
	},
	show: func(ctx context.Context, c *Convo[decisionData], in Input, id string) Result {
		a, err := c.Tx.Approval(ctx, atoi64(id))
		if err != nil {
			return c.Fail(err)
		}
		a.MadeAt = a.MadeAt.In(c.Loc)
		return c.Ask(stepDecide, c.Msg.AdminApproval(a))
	},
	options: [2]string{approveWords, rejectWords},
	// Approving moves money, so the checker confirms it with their own PIN, as the maker
	// did: it is tried and undone first (their own request, the books changed meanwhile
	// are said before the PIN is asked for), then run after the PIN (stepPIN).
	approve: func(ctx context.Context, c *Convo[decisionData], in Input, id string) Result {
		ref := store.NewRef(store.RefApproval, atoi64(id)).String()
		approve := func() (out coop.Outcome, err error) {
			_, out, err = coop.Approve(ctx, c.Tx, c.Rules().FourEyes, atoi64(id), c.checker(in))
			return out, err
		}
		if c.Step != stepPIN {
			err := c.Tx.DryRun(ctx, func() error { _, err := approve(); return err })
			if stop, ok := c.requestDecided(err, ref); !ok {
				return stop
			}
			h, err := staffPIN(ctx, c.Tx, in.Branch, in.From)
			if err != nil {
				return c.Fail(err)
			}
			return c.askPINOf(h)
		}
		if stop, ok := c.staffPINRight(ctx, in); !ok {
			return stop
		}
		out, err := approve()
		if stop, ok := c.requestDecided(err, ref); !ok {
			return stop
		}
		return c.Done(c.Msg.AdminTellerDone(out.Receipt.Ref, out.Receipt.Amount))
	},
	reject: func(ctx context.Context, c *Convo[decisionData], in Input, id, reason string) Result {
		a, err := coop.RejectApproval(ctx, c.Tx, c.Rules().FourEyes, atoi64(id), reason, c.checker(in))
		if stop, ok := c.requestDecided(err, store.NewRef(store.RefApproval, atoi64(id)).String()); !ok {
			return stop
		}
		return c.Done(c.Msg.AdminApprovalRejected(a))
	},
}

func (c *Convo[T]) checker(in Input) coop.Checker {
	return coop.Checker{By: staffBy(in), Lang: c.Lang(), Loc: c.Loc, LateFeeBP: c.Rules().LateFeeBP}
}

// guarded runs a teller operation four eyes may hold, and answers it: booked, waiting for
// a second approval, or refused.
func (c *Convo[T]) guarded(ctx context.Context, in Input, o coop.Operation) Result {
	out, err := coop.Run(ctx, c.Tx, c.Rules().FourEyes, c.tellerOp(in), o)
	if stop, ok := c.tellerRefusal(err); !ok {
		return stop
	}
	if out.Held() {
		return c.Done(c.Msg.AdminApprovalWaiting(out.Waiting))
	}
	return c.Done(c.Msg.AdminTellerDone(out.Receipt.Ref, out.Receipt.Amount))
}

// staffPIN is the staff member on phone at branch as the holder of their own PIN.
func staffPIN(ctx context.Context, tx *store.Tx, branch, phone string) (pinHolder, error) {
	p, err := tx.StaffPIN(ctx, branch, phone)
	if err != nil {
		return pinHolder{}, err
	}
	return pinHolder{hash: p.Hash, failures: p.Failures, lockouts: p.Lockouts, lockedUntil: p.LockedUntil,
		who: catalog.PINLockout{Staff: true, Phone: maskPhone(phone)},
		record: func(ctx context.Context, failures, lockouts int, until time.Time) error {
			p.Failures, p.Lockouts, p.LockedUntil = failures, lockouts, until
			return tx.SaveStaffPIN(ctx, branch, phone, p)
		},
		set: func(ctx context.Context, hash string) error {
			return tx.SaveStaffPIN(ctx, branch, phone, store.StaffPIN{Hash: hash})
		},
		setFirst: catalog.Messages.StaffSetPIN}, nil
}

// staffConfirmThenPIN reads the staff member's yes to a summary and asks for their own PIN
// in stepPIN; a no ends the flow.
func (c *Convo[T]) staffConfirmThenPIN(ctx context.Context, in Input) Result {
	if stop, ok := c.confirmed(c.Msg.Cancelled()); !ok {
		return stop
	}
	h, err := staffPIN(ctx, c.Tx, in.Branch, in.From)
	if err != nil {
		return c.Fail(err)
	}
	return c.askPINOf(h)
}

// staffPINRight checks the staff member's own PIN typed in stepPIN; when it is not right,
// stop is what to answer (try again, locked, or the new PIN's second typing).
func (c *Convo[T]) staffPINRight(ctx context.Context, in Input) (stop Result, ok bool) {
	h, err := staffPIN(ctx, c.Tx, in.Branch, in.From)
	if err != nil {
		return c.Fail(err), false
	}
	return c.confirmPINOf(ctx, h, in.Text)
}
