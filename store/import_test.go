package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

func importRow(line int, no, nik, phone string, openings ...store.Opening) store.ImportRow {
	return store.ImportRow{Line: line, Member: store.Member{Branch: "pusat", No: no, NIK: nik, Name: "Anggota " + no, Phone: phone,
		Gender: "P", BirthDate: time.Date(1985, 3, 5, 0, 0, 0, 0, time.UTC), JoinedAt: time.Date(2016, 7, 1, 0, 0, 0, 0, wib), Ceiling: 1_000_000},
		Openings: openings}
}

func memberCount(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	mustView(t, db, func(tx *store.Tx) error {
		all, err := tx.MembersByStatus(context.Background(), "", -1)
		n = len(all)
		return err
	})
	return n
}

func TestImportMembers(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	at := testNow.Add(-time.Hour)
	var before store.Account
	withFixture(t, db, func(f *fixture) {
		f.syncProducts()
		before = f.open("6281200000001", store.ProductTabungan) // numbering goes on after existing accounts
	})

	rows := []store.ImportRow{
		importRow(2, "01.00101", "3273011204790001", "6281311110001",
			store.Opening{Product: "SP", Amount: 100_000}, store.Opening{Product: "SW", Amount: 3_600_000}, store.Opening{Product: "TAB", Amount: 1_250_000}),
		importRow(3, "01.00102", "3273014503850002", "6281311110002",
			store.Opening{Product: "TAB", Amount: 0}, store.Opening{Product: "SP", Amount: 100_000}),
		importRow(4, "01.00103", "3273012010880003", "6281311110003"),
	}
	var res store.ImportResult
	mustUpdate(t, db, func(tx *store.Tx) (err error) {
		res, err = tx.ImportMembers(ctx, rows, at, nil)
		return err
	})
	want := store.ImportResult{Members: 3, Accounts: 5, Products: []store.ImportTotal{
		{Code: "SP", Name: "Simpanan Pokok", Accounts: 2, Total: 200_000},
		{Code: "SW", Name: "Simpanan Wajib", Accounts: 1, Total: 3_600_000},
		{Code: "TAB", Name: "Tabungan Anggota", Accounts: 2, Total: 1_250_000},
	}}
	if fmt.Sprint(res) != fmt.Sprint(want) || res.Total() != 5_050_000 {
		t.Errorf("result %+v, want %+v", res, want)
	}

	mustUpdate(t, db, func(tx *store.Tx) error {
		m, err := tx.MemberByNo(ctx, "01.00101")
		if err != nil {
			return err
		}
		if m.Status != store.MemberActive || m.NIK != "3273011204790001" || m.Phone != "6281311110001" || m.Ceiling != 1_000_000 ||
			m.BirthDate.Format("2006-01-02") != "1985-03-05" || !m.JoinedAt.Equal(rows[0].Member.JoinedAt) || m.RegNo != "" {
			t.Errorf("imported member %+v", m)
		}
		accts, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		if err != nil {
			return err
		}
		got := map[string]int64{}
		numbers := map[string]bool{before.Number: true}
		for _, a := range accts {
			got[a.ProductCode] = a.Amount()
			if !store.ValidAccountNumber(a.Number) || numbers[a.Number] || !a.OpenedAt.Equal(at) {
				t.Errorf("account %s opened %v: want a fresh valid number opened at the import", a.Number, a.OpenedAt)
			}
			numbers[a.Number] = true
			mv, err := tx.Movements(ctx, a, 5)
			if err != nil {
				return err
			}
			if len(mv) != 1 || mv[0].Kind != store.KindOpening || mv[0].Amount != a.Amount() || !mv[0].At.Equal(at) {
				t.Errorf("movements of %s: %+v", a.ProductCode, mv)
			}
		}
		if fmt.Sprint(got) != "map[SP:100000 SW:3600000 TAB:1250000]" {
			t.Errorf("balances of 01.00101: %v", got)
		}

		// An account opened with 0 exists, with no movement.
		m2, err := tx.MemberByNo(ctx, "01.00102")
		if err != nil {
			return err
		}
		accts, err = tx.AccountsOfMember(ctx, m2.ID, store.AccountSavings)
		if err != nil {
			return err
		}
		if len(accts) != 2 || accts[1].ProductCode != "TAB" || accts[1].Amount() != 0 {
			t.Errorf("01.00102's accounts: %+v", accts)
		}
		// A member with no openings has no accounts.
		m3, err := tx.MemberByNo(ctx, "01.00103")
		if err != nil {
			return err
		}
		if accts, err := tx.AccountsOfMember(ctx, m3.ID, store.AccountSavings); err != nil || len(accts) != 0 {
			t.Errorf("01.00103's accounts: %+v, %v", accts, err)
		}

		// The ledger balances: the equity account gave what the members got.
		eq, err := tx.SystemAccount(ctx, "pusat", store.AccountEquity)
		if err != nil {
			return err
		}
		if eq.Balance != -5_050_000 {
			t.Errorf("equity balance %d, want -5050000", eq.Balance)
		}
		// The opening entries have their keys: posting one again changes nothing.
		_, applied, err := tx.Post(ctx, store.Entry{Key: "import:01.00101:SW", Branch: "pusat", Kind: store.KindOpening, AuthorKind: store.AuthorAdmin,
			Postings: []store.Posting{{Account: firstSavings(t, tx, m.ID).ID, Amount: 1}, {Account: eq.ID, Amount: -1}}})
		if err != nil || applied {
			t.Errorf("posting import:01.00101:SW again: applied %v, %v", applied, err)
		}

		// Accounts opened later do not collide with imported ones.
		p, err := tx.ProductByCode(ctx, "TAB")
		if err != nil {
			return err
		}
		later, err := tx.OpenAccount(ctx, store.OpenAccount{Branch: "pusat", MemberID: m3.ID, Product: p, Name: p.Name})
		if err != nil {
			return fmt.Errorf("open an account after the import: %w", err)
		}
		if later.Number[4:9] != "00004" {
			t.Errorf("account opened after the import is %s, want serial 00004", later.Number)
		}
		// And the next member number goes on from the imported ones.
		no, err := tx.NextMemberNo(ctx, "pusat")
		if no != "01.00104" {
			t.Errorf("next member number %s, want 01.00104", no)
		}
		return err
	})
}

func firstSavings(t *testing.T, tx *store.Tx, memberID int64) store.Account {
	t.Helper()
	accts, err := tx.AccountsOfMember(context.Background(), memberID, store.AccountSavings)
	if err != nil || len(accts) == 0 {
		t.Fatalf("accounts of member %d: %v, %v", memberID, accts, err)
	}
	return accts[0]
}

// The store writes what it is given, but never opens a deposit or loan account as savings;
// the caller's transaction rolls back with whatever was written before.
func TestImportMembersRefusesANonSavingsProduct(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	mustUpdate(t, db, func(tx *store.Tx) error {
		newFixture(ctx, t, tx).syncProducts()
		return nil
	})
	rows := []store.ImportRow{
		importRow(2, "01.00101", "3273011204790001", "6281311110001", store.Opening{Product: "SP", Amount: 100_000}),
		importRow(3, "01.00102", "3273014503850002", "6281311110002", store.Opening{Product: "DEP", Amount: 1_000_000}),
	}
	err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.ImportMembers(ctx, rows, testNow, nil)
		return err
	})
	if err == nil || err.Error() != "import line 3: DEP is not a savings product" {
		t.Errorf("import with a deposito opening: %v", err)
	}
	if n := memberCount(t, db); n != 0 {
		t.Errorf("%d members after a refused import, want 0", n)
	}
}
