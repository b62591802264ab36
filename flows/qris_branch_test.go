package flows_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/qris"
	"github.com/kopbot/kopbot/store"
)

// A merchant without a static QRIS of their own takes payments on the branch's QRIS; without
// either, Terima QRIS says to contact the branch.
func TestMerchantWithoutOwnQRISUsesTheBranchs(t *testing.T) {
	db, phones, _ := transferWorld(t, 1, 100_000)
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, phones[0])
		if err != nil {
			return err
		}
		return tx.SetMerchant(ctx, m.ID, true, "")
	})
	if err != nil {
		t.Fatal(err)
	}
	r := newRunner(t, db, time.Now)
	r.MediaDir = t.TempDir()
	ask := func(id string) string {
		for i, text := range []string{"terima qris", "10rb", "-"} {
			if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: phones[0], MessageID: id + string(rune('a'+i)), Text: text}); err != nil {
				t.Fatal(err)
			}
		}
		var b strings.Builder
		for _, m := range outbox(t, db) {
			if strings.HasPrefix(m.InMessageID, id) {
				b.WriteString(m.ImagePath + " " + m.Text + "\n")
			}
		}
		return b.String()
	}
	if got := ask("no-qris"); !strings.Contains(got, "merchant QRIS") {
		t.Errorf("with no QRIS anywhere the member should be told to contact the branch, got %q", got)
	}
	r.BranchQRIS = map[string]string{"pusat": qris.DemoStatic("KOPERASI SEJAHTERA")}
	if got := ask("branch-qris"); !strings.Contains(got, ".png") || !strings.Contains(got, "KOPERASI SEJAHTERA") {
		t.Errorf("with the branch's QRIS the member should get a QR image under its name, got %q", got)
	}
}
