package flows_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
)

func TestQRISPaid(t *testing.T) {
	ctx := context.Background()
	loc, _ := time.LoadLocation("Asia/Jakarta")
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, loc)
	clock := func() time.Time { return now }
	db := openDB(t, clock)
	seedDB(t, db, []byte("demo\nmerchant 6281200000001\n"), now)
	r := newRunner(t, db, clock)
	r.MediaDir = t.TempDir()
	n := 0
	say := func(text string) {
		n++
		now = now.Add(10 * time.Second)
		if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: "6281200000001", MessageID: fmt.Sprintf("Q%d", n), Text: text, At: now}); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []string{"terima qris", "25000", "-", "terima qris", "10000", "-"} {
		say(s)
	}
	balance := func() int64 {
		var b int64
		db.View(ctx, func(tx *store.Tx) error {
			a, err := tx.AccountByNumber(ctx, "0104000013")
			b = a.Balance
			return err
		})
		return b
	}
	before := balance()
	body := func(ref string, amount int64, txid string) []byte {
		return []byte(fmt.Sprintf(`{"reference":%q,"amount":%d,"paid_at":"2026-11-21T02:01:00Z","payer_name":"ANI","issuer":"GOPAY","transaction_id":%q}`, ref, amount, txid))
	}
	for _, c := range []struct {
		name string
		body []byte
		want int
	}{
		{"malformed", []byte(`{"reference":`), http.StatusBadRequest},
		{"unknown reference", body("QR-999999", 25000, "T0"), http.StatusNotFound},
		{"different amount", body("QR-000001", 20000, "T1"), http.StatusConflict},
		{"good", body("QR-000001", 25000, "T1"), http.StatusOK},
		{"replay", body("QR-000001", 25000, "T1"), http.StatusOK},
	} {
		if got, msg := r.QRISPaid(ctx, c.body); got != c.want {
			t.Errorf("%s: %d %q, want %d", c.name, got, msg, c.want)
		}
	}
	if got := balance() - before; got != 25000 {
		t.Errorf("credited %d, want 25000 once", got)
	}
	now = now.Add(time.Hour)
	if got, msg := r.QRISPaid(ctx, body("QR-000002", 10000, "T2")); got != http.StatusGone {
		t.Errorf("expired: %d %q, want 410", got, msg)
	}
	if got := balance() - before; got != 25000 {
		t.Errorf("after expired: credited %d, want 25000", got)
	}
	var settlement int64
	if err := db.Update(ctx, func(tx *store.Tx) error {
		a, err := tx.SystemAccount(ctx, "pusat", store.AccountQRISSettlement)
		settlement = a.Balance
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if settlement+(balance()-before) != 0 {
		t.Errorf("settlement %d and credit %d do not sum to zero", settlement, balance()-before)
	}
}
