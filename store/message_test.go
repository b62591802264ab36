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
