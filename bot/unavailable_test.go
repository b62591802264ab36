package bot

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

// Once a message is held, the tests wait for what a member would notice rather than for the
// bot's workers: held messages are handed to them again from a goroutine of their own.

// diskFullWorld is the demo bot with a fake WhatsApp connected, a runner that checks PINs
// (Budi's is 147258), and a switch that fills the disk for each step the runner takes: the
// file size limit lets no write past the database's emptied WAL succeed, as on a full disk.
// The inbox is written before the limit, as on a disk whose last free pages take the small
// inbox row but not the transfer.
type diskFullWorld struct {
	br   *Branch
	fc   *fakeClient
	raw  *sql.DB
	full atomic.Bool
}

func newDiskFullWorld(t *testing.T) *diskFullWorld {
	t.Helper()
	br, fc := connectedBranch(t)
	br.held.wait = backoff{min: 20 * time.Millisecond, max: 100 * time.Millisecond}
	w := &diskFullWorld{br: br, fc: fc, raw: storetest.Raw(t, br.bot.DB)}
	t.Cleanup(func() { w.full.Store(false) }) // before the database closes: what is still held goes through or fails
	br.bot.Handle = w.handle(t, budiPINRunner(t, br.bot.DB))
	return w
}

// budiPINRunner is a runner that checks PINs, Budi's being 147258.
func budiPINRunner(t *testing.T, db *store.DB) *flows.Runner {
	t.Helper()
	keys, err := flows.NewPINKeys([]byte("kopbot-bot-test-pin-key-32-bytes")[:flows.PINKeySize])
	if err != nil {
		t.Fatal(err)
	}
	hash, err := flows.HashPIN(keys, "147258")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	err = db.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, budiPN.User)
		if err != nil {
			return err
		}
		return tx.SetPIN(ctx, m.ID, hash)
	})
	if err != nil {
		t.Fatal(err)
	}
	return &flows.Runner{DB: db, PINKeys: keys, Now: time.Now, SessionTimeout: 15 * time.Minute, Language: "id",
		Cooperative: "KSP Sejahtera", Location: time.UTC,
		Rules: flows.Rules{PINAttempts: 3, PINLock: 30 * time.Minute, TransferMax: 10_000_000, TransferDailyMax: 25_000_000}}
}

// handle is runner's Handle, with the disk full while w.full is set.
func (w *diskFullWorld) handle(t *testing.T, runner *flows.Runner) func(ctx context.Context, in flows.Input) error {
	return func(ctx context.Context, in flows.Input) error {
		if !w.full.Load() {
			return runner.Handle(ctx, in)
		}
		return storetest.DiskFull(w.raw, func() error { return runner.Handle(ctx, in) })
	}
}

