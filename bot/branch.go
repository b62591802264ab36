package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/outbox"
	"github.com/kopbot/kopbot/store"
)

// Branch states, as the admin page and /metrics show them.
const (
	StateUnpaired     = "unpaired"     // no device: scan the QR
	StateConnecting   = "connecting"   // connecting to WhatsApp
	StateConnected    = "connected"    // receiving and sending
	StateDisconnected = "disconnected" // lost the connection or cannot reach WhatsApp; retrying
	StateLoggedOut    = "logged_out"   // the phone removed this device: pair again
	StateBanned       = "banned"       // WhatsApp blocks this number for a while: sending paused
	StateReplaced     = "replaced"     // another process took the session: this branch stopped
	StateOutdated     = "outdated"     // WhatsApp refuses this version: update kopbot
)

// States lists every state, for metrics.
var States = []string{StateUnpaired, StateConnecting, StateConnected, StateDisconnected, StateLoggedOut, StateBanned, StateReplaced, StateOutdated}

// Problem is why a branch is not working, for the pages to say in plain words; the state's
// Detail keeps the technical error for whoever fixes it.
type Problem string

const (
	ProblemNone          Problem = ""
	ProblemUnreachable   Problem = "unreachable"    // this server cannot reach WhatsApp: no internet, DNS, a firewall
	ProblemPairingClosed Problem = "pairing_closed" // WhatsApp ended a pairing connection early
	ProblemQRPaused      Problem = "qr_paused"      // nobody scanned the last codes: paused until someone wants them
	ProblemPhoneInUse    Problem = "phone_in_use"   // the scanned number is paired to another branch
)

// State is where a branch's WhatsApp connection stands.
type State struct {
	Name        string
	Problem     Problem // why, when something is wrong
	Detail      string  // the technical detail, in English
	Since       time.Time
	BannedUntil time.Time
	Phone       string // the paired number
	QR          string // the pairing code to show, while unpaired
	QRPaused    bool   // unpaired, and no codes are asked for until someone wants them (WantQR)
}

// Branch is one branch's WhatsApp number.
type Branch struct {
	ID, Name string

	bot    *Bot
	sender *outbox.Worker // sends the branch's outbox on WhatsApp

	mu       sync.Mutex
	state    State
	client   Client
	device   *wastore.Device
	pnForLID func(ctx context.Context, lid types.JID) (types.JID, error)
	lidForPN func(ctx context.Context, pn types.JID) (types.JID, error)
	lids     map[string]lidLookup     // phone -> the member's LID, as learnt for bulk messages
	expiry   map[string]time.Duration // phone -> their chat's disappearing-messages timer, as read or stored
	seen     recentIDs
	terminal chan terminalEvent // LoggedOut, StreamReplaced, TemporaryBan, ClientOutdated
	wantQR   chan struct{}      // someone wants QR codes shown (paused after unscanned rounds)

	replayOnce sync.Once // the inbox left by an earlier process is worked at the first connection
	held       held      // messages the database could not take (unavailable.go)
}

// State returns the branch's current state.
func (br *Branch) State() State {
	br.mu.Lock()
	defer br.mu.Unlock()
	return br.state
}

func (br *Branch) setState(name, detail string) { br.setTrouble(name, ProblemNone, detail) }

// setTrouble sets a state that has a known cause.
func (br *Branch) setTrouble(name string, why Problem, detail string) {
	br.mu.Lock()
	changed := br.state.Name != name
	br.state.Name, br.state.Problem, br.state.Detail = name, why, detail
	if changed {
		br.state.Since = br.bot.now()
	}
	if name != StateUnpaired && name != StateLoggedOut {
		br.state.QR = ""
	}
	br.mu.Unlock()
	if m := br.bot.Metrics; m != nil {
		for _, s := range States {
			v := 0.0
			if s == name {
				v = 1
			}
			m.BranchState.WithLabelValues(br.ID, s).Set(v)
		}
	}
}

func (br *Branch) setQR(code string) {
	br.mu.Lock()
	br.state.QR = code
	br.mu.Unlock()
}

func (br *Branch) currentClient() Client {
	br.mu.Lock()
	defer br.mu.Unlock()
	return br.client
}

func (br *Branch) setClient(c Client, dev *wastore.Device) {
	br.mu.Lock()
	defer br.mu.Unlock()
	br.client, br.device = c, dev
	if dev != nil && dev.LIDs != nil {
		br.pnForLID, br.lidForPN = dev.LIDs.GetPNForLID, dev.LIDs.GetLIDForPN
	}
	if dev != nil && dev.ID != nil {
		br.state.Phone = dev.ID.User
	}
}

// Wake tells the branch's sender that messages were queued outside a member's message (reminders, expiries).
func (br *Branch) Wake() { br.sender.Wake() }

// ready says whether the branch can send now, or until when it certainly cannot.
func (br *Branch) ready() (bool, time.Time) {
	br.mu.Lock()
	defer br.mu.Unlock()
	if br.state.Name == StateBanned {
		return false, br.state.BannedUntil
	}
	return br.state.Name == StateConnected && br.client != nil && br.client.IsConnected(), time.Time{}
}

