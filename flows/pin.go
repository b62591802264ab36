package flows

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/intent"
	"github.com/kopbot/kopbot/store"
)

// argonSlots bounds how many argon2id computations run at once: each takes 19 MiB, and
// more of them than there are CPUs only queue for the CPUs while holding their memory.
// argon2id is only checked now, for hashes of before keyed PINs (see pinkey.go), once each.
var argonSlots = make(chan struct{}, max(runtime.GOMAXPROCS(0), 1))

// hashPIN returns the PIN's keyed hash; one made ahead for this message (see
// prepareSecrets) when there is one.
func hashPIN(ctx context.Context, pin string) (string, error) {
	if h, ok := aheadOf(ctx).hash(pin); ok {
		return h, nil
	}
	keys, err := pinKeysOf(ctx)
	if err != nil {
		return "", err
	}
	return keys.Hash(pin)
}

// pinMatches checks pin against a stored hash, in constant time. The answer worked out
// ahead for this message (see prepareSecrets) is used when it was for this very hash and
// PIN: the hash is what the transaction reads now, so a PIN changed since is checked afresh.
func pinMatches(ctx context.Context, encoded, pin string) bool {
	if ok, known := aheadOf(ctx).verdict(encoded, pin); known {
		return ok
	}
	keys, _ := pinKeysOf(ctx) // nil keys match argon2id hashes only
	return keys.Matches(encoded, pin)
}

