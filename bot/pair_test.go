package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waAdv"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/kopbot/kopbot/store"
)

var branchPhone = types.JID{User: "6281299999999", Device: 12, Server: types.DefaultUserServer}

// pairingClient is a fake whose QR channel the test feeds, as WhatsApp's servers would.
func pairingClient(clients *[]*fakeClient, mu *sync.Mutex) func(dev *wastore.Device) *fakeClient {
	return func(dev *wastore.Device) *fakeClient {
		f := &fakeClient{dev: dev, qr: make(chan whatsmeow.QRChannelItem, 8)}
		mu.Lock()
		*clients = append(*clients, f)
		mu.Unlock()
		return f
	}
}

// link does what the phone and WhatsApp do when a code is scanned: the device gets its ID
// and is stored, pairing succeeds, and the client connects.
func link(t *testing.T, f *fakeClient) {
	id := branchPhone
	f.dev.ID = &id
	f.dev.Account = testAccount()
	if err := f.dev.Save(context.Background()); err != nil {
		t.Errorf("store the linked device: %v", err)
		f.qr <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventError, Error: err}
		close(f.qr)
		return
	}
	f.emit(&events.PairSuccess{ID: id})
	f.qr <- whatsmeow.QRChannelSuccess
	close(f.qr)
	f.emit(&events.Connected{})
}

func deviceOf(t *testing.T, db *store.DB) string {
	t.Helper()
	return viewed(t, db, func(ctx context.Context, tx *store.Tx) (store.Branch, error) { return tx.Branch(ctx, "pusat") }).DeviceJID
}

func TestPairShowsEachCodeAsItRotatesThenTimesOut(t *testing.T) {
	var clients []*fakeClient
	var mu sync.Mutex
	b, db := testBot(t, pairingClient(&clients, &mu))
	var shown []string
	ui := PairUI{QR: func(code string, _ time.Duration) { shown = append(shown, code) }}
	go func() {
		for clientsLen(&mu, &clients) == 0 {
			time.Sleep(time.Millisecond)
		}
		f := clients[0]
		for _, c := range []string{"2@code-one", "2@code-two", "2@code-three"} {
			// Each code's time is played as already over: the round ran its course.
			f.qr <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: c}
		}
		f.qr <- whatsmeow.QRChannelTimeout
		close(f.qr)
	}()
	_, err := b.Pair(context.Background(), "pusat", "", ui)
	if !errors.Is(err, ErrQRTimeout) {
		t.Fatalf("want ErrQRTimeout when no code is scanned, got %v", err)
	}
	if len(shown) != 3 || shown[0] != "2@code-one" || shown[2] != "2@code-three" {
		t.Errorf("each code should be shown in turn, got %v", shown)
	}
	if d := deviceOf(t, db); d != "" {
		t.Errorf("an unfinished pairing saved device %q", d)
	}
	if clients[0].IsConnected() {
		t.Error("the pairing connection was left open")
	}
}

func clientsLen(mu *sync.Mutex, c *[]*fakeClient) int {
	mu.Lock()
	defer mu.Unlock()
	return len(*c)
}

func TestPairSuccessSavesTheDeviceAndReportsTheNumber(t *testing.T) {
	var clients []*fakeClient
	var mu sync.Mutex
	b, db := testBot(t, pairingClient(&clients, &mu))
	ui := PairUI{QR: func(code string, _ time.Duration) {
		go link(t, clients[0]) // the phone scans the first code
	}}
	go func() {
		for clientsLen(&mu, &clients) == 0 {
			time.Sleep(time.Millisecond)
		}
		clients[0].qr <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: "2@first", Timeout: time.Minute}
	}()
	number, err := b.Pair(context.Background(), "pusat", "", ui)
	if err != nil {
		t.Fatal(err)
	}
	if number != "6281299999999" {
		t.Errorf("paired number %q", number)
	}
	if d := deviceOf(t, db); d != branchPhone.String() {
		t.Errorf("branch device %q, want the full device JID %q", d, branchPhone.String())
	}
	if got, err := b.Paired(context.Background(), "pusat"); err != nil || got != "6281299999999" {
		t.Errorf("Paired = %q, %v: the saved device should be found in the device store", got, err)
	}
}

