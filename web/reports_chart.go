package web

import (
	"context"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// barChart is a column chart of rupiah amounts, drawn as SVG on the server (no script,
// no library), with its numbers also in a table for those who read rather than look.
type barChart struct {
	ID                              string // unique on the page: names its title and description
	Title                           string
	LabelHead, ValueHead, CountHead string // the table's column headings; CountHead "" for none
	Bars                            []chartBar
	words                           map[string]string
}

// chartBar is one bar: its short label under it, its full name, amount and count.
type chartBar struct {
	Label, Name string
	Value       int64
	Count       int
}

// The chart's drawing area, in the SVG's own units (it scales to the page's width).
const (
	chartWidth, chartHeight         = 640, 280
	chartLeft, chartRight, chartTop = 96, 8, 16
	chartBottom                     = 40
	chartPlotWidth                  = chartWidth - chartLeft - chartRight
	chartPlotHeight                 = chartHeight - chartTop - chartBottom
	chartMaxLabels                  = 16
	chartCharWidth                  = 6.5 // about, at the labels' size
)

// chartView is a chart ready for the page: its SVG and its table's rows.
type chartView struct {
	barChart
	SVG   template.HTML
	Empty bool // every amount is zero: said in words, not drawn as an empty axis
	Rows  []chartRow
}

// chartRow is one bar's figures as the table shows them.
type chartRow struct {
	Name, Value, Count string
}

// newChartView draws c and lays out its table.
func newChartView(c barChart) chartView {
	v := chartView{barChart: c, Empty: c.highest() == 0}
	if !v.Empty {
		v.SVG = template.HTML(c.svg()) // every text inside is escaped by svg
	}
	for _, b := range c.Bars {
		v.Rows = append(v.Rows, chartRow{Name: b.Name, Value: parse.Rupiah(b.Value), Count: strconv.Itoa(b.Count)})
	}
	return v
}

// highest is the largest amount of the bars (0 when none is above 0): the full height.
func (c barChart) highest() int64 {
	var top int64
	for _, b := range c.Bars {
		top = max(top, b.Value)
	}
	return top
}

// description says in words what the chart shows, for a screen reader.
func (c barChart) description() string {
	var total int64
	for _, b := range c.Bars {
		total += b.Value
	}
	return fmt.Sprintf(c.words["reports.chart.desc"], len(c.Bars), parse.Rupiah(total), parse.Rupiah(c.highest()))
}

// svg draws the chart: a bar per amount, its height proportional to it (the highest is the
// full height; nothing below 0 is drawn), each with a tooltip, the labels under them.
func (c barChart) svg() string {
	esc := template.HTMLEscapeString // escapes &, <, >, ' and ": enough for XML text and attributes
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc">`,
		chartWidth, chartHeight, c.ID, c.ID)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, c.ID, esc(c.Title), c.ID, esc(c.description()))
	top := c.highest()
	base := chartTop + chartPlotHeight
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, chartLeft, base, chartWidth-chartRight, base)
	fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%d" x2="%d" y2="%d"/>`, chartLeft, chartTop, chartWidth-chartRight, chartTop)
	fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d" text-anchor="end">%s</text>`, chartLeft-6, chartTop+4, esc(parse.Rupiah(top)))
	fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d" text-anchor="end">Rp0</text>`, chartLeft-6, base+4)
	if len(c.Bars) == 0 {
		b.WriteString(`</svg>`)
		return b.String()
	}
	slot := float64(chartPlotWidth) / float64(len(c.Bars))
	every := (len(c.Bars) + chartMaxLabels - 1) / chartMaxLabels
	for i, bar := range c.Bars {
		h := 0.0
		if top > 0 && bar.Value > 0 {
			h = float64(bar.Value) / float64(top) * chartPlotHeight
		}
		x := float64(chartLeft) + slot*float64(i)
		fmt.Fprintf(&b, `<rect class="bar" x="%.2f" y="%.2f" width="%.2f" height="%.2f" data-value="%d"><title>%s: %s</title></rect>`,
			x+slot*0.15, float64(base)-h, slot*0.7, h, bar.Value, esc(bar.Name), esc(parse.Rupiah(bar.Value)))
		if i%every == 0 {
			fmt.Fprintf(&b, `<text class="label" x="%.2f" y="%d" text-anchor="middle">%s</text>`, x+slot/2, base+16, esc(shortLabel(bar.Label, int(slot*float64(every)/chartCharWidth))))
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// shortLabel keeps a label to room characters, enough to sit under its bar (the full
// name is in the bar's tooltip and the table).
func shortLabel(s string, room int) string {
	room = max(room, 3)
	if utf8.RuneCountInString(s) <= room {
		return s
	}
	return string([]rune(s)[:room-1]) + "…"
}

// reportCharts are the reports with charts: each computes its report once and gives the
// table (the same coop.Table the CLI prints) and the charts drawn from the same figures.
var reportCharts = map[string]func(ctx context.Context, tx *store.Tx, o *coop.Office, p coop.Period, t map[string]string) (coop.Table, []barChart, error){
	"loans":   loansCharts,
	"arrears": arrearsCharts,
	"qris":    takingsCharts,
}

// loansCharts is the loan portfolio: principal owed at the period's end by product.
func loansCharts(ctx context.Context, tx *store.Tx, _ *coop.Office, p coop.Period, t map[string]string) (coop.Table, []barChart, error) {
	r, err := coop.ReportLoans(ctx, tx, p)
	if err != nil {
		return coop.Table{}, nil, err
	}
	c := barChart{ID: "chart-portfolio", Title: t["reports.chart.portfolio"], LabelHead: t["reports.chart.product"],
		ValueHead: t["reports.chart.outstanding"], CountHead: t["reports.chart.loans"], words: t}
	index := map[string]int{}
	for _, g := range r.Groups {
		i, ok := index[g.ProductCode]
		if !ok {
			i, index[g.ProductCode] = len(c.Bars), len(c.Bars)
			c.Bars = append(c.Bars, chartBar{Label: g.ProductCode, Name: strings.TrimSpace(g.ProductCode + " " + g.ProductName)})
		}
		c.Bars[i].Value += g.Outstanding
		if g.Status == store.LoanActive {
			c.Bars[i].Count += g.Loans
		}
	}
	return r.Table(), []barChart{c}, nil
}

// arrearsCharts is the active loans by collectibility grade: principal owed in each, and
// what is overdue in each.
func arrearsCharts(ctx context.Context, tx *store.Tx, o *coop.Office, p coop.Period, t map[string]string) (coop.Table, []barChart, error) {
	r, err := coop.ReportArrears(ctx, tx, p, o.LateFeeBP, nil)
	if err != nil {
		return coop.Table{}, nil, err
	}
	owed := barChart{ID: "chart-arrears", Title: t["reports.chart.arrears"], LabelHead: t["reports.chart.grade"],
		ValueHead: t["reports.chart.overdue"], CountHead: t["reports.chart.inarrears"], words: t}
	outstanding := barChart{ID: "chart-grades", Title: t["reports.chart.grades"], LabelHead: t["reports.chart.grade"],
		ValueHead: t["reports.chart.outstanding"], CountHead: t["reports.chart.loans"], words: t}
	for i, g := range r.Grades {
		label := fmt.Sprintf("%d %s", i+1, t["reports.gradeshort."+string(g.Grade)])
		name := fmt.Sprintf("%d. %s", i+1, t["reports.grade."+string(g.Grade)])
		owed.Bars = append(owed.Bars, chartBar{Label: label, Name: name, Value: g.Owed(), Count: len(g.InArrears)})
		outstanding.Bars = append(outstanding.Bars, chartBar{Label: label, Name: name, Value: g.Outstanding, Count: g.Loans})
	}
	return r.Table(), []barChart{owed, outstanding}, nil
}

// takingsCharts is the QRIS takings (the soundboxes' payments) of each day of the period.
func takingsCharts(ctx context.Context, tx *store.Tx, _ *coop.Office, p coop.Period, t map[string]string) (coop.Table, []barChart, error) {
	r, err := coop.ReportQRIS(ctx, tx, p)
	if err != nil {
		return coop.Table{}, nil, err
	}
	days, err := coop.ReportTakingsByDay(ctx, tx, p)
	if err != nil {
		return coop.Table{}, nil, err
	}
	c := barChart{ID: "chart-takings", Title: t["reports.chart.takings"], LabelHead: t["reports.chart.day"],
		ValueHead: t["reports.chart.taken"], CountHead: t["reports.chart.payments"], words: t}
	for _, d := range days {
		c.Bars = append(c.Bars, chartBar{Label: d.Day.Format("02/01"), Name: d.Day.Format("2006-01-02"), Value: d.Total, Count: int(d.Count)})
	}
	return r.Table(), []barChart{c}, nil
}
