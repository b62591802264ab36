package flows

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// A staff member's PIN from before keyed PINs (argon2id in staff_pins) is replaced by a
// keyed hash at their next right PIN, as a member's is; without the runner's keys no PIN
// is set or upgraded (an error, never a silent wrong PIN).
func TestStaffArgon2idPINIsUpgradedAtTheNextRightPIN(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	db := openSetupDB(t)
	const admin = "6281299990066"
	old := CheapPINHash(DemoPIN)
	err := db.Update(ctx, func(tx *store.Tx) error {
		return tx.SaveStaffPIN(ctx, "pusat", admin, store.StaffPIN{Hash: old})
	})
	if err != nil {
		t.Fatal(err)
	}
	rules := Rules{PINAttempts: 3, PINLock: 30 * time.Minute}
	check := func(ctx context.Context) (pinCheck, error) {
		var res pinCheck
		err := db.Update(ctx, func(tx *store.Tx) error {
			h, err := staffPIN(ctx, tx, "pusat", admin)
			if err != nil {
				return err
			}
			res, _, _, err = h.check(ctx, DemoPIN, rules, now)
			return err
		})
		return res, err
	}
	if _, err := check(ctx); err == nil {
		t.Error("a PIN was checked without the runner's keys")
	}
	keys := FixedPINKeys()
	if res, err := check(withPINKeys(ctx, keys)); err != nil || res != pinRight {
		t.Fatalf("the right staff PIN: %v %v", res, err)
	}
	var p store.StaffPIN
	err = db.View(ctx, func(tx *store.Tx) (err error) {
		p, err = tx.StaffPIN(ctx, "pusat", admin)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.Hash == old || !strings.HasPrefix(p.Hash, KeyedPINPrefix) || !keys.Matches(p.Hash, DemoPIN) {
		t.Errorf("the staff PIN's hash after the right PIN: %s", p.Hash)
	}
}
