package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

type adminMemberData struct {
	No string `json:"no,omitempty"` // the member whose PIN is being reset
}

// adminFind finds members by name, number or phone (at least three characters).
func adminFind(ctx context.Context, c *Convo[adminMemberData], in Input) Result {
	switch c.Step {
	case "":
		return c.Ask("query", c.Msg.AdminAskQuery())
	case "query":
		q := strings.TrimSpace(in.Text)
		if len(q) < 3 {
			return c.Retry(c.Msg.AdminAskQuery())
		}
		found, err := c.Tx.FindMembers(ctx, q, 10)
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminFound(found))
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// adminResetPIN clears a member's PIN: they set a new one at their next PIN prompt. The
// staff member confirms with a yes and their own PIN.
func adminResetPIN(ctx context.Context, c *Convo[adminMemberData], in Input) Result {
	switch c.Step {
	case "":
		return c.Ask("member", c.Msg.AdminAskMemberNo())
	case "member":
		no := strings.TrimSpace(in.Text)
		m, err := c.Tx.MemberByNo(ctx, no)
		if errors.Is(err, store.ErrNotFound) {
			return c.Retry(c.Msg.AdminNoSuchMember(no))
		}
		if err != nil {
			return c.Fail(err)
		}
		c.Data.No = m.No
		return c.Ask("confirm", c.Msg.AdminConfirmResetPIN(m.No, m.Name))
	case "confirm":
		return c.staffConfirmThenPIN(ctx, in)
	case stepPIN:
		if stop, ok := c.staffPINRight(ctx, in); !ok {
			return stop
		}
		m, err := c.Tx.MemberByNo(ctx, c.Data.No)
		if err != nil {
			return c.Fail(err)
		}
		if err := coop.ResetPIN(ctx, c.Tx, m, staffBy(in), c.Lang()); err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminPINReset(m.No, m.Name))
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}
