package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

func TestQueuedOrder(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	clock := testNow
	db.Now = func() time.Time { return clock }
	ids := map[string]int64{}
	enqueue := func(name, branch string, bulk bool) {
		t.Helper()
		clock = clock.Add(time.Second)
		mustUpdate(t, db, func(tx *store.Tx) error {
			id, err := tx.Enqueue(ctx, store.OutMessage{Branch: branch, To: "6281234567890", Text: name, Bulk: bulk})
			ids[name] = id
			return err
		})
	}
	enqueue("reminder-1", "pusat", true)
	enqueue("reply-1", "pusat", false)
	enqueue("other-branch", "cimahi", false)
	enqueue("reminder-2", "pusat", true)
	enqueue("reply-2", "pusat", false)
	enqueue("reply-sent", "pusat", false)
	enqueue("reply-3", "pusat", false)
	mustUpdate(t, db, func(tx *store.Tx) error { return tx.MarkSent(ctx, ids["reply-sent"]) })

	queued := func(limit int) string {
		t.Helper()
		var names []string
		mustView(t, db, func(tx *store.Tx) error {
			ms, err := tx.Queued(ctx, "pusat", limit)
			for _, m := range ms {
				names = append(names, m.Text)
				if m.Branch != "pusat" || m.Status != "queued" || m.ID != ids[m.Text] {
					t.Errorf("queued message %+v", m)
				}
			}
			return err
		})
		return strings.Join(names, " ")
	}
	if got, want := queued(10), "reply-1 reply-2 reply-3 reminder-1 reminder-2"; got != want {
		t.Errorf("Queued = %s, want %s", got, want)
	}
	if got, want := queued(2), "reply-1 reply-2"; got != want {
		t.Errorf("Queued(limit 2) = %s, want %s", got, want)
	}
}

func TestMarkSentRemovesFromQueue(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var ids []int64
	mustUpdate(t, db, func(tx *store.Tx) error {
		for i := range 3 {
			id, err := tx.Enqueue(ctx, store.OutMessage{Branch: "pusat", To: "6281234567890", Text: fmt.Sprintf("balasan %d", i), InMessageID: "MSG-1"})
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	mustUpdate(t, db, func(tx *store.Tx) error { return tx.MarkSent(ctx, ids[1]) })
	// Marking it sent again (a retry after a crash) does no harm.
	mustUpdate(t, db, func(tx *store.Tx) error { return tx.MarkSent(ctx, ids[1]) })
	mustView(t, db, func(tx *store.Tx) error {
		ms, err := tx.Queued(ctx, "pusat", 10)
		if err != nil {
			return err
		}
		if len(ms) != 2 || ms[0].ID != ids[0] || ms[1].ID != ids[2] {
			t.Errorf("queued after sending the second: %+v, want messages %d and %d", ms, ids[0], ids[2])
		}
		for _, m := range ms {
			if m.To != "6281234567890" || m.InMessageID != "MSG-1" || !m.CreatedAt.Equal(testNow) || m.Attempts != 0 {
				t.Errorf("queued message %+v", m)
			}
		}
		return nil
	})
}

// Each transport's messages are due on their own: chat's never go out on WhatsApp, and a
// member's message waiting in one does not hold back what another carries.
func TestDueViaKeepsTransportsApart(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	const phone = "6281234567890"
	mustUpdate(t, db, func(tx *store.Tx) error {
		for _, m := range []store.OutMessage{
			{Branch: "pusat", To: phone, Transport: "chat", Text: "chat 1"},
			{Branch: "pusat", To: phone, Text: "whatsapp 1"},
			{Branch: "pusat", To: phone, Transport: "chat", Text: "chat 2"},
		} {
			if _, err := tx.Enqueue(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	due := func(transport string) string {
		var names []string
		mustView(t, db, func(tx *store.Tx) error {
			ms, err := tx.DueVia(ctx, "pusat", transport, testNow, 10)
			for _, m := range ms {
				names = append(names, m.Text)
			}
			return err
		})
		return strings.Join(names, " ")
	}
	if got := due(""); got != "whatsapp 1" {
		t.Errorf("due on WhatsApp: %q, want only its own message", got)
	}
	if got := due("chat"); got != "chat 1" {
		t.Errorf("due in chat: %q, want its first message (the second waits behind it)", got)
	}
	mustView(t, db, func(tx *store.Tx) error {
		next, err := tx.NextRetryVia(ctx, "pusat", "chat", testNow)
		if !next.IsZero() {
			t.Errorf("chat waits for a retry at %s; nothing of it waits", next)
		}
		return err
	})
}

// BenchmarkDueBehindAQueue is the outbox worker's look at a queue 2,000 messages long (200
// members, ten each, one in ten a broadcast): its cost must grow with the queue, not with
// its square (a correlated subquery on the wrong index once scanned the whole queue for
// every queued message).
func BenchmarkDueBehindAQueue(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b)
	mustUpdate(b, db, func(tx *store.Tx) error {
		for i := range 2000 {
			m := store.OutMessage{Branch: "pusat", To: fmt.Sprintf("62812%08d", i%200), Text: "reply", Bulk: i%10 == 0}
			if _, err := tx.Enqueue(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	b.ReportAllocs()
	for b.Loop() {
		mustView(b, db, func(tx *store.Tx) error {
			due, err := tx.Due(ctx, "pusat", testNow.Add(time.Hour), 20)
			if err == nil && len(due) != 20 {
				b.Fatalf("%d due, want 20", len(due))
			}
			return err
		})
	}
}
