package store_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

// Migration 0015 on loans as they were before it: a loan recorded at approval with a
// schedule but never paid out becomes approved and loses that schedule; the demo's
// disbursed loan and a loan brought in owing stay active.
func TestMigrationLoanLife(t *testing.T) {
	ctx := context.Background()
	db := openDemo(t)
	var waiting, imported, siti store.Loan
	mustUpdate(t, db, func(tx *store.Tx) error {
		f := newFixture(ctx, t, tx)
		siti = demoLoan(t, tx)
		loanProduct := f.product(store.ProductPinjaman)
		schedule := store.FlatSchedule(6_000_000, 1200, 6, testNow)
		var err error
		a := f.open("6281200000003", store.ProductPinjaman)
		if waiting, err = tx.CreateLoan(ctx, store.Loan{Account: a, Principal: 6_000_000, RateBP: loanProduct.RateBP, Method: "flat", TenorMonths: 6, Start: testNow}, schedule); err != nil {
			return err
		}
		b := f.open("6281200000004", store.ProductPinjaman)
		if imported, err = tx.CreateLoan(ctx, store.Loan{Account: b, Principal: 6_000_000, RateBP: loanProduct.RateBP, Method: "flat", TenorMonths: 6, Start: testNow}, schedule); err != nil {
			return err
		}
		equity := f.system(store.AccountEquity)
		_, _, err = tx.Post(ctx, store.Entry{Key: "import:loan", Branch: "pusat", Kind: store.KindOpening, AuthorKind: store.AuthorSystem,
			Postings: []store.Posting{{Account: b.ID, Amount: -5_000_000}, {Account: equity.ID, Amount: 5_000_000}}})
		return err
	})
	// Before 0015 every loan was 'active' from approval; run 0015's rebuild on them.
	raw := storetest.Raw(t, db)
	body, err := os.ReadFile("migrations/0015_loan_life.sql")
	if err != nil {
		t.Fatal(err)
	}
	rebuild, _, ok := strings.Cut(string(body), "-- What a borrower pledged")
	if !ok {
		t.Fatal("0015 no longer has its collateral part where this test cuts it")
	}
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{`PRAGMA foreign_keys = OFF`, `UPDATE loans SET status = 'active', disbursed_at = 0`, rebuild, `PRAGMA foreign_keys = ON`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	if rows, err := conn.QueryContext(ctx, `PRAGMA foreign_key_check`); err != nil || rows.Next() {
		t.Fatalf("references broken after the rebuild (%v)", err)
	}
	mustView(t, db, func(tx *store.Tx) error {
		for _, c := range []struct {
			loan           store.Loan
			status         store.LoanStatus
			installments   int
			disbursedKnown bool
		}{{waiting, store.LoanApproved, 0, false}, {imported, store.LoanActive, 6, false}, {siti, store.LoanActive, 12, true}} {
			l, err := tx.LoanByID(ctx, c.loan.ID)
			if err != nil {
				return err
			}
			sched, err := tx.Installments(ctx, l.ID)
			if err != nil {
				return err
			}
			if l.Status != c.status || len(sched) != c.installments || l.DisbursedAt.IsZero() == c.disbursedKnown {
				t.Errorf("loan %s: %s, %d installments, disbursed %v; want %s, %d installments", l.Account.Masked(), l.Status, len(sched), l.DisbursedAt, c.status, c.installments)
			}
		}
		return nil
	})
}
