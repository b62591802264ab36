package parse

import (
	"testing"
	"time"
	_ "time/tzdata" // Asia/Jakarta and America/Sao_Paulo even on hosts without zoneinfo
)

func mustLoad(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

var dateOK = []struct {
	in      string
	y, m, d int
}{
	{"17-08-1990", 1990, 8, 17},
	{"17/08/1990", 1990, 8, 17},
	{"17.08.1990", 1990, 8, 17},
	{"17-8-1990", 1990, 8, 17},
	{"7/8/1990", 1990, 8, 7},
	{"17 08 1990", 1990, 8, 17},
	{"17 - 08 - 1990", 1990, 8, 17},
	{"1990-08-17", 1990, 8, 17},
	{"1990/8/17", 1990, 8, 17},
	{"17 Agustus 1990", 1990, 8, 17},
	{"17 agustus 1990", 1990, 8, 17},
	{"17 AGUSTUS 1990", 1990, 8, 17},
	{"17 Agt 1990", 1990, 8, 17},
	{"17 agt 1990", 1990, 8, 17},
	{"17 Ags 1990", 1990, 8, 17},
	{"17 Agst 1990", 1990, 8, 17},
	{"17 Aug 1990", 1990, 8, 17},
	{"17 August 1990", 1990, 8, 17},
	{"17-agu-1990", 1990, 8, 17},
	{"17 Agu 1990", 1990, 8, 17},
	{"17 Agu. 1990", 1990, 8, 17},
	{"17agustus1990", 1990, 8, 17},
	{"  17 Agustus 1990  ", 1990, 8, 17},
	{"1 Januari 2000", 2000, 1, 1},
	{"1 Jan 2000", 2000, 1, 1},
	{"1 January 2000", 2000, 1, 1},
	{"2 Februari 2000", 2000, 2, 2},
	{"2 Pebruari 2000", 2000, 2, 2},
	{"2 Feb 2000", 2000, 2, 2},
	{"2 Peb 2000", 2000, 2, 2},
	{"2 February 2000", 2000, 2, 2},
	{"3 Maret 2000", 2000, 3, 3},
	{"3 Mar 2000", 2000, 3, 3},
	{"3 Mrt 2000", 2000, 3, 3},
	{"3 March 2000", 2000, 3, 3},
	{"4 April 2000", 2000, 4, 4},
	{"4 Apr 2000", 2000, 4, 4},
	{"5 Mei 2000", 2000, 5, 5},
	{"5 May 2000", 2000, 5, 5},
	{"6 Juni 2000", 2000, 6, 6},
	{"6 Jun 2000", 2000, 6, 6},
	{"6 June 2000", 2000, 6, 6},
	{"7 Juli 2000", 2000, 7, 7},
	{"7 Jul 2000", 2000, 7, 7},
	{"7 July 2000", 2000, 7, 7},
	{"9 September 2000", 2000, 9, 9},
	{"9 Sep 2000", 2000, 9, 9},
	{"9 Sept 2000", 2000, 9, 9},
	{"10 Oktober 2000", 2000, 10, 10},
	{"10 Okt 2000", 2000, 10, 10},
	{"10 Oct 2000", 2000, 10, 10},
	{"10 October 2000", 2000, 10, 10},
	{"11 November 2000", 2000, 11, 11},
	{"11 Nov 2000", 2000, 11, 11},
	{"11 Nop 2000", 2000, 11, 11},
	{"11 Nopember 2000", 2000, 11, 11},
	{"12 Desember 2000", 2000, 12, 12},
	{"12 Des 2000", 2000, 12, 12},
	{"12 Dec 2000", 2000, 12, 12},
	{"12 December 2000", 2000, 12, 12},
	{"29-02-1992", 1992, 2, 29},
	{"29-02-2000", 2000, 2, 29},
	{"31-12-2100", 2100, 12, 31},
	{"01-01-1900", 1900, 1, 1},
}

func TestDate(t *testing.T) {
	for _, loc := range []*time.Location{time.UTC, mustLoad(t, "Asia/Jakarta")} {
		for _, tc := range dateOK {
			got, err := Date(tc.in, loc)
			want := time.Date(tc.y, time.Month(tc.m), tc.d, 0, 0, 0, 0, loc)
			if err != nil || !got.Equal(want) || got.Location() != loc {
				t.Errorf("Date(%q, %s) = %v, %v; want %v", tc.in, loc, got, err, want)
			}
		}
	}
}

var dateBad = []badInput{
	{"", "want day, month and year"},
	{"abc", "want day, month and year"},
	{"17-08", "want day, month and year"},
	{"17-08-90", "4 digits"},
	{"17 Agustus 90", "4 digits"},
	{"17-08-990", "4 digits"},
	{"17-08-19900", "4 digits"},
	{"31-02-1990", "February 1990 has only 28 days"},
	{"29-02-1991", "February 1991 has only 28 days"},
	{"29-02-1900", "February 1900 has only 28 days"},
	{"31-04-2000", "April 2000 has only 30 days"},
	{"00-01-2000", "day"},
	{"32-01-2000", "day"},
	{"100-01-2000", "4 digits"},
	{"17-00-1990", "month"},
	{"17-13-1990", "month"},
	{"17-123-1990", "month"},
	{"17 Foo 1990", `unknown month "foo"`},
	{"17 Agustusan 1990", "unknown month"},
	{"31-12-1899", "between 1900 and 2100"},
	{"01-01-2101", "between 1900 and 2100"},
	{"17-08-1990 abc", `unexpected "abc"`},
	{"17-08-1990 12", "unexpected"},
	{"17-08-1990x", "unexpected"},
	{"17-08-1990-", "unexpected"},
	{"17-08-1990.", "unexpected"},
	{"-17-08-1990", "unexpected"},
	{"17--08--1990", "unexpected"},
	{"17-08/1990", "mixed separators"},
	{"17,08,1990", "unexpected character"},
	{"17_08_1990", "unexpected character"},
	{"Agustus 17 1990", "want day, month and year"},
	{"17 1990 Agustus", "want day, month and year"},
	{"Senin 17 Agustus 1990", "unexpected"},
	{"١٧-٠٨-١٩٩٠", "unexpected character"},
	{"\xff", "unexpected character"},
}

func TestDateRejects(t *testing.T) {
	loc := mustLoad(t, "Asia/Jakarta")
	checkRejects(t, "date", dateBad, func(s string) (time.Time, error) { return Date(s, loc) })
}

func TestDateNilLocation(t *testing.T) {
	if _, err := Date("17-08-1990", nil); err == nil {
		t.Error("Date with nil location: want error")
	}
	if _, err := Month("11-2026", nil); err == nil {
		t.Error("Month with nil location: want error")
	}
}

// Some zones skip midnight on the day a clock change happens; the day then
// starts at the end of the gap, never on the day before.
func TestDateSkippedMidnight(t *testing.T) {
	for _, tc := range []struct {
		zone, in, want string
	}{
		{"Asia/Jakarta", "01-11-1932", "1932-11-01T00:10:00+07:30"},
		{"Asia/Jakarta", "23-03-1942", "1942-03-23T01:30:00+09:00"},
		{"America/Sao_Paulo", "04-11-2018", "2018-11-04T01:00:00-02:00"},
	} {
		got, err := Date(tc.in, mustLoad(t, tc.zone))
		if err != nil || got.Format(time.RFC3339) != tc.want {
			t.Errorf("Date(%q, %s) = %v, %v; want %s", tc.in, tc.zone, got, err, tc.want)
		}
	}
	// Samoa skipped 30 December 2011 entirely.
	if got, err := Date("30-12-2011", mustLoad(t, "Pacific/Apia")); err == nil {
		t.Errorf("Date in a skipped day = %v, want error", got)
	}
}

var monthOK = []struct {
	in   string
	y, m int
}{
	{"11-2026", 2026, 11},
	{"11/2026", 2026, 11},
	{"11.2026", 2026, 11},
	{"1-2026", 2026, 1},
	{"01/2026", 2026, 1},
	{"2026-11", 2026, 11},
	{"2026/1", 2026, 1},
	{"nov 2026", 2026, 11},
	{"Nov. 2026", 2026, 11},
	{"November 2026", 2026, 11},
	{"Nopember 2026", 2026, 11},
	{"des 2026", 2026, 12},
	{"DESEMBER 2026", 2026, 12},
	{"agt-2026", 2026, 8},
	{"  mei 2026 ", 2026, 5},
}

func TestMonth(t *testing.T) {
	loc := mustLoad(t, "Asia/Jakarta")
	for _, tc := range monthOK {
		got, err := Month(tc.in, loc)
		want := time.Date(tc.y, time.Month(tc.m), 1, 0, 0, 0, 0, loc)
		if err != nil || !got.Equal(want) || got.Location() != loc {
			t.Errorf("Month(%q) = %v, %v; want %v", tc.in, got, err, want)
		}
	}
}

var monthBad = []badInput{
	{"", "want month and year"},
	{"2026", "want month and year"},
	{"nov", "want month and year"},
	{"13-2026", "month"},
	{"0-2026", "month"},
	{"2026-13", "month"},
	{"2026-2026", "month"},
	{"11-26", "4 digits"},
	{"nov 26", "4 digits"},
	{"11-1899", "between 1900 and 2100"},
	{"foo 2026", "unknown month"},
	{"2026 nov", "want month and year"},
	{"11-2026 x", "unexpected"},
	{"17-11-2026", "unexpected"},
	{"11-2026-", "unexpected"},
	{"11--2026", "unexpected"},
	{"11_2026", "unexpected character"},
}

func TestMonthRejects(t *testing.T) {
	checkRejects(t, "month", monthBad, func(s string) (time.Time, error) { return Month(s, time.UTC) })
}

// startsDay reports whether t is midnight in its location or, when a clock
// change skipped midnight, the first instant of its day.
func startsDay(t time.Time) bool {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return true
	}
	y, m, d := t.Date()
	py, pm, pd := t.Add(-time.Nanosecond).Date()
	return (py != y || pm != m || pd != d) && t.Hour() < 12
}

