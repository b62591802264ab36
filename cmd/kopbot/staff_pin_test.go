package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// kopbot staff reset-pin: the teller's -by is refused and changes nothing; the admin's
// forgets the manager's locked staff PIN, is in the audit log, and the manager is told on
// WhatsApp.
func TestStaffResetPINCommand(t *testing.T) {
	config := testConfig(t)
	db, _ := openConfigDB(t, config)
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	locked := store.StaffPIN{Hash: "$kopbot-hmac$k=00000000$x$y", Failures: 3, Lockouts: 3, LockedUntil: store.PINLockedForGood}
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SaveStaffPIN(ctx, "pusat", DemoAdminPhone, locked) }); err != nil {
		t.Fatal(err)
	}
	staffPIN := func() (p store.StaffPIN) {
		t.Helper()
		if err := db.View(ctx, func(tx *store.Tx) (err error) { p, err = tx.StaffPIN(ctx, "pusat", DemoAdminPhone); return err }); err != nil {
			t.Fatal(err)
		}
		return p
	}

	wantContains(t, "staff list with a locked staff PIN", mustCmd(t, config, "staff list"),
		"PIN locked until reset (kopbot staff reset-pin manajer -by ADMIN)")

	_, err := kopbotCmd(t, config, "staff reset-pin", "manajer", "-by", "kasir")
	if !errors.Is(err, coop.AdminOnly) {
		t.Fatalf("staff reset-pin -by a teller: %v, want refused (admin only)", err)
	}
	wantError(t, "staff reset-pin -by a teller", err, "only an admin", "kasir is a teller")
	if p := staffPIN(); p.Hash != locked.Hash || p.Lockouts != 3 {
		t.Errorf("after the teller's refused reset the PIN is %+v", p)
	}

	out := mustCmd(t, config, "staff reset-pin", "manajer", "-by", "pengurus")
	wantContains(t, "staff reset-pin -by the admin", out, "Reset the staff PIN of manajer at pusat")
	if p := staffPIN(); p != (store.StaffPIN{}) {
		t.Errorf("after the admin's reset the PIN is %+v, want none (set anew at the next use)", p)
	}
	if list := mustCmd(t, config, "staff list"); strings.Contains(list, "PIN locked") {
		t.Errorf("staff list after the reset still says a PIN is locked:\n%s", list)
	}
	audit := mustCmd(t, config, "audit", "-staff", "pengurus")
	wantContains(t, "audit", audit, "staff:pengurus", "staff.reset_pin", "manajer", "pusat")
	var queued []store.OutMessage
	if err := db.View(ctx, func(tx *store.Tx) (err error) { queued, err = tx.Queued(ctx, "pusat", 100); return err }); err != nil {
		t.Fatal(err)
	}
	told := false
	for _, m := range queued {
		told = told || m.To == DemoAdminPhone && strings.Contains(m.Text, "PIN petugas Anda telah direset oleh Hendra Gunawan")
	}
	if !told {
		t.Errorf("the manager is not told on WhatsApp: %+v", queued)
	}
}
