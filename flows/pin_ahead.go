package flows

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/kopbot/kopbot/intent"
	"github.com/kopbot/kopbot/store"
)

// pinAhead is the argon2id work a message's step will need, done before its write
// transaction: argon2id is slow on purpose (tens of milliseconds of CPU), and done inside
// the transaction it held up every other member's message behind it. The step still reads
// the member and counts failures and lockouts in its transaction; only the hash's answer
// for this very hash and PIN comes from here, and it is the same answer the step would
// work out itself.
type pinAhead struct {
	verdicts map[pinQuestion]bool // does the PIN match the hash?
	hashes   map[string]string    // a new PIN -> its hash, made with a fresh salt
}

type pinQuestion struct{ encoded, pin string }

type pinAheadKey struct{}

func aheadOf(ctx context.Context) *pinAhead {
	a, _ := ctx.Value(pinAheadKey{}).(*pinAhead)
	return a
}

func (a *pinAhead) verdict(encoded, pin string) (ok, known bool) {
	if a == nil {
		return false, false
	}
	ok, known = a.verdicts[pinQuestion{encoded, pin}]
	return ok, known
}

func (a *pinAhead) hash(pin string) (string, bool) {
	if a == nil {
		return "", false
	}
	h, ok := a.hashes[pin]
	return h, ok
}

func (a *pinAhead) check(encoded, pin string) {
	if a.verdicts == nil {
		a.verdicts = map[pinQuestion]bool{}
	}
	a.verdicts[pinQuestion{encoded, pin}] = pinMatchesNow(encoded, pin)
}

// prepareSecrets looks (read-only) at where the sender's conversation stands and, when the
// message answers a question about a PIN, does the argon2id work for it now, outside the
// serialized write section. What it cannot foresee the step does itself, as before.
func (r *Runner) prepareSecrets(ctx context.Context, in Input, said intent.Message) context.Context {
	// PINs are six digits: anything else is no PIN's answer, and the look costs a read.
	// (The step still checks whatever is typed where a PIN is asked, as before.)
	if pin := digitsOnly(in.Text); len(pin) != 6 || strings.Trim(pin, "0123456789") != "" {
		return ctx
	}
	var s store.Session
	var m store.Member
	err := r.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if s, err = tx.Session(ctx, in.Branch, in.From); err != nil || s.Flow == "" {
			return err
		}
		m, err = tx.MemberByPhone(ctx, in.From)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	})
	if err != nil || s.Flow == "" || in.At.Sub(s.UpdatedAt) > r.SessionTimeout {
		return ctx
	}
	// Services' names are never read as a PIN.
	if len(said.Named()) > 0 {
		return ctx
	}
	pin := digitsOnly(in.Text)
	a := &pinAhead{}
	switch {
	case s.Step == "pin" && !m.HasPIN(): // a PIN set at the prompt (setPINHere)
		if pending := pendingPIN(s.Data); pending != "" {
			a.check(pending, pin)
		} else if pinWeakness(pin, m.BirthDate) == pinOK {
			h, err := newPINHash(pin)
			if err != nil {
				return ctx
			}
			a.hashes = map[string]string{pin: h}
		}
	case s.Step == "pin" || s.Flow == flowGantiPIN && s.Step == "old": // confirmPIN
		if m.HasPIN() && !m.PINLockedUntil.After(in.At) {
			a.check(m.PINHash, pin)
		}
	case s.Flow == flowGantiPIN && s.Step == "new", s.Flow == flowRegistrasi && s.Step == "pin-new":
		if pinWeakness(pin, m.BirthDate) != pinOK {
			return ctx
		}
		if s.Flow == flowGantiPIN && m.HasPIN() {
			a.check(m.PINHash, pin) // the new PIN must not be the old one
		}
		h, err := newPINHash(pin)
		if err != nil {
			return ctx
		}
		a.hashes = map[string]string{pin: h}
	case s.Flow == flowGantiPIN && s.Step == "confirm", s.Flow == flowRegistrasi && s.Step == "pin-confirm":
		var d struct {
			NewHash string `json:"new_hash"`
		}
		if json.Unmarshal([]byte(s.Data), &d) != nil || d.NewHash == "" {
			return ctx
		}
		a.check(d.NewHash, pin)
	default:
		return ctx
	}
	return context.WithValue(ctx, pinAheadKey{}, a)
}
