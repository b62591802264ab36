package flows_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

// The clock jumps backwards (an NTP step, a wrong hardware clock put right) after the
// morning's jobs ran: running them again sends no reminder twice, closes no day twice, ends
// no session and prunes nothing, and a member writing in the "past" gets a normal answer.
func TestFaultsClockBackwards(t *testing.T) {
	ctx := context.Background()
	w := newJobWorld(t)
	siti := w.borrower("Siti", true, "2026-11-24")
	w.now = w.day("2026-11-21", 9)
	say := func(id, text string) string {
		t.Helper()
		if err := w.r.Handle(ctx, flows.Input{Branch: "pusat", From: siti.Phone, MessageID: id, Text: text, At: w.now}); err != nil {
			t.Fatal(err)
		}
		got := w.queuedTo(siti.Phone)
		return got[len(got)-1].Text
	}
	say("B1", "menu")
	if rep := w.run(coop.JobInstallmentDue, w.now); len(rep.Sent) != 1 {
		t.Fatalf("the morning's reminders: %+v", rep)
	}
	if rep := w.run(coop.JobDayClose, w.now); len(rep.Closed) != 1 {
		t.Fatalf("the morning's close: %+v", rep)
	}
	raw := storetest.Raw(t, w.db)
	queued, journals := len(outbox(t, w.db)), scalar(t, raw, `SELECT COUNT(*) FROM journal`)
	for _, back := range []time.Duration{2 * time.Hour, 26 * time.Hour, 50 * time.Hour} {
		at := w.day("2026-11-21", 9).Add(-back)
		for _, job := range []string{coop.JobInstallmentDue, coop.JobDayClose, coop.JobHousekeeping} {
			rep := w.run(job, at)
			if len(rep.Sent) != 0 || len(rep.Closed) != 0 || rep.SessionsEnded != 0 || rep.MessagesPruned != 0 {
				t.Errorf("%s with the clock %s back: %s", job, back, rep.Summary())
			}
		}
		if n := len(outbox(t, w.db)); n != queued {
			t.Errorf("the clock %s back: %d messages queued, %d before", back, n, queued)
		}
		if n := scalar(t, raw, `SELECT COUNT(*) FROM journal`); n != journals {
			t.Errorf("the clock %s back: %d journal transactions, %d before", back, n, journals)
		}
	}
	if n := scalar(t, raw, `SELECT COUNT(*) FROM day_closes`); n != 1 {
		t.Errorf("%d days closed, want the one day closed once", n)
	}
	// The member goes on where she was, as if no time had passed.
	w.now = w.day("2026-11-21", 7)
	if got := say("B2", "menu"); strings.Contains(got, "berakhir") || !strings.Contains(got, "1") {
		t.Errorf("a member writing with the clock back was told %q", got)
	}
	queued = len(outbox(t, w.db))
	// Back to the real time: the session is quiet from the last message on, not from a time
	// to come, so it ends once, 15 minutes after that message.
	w.now = w.day("2026-11-21", 9).Add(20 * time.Minute)
	if rep := w.run(coop.JobHousekeeping, w.now); rep.SessionsEnded > 1 {
		t.Errorf("housekeeping back at the real time: %s", rep.Summary())
	}
	if n := len(outbox(t, w.db)); n > queued+1 {
		t.Errorf("%d messages queued after the clock came back, %d before", n, queued)
	}
}

// holdWriteLock takes the database's write lock from another connection, as another
// process would, and gives it up after d.
func holdWriteLock(t *testing.T, raw *sql.DB, d time.Duration) <-chan struct{} {
	t.Helper()
	conn, err := raw.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	released := make(chan struct{})
	go func() {
		defer close(released)
		time.Sleep(d)
		_, _ = conn.ExecContext(context.Background(), `ROLLBACK`)
		conn.Close()
	}()
	return released
}

// Another process holds the write lock for a while: a member confirming a transfer meanwhile
// waits (the busy timeout) and is answered once the lock is free; held past the busy
// timeout, the member is told nothing was changed and to try again, and nothing is half-done.
func TestFaultsWriteLockHeld(t *testing.T) {
	db, phones, accounts := transferWorld(t, 2, 500_000)
	r := newRunner(t, db, time.Now)
	ctx := context.Background()
	raw := storetest.Raw(t, db)
	n := 0
	say := func(text string) error {
		n++
		return r.Handle(ctx, flows.Input{Branch: "pusat", From: phones[0], MessageID: fmt.Sprint("L", n), Text: text})
	}
	last := func() string { msgs := outbox(t, db); return msgs[len(msgs)-1].Text }
	for _, text := range []string{"transfer", accounts[1], "100rb", "ya"} {
		if err := say(text); err != nil {
			t.Fatal(err)
		}
	}
	// Held for less than the busy timeout: answered when the lock is free.
	released := holdWriteLock(t, raw, 2*time.Second)
	if err := say("147258"); err != nil {
		t.Fatalf("a message while another process held the lock for 2 s: %v", err)
	}
	<-released
	if got := last(); !strings.Contains(got, "Transfer berhasil") {
		t.Fatalf("after the lock was freed the member was told %q", got)
	}
	// Held past the busy timeout (10 s): told to try again, nothing moved.
	for _, text := range []string{"transfer", accounts[1], "50rb", "ya"} {
		if err := say(text); err != nil {
			t.Fatal(err)
		}
	}
	queued := len(outbox(t, db))
	released = holdWriteLock(t, raw, 12*time.Second)
	err := say("147258")
	<-released
	if err == nil {
		t.Error("a message that could not be handled for the lock reported no error")
	}
	if msgs := outbox(t, db); len(msgs) != queued+1 || !strings.Contains(msgs[len(msgs)-1].Text, "coba lagi") {
		t.Errorf("a member whose message met the lock held 12 s was not told to try again: %d new messages", len(msgs)-queued)
	}
	if got := scalar(t, raw, `SELECT COUNT(*) FROM journal WHERE kind = 'transfer'`); got != 1 {
		t.Errorf("%d transfers in the journal, want the first alone", got)
	}
	if b := scalar(t, raw, `SELECT balance FROM accounts WHERE number = ?`, accounts[1]); b != 600_000 {
		t.Errorf("the recipient has %d, want 600000", b)
	}
	// Service resumes: the member tries again and it goes through.
	for _, text := range []string{"transfer", accounts[1], "50rb", "ya", "147258"} {
		if err := say(text); err != nil {
			t.Fatal(err)
		}
	}
	if got := last(); !strings.Contains(got, "Transfer berhasil") {
		t.Errorf("trying again after the lock: %q", got)
	}
}

