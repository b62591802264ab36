package bot

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"go.mau.fi/whatsmeow"
	wastore "go.mau.fi/whatsmeow/store"

	"github.com/kopbot/kopbot/bot/fakewa"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/outbox"
	"github.com/kopbot/kopbot/qris"
	"github.com/kopbot/kopbot/store"
)

// The end-to-end suite: kopbot's real Bot (runner, store, outbox, sender) with the real
// whatsmeow client, against the fake WhatsApp server in bot/fakewa.

const e2ePhone = "6281100000001"

// e2e is one kopbot installation's data (database, device store, media) that bots can be
// started on and stopped, as kopbot serve is started and stopped.
type e2e struct {
	t   *testing.T
	srv *fakewa.Server
	dir string
	db  *store.DB
	dev *Devices

	opts []func(*Bot) // applied to the next bot started
}

func newE2E(t *testing.T) *e2e {
	t.Helper()
	tb, db := testBot(t, nil) // the database with demo members
	e := &e2e{t: t, srv: fakewa.New(t), dir: filepath.Dir(tb.Settings.MediaDir), db: db, dev: tb.Devices}
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(context.Background(), "6281200000001")
		if err != nil {
			return err
		}
		return tx.SetMerchant(context.Background(), m.ID, true, staticQRIS("BUDI SANTOSO"))
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func staticQRIS(name string) string {
	return qris.Encode(&qris.Payload{Fields: []qris.Field{
		qris.NewField("00", "01"), qris.NewField("01", "11"),
		qris.NewTemplate("26", qris.NewField("00", "ID.CO.QRIS.WWW"), qris.NewField("01", "936008990000012345"),
			qris.NewField("02", "000001234567890"), qris.NewField("03", "UMI")),
		qris.NewTemplate("51", qris.NewField("00", "ID.CO.QRIS.WWW"), qris.NewField("02", "ID1020012345678"), qris.NewField("03", "UMI")),
		qris.NewField("52", "5812"), qris.NewField("53", "360"), qris.NewField("58", "ID"),
		qris.NewField("59", name), qris.NewField("60", "BANDUNG"),
	}})
}

// start runs a fresh Bot on the installation's data, as kopbot serve would; stop ends it.
func (e *e2e) start(opts ...func(*Bot)) (*Bot, *Branch, func()) {
	e.t.Helper()
	e.opts = opts
	b, _, stop := e.startWith("pusat")
	e.opts = nil
	br, _ := b.Branch("pusat")
	return b, br, stop
}

// startWith runs a Bot with the given branches (none: a bot for kopbot pair, not running).
func (e *e2e) startWith(branches ...string) (*Bot, *Branch, func()) {
	e.t.Helper()
	runner := &flows.Runner{DB: e.db, Now: time.Now, SessionTimeout: 15 * time.Minute, Language: "id", Cooperative: "KSP Sejahtera",
		Location: time.UTC, MediaDir: filepath.Join(e.dir, "media")}
	log := zerolog.Nop()
	if os.Getenv("KOPBOT_E2E_LOG") != "" {
		log = zerolog.New(zerolog.NewTestWriter(e.t)).Level(zerolog.DebugLevel)
	}
	b := &Bot{DB: e.db, Devices: e.dev, Handle: runner.Handle, StaffWrote: runner.StaffWrote, Log: log, ConfigureClient: e.srv.Configure,
		Settings: Settings{MediaDir: filepath.Join(e.dir, "media"), MaxImageBytes: 1 << 20,
			Limits: outbox.SendLimits{InteractivePerMinute: 600, BulkPerMinute: 600, MaxAttempts: 5, RetryBase: 100 * time.Millisecond, RetryMax: time.Second}},
		reconnectMin: 50 * time.Millisecond,
	}
	if len(branches) == 0 {
		return b, nil, func() {}
	}
	for _, id := range branches {
		b.AddBranch(id, id)
	}
	for _, o := range e.opts {
		o(b)
	}
	stop := running(e.t, b)
	return b, nil, stop
}

// paired starts kopbot with the branch and pairs it from its QR code.
func (e *e2e) paired() (*Branch, *fakewa.Account, context.Context) {
	_, br, _ := e.start()
	return br, e.pair(br), e.ctx()
}

func (e *e2e) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	e.t.Cleanup(cancel)
	return ctx
}

