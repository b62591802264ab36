// Package flows holds the conversations members have with the bot: the Runner
// that applies one message in one transaction, the menu, the message catalog and
// one file per flow.
package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/intent"
	"github.com/kopbot/kopbot/store"
)

// Input is one message from a member, as the transport received it.
type Input struct {
	Branch    string
	From      string // 6281234567890
	MessageID string
	Text      string // the text, or an image's caption
	Image     string // path of a received photo, empty for text
	// At is when kopbot received the message, by its own clock (the transport's receipt, kept
	// in the inbox); zero means now. Every rule (PIN lockouts, daily limits, session expiry)
	// reads it, and the runner never lets it be later than its own Now.
	At time.Time
	// Claimed is when the message says it was sent (WhatsApp's timestamp, the simulator's
	// "at"): a sender sets it, so no rule reads it; far from At it is logged.
	Claimed time.Time
	// Transport carries the conversation: "" for WhatsApp, "chat" for the local simulator.
	// Replies go back the way the message came.
	Transport string
	// ReplyTo is the transport's address of the chat, when answers must go there rather
	// than to From's own chat (WhatsApp chats addressed by LID).
	ReplyTo string
	// Inboxed says the transport kept the message in the durable inbox until handled: the
	// step's transaction takes it out, so it is handled exactly once however a crash falls.
	Inboxed bool
	// Media is what else came with the message that the bot cannot read (a voice note, a
	// sticker...): MediaVoice and the like; a caption that came with it is the Text.
	Media string
	// PhotoLost says a photo came with the message but could not be kept (the media
	// directory not writable, the download failed): the member is told, and no step runs
	// on the caption alone, so nothing is half-recorded.
	PhotoLost bool
}

// What else members send, that the bot cannot read.
const (
	MediaVoice    = catalog.MediaVoice
	MediaSticker  = catalog.MediaSticker
	MediaVideo    = catalog.MediaVideo
	MediaDocument = catalog.MediaDocument
	MediaLocation = catalog.MediaLocation
	MediaContact  = catalog.MediaContact
)

// Runner runs one step of a conversation per message.
type Runner struct {
	DB             *store.DB
	Now            func() time.Time
	SessionTimeout time.Duration
	Language       string // the default language: id or en
	Cooperative    string // the cooperative's name, as members know it
	Location       *time.Location
	Rules          Rules
	// Admins are each branch's admin phone numbers: they get the admin menu and are told
	// of new applications.
	Admins map[string][]string
	// BranchQRIS are the branches' static QRIS payloads, for merchants without one of their own.
	BranchQRIS map[string]string
	// MediaDir is where kopbot writes images it sends (QRIS invoices' QR codes).
	MediaDir string
	// InvoiceValidity is how long a QRIS invoice may be paid; 0 means DefaultInvoiceValidity.
	InvoiceValidity time.Duration
	// Words is the vocabulary members are read with: intent.Default() and the
	// cooperative's additions from config; nil means intent.Default().
	Words *intent.Lexicon
	// PINKeys are the keys PINs are hashed under (the key file); PINs can be neither set
	// nor checked without them.
	PINKeys *PINKeys
	// Handover is when staff answer members who ask for a person; zero means DefaultHandoverRules.
	Handover HandoverRules

	trace func(event string) // tests: what the runner made of a message ("flow:transfer", "which:a,b", "thanks")
}

// traced tells a test what the runner made of the message, when one listens.
func (r *Runner) traced(event string) {
	if r.trace != nil {
		r.trace(event)
	}
}

func (r *Runner) words() *intent.Lexicon {
	if r.Words != nil {
		return r.Words
	}
	return intent.Default()
}

// Rules are the cooperative's rules for PINs and loans, from config.
type Rules struct {
	PINAttempts      int           // wrong PINs in a row before the member is locked out
	PINLock          time.Duration // how long a lockout lasts
	LoanMinSavings   int64         // savings must be at least this percent of a loan's amount
	RetirementAge    int           // a loan must end before the member reaches this age
	DefaultCeiling   int64         // plafon angsuran for members without one of their own
	LateFeeBP        int64         // late fee a day on an overdue installment, basis points (10 = 0.1%)
	TransferMax      int64         // the most one transfer may move
	TransferDailyMax int64         // the most a member may transfer in a day
	WithdrawMin      int64         // the smallest withdrawal to a bank account (Penarikan)
	Books            coop.Books    // interest tax and loan grades (books: in config)
	// BankAccounts are each branch's bank accounts, by branch ID, that members are told to
	// transfer to (Buka Tabungan, Setoran); a branch without any says to ask the office.
	BankAccounts map[string][]store.BankAccount

	KTPVerifier      string        // coop.KTPByStaff or coop.KTPByHTTP
	KTPSelfie        bool          // Verifikasi KTP asks for a selfie holding the KTP too
	KTPRequiredFor   []string      // services that need a verified KTP (see KTPGates)
	KTPTransferAbove int64         // transferring more than this in a day needs a verified KTP; 0: none does
	KTPAttempts      int           // calls to the aggregator before staff review it instead; 4 when 0
	KTPBackoff       time.Duration // wait after the first failed call, doubling after each; 30s when 0
	FourEyes         coop.FourEyes // which operations wait for a second staff member (four_eyes: in config)
}

