package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kopbot/kopbot/outbox"
	"github.com/kopbot/kopbot/store"
)

// Members of Kantor Pusat, by their WhatsApp numbers.
const (
	ani   = "6281234567890"
	budi  = "6285712345678"
	citra = "6281398765432"
	dewi  = "6287722223333"
	eko   = "6289988887777"
)

// t0 is a Monday morning in Jakarta, on a whole second (the outbox keeps whole seconds).
var t0 = time.Date(2025, time.March, 10, 9, 0, 0, 0, time.FixedZone("WIB", 7*60*60))

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time          { return c.now }
func (c *fakeClock) Advance(d time.Duration) { c.now = c.now.Add(d) }

// try is one message handed to WhatsApp, and what WhatsApp answered.
type try struct {
	msg store.OutMessage
	at  time.Time
	err error
}

// fakeWhatsApp is the branch's WhatsApp connection: it records every message handed to it.
type fakeWhatsApp struct {
	clock *fakeClock
	tries []try
	// fail, when set, decides whether WhatsApp refuses m (nil: accepted).
	fail func(m store.OutMessage) error
	// down and bannedUntil are what the branch's connection state says.
	down        bool
	bannedUntil time.Time
}

func (w *fakeWhatsApp) Send(_ context.Context, m store.OutMessage) (string, error) {
	var err error
	if w.fail != nil {
		err = w.fail(m)
	}
	w.tries = append(w.tries, try{msg: m, at: w.clock.Now(), err: err})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("WA-%d", m.ID), nil
}

func (w *fakeWhatsApp) Ready() (bool, time.Time) {
	if w.down || w.bannedUntil.After(w.clock.Now()) {
		return false, w.bannedUntil
	}
	return true, time.Time{}
}

// delivered lists the texts WhatsApp accepted, in order; to a member when phone is given.
func (w *fakeWhatsApp) delivered(phone string) []string {
	var out []string
	for _, t := range w.tries {
		if t.err == nil && (phone == "" || t.msg.To == phone) {
			out = append(out, t.msg.Text)
		}
	}
	return out
}

// tried lists every text handed to WhatsApp for phone, accepted or not, in order.
func (w *fakeWhatsApp) tried(phone string) []string {
	var out []string
	for _, t := range w.tries {
		if t.msg.To == phone {
			out = append(out, t.msg.Text)
		}
	}
	return out
}

// deliveredAt is when WhatsApp accepted text; zero if it never did.
func (w *fakeWhatsApp) deliveredAt(text string) time.Time {
	for _, t := range w.tries {
		if t.err == nil && t.msg.Text == text {
			return t.at
		}
	}
	return time.Time{}
}

func (w *fakeWhatsApp) triesOf(text string) int {
	n := 0
	for _, t := range w.tries {
		if t.msg.Text == text {
			n++
		}
	}
	return n
}

type failure struct {
	msg   store.OutMessage
	err   error
	final bool
}

// rig is one branch's outbox on a real SQLite file, sent by a Worker to a fake WhatsApp.
type rig struct {
	t      *testing.T
	ctx    context.Context
	path   string
	clock  *fakeClock
	db     *store.DB
	wa     *fakeWhatsApp
	worker *outbox.Worker
	sent   []store.OutMessage // what the Sent hook was told
	failed []failure          // what the Failed hook was told
}

// relaxed limits keep the rate limiter out of the way of tests about something else.
func relaxed() outbox.SendLimits {
	return outbox.SendLimits{InteractivePerMinute: 600, BulkPerMinute: 600, MaxAttempts: 5, RetryBase: 5 * time.Second, RetryMax: time.Minute}
}

// oneAttemptRig is a rig in which an attempt used up fails the message for good.
func oneAttemptRig(t *testing.T) *rig {
	t.Helper()
	limits := relaxed()
	limits.MaxAttempts = 1
	return newRig(t, limits)
}

// failWhile makes every Send fail with err until the flag it returns is set false.
func (r *rig) failWhile(err error) *bool {
	failing := true
	r.wa.fail = func(store.OutMessage) error {
		if failing {
			return err
		}
		return nil
	}
	return &failing
}

// refuseOnce makes WhatsApp refuse the message with text once, as a server error.
func (r *rig) refuseOnce(text string) {
	refused := false
	r.wa.fail = func(m store.OutMessage) error {
		if m.Text == text && !refused {
			refused = true
			return errors.New("server returned error 500")
		}
		return nil
	}
}

func newRig(t *testing.T, limits outbox.SendLimits) *rig {
	t.Helper()
	clock := &fakeClock{now: t0}
	r := &rig{t: t, ctx: context.Background(), path: filepath.Join(t.TempDir(), "kopbot.db"), clock: clock, wa: &fakeWhatsApp{clock: clock}}
	r.open()
	r.update(func(tx *store.Tx) error {
		return tx.SyncBranch(r.ctx, store.Branch{ID: "pusat", Code: "01", Name: "Kantor Pusat"})
	})
	r.worker = r.newWorker(limits)
	return r
}