// run keeps the branch connected until ctx is done: pairing when it has no device,
// reconnecting with backoff when WhatsApp cannot be reached, pausing while banned, and
// trying again hourly with the newest version number while WhatsApp calls it outdated.
func (br *Branch) run(ctx context.Context) {
	log := zerolog.Ctx(ctx).With().Str("branch", br.ID).Logger()
	ctx = log.WithContext(ctx)
	retry := backoff{min: 2 * time.Second, max: 5 * time.Minute}
	if br.bot.reconnectMin > 0 {
		retry.min = br.bot.reconnectMin
	}
	unscanned := 0 // rounds of QR codes nobody scanned in a row
	for ctx.Err() == nil {
		cli, paired, err := br.connect(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case errors.Is(err, ErrOutdated):
			br.outdated(ctx)
			continue
		case errors.Is(err, ErrQRTimeout):
			retry.reset()
			if unscanned++; unscanned >= br.bot.maxQRRounds() {
				unscanned = 0
				br.pauseQR(ctx)
			}
			continue
		case err != nil:
			wait := retry.next()
			var inUse *PhoneInUseError
			switch {
			case errors.As(err, &inUse):
				br.setTrouble(StateUnpaired, ProblemPhoneInUse, fmt.Sprintf("Not paired: %v.", err))
				log.Error().Err(err).Msg("Refused to pair a number another branch uses.")
				br.pauseQR(ctx)
				continue
			case paired:
				br.setTrouble(StateDisconnected, problemOf(err), fmt.Sprintf("%v. Trying again in %s.", err, wait.Round(time.Second)))
			case errors.Is(err, ErrPairingClosed):
				br.setTrouble(StateUnpaired, ProblemPairingClosed, fmt.Sprintf("Not paired: WhatsApp closed the pairing connection early. Trying again in %s.", wait.Round(time.Second)))
			default:
				br.setTrouble(StateUnpaired, problemOf(err), fmt.Sprintf("Not paired, and no QR code can be had: %v. Trying again in %s.", err, wait.Round(time.Second)))
			}
			log.Warn().Err(err).Str("retry_in", wait.Round(time.Second).String()).Msg("Cannot reach WhatsApp; trying again.")
			sleep(ctx, wait)
			continue
		}
		retry.reset()
		unscanned = 0
		switch br.watch(ctx, cli) {
		case endStop:
			<-ctx.Done()
			return
		case endOutdated:
			br.outdated(ctx)
		}
	}
}

// problemOf names the cause of a failed connection, when it is one the pages explain.
func problemOf(err error) Problem {
	if errors.Is(err, ErrUnreachable) {
		return ProblemUnreachable
	}
	return ProblemNone
}

// maxQRRounds is how many rounds of QR codes go unscanned before the branch stops asking
// WhatsApp for more (an unattended server should not hold a pairing connection open forever).
func (b *Bot) maxQRRounds() int {
	if b.qrRounds > 0 {
		return b.qrRounds
	}
	return 3
}

// WantQR says someone wants to pair the branch (its page was opened): QR codes paused after
// rounds nobody scanned are offered again.
func (br *Branch) WantQR() {
	select {
	case br.wantQR <- struct{}{}:
	default:
	}
}

// pauseQR waits, showing no code, until someone wants to pair the branch.
func (br *Branch) pauseQR(ctx context.Context) {
	select {
	case <-br.wantQR: // asked before the pause: go on at once
		return
	default:
	}
	br.setQR("")
	if st := br.State(); st.Problem != ProblemPhoneInUse {
		br.setTrouble(StateUnpaired, ProblemQRPaused, "Not paired. Nobody scanned the last QR codes, so kopbot stopped asking WhatsApp for more: reload this page (or run kopbot pair "+br.ID+") for fresh codes.")
	}
	br.setPaused(true)
	defer br.setPaused(false)
	zerolog.Ctx(ctx).Info().Msg("QR codes paused until the branch page is opened or kopbot pair is run.")
	select {
	case <-ctx.Done():
	case <-br.wantQR:
	}
}

func (br *Branch) setPaused(p bool) {
	br.mu.Lock()
	defer br.mu.Unlock()
	br.state.QRPaused = p
}

// outdated is WhatsApp refusing this client's version (405): the branch says so, fetches
// the newest version number WhatsApp's web client announces, and tries again after a long
// wait; only upgrading kopbot's whatsmeow cures it for good.
func (br *Branch) outdated(ctx context.Context) {
	log := zerolog.Ctx(ctx)
	v := wastore.GetWAVersion()
	wait := br.bot.outdatedWait()
	detail := fmt.Sprintf("WhatsApp refuses this kopbot as outdated (its WhatsApp library, whatsmeow %s, speaks WhatsApp Web %s). kopbot tries again every %s with the newest version number it can fetch; upgrade kopbot (README: Upgrading whatsmeow).",
		WhatsmeowVersion(), v, wait.Round(time.Minute))
	br.setState(StateOutdated, detail)
	if br.bot.OnOutdated != nil {
		br.bot.OnOutdated(ctx, br.ID, detail)
	}
	log.Error().Str("whatsmeow", WhatsmeowVersion()).Str("wa_version", v.String()).Msg("WhatsApp refuses this kopbot's client version as outdated (405); upgrade whatsmeow. Trying a newer version number meanwhile.")
	latest := br.bot.LatestVersion
	if latest == nil {
		latest = func(ctx context.Context) (*wastore.WAVersionContainer, error) {
			return whatsmeow.GetLatestVersion(ctx, nil)
		}
	}
	fctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	nv, err := latest(fctx)
	cancel()
	switch {
	case err != nil:
		log.Warn().Err(err).Msg("Could not fetch WhatsApp Web's current version number.")
	case nv.LessThan(v) || *nv == v:
		log.Warn().Str("latest", nv.String()).Msg("WhatsApp Web announces no newer version than kopbot's; only an upgrade will help.")
	default:
		setWAVersion(*nv)
		log.Info().Str("wa_version", nv.String()).Msg("Set the newest WhatsApp Web version number; trying it after the wait.")
	}
	sleep(ctx, wait)
}