// isAdmin reports whether phone opens branch's admin menu: a number in the branch's
// admins config, or an active manager's or admin's staff account's phone (the one place
// that decides it; coop.OpensAdminMenu says whose).
func (r *Runner) isAdmin(ctx context.Context, tx *store.Tx, branch, phone string) (bool, error) {
	return coop.IsBranchAdmin(ctx, tx, r.Admins[branch], branch, phone)
}

// admins are the numbers told of new work at branch: configured, then staff accounts' phones.
func (r *Runner) admins(ctx context.Context, tx *store.Tx, branch string) ([]string, error) {
	return coop.BranchAdmins(ctx, tx, r.Admins[branch], branch)
}

// call is everything one step of one conversation needs; it becomes a Convo in a flow.
type call struct {
	tx      *store.Tx
	in      Input
	at      time.Time
	session store.Session
	msg     catalog.Messages
	runner  *Runner
	replies []store.OutMessage

	said intent.Message // the message as the vocabulary reads it

	member       store.Member
	memberLoaded bool
	memberErr    error
	menuCache    []service
	menuLoaded   bool

	atPIN bool // the message answers a PIN prompt: it is never kept nor shown to anyone

	admin bool // the sender opens the branch's admin menu (Runner.isAdmin)
}

// Handle applies one message: it records its ID, runs one step of the active
// flow, saves the session and queues the replies, all in one transaction.
// A message ID seen before changes nothing.
// ErrApologySent is in the error of a message whose handling failed when the member was
// sent an apology for it; an error without it left the member unanswered.
var ErrApologySent = errors.New("the member was sent an apology")

// HandledLaterText is what a member is told, in lang, when the database could not take
// their message: it is kept and will be answered. The bot sends it directly on WhatsApp
// when not even the outbox can take it (the outbox is in the database).
func HandledLaterText(lang string) string { return catalog.For(lang).HandledLater() }

func (r *Runner) Handle(ctx context.Context, in Input) error {
	in.Text = strings.TrimSpace(in.Text)
	log := zerolog.Ctx(ctx).With().Str("branch", in.Branch).Str("message_id", in.MessageID).Logger()
	in.At = r.received(&log, in)
	ctx = coop.WithCause(ctx, in.MessageID)
	ctx = withPINKeys(ctx, r.PINKeys)
	said := r.words().Read(in.Text)
	ctx = r.prepareSecrets(ctx, in, said)
	var stepErr error
	// Grouped: members' messages arriving together share one durable commit.
	err := r.DB.UpdateGrouped(ctx, func(tx *store.Tx) error {
		fresh, err := tx.MarkProcessed(ctx, in.Branch, in.MessageID, in.From, in.At)
		if err != nil {
			return err
		}
		if in.Inboxed {
			if err := tx.ClearInbox(ctx, in.Branch, in.From, in.MessageID); err != nil {
				return err
			}
		}
		if !fresh {
			log.Debug().Msg("Dropped a message seen before.")
			return nil
		}
		s, err := tx.Session(ctx, in.Branch, in.From)
		if err != nil {
			return err
		}
		s.Transport, s.Address = in.Transport, in.ReplyTo
		c := &call{tx: tx, in: in, at: in.At, session: s, runner: r, said: said}
		if c.admin, err = r.isAdmin(ctx, tx, in.Branch, in.From); err != nil {
			return err
		}
		c.msg = catalog.For(r.lang(s.Lang))
		c.noteIncoming()  // handover.go: the chat's last texts, masked, for staff
		if in.PhotoLost { // the conversation stays where it was: the member sends the photo again
			c.reply(c.msg.PhotoNotKept())
			return c.commit(ctx)
		}
		if stepErr = r.step(ctx, c); stepErr != nil {
			return stepErr
		}
		// Reminders may write to them now; after the step, so an applicant it created has written too.
		if err := tx.MarkChatted(ctx, in.Branch, in.From, in.At); err != nil {
			return err
		}
		return c.commit(ctx)
	})
	if err == nil {
		return nil
	}
	if stepErr == nil && !store.Unavailable(err) {
		return fmt.Errorf("handle message %s: %w", in.MessageID, err)
	}
	if stepErr == nil { // locked by another process, or the disk full: the member is told to try again
		stepErr = err
	}
	// The step broke: nothing of it was kept. Record the message and apologise, so the
	// member is not left hanging and a redelivery does not hit the same fault again.
	sent := false
	apology := r.DB.UpdateGrouped(ctx, func(tx *store.Tx) error {
		sent = false
		fresh, err := tx.MarkProcessed(ctx, in.Branch, in.MessageID, in.From, in.At)
		if err == nil && in.Inboxed {
			err = tx.ClearInbox(ctx, in.Branch, in.From, in.MessageID)
		}
		if err != nil || !fresh {
			return err
		}
		s, err := tx.Session(ctx, in.Branch, in.From)
		if err != nil {
			return err
		}
		_, err = tx.Enqueue(ctx, store.OutMessage{Branch: in.Branch, To: in.From, Transport: in.Transport, Address: in.ReplyTo, InMessageID: in.MessageID,
			Text: catalog.For(r.lang(s.Lang)).InternalError()})
		sent = err == nil
		return err
	})
	if apology == nil && sent {
		return errors.Join(fmt.Errorf("handle message %s: %w", in.MessageID, stepErr), ErrApologySent)
	}
	return errors.Join(fmt.Errorf("handle message %s: %w", in.MessageID, stepErr), apology)
}

