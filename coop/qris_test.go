package coop_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// Takings are counted on the cooperative's calendar: a payment at 23:30 in Jakarta is that
// day's and one at 00:30 the next day's, whatever the date in UTC; unpaid invoices count not.
func TestTakingsByDay(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	monday := w.day(2026, 11, 30)
	paid := []struct {
		at     time.Time
		amount int64
	}{
		{monday.Add(8 * time.Hour), 25_000},
		{monday.Add(23*time.Hour + 30*time.Minute), 40_000}, // 16:30 UTC, still Monday in Jakarta
		{monday.Add(24*time.Hour + 30*time.Minute), 10_000}, // Tuesday 00:30 in Jakarta, Monday in UTC
		{monday.Add(-time.Minute), 99_000},                  // Sunday before: not this week
		{monday.AddDate(0, 0, 7), 77_000},                   // the next Monday: not this week
		{monday.AddDate(0, 0, 3).Add(12 * time.Hour), 1_500_000},
	}
	var days []coop.DayTakings
	err := w.db.Update(ctx, func(tx *store.Tx) error {
		agus, err := tx.MemberByPhone(ctx, "6281200000003")
		if err != nil {
			return err
		}
		accounts, err := tx.AccountsOfMember(ctx, agus.ID, store.AccountSavings)
		if err != nil {
			return err
		}
		for i, p := range paid {
			inv, err := tx.CreateInvoice(ctx, store.Invoice{Ref: fmt.Sprintf("QR-%06d", i+1), Branch: "pusat", MemberID: agus.ID,
				AccountID: accounts[0].ID, Amount: p.amount, ValidUntil: p.at.Add(time.Hour), CreatedAt: p.at})
			if err != nil {
				return err
			}
			if err := tx.MarkInvoicePaid(ctx, inv.ID, fmt.Sprintf("T%d", i), "ANI", "GOPAY", p.at); err != nil {
				return err
			}
		}
		// An invoice shown but never paid is no takings.
		if _, err := tx.CreateInvoice(ctx, store.Invoice{Ref: "QR-000099", Branch: "pusat", MemberID: agus.ID, AccountID: accounts[0].ID,
			Amount: 5_000, ValidUntil: monday.Add(9 * time.Hour), CreatedAt: monday.Add(8 * time.Hour)}); err != nil {
			return err
		}
		days, err = coop.TakingsByDay(ctx, tx, agus.ID, monday, monday.AddDate(0, 0, 7))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []coop.DayTakings{{Count: 2, Total: 65_000}, {Count: 1, Total: 10_000}, {}, {Count: 1, Total: 1_500_000}, {}, {}, {}}
	if len(days) != len(want) {
		t.Fatalf("%d days, want 7: %+v", len(days), days)
	}
	for i, d := range days {
		if !d.Day.Equal(monday.AddDate(0, 0, i)) || d.Count != want[i].Count || d.Total != want[i].Total {
			t.Errorf("day %d: %s %d payments Rp%d, want %s %d payments Rp%d", i, d.Day.Format(time.DateOnly), d.Count, d.Total,
				monday.AddDate(0, 0, i).Format(time.DateOnly), want[i].Count, want[i].Total)
		}
	}
}