var versionMu sync.Mutex

// setWAVersion makes whatsmeow announce version v. store.SetWAVersion alone changes only
// the registration's build hash: the login payload's AppVersion, which WhatsApp checks,
// was fixed when whatsmeow was loaded (found against the fake server), so it is set too.
func setWAVersion(v wastore.WAVersionContainer) {
	versionMu.Lock()
	defer versionMu.Unlock()
	wastore.SetWAVersion(v)
	wastore.BaseClientPayload.UserAgent.AppVersion = v.ProtoAppVersion()
}

func (b *Bot) outdatedWait() time.Duration {
	if b.OutdatedRetry > 0 {
		return b.OutdatedRetry
	}
	return time.Hour
}

// WAVersion is the WhatsApp Web version whatsmeow announces.
func WAVersion() string { return wastore.GetWAVersion().String() }

// WhatsmeowVersion is the version of the WhatsApp library this kopbot was built with.
func WhatsmeowVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == "go.mau.fi/whatsmeow" {
				if d.Replace != nil {
					return d.Replace.Version
				}
				return d.Version
			}
		}
	}
	return "unknown"
}

// connect connects the branch's paired device, or pairs one first; paired says which.
// It returns ErrOutdated when the branch must not go on.
func (br *Branch) connect(ctx context.Context) (cli Client, paired bool, err error) {
	dev, err := br.pairedDevice(ctx)
	if err != nil {
		return nil, true, err
	}
	if dev == nil {
		ui := PairUI{QR: func(code string, _ time.Duration) {
			if br.State().Name != StateLoggedOut {
				br.setState(StateUnpaired, "Not paired yet: scan the QR code on the branch page, or pair by phone number.")
			}
			br.setQR(code)
		}}
		cli, _, err := br.pair(ctx, "", ui)
		return cli, false, err
	}
	cli = br.newClient(dev, *zerolog.Ctx(ctx))
	cli.AddEventHandlerWithSuccessStatus(br.eventsOf(cli))
	br.setClient(cli, dev)
	br.setState(StateConnecting, "Connecting to WhatsApp.")
	if err := cli.Connect(); err != nil {
		br.setClient(nil, nil)
		return nil, true, fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	return cli, true, nil
}

// How a connection ended, as watch reports it.
type connEnd int

const (
	endAgain    connEnd = iota // connect again
	endStop                    // the branch must stop
	endOutdated                // WhatsApp refuses this version
)

// watch waits for what ends a connection.
func (br *Branch) watch(ctx context.Context, cli Client) connEnd {
	if cli == nil {
		return endAgain
	}
	log := zerolog.Ctx(ctx)
	var te terminalEvent
	for te.evt == nil {
		select {
		case <-ctx.Done():
			return endAgain
		case te = <-br.terminal:
			if te.cli != nil && te.cli != cli {
				// An earlier connection's last word (a client can report being logged out
				// twice: by stream error, then by the failed login of its reconnection).
				te.evt = nil
			}
		}
	}
	cli.Disconnect()
	switch e := te.evt.(type) {
	case *events.LoggedOut:
		br.forgetDevice(ctx)
		br.setState(StateLoggedOut, "The phone removed this device (logged out). Scan the new QR code to pair again.")
		log.Error().Str("reason", e.Reason.String()).Msg("WhatsApp logged this branch out; it must be paired again.")
	case *events.StreamReplaced:
		br.setState(StateReplaced, "Another kopbot connected with this branch's session and took it over. Stop the other one, then restart this one.")
		log.Error().Msg("Another process took over this branch's WhatsApp session; the branch is stopped.")
		return endStop
	case *events.ClientOutdated:
		br.setClient(nil, nil)
		return endOutdated
	case *events.TemporaryBan:
		until := br.bot.now().Add(e.Expire)
		br.mu.Lock()
		br.state.BannedUntil = until
		br.mu.Unlock()
		br.setClient(nil, nil) // what the client still says (it may have reconnected meanwhile) is not heeded
		br.setState(StateBanned, fmt.Sprintf("WhatsApp blocked this number for a while (%s). Sending is paused until it ends.", e.Code))
		log.Error().Str("reason", e.Code.String()).Time("until", until).Msg("WhatsApp temporarily banned this branch's number.")
		sleep(ctx, e.Expire)
		cli.Disconnect() // again: a reconnection already under way when the ban came may have finished
	}
	br.setClient(nil, nil)
	return endAgain
}

// pairedDevice returns the device the branch was paired with, or nil when it has none.
func (br *Branch) pairedDevice(ctx context.Context) (*wastore.Device, error) {
	var b store.Branch
	err := br.bot.DB.View(ctx, func(tx *store.Tx) (err error) {
		b, err = tx.Branch(ctx, br.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	if b.DeviceJID == "" {
		return nil, nil
	}
	jid, err := types.ParseJID(b.DeviceJID)
	if err != nil {
		return nil, fmt.Errorf("branch %s device %q: %w", br.ID, b.DeviceJID, err)
	}
	dev, err := br.bot.Devices.GetDevice(ctx, jid)
	if err != nil {
		return nil, fmt.Errorf("load device of branch %s: %w", br.ID, err)
	}
	if dev == nil {
		// The device store lost it (restored from an older backup?): pair again.
		zerolog.Ctx(ctx).Warn().Msg("The branch's WhatsApp device is missing from the device store; it must be paired again.")
		return nil, br.saveDevice(ctx, "")
	}
	return dev, nil
}

func (br *Branch) saveDevice(ctx context.Context, jid string) error {
	return br.bot.DB.Update(ctx, func(tx *store.Tx) error { return tx.SetBranchDevice(ctx, br.ID, jid) })
}

// forgetDevice drops the branch's device after WhatsApp logged it out.
func (br *Branch) forgetDevice(ctx context.Context) {
	br.mu.Lock()
	dev := br.device
	br.state.Phone = ""
	br.mu.Unlock()
	if err := br.saveDevice(ctx, ""); err != nil {
		zerolog.Ctx(ctx).Error().Err(err).Msg("Could not clear the branch's device.")
	}
	if dev != nil && dev.ID != nil {
		if err := br.bot.Devices.DeleteDevice(ctx, dev); err != nil {
			zerolog.Ctx(ctx).Debug().Err(err).Msg("Could not delete the logged-out device; it may be gone already.")
		}
	}
}

// terminalEvent is an event that ends a connection, with the client that reported it.
type terminalEvent struct {
	cli Client // nil: the current one
	evt any
}

// eventsOf is the event handler of one client: what ends a connection is only heeded
// from the client it ended.
func (br *Branch) eventsOf(cli Client) whatsmeow.EventHandlerWithSuccessStatus {
	return func(evt any) bool { return br.handleEventOf(cli, evt) }
}

// handleEvent is the one place whatsmeow's events arrive; each case hands over at once.
// It reports false when an event could not be taken in: whatsmeow then does not tell
// WhatsApp the message arrived, and WhatsApp delivers it again.
func (br *Branch) handleEvent(evt any) bool { return br.handleEventOf(nil, evt) }

func (br *Branch) handleEventOf(cli Client, evt any) bool {
	ctx := context.Background()
	log := br.bot.log().With().Str("branch", br.ID).Logger()
	switch e := evt.(type) {
	case *events.Message:
		return br.handleMessage(log.WithContext(ctx), e)
	case *events.Connected:
		if cli != nil && cli != br.currentClient() {
			log.Debug().Msg("A client kopbot let go of connected again; disconnecting it.")
			go cli.Disconnect()
			return true
		}
		br.setState(StateConnected, "Receiving and sending messages.")
		log.Info().Msg("Connected to WhatsApp.")
		if f := br.bot.onConnected; f != nil {
			f()
		}
		br.replayOnce.Do(func() { go br.replayInbox(log.WithContext(ctx)) })
		br.sender.Wake()
	case *events.Disconnected:
		if cli != nil && cli != br.currentClient() {
			return true
		}
		br.setState(StateDisconnected, "Lost the connection to WhatsApp; reconnecting.")
		log.Warn().Msg("Disconnected from WhatsApp; reconnecting.")
	case *events.PairSuccess:
		if other, err := br.pairedElsewhere(ctx, e.ID.User); err != nil || other != "" {
			return true // pair undoes it: the number is another branch's, or that is unknown
		}
		if err := br.saveDevice(ctx, e.ID.String()); err != nil {
			log.Error().Err(err).Msg("Could not save the paired device.")
		}
		br.mu.Lock()
		br.state.Phone = e.ID.User
		br.mu.Unlock()
		br.setState(StateConnecting, "Paired with +"+e.ID.User+"; connecting.")
		log.Info().Str("phone", e.ID.User).Msg("Paired.")
	case *events.ConnectFailure:
		log.Warn().Str("reason", e.Reason.String()).Str("message", e.Message).Msg("WhatsApp refused the connection.")
	case *events.KeepAliveTimeout:
		log.Warn().Int("errors", e.ErrorCount).Msg("WhatsApp does not answer keepalives.")
	case *events.LoggedOut, *events.StreamReplaced, *events.TemporaryBan, *events.ClientOutdated:
		select {
		case br.terminal <- terminalEvent{cli, evt}:
		default:
		}
	default:
		// whatsmeow adds events as WhatsApp changes: what kopbot does not know is noted, never fatal.
		log.Trace().Str("event", fmt.Sprintf("%T", evt)).Msg("An event kopbot does not use.")
	}
	return true
}

// handleMessage turns a member's message into a job for their conversation's worker,
// kept in the inbox first; it reports false when it could not be kept.
func (br *Branch) handleMessage(ctx context.Context, e *events.Message) bool {
	info := e.Info
	switch {
	case info.IsGroup, info.Chat.Server == types.BroadcastServer, info.Chat.Server == types.NewsletterServer,
		info.Sender.Server == types.NewsletterServer:
		return true
	case info.IsFromMe:
		return br.handleOwn(ctx, e)
	}
	c, ok := contentOf(info.ID, e.Message)
	d, known := expirationOf(e)
	if br.bot.Handle == nil || !ok && !known {
		return true // reactions, revocations, receipts and the like need no answer
	}
	from := br.resolveSender(ctx, info)
	if known {
		if err := br.noteExpiry(ctx, from, d); err != nil {
			zerolog.Ctx(ctx).Error().Err(err).Str("message_id", info.ID).Msg("Could not keep a chat's disappearing-messages timer; WhatsApp will deliver the message again.")
			return false
		}
	}
	if !ok {
		return true // a change of the chat's timer needs no answer
	}
	if br.seen.has(from, c.id) {
		return true // redelivered, or an edit of a message answered: the runner would drop it too
	}
	j := job{branch: br, chat: info.Chat, sender: info.Sender, got: br.bot.now(), image: c.image}
	// The rules read when kopbot got it (kept in the inbox with it), never the sender's stamp.
	j.in = flows.Input{Branch: br.ID, MessageID: c.id, At: j.got, Claimed: info.Timestamp, Text: c.text, Media: c.media}
	j.in.From = from
	if info.Chat.Server == types.HiddenUserServer {
		// Answer in the chat the member wrote in; a phone-addressed reply opens a second chat.
		j.in.ReplyTo = info.Chat.ToNonAD().String()
	}
	j.in.Inboxed = true
	if err := br.keep(ctx, j); err != nil {
		if store.Unavailable(err) { // the disk full: held and kept later; WhatsApp is not told it arrived meanwhile
			err = errors.Join(err, br.notKept(ctx, j))
		}
		zerolog.Ctx(ctx).Error().Err(err).Str("message_id", info.ID).Msg("Could not keep a message; WhatsApp will deliver it again.")
		return false
	}
	br.seen.add(from, c.id)
	br.bot.dispatch.Submit(ctx, j)
	return true
}

// content is what the runner is given of a member's message.
type content struct {
	id    types.MessageID     // an edit carries the ID of the message it edits
	text  string              // the text, or a photo's, video's or document's caption
	image *waE2E.ImageMessage // a photo to download
	media string              // something else the bot cannot read: flows.MediaVoice...
}

// contentOf reads a member's message; ok is false for what needs no answer (reactions,
// revocations, protocol messages). An edit is read as its original message, under the
// original's ID: answered only if the original was not.
func contentOf(id types.MessageID, m *waE2E.Message) (content, bool) {
	c := content{id: id}
	if pm := m.GetProtocolMessage(); pm != nil {
		if pm.GetType() != waE2E.ProtocolMessage_MESSAGE_EDIT || pm.GetEditedMessage() == nil || pm.GetKey().GetID() == "" {
			return c, false
		}
		c.id, m = types.MessageID(pm.GetKey().GetID()), pm.GetEditedMessage()
	}
	switch {
	case m.GetConversation() != "":
		c.text = m.GetConversation()
	case m.GetExtendedTextMessage() != nil:
		c.text = m.GetExtendedTextMessage().GetText()
	case m.GetImageMessage() != nil:
		c.text, c.image = m.GetImageMessage().GetCaption(), m.GetImageMessage()
	case m.GetDocumentMessage() != nil:
		c.text, c.media = m.GetDocumentMessage().GetCaption(), flows.MediaDocument
	case m.GetVideoMessage() != nil:
		c.text, c.media = m.GetVideoMessage().GetCaption(), flows.MediaVideo
	case m.GetAudioMessage() != nil:
		c.media = flows.MediaVoice
	case m.GetStickerMessage() != nil:
		c.media = flows.MediaSticker
	case m.GetLocationMessage() != nil, m.GetLiveLocationMessage() != nil:
		c.media = flows.MediaLocation
	case m.GetContactMessage() != nil, m.GetContactsArrayMessage() != nil:
		c.media = flows.MediaContact
	default:
		return c, false
	}
	return c, true
}

// expirationOf reads the disappearing-messages timer a member's message carries (0: none);
// known is false when the message does not say (an edit, a reaction, an ephemeral message
// without the timer).
func expirationOf(e *events.Message) (d time.Duration, known bool) {
	m := e.Message
	if pm := m.GetProtocolMessage(); pm != nil {
		if pm.GetType() == waE2E.ProtocolMessage_EPHEMERAL_SETTING {
			return time.Duration(pm.GetEphemeralExpiration()) * time.Second, true
		}
		return 0, false
	}
	var ci *waE2E.ContextInfo
	switch {
	case m.GetExtendedTextMessage() != nil:
		ci = m.GetExtendedTextMessage().GetContextInfo()
	case m.GetImageMessage() != nil:
		ci = m.GetImageMessage().GetContextInfo()
	case m.GetVideoMessage() != nil:
		ci = m.GetVideoMessage().GetContextInfo()
	case m.GetDocumentMessage() != nil:
		ci = m.GetDocumentMessage().GetContextInfo()
	case m.GetAudioMessage() != nil:
		ci = m.GetAudioMessage().GetContextInfo()
	case m.GetStickerMessage() != nil:
		ci = m.GetStickerMessage().GetContextInfo()
	case m.GetLocationMessage() != nil:
		ci = m.GetLocationMessage().GetContextInfo()
	case m.GetContactMessage() != nil:
		ci = m.GetContactMessage().GetContextInfo()
	case m.GetConversation() != "":
	default:
		return 0, false
	}
	if ci == nil {
		// A message of a disappearing chat says so; one without a word of it, outside an
		// ephemeral wrapper, comes from a chat without the timer.
		return 0, !e.IsEphemeral
	}
	return time.Duration(ci.GetExpiration()) * time.Second, true
}

// noteExpiry keeps phone's chat's disappearing-messages timer when it changed, so that
// kopbot's messages to them carry it (expiryOf), across restarts too.
func (br *Branch) noteExpiry(ctx context.Context, phone string, d time.Duration) error {
	if cur, err := br.expiryOf(ctx, phone); err != nil || cur == d {
		return err
	}
	if err := br.bot.DB.Update(ctx, func(tx *store.Tx) error { return tx.SetChatExpiry(ctx, br.ID, phone, d) }); err != nil {
		return err
	}
	br.mu.Lock()
	br.expiry[phone] = d
	br.mu.Unlock()
	return nil
}

// expiryOf is phone's chat's disappearing-messages timer, 0 when it has none.
func (br *Branch) expiryOf(ctx context.Context, phone string) (time.Duration, error) {
	br.mu.Lock()
	d, ok := br.expiry[phone]
	br.mu.Unlock()
	if ok {
		return d, nil
	}
	err := br.bot.DB.View(ctx, func(tx *store.Tx) (err error) {
		d, err = tx.ChatExpiry(ctx, br.ID, phone)
		return err
	})
	if err != nil {
		return 0, err
	}
	br.mu.Lock()
	if br.expiry == nil {
		br.expiry = map[string]time.Duration{}
	}
	br.expiry[phone] = d
	br.mu.Unlock()
	return d, nil
}

// handleOwn reads a message from the branch's own number: in a member's private chat, one
// that kopbot did not send is staff writing from the branch's phone, and the bot keeps quiet
// for the member a while (flows.Runner.StaffWrote). It reports false when that could not be
// recorded, for WhatsApp to deliver it again.
func (br *Branch) handleOwn(ctx context.Context, e *events.Message) bool {
	info := e.Info
	chat := info.Chat.ToNonAD()
	if br.bot.StaffWrote == nil || (chat.Server != types.DefaultUserServer && chat.Server != types.HiddenUserServer) || br.isOwnChat(chat) {
		return true
	}
	c, ok := contentOf(info.ID, e.Message)
	if !ok {
		return true // a reaction or a revocation takes nothing over
	}
	log := zerolog.Ctx(ctx).With().Str("message_id", string(c.id)).Logger()
	phone := br.phoneOf(ctx, chat, info.RecipientAlt)
	ours, err := br.sentByKopbot(ctx, c.id, phone, chat)
	if err != nil {
		log.Error().Err(err).Msg("Could not tell whether a message from the branch's number was kopbot's; WhatsApp will deliver it again.")
		return false
	}
	if ours {
		return true
	}
	at := info.Timestamp
	if at.IsZero() {
		at = br.bot.now()
	}
	if err := br.bot.StaffWrote(ctx, br.ID, phone, at); err != nil {
		log.Error().Err(err).Msg("Could not record that staff took a chat over; WhatsApp will deliver the message again.")
		return false
	}
	log.Info().Msg("Staff wrote to a member from the branch's phone; the bot keeps quiet for them.")
	return true
}

// isOwnChat reports whether chat is the branch's chat with its own number ("message yourself").
func (br *Branch) isOwnChat(chat types.JID) bool {
	br.mu.Lock()
	defer br.mu.Unlock()
	if br.device == nil {
		return false
	}
	return br.device.ID != nil && chat.User == br.device.ID.User && chat.Server == types.DefaultUserServer ||
		chat.User == br.device.LID.User && chat.Server == types.HiddenUserServer
}

// sentByKopbot reports whether id is a message kopbot sent from the outbox, echoed back by
// the phone: each outbox row goes out under outboxMessageID, kept once it is marked sent;
// one still being sent (or failed after an attempt) is found among the member's unsent
// rows by the same derived ID.
func (br *Branch) sentByKopbot(ctx context.Context, id types.MessageID, phone string, chat types.JID) (bool, error) {
	if !strings.HasPrefix(string(id), outboxIDPrefix) {
		return false, nil // phones make IDs of their own shape
	}
	ours := false
	err := br.bot.DB.View(ctx, func(tx *store.Tx) error {
		_, err := tx.SentUnder(ctx, br.ID, string(id))
		if err == nil || !errors.Is(err, store.ErrNotFound) {
			ours = err == nil
			return err
		}
		unsent, err := tx.UnsentTo(ctx, br.ID, phone, chat.String())
		for _, m := range unsent {
			if outboxMessageID(m) == id {
				ours = true
			}
		}
		return err
	})
	return ours, err
}

// resolveSender finds the member's phone number; a sender known only by LID keeps its
// LID address, so they are still answered (as someone whose number is unknown).
func (br *Branch) resolveSender(ctx context.Context, info types.MessageInfo) string {
	return br.phoneOf(ctx, info.Sender.ToNonAD(), info.SenderAlt)
}

// phoneOf finds the phone number of a user's address s (alt: the other address WhatsApp
// gave with it, if any); one known only by LID keeps its LID address.
func (br *Branch) phoneOf(ctx context.Context, s, alt types.JID) string {
	if s.Server == types.DefaultUserServer {
		return s.User
	}
	if s.Server == types.HiddenUserServer {
		if alt := alt.ToNonAD(); alt.Server == types.DefaultUserServer && alt.User != "" {
			return alt.User
		}
		br.mu.Lock()
		lookup := br.pnForLID
		br.mu.Unlock()
		if lookup != nil {
			if pn, err := lookup(ctx, s); err == nil && pn.User != "" {
				return pn.User
			} else if err != nil {
				zerolog.Ctx(ctx).Debug().Err(err).Msg("LID lookup failed.")
			}
		}
	}
	return s.String()
}

// downloadTimeout bounds fetching a member's photo: a stalled download must not hold the
// member's worker (their next messages wait behind it).
const downloadTimeout = time.Minute

// downloadImage fetches a member's photo into the media directory and returns its path. The
// size cap holds for the bytes that arrive, not only for the size the sender declared.
func (br *Branch) downloadImage(ctx context.Context, messageID string, img *waE2E.ImageMessage) (string, error) {
	max := br.bot.Settings.MaxImageBytes
	if max > 0 && int64(img.GetFileLength()) > max {
		return "", fmt.Errorf("photo of %d bytes is over the %d-byte limit: %w", img.GetFileLength(), max, errTooLarge)
	}
	cli := br.currentClient()
	if cli == nil {
		return "", outbox.ErrNotReady
	}
	dir := filepath.Join(br.bot.Settings.MediaDir, br.ID)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create media directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".download-*")
	if err != nil {
		return "", fmt.Errorf("create a file for the photo: %w", err)
	}
	defer os.Remove(tmp.Name()) // gone once renamed; left behind only on failure
	defer tmp.Close()
	ctx, cancel := context.WithTimeout(ctx, downloadTimeout)
	defer cancel()
	// The cap leaves room for the encryption's padding and MAC, which the file holds first.
	capped := &cappedFile{File: tmp}
	if max > 0 {
		capped.max = max + 64
	}
	err = cli.DownloadToFile(ctx, img, capped)
	if err != nil {
		// whatsmeow keeps the data with a warning when only its length or hash is off.
		if !(errors.Is(err, whatsmeow.ErrFileLengthMismatch) || errors.Is(err, whatsmeow.ErrInvalidMediaSHA256)) {
			return "", err
		}
		zerolog.Ctx(ctx).Warn().Err(err).Msg("A downloaded photo did not match its checksum; keeping it.")
	}
	if st, err := tmp.Stat(); err == nil && max > 0 && st.Size() > max {
		return "", errTooLarge
	}
	ext := ".jpg"
	if strings.Contains(img.GetMimetype(), "png") {
		ext = ".png"
	}
	path := filepath.Join(dir, safeName(messageID)+ext)
	if err := tmp.Chmod(0o600); err != nil {
		return "", fmt.Errorf("save photo: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("save photo: %w", err)
	}
	return path, nil
}

// errTooLarge is a download that went past the size cap.
var errTooLarge = errors.New("the photo is larger than whatsapp.max_image_mb")

// cappedFile is a file that refuses to grow past max bytes (0: no cap).
type cappedFile struct {
	*os.File
	max int64
}

func (f *cappedFile) Write(p []byte) (int, error) {
	if f.max > 0 {
		if off, err := f.File.Seek(0, io.SeekCurrent); err == nil && off+int64(len(p)) > f.max {
			return 0, errTooLarge
		}
	}
	return f.File.Write(p)
}

func (f *cappedFile) WriteAt(p []byte, off int64) (int, error) {
	if f.max > 0 && off+int64(len(p)) > f.max {
		return 0, errTooLarge
	}
	return f.File.WriteAt(p, off)
}

func (f *cappedFile) Truncate(size int64) error {
	if f.max > 0 && size > f.max {
		return errTooLarge
	}
	return f.File.Truncate(size)
}

// send hands one outbox message to WhatsApp.
func (br *Branch) send(ctx context.Context, m store.OutMessage) error {
	// The same outbox row always goes out under the same ID, so a resend after a crash is
	// recognised by the member's phone as the message it already has.
	return br.sendAs(ctx, m, outboxMessageID(m))
}

// sendAs hands m to WhatsApp under id.
func (br *Branch) sendAs(ctx context.Context, m store.OutMessage, id types.MessageID) error {
	cli := br.currentClient()
	if cli == nil || !cli.IsConnected() {
		return outbox.ErrNotReady
	}
	to, err := recipient(m)
	if err != nil {
		return err
	}
	if m.Address == "" && (m.Bulk || m.InMessageID == "") && to.Server == types.DefaultUserServer {
		// Not a reply: a member WhatsApp moved to a LID sees it only in their LID chat.
		to = br.lidOf(ctx, cli, to)
	}
	msg, err := br.message(ctx, cli, m)
	if err != nil {
		return err
	}
	_, err = cli.SendMessage(ctx, to, msg, whatsmeow.SendRequestExtra{ID: id})
	return err
}

// lidLookup is what was learnt of a phone number's LID: the LID, or (empty) that there is
// none as of at.
type lidLookup struct {
	lid types.JID
	at  time.Time
}

// lidForgetNone is how long a phone number found without a LID is not asked about again.
const lidForgetNone = 24 * time.Hour

// lidOf returns the LID chat of the member with phone number pn: from what was learnt
// before, the device's LID store, or WhatsApp itself; pn when none is known.
func (br *Branch) lidOf(ctx context.Context, cli Client, pn types.JID) types.JID {
	log := zerolog.Ctx(ctx)
	br.mu.Lock()
	known, ok := br.lids[pn.User]
	lookup := br.lidForPN
	br.mu.Unlock()
	switch {
	case ok && !known.lid.IsEmpty():
		return known.lid
	case ok && br.bot.now().Sub(known.at) < lidForgetNone:
		return pn
	}
	var lid types.JID
	if lookup != nil {
		var err error
		if lid, err = lookup(ctx, pn); err != nil {
			log.Debug().Err(err).Msg("LID lookup failed.")
		}
	}
	if lid.IsEmpty() {
		qctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		info, err := cli.GetUserInfo(qctx, []types.JID{pn})
		cancel()
		if err != nil {
			log.Debug().Err(err).Msg("Could not ask WhatsApp for a member's LID; writing to their number.")
			return pn // not remembered: asked again next time
		}
		lid = info[pn].LID
	}
	if lid.Server != types.HiddenUserServer {
		lid = types.JID{}
	}
	br.mu.Lock()
	if br.lids == nil {
		br.lids = map[string]lidLookup{}
	}
	br.lids[pn.User] = lidLookup{lid: lid.ToNonAD(), at: br.bot.now()}
	br.mu.Unlock()
	if lid.IsEmpty() {
		return pn
	}
	return lid.ToNonAD()
}

// message builds the WhatsApp message of an outbox row: its text, or its photo or document
// uploaded. In a chat with disappearing messages it carries the chat's timer.
func (br *Branch) message(ctx context.Context, cli Client, m store.OutMessage) (*waE2E.Message, error) {
	expiry, err := br.expiryOf(ctx, m.To)
	if err != nil {
		return nil, err
	}
	var ci *waE2E.ContextInfo
	if expiry > 0 {
		ci = &waE2E.ContextInfo{Expiration: proto.Uint32(uint32(expiry / time.Second))}
	}
	if m.DocumentPath != "" {
		return document(ctx, cli, m, ci)
	}
	if m.ImagePath == "" && ci != nil {
		// A plain Conversation cannot carry the timer.
		return &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String(m.Text), ContextInfo: ci}}, nil
	}
	if m.ImagePath == "" {
		return &waE2E.Message{Conversation: proto.String(m.Text)}, nil
	}
	data, up, err := uploadFile(ctx, cli, m.ImagePath, whatsmeow.MediaImage, "image")
	if err != nil {
		return nil, err
	}
	return &waE2E.Message{ImageMessage: &waE2E.ImageMessage{
		Caption: proto.String(m.Text), Mimetype: proto.String(http.DetectContentType(data)),
		URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath), MediaKey: up.MediaKey,
		FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: proto.Uint64(up.FileLength),
		ContextInfo: ci,
	}}, nil
}

// document uploads an outbox row's file (a statement's PDF) and sends it as a document
// under the file's name, the row's text as its caption.
func document(ctx context.Context, cli Client, m store.OutMessage, ci *waE2E.ContextInfo) (*waE2E.Message, error) {
	data, up, err := uploadFile(ctx, cli, m.DocumentPath, whatsmeow.MediaDocument, "document")
	if err != nil {
		return nil, err
	}
	name := filepath.Base(m.DocumentPath)
	return &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{
		Caption: proto.String(m.Text), FileName: proto.String(name), Title: proto.String(name),
		Mimetype: proto.String(http.DetectContentType(data)), URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath), MediaKey: up.MediaKey,
		FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: proto.Uint64(up.FileLength),
		ContextInfo: ci,
	}}, nil
}

