package store_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

func TestSessionOfUnknownPhoneIsNew(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	mustView(t, db, func(tx *store.Tx) error {
		s, err := tx.Session(ctx, "pusat", "6281234567890")
		if err != nil {
			return err
		}
		if !s.New || s.Data != "{}" || s.Flow != "" || s.Step != "" || s.Lang != "" {
			t.Errorf("session of an unknown phone = %+v, want New with Data {} and no flow", s)
		}
		if s.Branch != "pusat" || s.Phone != "6281234567890" {
			t.Errorf("session is for %s/%s", s.Branch, s.Phone)
		}
		return nil
	})
}

func TestSessionRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	saved := store.Session{Branch: "pusat", Phone: "6281234567890", Flow: "transfer", Step: "amount",
		Data: `{"to":"0104000013","note":"arisan"}`, Lang: "en"}
	at := testNow.Add(-3 * time.Minute)
	mustUpdate(t, db, func(tx *store.Tx) error { return tx.SaveSession(ctx, saved, at) })
	mustView(t, db, func(tx *store.Tx) error {
		s, err := tx.Session(ctx, "pusat", "6281234567890")
		if err != nil {
			return err
		}
		if s.New || s.Flow != saved.Flow || s.Step != saved.Step || s.Data != saved.Data || s.Lang != saved.Lang || !s.UpdatedAt.Equal(at) {
			t.Errorf("loaded %+v, saved %+v at %v", s, saved, at)
		}
		// The same phone with another branch is another conversation.
		other, err := tx.Session(ctx, "cimahi", "6281234567890")
		if err != nil {
			return err
		}
		if !other.New || other.Flow != "" {
			t.Errorf("session with another branch = %+v, want a new one", other)
		}
		return nil
	})
	// Leaving the flow keeps the language the member chose.
	mustUpdate(t, db, func(tx *store.Tx) error {
		return tx.SaveSession(ctx, store.Session{Branch: "pusat", Phone: "6281234567890", Lang: "en"}, testNow)
	})
	mustView(t, db, func(tx *store.Tx) error {
		s, err := tx.Session(ctx, "pusat", "6281234567890")
		if err != nil {
			return err
		}
		if s.Flow != "" || s.Step != "" || s.Data != "{}" || s.Lang != "en" || !s.UpdatedAt.Equal(testNow) {
			t.Errorf("after leaving the flow: %+v", s)
		}
		return nil
	})
}

func TestStaleSessions(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	cutoff := testNow.Add(-15 * time.Minute)
	mustUpdate(t, db, func(tx *store.Tx) error {
		for _, c := range []struct {
			phone, flow string
			age         time.Duration
		}{
			{"6281200000101", "transfer", time.Hour},            // stale
			{"6281200000102", "open_savings", 16 * time.Minute}, // stale
			{"6281200000103", "transfer", 14 * time.Minute},     // still fresh
			{"6281200000104", "", 2 * time.Hour},                // idle, nothing to expire
			{"6281200000105", "register", 0},                    // just now
		} {
			s := store.Session{Branch: "pusat", Phone: c.phone, Flow: c.flow, Step: "x"}
			if c.flow == "" {
				s.Step = ""
			}
			if err := tx.SaveSession(ctx, s, testNow.Add(-c.age)); err != nil {
				return err
			}
		}
		return tx.SaveSession(ctx, store.Session{Branch: "cimahi", Phone: "6281200000106", Flow: "transfer", Step: "pin"}, testNow.Add(-time.Hour))
	})
	mustView(t, db, func(tx *store.Tx) error {
		stale, err := tx.StaleSessions(ctx, cutoff, 100)
		if err != nil {
			return err
		}
		var got []string
		for _, s := range stale {
			got = append(got, s.Branch+"/"+s.Phone+"/"+s.Flow)
			if !s.UpdatedAt.Before(cutoff) {
				t.Errorf("session %s/%s updated at %v is not older than %v", s.Branch, s.Phone, s.UpdatedAt, cutoff)
			}
		}
		sort.Strings(got)
		want := []string{"cimahi/6281200000106/transfer", "pusat/6281200000101/transfer", "pusat/6281200000102/open_savings"}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("stale sessions %v, want %v", got, want)
		}
		limited, err := tx.StaleSessions(ctx, cutoff, 1)
		if err != nil {
			return err
		}
		if len(limited) != 1 {
			t.Errorf("StaleSessions with limit 1 returned %d", len(limited))
		}
		return nil
	})
}
