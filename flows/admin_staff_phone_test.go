package flows_test

import (
	"strings"
	"testing"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
)

// With no admins: in the config, the phone of an active manager's staaccount of the branch
// opens the branch's admin menu and is told of new work; a teller's, another branch's
// manager's and a disabled account's do not open it.
func TestStaffPhoneOpensTheAdminMenu(t *testing.T) {
	w := newKTPWorld(t)
	w.r.Admins = map[string][]string{}
	const (
		manager  = "6281299990091"
		teller   = "6281299990092"
		other    = "6281299990093"
		disabled = "6281299990094"
	)
	w.must(func(tx *store.Tx) error {
		if err := tx.SyncBranch(w.ctx, store.Branch{ID: "cabang", Code: "02", Name: "Kantor Cabang"}); err != nil {
			return err
		}
		for _, n := range []coop.NewStaff{
			{Username: "mira", Name: "Mira Lestari", Role: store.RoleManager, Branches: []string{"pusat"}, Phone: manager},
			{Username: "tono", Name: "Tono Prasetyo", Role: store.RoleTeller, Branches: []string{"pusat"}, Phone: teller},
			{Username: "dina", Name: "Dina Anggraini", Role: store.RoleManager, Branches: []string{"cabang"}, Phone: other},
			{Username: "yudi", Name: "Yudi Hartono", Role: store.RoleManager, Branches: []string{"pusat"}, Phone: disabled},
		} {
			n.Password = "kata-sandi-uji-1"
			if _, err := coop.AddStaff(w.ctx, tx, n, coop.CLI); err != nil {
				return err
			}
		}
		return coop.DisableStaff(w.ctx, tx, "yudi", coop.CLI)
	})
	ask := func(from, id, text string) string {
		t.Helper()
		if err := w.r.Handle(w.ctx, flows.Input{Branch: "pusat", From: from, MessageID: id, Text: text, At: w.now}); err != nil {
			t.Fatal(err)
		}
		return lastTo(t, w, from)
	}
	if got := ask(manager, "M1", "admin"); !strings.Contains(got, "Menu Petugas") {
		t.Errorf("the branch manager's phone, admin:\n%s", got)
	}
	if got := ask(manager, "M2", "1"); got == catalog.For("id").AdminOnly() || !strings.Contains(got, "menunggu") {
		t.Errorf("the branch manager's phone, 1 on the admin menu:\n%s", got)
	}
	for _, phone := range []string{teller, other, disabled} {
		if got := ask(phone, "X"+phone, "admin"); strings.Contains(got, "Menu Petugas") {
			t.Errorf("%s opened the admin menu of pusat:\n%s", phone, got)
		}
	}
	// A member asking for a person: the manager's phone is told, as a configured admin is.
	ask("6281200000002", "S1", "cs")
	if got := lastTo(t, w, manager); !strings.Contains(got, "Siti Rahmawati") {
		t.Errorf("the manager's phone was not told of Siti's chat; its last message:\n%s", got)
	}
}

// lastTo is the last message queued to phone at pusat.
func lastTo(t *testing.T, w *ktpWorld, phone string) string {
	t.Helper()
	var last string
	w.must(func(tx *store.Tx) error {
		queued, err := tx.Queued(w.ctx, "pusat", 1000)
		for _, m := range queued {
			if m.To == phone {
				last = m.Text
			}
		}
		return err
	})
	return last
}
