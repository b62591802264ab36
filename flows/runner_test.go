package flows_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/store"
)

// Demo members' phone numbers (store.DemoMembers).
const (
	budi = "6281200000001"
	siti = "6281200000002"
	agus = "6281200000003"
)

func newRunner(t testing.TB, db *store.DB, clock func() time.Time) *flows.Runner {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	return &flows.Runner{DB: db, PINKeys: flows.FixedPINKeys(), Now: clock, SessionTimeout: 15 * time.Minute, Language: "id",
		Cooperative: "Koperasi Simpan Pinjam Sejahtera", Location: loc,
		Rules: flows.Rules{PINAttempts: 3, PINLock: 30 * time.Minute, LoanMinSavings: 10, RetirementAge: 56,
			DefaultCeiling: 3_000_000, LateFeeBP: 10, TransferMax: 10_000_000, TransferDailyMax: 25_000_000, WithdrawMin: 10_000,
			KTPVerifier: coop.KTPByStaff, KTPRequiredFor: []string{flows.KTPLoanApplication}, KTPTransferAbove: 5_000_000,
			Books: coop.DefaultBooks, BankAccounts: map[string][]store.BankAccount{"pusat": store.DemoBankAccounts}}}
}

// outbox returns every queued message, oldest first.
func outbox(t *testing.T, db *store.DB) []store.OutMessage {
	t.Helper()
	var msgs []store.OutMessage
	err := db.View(context.Background(), func(tx *store.Tx) error {
		var err error
		msgs, err = tx.Queued(context.Background(), "pusat", 1_000_000)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// Many members chat at once through the dispatcher: each gets exactly one answer per
// message, in the order they wrote, and each sees only their own savings.
func TestConcurrentMembersKeepTheirOrder(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, time.Now)
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	const members, perMember = 40, 30
	names := map[string]string{}
	phones, _ := tabMembers(t, db, members, "62813000", "01.9", "", func(i int) int64 { return int64(1000 * (i + 1)) })
	for i, phone := range phones {
		names[phone] = fmt.Sprintf("Anggota %02d", i)
	}
	r := newRunner(t, db, func() time.Time { return now })
	var mu sync.Mutex
	var failures []error
	d := &flows.Dispatcher[flows.Input]{Key: flows.InputKey, Handle: r.Handle, OnError: func(in flows.Input, err error) {
		mu.Lock()
		failures = append(failures, err)
		mu.Unlock()
	}}
	var wg sync.WaitGroup
	for phone := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < perMember; k++ {
				text := "cek tabungan" // list, then pick the only account, and again
				if k%2 == 1 {
					text = "1"
				}
				d.Submit(ctx, flows.Input{Branch: "pusat", From: phone, MessageID: fmt.Sprintf("%s-%03d", phone, k), Text: text, At: now})
			}
		}()
	}
	wg.Wait()
	d.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d messages failed, first: %v", len(failures), failures[0])
	}
	byPhone := map[string][]store.OutMessage{}
	for _, m := range outbox(t, db) {
		byPhone[m.To] = append(byPhone[m.To], m)
	}
	for phone, name := range names {
		got := byPhone[phone]
		if len(got) != perMember {
			t.Fatalf("%s got %d replies to %d messages", phone, len(got), perMember)
		}
		for k, m := range got {
			if want := fmt.Sprintf("%s-%03d", phone, k); m.InMessageID != want {
				t.Fatalf("%s: reply %d answers %s, want %s: out of order", phone, k, m.InMessageID, want)
			}
			if k%2 == 0 && !strings.Contains(m.Text, "*Tabungan "+name+"*") {
				t.Fatalf("%s: reply %d is not their savings list: %q", phone, k, m.Text)
			}
			if k%2 == 1 && !strings.Contains(m.Text, "1 transaksi terakhir") {
				t.Fatalf("%s: reply %d is not their account's movements: %q", phone, k, m.Text)
			}
		}
	}
}

// demoAtNine opens the demo database on a clock stopped at 2026-11-21 09:00 UTC.
func demoAtNine(t *testing.T) (time.Time, func() time.Time, *store.DB) {
	t.Helper()
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db := openDB(t, clock)
	if _, err := db.SeedDemo(context.Background(), "pusat", now, ""); err != nil {
		t.Fatal(err)
	}
	return now, clock, db
}