// argonMatches checks pin against an encoded argon2id hash split at its "$"s.
func argonMatches(parts []string, pin string) bool {
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	argonSlots <- struct{}{}
	defer func() { <-argonSlots }()
	got := argon2.IDKey([]byte(pin), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// PIN weaknesses, for the message that explains a refusal.
const (
	pinOK           = catalog.PINOK
	pinNotSixDigits = catalog.PINNotSixDigits
	pinRepeated     = catalog.PINRepeated // 111111, 121212, 112233
	pinSequence     = catalog.PINSequence // 123456, 654321
	pinBirthDate    = catalog.PINBirthDate
)

// pinWeakness says why a new PIN is refused, or pinOK.
func pinWeakness(pin string, birth time.Time) catalog.PINWeakness {
	if len(pin) != 6 || strings.Trim(pin, "0123456789") != "" {
		return pinNotSixDigits
	}
	pairs := pin[0] == pin[1] && pin[2] == pin[3] && pin[4] == pin[5]
	stepping := pin[2]-pin[0] == pin[4]-pin[2] && (pin[2] == pin[0]+1 || pin[2] == pin[0]-1)
	if pin == strings.Repeat(pin[:1], 6) || pin == strings.Repeat(pin[:2], 3) || pin == strings.Repeat(pin[:3], 2) || pairs && stepping {
		return pinRepeated
	}
	up, down := true, true
	for i := 1; i < 6; i++ {
		if pin[i] != pin[i-1]+1 {
			up = false
		}
		if pin[i] != pin[i-1]-1 {
			down = false
		}
	}
	if up || down {
		return pinSequence
	}
	if !birth.IsZero() {
		for _, layout := range []string{"020106", "060102", "010206", "060201"} { // DDMMYY, YYMMDD, MMDDYY, YYDDMM
			if pin == birth.Format(layout) {
				return pinBirthDate
			}
		}
	}
	return pinOK
}

// digitsOnly drops spaces, dots and dashes members put in PINs and numbers.
func digitsOnly(s string) string {
	return strings.NewReplacer(" ", "", "-", "", ".", "").Replace(strings.TrimSpace(s))
}

// pinCheck is the outcome of checking a PIN a member typed.
type pinCheck int

const (
	pinRight  pinCheck = iota
	pinWrong           // wrong, attempts remain
	pinLocked          // locked now (by this attempt or before)
	pinNone            // the member has no PIN yet
)

// pinHolder is whoever confirms with a PIN: a member (memberPIN), or a staff member on
// WhatsApp (staffPIN), with how their failures, lockout and a new PIN are recorded.
type pinHolder struct {
	hash        string
	failures    int
	lockouts    int // lockouts in a row without a right PIN between
	lockedUntil time.Time
	birth       time.Time // a new PIN may not be this date; zero for staff
	who         catalog.PINLockout
	record      func(ctx context.Context, failures, lockouts int, lockUntil time.Time) error
	set         func(ctx context.Context, hash string) error
	// setFirst asks for a new PIN when there is none.
	setFirst func(catalog.Messages) string
}

func (h pinHolder) hasPIN() bool { return h.hash != "" }

// memberPIN is the member m as the holder of their PIN.
func memberPIN(tx *store.Tx, m store.Member) pinHolder {
	return pinHolder{hash: m.PINHash, failures: m.PINFailures, lockouts: m.PINLockouts, lockedUntil: m.PINLockedUntil, birth: m.BirthDate,
		who: catalog.PINLockout{Name: m.Name, MemberNo: m.No, Phone: maskPhone(m.Phone)},
		record: func(ctx context.Context, failures, lockouts int, until time.Time) error {
			return tx.RecordPINFailure(ctx, m.ID, failures, lockouts, until)
		},
		set:      func(ctx context.Context, hash string) error { return tx.SetPIN(ctx, m.ID, hash) },
		setFirst: catalog.Messages.SetPINToGoOn}
}

// checkPIN verifies a member's PIN, counting failures and locking the member out after
// Rules.PINAttempts wrong ones in a row. It reports how many attempts remain and until
// when the member is locked.
func checkPIN(ctx context.Context, tx *store.Tx, m store.Member, pin string, rules Rules, now time.Time) (pinCheck, int, time.Time, error) {
	return memberPIN(tx, m).check(ctx, pin, rules, now)
}

// pinLockoutsBeforeReset is the lockout that lasts until staff reset the PIN: the first
// lasts Rules.PINLock, the second four times that, the third until a reset. Online, that
// is 3 x 3 guesses before someone must look, where a fixed lock allowed ~144 a day forever.
const pinLockoutsBeforeReset = 3

// lockFor is until when the n-th lockout in a row locks the PIN. A member's PIN is reset by
// staff (kopbot members reset-pin, the admin menu), a staff member's by an admin (kopbot staff reset-pin).
func (h pinHolder) lockFor(n int, rules Rules, now time.Time) time.Time {
	switch {
	case n >= pinLockoutsBeforeReset:
		return store.PINLockedForGood
	case n >= 2:
		return now.Add(4 * rules.PINLock)
	}
	return now.Add(rules.PINLock)
}

// check verifies the holder's PIN as checkPIN does a member's.
func (h pinHolder) check(ctx context.Context, pin string, rules Rules, now time.Time) (pinCheck, int, time.Time, error) {
	if !h.hasPIN() {
		return pinNone, 0, time.Time{}, nil
	}
	if h.lockedUntil.After(now) {
		return pinLocked, 0, h.lockedUntil, nil
	}
	failures := h.failures
	if !h.lockedUntil.IsZero() { // an expired lock starts a fresh count
		failures = 0
	}
	if pinMatches(ctx, h.hash, digitsOnly(pin)) {
		return pinRight, 0, time.Time{}, h.passed(ctx, digitsOnly(pin), failures)
	}
	failures++
	attempts := max(rules.PINAttempts, 1)
	if failures >= attempts {
		until := h.lockFor(h.lockouts+1, rules, now)
		if err := h.record(ctx, failures, h.lockouts+1, until); err != nil {
			return 0, 0, time.Time{}, err
		}
		return pinLocked, 0, until, nil
	}
	if err := h.record(ctx, failures, h.lockouts, time.Time{}); err != nil {
		return 0, 0, time.Time{}, err
	}
	return pinWrong, attempts - failures, time.Time{}, nil
}

// passed records a right PIN: a stale hash (argon2id, or under a previous key) is replaced
// by a keyed hash under the current key, so it is never used again; failures and the
// lockouts in a row are cleared.
func (h pinHolder) passed(ctx context.Context, pin string, failures int) error {
	keys, err := pinKeysOf(ctx)
	if err != nil {
		return err
	}
	if keys.Stale(h.hash) {
		hash, err := keys.Hash(pin)
		if err != nil {
			return err
		}
		return h.set(ctx, hash) // clears failures, lock and lockouts too
	}
	if failures != 0 || !h.lockedUntil.IsZero() || h.lockouts != 0 {
		return h.record(ctx, 0, 0, time.Time{})
	}
	return nil
}

// sixDigits reports whether pin (as digitsOnly leaves it) can be a PIN at all.
func sixDigits(pin string) bool {
	return len(pin) == 6 && strings.Trim(pin, "0123456789") == ""
}

// confirmThenPIN is how every flow ends before money moves or a request is made: the
// member's yes to the summary asks for the PIN (or for a new one, when staff reset it);
// a no ends the flow with no.
func (c *Convo[T]) confirmThenPIN(m store.Member, no string) Result {
	if stop, ok := c.confirmed(no); !ok {
		return stop
	}
	return c.askPIN(m)
}

// confirmed reads the yes to a summary; when it is not one, stop is what to answer: ask
// again, or end the flow with no.
func (c *Convo[T]) confirmed(no string) (stop Result, ok bool) {
	yes, ok := c.YesNo()
	switch {
	case !ok:
		return c.Retry(c.Msg.AskYesNo()), false
	case !yes:
		return c.Done(no), false
	}
	return Result{}, true
}

// stepPIN is the step where confirmThenPIN asks for the member's PIN, in every flow.
const stepPIN = "pin"

// askPIN asks for the member's PIN in step "pin": their PIN, or a new one when they have
// none (staff reset it), set right there before going on; a locked-out member is told until when.
func (c *Convo[T]) askPIN(m store.Member) Result { return c.askPINOf(memberPIN(c.Tx, m)) }

// askPINOf asks the holder for their PIN, as askPIN does a member.
func (c *Convo[T]) askPINOf(h pinHolder) Result {
	if h.lockedUntil.After(c.Now) {
		return c.Done(c.pinLocked(h.lockedUntil, h.who.Staff))
	}
	if !h.hasPIN() {
		c.newPIN = ""
		return c.Ask(stepPIN, h.setFirst(c.Msg))
	}
	return c.Ask(stepPIN, c.Msg.AskPIN())
}

// confirmPIN checks the PIN the member typed; when it is not right, stop is what to answer:
// try again with the attempts left, or the lockout. Anything that is not six digits is no
// attempt at all ("ya" there means "go on": the PIN is still awaited). A member without a
// PIN sets one here, typing it twice, and goes on.
func (c *Convo[T]) confirmPIN(ctx context.Context, m store.Member, typed string) (stop Result, ok bool) {
	return c.confirmPINOf(ctx, memberPIN(c.Tx, m), typed)
}

// confirmPINOf checks the PIN the holder typed, as confirmPIN does a member's.
func (c *Convo[T]) confirmPINOf(ctx context.Context, h pinHolder, typed string) (stop Result, ok bool) {
	pin := digitsOnly(typed)
	if !h.hasPIN() {
		return c.setPINHere(ctx, h, pin)
	}
	if !sixDigits(pin) {
		if c.Said().Is(intent.Yes) {
			return c.Retry(c.Msg.StillWaitingForPIN()), false
		}
		return c.Retry(c.Msg.PINMustBeSix()), false
	}
	res, left, until, err := h.check(ctx, pin, c.Rules(), c.Now)
	if err != nil {
		return c.Fail(err), false
	}
	switch res {
	case pinWrong:
		return c.Retry(c.Msg.WrongPIN(left)), false
	case pinLocked:
		if !h.lockedUntil.After(c.Now) { // locked by this very attempt: staff are told
			h.who.Lockouts, h.who.Until = h.lockouts+1, until.In(c.Loc)
			if err := c.TellAdmins(ctx, func(m catalog.Messages) string { return m.PINLockedForStaff(h.who) }); err != nil {
				return c.Fail(err), false
			}
		}
		return c.Done(c.pinLocked(until, h.who.Staff)), false
	case pinNone:
		return c.Done(c.Msg.NeedPINFirst()), false
	}
	return Result{}, true
}

// pinLocked tells the holder their PIN is locked: until when, or until staff reset it
// (a member at the office with their KTP, a staff member by the cooperative's admin).
func (c *Convo[T]) pinLocked(until time.Time, staff bool) string {
	switch {
	case !until.Before(store.PINLockedForGood) && staff:
		return c.Msg.StaffPINLockedUntilReset()
	case !until.Before(store.PINLockedForGood):
		return c.Msg.PINLockedUntilReset()
	}
	return c.Msg.PINLocked(until.In(c.Loc))
}

// setPINHere sets a new PIN at a PIN prompt: typed once, then again; then the flow goes on.
func (c *Convo[T]) setPINHere(ctx context.Context, h pinHolder, pin string) (Result, bool) {
	if c.newPIN == "" {
		if w := pinWeakness(pin, h.birth); w != pinOK {
			return c.Retry(c.Msg.WeakPIN(w)), false
		}
		hash, err := hashPIN(ctx, pin)
		if err != nil {
			return c.Fail(err), false
		}
		c.newPIN = hash
		return c.Ask(stepPIN, c.Msg.ConfirmNewPIN()), false
	}
	if !sixDigits(pin) {
		return c.Retry(c.Msg.PINMustBeSix()), false
	}
	if !pinMatches(ctx, c.newPIN, pin) {
		c.newPIN = ""
		return c.Ask(stepPIN, c.Msg.PINsDiffer()), false
	}
	if err := h.set(ctx, c.newPIN); err != nil {
		return c.Fail(err), false
	}
	c.newPIN = ""
	c.c.reply(c.Msg.NewPINSetGoingOn())
	return Result{}, true
}

type changePINData struct {
	NewHash string `json:"new_hash,omitempty"` // the new PIN's hash, until it is typed again
}

func (d changePINData) keptPINHash() string { return d.NewHash }

// changePINSteps: the old PIN, a new one (not the old), the new one again.
var changePINSteps = pinSteps{
	"old":     {use: pinCurrent},
	"new":     {use: pinChosen, notCurrent: true},
	"confirm": {use: pinAgain, chosen: keptHash[changePINData]},
}

// changePIN sets a member's PIN: the old one first when there is one, then the new one twice.
func changePIN(ctx context.Context, c *Convo[changePINData], m store.Member, in Input) Result {
	switch c.Step {
	case "":
		if !m.HasPIN() {
			return c.Ask("new", c.Msg.AskNewPIN())
		}
		if m.PINLockedUntil.After(c.Now) {
			return c.Done(c.pinLocked(m.PINLockedUntil, false))
		}
		return c.Ask("old", c.Msg.AskOldPIN())
	case "old":
		if stop, ok := c.confirmPIN(ctx, m, in.Text); !ok {
			return stop
		}
		return c.Ask("new", c.Msg.AskNewPIN())
	case "new":
		pin := digitsOnly(in.Text)
		if w := pinWeakness(pin, m.BirthDate); w != pinOK {
			return c.Retry(c.Msg.WeakPIN(w))
		}
		if m.HasPIN() && pinMatches(ctx, m.PINHash, pin) {
			return c.Retry(c.Msg.SamePIN())
		}
		hash, err := hashPIN(ctx, pin)
		if err != nil {
			return c.Fail(err)
		}
		c.Data.NewHash = hash
		return c.Ask("confirm", c.Msg.ConfirmNewPIN())
	case "confirm":
		if !sixDigits(digitsOnly(in.Text)) {
			return c.Retry(c.Msg.PINMustBeSix())
		}
		if !pinMatches(ctx, c.Data.NewHash, digitsOnly(in.Text)) {
			c.Data.NewHash = ""
			return c.Ask("new", c.Msg.PINsDiffer())
		}
		if err := c.Tx.SetPIN(ctx, m.ID, c.Data.NewHash); err != nil {
			return c.Fail(err)
		}
		c.Data.NewHash = ""
		return c.Done(c.Msg.PINSet())
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// HashPIN hashes a PIN for storing under keys, as flows do; `kopbot demo` uses it for the demo PIN.
func HashPIN(keys *PINKeys, pin string) (string, error) { return keys.Hash(pin) }

// DemoPIN is the PIN `kopbot demo` gives the demo members (all but the last).
const DemoPIN = "147258"