func (r *rig) open() {
	r.t.Helper()
	db, err := store.Open(r.ctx, r.path)
	if err != nil {
		r.t.Fatal(err)
	}
	db.Now = r.clock.Now
	r.t.Cleanup(func() { db.Close() })
	r.db = db
}

func (r *rig) newWorker(limits outbox.SendLimits) *outbox.Worker {
	return &outbox.Worker{
		DB: r.db, Branch: "pusat", Transport: r.wa, Now: r.clock.Now, Limits: limits,
		Jitter: func() float64 { return 0.5 },
		Sent:   func(m store.OutMessage) { r.sent = append(r.sent, m) },
		Failed: func(m store.OutMessage, err error, final bool) {
			r.failed = append(r.failed, failure{msg: m, err: err, final: final})
		},
	}
}

func (r *rig) update(fn func(tx *store.Tx) error) {
	r.t.Helper()
	if err := r.db.Update(r.ctx, fn); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) view(fn func(tx *store.Tx) error) {
	r.t.Helper()
	if err := r.db.View(r.ctx, fn); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) enqueue(to, text string, bulk bool) int64 {
	r.t.Helper()
	var id int64
	r.update(func(tx *store.Tx) (err error) {
		id, err = tx.Enqueue(r.ctx, store.OutMessage{Branch: "pusat", To: to, Text: text, Bulk: bulk})
		return err
	})
	return id
}

// step runs one Step and returns how long the worker asks to wait.
func (r *rig) step() time.Duration {
	r.t.Helper()
	wait, err := r.worker.Step(r.ctx)
	if err != nil {
		r.t.Fatalf("Step at %s: %v", r.clock.Now().Format(time.TimeOnly), err)
	}
	if wait <= 0 {
		r.t.Fatalf("Step at %s asks to wait %s: the worker would spin", r.clock.Now().Format(time.TimeOnly), wait)
	}
	return wait
}

// runUntil steps as the worker asks, advancing the clock by each returned wait, up to end.
func (r *rig) runUntil(end time.Time) {
	r.t.Helper()
	for i := 0; !r.clock.Now().After(end); i++ {
		if i == 10000 {
			r.t.Fatalf("the worker took over 10000 steps to get to %s", end)
		}
		r.clock.Advance(r.step())
	}
}

func (r *rig) queued() []store.OutMessage {
	r.t.Helper()
	var ms []store.OutMessage
	r.view(func(tx *store.Tx) (err error) {
		ms, err = tx.Queued(r.ctx, "pusat", 1000)
		return err
	})
	return ms
}

func (r *rig) stats() store.OutboxStats {
	r.t.Helper()
	var s store.OutboxStats
	r.view(func(tx *store.Tx) (err error) {
		s, err = tx.OutboxStats(r.ctx, "pusat")
		return err
	})
	return s
}

func texts(ms []store.OutMessage) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Text)
	}
	return out
}

func TestWorkerKeepsAMembersMessagesInOrderWhileTheFirstIsRetried(t *testing.T) {
	r := newRig(t, relaxed())
	const (
		ani1 = "Setoran Rp500.000 ke Simpanan Sukarela berhasil."
		ani2 = "Saldo Simpanan Sukarela Anda: Rp1.750.000"
		ani3 = "Ketik menu untuk kembali ke menu utama."
	)
	r.enqueue(ani, ani1, false)
	r.enqueue(budi, "Angsuran ke-3 Anda jatuh tempo 15 Maret.", false)
	r.enqueue(ani, ani2, false)
	r.enqueue(budi, "Sisa pinjaman Anda: Rp4.500.000", false)
	r.enqueue(ani, ani3, false)
	r.refuseOnce(ani1)

	r.step()
	if got, want := r.wa.delivered(budi), []string{"Angsuran ke-3 Anda jatuh tempo 15 Maret.", "Sisa pinjaman Anda: Rp4.500.000"}; !slices.Equal(got, want) {
		t.Errorf("Budi got %q while Ani's first reply waits for its retry, want %q", got, want)
	}
	if got := r.wa.tried(ani); !slices.Equal(got, []string{ani1}) {
		t.Fatalf("handed to WhatsApp for Ani: %q; her later replies must wait behind the refused first one", got)
	}

	// Still before the retry time: nothing more for Ani.
	r.clock.Advance(2 * time.Second)
	r.step()
	if got := r.wa.tried(ani); !slices.Equal(got, []string{ani1}) {
		t.Fatalf("at +2s, handed to WhatsApp for Ani: %q; her later replies went before the first", got)
	}

	// Past the first retry (about RetryBase).
	r.clock.Advance(3 * time.Second)
	r.step()
	if got, want := r.wa.delivered(ani), []string{ani1, ani2, ani3}; !slices.Equal(got, want) {
		t.Errorf("Ani got %q, want %q", got, want)
	}
	if got, want := r.wa.tried(ani), []string{ani1, ani1, ani2, ani3}; !slices.Equal(got, want) {
		t.Errorf("handed to WhatsApp for Ani: %q, want %q", got, want)
	}
	if q := r.queued(); len(q) != 0 {
		t.Errorf("still queued: %q", texts(q))
	}
}

