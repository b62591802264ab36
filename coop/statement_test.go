package coop_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rsc.io/pdf"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// pdfText reads a PDF back (rsc.io/pdf) as its pages' text: a line for each baseline, its
// cells (each string the PDF shows at one place) joined by " | ". rsc.io/pdf knows no
// widths of the core fonts and drops the spaces inside a cell: compare with nospace.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("read the PDF back: %v", err)
	}
	var b strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		var prev pdf.Text
		for j, g := range r.Page(i).Content().Text {
			switch {
			case j == 0:
			case g.Y != prev.Y:
				b.WriteString("\n")
			case g.X != prev.X:
				b.WriteString(" | ")
			}
			b.WriteString(g.S)
			prev = g
		}
		b.WriteString("\n\f") // a page ends
	}
	return b.String()
}

// nospace is s as pdfText reads it back.
func nospace(s string) string {
	cells := strings.Split(s, " | ")
	for i, c := range cells {
		cells[i] = strings.ReplaceAll(c, " ", "")
	}
	return strings.Join(cells, " | ")
}

// statementOf is member no's statement for the months from first up to (not including) end.
func (w *bookWorld) statementOf(no string, first, end time.Time) coop.MemberStatement {
	w.t.Helper()
	ctx := context.Background()
	var st coop.MemberStatement
	err := w.db.View(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByNo(ctx, no)
		if err != nil {
			return err
		}
		st, err = coop.StatementOf(ctx, tx, "Koperasi Simpan Pinjam Sejahtera", m, first, end, w.now)
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return st
}

// Siti's statement for August to October, read back from the PDF: her name, number and
// period, each account masked but its last 4 digits, the loan disbursed and two installments
// paid (its balance is what she still owes), totals that add up to the closing balances.
func TestStatementPDFReadsBack(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, time.November, 20, 9, 0, 0, 0, time.UTC))
	st := w.statementOf("01.00002", w.day(2026, time.August, 1), w.day(2026, time.November, 1))
	data, err := coop.StatementPDF(st, "id", w.loc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", data[:min(len(data), 20)])
	}
	text := pdfText(t, data)
	for _, want := range []string{
		"Koperasi Simpan Pinjam Sejahtera", "Kantor Pusat", "REKENING KORAN ANGGOTA",
		"Nama | : Siti Rahmawati", "No. Anggota | : 01.00002", "Periode | : 1 Agu 2026 s.d. 31 Okt 2026",
		"Tanggal | Keterangan | Debit | Kredit | Saldo",
		// The loan, by hand: Rp10.000.000 lent on 10 Aug, Rp833.333 principal repaid on 10 Sep and 10 Oct.
		"Pinjaman Usaha · No. ******",
		"10 Agu 2026 | Pencairan pinjaman | Rp10.000.000 | Rp10.000.000",
		"10 Sep 2026 | Angsuran ke-1 | Rp833.333 | Rp9.166.667",
		"10 Okt 2026 | Angsuran ke-2 | Rp833.333 | Rp8.333.334",
		"Jumlah mutasi | Rp10.000.000 | Rp1.666.666",
		"Saldo akhir | Rp8.333.334",
		"Halaman 1 dari 1",
	} {
		if !strings.Contains(text, nospace(want)) {
			t.Errorf("the PDF does not say %q:\n%s", want, text)
		}
	}
	if len(st.Accounts) < 4 {
		t.Fatalf("Siti's statement has %d accounts, want pokok, wajib, tabungan and the loan", len(st.Accounts))
	}
	for _, a := range st.Accounts {
		if strings.Contains(text, a.Account.Number) {
			t.Errorf("the PDF shows account number %s in full", a.Account.Masked())
		}
		if !strings.Contains(text, "******"+a.Account.Number[6:]) {
			t.Errorf("the PDF does not show %s as ******%s", a.Account.Masked(), a.Account.Number[6:])
		}
		moved := a.Credit - a.Debit
		if a.Account.Normal == store.Debit {
			moved = -moved
		}
		if a.Opening+moved != a.Closing {
			t.Errorf("%s: opening %d and movements (debit %d, credit %d) do not make closing %d", a.Account.Masked(), a.Opening, a.Debit, a.Credit, a.Closing)
		}
		if !strings.Contains(text, nospace("Jumlah mutasi | "+parse.Rupiah(a.Debit)+" | "+parse.Rupiah(a.Credit))) ||
			!strings.Contains(text, nospace("Saldo akhir | "+parse.Rupiah(a.Closing))) {
			t.Errorf("%s: the PDF does not show its totals (debit %d, credit %d, closing %d)", a.Account.Masked(), a.Debit, a.Credit, a.Closing)
		}
	}
}

