package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

// Migration 0014 gives the deposits kept before it an instruction and a savings account:
// one that renews renews its principal, one that does not is paid out, each into the
// member's first active sukarela or tabungan account; a member with none gets none (the
// close then pays into suspense).
func TestMigrationGivesOldDepositsAnInstruction(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kopbot.db")
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, wib)
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return now }
	mustUpdate(t, db, func(tx *store.Tx) error { return tx.SyncDemoSetup(ctx) })
	if _, err := db.SeedDemo(ctx, "pusat", now, ""); err != nil {
		t.Fatal(err)
	}
	// Siti and Rina (who has no tabungan) have a deposit that does not renew.
	for _, phone := range []string{"6281200000002", "6281200000005"} {
		mustUpdate(t, db, func(tx *store.Tx) error {
			m, err := tx.MemberByPhone(ctx, phone)
			if err != nil {
				return err
			}
			p, err := tx.ProductByCode(ctx, "DEP")
			if err != nil {
				return err
			}
			a, err := tx.OpenAccount(ctx, store.OpenAccount{Branch: "pusat", MemberID: m.ID, Product: p, Name: p.Name})
			if err != nil {
				return err
			}
			_, err = tx.CreateTimeDeposit(ctx, store.TimeDeposit{Account: a, Principal: 1_000_000, RateBP: 550, TenorMonths: 3,
				Start: now, Maturity: now.AddDate(0, 3, 0), Instruction: store.PayOut})
			return err
		})
	}
	// The table as migration 0001 made it, holding the same deposits; then 0014 run on it
	// (as Open runs a migration: foreign keys off, on one connection).
	body, err := os.ReadFile("migrations/0014_deposit_instructions.sql")
	if err != nil {
		t.Fatal(err)
	}
	raw := storetest.Raw(t, db)
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`PRAGMA foreign_keys = OFF`,
		`CREATE TABLE time_deposits_old (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
			principal INTEGER NOT NULL CHECK (principal > 0), rate_bp INTEGER NOT NULL, tenor_months INTEGER NOT NULL CHECK (tenor_months > 0),
			start_date TEXT NOT NULL, maturity_date TEXT NOT NULL, rollover INTEGER NOT NULL DEFAULT 0) STRICT`,
		`INSERT INTO time_deposits_old SELECT id, account_id, principal, rate_bp, tenor_months, start_date, maturity_date,
			instruction != 'payout' FROM time_deposits`,
		`DROP TABLE time_deposits`,
		`ALTER TABLE time_deposits_old RENAME TO time_deposits`,
		string(body),
		`PRAGMA foreign_keys = ON`,
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	if rows, err := conn.QueryContext(ctx, `PRAGMA foreign_key_check`); err != nil || rows.Next() {
		t.Fatalf("references broken after 0014 (%v)", err)
	}
	conn.Close()
	want := map[string]struct {
		ins     store.DepositInstruction
		payout  bool
		product string
	}{
		"6281200000001": {store.AROPrincipal, true, "Tabungan Sejahtera"},
		"6281200000002": {store.PayOut, true, "Tabungan Sejahtera"},
		"6281200000005": {store.PayOut, false, ""},
	}
	mustView(t, db, func(tx *store.Tx) error {
		for phone, w := range want {
			m, err := tx.MemberByPhone(ctx, phone)
			if err != nil {
				return err
			}
			ds, err := tx.TimeDepositsOfMember(ctx, m.ID)
			if err != nil {
				return err
			}
			if len(ds) != 1 {
				t.Fatalf("%s has %d deposits after the migration", phone, len(ds))
			}
			d := ds[0]
			if d.Instruction != w.ins || (d.Payout.ID != 0) != w.payout || d.Payout.ProductName != w.product {
				t.Errorf("%s: instruction %s into %q (%d), want %s into %q", phone, d.Instruction, d.Payout.ProductName, d.Payout.ID, w.ins, w.product)
			}
			if d.Term != 1 || d.Status != store.DepositActive || d.InterestPayout != store.PayoutMaturity ||
				!d.PaidThrough.Equal(d.Start) || !d.NextEvent.Equal(d.Maturity) {
				t.Errorf("%s: %+v", phone, d)
			}
		}
		return nil
	})
}