func TestWorkerRetriesOnTimeWhenTheMembersLaterRepliesWaitBehind(t *testing.T) {
	r := newRig(t, relaxed())
	const first, second = "Transfer Rp250.000 ke 01-0002-000123 berhasil.", "Saldo Anda sekarang Rp1.000.000"
	r.enqueue(ani, first, false)
	r.enqueue(ani, second, false)
	r.refuseOnce(first)
	// Run the worker as Run would with nothing waking it: each step when the last one asked.
	for i := 0; i < 20 && len(r.wa.delivered(ani)) < 2; i++ {
		r.clock.Advance(r.step())
	}
	if got, want := r.wa.delivered(ani), []string{first, second}; !slices.Equal(got, want) {
		t.Fatalf("Ani got %q, want %q", got, want)
	}
	// The first retry is due about RetryBase (5s) after the refusal, give or take jitter.
	if late := r.wa.deliveredAt(first).Sub(t0); late > 5*time.Second {
		t.Errorf("the retry went out %s after the refusal, want within RetryBase (5s): the member waits for nothing", late)
	}
}

func TestWorkerDoesNotHoldAMembersReplyBehindTheBroadcastQueue(t *testing.T) {
	limits := relaxed()
	limits.BulkPerMinute = 6
	r := newRig(t, limits)
	// A reminder broadcast to 20 members: at 6 a minute it takes over three minutes.
	var last string
	for i := 1; i <= 20; i++ {
		last = fmt.Sprintf("628120000%04d", i)
		r.enqueue(last, fmt.Sprintf("Pengingat: angsuran Anda jatuh tempo besok (%d).", i), true)
	}
	r.step()
	// The last member on the list writes "saldo" meanwhile; the reply is interactive.
	r.clock.Advance(time.Second)
	const reply = "Saldo Simpanan Sukarela Anda: Rp2.300.000"
	r.enqueue(last, reply, false)
	r.runUntil(t0.Add(15 * time.Second))

	if r.wa.deliveredAt(reply).IsZero() {
		t.Fatalf("15s later the member's balance reply is still queued behind the broadcast (the member got %q); "+
			"interactive replies must go before bulk", r.wa.delivered(last))
	}
	if got, want := r.wa.delivered(last), []string{"Pengingat: angsuran Anda jatuh tempo besok (20).", reply}; !slices.Equal(got, want) {
		t.Errorf("the member got %q, want %q (their messages in the order they were queued)", got, want)
	}
}

func TestWorkerSendsInteractiveRepliesBeforeBulk(t *testing.T) {
	r := newRig(t, relaxed())
	r.enqueue(ani, "Pengingat: angsuran pinjaman jatuh tempo 15 Maret.", true)
	r.enqueue(budi, "Pengingat: deposito Anda jatuh tempo 20 Maret.", true)
	r.enqueue(citra, "Info: RAT tahun buku 2024 diadakan 29 Maret.", true)
	r.clock.Advance(time.Second)
	r.enqueue(dewi, "Saldo Simpanan Wajib Anda: Rp1.200.000", false)
	r.enqueue(eko, "Pendaftaran anggota berhasil. Nomor anggota Anda 01-0457.", false)

	r.step()
	want := []string{
		"Saldo Simpanan Wajib Anda: Rp1.200.000",
		"Pendaftaran anggota berhasil. Nomor anggota Anda 01-0457.",
		"Pengingat: angsuran pinjaman jatuh tempo 15 Maret.",
		"Pengingat: deposito Anda jatuh tempo 20 Maret.",
		"Info: RAT tahun buku 2024 diadakan 29 Maret.",
	}
	if got := r.wa.delivered(""); !slices.Equal(got, want) {
		t.Errorf("sent in the order\n%q\nwant\n%q", got, want)
	}
}

// Bulk messages still queued when quiet hours begin wait until they end; replies do not.
func TestWorkerHoldsBulkInQuietHours(t *testing.T) {
	limits := relaxed()
	start := t0.Add(12 * time.Hour) // 21:00
	end := t0.Add(22 * time.Hour)   // 07:00 the next day
	limits.QuietUntil = func(at time.Time) time.Time {
		if !at.Before(start) && at.Before(end) {
			return end
		}
		return time.Time{}
	}
	r := newRig(t, limits)
	r.clock.now = start
	r.enqueue(ani, "Pengingat: angsuran pinjaman jatuh tempo 15 Maret.", true)
	r.enqueue(budi, "Saldo Simpanan Wajib Anda: Rp1.200.000", false)
	if wait := r.step(); wait != 10*time.Hour {
		t.Errorf("the worker waits %s in quiet hours, want until they end (10h)", wait)
	}
	if got, want := r.wa.delivered(""), []string{"Saldo Simpanan Wajib Anda: Rp1.200.000"}; !slices.Equal(got, want) {
		t.Errorf("delivered in quiet hours %q, want only the reply", got)
	}
	r.clock.now = end
	r.step()
	if got := r.wa.delivered(ani); len(got) != 1 {
		t.Errorf("after quiet hours the reminder was not sent: %q", got)
	}
}