func TestPairByPhoneCode(t *testing.T) {
	var clients []*fakeClient
	var mu sync.Mutex
	b, _ := testBot(t, func(dev *wastore.Device) *fakeClient {
		f := pairingClient(&clients, &mu)(dev)
		f.pairPhone = func(phone string) (string, error) {
			if phone != "6281299999999" {
				return "", errors.New("wrong phone " + phone)
			}
			return "ABCDEFGH", nil
		}
		return f
	})
	var code string
	ui := PairUI{PhoneCode: func(c string) {
		code = c
		go link(t, clients[0])
	}}
	go func() {
		for clientsLen(&mu, &clients) == 0 {
			time.Sleep(time.Millisecond)
		}
		clients[0].qr <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: "2@first", Timeout: time.Minute}
	}()
	if _, err := b.Pair(context.Background(), "pusat", "6281299999999", ui); err != nil {
		t.Fatal(err)
	}
	if code != "ABCDEFGH" {
		t.Errorf("pairing code shown: %q", code)
	}
}

func TestPairWithoutWhatsAppSaysItCannotReachIt(t *testing.T) {
	b, _ := testBot(t, func(dev *wastore.Device) *fakeClient {
		return &fakeClient{dev: dev, qr: make(chan whatsmeow.QRChannelItem), connectErr: func() error {
			return errors.New("dial tcp: lookup web.whatsapp.com: no such host")
		}}
	})
	_, err := b.Pair(context.Background(), "pusat", "", PairUI{})
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("want ErrUnreachable, got %v", err)
	}
}

// pairedBot is a test bot whose branch is paired with a device saved in the device store.
func pairedBot(t *testing.T, newClient func(dev *wastore.Device) *fakeClient) (*Bot, *store.DB) {
	t.Helper()
	b, db := testBot(t, newClient)
	ctx := context.Background()
	dev := b.Devices.NewDevice()
	id := branchPhone
	dev.ID = &id
	dev.Account = testAccount()
	if err := dev.Save(ctx); err != nil {
		t.Fatal(err)
	}
	br, _ := b.Branch("pusat")
	if err := br.saveDevice(ctx, id.String()); err != nil {
		t.Fatal(err)
	}
	return b, db
}

func TestPairReplacesTheOldDevice(t *testing.T) {
	var clients []*fakeClient
	var mu sync.Mutex
	b, db := pairedBot(t, pairingClient(&clients, &mu))
	ctx := context.Background()
	if got, _ := b.Paired(ctx, "pusat"); got != "6281299999999" {
		t.Fatalf("set-up: paired %q", got)
	}
	go func() {
		// The first client is the old device's, logged out; the second pairs.
		for clientsLen(&mu, &clients) < 2 {
			time.Sleep(time.Millisecond)
		}
		mu.Lock()
		f := clients[1]
		mu.Unlock()
		f.qr <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: "2@ref,k,k,k"}
		f.qr <- whatsmeow.QRChannelTimeout
		close(f.qr)
	}()
	if _, err := b.Pair(ctx, "pusat", "", PairUI{}); !errors.Is(err, ErrQRTimeout) {
		t.Fatalf("got %v", err)
	}
	mu.Lock()
	old := clients[0]
	mu.Unlock()
	if !old.loggedOut {
		t.Error("re-pairing should log the old device out, so it leaves the phone's linked devices")
	}
	if d := deviceOf(t, db); d != "" {
		t.Errorf("replacing should drop the old device, still mapped to %q", d)
	}
	if dev, err := b.Devices.GetDevice(ctx, branchPhone); err != nil || dev != nil {
		t.Errorf("the old device should be deleted from the device store, got %v, %v", dev, err)
	}
}