func (w *diskFullWorld) int(t *testing.T, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := w.raw.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// direct are the texts sent to Budi on WhatsApp without the outbox (no outbox worker runs here).
func (w *diskFullWorld) direct() []string {
	var texts []string
	for _, s := range w.fc.sentTexts() {
		if s.to.User == budiPN.User {
			texts = append(texts, s.msg.GetConversation())
		}
	}
	return texts
}

// newTo are Budi's replies in the outbox after the first from of them.
func (w *diskFullWorld) newTo(t *testing.T, from int) []string {
	var texts []string
	for _, m := range queued(t, w.br.bot.DB)[from:] {
		if m.To == budiPN.User {
			texts = append(texts, m.Text)
		}
	}
	return texts
}

// toPIN takes Budi through a transfer of Rp100.000 to Siti up to the PIN prompt.
func (w *diskFullWorld) toPIN(t *testing.T, prefix string) {
	t.Helper()
	for i, text := range []string{"transfer", "0104000021", "100rb", "ya"} {
		deliver(w.br, textMessage(fmt.Sprint(prefix, i), text, budiPN))
	}
	if out := queued(t, w.br.bot.DB); !strings.Contains(out[len(out)-1].Text, "PIN") {
		t.Fatalf("the transfer did not ask for the PIN: %q", out[len(out)-1].Text)
	}
}

func (w *diskFullWorld) transfers(t *testing.T) int64 {
	return w.int(t, `SELECT COUNT(*) FROM journal WHERE kind = 'transfer'`)
}

func (w *diskFullWorld) balance(t *testing.T, number string) int64 {
	return w.int(t, `SELECT balance FROM accounts WHERE number = ?`, number)
}

// The disk fills as Budi confirms a transfer with his PIN: nothing can be written, not even
// an apology in the outbox. Budi is told on WhatsApp, directly and once however often the
// message is tried meanwhile, that his message is kept and will be answered; no money moves.
// When space frees, without a restart, the message is handled: the money moves once and
// Budi is told the transfer went through.
func TestDiskFullDuringTransferTellsTheMemberAndResumes(t *testing.T) {
	w := newDiskFullWorld(t)
	w.toPIN(t, "DF")
	queuedBefore := len(queued(t, w.br.bot.DB))
	w.full.Store(true)
	w.br.handleEvent(textMessage("DF-PIN", "147258", budiPN))
	eventually(t, "Budi is told directly", func() bool { return len(w.direct()) > 0 })
	time.Sleep(400 * time.Millisecond) // the message is tried again a few times meanwhile
	direct := w.direct()
	if len(direct) != 1 || !strings.Contains(direct[0], "Tidak perlu mengirim ulang") {
		t.Fatalf("with the disk full Budi should be told once that his message is kept, got %q", direct)
	}
	if w.transfers(t) != 0 || w.balance(t, "0104000013") != 2_400_000 || w.balance(t, "0104000021") != 2_900_000 {
		t.Fatalf("money moved with the disk full: %d transfers", w.transfers(t))
	}
	if n := len(queued(t, w.br.bot.DB)); n != queuedBefore {
		t.Errorf("%d messages queued with the disk full, %d before", n, queuedBefore)
	}
	if n := inboxLen(t, w.br.bot.DB); n != 1 {
		t.Fatalf("the inbox holds %d messages with the disk full, want Budi's PIN kept", n)
	}

	w.full.Store(false) // space frees
	eventually(t, "the transfer goes through", func() bool { return w.transfers(t) == 1 && inboxLen(t, w.br.bot.DB) == 0 })
	time.Sleep(300 * time.Millisecond) // nothing more comes of it
	if n := w.transfers(t); n != 1 {
		t.Errorf("%d transfers once space freed, want one", n)
	}
	if a, b := w.balance(t, "0104000013"), w.balance(t, "0104000021"); a != 2_300_000 || b != 3_000_000 {
		t.Errorf("Budi has %d and Siti %d, want 2300000 and 3000000", a, b)
	}
	if toBudi := w.newTo(t, queuedBefore); len(toBudi) != 1 || !strings.Contains(toBudi[0], "Transfer berhasil") {
		t.Errorf("once space freed Budi should be told the transfer went through, once; got %q", toBudi)
	}
	if n := len(w.direct()); n != 1 {
		t.Errorf("%d messages sent directly, want the one", n)
	}
	if unbalanced := w.int(t, `SELECT COUNT(*) FROM (SELECT journal_id FROM postings GROUP BY journal_id HAVING SUM(amount) != 0)`); unbalanced != 0 {
		t.Errorf("%d journal transactions do not balance", unbalanced)
	}
}

// A member's message written after one the database could not take waits behind it, so the
// two are answered in the order they were written: the transfer confirmed, then the balance.
func TestDiskFullMessagesAfterwardsWaitTheirTurn(t *testing.T) {
	w := newDiskFullWorld(t)
	w.br.held.wait = backoff{min: time.Hour, max: time.Hour} // tried again only when another message comes
	w.toPIN(t, "DW")
	queuedBefore := len(queued(t, w.br.bot.DB))
	w.full.Store(true)
	w.br.handleEvent(textMessage("DW-PIN", "147258", budiPN))
	eventually(t, "Budi is told directly", func() bool { return len(w.direct()) == 1 })
	w.full.Store(false) // space frees, and Budi asks for his balance
	w.br.handleEvent(textMessage("DW-SALDO", "saldo", budiPN))
	eventually(t, "both messages are answered", func() bool { return len(w.newTo(t, queuedBefore)) >= 2 && inboxLen(t, w.br.bot.DB) == 0 })
	got := w.newTo(t, queuedBefore)
	if len(got) != 2 || !strings.Contains(got[0], "Transfer berhasil") || !strings.Contains(got[1], "Rp2.300.000") {
		t.Errorf("Budi should be told the transfer went through, then his balance after it; got %q", got)
	}
	if n := w.transfers(t); n != 1 {
		t.Errorf("%d transfers, want one", n)
	}
}

// The disk is already full when Budi's PIN arrives: not even the inbox takes it, so WhatsApp
// is not told it arrived; Budi is told directly, once, and the message is kept and handled,
// once, when space frees, without WhatsApp having to deliver it again.
func TestDiskFullAsTheMessageArrives(t *testing.T) {
	w := newDiskFullWorld(t)
	w.toPIN(t, "DA")
	queuedBefore := len(queued(t, w.br.bot.DB))
	w.full.Store(true)
	err := storetest.DiskFull(w.raw, func() error {
		if w.br.handleEvent(textMessage("DA-PIN", "147258", budiPN)) {
			return errors.New("acknowledged")
		}
		return nil
	})
	if err != nil {
		t.Fatal("a message the inbox could not take was acknowledged to WhatsApp")
	}
	eventually(t, "Budi is told directly", func() bool { return len(w.direct()) > 0 })
	time.Sleep(300 * time.Millisecond) // tried again meanwhile, the step still failing
	if got := w.direct(); len(got) != 1 || !strings.Contains(got[0], "Tidak perlu mengirim ulang") {
		t.Fatalf("with the disk full Budi should be told once that his message is kept, got %q", got)
	}
	if n := w.transfers(t); n != 0 {
		t.Fatalf("%d transfers with the disk full", n)
	}
	w.full.Store(false)
	eventually(t, "the transfer goes through", func() bool { return w.transfers(t) == 1 && inboxLen(t, w.br.bot.DB) == 0 })
	time.Sleep(200 * time.Millisecond)
	if got := w.newTo(t, queuedBefore); len(got) != 1 || !strings.Contains(got[0], "Transfer berhasil") {
		t.Errorf("once space freed Budi should be told the transfer went through, once; got %q", got)
	}
	if n, d := w.transfers(t), len(w.direct()); n != 1 || d != 1 {
		t.Errorf("%d transfers and %d messages sent directly, want one of each", n, d)
	}
}

// A member who chose English is told in English.
func TestDiskFullMemberToldInTheirLanguage(t *testing.T) {
	w := newDiskFullWorld(t)
	w.toPIN(t, "DL")
	if _, err := w.raw.Exec(`UPDATE sessions SET lang = 'en' WHERE phone = ?`, budiPN.User); err != nil {
		t.Fatal(err)
	}
	w.full.Store(true)
	w.br.handleEvent(textMessage("DL-PIN", "147258", budiPN))
	eventually(t, "Budi is told directly", func() bool { return len(w.direct()) > 0 })
	if got := w.direct(); !strings.Contains(got[0], "There is no need to send it again") {
		t.Errorf("Budi, who chose English, was told %q", got[0])
	}
	w.full.Store(false)
	eventually(t, "the transfer goes through", func() bool { return w.transfers(t) == 1 && inboxLen(t, w.br.bot.DB) == 0 })
}

// On WhatsApp as a member sees it (the fake server, the real whatsmeow client, the outbox
// worker running): Budi confirms a transfer with the disk full and is told, once, that his
// message is kept; when space frees he gets the transfer's receipt, once.
func TestE2EDiskFullDuringTransfer(t *testing.T) {
	e := newE2E(t)
	w := &diskFullWorld{raw: storetest.Raw(t, e.db)}
	t.Cleanup(func() { w.full.Store(false) })
	runner := budiPINRunner(t, e.db)
	_, br, _ := e.start(func(b *Bot) {
		b.Handle = w.handle(t, runner)
		br, _ := b.Branch("pusat")
		br.held.wait = backoff{min: 20 * time.Millisecond, max: 100 * time.Millisecond}
	})
	acct := e.pair(br)
	ctx := e.ctx()
	budi := e.srv.Member(budiPN.User, "Budi")
	for _, text := range []string{"transfer", "0104000021", "100rb"} {
		send(t, ctx, budi, acct, text)
	}
	want(t, send(t, ctx, budi, acct, "ya"), nil, "PIN")
	w.full.Store(true)
	want(t, send(t, ctx, budi, acct, "147258"), nil, "Tidak perlu mengirim ulang")
	noMore(t, budi) // tried again meanwhile: told once
	if n := w.int(t, `SELECT COUNT(*) FROM journal WHERE kind = 'transfer'`); n != 0 {
		t.Fatalf("%d transfers with the disk full", n)
	}
	w.full.Store(false)
	r, err := budi.Next(ctx)
	want(t, r, err, "Transfer berhasil")
	noMore(t, budi)
	if n := w.int(t, `SELECT COUNT(*) FROM journal WHERE kind = 'transfer'`); n != 1 {
		t.Errorf("%d transfers once space freed, want one", n)
	}
	if n := budi.Duplicates(); n != 0 {
		t.Errorf("%d messages reached Budi twice", n)
	}
}
