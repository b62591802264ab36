package store_test

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

func addActiveMember(t *testing.T, db *store.DB, phone, name string) store.Member {
	t.Helper()
	var m store.Member
	mustUpdate(t, db, func(tx *store.Tx) (err error) {
		m, err = tx.CreateMember(context.Background(), store.Member{Branch: "pusat", No: "01." + phone[len(phone)-5:], Name: name, Phone: phone, Status: store.MemberActive})
		return err
	})
	return m
}

func outboxTo(t *testing.T, db *store.DB, phone string) []store.OutMessage {
	t.Helper()
	var out []store.OutMessage
	mustView(t, db, func(tx *store.Tx) error {
		all, err := tx.Queued(context.Background(), "pusat", 1000)
		for _, m := range all {
			if m.To == phone {
				out = append(out, m)
			}
		}
		return err
	})
	return out
}

// The same key is recorded and queued once, after a rerun, a restart, or from many goroutines at once.
func TestRemindOncePerKey(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kopbot.db")
	db := mustOpenAt(t, path)
	m := addActiveMember(t, db, "6281200000002", "Siti Rahmawati")
	due := time.Date(2025, 3, 17, 0, 0, 0, 0, time.UTC)
	r := store.Reminder{Branch: "pusat", MemberID: m.ID, Item: "loan:1#4", Kind: "installment-due-3d", Due: due, Phone: m.Phone, Amount: 933_333, Status: store.ReminderQueued}
	msg := store.OutMessage{Branch: "pusat", To: m.Phone, Text: "pengingat", Bulk: true}
	remind := func(db *store.DB) (fresh bool) {
		mustUpdate(t, db, func(tx *store.Tx) (err error) { fresh, err = tx.Remind(ctx, r, msg); return })
		return fresh
	}
	if !remind(db) {
		t.Fatal("the first reminder was not recorded")
	}
	if remind(db) {
		t.Error("the same reminder was recorded twice")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() { defer wg.Done(); remind(db) }()
	}
	wg.Wait()
	db.Close()
	db = mustOpenAt(t, path)
	if remind(db) {
		t.Error("after a restart the same reminder was recorded again")
	}
	if got := outboxTo(t, db, m.Phone); len(got) != 1 || !got[0].Bulk {
		t.Errorf("queued %d messages to the member, want one bulk message: %+v", len(got), got)
	}
	mustView(t, db, func(tx *store.Tx) error {
		ok, err := tx.Reminded(ctx, m.ID, r.Item, r.Kind, due)
		if !ok {
			t.Error("Reminded does not find the reminder")
		}
		other, _ := tx.Reminded(ctx, m.ID, r.Item, "installment-due-1d", due)
		if other {
			t.Error("Reminded finds a reminder of another kind")
		}
		return err
	})
	// Another kind for the same installment is another reminder.
	r.Kind = "installment-due-1d"
	if !remind(db) {
		t.Error("a reminder of another kind was not recorded")
	}
}

// A member staff should call is recorded (once) without a message, and listed.
func TestRemindCallIsListedNotQueued(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	m := addActiveMember(t, db, "6281200000005", "Rina Marlina")
	r := store.Reminder{Branch: "pusat", MemberID: m.ID, Item: "wajib:9", Kind: "simpanan-wajib", Due: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		Phone: m.Phone, Amount: 150_000, Status: store.ReminderCall}
	mustUpdate(t, db, func(tx *store.Tx) error {
		if fresh, err := tx.Remind(ctx, r, store.OutMessage{}); err != nil || !fresh {
			t.Errorf("Remind = %v, %v", fresh, err)
		}
		return nil
	})
	if got := outboxTo(t, db, m.Phone); len(got) != 0 {
		t.Errorf("a call queued %d messages", len(got))
	}
	mustView(t, db, func(tx *store.Tx) error {
		calls, err := tx.Calls(ctx, "pusat", testNow.Add(-time.Hour))
		if len(calls) != 1 || calls[0].Name != "Rina Marlina" || calls[0].Amount != 150_000 {
			t.Errorf("calls = %+v", calls)
		}
		later, _ := tx.Calls(ctx, "pusat", testNow.Add(time.Hour))
		if len(later) != 0 {
			t.Errorf("calls since after it was recorded = %+v", later)
		}
		return err
	})
}

