package ktp

import (
	"errors"
	"testing"
	"time"
)

var today = time.Date(2026, 11, 21, 15, 0, 0, 0, time.UTC)

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestParseValid(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		prov     string
		city     bool
		gender   string
		birth    time.Time
		number   string
		regency  string
		district string
	}{
		{"man", "3204011708900001", "Jawa Barat", false, "L", date(1990, 8, 17), "3204011708900001", "04", "01"},
		{"woman day 57", "3204015708900001", "Jawa Barat", false, "P", date(1990, 8, 17), "3204015708900001", "04", "01"},
		{"woman day 41", "3171024101050002", "DKI Jakarta", true, "P", date(2005, 1, 1), "3171024101050002", "71", "02"},
		{"woman day 71", "3578037112991234", "Jawa Timur", true, "P", date(1999, 12, 31), "3578037112991234", "78", "03"},
		{"man 29 Feb leap", "3204012902960001", "Jawa Barat", false, "L", date(1996, 2, 29), "3204012902960001", "04", "01"},
		{"woman 29 Feb leap", "3204016902960001", "Jawa Barat", false, "P", date(1996, 2, 29), "3204016902960001", "04", "01"},
		{"29 Feb 2000", "3204012902000001", "Jawa Barat", false, "L", date(2000, 2, 29), "3204012902000001", "04", "01"},
		{"YY 90", "1101010101900001", "Aceh", false, "L", date(1990, 1, 1), "1101010101900001", "01", "01"},
		{"YY 05", "1101010101050001", "Aceh", false, "L", date(2005, 1, 1), "1101010101050001", "01", "01"},
		{"YY 30", "1101010101300001", "Aceh", false, "L", date(1930, 1, 1), "1101010101300001", "01", "01"},
		{"today is 2026", "1101012111260001", "Aceh", false, "L", date(2026, 11, 21), "1101012111260001", "01", "01"},
		{"tomorrow is 1926", "1101012211260001", "Aceh", false, "L", date(1926, 11, 22), "1101012211260001", "01", "01"},
		{"Papua Selatan", "9301010101900001", "Papua Selatan", false, "L", date(1990, 1, 1), "9301010101900001", "01", "01"},
		{"Papua Tengah", "9401010101900001", "Papua Tengah", false, "L", date(1990, 1, 1), "9401010101900001", "01", "01"},
		{"Papua Pegunungan", "9501010101900001", "Papua Pegunungan", false, "L", date(1990, 1, 1), "9501010101900001", "01", "01"},
		{"Papua Barat Daya", "9671010101900001", "Papua Barat Daya", true, "L", date(1990, 1, 1), "9671010101900001", "71", "01"},
		{"regency 69", "3269010101900001", "Jawa Barat", false, "L", date(1990, 1, 1), "3269010101900001", "69", "01"},
		{"city 99", "3299990101900001", "Jawa Barat", true, "L", date(1990, 1, 1), "3299990101900001", "99", "99"},
		{"spaces", "3204 0117 0890 0001", "Jawa Barat", false, "L", date(1990, 8, 17), "3204011708900001", "04", "01"},
		{"dots", "32.04.01.170890.0001", "Jawa Barat", false, "L", date(1990, 8, 17), "3204011708900001", "04", "01"},
		{"dashes", "3204-0117-0890-0001", "Jawa Barat", false, "L", date(1990, 8, 17), "3204011708900001", "04", "01"},
		{"surrounding spaces", "  3204011708900001\n", "Jawa Barat", false, "L", date(1990, 8, 17), "3204011708900001", "04", "01"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := Parse(tc.in, today)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tc.in, err)
			}
			if n.Number != tc.number || n.Province != tc.prov || n.IsCity != tc.city ||
				n.Gender != tc.gender || !n.BirthDate.Equal(tc.birth) || n.BirthDate.Location() != time.UTC ||
				n.RegencyCode != tc.regency || n.DistrictCode != tc.district ||
				n.ProvinceCode != tc.number[:2] || n.Serial != tc.number[12:] {
				t.Errorf("Parse(%q) = %+v", tc.in, n)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		part string
	}{
		{"empty", "", "length"},
		{"15 digits", "320401170890001", "length"},
		{"17 digits", "32040117089000011", "length"},
		{"letters", "3204O11708900001", "digits"},
		{"letter suffix", "3204011708900001a", "digits"},
		{"slash", "3204/0117/0890/0001", "digits"},
		{"leading dash", "-3204011708900001", "digits"},
		{"trailing dot", "3204011708900001.", "digits"},
		{"unicode", "3204011708900001é", "digits"},
		{"province 10", "1001011708900001", "province"},
		{"province 20", "2001011708900001", "province"},
		{"province 99", "9901011708900001", "province"},
		{"province 00", "0001011708900001", "province"},
		{"province 97", "9701011708900001", "province"},
		{"regency 00", "3200011708900001", "regency"},
		{"regency 70", "3270011708900001", "regency"},
		{"district 00", "3204001708900001", "district"},
		{"day 00", "3204010008900001", "birth date"},
		{"day 32", "3204013208900001", "birth date"},
		{"day 40", "3204014008900001", "birth date"},
		{"day 72", "3204017208900001", "birth date"},
		{"month 00", "3204011700900001", "birth date"},
		{"month 13", "3204011713900001", "birth date"},
		{"31 April", "3204013104900001", "birth date"},
		{"woman 31 April", "3204017104900001", "birth date"},
		{"man 29 Feb non-leap", "3204012902970001", "birth date"},
		{"woman 29 Feb non-leap", "3204016902970001", "birth date"},
		{"30 Feb", "3204013002960001", "birth date"},
		{"serial 0000", "3204011708900000", "serial"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := Parse(tc.in, today)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want %s error", tc.in, n, tc.part)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error %T is not *Error", tc.in, err)
			}
			if e.Part != tc.part {
				t.Errorf("Parse(%q) part = %q (%v), want %q", tc.in, e.Part, err, tc.part)
			}
			if e.Msg == "" || n != (NIK{}) {
				t.Errorf("Parse(%q): empty message or non-zero NIK", tc.in)
			}
		})
	}
}

