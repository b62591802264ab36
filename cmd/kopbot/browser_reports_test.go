package main

import (
	"context"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/bot/fakewa"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/web/browsertest"
)

// The reports on screen, on demo data in a real kopbot serve: every report shows coop's
// figures (what kopbot report prints), the balance sheet says it balances, the arrears
// report draws its charts; a teller sees their cash report and is refused a manager's.
func TestBrowserReports(t *testing.T) {
	srv := fakewa.New(t)
	configureWhatsApp = srv.Configure
	t.Cleanup(func() { configureWhatsApp = nil })
	config := waConfig(t)
	addTestStaff(t, config, "tari", "teller", "-branches", "pusat")
	base := "http://" + serveInProcess(t, config)
	app, err := openApp(context.Background(), commonFlags{config: config}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	loc := app.Config.Location()
	today := app.Now().In(loc)
	ahead := today.AddDate(0, 4, 0) // the demo loan's next installments fall due and into arrears

	p := browsertest.OpenURL(t, base)
	p.SignIn("admin", testStaffPassword)
	for _, kind := range coop.ReportKinds {
		to := today
		if kind.Name == "arrears" {
			to = ahead
		}
		p.Go("/reports?name=" + kind.Name + "&branch=pusat&to=" + to.Format(time.DateOnly))
		p.Wait("#report-table")
		table := reportOnDemo(t, app, kind, time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, loc), to)
		p.WaitText("#report h2", table.Title)
		wantScreenRows(t, kind.Name, p.Text("#report-table tbody"), table)
		for _, note := range table.Notes {
			p.WaitText("#report", note)
		}
		p.Screenshot("report-" + kind.Name)
	}

	p.Go("/reports?name=balance-sheet&branch=pusat")
	p.WaitText(".balances.ok", "neraca seimbang")
	p.Screenshot("balance-sheet")

	p.Go("/reports?name=arrears&branch=pusat&to=" + ahead.Format(time.DateOnly))
	p.Wait("#chart-arrears svg rect.bar")
	p.Wait("#chart-grades svg rect.bar")
	arrears := arrearsOnDemo(t, app, ahead)
	p.Click("#chart-arrears details summary")
	figures := p.WaitText("#chart-arrears table", parse.Rupiah(arrears.Grades[0].Owed()))
	if arrears.Grades[0].Owed() == 0 {
		t.Errorf("the demo loan owes nothing by %s: the chart shows nothing", ahead.Format(time.DateOnly))
	}
	for _, g := range arrears.Grades {
		if !strings.Contains(figures, parse.Rupiah(g.Owed())) {
			t.Errorf("the arrears chart's figures lack %s's %s:\n%s", g.Grade, parse.Rupiah(g.Owed()), figures)
		}
	}
	p.Screenshot("arrears-with-chart")

	p.Fill("#from", "31-02-2026")
	p.Click(`form[action="/reports"] button[type=submit]`)
	p.WaitText(".error", "Tulis tanggal seperti 2026-12-01 atau 01-12-2026")
	p.Screenshot("bad-date")

	teller := browsertest.OpenURL(t, base)
	teller.SignIn("tari", testStaffPassword)
	teller.Go("/reports")
	teller.WaitText("#report h2", "Laporan kas teller")
	teller.WaitText("#report", today.Format("02-01-2006"))
	teller.Screenshot("teller-own-cash")
	teller.Go("/reports?name=balance-sheet&branch=pusat")
	teller.WaitText("main", "Peran atau cabang Anda tidak mencakup halaman ini")
	teller.Screenshot("teller-refused")
}

// onDemo runs report on branch pusat's days from to to in a read transaction of the demo database.
func onDemo(t *testing.T, app *App, from, to time.Time, report func(ctx context.Context, tx *store.Tx, p coop.Period) error) {
	t.Helper()
	p, err := coop.NewPeriod("pusat", from, to, app.Config.Location())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := app.DB.View(ctx, func(tx *store.Tx) error { return report(ctx, tx, p) }); err != nil {
		t.Fatal(err)
	}
}

// reportOnDemo is a report of branch pusat as coop computes it, what kopbot report prints.
func reportOnDemo(t *testing.T, app *App, kind coop.ReportKind, from, to time.Time) (table coop.Table) {
	t.Helper()
	onDemo(t, app, from, to, func(ctx context.Context, tx *store.Tx, p coop.Period) (err error) {
		table, err = kind.Table(ctx, tx, app.Office, p, nil)
		return err
	})
	return table
}

// arrearsOnDemo is the arrears of branch pusat on day, as coop computes them.
func arrearsOnDemo(t *testing.T, app *App, day time.Time) (a coop.Arrears) {
	t.Helper()
	onDemo(t, app, day, day, func(ctx context.Context, tx *store.Tx, p coop.Period) (err error) {
		a, err = coop.ReportArrears(ctx, tx, p, app.Office.LateFeeBP, nil)
		return err
	})
	return a
}

// wantScreenRows checks every row of coop's table is on the screen, amounts as Rp1.250.000.
func wantScreenRows(t *testing.T, name, screen string, table coop.Table) {
	t.Helper()
	screen = strings.Join(strings.Fields(screen), " ")
	for _, row := range table.Rows {
		var texts []string
		for i, c := range row.Cells {
			if row.Group != 0 && table.Columns[i].Grouped {
				continue // a journal's shared columns show on the transaction's first row only: not checked
			}
			switch c.Kind {
			case coop.CellMoney:
				texts = append(texts, parse.Rupiah(c.N))
			case coop.CellCount:
				texts = append(texts, strconv.FormatInt(c.N, 10))
			default:
				texts = append(texts, c.Text)
			}
		}
		want := strings.Join(strings.Fields(strings.Join(texts, " ")), " ")
		if !strings.Contains(screen, want) {
			t.Errorf("%s: the screen lacks the row %q:\n%s", name, want, screen)
		}
	}
}
