package web

import (
	"strconv"
	"strings"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
)

// reportTableView is a coop.Table as the page shows it: any report, the same cells the CLI
// prints, amounts as Rp1.250.000.
type reportTableView struct {
	Title, Period, Branch string
	Columns               []reportColumn
	Rows                  []reportRow
	Notes                 []reportNote
}

// reportColumn is one column's heading; Number aligns it to the right.
type reportColumn struct {
	Name   string
	Number bool
}

// reportRow is one row: a section's heading (Heading, across the columns), a line or a total.
type reportRow struct {
	Heading string
	Total   bool
	Cells   []reportCell
}

// reportCell is one cell as text; Number aligns it to the right.
type reportCell struct {
	Text   string
	Number bool
}

// reportNote is a line below the table; Wrong when it says the books do not balance.
type reportNote struct {
	Text  string
	Wrong bool
}

// newReportTableView lays t out for the page; branch names what it covers.
func newReportTableView(t coop.Table, branch string) *reportTableView {
	v := &reportTableView{Title: t.Title, Period: t.Period, Branch: branch, Columns: make([]reportColumn, len(t.Columns))}
	for i, c := range t.Columns {
		v.Columns[i].Name = c.Name
	}
	for r, row := range t.Rows {
		if row.Kind == coop.RowHeading {
			v.Rows = append(v.Rows, reportRow{Heading: reportCellText(row.Cells[0])})
			continue
		}
		rv := reportRow{Total: row.Kind == coop.RowTotal, Cells: make([]reportCell, len(t.Columns))}
		for i, c := range row.Cells {
			// A group's shared columns show on its first row only, as on a terminal.
			if t.Columns[i].Grouped && r > 0 && row.Group != 0 && t.Rows[r-1].Group == row.Group {
				continue
			}
			rv.Cells[i] = reportCell{Text: reportCellText(c), Number: c.Kind != coop.CellText}
			v.Columns[i].Number = v.Columns[i].Number || c.Kind != coop.CellText
		}
		v.Rows = append(v.Rows, rv)
	}
	for _, n := range t.Notes {
		v.Notes = append(v.Notes, reportNote{Text: n, Wrong: strings.Contains(n, "TIDAK")})
	}
	return v
}

// reportCellText is a cell's text: amounts as Rp1.250.000, counts as digits.
func reportCellText(c coop.Cell) string {
	switch c.Kind {
	case coop.CellMoney:
		return parse.Rupiah(c.N)
	case coop.CellCount:
		return strconv.FormatInt(c.N, 10)
	}
	return c.Text
}
