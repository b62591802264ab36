package bot

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/rs/zerolog"
	"go.mau.fi/whatsmeow"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/kopbot/kopbot/store"
)

var (
	// ErrQRTimeout means every QR code expired before one was scanned.
	ErrQRTimeout = errors.New("the QR codes ran out before one was scanned")
	// ErrOutdated means WhatsApp refuses this version of kopbot.
	ErrOutdated = errors.New("WhatsApp refuses this kopbot version as outdated; update kopbot")
	// ErrUnreachable means WhatsApp's servers could not be reached.
	ErrUnreachable = errors.New("cannot reach WhatsApp")
	// ErrNotPairing means there is no pairing under way to pair by phone code.
	ErrNotPairing = errors.New("the branch is not waiting to be paired")
	// ErrPairingClosed means WhatsApp ended a pairing connection before its QR codes ran out.
	ErrPairingClosed = errors.New("WhatsApp closed the pairing connection early")
)

// PairUI is told what to show while pairing.
type PairUI struct {
	QR        func(code string, validFor time.Duration) // a QR code to show, replacing the last one
	PhoneCode func(code string)                         // the code to type on the phone, when pairing by number
	Notice    func(text string)                         // something the person pairing should know
}

// pair links a new device to the branch: it shows QR codes (and, given a phone number,
// asks for a pairing code) until the phone scans one. On success the branch's device is
// saved and the connected client is returned, to be used as it is: a second client on
// the same device would be refused. A round of codes nobody scanned ends in ErrQRTimeout;
// a pairing connection WhatsApp closed before its codes ran out, in ErrPairingClosed.
func (br *Branch) pair(ctx context.Context, phone string, ui PairUI) (Client, types.JID, error) {
	log := zerolog.Ctx(ctx)
	dev := br.bot.Devices.NewDevice()
	cli := br.newClient(dev, *log)
	cli.AddEventHandlerWithSuccessStatus(br.eventsOf(cli))
	qr, err := cli.GetQRChannel(ctx)
	if err != nil {
		return nil, types.JID{}, fmt.Errorf("start pairing: %w", err)
	}
	br.mu.Lock()
	br.client, br.device = cli, dev
	br.mu.Unlock()
	fail := func(err error) (Client, types.JID, error) {
		cli.Disconnect()
		br.setClient(nil, nil)
		br.setQR("")
		return nil, types.JID{}, err
	}
	if err := cli.Connect(); err != nil {
		return fail(fmt.Errorf("%w: %v", ErrUnreachable, err))
	}
	// The codes are valid until codesEnd; a round ending well before it was cut short.
	var codesEnd time.Time
	ended := func() error {
		if codesEnd.IsZero() || time.Until(codesEnd) > time.Second {
			return ErrPairingClosed
		}
		return ErrQRTimeout
	}
	askedCode := false
	for {
		var item whatsmeow.QRChannelItem
		select {
		case <-ctx.Done():
			return fail(ctx.Err())
		case it, ok := <-qr:
			if !ok {
				if ctx.Err() != nil {
					return fail(ctx.Err())
				}
				return fail(ended())
			}
			item = it
		}
		switch item.Event {
		case whatsmeow.QRChannelEventCode:
			codesEnd = time.Now().Add(item.Timeout)
			if ui.QR != nil {
				ui.QR(item.Code, item.Timeout)
			}
			if phone != "" && !askedCode {
				askedCode = true
				code, err := cli.PairPhone(ctx, phone, true, whatsmeow.PairClientChrome, "Chrome (Linux)")
				if err != nil {
					return fail(fmt.Errorf("ask for a pairing code: %w", lostWhatsApp(err)))
				}
				if ui.PhoneCode != nil {
					ui.PhoneCode(code)
				}
			}
		case whatsmeow.QRChannelSuccess.Event:
			if dev.ID == nil {
				return fail(errors.New("pairing succeeded but the device has no ID"))
			}
			number := dev.ID.User
			if other, err := br.pairedElsewhere(ctx, number); err != nil {
				return fail(err)
			} else if other != "" {
				// Both branches would answer every message: unlink the new device at once.
				lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
				for !cli.IsLoggedIn() && lctx.Err() == nil { // it logs in anew after pairing
					sleep(lctx, 50*time.Millisecond)
				}
				if err := cli.Logout(lctx); err != nil {
					log.Warn().Err(err).Msg("Could not unlink the refused device; remove it on the phone under Linked devices.")
				}
				cancel()
				return fail(&PhoneInUseError{Phone: number, Branch: other})
			}
			br.setClient(cli, dev)
			if err := br.saveDevice(ctx, dev.ID.String()); err != nil {
				return fail(fmt.Errorf("save the paired device: %w", err))
			}
			return cli, *dev.ID, nil
		case whatsmeow.QRChannelTimeout.Event:
			return fail(ended())
		case whatsmeow.QRChannelClientOutdated.Event:
			return fail(ErrOutdated)
		case whatsmeow.QRChannelScannedWithoutMultidevice.Event:
			if ui.Notice != nil {
				ui.Notice("The phone scanned the code but has multi-device turned off: turn it on, then scan again.")
			}
		case whatsmeow.QRChannelErrUnexpectedEvent.Event:
			return fail(ErrPairingClosed)
		case whatsmeow.QRChannelEventError:
			return fail(fmt.Errorf("pairing failed: %w", item.Error))
		default:
			// Newer whatsmeow versions add events to the QR channel: noted, never fatal.
			log.Warn().Str("event", item.Event).Msg("An event on the pairing channel kopbot does not know; pairing goes on.")
		}
	}
}