func TestBirthDateAfterToday(t *testing.T) {
	// With today in 1950, YY 60 is 2060 and 1960: both after today.
	_, err := Parse("3204011708600001", date(1950, 1, 1))
	var e *Error
	if !errors.As(err, &e) || e.Part != "birth date" {
		t.Fatalf("got %v, want birth date error", err)
	}
}

func TestTodayLocation(t *testing.T) {
	// 2026-11-22 in Jakarta (UTC+7) while still 21 November in UTC.
	wib := time.FixedZone("WIB", 7*3600)
	now := time.Date(2026, 11, 22, 3, 0, 0, 0, wib)
	n, err := Parse("1101012211260001", now)
	if err != nil || !n.BirthDate.Equal(date(2026, 11, 22)) {
		t.Fatalf("got %+v, %v; want 2026-11-22", n, err)
	}
}

func TestProvinces(t *testing.T) {
	ps := Provinces()
	if len(ps) != 38 {
		t.Fatalf("len = %d, want 38", len(ps))
	}
	for i := 1; i < len(ps); i++ {
		if ps[i-1].Code >= ps[i].Code {
			t.Errorf("not sorted at %d: %s >= %s", i, ps[i-1].Code, ps[i].Code)
		}
	}
	want := map[string]string{"11": "Aceh", "31": "DKI Jakarta", "34": "DI Yogyakarta", "65": "Kalimantan Utara", "93": "Papua Selatan", "96": "Papua Barat Daya"}
	for _, p := range ps {
		if w, ok := want[p.Code]; ok && w != p.Name {
			t.Errorf("%s = %q, want %q", p.Code, p.Name, w)
		}
	}
	ps[0].Name = "changed"
	if Provinces()[0].Name != "Aceh" {
		t.Error("Provinces returns shared storage")
	}
}

func TestMask(t *testing.T) {
	tests := map[string]string{
		"3204011708900001":    "3204********0001",
		"3204 0117 0890 0001": "3204********0001",
		"3204-0117-0890-0001": "3204********0001",
		"123456789":           "1234*6789",
		"12345678":            "********",
		"":                    "",
	}
	for in, want := range tests {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestErrorString(t *testing.T) {
	_, err := Parse("3204011708900000", today)
	if err == nil || err.Error() == "" {
		t.Fatal("want error")
	}
	t.Log(err)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"3204011708900001", "3204 0117 0890 0001", "3204016902960001", "3204016902970001",
		"32.04.01.170890.0001", "9671010101300001", "320401170890001", "abc", "", "--",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s, today)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Part == "" || e.Msg == "" {
				t.Fatalf("bad error %#v", err)
			}
			return
		}
		if len(n.Number) != 16 {
			t.Fatalf("Number %q not 16 long", n.Number)
		}
		for i := 0; i < len(n.Number); i++ {
			if n.Number[i] < '0' || n.Number[i] > '9' {
				t.Fatalf("Number %q not all digits", n.Number)
			}
		}
		if n.Gender != "L" && n.Gender != "P" {
			t.Fatalf("Gender %q", n.Gender)
		}
		if n.BirthDate.After(today) {
			t.Fatalf("BirthDate %v after today", n.BirthDate)
		}
		m, err := Parse(n.Number, today)
		if err != nil || m != n {
			t.Fatalf("re-parse of %q: %+v, %v; want %+v", n.Number, m, err, n)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("3204 0117 0890 0001", today); err != nil {
			b.Fatal(err)
		}
	}
}
