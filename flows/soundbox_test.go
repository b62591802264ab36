package flows_test

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
)

// seedQRISPaid has a payer pay the merchant at phone amount rupiah by QRIS at (Jakarta
// time, 2026-11-20T14:30), through the gateway's settlement; the receipt the merchant is
// sent is taken as delivered before the chat.
func seedQRISPaid(t testing.TB, db *store.DB, phone, amount, at string) {
	t.Helper()
	ctx := context.Background()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	paidAt, err := time.ParseInLocation("2006-01-02T15:04", at, loc)
	if err != nil {
		t.Fatalf("qris-paid %s: %v", at, err)
	}
	var rupiah int64
	if _, err := fmt.Sscan(amount, &rupiah); err != nil {
		t.Fatalf("qris-paid %s: %v", amount, err)
	}
	var ref string
	err = db.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, phone)
		if err != nil {
			return err
		}
		accounts, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		if err != nil {
			return err
		}
		for _, a := range accounts {
			if a.ProductKind != store.ProductTabungan {
				continue
			}
			if ref, err = tx.NextInvoiceRef(ctx); err != nil {
				return err
			}
			_, err = tx.CreateInvoice(ctx, store.Invoice{Ref: ref, Branch: m.Branch, MemberID: m.ID, AccountID: a.ID, Amount: rupiah,
				ValidUntil: paidAt.Add(15 * time.Minute), CreatedAt: paidAt.Add(-time.Minute)})
			return err
		}
		return fmt.Errorf("member %s has no tabungan", phone)
	})
	if err != nil {
		t.Fatalf("qris-paid %s: %v", phone, err)
	}
	office := &coop.Office{DB: db, Now: func() time.Time { return paidAt }, Language: "id", Location: loc}
	if _, err := office.SettleQRIS(ctx, coop.QRISPayment{Reference: ref, TransactionID: "SEED-" + ref, Amount: rupiah, PaidAt: paidAt,
		PayerName: "PEMBELI", Issuer: "GOPAY"}); err != nil {
		t.Fatalf("qris-paid %s: %v", ref, err)
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		queued, err := tx.Queued(ctx, "pusat", 1000)
		for _, q := range queued {
			if err == nil && q.To == phone {
				err = tx.MarkSent(ctx, q.ID)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The chart a merchant asking for the month's takings is sent is a picture a phone shows:
// a PNG of 1080x720 in the media directory, sent before the summary.
func TestSoundboxChartIsAPicture(t *testing.T) {
	ctx := context.Background()
	loc, _ := time.LoadLocation("Asia/Jakarta")
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, loc)
	clock := func() time.Time { return now }
	db := openDB(t, clock)
	seedDB(t, db, []byte("demo\nmerchant 6281200000001\n"), now)
	seedQRISPaid(t, db, "6281200000001", "125000", "2026-11-20T14:30")
	r := newRunner(t, db, clock)
	r.MediaDir = t.TempDir()
	for i, text := range []string{"soundbox bulan ini", "soundbox"} {
		if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: "6281200000001", MessageID: fmt.Sprintf("S%d", i), Text: text, At: now}); err != nil {
			t.Fatal(err)
		}
	}
	sent := outbox(t, db)
	if len(sent) != 3 || sent[0].ImagePath == "" || sent[1].ImagePath != "" || sent[2].ImagePath != "" {
		t.Fatalf("sent %d messages, want the chart and the summary, then the summary alone: %+v", len(sent), sent)
	}
	if !strings.HasPrefix(sent[0].ImagePath, r.MediaDir) || !strings.Contains(sent[0].Text, "Rp125.000") {
		t.Errorf("chart %s captioned %q, want it in the media directory with the month's Rp125.000", sent[0].ImagePath, sent[0].Text)
	}
	f, err := os.Open(sent[0].ImagePath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width != 1080 || cfg.Height != 720 {
		t.Errorf("chart is %dx%d (%v), want a 1080x720 PNG", cfg.Width, cfg.Height, err)
	}
}
