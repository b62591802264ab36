package flows

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// flowRegistrasiLink is Registrasi's first way in, reached from it by Switch.
const flowRegistrasiLink = "registrasi-hubungkan"

type linkData struct {
	NIK     string `json:"nik,omitempty"`
	NewHash string `json:"new_hash,omitempty"`
}

// Linking allows linkTries wrong NIK and birth date pairs per phone within linkWindow, counted in the
// store (link_attempts), so neither a new session, "batal" nor a restart starts the count afresh.
const (
	linkTries  = 3
	linkWindow = 24 * time.Hour
)

func (d linkData) keptPINHash() string { return d.NewHash }

// linkPINSteps: a linked member chooses a PIN, then types it again.
var linkPINSteps = pinSteps{
	"pin-new":     {use: pinChosen},
	"pin-confirm": {use: pinAgain, chosen: keptHash[linkData]},
}

// registrasiLink links this WhatsApp number to an existing member: NIK and birth date
// against the record with this phone, three tries, then a PIN chosen and typed again.
func registrasiLink(ctx context.Context, c *Convo[linkData], in Input) Result {
	m, isMember, err := c.MemberIfAny(ctx)
	if err != nil {
		return c.Fail(err)
	}
	branch, err := c.Branch(ctx)
	if err != nil {
		return c.Fail(err)
	}
	switch c.Step {
	case "":
		failures, err := c.Tx.LinkFailures(ctx, in.From, c.Now.Add(-linkWindow))
		if err != nil {
			return c.Fail(err)
		}
		if failures >= linkTries {
			return c.Done(c.Msg.LinkFailed(branch.Name))
		}
		return c.Ask("nik", c.Msg.AskNIK())
	case "nik":
		nik := digitsOnly(in.Text)
		if !ktp.Shaped(nik) {
			return c.Retry(c.Msg.BadNIK())
		}
		c.Data.NIK = nik
		return c.Ask("birth", c.Msg.AskBirthDate())
	case "birth":
		birth, err := parse.Date(in.Text, c.Loc)
		if err != nil {
			return c.Retry(c.Msg.BadDate())
		}
		if !isMember {
			return linkFromOtherPhone(ctx, c, in, birth, branch)
		}
		if m.NIK != c.Data.NIK || !catalog.SameDay(m.BirthDate, birth) {
			c.Data.NIK = ""
			failures, err := c.Tx.RecordLinkFailure(ctx, in.From, c.Now, c.Now.Add(-linkWindow))
			if err != nil {
				return c.Fail(err)
			}
			if failures >= linkTries {
				return c.Done(c.Msg.LinkFailed(branch.Name))
			}
			return c.Ask("nik", c.Msg.NIKBirthMismatch()+"\n\n"+c.Msg.AskNIK())
		}
		c.Data.NIK = ""
		if err := c.Tx.ClearLinkFailures(ctx, in.From); err != nil {
			return c.Fail(err)
		}
		if m.HasPIN() {
			return c.Done(c.Msg.AlreadyMember(m.Name, m.No))
		}
		return c.Ask("pin-new", c.Msg.Linked(m.Name, m.No)+"\n\n"+c.Msg.AskNewPIN())
	case "pin-new":
		pin := digitsOnly(in.Text)
		if w := pinWeakness(pin, m.BirthDate); w != pinOK {
			return c.Retry(c.Msg.WeakPIN(w))
		}
		hash, err := hashPIN(ctx, pin)
		if err != nil {
			return c.Fail(err)
		}
		c.Data.NewHash = hash
		return c.Ask("pin-confirm", c.Msg.ConfirmNewPIN())
	case "pin-confirm":
		if !sixDigits(digitsOnly(in.Text)) {
			return c.Retry(c.Msg.PINMustBeSix())
		}
		if !pinMatches(ctx, c.Data.NewHash, digitsOnly(in.Text)) {
			c.Data.NewHash = ""
			return c.Ask("pin-new", c.Msg.PINsDiffer())
		}
		if err := c.Tx.SetPIN(ctx, m.ID, c.Data.NewHash); err != nil {
			return c.Fail(err)
		}
		c.Data.NewHash = ""
		return c.Done(c.Msg.PINSet())

	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// linkFromOtherPhone answers a phone no record holds exactly alike whether or not the NIK it gave is a
// member's, so linking tells no one which NIKs are members' nor any part of their phone; every such try
// counts against the phone. A member's NIK is told to the branch's staff, who change the member's number
// after seeing their KTP (the genuine member then links from the new number, which proves they hold it).
func linkFromOtherPhone(ctx context.Context, c *Convo[linkData], in Input, birth time.Time, branch store.Branch) Result {
	holder, err := c.Tx.MemberByNIK(ctx, c.Data.NIK)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return c.Fail(err)
	}
	c.Data.NIK = ""
	if err == nil && holder.Status == store.MemberActive {
		matches := catalog.SameDay(holder.BirthDate, birth)
		err := c.TellAdmins(ctx, func(msg catalog.Messages) string {
			return msg.AdminLinkFromOtherPhone(in.From, holder.Name, holder.No, matches)
		})
		if err != nil {
			return c.Fail(err)
		}
	}
	failures, err := c.Tx.RecordLinkFailure(ctx, in.From, c.Now, c.Now.Add(-linkWindow))
	if err != nil {
		return c.Fail(err)
	}
	if failures >= linkTries {
		return c.Done(c.Msg.LinkFailed(branch.Name))
	}
	return c.Done(c.Msg.NotFoundForLink(branch.Name))
}