// waitState waits until the branch is in state name.
func waitState(t *testing.T, br *Branch, name string) State {
	t.Helper()
	eventually(t, "the branch is "+name+" (it is "+br.State().Name+")", func() bool { return br.State().Name == name })
	return br.State()
}

// pair scans the QR code the branch shows with the branch's phone and waits until it is connected.
func (e *e2e) pair(br *Branch) *fakewa.Account {
	e.t.Helper()
	eventually(e.t, "the branch shows a QR code", func() bool { return br.State().QR != "" })
	acct, err := e.srv.Scan(e.ctx(), br.State().QR, e2ePhone)
	if err != nil {
		e.t.Fatal(err)
	}
	st := waitState(e.t, br, StateConnected)
	if st.Phone != e2ePhone {
		e.t.Fatalf("connected as %q", st.Phone)
	}
	return acct
}

func want(t *testing.T, r *fakewa.Received, err error, text string) *fakewa.Received {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text(), text) {
		t.Fatalf("got %q, want it to contain %q", r.Text(), text)
	}
	return r
}

// A branch paired by scanning its QR code answers members writing from a phone number and
// from a LID; a photo reaches the media directory; a QRIS image reaches the member intact.
func TestE2EPairAndServeMembers(t *testing.T) {
	e := newE2E(t)
	_, acct, ctx := e.paired()

	dewi := e.srv.Member("6281200000004", "Dewi")
	if _, err := dewi.Send(ctx, acct, "saldo"); err != nil {
		t.Fatal(err)
	}
	r, err := dewi.Next(ctx)
	want(t, r, err, "Tabungan Dewi Lestari")
	want(t, r, nil, "Total: *Rp")
	if r.To.User != dewi.PN.User {
		t.Fatalf("reply went to %v", r.To)
	}
	budi := e.srv.Member("6281200000001", "Budi")

	siti := e.srv.LIDMember("6281200000002", "Siti")
	if _, err := siti.Send(ctx, acct, "saldo"); err != nil {
		t.Fatal(err)
	}
	r, err = siti.Next(ctx)
	want(t, r, err, "Tabungan Siti Rahmawati")
	want(t, r, nil, "Total: *Rp")
	if r.To.User != siti.LID.User {
		t.Fatalf("a member writing from a LID was answered at %v, not in their LID chat", r.To)
	}

	// A photo for Setoran lands in the media directory, byte for byte (2: Tabungan; the paid
	// simpanan pokok is not offered).
	for _, step := range []string{"setoran", "1", "2", "500rb", "kemarin", "bca", "budi santoso"} {
		if _, err := budi.Send(ctx, acct, step); err != nil {
			t.Fatal(err)
		}
		if _, err := budi.Next(ctx); err != nil {
			t.Fatal(err)
		}
	}
	photo := bytes.Repeat([]byte("\xff\xd8\xff\xe0 bukti transfer "), 300)
	id, err := budi.SendImage(ctx, acct, photo, "image/jpeg", "")
	if err != nil {
		t.Fatal(err)
	}
	r, err = budi.Next(ctx)
	want(t, r, err, "")
	kept, err := os.ReadFile(filepath.Join(e.dir, "media", "pusat", safeName(id)+".jpg"))
	if err != nil || !bytes.Equal(kept, photo) {
		t.Fatalf("the member's photo in the media directory: %v (%d bytes, sent %d); reply %q", err, len(kept), len(photo), r.Text())
	}

	// A QRIS invoice's QR image reaches the member's phone and decodes as a PNG.
	for _, step := range []string{"menu", "terima qris", "25rb"} {
		if _, err := budi.Send(ctx, acct, step); err != nil {
			t.Fatal(err)
		}
		if _, err := budi.Next(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := budi.Send(ctx, acct, "-"); err != nil {
		t.Fatal(err)
	}
	r, err = budi.Next(ctx)
	want(t, r, err, "QRIS BUDI SANTOSO")
	img, err := budi.Download(ctx, r.Message.GetImageMessage())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(img)); err != nil {
		t.Fatalf("the QRIS image the member got is no PNG: %v", err)
	}
	sent, err := os.ReadFile(filepath.Join(e.dir, "media", "qris", "QR-000001.png"))
	if err != nil || !bytes.Equal(sent, img) {
		t.Fatalf("the member's QRIS image differs from the invoice's (%v)", err)
	}
}

// send writes text as m and returns the reply.
func send(t *testing.T, ctx context.Context, m *fakewa.Member, acct *fakewa.Account, text string) *fakewa.Received {
	t.Helper()
	if _, err := m.Send(ctx, acct, text); err != nil {
		t.Fatal(err)
	}
	r, err := m.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// noMore checks that m gets nothing more for a moment.
func noMore(t *testing.T, m *fakewa.Member) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if r, err := m.Next(ctx); err == nil {
		t.Fatalf("%s got an unexpected message: %q", m.Name, r.Text())
	}
}

// Stopped and started again, kopbot logs in with its saved device (no QR code), and what
// members wrote while it was down (WhatsApp's offline queue) is answered.
func TestE2ERestartAndOfflineQueue(t *testing.T) {
	e := newE2E(t)
	_, br, stop := e.start()
	acct := e.pair(br)
	ctx := e.ctx()
	dewi := e.srv.Member("6281200000004", "Dewi")
	want(t, send(t, ctx, dewi, acct, "halo"), nil, "Dewi")
	stop()
	eventually(t, "the device is offline", func() bool { return !acct.Connected() })

	if _, err := dewi.Send(ctx, acct, "saldo"); err != nil {
		t.Fatal(err)
	}
	if acct.Pending() != 1 {
		t.Fatalf("WhatsApp holds %d messages for the stopped branch, want 1", acct.Pending())
	}
	_, br, _ = e.start()
	waitState(t, br, StateConnected)
	if br.State().QR != "" {
		t.Fatal("a paired branch showed a QR code after a restart")
	}
	r, err := dewi.Next(ctx)
	want(t, r, err, "Tabungan Dewi Lestari")
	eventually(t, "WhatsApp no longer holds the message", func() bool { return acct.Pending() == 0 })
	noMore(t, dewi)
	if n := dewi.Duplicates(); n != 0 {
		t.Fatalf("%d messages were sent twice across the restart (a stop must let sends finish)", n)
	}
	if n := len(acct.Devices()); n != 1 {
		t.Fatalf("the account has %d linked devices after a restart, want 1", n)
	}
}

// The phone logging the device out shows a new QR code; scanning it pairs again.
func TestE2ELogoutShowsANewQR(t *testing.T) {
	e := newE2E(t)
	_, br, _ := e.start()
	acct := e.pair(br)
	acct.Logout()
	st := waitState(t, br, StateLoggedOut)
	if !strings.Contains(st.Detail, "Scan") {
		t.Fatalf("logged-out detail %q does not say to scan", st.Detail)
	}
	eventually(t, "a new QR code", func() bool { return br.State().QR != "" })
	acct = e.pair(br)
	dewi := e.srv.Member("6281200000004", "Dewi")
	want(t, send(t, e.ctx(), dewi, acct, "saldo"), nil, "Tabungan Dewi Lestari")
}

// A temporary ban shows as banned until it ends; then the branch connects and answers again.
func TestE2ETemporaryBanAndRecovery(t *testing.T) {
	e := newE2E(t)
	_, br, _ := e.start()
	acct := e.pair(br)
	acct.Ban(2*time.Second, 101)
	st := waitState(t, br, StateBanned)
	if st.BannedUntil.IsZero() || !strings.Contains(st.Detail, "blocked") {
		t.Fatalf("banned state %+v", st)
	}
	ctx := e.ctx()
	dewi := e.srv.Member("6281200000004", "Dewi")
	if _, err := dewi.Send(ctx, acct, "saldo"); err != nil {
		t.Fatal(err)
	}
	r, err := dewi.Next(ctx) // after the ban ends, from WhatsApp's offline queue
	want(t, r, err, "Tabungan Dewi Lestari")
	waitState(t, br, StateConnected)
}

// Another client taking the session stops the branch (it does not fight for it).
func TestE2EStreamReplaced(t *testing.T) {
	e := newE2E(t)
	_, br, _ := e.start()
	acct := e.pair(br)
	handshakes := e.srv.Handshakes()
	acct.Replace()
	waitState(t, br, StateReplaced)
	time.Sleep(300 * time.Millisecond)
	if n := e.srv.Handshakes(); n != handshakes {
		t.Fatalf("a replaced branch connected again (%d handshakes, was %d)", n, handshakes)
	}
}

// The same ciphertext delivered twice is answered once.
func TestE2ERedeliveryAnsweredOnce(t *testing.T) {
	e := newE2E(t)
	_, acct, ctx := e.paired()
	dewi := e.srv.Member("6281200000004", "Dewi")
	id, err := dewi.Send(ctx, acct, "saldo")
	if err != nil {
		t.Fatal(err)
	}
	r, err := dewi.Next(ctx)
	want(t, r, err, "Tabungan Dewi Lestari")
	if err := dewi.Redeliver(acct, id); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the redelivery is acknowledged", func() bool { return acct.Pending() == 0 && len(acct.Receipts(id)) >= 2 })
	noMore(t, dewi)
}

// A member's phone asking again for a reply after kopbot restarted (whatsmeow has forgotten
// it) gets the same message under the same ID, rebuilt from the outbox.
func TestE2ERetryReceiptAfterRestart(t *testing.T) {
	e := newE2E(t)
	_, br, stop := e.start()
	acct := e.pair(br)
	ctx := e.ctx()
	dewi := e.srv.Member("6281200000004", "Dewi")
	first := send(t, ctx, dewi, acct, "saldo")
	want(t, first, nil, "Tabungan Dewi Lestari")
	stop()
	_, br, _ = e.start()
	waitState(t, br, StateConnected)
	if err := dewi.AskAgain(acct, first.ID); err != nil {
		t.Fatal(err)
	}
	again, err := dewi.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID || again.Text() != first.Text() {
		t.Fatalf("asked again for %s %q, got %s %q", first.ID, first.Text(), again.ID, again.Text())
	}
}

// Groups, status updates and channels get no answer, and WhatsApp is told they arrived.
func TestE2EGroupsStatusAndChannelsIgnored(t *testing.T) {
	e := newE2E(t)
	_, acct, ctx := e.paired()
	dewi := e.srv.Member("6281200000004", "Dewi")
	var ids []string
	id, err := dewi.SendInGroup(ctx, acct, "120363000000000001", "saldo")
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, id)
	if id, err = dewi.PostStatus(ctx, acct, "saldo"); err != nil {
		t.Fatal(err)
	}
	ids = append(ids, id)
	if id, err = e.srv.Newsletter(acct, "120363111111111111", "saldo"); err != nil {
		t.Fatal(err)
	}
	ids = append(ids, id)
	eventually(t, "WhatsApp got an answer for each", func() bool {
		for _, id := range ids {
			if len(acct.Receipts(id)) == 0 {
				return false
			}
		}
		return true
	})
	want(t, send(t, ctx, dewi, acct, "halo"), nil, "Dewi") // the first reply is to this
	noMore(t, dewi)
}

