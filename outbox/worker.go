// Package outbox delivers what the conversations queued. A Worker sends one branch's
// outbox rows of one transport (WhatsApp in serve, the terminal in kopbot chat, memory in
// kopbot bench) through that Transport: persistent (the rows are the queue, so a restart
// goes on where the last run stopped), at least once (rows are marked sent once the
// transport took them, a batch in one commit), interactive replies before bulk, each
// member's messages in order, within the branch's rate limits, retrying with backoff, and
// a send in flight finished, not cut off, when the worker stops.
package outbox

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/rs/zerolog"
	"golang.org/x/time/rate"

	"github.com/kopbot/kopbot/store"
)

// ErrNotReady means the transport cannot send now (WhatsApp disconnected, or banned the
// branch for a while): no attempt is used up and nothing more is tried until a Wake.
var ErrNotReady = errors.New("branch cannot send now")

// Transport carries messages to members.
type Transport interface {
	// Send delivers m and returns the transport's own ID for it ("" when it has none), kept
	// with the row (a phone asking for a WhatsApp message again is answered from it). An
	// error wrapping ErrNotReady uses no attempt; any other is a failed attempt, retried.
	Send(ctx context.Context, m store.OutMessage) (id string, err error)
	// Ready says whether the transport can send now; if not, until when it certainly cannot
	// (zero: unknown).
	Ready() (ok bool, until time.Time)
}

// SendLimits say how fast a branch may send and how it retries.
type SendLimits struct {
	InteractivePerMinute int           // replies to members
	BulkPerMinute        int           // reminders and broadcasts
	MaxAttempts          int           // then a message is marked failed
	RetryBase            time.Duration // the first retry waits about this long, doubling after
	RetryMax             time.Duration // and never longer than this
	// QuietUntil, when set, says when the quiet hours that t falls in end (zero outside them):
	// bulk messages wait until then, even ones queued before they began.
	QuietUntil func(t time.Time) time.Time
}

// Unlimited are the limits of a transport that takes everything at once (a terminal,
// memory); a message it could not take is tried again a few times.
var Unlimited = SendLimits{InteractivePerMinute: 1 << 30, BulkPerMinute: 1 << 30, MaxAttempts: 5, RetryBase: time.Second, RetryMax: time.Minute}

// Worker delivers one branch's outbox rows of one transport: persistent, at least once,
// interactive replies before bulk, each member's messages in order, within the limits.
type Worker struct {
	DB     *store.DB
	Branch string
	// Via picks the rows this worker delivers: those queued for this transport name
	// (store.OutMessage.Transport: "" for WhatsApp, "chat", "bench"). Other rows are
	// another worker's, perhaps in another process on the same database.
	Via       string
	Transport Transport
	Now       func() time.Time
	Limits    SendLimits
	// Jitter returns a number in [0, 1) to spread retries; math/rand by default.
	Jitter func() float64
	// Sent and Failed are told about each outcome, for metrics.
	Sent   func(m store.OutMessage)
	Failed func(m store.OutMessage, err error, final bool)
	// Grace bounds a send in flight when Run is stopped: it is finished, not cut off (10 s by default).
	Grace time.Duration
	// Idle is the longest Run waits when nothing is due and no Wake comes (a minute by
	// default): what another process queues on the same database is found by looking again.
	Idle time.Duration

	once              sync.Once
	interactive, bulk *rate.Limiter
	wake              chan struct{}
	step              sync.Mutex // one Step at a time, Run's or a caller's
}

func (w *Worker) init() {
	w.once.Do(func() {
		perMinute := func(n int) *rate.Limiter {
			if n <= 0 {
				n = 1
			}
			return rate.NewLimiter(rate.Limit(float64(n)/60), max(1, n/10))
		}
		w.interactive = perMinute(w.Limits.InteractivePerMinute)
		w.bulk = perMinute(w.Limits.BulkPerMinute)
		w.wake = make(chan struct{}, 1)
		if w.Jitter == nil {
			w.Jitter = rand.Float64
		}
	})
}

