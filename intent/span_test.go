package intent

import (
	"slices"
	"testing"
	"time"
)

func TestSpan(t *testing.T) {
	l := Default()
	today := time.Date(2026, 12, 3, 15, 0, 0, 0, time.FixedZone("WIB", 7*3600)) // a Thursday
	for in, want := range map[string]Span{
		"saldo soundbox minggu ini":   {From: day(2026, 11, 30), To: day(2026, 12, 7)},
		"soundbox pekan ini":          {From: day(2026, 11, 30), To: day(2026, 12, 7)},
		"omzet minggu lalu kak":       {From: day(2026, 11, 23), To: day(2026, 11, 30), Ago: 1},
		"soundbox minggu yang lalu":   {From: day(2026, 11, 23), To: day(2026, 11, 30), Ago: 1},
		"soundbox bulan ini":          {From: day(2026, 12, 1), To: day(2027, 1, 1), Month: true},
		"penjualan bulan lalu":        {From: day(2026, 11, 1), To: day(2026, 12, 1), Month: true, Ago: 1},
		"sales this week":             {From: day(2026, 11, 30), To: day(2026, 12, 7)},
		"soundbox last month":         {From: day(2026, 11, 1), To: day(2026, 12, 1), Month: true, Ago: 1},
		"saldo soundbox 2 bulan lalu": {From: day(2026, 10, 1), To: day(2026, 11, 1), Month: true, Ago: 2},
	} {
		got, ok := l.Span(in, today)
		if !ok || !got.From.Equal(want.From) || !got.To.Equal(want.To) || got.Month != want.Month || got.Ago != want.Ago {
			t.Errorf("Span(%q) = %+v, %v; want %+v", in, got, ok, want)
		}
	}
	for _, in := range []string{"soundbox", "saldo soundbox hari ini", "omzet kemarin", "minggu"} {
		if got, ok := l.Span(in, today); ok {
			t.Errorf("Span(%q) = %+v, want none", in, got)
		}
	}
}

// A merchant naming a week or month still asks for Saldo Soundbox.
func TestSpanKeepsTheService(t *testing.T) {
	l := Default()
	merchant := func(s string) bool { return s != "registrasi" && s != "info-koperasi" }
	for _, in := range []string{"saldo soundbox minggu ini", "soundbox bulan ini", "soundbox bulan lalu", "omzet minggu ini", "soundbox this month"} {
		g := l.Read(in).Guess(merchant)
		if !slices.Contains(g.Services, "saldo-soundbox") || len(g.Services) != 1 {
			t.Errorf("%q is read as %+v, want saldo-soundbox", in, g)
		}
	}
}

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.FixedZone("WIB", 7*3600))
}
