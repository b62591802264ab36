package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"go.mau.fi/whatsmeow/types"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
)

// When the database takes no writes (the disk full, an I/O error, another process holding the
// lock past the busy timeout), the runner cannot queue even its apology: the outbox is in the
// database. The message is still in the inbox (it was kept before WhatsApp was told it
// arrived), so the member is told directly on WhatsApp, bypassing the outbox, that it is kept
// and will be answered, and it is handed to the member's worker again on a backoff (sooner
// when another message goes through) until the database takes it; the runner's dedupe by
// message ID makes it count once.
//
// A message the disk was too full to put even in the inbox is held the same way, not
// acknowledged to WhatsApp (which delivers it again should kopbot stop), and kept first when
// handled again.
//
// Replayed, not dropped: the inbox is durable, so after a restart the message would be handled
// anyway; telling the member "nothing changed, try again" and then moving the money would be
// the one thing a member cannot make sense of (and a member who tried again would pay twice).

// errToldDirectly is in the error of a message the database could not take: the member was
// told directly, and the message is held to be handled again.
var errToldDirectly = errors.New("the database takes no writes; the member was told directly and the message is handled again when it does")

// Waits between tries of held messages while the database takes no writes.
const (
	heldRetryMin = time.Second
	heldRetryMax = time.Minute
)

// held are a branch's messages the database could not take, waiting to be handled again.
type held struct {
	mu       sync.Mutex
	jobs     []job          // to submit again, in the order they came
	pending  map[string]int // member -> their messages held or submitted again and not yet through
	told     map[string]bool
	retrying bool
	wait     backoff
	wake     chan struct{}
	running  context.Context // Bot.Run's: held messages are not tried again once it ends
}

// holdBehind holds j when its member has an earlier message waiting for the database, so a
// member's messages are still handled in order.
func (br *Branch) holdBehind(ctx context.Context, j job) bool {
	h := &br.held
	h.mu.Lock()
	defer h.mu.Unlock()
	if j.retry || h.pending[j.in.From] == 0 {
		return false
	}
	br.holdLocked(ctx, j)
	select { // a new message is a good moment to try the database again
	case h.wake <- struct{}{}:
	default:
	}
	return true
}

// holdLocked adds j to the held messages and makes sure they are tried again; h.mu is held.
func (br *Branch) holdLocked(ctx context.Context, j job) {
	h := &br.held
	if !j.retry {
		j.retry = true
		if h.pending == nil {
			h.pending = map[string]int{}
		}
		h.pending[j.in.From]++
	}
	h.jobs = append(h.jobs, j)
	if !h.retrying {
		h.retrying = true
		rctx := context.WithoutCancel(ctx)
		if h.running != nil {
			rctx = h.running
		}
		go br.retryHeld(rctx)
	}
}

// handled notes that j went through; a message through says the database takes writes again.
func (br *Branch) handled(j job) {
	h := &br.held
	h.mu.Lock()
	defer h.mu.Unlock()
	if j.retry {
		if h.pending[j.in.From]--; h.pending[j.in.From] <= 0 {
			delete(h.pending, j.in.From)
		}
		delete(h.told, j.in.From+"/"+j.in.MessageID)
	}
	if len(h.jobs) > 0 {
		select {
		case h.wake <- struct{}{}:
		default:
		}
	}
}

// unavailable deals with j's handling having failed with err: when the database took no
// write (not even the runner's apology), j (as it came, its photo still to download) is held
// to be handled again and its member told directly, once.
func (br *Branch) unavailable(ctx context.Context, j job, err error) error {
	if !store.Unavailable(err) || errors.Is(err, flows.ErrApologySent) || !j.in.Inboxed {
		br.handled(j) // a held message that failed another way is the runner's to answer: no longer held
		return err
	}
	return errors.Join(err, br.hold(ctx, j))
}

// notKept holds j, which the database could not take even into the inbox: WhatsApp is not
// told it arrived (so it is delivered again should kopbot stop), and it is kept and handled
// once the database takes writes; its member is told directly, as for a message kept.
func (br *Branch) notKept(ctx context.Context, j job) error {
	j.unkept = true
	return br.hold(ctx, j)
}

// hold holds j to be handled again and tells its member directly, once; the error says
// whether they were told.
func (br *Branch) hold(ctx context.Context, j job) error {
	h := &br.held
	h.mu.Lock()
	key := j.in.From + "/" + j.in.MessageID
	tell := !h.told[key]
	if !slices.ContainsFunc(h.jobs, func(o job) bool { return o.in.From == j.in.From && o.in.MessageID == j.in.MessageID }) {
		br.holdLocked(ctx, j) // WhatsApp may deliver a message not kept again meanwhile
	}
	h.mu.Unlock()
	if tell {
		if err := br.tellDirectly(ctx, j); err != nil {
			return fmt.Errorf("tell the member directly: %w", err)
		}
		h.mu.Lock()
		if h.told == nil {
			h.told = map[string]bool{}
		}
		h.told[key] = true
		h.mu.Unlock()
	}
	return errToldDirectly
}

// retryHeld hands the held messages to their members' workers again, waiting longer each time
// they are still not taken, until none is held.
func (br *Branch) retryHeld(ctx context.Context) {
	h := &br.held
	log := zerolog.Ctx(ctx).With().Str("branch", br.ID).Logger()
	for {
		t := time.NewTimer(h.wait.next())
		select {
		case <-ctx.Done():
			t.Stop()
		case <-t.C:
		case <-h.wake:
			t.Stop()
		}
		h.mu.Lock()
		jobs := h.jobs
		h.jobs = nil
		if len(jobs) == 0 || ctx.Err() != nil { // none left, or kopbot stops: the inbox has them for the next start
			h.retrying = false
			h.wait.reset()
			h.mu.Unlock()
			return
		}
		log.Info().Int("messages", len(jobs)).Msg("Handling again messages the database could not take.")
		for _, j := range jobs { // under the lock: a member's newer message cannot pass them
			br.bot.dispatch.Submit(ctx, j)
		}
		h.mu.Unlock()
	}
}

// tellDirectly sends j's member the catalog's HandledLater on WhatsApp, not through the
// outbox (the database takes no writes), in the member's language when it can be read.
func (br *Branch) tellDirectly(ctx context.Context, j job) error {
	lang := "id"
	_ = br.bot.DB.View(ctx, func(tx *store.Tx) error {
		if s, err := tx.Session(ctx, j.in.Branch, j.in.From); err == nil && s.Lang != "" {
			lang = s.Lang
		}
		return nil
	})
	m := store.OutMessage{Branch: br.ID, To: j.in.From, Address: j.in.ReplyTo, InMessageID: j.in.MessageID,
		Text: flows.HandledLaterText(lang)}
	return br.sendAs(ctx, m, directMessageID(br.ID, j.in.From, j.in.MessageID))
}

// directMessageID is the WhatsApp ID of what is sent directly in answer to a member's message:
// the same each time, so a second try is the same message on the member's phone.
func directMessageID(branch, from, inID string) types.MessageID {
	sum := sha256.Sum256([]byte("kopbot/direct/" + branch + "/" + from + "/" + inID))
	return types.MessageID(outboxIDPrefix + strings.ToUpper(hex.EncodeToString(sum[:9])))
}
