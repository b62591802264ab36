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
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// qrisWorld is the demo with Budi a merchant who asked for two QRs, ten seconds apart from
// 09:00 Jakarta: QR-000001 of Rp25.000 and QR-000002 of Rp10.000. now is the runner's clock.
func qrisWorld(t *testing.T) (r *flows.Runner, db *store.DB, now *time.Time) {
	ctx := context.Background()
	loc, _ := time.LoadLocation("Asia/Jakarta")
	now = new(time.Time)
	*now = time.Date(2026, 11, 21, 9, 0, 0, 0, loc)
	clock := func() time.Time { return *now }
	db = openDB(t, clock)
	seedDB(t, db, []byte("demo\nmerchant 6281200000001\n"), *now)
	r = newRunner(t, db, clock)
	r.MediaDir = t.TempDir()
	for n, text := range []string{"terima qris", "25000", "-", "terima qris", "10000", "-"} {
		*now = now.Add(10 * time.Second)
		if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: "6281200000001", MessageID: fmt.Sprintf("Q%d", n+1), Text: text, At: *now}); err != nil {
			t.Fatal(err)
		}
	}
	return r, db, now
}

func TestQRISPaid(t *testing.T) {
	ctx := context.Background()
	r, db, now := qrisWorld(t)
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
	*now = now.Add(time.Hour)
	paidLate := paid("QR-000002", 10000, "T2")
	paidLate.PaidAt = *now // paid after the QR expired
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

// A signed notice whose paid_at lies outside the invoice's life (in 2099, or before the QR
// was made) is credited, since the money is real, but booked at the time it arrived, and the
// branch's staff are told what time it claimed.
func TestQRISPaidAtOutsideTheInvoicesLife(t *testing.T) {
	ctx := context.Background()
	r, db, now := qrisWorld(t)
	r.Admins = map[string][]string{"pusat": {"6281299990000"}}
	*now = now.Add(2 * time.Minute)
	for _, c := range []struct {
		ref, claimed string
		paidAt       time.Time
	}{
		{"QR-000001", "2099", time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"QR-000002", "2020", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		before := len(outbox(t, db))
		if _, err := r.Office().SettleQRIS(ctx, coop.QRISPayment{Reference: c.ref, Amount: map[string]int64{"QR-000001": 25000, "QR-000002": 10000}[c.ref],
			PaidAt: c.paidAt, PayerName: "ANI", Issuer: "GOPAY", TransactionID: "T-" + c.claimed}); err != nil {
			t.Fatalf("paid_at %s: %v", c.claimed, err)
		}
		err := db.View(ctx, func(tx *store.Tx) error {
			inv, err := tx.InvoiceByRef(ctx, c.ref)
			if err == nil && (inv.Status != store.InvoicePaid || !inv.PaidAt.Equal(*now)) {
				t.Errorf("paid_at %s: the invoice is %s, paid at %s; want paid, at %s when the notice came", c.claimed, inv.Status, inv.PaidAt, *now)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var member, staff string
		for _, m := range outbox(t, db)[before:] {
			switch m.To {
			case "6281200000001":
				member = m.Text
			case "6281299990000":
				staff = m.Text
			}
		}
		if !strings.Contains(member, "Waktu: 21 Nov 2026 09.03") {
			t.Errorf("paid_at %s: the member's receipt should say when the payment was booked:\n%s", c.claimed, member)
		}
		if !strings.Contains(staff, "mengaku dibayar 1 Jan "+c.claimed) || !strings.Contains(staff, c.ref) {
			t.Errorf("paid_at %s: staff should be told the time it claimed, got %q", c.claimed, staff)
		}
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

// A payment refused while the payer's money moved (made after the QR expired, a second
// payment of a paid QR, another amount) is kept for staff once, the admins told once (the
// gateway retries a refused notice), and nothing is credited.
func TestQRISNotCreditedIsKeptForStaff(t *testing.T) {
	for _, c := range []struct {
		reason, want string
		refused      error
		first        *coop.QRISPayment // a payment credited before
		amount       int64
		later        time.Duration // the clock moves on before the notice
	}{
		{reason: store.UncreditedExpired, want: "setelah QR kedaluwarsa", refused: coop.InvoiceExpired, amount: 10000, later: time.Hour},
		{reason: store.UncreditedPaidTwice, want: "sudah dibayar sebelumnya (pembayaran kedua)", refused: coop.InvoicePaid, amount: 10000,
			first: &coop.QRISPayment{Reference: "QR-000002", Amount: 10000, PayerName: "BUDI", Issuer: "OVO", TransactionID: "T-FIRST"}},
		{reason: store.UncreditedAmountDiffers, want: "padahal tagihannya Rp10.000", refused: coop.AmountMismatch, amount: 9000},
	} {
		t.Run(c.reason, func(t *testing.T) {
			ctx := context.Background()
			r, db, now := qrisWorld(t)
			r.Admins = map[string][]string{"pusat": {"6281100000009"}}
			if c.first != nil {
				c.first.PaidAt = *now
				if _, err := r.Office().SettleQRIS(ctx, *c.first); err != nil {
					t.Fatal(err)
				}
			}
			*now = now.Add(c.later)
			p := coop.QRISPayment{Reference: "QR-000002", Amount: c.amount, PaidAt: now.Add(-time.Minute), PayerName: "ANI", Issuer: "GOPAY",
				TransactionID: "T-KEPT"}
			queued, before := len(outbox(t, db)), savingsBalance(t, db, "0104000013")
			for range 2 { // the gateway retries a refused notice
				*now = now.Add(time.Minute)
				if _, err := r.Office().SettleQRIS(ctx, p); !errors.Is(err, c.refused) {
					t.Fatalf("settle: %v, want refused as %v", err, c.refused)
				}
			}
			var toAdmin, toMember []string
			for _, m := range outbox(t, db)[queued:] {
				switch m.To {
				case "6281100000009":
					toAdmin = append(toAdmin, m.Text)
				case "6281200000001":
					toMember = append(toMember, m.Text)
				}
			}
			if len(toAdmin) != 1 || !strings.Contains(toAdmin[0], "QR-000002") || !strings.Contains(toAdmin[0], parse.Rupiah(c.amount)) ||
				!strings.Contains(toAdmin[0], "ANI") || !strings.Contains(toAdmin[0], "T-KEPT") || !strings.Contains(toAdmin[0], "tidak* dikreditkan") ||
				!strings.Contains(toAdmin[0], c.want) {
				t.Errorf("the admin should be told once, with why (%q), the invoice, amount, payer and transaction; got %q", c.want, toAdmin)
			}
			if len(toMember) != 0 {
				t.Errorf("the member was sent %q; nothing was credited", toMember)
			}
			err := db.View(ctx, func(tx *store.Tx) error {
				kept, err := tx.ExpiredPayments(ctx, "pusat")
				if len(kept) != 1 || kept[0].Reason != c.reason || kept[0].Invoice != "QR-000002" || kept[0].Amount != c.amount ||
					kept[0].PayerName != "ANI" || !kept[0].PaidAt.Equal(p.PaidAt) || !kept[0].ReceivedAt.Equal(now.Add(-time.Minute)) {
					t.Errorf("recorded %+v, want the one payment (%s), received at the first notice", kept, c.reason)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := savingsBalance(t, db, "0104000013") - before; got != 0 {
				t.Errorf("credited %d, want nothing", got)
			}
		})
	}
}

func savingsBalance(t *testing.T, db *store.DB, number string) int64 {
	t.Helper()
	var b int64
	if err := db.View(context.Background(), func(tx *store.Tx) error {
		a, err := tx.AccountByNumber(context.Background(), number)
		b = a.Balance
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return b
}
