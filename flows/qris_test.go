package flows_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
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
	paid := func(ref string, amount int64, txid string) coop.QRISPayment {
		return coop.QRISPayment{Reference: ref, Amount: amount, PaidAt: time.Date(2026, 11, 21, 2, 1, 0, 0, time.UTC), PayerName: "ANI",
			Issuer: "GOPAY", TransactionID: txid}
	}
	for _, c := range []struct {
		name      string
		paid      coop.QRISPayment
		refused   error
		duplicate bool
	}{
		{"unknown reference", paid("QR-999999", 25000, "T0"), coop.NoInvoice, false},
		{"different amount", paid("QR-000001", 20000, "T1"), coop.AmountMismatch, false},
		{"good", paid("QR-000001", 25000, "T1"), nil, false},
		{"replay", paid("QR-000001", 25000, "T1"), nil, true},
		{"the same transaction for another invoice", paid("QR-000002", 10000, "T1"), coop.TransactionUsed, false},
		{"another transaction for a paid invoice", paid("QR-000001", 25000, "T9"), coop.InvoicePaid, false},
	} {
		got, err := r.Office().SettleQRIS(ctx, c.paid)
		if c.refused == nil && err != nil || c.refused != nil && !errors.Is(err, c.refused) || got.Duplicate != c.duplicate {
			t.Errorf("%s: %+v, %v; want refused %v, duplicate %v", c.name, got, err, c.refused, c.duplicate)
		}
	}
	if got := balance() - before; got != 25000 {
		t.Errorf("credited %d, want 25000 once", got)
	}
	now = now.Add(time.Hour)
	paidLate := paid("QR-000002", 10000, "T2")
	paidLate.PaidAt = now // paid after the QR expired
	if _, err := r.Office().SettleQRIS(ctx, paidLate); !errors.Is(err, coop.InvoiceExpired) {
		t.Errorf("expired: %v, want refused as expired", err)
	}
	if err := db.View(ctx, func(tx *store.Tx) error {
		inv, err := tx.InvoiceByRef(ctx, "QR-000002")
		if err == nil && inv.Status != store.InvoiceExpired {
			t.Errorf("the expired invoice is %s, want it marked expired", inv.Status)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := balance() - before; got != 25000 {
		t.Errorf("after expired: credited %d, want 25000", got)
	}
	lateNoticeCredited(t, r, paid("QR-000002", 10000, "T3"))
	if got := balance() - before; got != 35000 {
		t.Errorf("after the late notice: credited %d, want 25000 and 10000", got)
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

// A notice that comes after the QR expired, for a payment made while it was valid, is
// credited, the member gets the receipt and the branch's admins are told; never a silent refusal.
func lateNoticeCredited(t *testing.T, r *flows.Runner, p coop.QRISPayment) {
	t.Helper()
	r.Admins = map[string][]string{"pusat": {"6281100000009"}}
	queued := len(outbox(t, r.DB))
	got, err := r.Office().SettleQRIS(context.Background(), p)
	if err != nil || !got.Late || got.Duplicate {
		t.Fatalf("late notice for a payment made in time: %+v, %v; want credited as late", got, err)
	}
	var toMember, toAdmin bool
	for _, m := range outbox(t, r.DB)[queued:] {
		toMember = toMember || m.To == "6281200000001" && strings.Contains(m.Text, p.Reference)
		toAdmin = toAdmin || m.To == "6281100000009" && strings.Contains(m.Text, p.Reference) && strings.Contains(m.Text, "kedaluwarsa")
	}
	if !toMember || !toAdmin {
		t.Errorf("late notice: receipt to the member %v, notice to the admin %v; want both", toMember, toAdmin)
	}
}
