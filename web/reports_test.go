package web

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"html"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// newReportsServer is a test server with the demo members in branch pusat (a loan, savings,
// a time deposit), QRIS payments to the demo merchant over the last days, and the office's
// late fee, so every report has figures.
func newReportsServer(t *testing.T) *Server {
	t.Helper()
	s, _ := newTestServer(t)
	s.Office = &coop.Office{DB: s.DB, Now: s.Now, Location: wib, LateFeeBP: 10}
	ctx := context.Background()
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SyncDemoSetup(ctx); err != nil {
			return err
		}
		return tx.SyncBranch(ctx, store.Branch{ID: "bogor", Code: "02", Name: "Cabang Bogor"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB.SeedDemo(ctx, "pusat", testNow, ""); err != nil {
		t.Fatal(err)
	}
	reportsPayQRIS(t, s.DB, []int64{25_000, 40_000, 0, 1_500_000, 10_000})
	return s
}

// reportsPayQRIS pays the demo merchant (Agus) amounts[i] by QRIS i days before testNow's day (0: none).
func reportsPayQRIS(t *testing.T, db *store.DB, amounts []int64) {
	t.Helper()
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		agus, err := tx.MemberByPhone(ctx, "6281200000003")
		if err != nil {
			return err
		}
		accounts, err := tx.AccountsOfMember(ctx, agus.ID, store.AccountSavings)
		if err != nil {
			return err
		}
		for i, amount := range amounts {
			if amount == 0 {
				continue
			}
			at := testNow.AddDate(0, 0, -i).Add(-time.Hour)
			inv, err := tx.CreateInvoice(ctx, store.Invoice{Ref: fmt.Sprintf("QR-%06d", i+1), Branch: "pusat", MemberID: agus.ID,
				AccountID: accounts[0].ID, Amount: amount, ValidUntil: at.Add(time.Hour), CreatedAt: at})
			if err != nil {
				return err
			}
			if err := tx.MarkInvoicePaid(ctx, inv.ID, fmt.Sprintf("T%d", i), "ANI", "GOPAY", at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// reportsCoopTable is the report as coop computes it (what kopbot report prints).
func reportsCoopTable(t *testing.T, s *Server, name, branch string, from, to time.Time) coop.Table {
	t.Helper()
	kind, ok := coop.ReportKindNamed(name)
	if !ok {
		t.Fatalf("no report %s", name)
	}
	p, err := coop.NewPeriod(branch, from, to, wib)
	if err != nil {
		t.Fatal(err)
	}
	var table coop.Table
	ctx := context.Background()
	if err := s.DB.View(ctx, func(tx *store.Tx) (err error) { table, err = kind.Table(ctx, tx, s.Office, p, nil); return }); err != nil {
		t.Fatal(err)
	}
	return table
}

var (
	reportFrom = time.Date(2026, time.February, 1, 0, 0, 0, 0, wib)
	reportTo   = time.Date(2026, time.June, 30, 0, 0, 0, 0, wib) // ahead: the demo loan's installments fall into arrears
)

// Every report on screen shows every figure of coop's table, the same way, and the
// balances line under it.
func TestReportsPageShowsCoopFigures(t *testing.T) {
	s := newReportsServer(t)
	for _, kind := range coop.ReportKinds {
		target := "/reports?name=" + kind.Name + "&branch=pusat&from=2026-02-01&to=30-06-2026"
		w := getOK(t, s, target)
		body := w.Body.String()
		table := reportsCoopTable(t, s, kind.Name, "pusat", reportFrom, reportTo)
		wantBody(t, w, reportsHTML(table.Title), reportsHTML(table.Period), "Kantor Pusat (pusat)",
			`href="/reports/`+kind.Name+`.csv?branch=pusat&amp;from=2026-02-01&amp;to=30-06-2026"`)
		figures := 0
		for _, row := range table.Rows {
			for _, c := range row.Cells {
				if c.Kind == coop.CellText {
					continue
				}
				figures++
				if want := ">" + reportCellText(c) + "</td>"; !strings.Contains(body, want) {
					t.Errorf("%s: the page lacks %s", kind.Name, want)
				}
			}
		}
		for _, n := range table.Notes {
			wantBody(t, w, reportsHTML(n))
		}
		if figures == 0 && kind.Name != "members" {
			t.Errorf("%s has no figures on demo data: the test shows nothing", kind.Name)
		}
	}
	// The balance sheet balances, and says so.
	wantBody(t, getOK(t, s, "/reports?name=balance-sheet&branch=pusat"), `class="balances ok">Aset = kewajiban &#43; ekuitas: neraca seimbang.`)
}

// The CSV download is what kopbot report -csv writes, as an attachment.
func TestReportsCSVIsTheCLIs(t *testing.T) {
	s := newReportsServer(t)
	for _, name := range []string{"balance-sheet", "arrears", "qris", "journal"} {
		w := getOK(t, s, "/reports/"+name+".csv?branch=pusat&from=2026-02-01&to=2026-06-30")
		var want bytes.Buffer
		if err := reportsCoopTable(t, s, name, "pusat", reportFrom, reportTo).WriteCSV(&want); err != nil {
			t.Fatal(err)
		}
		if w.Body.String() != want.String() {
			t.Errorf("%s.csv:\n%s\nwant:\n%s", name, w.Body.String(), want.String())
		}
		wantHeader(t, w, "Content-Type", "text/csv; charset=utf-8")
		wantHeader(t, w, "Content-Disposition", `attachment; filename="kopbot-`+name+`-pusat-20260201-20260630.csv"`)
	}
	// Every branch together, for an admin.
	w := getOK(t, s, "/reports/qris.csv?from=2026-02-01&to=2026-03-02")
	if !strings.Contains(w.Body.String(), "\nJumlah,1 merchant,4,1575000\n") {
		t.Errorf("the QRIS takings of every branch:\n%s", w.Body.String())
	}
	wantHeader(t, w, "Content-Disposition", `attachment; filename="kopbot-qris-semua-20260201-20260302.csv"`)
	wantStatus(t, get(t, s, "/reports/nosuch.csv"), http.StatusNotFound)
	wantStatus(t, get(t, s, "/reports/balance-sheet"), http.StatusNotFound)
}

// A manager sees their own branches' reports; a teller only their branch's teller report
// of today; what else they ask for is 403, and its CSV too.
func TestReportsRoles(t *testing.T) {
	s := newReportsServer(t)
	addStaff(t, s, "tari", store.RoleTeller, "pusat")
	addStaff(t, s, "mira", store.RoleManager, "pusat")
	teller, manager := signIn(t, s, "tari"), signIn(t, s, "mira")

	w := getAs(t, s, teller, "/reports")
	wantStatus(t, w, http.StatusOK)
	wantBody(t, w, "Laporan kas teller", "02-03-2026", `href="/reports/teller.csv?branch=pusat&amp;from=2026-03-02&amp;to=2026-03-02"`)
	wantNoBody(t, w, `name="from"`, "Neraca saldo")
	wantStatus(t, getAs(t, s, teller, "/reports?name=teller&branch=pusat&from=2026-03-02&to=2026-03-02"), http.StatusOK)
	wantStatus(t, getAs(t, s, teller, "/reports/teller.csv"), http.StatusOK)
	for _, target := range []string{
		"/reports?name=balance-sheet", "/reports/balance-sheet.csv", "/reports?name=arrears&branch=pusat",
		"/reports?name=teller&branch=bogor", "/reports/teller.csv?branch=bogor",
		"/reports?name=teller&from=2026-03-01", "/reports/teller.csv?to=2026-03-03",
	} {
		if w := getAs(t, s, teller, target); w.Code != http.StatusForbidden {
			t.Errorf("a teller opened %s: %d", target, w.Code)
		}
	}

	w = getAs(t, s, manager, "/reports?name=arrears")
	wantStatus(t, w, http.StatusOK)
	wantBody(t, w, "Tunggakan per kolektibilitas", "Kantor Pusat (pusat)", `id="chart-arrears"`)
	wantNoBody(t, w, "semua cabang")
	for _, target := range []string{"/reports?name=arrears&branch=bogor", "/reports/arrears.csv?branch=bogor"} {
		if w := getAs(t, s, manager, target); w.Code != http.StatusForbidden {
			t.Errorf("pusat's manager opened %s: %d", target, w.Code)
		}
	}
	// The admin sees every branch together.
	wantBody(t, getOK(t, s, "/reports?name=members"), "every branch")
}

// Days that are not days say how to write them; nothing is computed.
func TestReportsBadDates(t *testing.T) {
	s := newReportsServer(t)
	w := get(t, s, "/reports?name=income&from=31-31-2026")
	wantStatus(t, w, http.StatusBadRequest)
	wantBody(t, w, "&#34;31-31-2026&#34; is not a day. Write days like 2026-12-01 or 01-12-2026.", `value="31-31-2026"`)
	wantNoBody(t, w, `id="report-table"`)
	w = getIn(t, s, "id", "/reports?name=income&from=2026-03-02&to=2026-03-01")
	wantStatus(t, w, http.StatusBadRequest)
	wantBody(t, w, "Tanggal akhir sebelum tanggal awal")
	w = get(t, s, "/reports/income.csv?to=kemarin")
	wantStatus(t, w, http.StatusBadRequest)
	wantBody(t, w, "Write days like 2026-12-01")
	w = get(t, s, "/reports?name=laba")
	wantStatus(t, w, http.StatusNotFound)
	wantBody(t, w, "There is no report &#34;laba&#34;")
}

// svgRect is a bar of a chart as encoding/xml reads it.
type svgRect struct {
	Class  string  `xml:"class,attr"`
	Height float64 `xml:"height,attr"`
	Value  int64   `xml:"data-value,attr"`
	Title  string  `xml:"title"`
}

// svgChart is the chart as encoding/xml reads it.
type svgChart struct {
	XMLName xml.Name  `xml:"svg"`
	Title   string    `xml:"title"`
	Desc    string    `xml:"desc"`
	Rects   []svgRect `xml:"rect"`
	Texts   []string  `xml:"text"`
}

// reportsParseChart reads a chart's SVG, which must be well-formed XML.
func reportsParseChart(t *testing.T, svg string) svgChart {
	t.Helper()
	var c svgChart
	if err := xml.Unmarshal([]byte(svg), &c); err != nil {
		t.Fatalf("the chart is no SVG: %v\n%s", err, svg)
	}
	return c
}

// wantProportional checks every bar's height is its figure's share of the highest's.
func wantProportional(t *testing.T, c svgChart, want []int64) {
	t.Helper()
	if len(c.Rects) != len(want) {
		t.Fatalf("%d bars, want %d", len(c.Rects), len(want))
	}
	var top int64
	for _, v := range want {
		top = max(top, v)
	}
	for i, r := range c.Rects {
		wantHeight := 0.0
		if top > 0 && want[i] > 0 {
			wantHeight = float64(want[i]) / float64(top) * chartPlotHeight
		}
		if r.Value != want[i] || math.Abs(r.Height-wantHeight) > 0.01 {
			t.Errorf("bar %d: Rp%d %.2f high, want Rp%d %.2f high", i, r.Value, r.Height, want[i], wantHeight)
		}
	}
}

func TestChartBarsAreProportional(t *testing.T) {
	c := barChart{ID: "c", Title: `Sisa pokok <"A&B">`, words: staffWords["en"], Bars: []chartBar{
		{Label: "PU", Name: "PU Pinjaman <umum>", Value: 10_000_000},
		{Label: "PM", Name: "PM Pinjaman mikro", Value: 2_500_000},
		{Label: "nothing", Name: "none", Value: 0},
		{Label: "a label much too long to fit under its bar", Name: "long", Value: 7_499_999},
		{Label: "minus", Name: "minus", Value: -5},
	}}
	svg := reportsParseChart(t, c.svg())
	if svg.Title != `Sisa pokok <"A&B">` || svg.Desc != "5 bars; total Rp19.999.994; highest Rp10.000.000. The figures are in the table below the chart." {
		t.Errorf("title %q, desc %q", svg.Title, svg.Desc)
	}
	want := []int64{10_000_000, 2_500_000, 0, 7_499_999, -5}
	wantProportional(t, svg, want)
	if svg.Rects[0].Height != chartPlotHeight || svg.Rects[4].Height != 0 {
		t.Errorf("the highest bar is %.2f high, the one below 0 %.2f", svg.Rects[0].Height, svg.Rects[4].Height)
	}
	if svg.Rects[0].Title != "PU Pinjaman <umum>: Rp10.000.000" {
		t.Errorf("the first bar's tooltip is %q", svg.Rects[0].Title)
	}
	if !strings.Contains(strings.Join(svg.Texts, "|"), "|a label much to…|") {
		t.Errorf("labels %q", svg.Texts)
	}
	// No bars, or none above 0, is an empty chart, not a division by zero.
	reportsParseChart(t, barChart{ID: "e", words: staffWords["id"]}.svg())
	wantProportional(t, reportsParseChart(t, barChart{ID: "z", words: staffWords["id"], Bars: []chartBar{{Value: 0}, {Value: 0}}}.svg()), []int64{0, 0})
}

// reportsChartOf is the SVG of the chart id on a page.
func reportsChartOf(t *testing.T, body, id string) svgChart {
	t.Helper()
	_, after, ok := strings.Cut(body, `<figure class="card reports-chart" id="`+id+`">`)
	start, end := strings.Index(after, "<svg"), strings.Index(after, "</svg>")
	if !ok || start < 0 || end < start {
		t.Fatalf("no chart %s on the page:\n%s", id, body)
	}
	return reportsParseChart(t, after[start:end+len("</svg>")])
}

// A chart whose amounts are all zero (no arrears before the demo loan falls due) says so in
// words instead of drawing an axis from Rp0 to Rp0; its table of figures stays.
func TestReportsChartWithNothingToDrawSaysSo(t *testing.T) {
	s := newReportsServer(t)
	ctx := context.Background()
	early := reportFrom.AddDate(0, 0, 1)
	p, err := coop.NewPeriod("pusat", reportFrom, early, wib)
	if err != nil {
		t.Fatal(err)
	}
	err = s.DB.View(ctx, func(tx *store.Tx) error {
		arrears, err := coop.ReportArrears(ctx, tx, p, s.Office.LateFeeBP, nil)
		for _, g := range arrears.Grades {
			if g.Owed() != 0 {
				t.Fatalf("the demo loan owes %d in grade %v already on %s: pick an earlier period", g.Owed(), g, early)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	body := getOK(t, s, "/reports?name=arrears&branch=pusat&from=2026-02-01&to=2026-02-02").Body.String()
	_, figure, _ := strings.Cut(body, `<figure class="card reports-chart" id="chart-arrears">`)
	figure, _, _ = strings.Cut(figure, "</figure>")
	if strings.Contains(figure, "<svg") || !strings.Contains(figure, "Every figure of this chart is Rp0 in this period: nothing to draw.") ||
		!strings.Contains(figure, "<td>1. current (lancar)</td>") {
		t.Errorf("the arrears chart with no arrears should say so in words and keep its table:\n%s", figure)
	}
}

// The charts on the pages draw coop's figures: the portfolio by product, arrears by
// grade, QRIS takings by day.
func TestReportsChartsDrawCoopFigures(t *testing.T) {
	s := newReportsServer(t)
	ctx := context.Background()
	p, err := coop.NewPeriod("pusat", reportFrom, reportTo, wib)
	if err != nil {
		t.Fatal(err)
	}
	var arrears coop.Arrears
	var loans coop.LoanPortfolio
	var days []coop.DayTakings
	err = s.DB.View(ctx, func(tx *store.Tx) (err error) {
		if arrears, err = coop.ReportArrears(ctx, tx, p, s.Office.LateFeeBP, nil); err != nil {
			return err
		}
		if loans, err = coop.ReportLoans(ctx, tx, p); err != nil {
			return err
		}
		march, _ := coop.NewPeriod("pusat", testNow.AddDate(0, 0, -6), testNow, wib)
		days, err = coop.ReportTakingsByDay(ctx, tx, march)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	body := getOK(t, s, "/reports?name=arrears&branch=pusat&from=2026-02-01&to=2026-06-30").Body.String()
	var owed, outstanding []int64
	for _, g := range arrears.Grades {
		owed, outstanding = append(owed, g.Owed()), append(outstanding, g.Outstanding)
	}
	if owed[0] == 0 {
		t.Fatalf("the demo loan owes nothing by June: the chart test shows nothing")
	}
	wantProportional(t, reportsChartOf(t, body, "chart-arrears"), owed)
	wantProportional(t, reportsChartOf(t, body, "chart-grades"), outstanding)
	for _, want := range []string{"1. current (lancar)", "2. special mention (dalam perhatian khusus)", "5. loss (macet)"} {
		if !strings.Contains(body, "<td>"+want+"</td>") {
			t.Errorf("the arrears chart's table lacks %s", want)
		}
	}

	body = getOK(t, s, "/reports?name=loans&branch=pusat&from=2026-02-01&to=2026-06-30").Body.String()
	var total int64
	for _, g := range loans.Groups {
		total += g.Outstanding
	}
	wantProportional(t, reportsChartOf(t, body, "chart-portfolio"), []int64{total}) // the demo has one loan product

	body = getOK(t, s, "/reports?name=qris&branch=pusat&from=2026-02-24&to=2026-03-02").Body.String()
	var taken []int64
	for _, d := range days {
		taken = append(taken, d.Total)
	}
	if fmt.Sprint(taken) != "[0 0 10000 1500000 0 40000 25000]" {
		t.Errorf("the takings by day are %v", taken)
	}
	c := reportsChartOf(t, body, "chart-takings")
	wantProportional(t, c, taken)
	if c.Rects[3].Title != "2026-02-27: Rp1.500.000" {
		t.Errorf("the fourth day's tooltip is %q", c.Rects[3].Title)
	}
	if !strings.Contains(body, `<td class="num">`+strconv.Itoa(1)+`</td>`) {
		t.Errorf("the takings' table lacks the payments' count")
	}
}

// reportsHTML is s as the pages' templates write it.
func reportsHTML(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "+", "&#43;")
}
