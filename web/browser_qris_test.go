package web_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
	"github.com/kopbot/kopbot/web"
	"github.com/kopbot/kopbot/web/browsertest"
)

// A QRIS payment made after its QR expired, as the webhook refuses and keeps it: a manager
// finds it from the menu, settles it as refunded with a note, and it is no longer
// waiting, settled in their name.
func TestBrowserUncreditedSettle(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SyncDemoSetup(ctx) }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SeedDemo(ctx, "pusat", time.Now(), ""); err != nil {
		t.Fatal(err)
	}
	addStaff(t, db, coop.NewStaff{Username: "mira", Name: "Mira Lestari", Role: store.RoleManager, Branches: []string{"pusat"}})
	office := &coop.Office{DB: db, Now: time.Now, Language: "id", Location: time.Local}
	budi := web.SavingsOf(t, db, "6281200000001", "TAB")
	now := time.Now()
	err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateInvoice(ctx, store.Invoice{Ref: "QR-000901", Branch: "pusat", MemberID: budi.MemberID, AccountID: budi.ID,
			Amount: 25_000, ValidUntil: now.Add(-time.Hour), CreatedAt: now.Add(-2 * time.Hour)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	late := coop.QRISPayment{Reference: "QR-000901", Amount: 25_000, PaidAt: now.Add(-30 * time.Minute), PayerName: "ANI", Issuer: "GOPAY",
		TransactionID: "T-LATE"}
	if _, err := office.SettleQRIS(ctx, late); !errors.Is(err, coop.InvoiceExpired) {
		t.Fatalf("a payment after expiry: %v, want refused as expired", err)
	}

	p := browsertest.Open(t, (&web.Server{DB: db, Office: office}).Handler())
	p.SignIn("mira", staffPassword)
	p.Click(`nav a[href="/qris-uncredited"]`) // the dashboard's count of them is TestUncreditedListAndSettle's
	p.WaitText("#uncredited", "T-LATE")
	p.WaitText("#uncredited", "Rp25.000")
	p.Screenshot("qris-uncredited")

	p.Select(`#uncredited select[name="how"]`, "refunded")
	p.Fill(`#uncredited input[name="note"]`, "dikembalikan lewat GoPay")
	p.Click(`#uncredited button[type="submit"]`)
	p.WaitText(".done", "ditandai selesai")
	p.WaitText("#none-waiting", "Tidak ada pembayaran QRIS yang menunggu diselesaikan")
	p.WaitText("#uncredited", "dikembalikan lewat GoPay")
	p.Screenshot("qris-uncredited-settled")
	err = db.View(ctx, func(tx *store.Tx) error {
		ps, err := tx.ExpiredPayments(ctx, "pusat")
		if err == nil && (len(ps) != 1 || ps[0].Settled.How != store.SettledRefunded || ps[0].Settled.By != "staff:mira") {
			t.Errorf("kept %+v, want the one payment refunded by staff:mira", ps)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
