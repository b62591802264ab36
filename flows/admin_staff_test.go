package flows_test

import (
	"strings"
	"testing"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// An application approved on the admin menu from a phone that is a staff account's is
// recorded as that account, as the web and the CLI record them: the same person everywhere.
func TestAdminMenuDecisionNamesTheStaffAccount(t *testing.T) {
	w := newKTPWorld(t)
	var regNo string
	w.must(func(tx *store.Tx) error {
		var err error
		if regNo, err = tx.NextRegNo(w.ctx); err != nil {
			return err
		}
		if _, err = tx.CreateMember(w.ctx, store.Member{Branch: "pusat", Phone: "6281377770040", Status: store.MemberApplicant, RegNo: regNo, Name: "Joko Susilo"}); err != nil {
			return err
		}
		_, err = coop.AddStaff(w.ctx, tx, coop.NewStaff{Username: "mira", Name: "Mira Lestari", Role: store.RoleManager,
			Branches: []string{"pusat"}, Phone: adminKTP, Password: "kata-sandi-uji-1"}, coop.CLI)
		return err
	})
	for i, text := range []string{"admin", "1", "1", "1"} {
		got := adminAsk(t, w, "S"+string(rune('0'+i)), text)
		if i == 3 && !strings.Contains(got, regNo+" disetujui") {
			t.Fatalf("approving on the admin menu:\n%s", got)
		}
	}
	var audit []store.AuditEntry
	w.must(func(tx *store.Tx) (err error) {
		audit, err = tx.Audit(w.ctx, store.AuditFilter{Actor: "staff:mira"})
		return err
	})
	found := false
	for _, e := range audit {
		if e.Action == string(coop.AuditApplicationApprove) && e.Subject == regNo && e.Via == "whatsapp" && e.Origin == adminKTP && e.Branch == "pusat" {
			found = true
		}
	}
	if !found {
		t.Errorf("the audit log of staff:mira has no approval of %s on WhatsApp: %+v", regNo, audit)
	}
	w.must(func(tx *store.Tx) error {
		if m, err := tx.MemberByRegNo(w.ctx, regNo); err != nil || m.Status != store.MemberActive {
			t.Errorf("Joko after approval: %+v, %v", m, err)
		}
		return nil
	})
}
