package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"
	waLog "go.mau.fi/whatsmeow/util/log"
	"google.golang.org/protobuf/proto"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/outbox"
	"github.com/kopbot/kopbot/store"
)

// Settings are the bot's part of the config.
type Settings struct {
	MediaDir      string // received photos are kept here
	MaxImageBytes int64  // larger photos are not downloaded
	Limits        outbox.SendLimits
}

// ClientHook adjusts a whatsmeow client before it connects.
type ClientHook = func(cli *whatsmeow.Client)

// Bot runs every configured branch on WhatsApp.
type Bot struct {
	DB      *store.DB
	Devices *Devices
	// Handle is the runner's Handle: one message, one transaction.
	Handle func(ctx context.Context, in flows.Input) error
	// StaffWrote is the runner's StaffWrote: staff wrote to phone from the branch's own
	// phone at at, and the bot keeps quiet for them a while; nil leaves such messages alone.
	StaffWrote func(ctx context.Context, branch, phone string, at time.Time) error
	Settings   Settings
	Now        func() time.Time
	Metrics    *Metrics // may be nil
	// NewClient makes the WhatsApp client of a device; whatsmeow's by default.
	NewClient func(dev *wastore.Device, log zerolog.Logger) Client
	// ConfigureClient, when set, is applied to each whatsmeow client after kopbot's own
	// settings (tests point it at a fake WhatsApp server).
	ConfigureClient ClientHook
	Log             zerolog.Logger

	// LatestVersion fetches WhatsApp Web's current version number when WhatsApp calls this
	// client outdated; whatsmeow.GetLatestVersion by default.
	LatestVersion func(ctx context.Context) (*wastore.WAVersionContainer, error)
	// OnOutdated, when set, is told that WhatsApp refused a branch's client as outdated,
	// with the sentence the branch page shows (serve queues a notice to the branch's admins).
	OnOutdated func(ctx context.Context, branch, detail string)
	// OutdatedRetry is how long a branch WhatsApp calls outdated waits before trying again
	// (an hour when zero).
	OutdatedRetry time.Duration

	onConnected  func()        // for Pair, which waits for the first connection
	reconnectMin time.Duration // the first wait before reconnecting; tests shorten it
	qrRounds     int           // unscanned rounds of QR codes before pausing (3); tests change it

	branches []*Branch
	byID     map[string]*Branch
	dispatch flows.Dispatcher[job]
	wg       sync.WaitGroup
}

// job is one received message on its way through a conversation's worker.
type job struct {
	branch *Branch
	in     flows.Input
	image  *waE2E.ImageMessage // still to download, in the member's worker
	chat   types.JID
	sender types.JID
	got    time.Time
	retry  bool // held when the database took no writes, and handed over again (unavailable.go)
	unkept bool // held before it could be put in the inbox: kept first when handled again
}

// AddBranch registers a branch; call it for each configured branch before Run.
func (b *Bot) AddBranch(id, name string) *Branch {
	if b.byID == nil {
		b.byID = map[string]*Branch{}
		b.dispatch.Key = func(j job) string { return j.branch.ID + "\x00" + j.in.From }
		b.dispatch.Handle = b.process
		b.dispatch.OnError = func(j job, err error) {
			msg := "Handling a message failed; no apology could be sent."
			switch {
			case errors.Is(err, flows.ErrApologySent):
				msg = "Handling a message failed; the member was sent an apology."
			case errors.Is(err, errToldDirectly):
				msg = "Handling a message failed: the database takes no writes. The member was told directly; the message is handled again when it does."
			}
			b.Log.Error().Err(err).Str("branch", j.branch.ID).Str("message_id", j.in.MessageID).Msg(msg)
		}
	}
	br := &Branch{ID: id, Name: name, bot: b, terminal: make(chan terminalEvent, 4), wantQR: make(chan struct{}, 1)}
	br.sender = &outbox.Worker{DB: b.DB, Branch: id, Transport: whatsApp{br}, Now: b.now, Limits: b.Settings.Limits,
		Sent: func(m store.OutMessage) {
			if b.Metrics != nil {
				kind := "interactive"
				if m.Bulk {
					kind = "bulk"
				}
				b.Metrics.MessagesOut.WithLabelValues(id, kind).Inc()
			}
		},
		Failed: func(m store.OutMessage, err error, final bool) {
			if b.Metrics != nil {
				b.Metrics.SendFailures.WithLabelValues(id, fmt.Sprint(final)).Inc()
			}
		}}
	br.held.wait = backoff{min: heldRetryMin, max: heldRetryMax}
	br.held.wake = make(chan struct{}, 1)
	br.setState(StateConnecting, "Starting.") // so /metrics shows every branch from the start
	b.branches = append(b.branches, br)
	b.byID[id] = br
	return br
}

// Branch returns the branch with id.
func (b *Bot) Branch(id string) (*Branch, bool) {
	br, ok := b.byID[id]
	return br, ok
}

// Branches returns every branch in config order.
func (b *Bot) Branches() []*Branch { return b.branches }

func (b *Bot) log() *zerolog.Logger { return &b.Log }

func (b *Bot) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

