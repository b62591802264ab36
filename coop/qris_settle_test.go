package coop_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// keepUncreditedPayment records a payment to agus's invoice that was not credited (made after
// its QR expired), as the webhook does, and returns its id.
func keepUncreditedPayment(t *testing.T, w *bookWorld, tx *store.Tx, transaction string) int64 {
	t.Helper()
	ctx := context.Background()
	agus, err := tx.MemberByPhone(ctx, "6281200000003")
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := tx.AccountsOfMember(ctx, agus.ID, store.AccountSavings)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := tx.CreateInvoice(ctx, store.Invoice{Ref: "QR-" + transaction, Branch: "pusat", MemberID: agus.ID, AccountID: accounts[0].ID,
		Amount: 25_000, ValidUntil: w.now.Add(-time.Hour), CreatedAt: w.now.Add(-2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.RecordExpiredPayment(ctx, store.ExpiredPayment{TransactionID: transaction, InvoiceID: inv.ID, Branch: "pusat",
		Amount: 25_000, PayerName: "ANI", Issuer: "GOPAY", PaidAt: w.now.Add(-30 * time.Minute), ReceivedAt: w.now}); err != nil {
		t.Fatal(err)
	}
	ps, err := tx.ExpiredPayments(ctx, "pusat")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.TransactionID == transaction {
			return p.ID
		}
	}
	t.Fatalf("payment %s not kept", transaction)
	return 0
}

// A payment not credited is settled once, by a staff member of its branch, with the audit log
// naming them; a second settlement is refused naming who settled it, and changes nothing; it
// no longer counts as waiting.
func TestSettleUncreditedQRISOnce(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	err := w.db.Update(ctx, func(tx *store.Tx) error {
		for _, s := range []store.StaffAccount{{Username: "tari", Role: store.RoleManager, Branches: []string{"pusat"}},
			{Username: "budi", Role: store.RoleManager, Branches: []string{"bogor"}}} {
			s.Name, s.PasswordHash = "Staf "+s.Username, "x"
			if err := tx.CreateStaff(ctx, s, "test"); err != nil {
				return err
			}
		}
		id := keepUncreditedPayment(t, w, tx, "T-LATE")
		keepUncreditedPayment(t, w, tx, "T-OTHER")
		if n, err := tx.UnsettledPayments(ctx, "pusat"); err != nil || n != 2 {
			t.Errorf("waiting before: %d, %v; want 2", n, err)
		}
		_, err := coop.SettleUncreditedQRIS(ctx, tx, coop.Named("budi"), id, store.SettledRefunded, "dikembalikan")
		if !errors.Is(err, coop.OtherBranch) {
			t.Errorf("bogor's manager settling pusat's payment: %v, want an other_branch refusal", err)
		}
		p, err := coop.SettleUncreditedQRIS(ctx, tx, coop.Named("tari"), id, store.SettledRefunded, "refund via GoPay\nno. 123\u202e")
		if err != nil {
			return err
		}
		if p.Settled.By != "staff:tari" || p.Settled.Note != "refund via GoPay no. 123" {
			t.Errorf("settled %+v, want by staff:tari with the note on one line, stripped", p.Settled)
		}
		_, err = coop.SettleUncreditedQRIS(ctx, tx, coop.Named("tari"), id, store.SettledCredited, "again")
		if !errors.Is(err, coop.NotPending) || !strings.Contains(err.Error(), "refunded by staff:tari") {
			t.Errorf("second settlement: %v, want a not_pending refusal naming the first", err)
		}
		if err := tx.SettleExpiredPayment(ctx, id, store.Settlement{How: store.SettledCredited, By: "x"}); !errors.Is(err, store.ErrSettled) {
			t.Errorf("settling in the store again: %v, want ErrSettled", err)
		}
		got, err := tx.ExpiredPaymentByID(ctx, id)
		if err != nil || got.Settled.How != store.SettledRefunded || !got.Settled.At.Equal(w.now.Truncate(time.Second)) {
			t.Errorf("kept %+v, %v; want the first settlement, at now", got.Settled, err)
		}
		if n, err := tx.UnsettledPayments(ctx, "pusat"); err != nil || n != 1 {
			t.Errorf("waiting after: %d, %v; want 1", n, err)
		}
		if ps, err := tx.ExpiredPayments(ctx, "pusat"); err != nil || len(ps) != 2 || ps[0].TransactionID != "T-OTHER" {
			t.Errorf("listed %+v, %v; want the one waiting first", ps, err)
		}
		es, err := tx.Audit(ctx, store.AuditFilter{})
		var settles []store.AuditEntry
		for _, e := range es {
			if e.Action == string(coop.AuditQRISSettle) {
				settles = append(settles, e)
			}
		}
		if len(settles) != 1 || settles[0].Actor != "staff:tari" || settles[0].Subject != "QRIS T-LATE" || settles[0].Branch != "pusat" ||
			!strings.Contains(settles[0].Detail, "refunded") {
			t.Errorf("audit %+v, want one qris.settle by staff:tari of QRIS T-LATE at pusat", settles)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
