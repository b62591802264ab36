package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// Many callers at once share commits; each caller's step is all or nothing on its own: a
// step that fails leaves nothing, a step that panics panics in its own caller, and the
// others in its group commit.
func TestUpdateGroupedStepsAreAtomicAlone(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	const callers = 200
	errBoom := errors.New("boom")
	var wg sync.WaitGroup
	results := make([]error, callers)
	panics := make([]any, callers)
	for i := 0; i < callers; i++ {
		wg.Go(func() {
			defer func() { panics[i] = recover() }()
			results[i] = db.UpdateGrouped(ctx, func(tx *store.Tx) error {
				id := fmt.Sprintf("M%03d", i)
				if _, err := tx.MarkProcessed(ctx, "pusat", id, "6281200000001", testNow); err != nil {
					return err
				}
				switch i % 10 {
				case 3: // fails after writing: the write is undone
					return errBoom
				case 7: // panics after writing: undone, and the caller panics
					panic("step " + id)
				}
				return nil
			})
		})
	}
	wg.Wait()
	for i := 0; i < callers; i++ {
		fresh := !processed(t, db, fmt.Sprintf("M%03d", i))
		switch i % 10 {
		case 3:
			if !errors.Is(results[i], errBoom) || !fresh {
				t.Errorf("caller %d: err %v, its write kept: %v", i, results[i], !fresh)
			}
		case 7:
			if p, _ := panics[i].(string); !strings.Contains(p, fmt.Sprintf("step M%03d", i)) || !fresh {
				t.Errorf("caller %d: panic %v, its write kept: %v", i, panics[i], !fresh)
			}
		default:
			if results[i] != nil || panics[i] != nil || fresh {
				t.Errorf("caller %d: err %v, panic %v, its write lost: %v", i, results[i], panics[i], fresh)
			}
		}
	}
}

// A group commit returns only once the commit is done: what a step wrote is visible to a
// reader as soon as its caller returns.
func TestUpdateGroupedVisibleOnReturn(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Go(func() {
			id := fmt.Sprintf("V%03d", i)
			err := db.UpdateGrouped(ctx, func(tx *store.Tx) error {
				_, err := tx.Enqueue(ctx, store.OutMessage{Branch: "pusat", To: "6281200000001", Text: id, InMessageID: id})
				return err
			})
			if err != nil {
				t.Error(err)
				return
			}
			var queued []store.OutMessage
			if err := db.View(ctx, func(tx *store.Tx) (err error) { queued, err = tx.Queued(ctx, "pusat", 1000); return }); err != nil {
				t.Error(err)
				return
			}
			for _, m := range queued {
				if m.Text == id {
					return
				}
			}
			t.Errorf("%s was not visible when UpdateGrouped returned", id)
		})
	}
	wg.Wait()
}

// A caller whose context ends does not roll back the others in its group.
func TestUpdateGroupedCancelledCaller(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Go(func() {
			c := ctx
			if i%2 == 0 {
				var cancel context.CancelFunc
				c, cancel = context.WithTimeout(ctx, time.Duration(i)*time.Microsecond)
				defer cancel()
			}
			_ = db.UpdateGrouped(c, func(tx *store.Tx) error {
				_, err := tx.MarkProcessed(c, "pusat", fmt.Sprintf("C%03d", i), "6281200000001", testNow)
				return err
			})
		})
	}
	wg.Wait()
	for i := 1; i < 40; i += 2 {
		if !processed(t, db, fmt.Sprintf("C%03d", i)) {
			t.Errorf("caller %d's step was lost", i)
		}
	}
}

// processed reports whether message id was recorded, changing nothing.
func processed(t *testing.T, db *store.DB, id string) bool {
	t.Helper()
	var fresh bool
	errProbe := errors.New("probe only")
	err := db.Update(context.Background(), func(tx *store.Tx) (err error) {
		if fresh, err = tx.MarkProcessed(context.Background(), "pusat", id, "6281200000001", testNow); err != nil {
			return err
		}
		return errProbe // roll back
	})
	if !errors.Is(err, errProbe) {
		t.Fatal(err)
	}
	return !fresh
}
