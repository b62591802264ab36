package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// Phrases are counted per branch and day; the top list sums the days of the period, and
// pruning forgets whole days.
func TestMisunderstoodPhrases(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	day := func(d int) time.Time { return time.Date(2025, time.March, d, 0, 0, 0, 0, wib) }
	mustUpdate(t, db, func(tx *store.Tx) error {
		if err := tx.SyncBranch(ctx, store.Branch{ID: "cabang", Code: "02", Name: "Kantor Cabang"}); err != nil {
			return err
		}
		for _, c := range []struct {
			branch string
			day    int
			phrase string
			hour   int
		}{
			{"pusat", 10, "saldo saya brp kak?", 9},
			{"pusat", 12, "saldo saya brp kak?", 10},
			{"pusat", 12, "saldo saya brp kak?", 8}, // an earlier time does not move last seen back
			{"pusat", 13, "cek rek ••••", 9},
			{"cabang", 13, "cek rek ••••", 11},
			{"cabang", 13, "cek rek ••••", 12},
			{"pusat", 1, "lama sekali", 9},
		} {
			if err := tx.CountMisunderstood(ctx, c.branch, day(c.day), c.phrase, day(c.day).Add(time.Duration(c.hour)*time.Hour)); err != nil {
				return err
			}
		}
		return nil
	})
	mustView(t, db, func(tx *store.Tx) error {
		all, err := tx.TopMisunderstood(ctx, "", day(5), 10)
		if err != nil {
			return err
		}
		if len(all) != 2 || all[0].Phrase != "cek rek ••••" || all[0].Count != 3 || all[0].Days != 1 || !all[0].LastSeen.Equal(day(13).Add(12*time.Hour)) ||
			all[1].Phrase != "saldo saya brp kak?" || all[1].Count != 3 || all[1].Days != 2 || !all[1].LastSeen.Equal(day(12).Add(10*time.Hour)) {
			t.Errorf("every branch since the 5th: %+v", all)
		}
		pusat, err := tx.TopMisunderstood(ctx, "pusat", day(12), 1)
		if err != nil {
			return err
		}
		if len(pusat) != 1 || pusat[0].Phrase != "saldo saya brp kak?" || pusat[0].Count != 2 {
			t.Errorf("pusat since the 12th, top 1: %+v", pusat)
		}
		return nil
	})
	mustUpdate(t, db, func(tx *store.Tx) error {
		n, err := tx.PruneMisunderstood(ctx, day(12))
		if n != 2 {
			t.Errorf("pruned %d rows before the 12th, want 2", n)
		}
		return err
	})
	mustView(t, db, func(tx *store.Tx) error {
		all, err := tx.TopMisunderstood(ctx, "", day(1), 10)
		if len(all) != 2 || all[1].Count != 2 {
			t.Errorf("after pruning: %+v", all)
		}
		return err
	})
}