// Someone writing to a member from the branch's own phone takes the chat over: the bot
// keeps quiet for that member; kopbot's own replies are not mistaken for staff's.
func TestE2EStaffTakesOverFromThePhone(t *testing.T) {
	e := newE2E(t)
	_, acct, ctx := e.paired()
	dewi := e.srv.Member("6281200000004", "Dewi")
	want(t, send(t, ctx, dewi, acct, "saldo"), nil, "Tabungan Dewi Lestari") // kopbot's own reply takes nothing over
	want(t, send(t, ctx, dewi, acct, "halo"), nil, "Dewi")

	id, err := acct.PhoneWrites(ctx, dewi, "Selamat siang Bu Dewi, saya Rina dari kantor. Ada yang bisa dibantu?")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "kopbot acknowledges the staff message", func() bool { return len(acct.Receipts(id)) > 0 })
	if _, err := dewi.Send(ctx, acct, "saldo"); err != nil {
		t.Fatal(err)
	}
	noMore(t, dewi)
	var open bool
	err = e.db.View(ctx, func(tx *store.Tx) error {
		h, err := tx.OpenHandover(ctx, "pusat", "6281200000004")
		open = err == nil && h.Open()
		return nil
	})
	if err != nil || !open {
		t.Fatalf("no open handover for the member after staff wrote from the phone (%v)", err)
	}
}

