package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kopbot/kopbot/store"
)

// A message WhatsApp delivers twice is answered once.
func TestMarkProcessed(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	mark := func(branch, id string) bool {
		t.Helper()
		var fresh bool
		mustUpdate(t, db, func(tx *store.Tx) error {
			var err error
			fresh, err = tx.MarkProcessed(ctx, branch, id, "6281234567890", tx.Now())
			return err
		})
		return fresh
	}
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
	ctx := context.Background()
	db := MustOpenDB(t)
	mark := func(id, phone string) bool {
		t.Helper()
		var fresh bool
		mustUpdate(t, db, func(tx *store.Tx) error {
			var err error
			fresh, err = tx.MarkProcessed(ctx, "pusat", id, phone, tx.Now())
			return err
		})
		return fresh
	}
	if !mark("3EB0AAAA", "6281200000001") || !mark("3EB0AAAA", "6281200000002") {
		t.Error("the same message ID from a second sender was taken for a redelivery")
	}
	if mark("3EB0AAAA", "6281200000002") {
		t.Error("the second sender's redelivery was handled again")
	}
	// As kept before the upgrade.
	rawExec(t, db, `INSERT INTO processed_messages (branch_id, message_id, phone, at) VALUES ('pusat', '3EB0OLD', '6281200000001', 0)`)
	if mark("3EB0OLD", "6281200000001") {
		t.Error("a message handled before the upgrade was handled again when redelivered")
	}
	if !mark("3EB0OLD", "6281200000002") {
		t.Error("another sender's message under an ID kept before the upgrade was dropped")
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