// checkRateLimit queues 20 messages of one kind to 20 members with that kind limited to 6 a
// minute (burst 1) and checks the branch never sends faster.
func checkRateLimit(t *testing.T, bulk bool) {
	limits := relaxed()
	if bulk {
		limits.BulkPerMinute = 6
	} else {
		limits.InteractivePerMinute = 6
	}
	r := newRig(t, limits)
	for i := 1; i <= 20; i++ {
		r.enqueue(fmt.Sprintf("628130000%04d", i), fmt.Sprintf("pesan %d", i), bulk)
	}

	wait := r.step()
	if n := len(r.wa.tries); n != 1 {
		t.Fatalf("the first step sent %d messages, want 1 (burst 1)", n)
	}
	if wait < 9*time.Second || wait > 11*time.Second {
		t.Errorf("after the burst the worker asks to wait %s, want about 10s (6 a minute)", wait)
	}
	r.step() // the same instant: the limiter has nothing more to give
	if n := len(r.wa.tries); n != 1 {
		t.Fatalf("a second step at the same instant sent %d messages in all, want 1", n)
	}
	r.clock.Advance(wait)
	r.step()
	if n := len(r.wa.tries); n != 2 {
		t.Fatalf("after waiting as asked, %d messages sent in all, want 2", n)
	}

	r.runUntil(t0.Add(2 * time.Minute))
	var firstMinute, secondMinute int
	for _, tr := range r.wa.tries {
		switch {
		case tr.at.Before(t0.Add(time.Minute)):
			firstMinute++
		case tr.at.Before(t0.Add(2 * time.Minute)):
			secondMinute++
		}
	}
	// At most the limit plus the burst in any minute; and the worker does use its budget.
	if firstMinute > 7 || firstMinute < 5 {
		t.Errorf("%d messages in the first minute, want 6 (at most 6 + burst 1)", firstMinute)
	}
	if secondMinute > 7 || secondMinute < 5 {
		t.Errorf("%d messages in the second minute, want 6 (at most 6 + burst 1)", secondMinute)
	}
}

func TestWorkerKeepsInteractiveRepliesWithinTheRateLimit(t *testing.T) { checkRateLimit(t, false) }

func TestWorkerKeepsBulkWithinItsOwnRateLimit(t *testing.T) { checkRateLimit(t, true) }

func TestWorkerBulkDoesNotUseUpTheInteractiveBudget(t *testing.T) {
	limits := relaxed()
	limits.InteractivePerMinute, limits.BulkPerMinute = 6, 6
	r := newRig(t, limits)
	r.enqueue(ani, "Pengingat: angsuran jatuh tempo 15 Maret.", true)
	r.enqueue(budi, "Pengingat: angsuran jatuh tempo 16 Maret.", true)
	r.step()
	if got := r.wa.delivered(""); len(got) != 1 {
		t.Fatalf("sent %q, want one reminder (bulk burst 1)", got)
	}

	// A second later Citra asks for her balance: the reminders used only the bulk budget.
	r.clock.Advance(time.Second)
	const reply = "Saldo Simpanan Sukarela Anda: Rp800.000"
	r.enqueue(citra, reply, false)
	r.step()
	if r.wa.deliveredAt(reply).IsZero() {
		t.Errorf("Citra's reply waits after a reminder went out: bulk used the interactive budget")
	}
	if got := r.wa.delivered(budi); len(got) != 0 {
		t.Errorf("Budi's reminder went out a second after Ani's: %q; bulk must keep to 6 a minute", got)
	}
}

