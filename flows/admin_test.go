package flows_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/catalog"
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

// adminAsk sends text as the branch's admin and returns the last reply to them.
func adminAsk(t *testing.T, w *ktpWorld, id, text string) string {
	t.Helper()
	if err := w.r.Handle(w.ctx, flows.Input{Branch: "pusat", From: adminKTP, MessageID: id, Text: text, At: w.now}); err != nil {
		t.Fatal(err)
	}
	return lastTo(t, w, adminKTP)
}

// Every number of the admin menu starts its conversation: an answer of its own, never
// the apology, nor the menu asking for a number again.
func TestEveryAdminMenuNumberStartsItsConversation(t *testing.T) {
	w := newKTPWorld(t)
	sorry := catalog.For("id").InternalError()
	var flowsRun []string
	flows.Trace(w.r, func(e string) {
		if f, ok := strings.CutPrefix(e, "flow:"); ok {
			flowsRun = append(flowsRun, f)
		}
	})
	seen := map[string]int{}
	for n := 1; n <= 13; n++ {
		adminAsk(t, w, fmt.Sprintf("B%d", n), "menu") // out of the last one
		menu := adminAsk(t, w, fmt.Sprintf("M%d", n), "admin")
		if !strings.Contains(menu, "Menu Petugas") {
			t.Fatalf("admin got no menu:\n%s", menu)
		}
		flowsRun = nil
		got := adminAsk(t, w, fmt.Sprintf("N%d", n), strconv.Itoa(n))
		if got == sorry || strings.Contains(got, "Menu Petugas") || strings.Contains(got, "Balas nomor 1-14") {
			t.Errorf("admin menu %d answered:\n%s", n, got)
		}
		if len(flowsRun) != 2 || flowsRun[0] != "admin" {
			t.Errorf("admin menu %d ran %v, want the menu and its conversation", n, flowsRun)
		} else if m, ok := seen[flowsRun[1]]; ok {
			t.Errorf("admin menu %d and %d both start %s", m, n, flowsRun[1])
		} else {
			seen[flowsRun[1]] = n
		}
	}
}

// An admin whose conversation was saved at a step the admin menu had before its
// conversations were flows of their own is shown the menu again, not an apology.
func TestAdminSessionAtAnOldStepShowsTheMenu(t *testing.T) {
	w := newKTPWorld(t)
	w.must(func(tx *store.Tx) error {
		return tx.SaveSession(w.ctx, store.Session{Branch: "pusat", Phone: adminKTP, Flow: "admin", Step: "app-reason",
			Data: `{"items":["REG-000001"],"pick":"REG-000001"}`}, w.now)
	})
	if got := adminAsk(t, w, "OLD1", "foto KTP tidak terbaca"); !strings.Contains(got, "Menu Petugas") {
		t.Errorf("admin at an old step was told:\n%s", got)
	}
}
