package flows_test

import (
	"strings"
	"testing"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
)

// Each branch's admins see their own branch's waiting work in the admin menu, not another's.
func TestAdminMenuShowsTheBranchsOwnWork(t *testing.T) {
	w := newKTPWorld(t)
	w.must(func(tx *store.Tx) error {
		if err := tx.SyncBranch(w.ctx, store.Branch{ID: "cabang", Code: "02", Name: "Kantor Cabang"}); err != nil {
			return err
		}
		regNo, err := tx.NextRegNo(w.ctx)
		if err != nil {
			return err
		}
		_, err = tx.CreateMember(w.ctx, store.Member{Branch: "pusat", Phone: "6281377770040", Status: store.MemberApplicant, RegNo: regNo, Name: "Joko Susilo"})
		return err
	})
	w.r.Admins["cabang"] = []string{"6281299990088"}
	ask := func(branch, from, id, text string) string {
		t.Helper()
		if err := w.r.Handle(w.ctx, flows.Input{Branch: branch, From: from, MessageID: id, Text: text, At: w.now}); err != nil {
			t.Fatal(err)
		}
		var last string
		w.must(func(tx *store.Tx) error {
			queued, err := tx.Queued(w.ctx, branch, 1000)
			for _, m := range queued {
				if m.To == from {
					last = m.Text
				}
			}
			return err
		})
		return last
	}
	if got := ask("pusat", adminKTP, "A1", "admin"); !strings.Contains(got, "Pendaftaran menunggu (1)") {
		t.Errorf("the applicant's branch admin sees:\n%s", got)
	}
	if got := ask("pusat", adminKTP, "A2", "1"); !strings.Contains(got, "Joko Susilo") {
		t.Errorf("the applicant's branch admin's list:\n%s", got)
	}
	if got := ask("cabang", "6281299990088", "B1", "admin"); !strings.Contains(got, "Pendaftaran menunggu (0)") {
		t.Errorf("another branch's admin sees:\n%s", got)
	}
	if got := ask("cabang", "6281299990088", "B2", "1"); strings.Contains(got, "Joko Susilo") {
		t.Errorf("another branch's admin is shown the applicant:\n%s", got)
	}
}
