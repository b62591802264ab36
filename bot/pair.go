package bot

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/rs/zerolog"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
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
// the same device would be refused.
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
				return fail(ErrQRTimeout)
			}
			item = it
		}
		switch item.Event {
		case whatsmeow.QRChannelEventCode:
			if ui.QR != nil {
				ui.QR(item.Code, item.Timeout)
			}
			if phone != "" && !askedCode {
				askedCode = true
				code, err := cli.PairPhone(ctx, phone, true, whatsmeow.PairClientChrome, "Chrome (Linux)")
				if err != nil {
					return fail(fmt.Errorf("ask for a pairing code: %w", err))
				}
				if ui.PhoneCode != nil {
					ui.PhoneCode(code)
				}
			}
		case whatsmeow.QRChannelSuccess.Event:
			if dev.ID == nil {
				return fail(errors.New("pairing succeeded but the device has no ID"))
			}
			br.setClient(cli, dev)
			if err := br.saveDevice(ctx, dev.ID.String()); err != nil {
				return fail(fmt.Errorf("save the paired device: %w", err))
			}
			return cli, *dev.ID, nil
		case whatsmeow.QRChannelTimeout.Event:
			return fail(ErrQRTimeout)
		case whatsmeow.QRChannelClientOutdated.Event:
			br.setState(StateOutdated, "WhatsApp refuses this kopbot version as outdated. Update kopbot, then restart.")
			return fail(ErrOutdated)
		case whatsmeow.QRChannelScannedWithoutMultidevice.Event:
			if ui.Notice != nil {
				ui.Notice("The phone scanned the code but has multi-device turned off: turn it on, then scan again.")
			}
		case whatsmeow.QRChannelEventError:
			return fail(fmt.Errorf("pairing failed: %w", item.Error))
		default:
			return fail(fmt.Errorf("pairing stopped: %s", item.Event))
		}
	}
}

// PairPhone asks WhatsApp for a code to pair the branch by phone number instead of
// scanning; the branch must be showing its QR code (unpaired).
func (br *Branch) PairPhone(ctx context.Context, phone string) (string, error) {
	br.mu.Lock()
	cli, dev, st := br.client, br.device, br.state
	br.mu.Unlock()
	if cli == nil || dev == nil || dev.ID != nil || st.QR == "" {
		return "", ErrNotPairing
	}
	return cli.PairPhone(ctx, phone, true, whatsmeow.PairClientChrome, "Chrome (Linux)")
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
		br.setClient(nil, dev)
		br.forgetDevice(ctx)
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
