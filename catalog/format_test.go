package catalog

import (
	"testing"
	"time"
)

func TestChartAmount(t *testing.T) {
	for n, want := range map[int64][2]string{
		0:             {"Rp0", "Rp0"},
		500:           {"Rp500", "Rp500"},
		1_000:         {"Rp1 rb", "Rp1k"},
		250_000:       {"Rp250 rb", "Rp250k"},
		1_500_000:     {"Rp1,5 jt", "Rp1.5m"},
		1_250_000:     {"Rp1,25 jt", "Rp1.25m"},
		1_234_567:     {"Rp1,23 jt", "Rp1.23m"},
		2_005_000:     {"Rp2,01 jt", "Rp2.01m"}, // half up
		3_000_000_000: {"Rp3 M", "Rp3bn"},
	} {
		if got := For("id").ChartAmount(n); got != want[0] {
			t.Errorf("id ChartAmount(%d) = %q, want %q", n, got, want[0])
		}
		if got := For("en").ChartAmount(n); got != want[1] {
			t.Errorf("en ChartAmount(%d) = %q, want %q", n, got, want[1])
		}
	}
}

func TestSoundboxChartTexts(t *testing.T) {
	loc := time.FixedZone("WIB", 7*3600)
	monday := time.Date(2026, 11, 30, 0, 0, 0, 0, loc)
	week := SoundboxChart{Merchant: "WARUNG AGUS", From: monday, To: monday.AddDate(0, 0, 6), Takings: Takings{Count: 3, Total: 1_565_000}}
	month := SoundboxChart{Merchant: "WARUNG AGUS", Month: true, Ago: 1, From: time.Date(2026, 11, 1, 0, 0, 0, 0, loc),
		To: time.Date(2026, 11, 30, 0, 0, 0, 0, loc), Takings: Takings{Count: 1, Total: 25_000}}
	id, en := For("id"), For("en")
	for _, c := range []struct{ got, want string }{
		{id.SoundboxChartTitle(week), "Pemasukan QRIS minggu ini: Rp1.565.000"},
		{id.SoundboxChartSubtitle(week), "WARUNG AGUS · 30 Nov 2026 – 6 Des 2026 · 3 transaksi"},
		{id.SoundboxChartTitle(month), "Pemasukan QRIS bulan lalu: Rp25.000"},
		{id.SoundboxChartSubtitle(month), "WARUNG AGUS · November 2026 · 1 transaksi"},
		{id.SoundboxChartDay(monday, false), "Sen 30"},
		{id.SoundboxChartDay(monday, true), "30"},
		{en.SoundboxChartTitle(month), "QRIS takings last month: Rp25.000"},
		{en.SoundboxChartDay(monday.AddDate(0, 0, 6), false), "Sun 6"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
