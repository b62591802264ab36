package coop

import (
	"bytes"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/parse"
)

// The statement's page: A4 portrait in millimetres, and its table's columns (date,
// description, debit, credit, balance), which fill the width between the margins.
const (
	pdfMargin = 12.0
	pdfBottom = 18.0 // room kept for the page's footer
	pdfLine   = 5.5
)

var pdfColumns = [5]float64{24, 76, 28, 28, 30}

// statementPDF draws one statement; its texts come from the catalog in the reader's language.
type statementPDF struct {
	pdf  *fpdf.Fpdf
	tr   func(string) string // UTF-8 to the core fonts' code page (cp1252)
	msg  catalog.Messages
	lang string
	l    catalog.StatementLabels
	loc  *time.Location
}

// StatementPDF renders the statement as a PDF in lang ("id", "en"), dates in loc.
func StatementPDF(st MemberStatement, lang string, loc *time.Location) ([]byte, error) {
	msg := catalog.For(lang)
	pdf := fpdf.New("P", "mm", "A4", "")
	p := &statementPDF{pdf: pdf, tr: pdf.UnicodeTranslatorFromDescriptor(""), msg: msg, lang: lang, l: msg.StatementLabels(), loc: loc}
	pdf.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	pdf.SetAutoPageBreak(true, pdfBottom)
	pdf.AliasNbPages("{nb}")
	pdf.SetCreationDate(st.Printed)
	pdf.SetModificationDate(st.Printed)
	pdf.SetTitle(p.l.Title+" "+st.Member.No, true)
	pdf.SetCreator(st.Cooperative, true)
	pdf.SetFooterFunc(p.footer)
	pdf.AddPage()
	p.header(st)
	for _, a := range st.Accounts {
		p.account(a)
	}
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "I", 8)
	pdf.MultiCell(0, 4, p.tr(p.l.Note), "", "L", false)
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return nil, fmt.Errorf("statement of member %s: PDF: %w", st.Member.No, err)
	}
	return out.Bytes(), nil
}

// header names the cooperative and branch, the member and the period.
func (p *statementPDF) header(st MemberStatement) {
	pdf := p.pdf
	pdf.SetFont("Helvetica", "B", 13)
	pdf.CellFormat(0, 7, p.tr(st.Cooperative), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	pdf.CellFormat(0, pdfLine, p.tr(st.Branch.Name), "", 1, "L", false, 0, "")
	pdf.Ln(3)
	pdf.SetFont("Helvetica", "B", 12)
	pdf.CellFormat(0, 7, p.tr(p.l.Title), "", 1, "C", false, 0, "")
	pdf.Ln(2)
	last := st.To.Add(-time.Nanosecond)
	for _, row := range [][2]string{
		{p.l.Member, st.Member.Name},
		{p.l.MemberNo, st.Member.No},
		{p.l.Period, p.msg.StatementPeriod(st.From.In(p.loc), last.In(p.loc))},
		{p.l.Printed, p.msg.StatementDay(st.Printed.In(p.loc)) + " " + st.Printed.In(p.loc).Format("15:04")},
	} {
		pdf.SetFont("Helvetica", "", 10)
		pdf.CellFormat(30, pdfLine, p.tr(row[0]), "", 0, "L", false, 0, "")
		pdf.CellFormat(0, pdfLine, p.tr(": "+row[1]), "", 1, "L", false, 0, "")
	}
}

// account draws one account's table: opening balance, movements, totals, closing balance.
// A table that goes on over a page is headed again there.
func (p *statementPDF) account(a AccountStatement) {
	p.pdf.Ln(4)
	p.room(3) // the heading, the columns and a line at least
	heading := func() {
		p.pdf.SetFont("Helvetica", "B", 10)
		p.pdf.CellFormat(0, 6, p.tr(p.msg.StatementAccount(a.Account.ProductName, LastFour(a.Account.Number))), "", 1, "L", false, 0, "")
		p.row([5]string{p.l.Date, p.l.Description, p.l.Debit, p.l.Credit, p.l.Balance}, "B", true)
	}
	heading()
	line := func(cells [5]string, style string, fill bool) {
		if !p.room(1) {
			heading()
		}
		p.row(cells, style, fill)
	}
	line([5]string{"", p.l.Opening, "", "", parse.Rupiah(a.Opening)}, "", false)
	if len(a.Movements) == 0 {
		line([5]string{"", p.l.NoMovements, "", "", ""}, "I", false)
	}
	for _, m := range a.Movements {
		d, c := a.Sides(m)
		line([5]string{p.msg.StatementDay(m.At.In(p.loc)), catalog.MemoText(p.lang, m.Memo), amountOrBlank(d), amountOrBlank(c), parse.Rupiah(m.Balance)}, "", false)
	}
	line([5]string{"", p.l.Totals, parse.Rupiah(a.Debit), parse.Rupiah(a.Credit), ""}, "B", false)
	line([5]string{"", p.l.Closing, "", "", parse.Rupiah(a.Closing)}, "B", true)
}

// room starts a new page unless lines more fit above the footer; false when it did.
func (p *statementPDF) room(lines int) bool {
	_, height := p.pdf.GetPageSize()
	if p.pdf.GetY()+float64(lines)*pdfLine <= height-pdfBottom {
		return true
	}
	p.pdf.AddPage()
	return false
}

// row draws one line of an account's table, cutting a description too long for its column.
func (p *statementPDF) row(cells [5]string, style string, fill bool) {
	pdf := p.pdf
	pdf.SetFillColor(230, 230, 230)
	pdf.SetFont("Helvetica", style, 9)
	for i, text := range cells {
		text = p.tr(text)
		if i == 1 {
			text = p.fit(text, pdfColumns[i]-2)
		}
		align, ln := "R", 0
		if i < 2 {
			align = "L"
		}
		if i == len(cells)-1 {
			ln = 1
		}
		pdf.CellFormat(pdfColumns[i], pdfLine, text, "B", ln, align, fill, 0, "")
	}
}

// fit shortens text (already in the font's code page) to width, ending it with "...".
func (p *statementPDF) fit(text string, width float64) string {
	if p.pdf.GetStringWidth(text) <= width {
		return text
	}
	for len(text) > 0 && p.pdf.GetStringWidth(text+"...") > width {
		text = text[:len(text)-1]
	}
	return text + "..."
}

func (p *statementPDF) footer() {
	p.pdf.SetY(-12)
	p.pdf.SetFont("Helvetica", "", 8)
	p.pdf.CellFormat(0, 5, p.tr(p.msg.StatementPage(p.pdf.PageNo(), "{nb}")), "", 0, "C", false, 0, "")
}

func amountOrBlank(n int64) string {
	if n == 0 {
		return ""
	}
	return parse.Rupiah(n)
}
