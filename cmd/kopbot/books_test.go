package main

import (
	"context"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// A branch moving to kopbot: books open once with its cash and bank, its members come in,
// and the ledger's balances are the old balance sheet's, every check holding.
func TestBooksOpenThenImport(t *testing.T) {
	config := writeConfig(t, "log:\n  level: warn\n  format: json\n")
	out := mustCmd(t, config, "books open", "-cash", "12.500.000", "-bank", "250jt", "-by", "ana")
	wantContains(t, "books open", out, "Opened the books of pusat (Kantor Pusat) on ",
		"  Cash               Rp12.500.000\n", "  Bank              Rp250.000.000\n", "  Equity, credited  Rp262.500.000\n",
		"Journal key books-open:pusat.")

	_, err := kopbotCmd(t, config, "books open", "-cash", "1jt")
	wantError(t, "books open twice", err, "books open: the books of pusat were opened already, on ",
		" by ana, with cash Rp12.500.000 and bank Rp250.000.000; nothing changed")

	mustCmd(t, config, "members import", "testdata/members_example.csv")
	var cash, bank, equity store.Account
	withStore(t, config, func(ctx context.Context, tx *store.Tx) (err error) {
		if cash, err = tx.SystemAccount(ctx, "pusat", store.AccountCash); err != nil {
			return err
		}
		if bank, err = tx.SystemAccount(ctx, "pusat", store.AccountBank); err != nil {
			return err
		}
		equity, err = tx.SystemAccount(ctx, "pusat", store.AccountEquity)
		return err
	})
	if cash.Amount() != 12_500_000 || bank.Amount() != 250_000_000 || equity.Amount() != 262_500_000-16_850_000 {
		t.Errorf("cash %d, bank %d, equity %d", cash.Amount(), bank.Amount(), equity.Amount())
	}
	out = mustCmd(t, config, "ledger check")
	wantContains(t, "ledger check", out, "checks hold.")

	// Staff see what each owes of simpanan wajib: Joko from the month after the one he paid through.
	wantContains(t, "show Joko", mustCmd(t, config, "members show", "01.00103"), "  Simpanan wajib       ", " months unpaid (2026-09 to ",
		"; paid through 2026-08 before kopbot\n")
	wantContains(t, "show Bambang", mustCmd(t, config, "members show", "01.00105"), "  Simpanan wajib       exempt: owes none\n")

	// Each member keeps how far they had paid simpanan wajib.
	for no, want := range map[string]store.WajibTerms{
		"01.00101": {PaidThrough: wajibMonth(t, "2026-11"), Opening: 3_600_000},
		"01.00103": {PaidThrough: wajibMonth(t, "2026-08"), Opening: 2_400_000},
		"01.00105": {Exempt: true},
	} {
		withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
			m, err := tx.MemberByNo(ctx, no)
			if err != nil {
				return err
			}
			got, err := tx.WajibTerms(ctx, m.ID)
			if got != want {
				t.Errorf("%s: simpanan wajib terms %+v, want %+v", no, got, want)
			}
			return err
		})
	}
}

// Books open needs a figure, and a branch in the config.
func TestBooksOpenRefuses(t *testing.T) {
	config := writeConfig(t, "log:\n  level: warn\n  format: json\n")
	_, err := kopbotCmd(t, config, "books open")
	wantError(t, "no figures", err, "no opening balance was given: give the cash, the bank balance, or both")
	_, err = kopbotCmd(t, config, "books open", "-cash", "banyak")
	wantError(t, "a bad amount", err, "books open: -cash: ")
	_, err = kopbotCmd(t, config, "books open", "-branch", "bogor", "-cash", "1jt")
	wantError(t, "no such branch", err, `no branch "bogor"`)
	// Nothing was recorded: the books still open.
	mustCmd(t, config, "books open", "-bank", "5.000.000")
}

func wajibMonth(t *testing.T, s string) time.Time {
	t.Helper()
	m, err := time.Parse("2006-01", s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
