package flows

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// openSetupDB opens a new database with the demo's branches and products, no members.
func openSetupDB(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kopbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SyncDemoSetup(ctx) }); err != nil {
		t.Fatal(err)
	}
	return db
}

// The PIN work of every step that takes a PIN, as the flows declare them, is done before
// the write transaction: a member's PIN checked, a new PIN hashed, a repeat checked
// against the hash the flow kept. A step that takes no PIN gets nothing done ahead.
func TestPINWorkIsDoneAheadForTheDeclaredSteps(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	db := openSetupDB(t)
	if _, err := db.SeedDemo(ctx, "pusat", now, CheapPINHash(DemoPIN)); err != nil {
		t.Fatal(err)
	}
	r := &Runner{DB: db, PINKeys: FixedPINKeys(), Now: func() time.Time { return now }, SessionTimeout: 15 * time.Minute, Language: "id", Location: time.UTC}
	kept := CheapPINHash("246810")
	const budi = "6281200000001"
	for _, tc := range []struct {
		flow, step, data, typed string
		checked, hashed         bool
	}{
		{flowTransfer, stepPIN, `{}`, DemoPIN, true, false},
		{flowGantiPIN, "old", `{}`, DemoPIN, true, false},
		{flowGantiPIN, "new", `{}`, "246810", true, true}, // checked: it must not be the old PIN
		{flowGantiPIN, "confirm", `{"new_hash":"` + kept + `"}`, "246810", true, false},
		{flowRegistrasiLink, "pin-new", `{}`, "246810", false, true},
		{flowRegistrasiLink, "pin-confirm", `{"new_hash":"` + kept + `"}`, "246810", true, false},
		{flowTransfer, "amount", `{}`, "246810", false, false},
	} {
		err := db.Update(ctx, func(tx *store.Tx) error {
			return tx.SaveSession(ctx, store.Session{Branch: "pusat", Phone: budi, Flow: tc.flow, Step: tc.step, Data: tc.data}, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		in := Input{Branch: "pusat", From: budi, Text: tc.typed, At: now}
		a := aheadOf(r.prepareSecrets(ctx, in, r.words().Read(tc.typed)))
		checked := a != nil && len(a.verdicts) > 0
		hashed := a != nil && len(a.hashes) > 0
		if checked != tc.checked || hashed != tc.hashed {
			t.Errorf("%s/%s: checked %v hashed %v ahead, want %v %v", tc.flow, tc.step, checked, hashed, tc.checked, tc.hashed)
		}
		if tc.step == "pin-confirm" || tc.step == "confirm" {
			if ok, known := a.verdict(kept, "246810"); !known || !ok {
				t.Errorf("%s/%s: the repeat was not checked against the kept hash", tc.flow, tc.step)
			}
		}
	}
}