// PhoneInUseError is a phone number paired to one branch being scanned for another: both
// would answer every message, so the new pairing is undone.
type PhoneInUseError struct {
	Phone, Branch string
}

func (e *PhoneInUseError) Error() string {
	return fmt.Sprintf("WhatsApp number +%s is already paired to branch %s; unlink it there first (kopbot pair %s with another number), or pair another number here", e.Phone, e.Branch, e.Branch)
}

// pairedElsewhere returns the other branch paired with WhatsApp number phone, "" when none is.
func (br *Branch) pairedElsewhere(ctx context.Context, phone string) (string, error) {
	var other string
	err := br.bot.DB.View(ctx, func(tx *store.Tx) error {
		b, err := tx.BranchPairedWith(ctx, phone, br.ID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		other = b.ID
		return err
	})
	return other, err
}

// PairPhone asks WhatsApp for a code to pair the branch by phone number instead of
// scanning; the branch must be showing its QR code (unpaired).
func (br *Branch) PairPhone(ctx context.Context, phone string) (string, error) {
	br.mu.Lock()
	cli, dev, st := br.client, br.device, br.state
	br.mu.Unlock()
	if st.Problem == ProblemUnreachable {
		return "", ErrUnreachable
	}
	if cli == nil || dev == nil || dev.ID != nil || st.QR == "" {
		return "", ErrNotPairing
	}
	code, err := cli.PairPhone(ctx, phone, true, whatsmeow.PairClientChrome, "Chrome (Linux)")
	return code, lostWhatsApp(err)
}

// lostWhatsApp marks an error of a request to WhatsApp that never got an answer (the
// connection dropped or timed out) as ErrUnreachable, so staff are not told WhatsApp refused it.
func lostWhatsApp(err error) error {
	var gone *whatsmeow.DisconnectedError
	if errors.Is(err, whatsmeow.ErrNotConnected) || errors.Is(err, whatsmeow.ErrIQTimedOut) || errors.As(err, &gone) {
		return fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	return err
}

// Pair pairs a branch from the command line, replacing any device it had, and waits for the
// first connection so the pairing is complete before it returns the paired number.
func (b *Bot) Pair(ctx context.Context, branchID, phone string, ui PairUI) (string, error) {
	br, ok := b.byID[branchID]
	if !ok {
		return "", fmt.Errorf("no branch %q", branchID)
	}
	if dev, err := br.pairedDevice(ctx); err != nil {
		return "", err
	} else if dev != nil {
		br.unlink(ctx, dev)
	}
	connected := make(chan struct{}, 1)
	br.bot.onConnected = func() {
		select {
		case connected <- struct{}{}:
		default:
		}
	}
	cli, jid, err := br.pair(ctx, phone, ui)
	if err != nil {
		return "", err
	}
	defer cli.Disconnect()
	select {
	case <-connected:
	case <-time.After(30 * time.Second):
		zerolog.Ctx(ctx).Warn().Msg("Paired, but the first connection did not complete in 30 seconds; serve will finish it.")
	case <-ctx.Done():
	}
	return jid.User, nil
}

// unlink logs a device kopbot is replacing out of WhatsApp, so it leaves the phone's
// Linked devices, and forgets it; when WhatsApp cannot be reached it is forgotten here
// only, with a warning that the phone may still list it.
func (br *Branch) unlink(ctx context.Context, dev *wastore.Device) {
	log := zerolog.Ctx(ctx)
	cli := br.newClient(dev, *log)
	// Nothing is taken in on this connection: a message refused here (not acknowledged)
	// is delivered again to the new device.
	cli.AddEventHandlerWithSuccessStatus(func(evt any) bool {
		_, isMessage := evt.(*events.Message)
		return !isMessage
	})
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	err := cli.Connect()
	if err == nil {
		start := time.Now()
		for !cli.IsLoggedIn() && ctx.Err() == nil && (cli.IsConnected() || time.Since(start) < 2*time.Second) {
			sleep(ctx, 50*time.Millisecond)
		}
		err = cli.Logout(ctx)
	}
	cli.Disconnect()
	if err != nil {
		log.Warn().Err(err).Msg("Could not log the old device out of WhatsApp; the phone may still list it under Linked devices: remove it there.")
	} else {
		log.Info().Msg("Logged the old device out of WhatsApp.")
	}
	br.setClient(nil, dev)
	br.forgetDevice(ctx)
}

// Paired reports the number a branch is paired with, empty when it is not.
func (b *Bot) Paired(ctx context.Context, branchID string) (string, error) {
	br, ok := b.byID[branchID]
	if !ok {
		return "", fmt.Errorf("no branch %q", branchID)
	}
	dev, err := br.pairedDevice(ctx)
	if err != nil || dev == nil || dev.ID == nil {
		return "", err
	}
	return dev.ID.User, nil
}

func jitter() float64 { return rand.Float64() }