func TestWorkerRetriesAtDoublingIntervalsCappedAtRetryMax(t *testing.T) {
	limits := relaxed()
	limits.MaxAttempts = 10
	r := newRig(t, limits)
	const text = "Setoran Rp1.000.000 berhasil."
	r.enqueue(ani, text, false)
	r.wa.fail = func(store.OutMessage) error { return errors.New("server returned error 503") }

	// Doubling from RetryBase 5s, capped at RetryMax 1m; with jitter 0.5 each wait is
	// half fixed plus half of the other half: 3/4 of 5s, 10s, 20s, 40s, 1m, 1m, 1m.
	bases := []time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second, 40 * time.Second, time.Minute, time.Minute, time.Minute}
	wait := r.step()
	for n, base := range bases {
		attempt := n + 1
		failedAt := r.clock.Now()
		if got := r.wa.triesOf(text); got != attempt {
			t.Fatalf("after attempt %d WhatsApp was handed the message %d times", attempt, got)
		}
		want := base * 3 / 4
		if wait < want-time.Second || wait > want+time.Second {
			t.Errorf("after attempt %d the worker asks to wait %s, want %s (±1s: the outbox keeps whole seconds)", attempt, wait, want)
		}
		if q := r.queued(); len(q) != 1 || q[0].Attempts != attempt {
			t.Fatalf("after attempt %d queued: %+v, want the message with %d attempts", attempt, q, attempt)
		}

		// A second before the retry is due nothing is tried.
		r.clock.now = failedAt.Add(want - time.Second)
		r.step()
		if got := r.wa.triesOf(text); got != attempt {
			t.Fatalf("%s after attempt %d (retry due after %s) it was tried again", want-time.Second, attempt, want)
		}
		// When the worker asked, it tries again.
		r.clock.now = failedAt.Add(wait)
		wait = r.step()
		if got := r.wa.triesOf(text); got != attempt+1 {
			t.Fatalf("%s after attempt %d (retry due after %s) it was not tried again", r.clock.Now().Sub(failedAt), attempt, want)
		}
		if gap := r.clock.Now().Sub(failedAt); gap > limits.RetryMax {
			t.Errorf("retry %d came %s after the last, longer than RetryMax %s", attempt, gap, limits.RetryMax)
		}
	}
}

func TestWorkerMarksAMessageFailedAfterMaxAttemptsAndMovesOn(t *testing.T) {
	limits := relaxed()
	limits.MaxAttempts = 3
	r := newRig(t, limits)
	const (
		doomed = "Kode QRIS untuk pembayaran Rp75.000"
		next   = "Ketik menu untuk kembali ke menu utama."
		why    = "server returned error 479: recipient cannot receive messages"
	)
	r.enqueue(ani, doomed, false)
	r.enqueue(ani, next, false)
	r.wa.fail = func(m store.OutMessage) error {
		if m.Text == doomed {
			return errors.New(why)
		}
		return nil
	}
	for i := 0; i < 50 && r.wa.deliveredAt(next).IsZero(); i++ {
		r.clock.Advance(r.step())
	}
	// Long after, nothing more is tried.
	r.clock.Advance(time.Hour)
	r.step()

	if got := r.wa.triesOf(doomed); got != 3 {
		t.Errorf("the failing message was tried %d times, want MaxAttempts 3", got)
	}
	if got := r.wa.delivered(ani); !slices.Equal(got, []string{next}) {
		t.Errorf("after the failed message Ani got %q, want %q", got, []string{next})
	}
	if q := r.queued(); len(q) != 0 {
		t.Errorf("still queued: %q", texts(q))
	}
	if s := r.stats(); s.Failed != 1 || s.Queued != 0 || s.LastError != why {
		t.Errorf("staff see %+v, want 1 failed, 0 queued, last error %q", s, why)
	}
	var finals []bool
	for _, f := range r.failed {
		if f.msg.Text != doomed || f.err == nil || f.err.Error() != why {
			t.Errorf("Failed hook told %q: %v", f.msg.Text, f.err)
		}
		finals = append(finals, f.final)
	}
	if want := []bool{false, false, true}; !slices.Equal(finals, want) {
		t.Errorf("Failed hook called with final %v, want %v", finals, want)
	}
}

func TestOutboxStatsShowStaffWhyTheFailedMessageFailed(t *testing.T) {
	limits := relaxed()
	limits.MaxAttempts = 2
	r := newRig(t, limits)
	const why = "server returned error 479: recipient cannot receive messages"
	r.enqueue(ani, "Kode QRIS untuk pembayaran Rp75.000", false)
	r.enqueue(budi, "Saldo Anda: Rp300.000", false)
	budiRefused := false
	r.wa.fail = func(m store.OutMessage) error {
		switch {
		case m.To == ani:
			return errors.New(why)
		case !budiRefused:
			budiRefused = true
			return errors.New("websocket: i/o timeout")
		}
		return nil
	}
	for i := 0; i < 50 && len(r.queued()) > 0; i++ {
		r.clock.Advance(r.step())
	}
	if got := r.wa.delivered(budi); len(got) != 1 {
		t.Fatalf("Budi got %q, want his reply after one retry", got)
	}
	// Budi's hiccup was overcome; what staff must act on is why Ani's message failed.
	if s := r.stats(); s.Failed != 1 || s.LastError != why {
		t.Errorf("staff see %+v, want 1 failed with last error %q", s, why)
	}
}