// The closing balance of every account on a statement up to today is the balance the
// ledger holds, and a member reading English gets English.
func TestStatementClosesAtTheLedgersBalance(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, time.November, 20, 9, 0, 0, 0, time.UTC))
	st := w.statementOf("01.00001", w.day(2026, time.November, 1), w.now)
	ctx := context.Background()
	err := w.db.View(ctx, func(tx *store.Tx) error {
		for _, a := range st.Accounts {
			now, err := tx.AccountByNumber(ctx, a.Account.Number)
			if err != nil {
				return err
			}
			if a.Closing != now.Amount() {
				t.Errorf("%s closes at %d, the ledger holds %d", a.Account.Masked(), a.Closing, now.Amount())
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := coop.StatementPDF(st, "en", w.loc)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, data)
	for _, want := range []string{"MEMBER'S STATEMENT OF ACCOUNT", "Period | : 1 Nov 2026 to 20 Nov 2026", "Opening balance", "Cash deposit", "Page 1 of 1"} {
		if !strings.Contains(text, nospace(want)) {
			t.Errorf("the English PDF does not say %q:\n%s", want, text)
		}
	}
	dir := t.TempDir()
	path, err := coop.WriteStatement(dir, st, "en", w.loc)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "statements", "rekening-koran-0100001-2026-11.pdf"); path != want {
		t.Errorf("written to %s, want %s", path, want)
	}
	on, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if pdfText(t, on) != text {
		t.Errorf("the file says something else:\n%s", pdfText(t, on))
	}
}

// A year of daily deposits runs over several pages: each page carries the account's heading
// and the table's columns again, pages are numbered "of" their count, and the totals add up.
func TestStatementOverManyPages(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, time.November, 20, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	const deposits, amount = 120, 10_000
	err := w.db.Update(ctx, func(tx *store.Tx) error {
		a, err := tx.AccountByNumber(ctx, "0104000013")
		if err != nil {
			return err
		}
		cash, err := tx.SystemAccount(ctx, "pusat", store.AccountCash)
		if err != nil {
			return err
		}
		for i := range deposits {
			_, _, err := tx.Post(ctx, store.Entry{Key: fmt.Sprintf("test-deposit-%d", i), Branch: "pusat", Kind: store.KindCashDeposit,
				Memo: store.CashMemo(store.MemoCashDeposit, ""), AuthorKind: store.AuthorSystem, At: w.day(2026, time.October, 1+i%28).Add(10 * time.Hour),
				Postings: []store.Posting{{Account: cash.ID, Amount: -amount}, {Account: a.ID, Amount: amount}}})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	st := w.statementOf("01.00001", w.day(2026, time.October, 1), w.day(2026, time.November, 1))
	data, err := coop.StatementPDF(st, "id", w.loc)
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimSuffix(pdfText(t, data), "\f"), "\f")
	if len(pages) < 3 {
		t.Fatalf("%d movements on %d pages, want 3 or more", deposits, len(pages))
	}
	for i, page := range pages {
		for _, want := range []string{
			"Tanggal | Keterangan | Debit | Kredit | Saldo",
			fmt.Sprintf("Halaman %d dari %d", i+1, len(pages)),
		} {
			if !strings.Contains(page, nospace(want)) {
				t.Errorf("page %d does not say %q:\n%s", i+1, want, page)
			}
		}
	}
	if !strings.Contains(pages[1], nospace("Tabungan Sejahtera · No. ******0013")) {
		t.Errorf("page 2 does not name the account it goes on with:\n%s", pages[1])
	}
	for _, a := range st.Accounts {
		if a.Account.Number == "0104000013" && a.Credit < deposits*amount {
			t.Errorf("the tabungan's credits add up to %d, want at least %d", a.Credit, deposits*amount)
		}
	}
}