// WhatsApp refusing the client as outdated (405) shows on the branch with the versions;
// kopbot fetches WhatsApp Web's current version number and, trying again, connects.
func TestE2EOutdatedRefreshesTheVersion(t *testing.T) {
	e := newE2E(t)
	var told atomic.Int32
	_, br, _ := e.start(func(b *Bot) {
		b.OnOutdated = func(context.Context, string, string) { told.Add(1) }
		b.OutdatedRetry = 500 * time.Millisecond
		b.LatestVersion = func(ctx context.Context) (*wastore.WAVersionContainer, error) {
			return whatsmeow.GetLatestVersion(ctx, e.srv.HTTPClient())
		}
	})
	acct := e.pair(br)
	current := wastore.GetWAVersion()
	e.srv.RequireVersion(current[2] + 1)
	st := waitState(t, br, StateOutdated)
	if !strings.Contains(st.Detail, "outdated") || !strings.Contains(st.Detail, "whatsmeow") || !strings.Contains(st.Detail, current.String()) {
		t.Fatalf("outdated detail %q should name the versions", st.Detail)
	}
	waitState(t, br, StateConnected)
	if told.Load() == 0 {
		t.Error("the admins were not to be told (OnOutdated)")
	}
	if v := wastore.GetWAVersion(); v[2] != current[2]+1 {
		t.Fatalf("version %s, want the revision WhatsApp announced (%d)", v, current[2]+1)
	}
	dewi := e.srv.Member("6281200000004", "Dewi")
	want(t, send(t, e.ctx(), dewi, acct, "saldo"), nil, "Tabungan Dewi Lestari")
}

