package web_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
	"github.com/kopbot/kopbot/web"
	"github.com/kopbot/kopbot/web/browsertest"
)

// failedMessage queues a message to phone in branch and fails it for good, as the sender
// does after its last try, and returns its ID.
func failedMessage(t *testing.T, db *store.DB, branch, phone, text, why string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.Update(ctx, func(tx *store.Tx) (err error) {
		if id, err = tx.Enqueue(ctx, store.OutMessage{Branch: branch, To: phone, Text: text}); err != nil {
			return err
		}
		return tx.MarkAttemptFailed(ctx, id, why, time.Now(), true)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// A manager finds a message that failed for good on the outbox page, retries it in the
// browser, and it is queued again; another is cancelled.
func TestBrowserOutboxRetry(t *testing.T) {
	db := storetest.Open(t)
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.SyncBranch(context.Background(), store.Branch{ID: "pusat", Name: "Kantor Pusat"})
	})
	if err != nil {
		t.Fatal(err)
	}
	addStaff(t, db, coop.NewStaff{Username: "mira", Name: "Mira Lestari", Role: store.RoleManager, Branches: []string{"pusat"}})
	retry := failedMessage(t, db, "pusat", "6281234567890", "Angsuran pinjaman Anda Rp350.000 jatuh tempo besok, 3 Maret.", "websocket not connected")
	cancel := failedMessage(t, db, "pusat", "6281298765432", "Simpanan wajib bulan Februari belum dibayar.", "the number is not on WhatsApp")
	woken := make(chan struct{}, 1)
	s := &web.Server{DB: db, Wake: func() { woken <- struct{}{} }}
	p := browsertest.Open(t, s.Handler())
	p.SignIn("mira", staffPassword)
	p.Go("/outbox")
	p.WaitText(fmt.Sprintf("#message-%d", retry), "websocket not connected")
	p.WaitText("#counts-pusat", "2")
	p.Screenshot("outbox-failed")

	p.Click(fmt.Sprintf("#message-%d button.retry", retry))
	p.WaitText(".done", fmt.Sprintf("Pesan %d masuk antrean lagi", retry))
	p.WaitText("#counts-pusat .queued", "1")
	p.Screenshot("outbox-retried")
	select {
	case <-woken:
	default:
		t.Error("the retry did not wake the senders")
	}
	if m := outStatus(t, db, retry); m.Status != store.OutQueued || m.Attempts != 0 {
		t.Errorf("the retried message is %s after %d tries, want queued after 0", m.Status, m.Attempts)
	}

	p.Click(fmt.Sprintf("#message-%d button.cancel", cancel))
	p.WaitText(".done", fmt.Sprintf("Pesan %d dibatalkan", cancel))
	p.WaitText("#no-failed", "Tidak ada pesan yang gagal")
	p.Screenshot("outbox-cancelled")
	if m := outStatus(t, db, cancel); m.Status != store.OutCancelled {
		t.Errorf("the cancelled message is %s", m.Status)
	}
	p.Click(`button[name="lang"]`)
	p.WaitText("#no-failed", "No message failed.")
	p.Screenshot("outbox-english")
}

// outStatus reads message id from the outbox.
func outStatus(t *testing.T, db *store.DB, id int64) store.OutMessage {
	t.Helper()
	ctx := context.Background()
	var m store.OutMessage
	if err := db.View(ctx, func(tx *store.Tx) (err error) { m, err = tx.OutMessageByID(ctx, id); return }); err != nil {
		t.Fatal(err)
	}
	return m
}
