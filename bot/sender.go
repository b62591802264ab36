package bot

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
	"unicode/utf8"

	"github.com/rs/zerolog"
	"golang.org/x/time/rate"

	"github.com/kopbot/kopbot/store"
)

// ErrNotReady means the branch cannot send now (disconnected, or WhatsApp banned it for a while).
var ErrNotReady = errors.New("branch cannot send now")

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

// Sender delivers one branch's outbox: persistent, at least once, interactive replies
// before bulk, each member's messages in order, within the branch's rate limits.
type Sender struct {
	DB     *store.DB
	Branch string
	// Send hands one message to WhatsApp.
	Send func(ctx context.Context, m store.OutMessage) error
	// Ready says whether the branch can send now; if not, until when it certainly cannot (zero: unknown).
	Ready  func() (bool, time.Time)
	Now    func() time.Time
	Limits SendLimits
	// Jitter returns a number in [0, 1) to spread retries; math/rand by default.
	Jitter func() float64
	// Sent and Failed are told about each outcome, for metrics.
	Sent   func(m store.OutMessage)
	Failed func(m store.OutMessage, err error, final bool)
	// Grace bounds a send in flight when Run is stopped: it is finished, not cut off (10 s by default).
	Grace time.Duration

	interactive, bulk *rate.Limiter
	wake              chan struct{}
}

func (s *Sender) init() {
	if s.interactive != nil {
		return
	}
	perMinute := func(n int) *rate.Limiter {
		if n <= 0 {
			n = 1
		}
		return rate.NewLimiter(rate.Limit(float64(n)/60), max(1, n/10))
	}
	s.interactive = perMinute(s.Limits.InteractivePerMinute)
	s.bulk = perMinute(s.Limits.BulkPerMinute)
	s.wake = make(chan struct{}, 1)
	if s.Jitter == nil {
		s.Jitter = rand.Float64
	}
}

// Wake tells the sender new messages are queued or the branch became ready.
func (s *Sender) Wake() {
	s.init()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx is done.
func (s *Sender) Run(ctx context.Context) {
	s.init()
	log := zerolog.Ctx(ctx).With().Str("branch", s.Branch).Logger()
	for {
		wait, err := s.Step(ctx)
		if err != nil && ctx.Err() == nil {
			log.Error().Err(err).Msg("Sending from the outbox failed; trying again shortly.")
			wait = 5 * time.Second
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// Step sends what is due now, as far as the rate limits allow, and says how long to wait
// before the next step (a Wake cuts the wait short).
func (s *Sender) Step(ctx context.Context) (time.Duration, error) {
	s.init()
	const idle = time.Minute
	for {
		now := s.Now()
		if ok, until := s.Ready(); !ok {
			if until.After(now) {
				return until.Sub(now), nil
			}
			return idle, nil
		}
		var due []store.OutMessage
		err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
			due, err = tx.Due(ctx, s.Branch, now, 20)
			return err
		})
		if err != nil {
			return 0, err
		}
		if len(due) == 0 {
			return s.untilNextRetry(ctx, now, idle)
		}
		for _, m := range due {
			lim := s.interactive
			if m.Bulk {
				lim = s.bulk
				// Interactive replies come first in due: what is left is bulk, and waits out quiet hours.
				if s.Limits.QuietUntil != nil {
					if until := s.Limits.QuietUntil(now); until.After(now) {
						return until.Sub(now), nil
					}
				}
			}
			// Interactive replies come first in due; one that must wait holds back what follows it.
			if r := lim.ReserveN(now, 1); !r.OK() {
				return idle, nil
			} else if d := r.DelayFrom(now); d > 0 {
				r.CancelAt(now)
				return d, nil
			}
			if ctx.Err() != nil {
				return 0, nil // stopping: start nothing new
			}
			if err := s.deliver(ctx, m, now); err != nil {
				if errors.Is(err, ErrNotReady) {
					// The connection dropped: nothing more is attempted and no attempt was used;
					// the Connected event wakes the sender.
					return idle, nil
				}
				return 0, err
			}
		}
	}
}

// deliver sends one message and records the outcome, both even when ctx is cancelled
// meanwhile (a graceful stop) within Grace: cut off, a message goes out again after the
// restart (under the same ID, but twice on the wire).
func (s *Sender) deliver(ctx context.Context, m store.OutMessage, now time.Time) error {
	grace := s.Grace
	if grace <= 0 {
		grace = 10 * time.Second
	}
	// Not cut off by ctx; only once ctx is done does the grace period start to run (a large
	// photo's upload may take longer than any grace).
	stopping := ctx
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	defer context.AfterFunc(stopping, func() { time.AfterFunc(grace, cancel) })()
	sendErr := s.Send(ctx, m)
	if sendErr == nil {
		if err := s.DB.Update(ctx, func(tx *store.Tx) error { return tx.MarkSentAs(ctx, m.ID, string(outboxMessageID(m))) }); err != nil {
			return err
		}
		if s.Sent != nil {
			s.Sent(m)
		}
		return nil
	}
	if ok, _ := s.Ready(); !ok || errors.Is(sendErr, ErrNotReady) {
		return ErrNotReady
	}
	attempt := m.Attempts + 1
	final := attempt >= s.Limits.MaxAttempts
	retryAt := now.Add(s.backoff(attempt))
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		return tx.MarkAttemptFailed(ctx, m.ID, trim(sendErr.Error(), 500), retryAt, final)
	})
	if err != nil {
		return err
	}
	zerolog.Ctx(ctx).Warn().Err(sendErr).Str("branch", s.Branch).Int64("outbox_id", m.ID).Int("attempt", attempt).
		Bool("final", final).Time("retry_at", retryAt).Msg("WhatsApp did not accept a message.")
	if s.Failed != nil {
		s.Failed(m, sendErr, final)
	}
	return nil
}

// backoff is the wait before retry number attempt: doubling from RetryBase up to RetryMax,
// with jitter (half fixed, half random) so retries from many members do not line up.
func (s *Sender) backoff(attempt int) time.Duration {
	d := s.Limits.RetryBase
	for i := 1; i < attempt && d < s.Limits.RetryMax; i++ {
		d *= 2
	}
	d = min(d, s.Limits.RetryMax)
	return d/2 + time.Duration(s.Jitter()*float64(d/2))
}

func (s *Sender) untilNextRetry(ctx context.Context, now time.Time, idle time.Duration) (time.Duration, error) {
	var next time.Time
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		next, err = tx.NextRetry(ctx, s.Branch, now)
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
