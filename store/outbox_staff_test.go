package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// A message failed for good keeps the time of its last try; staff requeue it (tries from
// zero, due at once) or cancel it (who, when); neither touches a message that is not failed.
func TestFailedMessagesRequeueAndCancel(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	clock := testNow
	db.Now = func() time.Time { return clock }
	var a, b, queued int64
	mustUpdate(t, db, func(tx *store.Tx) (err error) {
		for _, id := range []*int64{&a, &b, &queued} {
			if *id, err = tx.Enqueue(ctx, store.OutMessage{Branch: "pusat", To: "6281234567890", Text: "hai"}); err != nil {
				return err
			}
		}
		for _, id := range []int64{a, b} {
			if err := tx.MarkAttemptFailed(ctx, id, "not on WhatsApp", clock.Add(time.Hour), true); err != nil {
				return err
			}
		}
		return nil
	})
	mustView(t, db, func(tx *store.Tx) error {
		failed, err := tx.FailedMessages(ctx, 10, func(b string) bool { return b == "pusat" })
		if err != nil {
			return err
		}
		if len(failed) != 2 || failed[0].ID != b || !failed[0].LastTry.Equal(clock) || failed[0].LastError != "not on WhatsApp" {
			t.Errorf("failed messages: %+v", failed)
		}
		if none, _ := tx.FailedMessages(ctx, 10, func(string) bool { return false }); len(none) != 0 {
			t.Errorf("another branch's staff see %+v", none)
		}
		return nil
	})
	clock = clock.Add(time.Minute)
	mustUpdate(t, db, func(tx *store.Tx) error {
		if err := tx.RequeueFailed(ctx, a); err != nil {
			return err
		}
		if err := tx.CancelFailed(ctx, b, "staff:mira"); err != nil {
			return err
		}
		for _, id := range []int64{a, b, queued} {
			if err := tx.RequeueFailed(ctx, id); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("requeue of message %d, not failed: %v", id, err)
			}
			if err := tx.CancelFailed(ctx, id, "staff:mira"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("cancel of message %d, not failed: %v", id, err)
			}
		}
		return nil
	})
	mustView(t, db, func(tx *store.Tx) error {
		due, err := tx.Due(ctx, "pusat", clock, 10)
		if err != nil {
			return err
		}
		if len(due) != 1 || due[0].ID != a || due[0].Attempts != 0 {
			t.Errorf("due after the retry: %+v", due)
		}
		counts, err := tx.OutboxCountsByBranch(ctx)
		if err != nil {
			return err
		}
		if len(counts) != 1 || counts[0] != (store.OutboxCounts{Branch: "pusat", Queued: 2, Cancelled: 1}) {
			t.Errorf("counts: %+v", counts)
		}
		return nil
	})
}
