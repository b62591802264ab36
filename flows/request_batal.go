package flows

import (
	"context"
	"errors"
	"fmt"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// requestCancelData is what cancelling a waiting deposit or withdrawal keeps between messages.
type requestCancelData struct {
	Pending []string `json:"pending,omitempty"` // the member's requests waiting, as listed (SET-000001)
	Cancel  int64    `json:"cancel,omitempty"`  // the request the member asked to cancel
}

// newOrCancel follows a member's pick between a new request (1: start asks for it) and
// cancelling one that waits (2: the flow cancel).
func (c *Convo[T]) newOrCancel(pick int, start func() Result, cancel string) Result {
	switch pick {
	case 1:
		return start()
	case 2:
		return c.Switch(cancel)
	}
	return c.Retry(c.Msg.PickNumber(2))
}

// requestCancel is the one conversation behind penarikan-batal and setoran-batal, for
// requests of type R: what differs is how R is loaded, cancelled and worded.
type requestCancel[R interface{ No() string }] struct {
	what       string // "deposit", "withdrawal": in errors
	ref        store.RefKind
	list       func(*store.Tx, context.Context, store.RequestStatus, int64, int) ([]R, error)
	get        func(*store.Tx, context.Context, int64) (R, error)
	about      func(R) (memberID int64, status store.RequestStatus)
	cancel     func(context.Context, *store.Tx, int64, store.Member) (R, error)
	none       func(catalog.Messages) string
	listed     func(catalog.Messages, []R) string
	notPending func(catalog.Messages, R) string
	confirm    func(catalog.Messages, R) string
	kept       func(catalog.Messages, string) string
	toAdmins   func(catalog.Messages, string, store.Member) string
	// cancelled is the member's last word, once the request is cancelled.
	cancelled func(ctx context.Context, c *Convo[requestCancelData], m store.Member, no string, r R) Result
}

// flow lets a member cancel a request still waiting for staff: the list, the one picked, a
// yes. Staff are told.
func (k requestCancel[R]) flow(ctx context.Context, c *Convo[requestCancelData], m store.Member, in Input) Result {
	switch c.Step {
	case "":
		pending, err := k.list(c.Tx, ctx, store.RequestPending, m.ID, 20)
		if err != nil {
			return c.Fail(err)
		}
		if len(pending) == 0 {
			return c.Done(k.none(c.Msg))
		}
		for _, r := range pending {
			c.Data.Pending = append(c.Data.Pending, r.No())
		}
		return c.Ask("pending", k.listed(c.Msg, pending))
	case "pending":
		id, ok := c.pickRequest(c.Data.Pending, k.ref.ParseID)
		if !ok {
			return c.Retry(c.Msg.PickNumber(len(c.Data.Pending)))
		}
		r, err := k.get(c.Tx, ctx, id)
		if err != nil {
			return c.Fail(err)
		}
		if memberID, status := k.about(r); memberID != m.ID {
			return c.Fail(fmt.Errorf("%s %s listed for member %d belongs to member %d", k.what, r.No(), m.ID, memberID))
		} else if status != store.RequestPending {
			return c.Done(k.notPending(c.Msg, r))
		}
		c.Data.Cancel = id
		return c.Ask("cancel", k.confirm(c.Msg, r))
	case "cancel":
		no := k.no(c.Data.Cancel)
		switch yes, ok := c.YesNo(); {
		case !ok:
			return c.Retry(c.Msg.AskYesNo())
		case !yes:
			return c.Done(k.kept(c.Msg, no))
		}
		// Staff may have decided it while the member was answering.
		r, err := k.cancel(ctx, c.Tx, c.Data.Cancel, m)
		if errors.Is(err, coop.NotPending) {
			return c.Done(k.notPending(c.Msg, r))
		}
		if err != nil {
			return c.Fail(err)
		}
		if err := c.TellAdmins(ctx, func(msg catalog.Messages) string { return k.toAdmins(msg, no, m) }); err != nil {
			return c.Fail(err)
		}
		return k.cancelled(ctx, c, m, no, r)
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// no is how staff and the member refer to the request with this ID: SET-000001.
func (k requestCancel[R]) no(id int64) string { return store.NewRef(k.ref, id).String() }
