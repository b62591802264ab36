package flows_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
)

const (
	sariPhone = "6281299990055" // a manager, who opens the admin menu with her own staff PIN
	newPIN    = "583920"
)

// newStaffPINWorld is the lockout world with a manager (sari, her staff PIN the demo PIN),
// an admin (hendra) and a teller (tono).
func newStaffPINWorld(t *testing.T) *lockoutWorld {
	w := newLockoutWorld(t)
	for _, n := range []coop.NewStaff{
		{Username: "sari", Name: "Sari Wulandari", Role: store.RoleManager, Branches: []string{"pusat"}, Phone: sariPhone},
		{Username: "hendra", Name: "Hendra Gunawan", Role: store.RoleAdmin},
		{Username: "tono", Name: "Tono Prasetyo", Role: store.RoleTeller, Branches: []string{"pusat"}},
	} {
		n.Password = "a long enough password"
		w.must(func(tx *store.Tx) error { _, err := coop.AddStaff(w.ctx, tx, n, coop.CLI); return err })
	}
	w.must(func(tx *store.Tx) error {
		return tx.SaveStaffPIN(w.ctx, "pusat", sariPhone, store.StaffPIN{Hash: demoPINHash(t)})
	})
	return w
}

// resetMemberPIN is the admin menu's "reset a member's PIN" up to the staff PIN, then pins.
func resetMemberPIN(memberNo string, pins ...string) []string {
	return append([]string{"admin", "4", memberNo, "ya"}, pins...)
}

// A staff member's own PIN locks for 30 minutes, then 2 hours, then until an admin resets
// it. A teller (or the command line without an admin's name) cannot reset it; the admin
// can: it is in the audit log, the staff member is told, chooses a new PIN at the next
// admin-menu step that needs it, and confirms with it from then on.
func TestStaffPINLockedUntilAnAdminResetsIt(t *testing.T) {
	w := newStaffPINWorld(t)
	wrong := resetMemberPIN("01.00001", "000000", "999999", "111111")
	if staff, _ := w.say(sariPhone, wrong...); !strings.Contains(staff, "Coba lagi setelah pukul 09.30") {
		t.Fatalf("first lockout, the manager reads:\n%s", staff)
	}
	w.now = w.now.Add(31 * time.Minute)
	if staff, _ := w.say(sariPhone, wrong...); !strings.Contains(staff, "Coba lagi setelah pukul 11.31") {
		t.Fatalf("second lockout, the manager reads:\n%s", staff)
	}
	w.now = w.now.Add(2*time.Hour + time.Minute)
	staff, admin := w.say(sariPhone, wrong...)
	if !strings.Contains(staff, "sampai direset oleh admin koperasi") || !strings.Contains(admin, "sampai direset admin koperasi (kopbot staff reset-pin)") {
		t.Fatalf("third lockout, the manager reads:\n%s\nthe branch's admin:\n%s", staff, admin)
	}
	w.now = w.now.AddDate(0, 1, 0)
	if staff, _ = w.say(sariPhone, resetMemberPIN("01.00001")...); !strings.Contains(staff, "sampai direset oleh admin koperasi") {
		t.Fatalf("a month later, the manager's PIN is not still locked:\n%s", staff)
	}

	for _, by := range []coop.Actor{coop.Named("tono"), coop.CLI} {
		err := w.db.Update(w.ctx, func(tx *store.Tx) error {
			_, err := coop.ResetStaffPIN(w.ctx, tx, "sari", by, "id")
			return err
		})
		if !errors.Is(err, coop.AdminOnly) {
			t.Errorf("%s resetting a staff PIN: %v, want refused (admin only)", by, err)
		}
	}
	if staff, _ = w.say(sariPhone, resetMemberPIN("01.00001")...); !strings.Contains(staff, "sampai direset oleh admin koperasi") {
		t.Fatalf("after the teller's try, the PIN is not locked any more:\n%s", staff)
	}

	w.must(func(tx *store.Tx) error {
		r, err := coop.ResetStaffPIN(w.ctx, tx, "sari", coop.Named("hendra"), "id")
		if err == nil && strings.Join(r.Branches, ",") != "pusat" {
			t.Errorf("reset at %v, want pusat", r.Branches)
		}
		return err
	})
	wantAudit(t, w, store.AuditEntry{Actor: "staff:hendra", Action: "staff.reset_pin", Subject: "sari", Branch: "pusat", Via: "cli"})

	staff, _ = w.say(sariPhone, resetMemberPIN("01.00001", newPIN, newPIN)...)
	for _, want := range []string{"PIN petugas Anda telah direset oleh Hendra Gunawan", "Anda belum punya PIN petugas",
		"PIN Budi Santoso (01.00001) sudah direset"} {
		if !strings.Contains(staff, want) {
			t.Errorf("after the reset, the manager does not read %q:\n%s", want, staff)
		}
	}
	if staff, _ = w.say(sariPhone, resetMemberPIN("01.00002", newPIN)...); !strings.Contains(staff, "sudah direset") {
		t.Errorf("the new staff PIN does not confirm the next action:\n%s", staff)
	}
	if staff, _ = w.say(sariPhone, resetMemberPIN("01.00003", flows.DemoPIN)...); !strings.Contains(staff, "PIN salah") {
		t.Errorf("the old staff PIN after the reset:\n%s", staff)
	}
}

// wantAudit fails unless the audit log holds want (its time and origin aside).
func wantAudit(t *testing.T, w *lockoutWorld, want store.AuditEntry) {
	t.Helper()
	var all []store.AuditEntry
	w.must(func(tx *store.Tx) (err error) {
		all, err = tx.Audit(w.ctx, store.AuditFilter{})
		return err
	})
	for _, e := range all {
		if e.Actor == want.Actor && e.Action == want.Action && e.Subject == want.Subject && e.Branch == want.Branch && e.Via == want.Via {
			return
		}
	}
	t.Errorf("the audit log has no %+v:\n%+v", want, all)
}
