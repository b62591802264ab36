package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// kopbot report NAME: the reports coop computes, printed as an aligned table or as CSV.

// reportArgs are the flags every report takes.
const reportArgs = "[-branch ID] [-from DATE] [-to DATE] [-csv]"

// reportCommands are kopbot report: one subcommand per report.
func reportCommands() []command {
	out := []command{{Name: "report", Doc: "reports for staff and the RAT: journal, teller cash, trial balance, balance sheet, income statement, portfolios, arrears, members, QRIS",
		About: `Reports computed from the ledger, as an aligned table on the terminal or as CSV (-csv).
	Every figure is summed from the postings, so it agrees with 'kopbot ledger check'.`,
		Notes: `-from and -to are days in the cooperative's time zone, both included (2026-12-01 or
	01-12-2026; default: the first of this month to today). -branch ID reports one branch
	(default: every branch together). A report over a long period shows its progress on a
	terminal. Every subcommand takes -config FILE and -log-level LEVEL; none changes anything.`}}
	for _, s := range coop.ReportKinds {
		out = append(out, command{Group: "report", Name: s.Name, Args: reportArgs, Doc: s.Doc, Run: noStdin(runReport(s))})
	}
	return out
}

func runReport(s coop.ReportKind) func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		c := newSubcommand("report", s.Name, "The "+s.Doc+".", stderr)
		branch := c.fs.String("branch", "", "only this branch (`ID`; default: every branch)")
		from := c.fs.String("from", "", "the period's first `DATE` (default: the first of this month)")
		to := c.fs.String("to", "", "the period's last `DATE` (default: today)")
		asCSV := c.fs.Bool("csv", false, "write CSV (amounts in whole rupiah) instead of a table")
		if err := c.parseNone(args); err != nil {
			return err
		}
		ctx, app, err := c.openBranch(ctx, *branch)
		if err != nil {
			return err
		}
		defer app.Close()
		p, err := reportPeriod(*branch, *from, *to, app.Now(), app.Config.Location())
		if err != nil {
			return fmt.Errorf("report %s: %w", s.Name, err)
		}
		var t coop.Table
		if err := app.DB.View(ctx, func(tx *store.Tx) (err error) {
			t, err = s.Table(ctx, tx, app.Office, p, progressOn(stderr, s.Name))
			return err
		}); err != nil {
			return fmt.Errorf("report %s: %w", s.Name, err)
		}
		if *asCSV {
			return t.WriteCSV(stdout)
		}
		return writeTableText(stdout, t, branchTitle(app, *branch))
	}
}

// reportPeriod reads -from and -to (empty: the first of now's month, and now's day).
func reportPeriod(branch, from, to string, now time.Time, loc *time.Location) (coop.Period, error) {
	now = now.In(loc)
	first, last := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc), now
	var err error
	if from != "" {
		if first, err = parse.Date(from, loc); err != nil {
			return coop.Period{}, fmt.Errorf("-from: %w", err)
		}
	}
	if to != "" {
		if last, err = parse.Date(to, loc); err != nil {
			return coop.Period{}, fmt.Errorf("-to: %w", err)
		}
	}
	return coop.NewPeriod(branch, first, last, loc)
}

// branchTitle names what a report covers: one branch, or all.
func branchTitle(app *App, branch string) string {
	if branch == "" {
		if len(app.Config.Branches) == 1 {
			b := app.Config.Branches[0]
			return fmt.Sprintf("%s (%s)", b.Name, b.ID)
		}
		return "semua cabang"
	}
	b, _ := app.branch(branch)
	return fmt.Sprintf("%s (%s)", b.Name, b.ID)
}

// cellText is a cell as a terminal shows it: amounts as 1.250.000, and none as "-", as
// accounts are written by hand.
func cellText(c coop.Cell) string {
	switch {
	case c.Kind == coop.CellMoney && c.N == 0:
		return "-"
	case c.Kind == coop.CellMoney:
		return strings.Replace(parse.Rupiah(c.N), "Rp", "", 1)
	case c.Kind == coop.CellCount:
		return strconv.FormatInt(c.N, 10)
	}
	return c.Text
}

// writeTableText prints t aligned: text to the left, amounts and counts to the right, a rule
// under the header and above each total, a group's shared columns on its first row only.
func writeTableText(w io.Writer, t coop.Table, branch string) error {
	cells := make([][]string, len(t.Rows))
	width := make([]int, len(t.Columns))
	right := make([]bool, len(t.Columns))
	for i, col := range t.Columns {
		width[i] = utf8.RuneCountInString(col.Name)
	}
	for r, row := range t.Rows {
		cells[r] = make([]string, len(t.Columns))
		for i, c := range row.Cells {
			text := cellText(c)
			if row.Kind == coop.RowHeading {
				cells[r][i] = text // a heading runs across the columns
				continue
			}
			if t.Columns[i].Grouped && r > 0 && row.Group != 0 && t.Rows[r-1].Group == row.Group {
				text = ""
			}
			cells[r][i] = text
			width[i] = max(width[i], utf8.RuneCountInString(text))
			right[i] = right[i] || c.Kind != coop.CellText
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s, %s\n\n", t.Title, branch, t.Period)
	line := func(texts []string) {
		var parts []string
		for i, s := range texts {
			pad := strings.Repeat(" ", max(0, width[i]-utf8.RuneCountInString(s)))
			if right[i] {
				parts = append(parts, pad+s)
			} else {
				parts = append(parts, s+pad)
			}
		}
		b.WriteString(strings.TrimRight(strings.Join(parts, "  "), " ") + "\n")
	}
	rule := func() {
		dashes := make([]string, len(width))
		for i, n := range width {
			dashes[i] = strings.Repeat("-", n)
		}
		line(dashes)
	}
	names := make([]string, len(t.Columns))
	for i, col := range t.Columns {
		names[i] = col.Name
	}
	line(names)
	rule()
	for r, row := range t.Rows {
		switch row.Kind {
		case coop.RowHeading:
			b.WriteString(cells[r][0] + "\n")
		case coop.RowTotal:
			if r > 0 && t.Rows[r-1].Kind == coop.RowLine {
				rule() // totals of lines; a section with none has only its total
			}
			line(cells[r])
		default:
			line(cells[r])
		}
	}
	if len(t.Notes) > 0 {
		b.WriteString("\n" + strings.Join(t.Notes, "\n") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
