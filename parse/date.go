package parse

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// months maps the month names and abbreviations members use, Indonesian
// (including old spellings like Pebruari and Nopember) and English.
var months = map[string]time.Month{
	"januari": 1, "january": 1, "jan": 1,
	"februari": 2, "pebruari": 2, "february": 2, "feb": 2, "peb": 2,
	"maret": 3, "march": 3, "mar": 3, "mrt": 3,
	"april": 4, "apr": 4,
	"mei": 5, "may": 5,
	"juni": 6, "june": 6, "jun": 6,
	"juli": 7, "july": 7, "jul": 7,
	"agustus": 8, "august": 8, "agu": 8, "agt": 8, "ags": 8, "agst": 8, "agus": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "october": 10, "okt": 10, "oct": 10,
	"november": 11, "nopember": 11, "nov": 11, "nop": 11,
	"desember": 12, "december": 12, "des": 12, "dec": 12,
}

const minYear, maxYear = 1900, 2100

// Date parses a calendar date; the result is midnight in loc.
//
// It accepts day-month-year with '-', '/' or '.' ("17-08-1990", "17/8/1990"),
// ISO "1990-08-17", and month names ("17 Agustus 1990", "17-agu-1990",
// "17 Aug 1990"). Years must have 4 digits and lie in 1900..2100.
// If a clock change skips midnight that day, the result is the first
// instant of the day. A nil loc is an error.
func Date(s string, loc *time.Location) (time.Time, error) {
	toks, seps, err := parts("date", s, loc, 3, "want day, month and year, like 17-08-1990")
	if err != nil {
		return time.Time{}, err
	}
	var ds, ms, ys string
	var m time.Month
	switch {
	case isNumber(toks[0]) && isWord(toks[1]) && isNumber(toks[2]):
		ds, ys = toks[0], toks[2]
		var ok bool
		if m, ok = months[toks[1]]; !ok {
			return time.Time{}, fail("date", s, "unknown month %q", toks[1])
		}
	case isNumber(toks[0]) && isNumber(toks[1]) && isNumber(toks[2]):
		if len(toks[0]) >= 3 { // ISO order: year first
			ys, ms, ds = toks[0], toks[1], toks[2]
		} else {
			ds, ms, ys = toks[0], toks[1], toks[2]
		}
		// Mixed separators ("17-08/1990") are more likely a typo than a date.
		if seps[1] != seps[2] {
			return time.Time{}, fail("date", s, "mixed separators %q and %q", seps[1], seps[2])
		}
	default:
		return time.Time{}, fail("date", s, "want day, month and year, like 17-08-1990 or 17 Agustus 1990")
	}

	y, m, err := yearAndMonth(ys, ms, m)
	if err != nil {
		return time.Time{}, fail("date", s, "%v", err)
	}
	if len(ds) > 2 {
		return time.Time{}, fail("date", s, "day %q is not 1 to 31", ds)
	}
	d := atoi(ds)
	if n := daysIn(m, y); d < 1 || d > n {
		if d >= 1 && d <= 31 {
			return time.Time{}, fail("date", s, "%s %d has only %d days", m, y, n)
		}
		return time.Time{}, fail("date", s, "day %q is not 1 to 31", ds)
	}
	t, ok := startOfDay(y, m, d, loc)
	if !ok {
		return time.Time{}, fail("date", s, "that day does not exist in %s", loc)
	}
	return t, nil
}

// Month parses a month such as "11-2026", "11/2026", "nov 2026", "November 2026", "2026-11"; returns the first day of that month, midnight in loc.
func Month(s string, loc *time.Location) (time.Time, error) {
	toks, _, err := parts("month", s, loc, 2, "want month and year, like 11-2026 or nov 2026")
	if err != nil {
		return time.Time{}, err
	}
	var ms, ys string
	var m time.Month
	switch {
	case isWord(toks[0]) && isNumber(toks[1]):
		var ok bool
		if m, ok = months[toks[0]]; !ok {
			return time.Time{}, fail("month", s, "unknown month %q", toks[0])
		}
		ys = toks[1]
	case isNumber(toks[0]) && isNumber(toks[1]):
		// Whichever number is long enough to be a year is the year.
		if len(toks[0]) >= 3 && len(toks[1]) <= 2 {
			ys, ms = toks[0], toks[1]
		} else {
			ms, ys = toks[0], toks[1]
		}
	default:
		return time.Time{}, fail("month", s, "want month and year, like 11-2026 or nov 2026")
	}
	y, m, err := yearAndMonth(ys, ms, m)
	if err != nil {
		return time.Time{}, fail("month", s, "%v", err)
	}
	t, ok := startOfDay(y, m, 1, loc)
	if !ok {
		return time.Time{}, fail("month", s, "its first day does not exist in %s", loc)
	}
	return t, nil
}