// testAccount is the signed identity WhatsApp gives a linked device, shaped as the device store checks it.
func testAccount() *waAdv.ADVSignedDeviceIdentity {
	return &waAdv.ADVSignedDeviceIdentity{Details: []byte{1}, AccountSignature: make([]byte, 64),
		AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
}

// unscannedRounds is a client factory whose every pairing round shows one code nobody scans.
func unscannedRounds(clients *clientLog, early bool) func(dev *wastore.Device) *fakeClient {
	return func(dev *wastore.Device) *fakeClient {
		f := &fakeClient{dev: dev, qr: make(chan whatsmeow.QRChannelItem, 8)}
		if !early {
			f.qr <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: fmt.Sprintf("2@round-%d,k,k,k", clients.n()+1)}
		} else {
			f.qr <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: "2@cut,k,k,k", Timeout: time.Minute}
		}
		f.qr <- whatsmeow.QRChannelTimeout
		close(f.qr)
		return clients.add(f)
	}
}

// A pairing connection WhatsApp closes before its codes ran out is retried with backoff,
// not at once (against WhatsApp that was dozens of handshakes in two seconds).
func TestPairingClosedEarlyBacksOff(t *testing.T) {
	var clients clientLog
	b, _ := testBot(t, unscannedRounds(&clients, true))
	b.reconnectMin = 20 * time.Millisecond
	b.qrRounds = 1000 // the pause after unscanned rounds must not hide a missing backoff
	running(t, b)
	time.Sleep(time.Second)
	if n := clients.n(); n > 8 || n < 2 {
		t.Fatalf("%d pairing connections in a second; with backoff from 20 ms there are about 6", n)
	}
	br, _ := b.Branch("pusat")
	if st := br.State(); st.Name != StateUnpaired || !strings.Contains(st.Detail, "closed the pairing connection early") {
		t.Errorf("state %+v", st)
	}
}

// After rounds of QR codes nobody scanned the branch stops asking WhatsApp for more, and
// says so, until someone opens its page (WantQR).
func TestUnscannedQRCodesPauseUntilWanted(t *testing.T) {
	var clients clientLog
	b, _ := testBot(t, unscannedRounds(&clients, false))
	b.qrRounds = 3
	running(t, b)
	br, _ := b.Branch("pusat")
	eventually(t, "three rounds of codes", func() bool { return clients.n() >= 3 })
	time.Sleep(200 * time.Millisecond)
	if n := clients.n(); n != 3 {
		t.Fatalf("%d rounds of QR codes; after 3 unscanned ones the branch should stop asking", n)
	}
	st := br.State()
	if st.QR != "" || !st.QRPaused || !strings.Contains(st.Detail, "stopped asking WhatsApp") || !strings.Contains(st.Detail, "kopbot pair pusat") {
		t.Errorf("paused state %+v", st)
	}
	br.WantQR()
	eventually(t, "fresh codes after the page is opened", func() bool { return clients.n() >= 4 })
}

// Newer whatsmeow versions add events to the QR channel: one kopbot does not know is
// logged and pairing goes on.
func TestUnknownQREventIsNotFatal(t *testing.T) {
	var clients []*fakeClient
	var mu sync.Mutex
	b, db := testBot(t, pairingClient(&clients, &mu))
	go func() {
		for clientsLen(&mu, &clients) == 0 {
			time.Sleep(time.Millisecond)
		}
		f := clients[0]
		f.qr <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: "2@one,k,k,k", Timeout: time.Minute}
		f.qr <- whatsmeow.QRChannelItem{Event: "qr-refresh-after-scan"} // a 2026 addition, say
		link(t, f)
	}()
	phone, err := b.Pair(context.Background(), "pusat", "", PairUI{})
	if err != nil || phone != "6281299999999" {
		t.Fatalf("pairing after an unknown QR event: %q, %v", phone, err)
	}
	if d := deviceOf(t, db); d == "" {
		t.Error("the device was not saved")
	}
}
