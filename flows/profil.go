package flows

import (
	"context"

	"github.com/kopbot/kopbot/store"
)

type profilData struct{}

// profil shows the member's record, NIK masked.
func profil(ctx context.Context, c *Convo[profilData], m store.Member, in Input) Result {
	b, err := c.Branch(ctx)
	if err != nil {
		return c.Fail(err)
	}
	if m.Branch != b.ID {
		if b, err = c.Tx.Branch(ctx, m.Branch); err != nil {
			return c.Fail(err)
		}
	}
	return c.Done(c.Msg.Profile(m, b.Name, c.Loc))
}