// How far a message's claimed time may be from its receipt before it is logged: a phone's
// clock a little off is common; a backlog after downtime is hours old, not days.
const (
	claimedAhead  = 5 * time.Minute
	claimedBehind = 24 * time.Hour
)

// received is the time the rules read for in: when kopbot received it, never later than the
// runner's own clock (a future time would lift a PIN lockout or open tomorrow's transfer
// limit early), and never the time the message claims. A claim far from it is logged.
func (r *Runner) received(log *zerolog.Logger, in Input) time.Time {
	now := r.Now()
	at := in.At
	if at.IsZero() || at.After(now) {
		at = now
	}
	if c := in.Claimed; !c.IsZero() && (c.Sub(at) > claimedAhead || at.Sub(c) > claimedBehind) {
		log.Warn().Time("claimed_at", c).Time("received_at", at).Str("transport", in.Transport).
			Msg("A message claims a time far from when it was received; the received time is used.")
	}
	return at
}

func (r *Runner) lang(chosen string) string {
	if chosen != "" {
		return chosen
	}
	if r.Language != "" {
		return r.Language
	}
	return "id"
}

// reply queues text to the sender.
func (c *call) reply(text string) {
	c.replies = append(c.replies, store.OutMessage{Branch: c.in.Branch, To: c.in.From, Transport: c.session.Transport, Address: c.session.Address, Text: text, InMessageID: c.in.MessageID})
}

// replyImage queues a photo with its caption to the sender.
func (c *call) replyImage(path, caption string) {
	c.replies = append(c.replies, store.OutMessage{Branch: c.in.Branch, To: c.in.From, Transport: c.session.Transport, Address: c.session.Address,
		Text: caption, ImagePath: path, InMessageID: c.in.MessageID})
}

// replyDocument queues a document (a statement's PDF) with its caption to the sender.
func (c *call) replyDocument(path, caption string) {
	c.replies = append(c.replies, store.OutMessage{Branch: c.in.Branch, To: c.in.From, Transport: c.session.Transport, Address: c.session.Address,
		Text: caption, DocumentPath: path, InMessageID: c.in.MessageID})
}

// commit saves the session and queues the replies in the step's transaction.
func (c *call) commit(ctx context.Context) error {
	if err := c.tx.SaveSession(ctx, c.session, c.at); err != nil {
		return err
	}
	for _, m := range c.replies {
		if _, err := c.tx.Enqueue(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// loadMember finds the sender's membership record once per step.
func (c *call) loadMember(ctx context.Context) (store.Member, bool, error) {
	if !c.memberLoaded {
		c.member, c.memberErr = c.tx.MemberByPhone(ctx, c.in.From)
		c.memberLoaded = true
	}
	if errors.Is(c.memberErr, store.ErrNotFound) {
		return store.Member{}, false, nil
	}
	return c.member, c.memberErr == nil, c.memberErr
}

// ExpireSessions ends conversations left quiet longer than the session timeout and
// tells each member so. It returns how many it ended.
func (r *Runner) ExpireSessions(ctx context.Context) (int, error) {
	now := r.Now()
	n := 0
	err := r.DB.Update(ctx, func(tx *store.Tx) error {
		stale, err := tx.StaleSessions(ctx, now.Add(-r.SessionTimeout), 500)
		if err != nil {
			return err
		}
		for _, s := range stale {
			s.Flow, s.Step, s.Data = "", "", "{}"
			if err := tx.SaveSession(ctx, s, now); err != nil {
				return err
			}
			text := catalog.For(r.lang(s.Lang)).SessionExpired(minutes(r.SessionTimeout))
			if _, err := tx.Enqueue(ctx, store.OutMessage{Branch: s.Branch, To: s.Phone, Transport: s.Transport, Address: s.Address, Text: text}); err != nil {
				return err
			}
		}
		n = len(stale)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("expire sessions: %w", err)
	}
	return n, nil
}

func minutes(d time.Duration) int { return int(d.Round(time.Minute) / time.Minute) }

func (r *Runner) location() *time.Location {
	if r.Location != nil {
		return r.Location
	}
	return time.Local
}