func TestWorkerSendsNothingWhileTheBranchIsDisconnected(t *testing.T) {
	r := oneAttemptRig(t)
	r.enqueue(ani, "Saldo Anda: Rp1.000.000", false)
	r.enqueue(budi, "Pengingat: angsuran jatuh tempo besok.", true)
	r.enqueue(ani, "Ketik menu untuk kembali.", false)
	r.wa.down = true
	r.runUntil(t0.Add(30 * time.Minute))

	if len(r.wa.tries) != 0 {
		t.Fatalf("while disconnected WhatsApp was handed %d messages", len(r.wa.tries))
	}
	q := r.queued()
	if len(q) != 3 {
		t.Fatalf("queued after 30 minutes disconnected: %q, want all 3", texts(q))
	}
	for _, m := range q {
		if m.Attempts != 0 {
			t.Errorf("%q used %d attempts while the branch was disconnected", m.Text, m.Attempts)
		}
	}

	r.wa.down = false
	r.step()
	if got := r.wa.delivered(""); len(got) != 3 {
		t.Errorf("once connected, sent %q, want all 3", got)
	}
}

func TestWorkerWaitsOutABan(t *testing.T) {
	r := newRig(t, relaxed())
	r.enqueue(ani, "Saldo Anda: Rp1.000.000", false)
	r.wa.bannedUntil = t0.Add(2 * time.Hour)

	if wait := r.step(); wait != 2*time.Hour {
		t.Errorf("banned for 2h, the worker asks to wait %s", wait)
	}
	r.clock.Advance(30*time.Minute + 15*time.Second)
	if wait := r.step(); wait != time.Hour+29*time.Minute+45*time.Second {
		t.Errorf("banned for 1h29m45s more, the worker asks to wait %s", wait)
	}
	if len(r.wa.tries) != 0 {
		t.Fatalf("while banned WhatsApp was handed %d messages", len(r.wa.tries))
	}
	if q := r.queued(); len(q) != 1 || q[0].Attempts != 0 {
		t.Errorf("queued while banned: %+v, want the message with no attempts used", q)
	}
	r.clock.now = r.wa.bannedUntil
	r.step()
	if got := r.wa.delivered(ani); len(got) != 1 {
		t.Errorf("when the ban ends Ani got %q", got)
	}
}

func TestWorkerUsesNoAttemptWhenTheConnectionDropsDuringSend(t *testing.T) {
	r := oneAttemptRig(t)
	r.enqueue(ani, "Saldo Anda: Rp1.000.000", false)
	r.enqueue(budi, "Angsuran Anda lunas.", false)
	r.wa.fail = func(store.OutMessage) error {
		if len(r.wa.tries) == 0 {
			r.wa.down = true // the websocket closed while the message was on its way
			return errors.New("websocket: close 1006 (abnormal closure)")
		}
		return nil
	}
	r.step()
	if n := len(r.wa.tries); n != 1 {
		t.Errorf("WhatsApp was handed %d messages, want 1: nothing more after the connection dropped", n)
	}
	if s := r.stats(); s.Failed != 0 || s.Queued != 2 {
		t.Fatalf("after the connection dropped staff see %+v, want 2 queued and none failed", s)
	}
	for _, m := range r.queued() {
		if m.Attempts != 0 {
			t.Errorf("%q used %d attempts when the connection dropped", m.Text, m.Attempts)
		}
	}
	if len(r.failed) != 0 {
		t.Errorf("Failed hook told of %d failures when the connection dropped", len(r.failed))
	}

	r.clock.Advance(time.Minute)
	r.wa.down = false
	r.step()
	if got := append(r.wa.delivered(ani), r.wa.delivered(budi)...); len(got) != 2 {
		t.Errorf("after reconnecting delivered %q, want both", got)
	}
}

func TestWorkerUsesNoAttemptWhenSendReportsNotReady(t *testing.T) {
	r := oneAttemptRig(t)
	r.enqueue(ani, "Saldo Anda: Rp1.000.000", false)
	notReady := r.failWhile(fmt.Errorf("send to %s: %w", ani, outbox.ErrNotReady))
	r.step()
	if q := r.queued(); len(q) != 1 || q[0].Attempts != 0 {
		t.Fatalf("queued after Send said not ready: %+v, want the message with no attempts used", q)
	}
	if s := r.stats(); s.Failed != 0 {
		t.Errorf("staff see %d failed after Send said not ready", s.Failed)
	}
	*notReady = false
	r.clock.Advance(time.Minute)
	r.step()
	if got := r.wa.delivered(ani); len(got) != 1 {
		t.Errorf("once ready Ani got %q", got)
	}
}

func TestWorkerDoesNotSpendTheRateBudgetWhileSendReportsNotReady(t *testing.T) {
	limits := relaxed()
	limits.InteractivePerMinute = 60 // burst 6
	r := newRig(t, limits)
	for _, to := range []string{ani, budi, citra} {
		r.enqueue(to, "Saldo Anda untuk "+to, false)
	}
	// The connection is gone, but the branch's state has not caught up yet.
	notReady := r.failWhile(outbox.ErrNotReady)
	r.step()
	if n := len(r.wa.tries); n != 1 {
		t.Errorf("with the connection gone WhatsApp was handed messages %d times in one step, want 1", n)
	}
	// Back at once: nothing went out, so the whole burst of 6 is there for the 3 replies.
	*notReady = false
	r.step()
	if got := r.wa.delivered(""); len(got) != 3 {
		t.Errorf("right after reconnecting %d of 3 replies went out: failed sends used up the rate budget", len(got))
	}
}

