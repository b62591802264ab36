package flows

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/kopbot/kopbot/intent"
	"github.com/kopbot/kopbot/store"
)

// pinAhead is the PIN work a message's step will need, done before its write
// transaction. Keyed hashes (pinkey.go) cost microseconds; what still matters is an
// argon2id hash of before them, checked once at its upgrade: slow on purpose (tens of
// milliseconds of CPU), and done inside the transaction it held up every other member's
// message behind it. The step still reads
// the member and counts failures and lockouts in its transaction; only the hash's answer
// for this very hash and PIN comes from here, and it is the same answer the step would
// work out itself.
type pinAhead struct {
	verdicts map[pinQuestion]bool // does the PIN match the hash?
	hashes   map[string]string    // a new PIN -> its hash, made with a fresh salt
}

type pinQuestion struct{ encoded, pin string }

// What a flow's step does with a PIN typed there, declared beside each flow (its
// pinSteps) so the work can be done ahead without reading other flows' steps or data.
type pinUse int

const (
	pinTakesNone pinUse = iota
	pinCurrent          // the member's PIN is checked
	pinChosen           // a new PIN is chosen and hashed
	pinAgain            // the new PIN is typed again and checked against the hash kept
)

type pinStep struct {
	use        pinUse
	notCurrent bool                     // pinChosen: it must differ from the member's PIN
	chosen     func(data []byte) string // pinAgain: the hash kept in the flow's data
}

// pinSteps are a flow's steps that take a PIN. confirmThenPIN's step (stepPIN) takes the
// member's PIN in every flow and needs no entry.
type pinSteps map[string]pinStep

// pinStepsOf lists the flows with PIN steps of their own.
var pinStepsOf = map[string]pinSteps{
	flowGantiPIN:       changePINSteps,
	flowRegistrasiLink: linkPINSteps,
}

// keptHash reads the chosen PIN's hash from a flow's data.
func keptHash[T interface{ keptPINHash() string }](data []byte) string {
	var d T
	if json.Unmarshal(data, &d) != nil {
		return ""
	}
	return d.keptPINHash()
}

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

func (a *pinAhead) check(keys *PINKeys, encoded, pin string) {
	if a.verdicts == nil {
		a.verdicts = map[pinQuestion]bool{}
	}
	a.verdicts[pinQuestion{encoded, pin}] = keys.Matches(encoded, pin)
}

// prepareSecrets looks (read-only) at where the sender's conversation stands and, when the
// message answers a question about a PIN, does the argon2id work for it now, outside the
// serialized write section. What it cannot foresee the step does itself, as before.
func (r *Runner) prepareSecrets(ctx context.Context, in Input, said intent.Message) context.Context {
	// PINs are six digits: anything else is no PIN's answer, and the look costs a read.
	// (The step still checks whatever is typed where a PIN is asked, as before.)
	if pin := digitsOnly(in.Text); r.PINKeys == nil || len(pin) != 6 || strings.Trim(pin, "0123456789") != "" {
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
	use := pinStepsOf[s.Flow][s.Step]
	if s.Step == stepPIN {
		use = pinStep{use: pinCurrent} // confirmThenPIN's ending, in every flow
	}
	switch {
	case s.Step == stepPIN && !m.HasPIN(): // a PIN set at the prompt (setPINHere)
		if pending := pendingPIN(s.Data); pending != "" {
			a.check(r.PINKeys, pending, pin)
		} else if pinWeakness(pin, m.BirthDate) == pinOK {
			h, err := r.PINKeys.Hash(pin)
			if err != nil {
				return ctx
			}
			a.hashes = map[string]string{pin: h}
		}
	case use.use == pinCurrent:
		if m.HasPIN() && !m.PINLockedUntil.After(in.At) {
			a.check(r.PINKeys, m.PINHash, pin)
		}
	case use.use == pinChosen:
		if pinWeakness(pin, m.BirthDate) != pinOK {
			return ctx
		}
		if use.notCurrent && m.HasPIN() {
			a.check(r.PINKeys, m.PINHash, pin) // the new PIN must not be the old one
		}
		h, err := r.PINKeys.Hash(pin)
		if err != nil {
			return ctx
		}
		a.hashes = map[string]string{pin: h}
	case use.use == pinAgain:
		h := use.chosen([]byte(s.Data))
		if h == "" {
			return ctx
		}
		a.check(r.PINKeys, h, pin)
	default:
		return ctx
	}
	return context.WithValue(ctx, pinAheadKey{}, a)
}
