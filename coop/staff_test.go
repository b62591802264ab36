package coop_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

func TestPasswordHash(t *testing.T) {
	h, err := coop.HashPassword("kata-sandi-panjang")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(h, "kata-sandi") {
		t.Errorf("hash %q", h)
	}
	h2, _ := coop.HashPassword("kata-sandi-panjang")
	if h == h2 {
		t.Error("two hashes of one password are the same: no salt")
	}
	for pw, want := range map[string]bool{"kata-sandi-panjang": true, "kata-sandi-panjanG": false, "": false} {
		if got := coop.PasswordMatches(h, pw); got != want {
			t.Errorf("PasswordMatches(%q) = %v", pw, got)
		}
	}
	for _, bad := range []string{"", "plain", strings.Replace(h, "argon2id", "argon2i", 1), h[:len(h)-4]} {
		if coop.PasswordMatches(bad, "kata-sandi-panjang") {
			t.Errorf("matched against %q", bad)
		}
	}
}

// addTestStaff adds a teller of pusat with phone (none when empty).
func addTestStaff(t *testing.T, w *tellerWorld, username, phone string) {
	t.Helper()
	w.must(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.AddStaff(ctx, tx, coop.NewStaff{Username: username, Name: "Staf " + username, Role: store.RoleTeller,
			Branches: []string{"pusat"}, Phone: phone, Password: "kata-sandi-panjang"}, coop.CLI)
		return err
	})
}

func TestResolveStaff(t *testing.T) {
	w := newTellerWorld(t)
	addTestStaff(t, w, "tari", "6281299990077")
	addTestStaff(t, w, "dodi", "6281299990078")
	w.must(func(ctx context.Context, tx *store.Tx) error { return coop.DisableStaff(ctx, tx, "dodi", coop.CLI) })
	for by, want := range map[coop.Actor]coop.Actor{
		"wa:6281299990077": "staff:tari", // her admin menu
		"tari":             "staff:tari", // -by tari
		"TARI":             "staff:tari",
		"wa:6281299990078": "wa:6281299990078", // disabled: the number names nobody
		"dodi":             "dodi",
		"wa:6281299990099": "wa:6281299990099", // a config admin without an account
		"Pak Harto":        "Pak Harto",
		coop.CLI:           coop.CLI,
		"member:01.00001":  "member:01.00001",
	} {
		w.must(func(ctx context.Context, tx *store.Tx) error {
			got, err := coop.Resolve(ctx, tx, by)
			if got != want {
				t.Errorf("Resolve(%q) = %q, want %q", by, got, want)
			}
			return err
		})
	}
}

// A counter movement by -by tari is in the audit log as her account, with the account
// masked; the same key again adds no second line.
func TestTellerMovementAudited(t *testing.T) {
	w := newTellerWorld(t)
	addTestStaff(t, w, "tari", "")
	tab := w.account(budi, "TAB")
	op := w.op("dep-audit")
	op.By = "tari"
	for range 2 {
		w.must(func(ctx context.Context, tx *store.Tx) error {
			_, err := coop.CashDeposit(ctx, tx, op, tab.Number, 100_000, "")
			return err
		})
	}
	var got []store.AuditEntry
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		got, err = tx.Audit(ctx, store.AuditFilter{Actor: "staff:tari"})
		return err
	})
	if len(got) != 1 || !strings.HasPrefix(got[0].Action, "teller.") || got[0].Subject != tab.Masked() || got[0].Branch != "pusat" ||
		got[0].Via != "cli" || !strings.HasPrefix(got[0].Detail, "TRX-") {
		t.Errorf("audit of tari: %+v", got)
	}
}

func TestStaffSignIn(t *testing.T) {
	w := newTellerWorld(t)
	addTestStaff(t, w, "tari", "")
	signIn := func(pw string) error {
		return w.update(func(ctx context.Context, tx *store.Tx) error {
			_, err := coop.SignIn(ctx, tx, "tari", pw, "192.0.2.1")
			if err == coop.ErrSignIn {
				return nil
			}
			if err == nil {
				return errSignedIn
			}
			return err
		})
	}
	for range coop.LockAfter {
		if err := signIn("salah"); err != nil {
			t.Fatal(err)
		}
	}
	if err := signIn("kata-sandi-panjang"); err != nil {
		t.Errorf("signed in while locked: %v", err)
	}
	w.now = w.now.Add(coop.LockFor + 1)
	if err := signIn("kata-sandi-panjang"); err != errSignedIn {
		t.Errorf("after the lock: %v", err)
	}
	// A new password lifts a lock and ends the sessions.
	w.must(func(ctx context.Context, tx *store.Tx) error {
		return coop.ResetStaffPassword(ctx, tx, "tari", "kata-sandi-baru-1", coop.CLI)
	})
	if err := signIn("kata-sandi-panjang"); err != nil {
		t.Errorf("the old password still works: %v", err)
	}
}

type signedIn struct{}

func (signedIn) Error() string { return "signed in" }

var errSignedIn error = signedIn{}