func TestWorkerResumesAfterRestartWithoutResending(t *testing.T) {
	limits := relaxed()
	limits.InteractivePerMinute = 6 // one at a time, every 10s
	r := newRig(t, limits)
	var want []string
	for i := 1; i <= 4; i++ {
		want = append(want, fmt.Sprintf("Ani %d", i))
		r.enqueue(ani, want[len(want)-1], false)
	}
	r.enqueue(budi, "Budi 1", false)
	r.enqueue(budi, "Budi 2", false)
	want = append(want, "Budi 1", "Budi 2")

	r.clock.Advance(r.step())
	r.step()
	before := r.wa.delivered("")
	if len(before) != 2 {
		t.Fatalf("the first worker sent %q, want 2", before)
	}

	// Restart: close the database, open the same file, a new Worker and WhatsApp connection.
	if err := r.db.Close(); err != nil {
		t.Fatal(err)
	}
	first := r.wa
	r.wa = &fakeWhatsApp{clock: r.clock}
	r.clock.Advance(time.Minute)
	r.open()
	r.worker = r.newWorker(limits)
	for i := 0; i < 50 && len(r.queued()) > 0; i++ {
		r.clock.Advance(r.step())
	}

	after := r.wa.delivered("")
	for _, text := range before {
		if slices.Contains(after, text) {
			t.Errorf("%q was sent again after the restart", text)
		}
	}
	all := append(slices.Clone(before), after...)
	if len(all) != len(want) {
		t.Errorf("before the restart %q, after %q; want each of %q once", before, after, want)
	}
	var gotAni []string
	for _, w := range []*fakeWhatsApp{first, r.wa} {
		gotAni = append(gotAni, w.delivered(ani)...)
	}
	if !slices.Equal(gotAni, want[:4]) {
		t.Errorf("Ani got %q across the restart, want %q", gotAni, want[:4])
	}
}

func TestWorkerMarksSentAndReportsEachMessageOnce(t *testing.T) {
	r := newRig(t, relaxed())
	ids := map[int64]string{
		r.enqueue(ani, "Saldo Anda: Rp1.000.000", false):           "Saldo Anda: Rp1.000.000",
		r.enqueue(budi, "Pengingat: angsuran besok.", true):        "Pengingat: angsuran besok.",
		r.enqueue(ani, "Ketik menu untuk kembali ke menu.", false): "Ketik menu untuk kembali ke menu.",
	}
	r.step()
	r.runUntil(t0.Add(10 * time.Minute))

	if q := r.queued(); len(q) != 0 {
		t.Errorf("still queued after being sent: %q", texts(q))
	}
	if len(r.wa.tries) != 3 {
		t.Errorf("WhatsApp was handed %d messages, want each of 3 once", len(r.wa.tries))
	}
	seen := map[int64]int{}
	for _, m := range r.sent {
		seen[m.ID]++
		if ids[m.ID] != m.Text {
			t.Errorf("Sent hook told of %d %q, which was queued as %q", m.ID, m.Text, ids[m.ID])
		}
	}
	for id, text := range ids {
		if seen[id] != 1 {
			t.Errorf("Sent hook told of %q %d times, want once", text, seen[id])
		}
	}
	if s := r.stats(); s.Queued != 0 || s.Failed != 0 {
		t.Errorf("staff see %+v, want nothing queued or failed", s)
	}
}

func TestWorkerKeepsTheTransportsIDForTheMessage(t *testing.T) {
	r := newRig(t, relaxed())
	id := r.enqueue(ani, "Saldo Anda: Rp1.000.000", false)
	r.step()
	r.view(func(tx *store.Tx) error {
		m, err := tx.SentUnder(r.ctx, "pusat", fmt.Sprintf("WA-%d", id))
		if err != nil || m.Text != "Saldo Anda: Rp1.000.000" {
			t.Errorf("the message is not found under the ID WhatsApp gave it: %+v, %v", m, err)
		}
		return nil
	})
}

// A worker delivers its own transport's messages only: kopbot chat's stay for chat (another
// process perhaps) and do not hold back WhatsApp's to the same member.
func TestWorkerDeliversOnlyItsTransportsMessages(t *testing.T) {
	r := newRig(t, relaxed())
	r.update(func(tx *store.Tx) error {
		_, err := tx.Enqueue(r.ctx, store.OutMessage{Branch: "pusat", To: ani, Transport: "chat", Text: "for the terminal"})
		return err
	})
	r.enqueue(ani, "for WhatsApp", false)
	r.step()
	if got := r.wa.delivered(""); !slices.Equal(got, []string{"for WhatsApp"}) {
		t.Errorf("WhatsApp got %q, want only its own message", got)
	}
	if q := r.queued(); len(q) != 1 || q[0].Transport != "chat" {
		t.Fatalf("still queued: %+v, want chat's message", q)
	}

	terminal := &fakeWhatsApp{clock: r.clock}
	chat := r.newWorker(relaxed())
	chat.Via, chat.Transport = "chat", terminal
	if _, err := chat.Step(r.ctx); err != nil {
		t.Fatal(err)
	}
	if got := terminal.delivered(""); !slices.Equal(got, []string{"for the terminal"}) {
		t.Errorf("chat's worker delivered %q, want chat's message", got)
	}
}

