package bot

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/outbox"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

// fakeClient stands in for WhatsApp's servers behind *whatsmeow.Client.
type fakeClient struct {
	dev *wastore.Device

	mu        sync.Mutex
	handlers  []whatsmeow.EventHandlerWithSuccessStatus
	connected bool
	loggedOut bool
	connects  int
	sent      []sentMessage
	read      []types.MessageID
	qr        chan whatsmeow.QRChannelItem

	connectErr func() error
	download   func(msg whatsmeow.DownloadableMessage) ([]byte, error)
	pairPhone  func(phone string) (string, error)
	sendErr    func(to types.JID, msg *waE2E.Message) error
	lids       map[types.JID]types.JID // the LIDs WhatsApp reports for phone numbers
	userInfos  int                     // how often WhatsApp was asked
}

type sentMessage struct {
	to  types.JID
	msg *waE2E.Message
	id  types.MessageID
}

var _ Client = (*fakeClient)(nil)

func (f *fakeClient) Connect() error {
	f.mu.Lock()
	f.connects++
	connectErr := f.connectErr
	f.mu.Unlock()
	if connectErr != nil {
		if err := connectErr(); err != nil {
			return err
		}
	}
	f.mu.Lock()
	f.connected = true
	f.mu.Unlock()
	return nil
}

func (f *fakeClient) Disconnect() {
	f.mu.Lock()
	f.connected = false
	f.mu.Unlock()
}

// Logout unlinks the device, as the phone's Linked devices would show.
func (f *fakeClient) Logout(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.connected {
		return errors.New("not connected")
	}
	f.connected, f.loggedOut = false, true
	return nil
}

func (f *fakeClient) IsConnected() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.connected
}

func (f *fakeClient) IsLoggedIn() bool { return f.IsConnected() }

func (f *fakeClient) AddEventHandlerWithSuccessStatus(h whatsmeow.EventHandlerWithSuccessStatus) uint32 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.handlers = append(f.handlers, h)
	return uint32(len(f.handlers))
}

// emit delivers an event as whatsmeow would, to every handler; false when one failed it.
func (f *fakeClient) emit(evt any) bool {
	f.mu.Lock()
	hs := append([]whatsmeow.EventHandlerWithSuccessStatus(nil), f.handlers...)
	f.mu.Unlock()
	for _, h := range hs {
		if !h(evt) {
			return false
		}
	}
	return true
}

func (f *fakeClient) GetQRChannel(ctx context.Context) (<-chan whatsmeow.QRChannelItem, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.qr == nil {
		return nil, errors.New("no QR channel in this test")
	}
	return f.qr, nil
}

func (f *fakeClient) PairPhone(ctx context.Context, phone string, _ bool, _ whatsmeow.PairClientType, _ string) (string, error) {
	if f.pairPhone == nil {
		return "", errors.New("no phone pairing in this test")
	}
	return f.pairPhone(phone)
}

func (f *fakeClient) SendMessage(ctx context.Context, to types.JID, msg *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error) {
	if f.sendErr != nil {
		if err := f.sendErr(to, msg); err != nil {
			return whatsmeow.SendResponse{}, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	s := sentMessage{to: to, msg: msg}
	if len(extra) > 0 {
		s.id = extra[0].ID
	}
	f.sent = append(f.sent, s)
	return whatsmeow.SendResponse{ID: s.id}, nil
}

func (f *fakeClient) Upload(ctx context.Context, data []byte, _ whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	return whatsmeow.UploadResponse{URL: "https://mmg.example/u", DirectPath: "/u", FileLength: uint64(len(data)),
		MediaKey: []byte("k"), FileSHA256: []byte("s"), FileEncSHA256: []byte("e")}, nil
}

func (f *fakeClient) DownloadToFile(ctx context.Context, msg whatsmeow.DownloadableMessage, file whatsmeow.File) error {
	if f.download == nil {
		return errors.New("no media in this test")
	}
	data, err := f.download(msg)
	if data != nil {
		if _, werr := file.Write(data); werr != nil {
			return werr
		}
	}
	return err
}

func (f *fakeClient) GetUserInfo(ctx context.Context, jids []types.JID) (map[types.JID]types.UserInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.userInfos++
	out := map[types.JID]types.UserInfo{}
	for _, j := range jids {
		out[j] = types.UserInfo{LID: f.lids[j]}
	}
	return out, nil
}

func (f *fakeClient) MarkRead(ctx context.Context, ids []types.MessageID, _ time.Time, _, _ types.JID, _ ...types.ReceiptType) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.read = append(f.read, ids...)
	return nil
}

func (f *fakeClient) sentTexts() []sentMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sentMessage(nil), f.sent...)
}

func (f *fakeClient) readIDs() []types.MessageID {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]types.MessageID(nil), f.read...)
}

// testBot is a bot on a real database, device store and runner, with demo members,
// whose WhatsApp clients are fakes made by newClient.
func testBot(t *testing.T, newClient func(dev *wastore.Device) *fakeClient) (*Bot, *store.DB) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db := storetest.Open(t)
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	err := db.Update(ctx, func(tx *store.Tx) error { return tx.SyncDemoSetup(ctx) })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SeedDemo(ctx, "pusat", now, ""); err != nil {
		t.Fatal(err)
	}
	devices, err := OpenDevices(ctx, filepath.Join(dir, "whatsapp.db"), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { devices.Close() })
	runner := &flows.Runner{DB: db, Now: time.Now, SessionTimeout: 15 * time.Minute, Language: "id", Cooperative: "KSP Sejahtera", Location: time.UTC}
	b := &Bot{DB: db, Devices: devices, Handle: runner.Handle, StaffWrote: runner.StaffWrote, Log: zerolog.Nop(),
		Settings: Settings{MediaDir: filepath.Join(dir, "media"), MaxImageBytes: 1 << 20,
			Limits: outbox.SendLimits{InteractivePerMinute: 600, BulkPerMinute: 60, MaxAttempts: 3, RetryBase: 2 * time.Second, RetryMax: time.Minute}},
		reconnectMin: 10 * time.Millisecond,
	}
	if newClient != nil {
		b.NewClient = func(dev *wastore.Device, _ zerolog.Logger) Client { return newClient(dev) }
	}
	b.AddBranch("pusat", "Kantor Pusat")
	return b, db
}

// viewed returns what read finds in db in one read transaction, failing the test on an error.
func viewed[T any](t *testing.T, db *store.DB, read func(ctx context.Context, tx *store.Tx) (T, error)) T {
	t.Helper()
	var v T
	err := db.View(context.Background(), func(tx *store.Tx) (err error) {
		v, err = read(context.Background(), tx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// queued returns the outbox, oldest first.
func queued(t *testing.T, db *store.DB) []store.OutMessage {
	t.Helper()
	return viewed(t, db, func(ctx context.Context, tx *store.Tx) ([]store.OutMessage, error) {
		return tx.Queued(ctx, "pusat", 1000)
	})
}

// eventually polls cond for up to 30 s: the bot works in goroutines of its own, and a
// pairing (Noise handshake, Signal keys) under the race detector on a busy two-core machine
// was seen to take over 10 s. A condition met returns at once, so the margin costs nothing.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

type (
	storeOut = store.OutMessage
	storeTx  = store.Tx
)
