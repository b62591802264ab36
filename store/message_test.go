package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kopbot/kopbot/store"
)

// markProcessed records phone's message id at branch in a transaction of its own; it reports
// whether the message was new.
func markProcessed(t *testing.T, db *store.DB, branch, id, phone string) bool {
	t.Helper()
	var fresh bool
	mustUpdate(t, db, func(tx *store.Tx) error {
		var err error
		fresh, err = tx.MarkProcessed(context.Background(), branch, id, phone, tx.Now())
		return err
	})
	return fresh
}

// A message WhatsApp delivers twice is answered once.
func TestMarkProcessed(t *testing.T) {
	db := MustOpenDB(t)
	mark := func(branch, id string) bool { t.Helper(); return markProcessed(t, db, branch, id, "6281234567890") }
	if !mark("pusat", "3EB0C431C26A1916") {
		t.Error("first delivery: MarkProcessed = false, want true")
	}
	if mark("pusat", "3EB0C431C26A1916") {
		t.Error("redelivery: MarkProcessed = true, want false")
	}
	if !mark("cimahi", "3EB0C431C26A1916") {
		t.Error("same message ID on another branch's number: MarkProcessed = false, want true")
	}
	if !mark("pusat", "3EB0C431C26A1917") {
		t.Error("another message: MarkProcessed = false, want true")
	}
}

// When handling a message breaks, its ID is not kept either, so it can be handled again.
func TestMarkProcessedRolledBackWithTheStep(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	broke := errors.New("step broke")
	err := db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.MarkProcessed(ctx, "pusat", "MSG-9", "6281234567890", tx.Now()); err != nil {
			return err
		}
		return broke
	})
	if !errors.Is(err, broke) {
		t.Fatalf("Update = %v", err)
	}
	mustUpdate(t, db, func(tx *store.Tx) error {
		fresh, err := tx.MarkProcessed(ctx, "pusat", "MSG-9", "6281234567890", tx.Now())
		if err == nil && !fresh {
			t.Error("a message whose handling was rolled back counts as processed")
		}
		return err
	})
}

// Message IDs are made by members' phones, so two senders' same ID are two messages; a row
// kept before IDs were per sender (the bare ID) still stops its own sender's redelivery.
func TestMarkProcessedPerSender(t *testing.T) {
	db := MustOpenDB(t)
	// As kept before the upgrade: the bare ID.
	rawExec(t, db, `INSERT INTO processed_messages (branch_id, message_id, phone, at) VALUES ('pusat', '3EB0OLD', '6281200000001', 0)`)
	for _, c := range []struct {
		id, phone, what string
		fresh           bool
	}{
		{"3EB0AAAA", "6281200000001", "a first message", true},
		{"3EB0AAAA", "6281200000002", "the same ID from a second sender", true},
		{"3EB0AAAA", "6281200000002", "the second sender's redelivery", false},
		{"3EB0OLD", "6281200000001", "the redelivery of a message handled before the upgrade", false},
		{"3EB0OLD", "6281200000002", "another sender's message under an ID kept before the upgrade", true},
	} {
		if got := markProcessed(t, db, "pusat", c.id, c.phone); got != c.fresh {
			t.Errorf("%s: MarkProcessed = %v, want %v", c.what, got, c.fresh)
		}
	}
}

// Two senders' messages under the same ID are both kept in the inbox, and each is cleared alone.
func TestInboxPerSender(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	mustUpdate(t, db, func(tx *store.Tx) error {
		for _, from := range []string{"6281200000001", "6281200000002"} {
			if err := tx.SaveInbox(ctx, store.InboxItem{Branch: "pusat", MessageID: "3EB0BBBB", From: from, Payload: from, ReceivedAt: tx.Now()}); err != nil {
				return err
			}
		}
		return tx.ClearInbox(ctx, "pusat", "6281200000001", "3EB0BBBB")
	})
	var left []store.InboxItem
	err := db.View(ctx, func(tx *store.Tx) (err error) {
		left, err = tx.Inbox(ctx, "pusat", 10)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0].Payload != "6281200000002" {
		t.Fatalf("after the first sender's message was handled the inbox holds %+v, want the second sender's", left)
	}
}