// A reminder held for quiet hours is not due, and does not hold back a reply queued after it
// to the same member; when quiet hours end it is due.
func TestDueSkipsHeldBulkButNotReplies(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	night := time.Date(2025, 3, 14, 22, 0, 0, 0, wib)
	morning := time.Date(2025, 3, 15, 7, 0, 0, 0, wib)
	db.Now = func() time.Time { return night }
	const phone = "6281234567890"
	var held, reply int64
	mustUpdate(t, db, func(tx *store.Tx) (err error) {
		if held, err = tx.Enqueue(ctx, store.OutMessage{Branch: "pusat", To: phone, Text: "pengingat", Bulk: true, NotBefore: morning}); err != nil {
			return err
		}
		reply, err = tx.Enqueue(ctx, store.OutMessage{Branch: "pusat", To: phone, Text: "balasan"})
		return err
	})
	due := func(at time.Time) []int64 {
		var ids []int64
		mustView(t, db, func(tx *store.Tx) error {
			ms, err := tx.Due(ctx, "pusat", at, 10)
			for _, m := range ms {
				ids = append(ids, m.ID)
			}
			return err
		})
		return ids
	}
	if got := due(night.Add(time.Minute)); len(got) != 1 || got[0] != reply {
		t.Errorf("due at night = %v, want only the reply %d", got, reply)
	}
	mustView(t, db, func(tx *store.Tx) error {
		next, err := tx.NextRetry(ctx, "pusat", night)
		if !next.Equal(morning) {
			t.Errorf("next wake-up %s, want %s", next, morning)
		}
		return err
	})
	mustUpdate(t, db, func(tx *store.Tx) error { return tx.MarkSent(ctx, reply) })
	if got := due(morning.Add(-time.Second)); len(got) != 0 {
		t.Errorf("due just before quiet hours end = %v", got)
	}
	if got := due(morning); len(got) != 1 || got[0] != held {
		t.Errorf("due when quiet hours end = %v, want the reminder %d", got, held)
	}
}

func TestJobRunsAndHousekeeping(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	run := store.JobRun{Name: "overdue", Scheduled: testNow, Started: testNow, Finished: testNow.Add(time.Second), Status: store.JobOK, Summary: "1 sent"}
	mustUpdate(t, db, func(tx *store.Tx) error {
		if err := tx.SaveJobRun(ctx, run); err != nil {
			return err
		}
		run.Summary = "2 sent"
		return tx.SaveJobRun(ctx, run)
	})
	mustView(t, db, func(tx *store.Tx) error {
		runs, err := tx.JobRuns(ctx)
		if got := runs["overdue"]; got.Summary != "2 sent" || !got.Scheduled.Equal(testNow) || got.Status != store.JobOK {
			t.Errorf("job run = %+v", got)
		}
		return err
	})
	mustUpdate(t, db, func(tx *store.Tx) error {
		for i, at := range []time.Time{testNow.AddDate(0, 0, -40), testNow.AddDate(0, 0, -1)} {
			if _, err := tx.MarkProcessed(ctx, "pusat", "MSG"+string(rune('A'+i)), "6281", at); err != nil {
				return err
			}
		}
		n, err := tx.PruneProcessed(ctx, testNow.AddDate(0, 0, -30))
		if n != 1 {
			t.Errorf("pruned %d processed messages, want 1", n)
		}
		return err
	})
}

// WajibShort finds the members whose simpanan wajib holds less than one payment for each
// month from the month they joined, counting months in the cooperative's zone: a member who
// joined at 05:00 on 1 November in Jakarta (still 31 October in UTC) owes one month in
// November, not two.
func TestWajibShortCountsMonthsInTheLocalZone(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	jakarta, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	const monthly = 50_000
	var wajib store.Product
	joins := map[string]time.Time{
		"6281300000001": time.Date(2026, 11, 1, 5, 0, 0, 0, jakarta),  // 1 month owed, 1 paid
		"6281300000002": time.Date(2026, 10, 15, 9, 0, 0, 0, jakarta), // 2 months owed, 1 paid: short
		"6281300000003": time.Date(2026, 10, 15, 9, 0, 0, 0, jakarta), // 2 owed, 2 paid
		"6281300000004": time.Date(2026, 9, 30, 20, 0, 0, 0, jakarta), // 3 owed, none paid: short
	}
	paid := map[string]int64{"6281300000001": 1, "6281300000002": 1, "6281300000003": 2, "6281300000004": 0}
	mustUpdate(t, db, func(tx *store.Tx) error {
		f := newFixture(ctx, t, tx)
		wajib = f.product(store.ProductWajib)
		for phone, joined := range joins {
			m, err := tx.CreateMember(ctx, store.Member{Branch: "pusat", Name: "Anggota " + phone[len(phone)-4:], Phone: phone,
				Status: store.MemberActive, JoinedAt: joined})
			if err != nil {
				return err
			}
			a, err := tx.OpenAccount(ctx, store.OpenAccount{Branch: "pusat", MemberID: m.ID, Product: wajib, Name: wajib.Name})
			if err != nil {
				return err
			}
			if paid[phone] > 0 {
				f.deposit(a, paid[phone]*monthly, "wajib-"+phone)
			}
		}
		return nil
	})
	var short []store.WajibHolder
	mustView(t, db, func(tx *store.Tx) (err error) {
		short, err = tx.WajibShort(ctx, wajib.ID, monthly, time.Date(2026, 11, 1, 0, 0, 0, 0, jakarta))
		return err
	})
	var got []string
	for _, h := range short {
		got = append(got, h.Phone)
		if h.Account.ProductKind != store.ProductWajib {
			t.Errorf("%s: account %s is %s, want the wajib account", h.Phone, h.Account.Number, h.Account.ProductKind)
		}
	}
	slices.Sort(got) // members were made in map order
	if want := []string{"6281300000002", "6281300000004"}; !slices.Equal(got, want) {
		t.Errorf("short of simpanan wajib: %v, want %v", got, want)
	}
}