func (w *Worker) idle() time.Duration {
	if w.Idle > 0 {
		return w.Idle
	}
	return time.Minute
}

// Wake tells the worker new messages are queued or the transport became ready.
func (w *Worker) Wake() {
	w.init()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx is done.
func (w *Worker) Run(ctx context.Context) {
	w.init()
	log := zerolog.Ctx(ctx).With().Str("branch", w.Branch).Logger()
	for {
		wait, err := w.Step(ctx)
		if err != nil && ctx.Err() == nil {
			log.Error().Err(err).Msg("Sending from the outbox failed; trying again shortly.")
			wait = min(5*time.Second, w.idle())
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-w.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// Step sends what is due now, as far as the rate limits allow, and says how long to wait
// before the next step (a Wake cuts the wait short). Steps take turns: one called while
// Run's is under way waits for it, then sends what is due, so a caller that queued
// something before calling Step knows it went out (or waits for a retry) on return.
func (w *Worker) Step(ctx context.Context) (time.Duration, error) {
	w.init()
	w.step.Lock()
	defer w.step.Unlock()
	for {
		now := w.Now()
		if ok, until := w.Transport.Ready(); !ok {
			if until.After(now) {
				return until.Sub(now), nil
			}
			return w.idle(), nil
		}
		var due []store.OutMessage
		err := w.DB.View(ctx, func(tx *store.Tx) (err error) {
			due, err = tx.DueVia(ctx, w.Branch, w.Via, now, dueBatch)
			return err
		})
		if err != nil {
			return 0, err
		}
		if len(due) == 0 {
			return w.untilNextRetry(ctx, now, w.idle())
		}
		if wait, stop, err := w.sendAll(ctx, due, now); stop || err != nil {
			return wait, err
		}
	}
}

// sent is a message the transport took, under its ID for it.
type sent struct {
	m  store.OutMessage
	id string
}

// sendAll sends due (one message per member) in order while the limits allow, then marks
// what went out sent, in one commit: a transport that takes thousands a second (the
// bench's) is not held to one commit per message. stop says Step should return wait.
func (w *Worker) sendAll(ctx context.Context, due []store.OutMessage, now time.Time) (wait time.Duration, stop bool, err error) {
	var out []sent
	defer func() {
		if markErr := w.markSent(ctx, out); markErr != nil && err == nil {
			wait, stop, err = 0, true, markErr
		}
	}()
	for _, m := range due {
		if wait, ok := w.maySend(m, now); !ok {
			return wait, true, nil
		}
		if ctx.Err() != nil {
			return 0, true, nil // stopping: start nothing new
		}
		id, ok, err := w.deliver(ctx, m, now)
		if errors.Is(err, ErrNotReady) {
			// The connection dropped: nothing more is attempted and no attempt was used;
			// the transport's Wake (WhatsApp's Connected event) starts it again.
			return w.idle(), true, nil
		} else if err != nil {
			return 0, true, err
		}
		if ok {
			out = append(out, sent{m, id})
		}
	}
	return 0, false, nil
}

// markSent records that the transport took out, even while stopping: a message taken but
// not marked goes out again after the restart (under the same ID, but twice on the wire).
func (w *Worker) markSent(ctx context.Context, out []sent) error {
	if len(out) == 0 {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	// Grouped: the commit is shared with the members' steps under way too.
	err := w.DB.UpdateGrouped(ctx, func(tx *store.Tx) error {
		for _, s := range out {
			if err := tx.MarkSentAs(ctx, s.m.ID, s.id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, s := range out {
		if w.Sent != nil {
			w.Sent(s.m)
		}
	}
	return nil
}

// maySend takes m's place in the rate limits, or says how long to wait for one.
func (w *Worker) maySend(m store.OutMessage, now time.Time) (time.Duration, bool) {
	lim := w.interactive
	if m.Bulk {
		lim = w.bulk
		// Interactive replies come first in due: what is left is bulk, and waits out quiet hours.
		if w.Limits.QuietUntil != nil {
			if until := w.Limits.QuietUntil(now); until.After(now) {
				return until.Sub(now), false
			}
		}
	}
	// Interactive replies come first in due; one that must wait holds back what follows it.
	if r := lim.ReserveN(now, 1); !r.OK() {
		return w.idle(), false
	} else if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d, false
	}
	return 0, true
}

// deliver sends one message, even when ctx is cancelled meanwhile (a graceful stop) within
// Grace, and says whether the transport took it and under which ID; a refusal is recorded
// as a failed attempt.
func (w *Worker) deliver(ctx context.Context, m store.OutMessage, now time.Time) (id string, ok bool, err error) {
	grace := w.Grace
	if grace <= 0 {
		grace = 10 * time.Second
	}
	// Not cut off by ctx; only once ctx is done does the grace period start to run (a large
	// photo's upload may take longer than any grace).
	stopping := ctx
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	defer context.AfterFunc(stopping, func() { time.AfterFunc(grace, cancel) })()
	id, sendErr := w.Transport.Send(ctx, m)
	if sendErr == nil {
		return id, true, nil
	}
	if ready, _ := w.Transport.Ready(); !ready || errors.Is(sendErr, ErrNotReady) {
		return "", false, ErrNotReady
	}
	attempt := m.Attempts + 1
	final := attempt >= w.Limits.MaxAttempts
	retryAt := now.Add(w.backoff(attempt))
	err = w.DB.Update(ctx, func(tx *store.Tx) error {
		return tx.MarkAttemptFailed(ctx, m.ID, trim(sendErr.Error(), 500), retryAt, final)
	})
	if err != nil {
		return "", false, err
	}
	zerolog.Ctx(ctx).Warn().Err(sendErr).Str("branch", w.Branch).Str("transport", w.Via).Int64("outbox_id", m.ID).Int("attempt", attempt).
		Bool("final", final).Time("retry_at", retryAt).Msg("The transport did not accept a message.")
	if w.Failed != nil {
		w.Failed(m, sendErr, final)
	}
	return "", false, nil
}

// backoff is the wait before retry number attempt: doubling from RetryBase up to RetryMax,
// with jitter (half fixed, half random) so retries from many members do not line up.
func (w *Worker) backoff(attempt int) time.Duration {
	d := w.Limits.RetryBase
	for i := 1; i < attempt && d < w.Limits.RetryMax; i++ {
		d *= 2
	}
	d = min(d, w.Limits.RetryMax)
	return d/2 + time.Duration(w.Jitter()*float64(d/2))
}

func (w *Worker) untilNextRetry(ctx context.Context, now time.Time, idle time.Duration) (time.Duration, error) {
	var next time.Time
	err := w.DB.View(ctx, func(tx *store.Tx) (err error) {
		next, err = tx.NextRetryVia(ctx, w.Branch, w.Via, now)
		return err
	})
	if err != nil {
		return 0, err
	}
	if next.IsZero() {
		return idle, nil
	}
	// next_at is kept in whole seconds: wait to the second after it.
	if d := next.Add(time.Second).Sub(now); d > 0 && d < idle {
		return d, nil
	}
	return idle, nil
}

// trim shortens s to at most n bytes without splitting a character.
func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// dueBatch is how many due messages Step takes at a time: at most one per member, sent in
// order and marked sent in one commit. It bounds what one commit carries, not the pace (the
// rate limits set that). Measured with kopbot bench (200 members chatting at once): 20 held
// delivery to about 1,600 messages a second; 256 gave 2,300 but handling waited longer
// (p99 136 ms); 64 gives 2,100 with p99 70 ms.
const dueBatch = 64