// The disk fills while a member confirms a transfer (simulated with the file size limit:
// no write past the database's first page of WAL succeeds, as on a full disk): nothing is
// half-done, and once there is space again the same message, delivered again from the
// inbox, moves the money once.
func TestFaultsDiskFullDuringTransfer(t *testing.T) {
	db, phones, accounts := transferWorld(t, 2, 500_000)
	r := newRunner(t, db, time.Now)
	ctx := context.Background()
	raw := storetest.Raw(t, db)
	for i, text := range []string{"transfer", accounts[1], "100rb", "ya"} {
		if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: phones[0], MessageID: fmt.Sprint("F", i), Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	queued := len(outbox(t, db))
	pin := flows.Input{Branch: "pusat", From: phones[0], MessageID: "F-PIN", Text: "147258"}
	err := storetest.DiskFull(raw, func() error { return r.Handle(ctx, pin) })
	if err == nil {
		t.Fatal("the transfer was handled with the disk full: the simulation failed")
	}
	t.Logf("with the disk full: %v", err)
	if !store.Unavailable(err) {
		t.Errorf("a full disk is not reported as the database unavailable: %v", err)
	}
	if got := scalar(t, raw, `SELECT COUNT(*) FROM journal WHERE kind = 'transfer'`); got != 0 {
		t.Errorf("%d transfers in the journal after the disk filled", got)
	}
	if b := scalar(t, raw, `SELECT balance FROM accounts WHERE number = ?`, accounts[1]); b != 500_000 {
		t.Errorf("the recipient has %d after the disk filled, want 500000", b)
	}
	if n := len(outbox(t, db)); n != queued {
		t.Errorf("%d messages queued with the disk full, %d before", n, queued)
	}
	// Space again: the message, still in the inbox, is handled; the money moves once.
	if err := r.Handle(ctx, pin); err != nil {
		t.Fatalf("the message again once there was space: %v", err)
	}
	msgs := outbox(t, db)
	if got := msgs[len(msgs)-1].Text; !strings.Contains(got, "Transfer berhasil") {
		t.Errorf("once there was space the member was told %q", got)
	}
	if b := scalar(t, raw, `SELECT balance FROM accounts WHERE number = ?`, accounts[1]); b != 600_000 {
		t.Errorf("the recipient has %d, want 600000", b)
	}
	if unbalanced := scalar(t, raw, `SELECT COUNT(*) FROM (SELECT journal_id FROM postings GROUP BY journal_id HAVING SUM(amount) != 0)`); unbalanced != 0 {
		t.Errorf("%d journal transactions do not balance", unbalanced)
	}
}

// The media directory is not writable, so the KTP photo a member sends cannot be kept: the
// member is told so clearly, nothing is recorded, and the conversation waits at the photo
// for the member to send it again.
func TestFaultsPhotoNotKept(t *testing.T) {
	ctx := context.Background()
	now, clock, db := demoAtNine(t)
	r := newRunner(t, db, clock)
	rina := "6281200000005"
	n := 0
	send := func(in flows.Input) string {
		t.Helper()
		n++
		in.Branch, in.From, in.MessageID, in.At = "pusat", rina, fmt.Sprint("P", n), now
		if err := r.Handle(ctx, in); err != nil {
			t.Fatal(err)
		}
		msgs := outbox(t, db)
		return msgs[len(msgs)-1].Text
	}
	for _, text := range []string{"verifikasi ktp", "3204 0147 0695 0005", "rina marlina", "7 Juni 1995"} {
		send(flows.Input{Text: text})
	}
	raw := storetest.Raw(t, db)
	before := scalar(t, raw, `SELECT COUNT(*) FROM ktp_verifications`)
	if got := send(flows.Input{PhotoLost: true}); !strings.Contains(got, "foto Anda belum bisa kami simpan") {
		t.Fatalf("a photo that could not be kept was answered %q", got)
	}
	if got := scalar(t, raw, `SELECT COUNT(*) FROM ktp_verifications`); got != before {
		t.Errorf("%d KTP verifications after a photo that was not kept, %d before", got, before)
	}
	if got := send(flows.Input{Image: "testdata/ktp-rina.jpg"}); !strings.Contains(got, "Periksa data KTP Anda") {
		t.Errorf("the photo sent again was answered %q", got)
	}
}