// newClient makes a branch's WhatsApp client, with what kopbot needs of whatsmeow: acks
// only once a message is in the inbox, undecrypted redeliveries answered from the event
// buffer, and a phone's retry request answered from the outbox.
func (br *Branch) newClient(dev *wastore.Device, log zerolog.Logger) Client {
	var cli Client
	if br.bot.NewClient != nil {
		cli = br.bot.NewClient(dev, log)
	} else {
		cli = whatsmeow.NewClient(dev, waLog.Zerolog(log.With().Str("component", "whatsmeow").Logger()))
	}
	if wc, ok := cli.(*whatsmeow.Client); ok {
		wc.SynchronousAck = true
		wc.EnableDecryptedEventBuffer = true
		wc.GetMessageForRetry = br.messageForRetry
		if br.bot.ConfigureClient != nil {
			br.bot.ConfigureClient(wc)
		}
	}
	return cli
}

// Run connects every branch and sends their outboxes until ctx is done; a branch that
// fails is reported in its state and does not take the others down. When Run returns,
// messages being handled have finished.
func (b *Bot) Run(ctx context.Context) {
	if zerolog.Ctx(ctx).GetLevel() == zerolog.Disabled {
		ctx = b.Log.WithContext(ctx) // the bot's own logger, when the caller's context has none
	}
	for _, br := range b.branches {
		br.held.mu.Lock()
		br.held.running = ctx
		br.held.mu.Unlock()
		b.wg.Add(2)
		go func() {
			defer b.wg.Done()
			br.run(ctx)
		}()
		go func() {
			defer b.wg.Done()
			br.sender.Run(ctx)
		}()
	}
	<-ctx.Done()
	b.wg.Wait()
	b.dispatch.Wait()
	for _, br := range b.branches {
		if c := br.currentClient(); c != nil {
			c.Disconnect()
		}
	}
}

// process handles one message in its member's worker: download its photo, run the
// conversation step, mark it read.
func (b *Bot) process(ctx context.Context, j job) error {
	if j.branch.holdBehind(ctx, j) {
		return nil // the member's earlier message waits for the database: this one waits behind it
	}
	if j.unkept {
		if err := j.branch.keep(ctx, j); err != nil {
			return j.branch.unavailable(ctx, j, err)
		}
		j.unkept = false
		j.branch.seen.add(j.in.From, j.in.MessageID)
	}
	asCame := j // as it came: held, its photo is downloaded again when handled again
	log := zerolog.Ctx(ctx).With().Str("branch", j.branch.ID).Str("message_id", j.in.MessageID).Logger()
	if j.image != nil {
		path, err := j.branch.downloadImage(ctx, j.in.MessageID, j.image)
		if err != nil {
			log.Warn().Err(err).Msg("Could not download or keep a member's photo.")
			j.in.PhotoLost = !errors.Is(err, errTooLarge) // answered as if no photo came
		}
		j.in.Image = path
	}
	if err := b.Handle(ctx, j.in); err != nil {
		return j.branch.unavailable(ctx, asCame, err)
	}
	j.branch.handled(j)
	if b.Metrics != nil {
		b.Metrics.MessagesIn.WithLabelValues(j.branch.ID).Inc()
		b.Metrics.HandleSeconds.WithLabelValues(j.branch.ID).Observe(b.now().Sub(j.got).Seconds())
	}
	j.branch.sender.Wake()
	if c := j.branch.currentClient(); c != nil {
		if err := c.MarkRead(ctx, []types.MessageID{j.in.MessageID}, b.now(), j.chat, j.sender); err != nil {
			log.Debug().Err(err).Msg("Could not mark a message read.")
		}
	}
	return nil
}

// Devices is the WhatsApp device store: every branch's device keys, in a SQLite file of its own.
type Devices = sqlstore.Container

// OpenDevices opens the WhatsApp device store: its own SQLite file, with the same pragmas as ours.
func OpenDevices(ctx context.Context, path string, log zerolog.Logger) (*sqlstore.Container, error) {
	// Its keys are secrets: owner-only, its -wal and -shm included (SQLite gives them the file's mode).
	if err := store.PrepareFile(path); err != nil {
		return nil, err
	}
	c, err := sqlstore.New(ctx, "sqlite", store.DSN(path), waLog.Zerolog(log.With().Str("component", "whatsmeow-store").Logger()))
	if err != nil {
		return nil, fmt.Errorf("open WhatsApp device store %s: %w", path, err)
	}
	return c, nil
}

// SetDeviceName sets the name the phone shows under Linked devices.
func SetDeviceName(cooperative string) {
	wastore.DeviceProps.Os = proto.String("kopbot · " + cooperative)
}

// UseLatestVersion asks WhatsApp Web for its current version so an older build is not
// refused as outdated; when that fails the built-in version stays.
func UseLatestVersion(ctx context.Context, log zerolog.Logger) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	v, err := whatsmeow.GetLatestVersion(ctx, nil)
	if err != nil {
		log.Warn().Err(err).Str("version", wastore.GetWAVersion().String()).Msg("Could not ask WhatsApp for its current version; using the built-in one.")
		return
	}
	wastore.SetWAVersion(*v)
	log.Info().Str("version", v.String()).Msg("Using WhatsApp Web's current version.")
}