// uploadFile reads the file at path and uploads it, encrypted for its kind of media (what
// names it in errors).
func uploadFile(ctx context.Context, cli Client, path string, kind whatsmeow.MediaType, what string) ([]byte, whatsmeow.UploadResponse, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, whatsmeow.UploadResponse{}, fmt.Errorf("read %s: %w", what, err)
	}
	up, err := cli.Upload(ctx, data, kind)
	if err != nil {
		return nil, whatsmeow.UploadResponse{}, fmt.Errorf("upload %s: %w", what, err)
	}
	return data, up, nil
}

// messageForRetry answers a phone asking again for a message kopbot sent (a retry receipt)
// when whatsmeow no longer has it in memory (it keeps the last 256): from the outbox, where
// sent messages stay under the ID they went out with.
func (br *Branch) messageForRetry(requester, to types.JID, id types.MessageID) *waE2E.Message {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	log := br.bot.log().With().Str("branch", br.ID).Str("message_id", string(id)).Logger()
	var m store.OutMessage
	err := br.bot.DB.View(ctx, func(tx *store.Tx) (err error) {
		m, err = tx.SentUnder(ctx, br.ID, string(id))
		return err
	})
	if err != nil {
		log.Debug().Err(err).Msg("A phone asked again for a message kopbot does not have.")
		return nil
	}
	cli := br.currentClient()
	if cli == nil {
		return nil
	}
	msg, err := br.message(ctx, cli, m)
	if err != nil {
		log.Warn().Err(err).Msg("Could not rebuild a message a phone asked for again.")
		return nil
	}
	log.Info().Msg("A phone asked again for a sent message; sending it from the outbox.")
	return msg
}

