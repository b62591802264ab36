package main

import (
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

// The whole demo, whenever it was loaded: its postings lie within these days.
var demoEver = []string{"-from", "2000-01-01", "-to", "2100-12-31"}

// fieldsOf is the words of the first line of out that starts (after spaces) with first.
func fieldsOf(t *testing.T, out, first string) []string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), first) {
			return strings.Fields(line)
		}
	}
	t.Fatalf("no line starts with %q in\n%s", first, out)
	return nil
}

// The balance sheet of the demo, as staff read it on the terminal: the branch's cash took
// in 500,000 pokok, 1,400,000 wajib, 12,600,000 tabungan, 10,000,000 deposito and 2,799,999
// of installments and paid out the 10,000,000 loan.
func TestReportBalanceSheetTable(t *testing.T) {
	config := testConfig(t)
	out := mustCmd(t, config, "report balance-sheet", demoEver...)
	for _, c := range []struct {
		first string
		want  []string
	}{
		{"Neraca —", []string{"Neraca", "—", "Kantor", "Pusat", "(pusat),", "per", "31-12-2100"}},
		{"Kas", []string{"Kas", "1", "17.299.999"}},
		{"Piutang Pinjaman Usaha", []string{"Piutang", "Pinjaman", "Usaha", "1", "7.500.001"}},
		{"Jumlah aset", []string{"Jumlah", "aset", "24.800.000"}},
		{"SHU tahun lalu", []string{"SHU", "tahun", "lalu", "belum", "dibagi", "300.000"}},
		{"SHU tahun berjalan", []string{"SHU", "tahun", "berjalan", "-"}},
		{"Jumlah kewajiban dan ekuitas", []string{"Jumlah", "kewajiban", "dan", "ekuitas", "24.800.000"}},
	} {
		if got := fieldsOf(t, out, c.first); !slices.Equal(got, c.want) {
			t.Errorf("%q line: %q, want %q", c.first, got, c.want)
		}
	}
	if !strings.Contains(out, "neraca seimbang") {
		t.Errorf("no word that the sheet balances:\n%s", out)
	}
}

// CSV is for spreadsheets: amounts in whole rupiah, every row, the totals last.
func TestReportTrialBalanceCSV(t *testing.T) {
	config := testConfig(t)
	out := mustCmd(t, config, "report trial-balance", append([]string{"-csv"}, demoEver...)...)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("%v in\n%s", err, out)
	}
	if got := strings.Join(rows[0], ","); got != "Akun,Rekening,Saldo awal debit,Saldo awal kredit,Mutasi debit,Mutasi kredit,Saldo akhir debit,Saldo akhir kredit" {
		t.Errorf("header %s", got)
	}
	// Cash in: 500,000 + 1,400,000 + 14,600,000 tabungan deposits + 10,000,000 deposito +
	// 2,799,999 installments; out: 2,000,000 withdrawn and the 10,000,000 loan.
	if got := strings.Join(rows[1], ","); got != "Kas,1,0,0,29299999,12000000,17299999,0" {
		t.Errorf("cash: %s, want 29299999 in and 12000000 out", got)
	}
	// Every debit: cash's, the loan's 10,000,000 and the 2,000,000 withdrawn from tabungan.
	if got := strings.Join(rows[len(rows)-1], ","); got != "Jumlah,,0,0,41299999,41299999,24800000,24800000" {
		t.Errorf("totals: %s", got)
	}
}

// The journal shows a transaction's date, reference and memo on its first line only.
func TestReportJournalTable(t *testing.T) {
	config := testConfig(t)
	out := mustCmd(t, config, "report journal", demoEver...)
	lines := strings.Split(out, "\n")
	for i, line := range lines {
		if strings.Contains(line, "TRX-000001 ") {
			f := strings.Fields(line)
			if !strings.Contains(line, "Setoran simpanan pokok") || !strings.Contains(line, "Budi Santoso, Simpanan Pokok") || !slices.Equal(f[len(f)-2:], []string{"-", "100.000"}) {
				t.Errorf("the first line of TRX-000001: %q", line)
			}
			if next := lines[i+1]; !strings.HasPrefix(next, "        ") || !strings.Contains(next, "Kas") || strings.Contains(next, "TRX-") {
				t.Errorf("its second line: %q, want only the cash account", next)
			}
			return
		}
	}
	t.Fatalf("no TRX-000001 in\n%s", out)
}

func TestReportRefusesABadPeriod(t *testing.T) {
	config := testConfig(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-from", "2026-02-01", "-to", "2026-01-31"}, "the period ends (2026-01-31) before it starts (2026-02-01)"},
		{[]string{"-from", "31-02-2026"}, "-from"},
		{[]string{"-branch", "cabang"}, `no branch "cabang"`},
		{[]string{"pusat"}, "takes no arguments"},
	} {
		_, err := kopbotCmd(t, config, "report savings", c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("report savings %v: %v, want %q", c.args, err, c.want)
		}
	}
}