// A step that breaks keeps nothing of itself, apologises to the member, and does not
// fail again when WhatsApp redelivers the same message.
func TestBrokenStepApologisesOnce(t *testing.T) {
	ctx := context.Background()
	now, clock, db := demoAtNine(t)
	broken := store.Session{Branch: "pusat", Phone: "6281200000001", Flow: "cek-tabungan", Step: "account", Data: `{"accounts": 7}`}
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SaveSession(ctx, broken, now) }); err != nil {
		t.Fatal(err)
	}
	r := newRunner(t, db, clock)
	in := flows.Input{Branch: "pusat", From: "6281200000001", MessageID: "M1", Text: "1", At: now}
	if err := r.Handle(ctx, in); !errors.Is(err, flows.ErrApologySent) {
		t.Fatalf("a step over corrupt session data reported %v, want an error saying the apology was sent", err)
	}
	msgs := outbox(t, db)
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "gangguan") || msgs[0].To != in.From {
		t.Fatalf("want one apology to the member, got %+v", msgs)
	}
	if err := r.Handle(ctx, in); err != nil {
		t.Fatalf("redelivery: %v", err)
	}
	if n := len(outbox(t, db)); n != 1 {
		t.Fatalf("redelivery was answered again: %d messages", n)
	}
	var s store.Session
	if err := db.View(ctx, func(tx *store.Tx) (err error) { s, err = tx.Session(ctx, "pusat", in.From); return }); err != nil {
		t.Fatal(err)
	}
	if s.Data != broken.Data || s.Step != broken.Step {
		t.Errorf("the broken step changed the session: %+v", s)
	}
	// The member can always get out with a word that works everywhere.
	if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: in.From, MessageID: "M2", Text: "menu", At: now}); err != nil {
		t.Fatalf("menu after a broken step: %v", err)
	}
}

// A message that could not be handled nor apologised for (the database gone) says no apology was sent.
func TestFailedMessageWithoutApologySaysSo(t *testing.T) {
	ctx := context.Background()
	now, clock, db := demoAtNine(t)
	r := newRunner(t, db, clock)
	db.Close()
	err := r.Handle(ctx, flows.Input{Branch: "pusat", From: "6281200000001", MessageID: "M1", Text: "1", At: now})
	if err == nil || errors.Is(err, flows.ErrApologySent) {
		t.Fatalf("a message on a closed database reported %v, want an error without an apology", err)
	}
}

// Sessions survive closing and reopening the database: a conversation goes on where it was.
func TestSessionSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	now, clock, db := demoAtNine(t)
	path := db.Path
	r := newRunner(t, db, clock)
	if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: "6281200000001", MessageID: "A", Text: "1", At: now}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db2, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	db2.Now = clock
	r2 := newRunner(t, db2, clock)
	if err := r2.Handle(ctx, flows.Input{Branch: "pusat", From: "6281200000001", MessageID: "B", Text: "3", At: now.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	msgs := outbox(t, db2)
	if len(msgs) != 2 || !strings.Contains(msgs[1].Text, "*Tabungan Sejahtera*\nNo.") {
		t.Fatalf("after reopening, \"3\" should pick the third account; got %+v", msgs)
	}
}

// A message whose handling panics is reported, and the member's later messages are still handled.
func TestDispatcherSurvivesAPanic(t *testing.T) {
	var handled []string
	var mu sync.Mutex
	var errs []error
	d := &flows.Dispatcher[flows.Input]{Key: flows.InputKey,
		Handle: func(ctx context.Context, in flows.Input) error {
			if in.Text == "boom" {
				panic("a bug")
			}
			mu.Lock()
			handled = append(handled, in.Text)
			mu.Unlock()
			return nil
		},
		OnError: func(in flows.Input, err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() },
	}
	for _, text := range []string{"a", "boom", "b"} {
		d.Submit(context.Background(), flows.Input{Branch: "pusat", From: "6281200000001", Text: text})
	}
	d.Wait()
	if len(handled) != 2 || handled[0] != "a" || handled[1] != "b" {
		t.Errorf("handled %v, want a and b in order around the panic", handled)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "a bug") {
		t.Errorf("the panic should be reported as an error, got %v", errs)
	}
}

// The demo's loan schedule (store.FlatSchedule, which store keeps to stay free of our
// other packages) must be the one members are shown (loan.Schedule).
func TestDemoScheduleIsTheLoanPackagesFlatSchedule(t *testing.T) {
	start := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		principal, rate int64
		months          int
	}{{10_000_000, 1200, 12}, {7_777_777, 1850, 7}, {1_000_001, 0, 3}} {
		want, err := loan.Schedule(loan.Flat, c.principal, c.rate, c.months, start)
		if err != nil {
			t.Fatal(err)
		}
		got := store.FlatSchedule(c.principal, c.rate, c.months, start)
		for i := range want {
			if got[i].Principal != want[i].Principal || got[i].Interest != want[i].Interest || !got[i].Due.Equal(want[i].Due) {
				t.Fatalf("%+v row %d: demo %+v, loan package %+v", c, i+1, got[i], want[i])
			}
		}
	}
}
