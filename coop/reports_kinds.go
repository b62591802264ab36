package coop

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/kopbot/kopbot/store"
)

// ReportKind is one report staff ask for by name (kopbot report NAME, the web's /reports):
// what it is, and how to compute it as a Table.
type ReportKind struct {
	Name, Doc string
	table     func(ctx context.Context, tx *store.Tx, o *Office, p Period, progress Progress) (Table, error)
}

// Table computes the report for the period with the office's rules (language, late fees).
func (k ReportKind) Table(ctx context.Context, tx *store.Tx, o *Office, p Period, progress Progress) (Table, error) {
	return k.table(ctx, tx, o, p, progress)
}

// ReportKinds are the reports, in the order staff see them.
var ReportKinds = []ReportKind{
	{"journal", "daily journal (jurnal harian): every journal transaction of the period with its lines, debit and credit",
		func(ctx context.Context, tx *store.Tx, o *Office, p Period, progress Progress) (Table, error) {
			r, err := ReportJournal(ctx, tx, p, o.lang(""), progress)
			return r.Table(), err
		}},
	{"teller", "teller report (laporan kas teller): per staff member (and job or gateway), cash in, cash out and the difference, with the cash balance before and after", plainReport(ReportTeller)},
	{"trial-balance", "trial balance (neraca saldo): each group of accounts' balance at the start, debits and credits in the period, balance at the end", plainReport(ReportTrialBalance)},
	{"balance-sheet", "balance sheet (neraca) at the end of -to: aset lancar, kewajiban, ekuitas with SHU tahun berjalan (-from is not used)", plainReport(ReportBalanceSheet)},
	{"income", "income statement (perhitungan hasil usaha): pendapatan, beban and the SHU of the period", plainReport(ReportIncomeStatement)},
	{"savings", "savings portfolio: per savings and time deposit product, accounts open, opened in the period, balances before and after", plainReport(ReportSavings)},
	{"loans", "loans portfolio: per loan product and status, loans, principal, disbursed in the period, principal owed at the end", plainReport(ReportLoans)},
	{"arrears", "arrears by collectibility grade (lancar to macet): each loan in arrears with its overdue principal, interest and late fees on -to, totals per grade",
		func(ctx context.Context, tx *store.Tx, o *Office, p Period, progress Progress) (Table, error) {
			r, err := ReportArrears(ctx, tx, p, o.LateFeeBP, progress)
			return r.Table(), err
		}},
	{"members", "members who joined and who left in the period, and how many there were before and after", plainReport(ReportMembers)},
	{"qris", "QRIS takings per merchant member: payments and their total in the period", plainReport(ReportQRIS)},
}

// ReportKindNamed finds a report by its name.
func ReportKindNamed(name string) (ReportKind, bool) {
	for _, k := range ReportKinds {
		if k.Name == name {
			return k, true
		}
	}
	return ReportKind{}, false
}

// plainReport is a report computed from its period alone.
func plainReport[R interface{ Table() Table }](report func(context.Context, *store.Tx, Period) (R, error)) func(context.Context, *store.Tx, *Office, Period, Progress) (Table, error) {
	return func(ctx context.Context, tx *store.Tx, _ *Office, p Period, _ Progress) (Table, error) {
		r, err := report(ctx, tx, p)
		return r.Table(), err
	}
}

// WriteCSV writes t as CSV: the column names, then every row, amounts in whole rupiah
// (what kopbot report -csv prints and the web's download gives).
func (t Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	names := make([]string, len(t.Columns))
	for i, col := range t.Columns {
		names[i] = col.Name
	}
	if err := cw.Write(names); err != nil {
		return err
	}
	for _, row := range t.Rows {
		rec := make([]string, len(t.Columns))
		for i, c := range row.Cells {
			if c.Kind == CellText {
				rec[i] = strings.TrimSpace(c.Text)
			} else {
				rec[i] = strconv.FormatInt(c.N, 10)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