// testZones are UTC, the members' zone and one whose clock changes skip midnight.
func testZones(tb testing.TB) []*time.Location {
	return []*time.Location{time.UTC, mustLoad(tb, "Asia/Jakarta"), mustLoad(tb, "America/Sao_Paulo")}
}

// fuzzParser fuzzes parse (name) in every test zone: what it accepts passes check, and
// written back with layout reads as the same instant.
func fuzzParser(f *testing.F, name string, parse func(string, *time.Location) (time.Time, error), layout string,
	check func(t *testing.T, s string, loc *time.Location, got time.Time)) {
	locs := testZones(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, loc := range locs {
			got, err := parse(s, loc)
			if err != nil {
				continue
			}
			check(t, s, loc, got)
			again := got.Format(layout)
			if got2, err := parse(again, loc); err != nil || !got2.Equal(got) {
				t.Fatalf("%s(%q) = %v, but %s(%q) = %v, %v", name, s, got, name, again, got2, err)
			}
		}
	})
}

func FuzzDate(f *testing.F) {
	for _, tc := range dateOK {
		f.Add(tc.in)
	}
	for _, tc := range dateBad {
		f.Add(tc.in)
	}
	fuzzParser(f, "Date", Date, "02-01-2006", func(t *testing.T, s string, loc *time.Location, got time.Time) {
		if got.Location() != loc || !startsDay(got) {
			t.Fatalf("Date(%q, %s) = %v, not the start of a day in %s", s, loc, got, loc)
		}
		if loc == time.UTC && got.Hour() != 0 {
			t.Fatalf("Date(%q, UTC) = %v, not midnight", s, got)
		}
		if y := got.Year(); y < minYear || y > maxYear {
			t.Fatalf("Date(%q) = %v, year out of range", s, got)
		}
	})
}

func FuzzMonth(f *testing.F) {
	for _, tc := range monthOK {
		f.Add(tc.in)
	}
	for _, tc := range monthBad {
		f.Add(tc.in)
	}
	fuzzParser(f, "Month", Month, "01-2006", func(t *testing.T, s string, loc *time.Location, got time.Time) {
		if got.Day() != 1 || got.Location() != loc || !startsDay(got) {
			t.Fatalf("Month(%q, %s) = %v, not the start of a month", s, loc, got)
		}
	})
}

// Every day in range must parse to the start of that same day, including the
// days on which a zone's clock change skipped midnight.
func TestDateEveryDay(t *testing.T) {
	for _, loc := range testZones(t) {
		for day := time.Date(minYear, 1, 1, 12, 0, 0, 0, time.UTC); day.Year() <= maxYear; day = day.AddDate(0, 0, 1) {
			in := day.Format("2006-01-02")
			got, err := Date(in, loc)
			if err != nil || got.Format("2006-01-02") != in || !startsDay(got) {
				t.Fatalf("Date(%q, %s) = %v, %v", in, loc, got, err)
			}
		}
	}
}