// Scanning, for a second branch, the number another branch is paired with is refused and
// the new device unlinked; re-pairing a branch logs its old device out of the phone.
func TestE2EOneNumberOneBranchAndRepairing(t *testing.T) {
	e := newE2E(t)
	err := e.db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.SyncBranch(context.Background(), store.Branch{ID: "cabang", Code: "02", Name: "Cabang Timur"})
	})
	if err != nil {
		t.Fatal(err)
	}
	_, br, stop := e.start()
	acct := e.pair(br)
	stop()

	// kopbot serve with both branches: the second scans the first's number.
	b2, _, stop2 := e.startWith("pusat", "cabang")
	cabang, _ := b2.Branch("cabang")
	eventually(t, "the second branch shows a QR code", func() bool { return cabang.State().QR != "" })
	if _, err := e.srv.Scan(e.ctx(), cabang.State().QR, e2ePhone); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the second branch refuses the number", func() bool {
		return strings.Contains(cabang.State().Detail, "already paired to branch pusat")
	})
	eventually(t, "the refused device is unlinked", func() bool { return len(acct.Devices()) == 1 })
	stop2()

	// kopbot pair pusat: the old device leaves the phone's linked devices.
	b3, _, _ := e.startWith()
	b3.AddBranch("pusat", "Kantor Pusat")
	old := acct.Devices()
	ui := PairUI{QR: func(code string, _ time.Duration) {
		go func() { _, _ = e.srv.Scan(e.ctx(), code, e2ePhone) }()
	}}
	phone, err := b3.Pair(e.ctx(), "pusat", "", ui)
	if err != nil || phone != e2ePhone {
		t.Fatalf("re-pairing: %q, %v", phone, err)
	}
	now := acct.Devices()
	if len(now) != 1 || now[0] == old[0] {
		t.Fatalf("linked devices %v after re-pairing (before: %v): the old one should be gone", now, old)
	}
}
