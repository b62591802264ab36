package coop

import (
	"fmt"
	"time"
)

// Reports for staff and the RAT (issue 17): each is computed here as a typed result (rows and
// totals the web can show as it likes), and each gives a Table, which `kopbot report` prints
// aligned on a terminal or as CSV. Every figure is summed from the postings, so it agrees
// with `kopbot ledger check` and with the other reports. Names follow an Indonesian
// cooperative's usual statements (neraca, perhitungan hasil usaha).

// Period is what a report covers: a branch ("" for every branch) and the days From to To,
// both included, in the cooperative's time zone.
type Period struct {
	Branch   string
	From, To time.Time // midnight of the first and of the last day
}

// NewPeriod is the days from to to (any time of those days) in loc; to before from is an error.
func NewPeriod(branch string, from, to time.Time, loc *time.Location) (Period, error) {
	p := Period{Branch: branch, From: calendarDayIn(from, loc), To: calendarDayIn(to, loc)}
	if p.To.Before(p.From) {
		return Period{}, fmt.Errorf("the period ends (%s) before it starts (%s)", p.To.Format(time.DateOnly), p.From.Format(time.DateOnly))
	}
	return p, nil
}

// start and end are the period as instants: [start, end).
func (p Period) start() time.Time { return p.From }
func (p Period) end() time.Time   { return p.To.AddDate(0, 0, 1) }

// yearStart is 1 January of the year of the period's last day: where SHU tahun berjalan starts.
func (p Period) yearStart() time.Time {
	return time.Date(p.To.Year(), time.January, 1, 0, 0, 0, 0, p.To.Location())
}

// String is the period as a report's heading shows it.
func (p Period) String() string {
	const layout = "02-01-2006"
	if p.From.Equal(p.To) {
		return p.From.Format(layout)
	}
	return p.From.Format(layout) + " s.d. " + p.To.Format(layout)
}

// CellKind says what a cell holds, so a table shows it aligned and CSV writes it plainly.
type CellKind int

// Kinds of cell.
const (
	CellText  CellKind = iota
	CellMoney          // rupiah: right-aligned, 1.250.000 on a terminal, 1250000 in CSV
	CellCount          // a number of things: right-aligned
)

// Cell is one value of a table.
type Cell struct {
	Kind CellKind
	Text string
	N    int64 // the amount or count
}

// Text, Money and Count make cells.
func Text(s string) Cell            { return Cell{Kind: CellText, Text: s} }
func Money(n int64) Cell            { return Cell{Kind: CellMoney, N: n} }
func Count(n int) Cell              { return Cell{Kind: CellCount, N: int64(n)} }
func textf(f string, a ...any) Cell { return Text(fmt.Sprintf(f, a...)) }

// RowKind says what a row is: a line, a section's heading, or a total.
type RowKind int

// Kinds of row.
const (
	RowLine    RowKind = iota
	RowHeading         // a section's name in the first cell, nothing else
	RowTotal           // a subtotal or total: a rule above it on a terminal
)

// Row is one row of a table. Rows of one Group (a journal transaction's lines) show the
// columns marked Grouped once, on their first row, on a terminal; CSV repeats them.
type Row struct {
	Kind  RowKind
	Group int
	Cells []Cell
}

// Column is one column of a table.
type Column struct {
	Name    string
	Grouped bool
}

// Table is a report laid out for printing.
type Table struct {
	Title   string
	Period  string
	Columns []Column
	Rows    []Row
	Notes   []string // lines below the table: what reconciles with what
}

func (t *Table) line(cells ...Cell)  { t.Rows = append(t.Rows, Row{Kind: RowLine, Cells: cells}) }
func (t *Table) total(cells ...Cell) { t.Rows = append(t.Rows, Row{Kind: RowTotal, Cells: cells}) }
func (t *Table) heading(name string) {
	t.Rows = append(t.Rows, Row{Kind: RowHeading, Cells: []Cell{Text(name)}})
}

// columns makes columns from names; a name ending in "*" is Grouped.
func columns(names ...string) []Column {
	out := make([]Column, len(names))
	for i, n := range names {
		if len(n) > 1 && n[len(n)-1] == '*' {
			out[i] = Column{Name: n[:len(n)-1], Grouped: true}
			continue
		}
		out[i] = Column{Name: n}
	}
	return out
}