// blockingTransport holds each send until released, and tells of each one it starts.
type blockingTransport struct {
	started chan store.OutMessage
	release chan struct{}
	mu      sync.Mutex
	done    []string
	cut     []string // sends whose context ended before they were released
}

func (b *blockingTransport) Send(ctx context.Context, m store.OutMessage) (string, error) {
	b.started <- m
	select {
	case <-b.release:
		b.mu.Lock()
		defer b.mu.Unlock()
		b.done = append(b.done, m.Text)
		return "", nil
	case <-ctx.Done():
		b.mu.Lock()
		defer b.mu.Unlock()
		b.cut = append(b.cut, m.Text)
		return "", ctx.Err()
	}
}

func (b *blockingTransport) Ready() (bool, time.Time) { return true, time.Time{} }

// running starts w.Run and returns the function that stops it and waits for it to return.
func running(w *outbox.Worker) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(ctx) })
	return func() { cancel(); wg.Wait() }
}

// Stopping the worker lets the message being sent finish and records it as sent, so a
// restart does not send it again; nothing new is started.
func TestWorkerStoppedFinishesTheSendInFlight(t *testing.T) {
	r := newRig(t, relaxed())
	bt := &blockingTransport{started: make(chan store.OutMessage, 2), release: make(chan struct{})}
	r.worker.Transport = bt
	r.enqueue(ani, "Saldo Anda: Rp1.000.000", false)
	r.enqueue(budi, "Angsuran Anda lunas.", false)
	stop := running(r.worker)
	<-bt.started
	stopped := make(chan struct{})
	go func() { stop(); close(stopped) }()
	select {
	case <-stopped:
		t.Fatal("Run returned with a send still in flight")
	case <-time.After(50 * time.Millisecond): // not an assertion on time: Run must simply still be waiting
	}
	close(bt.release)
	<-stopped
	if len(bt.done) != 1 || len(bt.cut) != 0 || len(bt.started) != 0 {
		t.Errorf("finished %q, cut off %q, %d more started: want the one in flight finished and nothing new", bt.done, bt.cut, len(bt.started))
	}
	if q := r.queued(); len(q) != 1 || q[0].Text != "Angsuran Anda lunas." {
		t.Errorf("queued after stopping: %q, want only the message never started", texts(q))
	}
}

// A send that outlasts Grace after the stop is cut off and stays queued for the next run.
func TestWorkerCutsOffASendThatOutlastsGrace(t *testing.T) {
	r := newRig(t, relaxed())
	bt := &blockingTransport{started: make(chan store.OutMessage, 1), release: make(chan struct{})}
	r.worker.Transport, r.worker.Grace = bt, time.Millisecond
	r.enqueue(ani, "Saldo Anda: Rp1.000.000", false)
	stop := running(r.worker)
	<-bt.started
	stop() // returns only because the grace ran out: release is never closed
	if len(bt.cut) != 1 {
		t.Errorf("cut off %q, want the send in flight", bt.cut)
	}
	if q := r.queued(); len(q) != 1 || q[0].Status != "queued" {
		t.Errorf("after the cut-off send: %+v, want it still queued for the next run", q)
	}
}

// A caller's Step beside Run (kopbot chat after each line) takes turns with it: every
// message goes out once, in order, and what was queued before the Step is out on its return.
func TestWorkerStepBesideRunSendsEachMessageOnce(t *testing.T) {
	r := newRig(t, relaxed())
	var mu sync.Mutex
	var got []string
	r.worker.Transport = transportFunc(func(m store.OutMessage) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, m.Text)
	})
	stop := running(r.worker)
	defer stop()
	var want []string
	for i := range 30 {
		text := fmt.Sprintf("balasan %d", i)
		want = append(want, text)
		r.enqueue(ani, text, false)
		if i%3 == 0 {
			r.worker.Wake()
		}
		r.step()
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n != i+1 {
			t.Fatalf("after Step returned %d of %d queued messages were out", n, i+1)
		}
	}
	stop()
	if !slices.Equal(got, want) {
		t.Errorf("delivered %q, want each once in order %q", got, want)
	}
}

// transportFunc is a transport that is always ready and accepts every message.
type transportFunc func(m store.OutMessage)

func (f transportFunc) Send(_ context.Context, m store.OutMessage) (string, error) {
	f(m)
	return "", nil
}

func (transportFunc) Ready() (bool, time.Time) { return true, time.Time{} }
