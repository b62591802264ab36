package coop_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rsc.io/pdf"

	"github.com/kopbot/kopbot/coop"
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
		b.WriteString("\n")
	}
	return b.String()
}

// nospace is s as pdfText reads it back.
func nospace(s string) string { return strings.ReplaceAll(s, " ", "") }

func TestStatementPDFSmoke(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, time.November, 20, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	var st coop.MemberStatement
	err := w.db.View(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByNo(ctx, "01.00001")
		if err != nil {
			return err
		}
		st, err = coop.StatementOf(ctx, tx, "Koperasi Simpan Pinjam Sejahtera", m, w.day(2026, time.September, 1), w.day(2026, time.October, 1), w.now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := coop.StatementPDF(st, "id", w.loc)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join("/tmp", "st.pdf"), data, 0o644)
	t.Log(pdfText(t, data))
}