func year(s string) (int, error) {
	switch {
	case len(s) == 2:
		return 0, fmt.Errorf("two-digit year %q is ambiguous; write the year in 4 digits", s)
	case len(s) != 4:
		return 0, fmt.Errorf("year %q must have 4 digits", s)
	}
	y := atoi(s)
	if y < minYear || y > maxYear {
		return 0, fmt.Errorf("year %d is not between %d and %d", y, minYear, maxYear)
	}
	return y, nil
}

func month(s string) (time.Month, error) {
	if len(s) > 2 || atoi(s) < 1 || atoi(s) > 12 {
		return 0, fmt.Errorf("month %q is not 1 to 12", s)
	}
	return time.Month(atoi(s)), nil
}

// atoi converts a short run of ASCII digits; callers bound the length.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// startOfDay returns midnight of y-m-d in loc or, where a clock change skips
// midnight, the first instant of that day. It reports false if the whole day
// was skipped (as Samoa skipped 30 December 2011).
func startOfDay(y int, m time.Month, d int, loc *time.Location) (time.Time, bool) {
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if sameDay(t, y, m, d) && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t, true
	}
	// time.Date resolves a skipped midnight to either side of the gap; the
	// day starts where the gap ends.
	if sameDay(t, y, m, d) {
		t, _ = t.ZoneBounds()
	} else {
		_, t = t.ZoneBounds()
	}
	if t.IsZero() || !sameDay(t, y, m, d) {
		return time.Time{}, false
	}
	return t, true
}

func sameDay(t time.Time, y int, m time.Month, d int) bool {
	ty, tm, td := t.Date()
	return ty == y && tm == m && td == d
}

// yearAndMonth reads the year ys and the month: the number ms, or m when it was named.
func yearAndMonth(ys, ms string, m time.Month) (int, time.Month, error) {
	y, err := year(ys)
	if err != nil {
		return 0, 0, err
	}
	if ms != "" {
		if m, err = month(ms); err != nil {
			return 0, 0, err
		}
	}
	return y, m, nil
}

// parts checks loc and splits s, a date or a month (what), into exactly n tokens and the
// separators before them; fewer is the error short.
func parts(what, s string, loc *time.Location, n int, short string) (toks, seps []string, err error) {
	if loc == nil {
		return nil, nil, fail(what, s, "nil location")
	}
	toks, seps, err = tokenize(s, n)
	if err != nil {
		return nil, nil, fail(what, s, "%v", err)
	}
	if len(toks) > n {
		return nil, nil, fail(what, s, "unexpected %q after the %s", toks[n], what)
	}
	if len(toks) < n {
		return nil, nil, fail(what, s, "%s", short)
	}
	return toks, seps, nil
}

// tokenize lowercases s and splits it into runs of ASCII digits and runs of
// letters, separated by spaces and at most one '-', '/' or '.'. seps[i] is
// the separator before toks[i] ("" for spaces only). It stops after want+1
// tokens, enough to report trailing junk.
func tokenize(s string, want int) (toks, seps []string, err error) {
	s = strings.ToLower(strings.TrimSpace(s))
	sep := ""
	for i := 0; i < len(s) && len(toks) <= want; {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isDigit(s[i]) || unicode.IsLetter(r):
			j := i
			for j < len(s) {
				r2, size2 := utf8.DecodeRuneInString(s[j:])
				if isDigit(s[i]) != isDigit(s[j]) || !isDigit(s[j]) && !unicode.IsLetter(r2) {
					break
				}
				j += size2
			}
			toks = append(toks, s[i:j])
			seps = append(seps, sep)
			sep = ""
			i = j
			continue
		case unicode.IsSpace(r):
		case r == '-' || r == '/' || r == '.':
			if sep != "" {
				return nil, nil, fmt.Errorf("unexpected %q", sep+string(r))
			}
			sep = string(r)
		default:
			return nil, nil, fmt.Errorf("unexpected character %q", r)
		}
		i += size
	}
	if len(toks) > want {
		return toks, seps, nil
	}
	if len(toks) > 0 && seps[0] != "" {
		return nil, nil, fmt.Errorf("unexpected %q before %q", seps[0], toks[0])
	}
	if sep != "" {
		return nil, nil, fmt.Errorf("unexpected %q at the end", sep)
	}
	return toks, seps, nil
}

func isNumber(tok string) bool { return tok != "" && isDigit(tok[0]) }
func isWord(tok string) bool   { return tok != "" && !isDigit(tok[0]) }