func recipient(m store.OutMessage) (types.JID, error) {
	addr := m.Address
	if addr == "" {
		addr = m.To
	}
	if strings.Contains(addr, "@") {
		jid, err := types.ParseJID(addr)
		if err != nil {
			return types.JID{}, fmt.Errorf("recipient %q: %w", addr, err)
		}
		return jid, nil
	}
	return types.NewJID(addr, types.DefaultUserServer), nil
}

// outboxIDPrefix begins every ID outboxMessageID makes (and whatsmeow's own).
const outboxIDPrefix = "3EB0"

// outboxMessageID derives a WhatsApp message ID from the outbox row, shaped like whatsmeow's own.
func outboxMessageID(m store.OutMessage) types.MessageID {
	sum := sha256.Sum256([]byte(fmt.Sprintf("kopbot/%s/%d/%d", m.Branch, m.ID, m.CreatedAt.Unix())))
	return types.MessageID(outboxIDPrefix + strings.ToUpper(hex.EncodeToString(sum[:9])))
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

// recentIDs remembers the last messages seen, by sender and ID (two members' phones may make
// the same ID), to drop redeliveries early.
type recentIDs struct {
	mu   sync.Mutex
	set  map[string]bool
	ring [1024]string
	next int
}

// has reports whether from's message id was seen recently.
func (r *recentIDs) has(from, id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.set[from+"/"+id]
}

// add reports false when from's message id was seen recently.
func (r *recentIDs) add(from, id string) bool {
	id = from + "/" + id
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.set == nil {
		r.set = map[string]bool{}
	}
	if r.set[id] {
		return false
	}
	if old := r.ring[r.next]; old != "" {
		delete(r.set, old)
	}
	r.ring[r.next] = id
	r.next = (r.next + 1) % len(r.ring)
	r.set[id] = true
	return true
}

// backoff doubles a wait from min to max, with jitter.
type backoff struct {
	min, max, cur time.Duration
}

func (b *backoff) next() time.Duration {
	if b.cur == 0 {
		b.cur = b.min
	} else {
		b.cur = min(b.cur*2, b.max)
	}
	return b.cur/2 + time.Duration(float64(b.cur/2)*jitter())
}

func (b *backoff) reset() { b.cur = 0 }

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
