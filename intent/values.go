package intent

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/kopbot/kopbot/parse"
)

// Amount reads an amount of rupiah as members write it: every form parse.Amount reads
// ("1.500.000", "1,5jt", "500rb", "lima juta", "satu setengah juta"), figures with their
// units one after the other ("1jt 500rb"), with the words around it dropped ("kirim
// 500rb aja kak", "sebesar Rp 2 juta"). It never guesses: two amounts, or words it does
// not know, are an error (parse's, about the whole text); so is a bare number under a
// thousand ("100", "seratus", "lima ratus"), which members write for thousands, unless
// they wrote it as rupiah ("Rp 500", "lima ratus rupiah").
// ErrSmallBare is a bare number under Rp1.000 ("1", "500", "seratus"): members mean
// thousands, or a position, or a slip; never guessed as so many rupiah.
var ErrSmallBare = errors.New("under Rp1.000 without Rp: thousands meant?")

func (l *Lexicon) Amount(text string) (int64, error) {
	v, err := l.amountOf(text)
	if err != nil {
		return 0, err
	}
	if v < bareMin && !saysRupiah(tokens(text, nil)) {
		return 0, fmt.Errorf("amount %q: %w", strings.TrimSpace(text), ErrSmallBare)
	}
	return v, nil
}

// bareMin is the smallest amount read from a number written without Rp or rupiah.
const bareMin = 1_000

// saysRupiah reports whether the words name the currency: "Rp 500", "rp500", "500 rupiah", "IDR".
func saysRupiah(ts []string) bool {
	for _, t := range ts {
		if t == "rupiah" || strings.HasPrefix(t, "rp") || strings.HasPrefix(t, "idr") {
			return true
		}
	}
	return false
}

func (l *Lexicon) amountOf(text string) (int64, error) {
	v, err := parse.Amount(text)
	if err == nil {
		return v, nil
	}
	if v, err2 := parse.Amount(splitUnits(text)); err2 == nil {
		return v, nil // "1jt 500rb" is "1 jt 500 rb": parse reads scales going down
	}
	ts := tokens(text, nil)
	keep := ts[:0:0]
	for _, t := range ts {
		full := first(l.abbrev[t])
		if !l.filler[t] && !l.amount[t] && !l.filler[full] && !l.amount[full] {
			keep = append(keep, t)
		}
	}
	if len(keep) == 0 || len(keep) == len(ts) {
		return 0, err
	}
	for _, s := range []string{strings.Join(keep, " "), splitUnits(strings.Join(keep, " "))} {
		if v, err2 := parse.Amount(s); err2 == nil {
			return v, nil
		}
	}
	return 0, err
}

// splitUnits writes figures with their units as two words each when there is more than
// one figure and every figure has its unit: "1jt 500rb" -> "1 jt 500 rb". Anything else
// ("500rb", "1jt 500") is left as it is.
func splitUnits(s string) string {
	fs := strings.Fields(s)
	figures := 0
	for i, f := range fs {
		if !isDigit(rune(f[0])) {
			continue
		}
		j := strings.IndexFunc(f, unicode.IsLetter)
		if j < 0 || strings.IndexFunc(f[j:], isDigit) >= 0 {
			return s
		}
		fs[i] = f[:j] + " " + f[j:]
		figures++
	}
	if figures < 2 {
		return s
	}
	return strings.Join(fs, " ")
}

func first(ws []string) string {
	if len(ws) == 0 {
		return ""
	}
	return ws[0]
}

// Date reads a day as members write it, relative to today: "hari ini", "tadi",
// "kemarin", "kemarin lusa", "3 hari lalu", "yesterday", "2 days ago", or any date
// parse.Date reads ("17-08-2026", "17 Agustus 2026"). The result is midnight of that day
// in today's location.
func (l *Lexicon) Date(text string, today time.Time) (time.Time, error) {
	midnight := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, today.Location())
	ws := l.whenWords(text)
	if off, ok := l.days[strings.Join(ws, " ")]; ok {
		return midnight.AddDate(0, 0, off), nil
	}
	// "3 hari lalu", "tiga hari yang lalu", "2 days ago"
	if n := len(ws); n >= 3 {
		tail := strings.Join(ws[1:], " ")
		if tail == "hari lalu" || tail == "hari yang lalu" || tail == "days ago" || tail == "day ago" {
			days, ok := l.numbers[ws[0]]
			if !ok {
				var err error
				if days, err = strconv.Atoi(ws[0]); err != nil {
					days = -1
				}
			}
			if days >= 0 && days <= 366 {
				return midnight.AddDate(0, 0, -days), nil
			}
		}
	}
	if d, ok := l.weekday(ws, midnight); ok {
		return d, nil
	}
	d, err := parse.Date(text, today.Location())
	if err != nil {
		if d, ok := l.withoutYear(text, midnight); ok {
			return d, nil
		}
		return time.Time{}, err
	}
	return d, nil
}

// weekday reads a day of this week or the last as its name: "jumat", "hari kamis",
// "kamis kemarin", "senin lalu", "last friday": the latest such day, today included
// unless the member said it was past. "minggu" is also a week: "minggu lalu" is last
// week, no day, unless written "hari minggu lalu".
func (l *Lexicon) weekday(ws []string, midnight time.Time) (time.Time, bool) {
	hari, past := false, false
	if len(ws) > 0 && ws[0] == "hari" {
		hari, ws = true, ws[1:]
	}
	if len(ws) > 0 && ws[0] == "last" {
		past, ws = true, ws[1:]
	}
	if n := len(ws); n > 1 && (ws[n-1] == "kemarin" || ws[n-1] == "lalu") {
		past, ws = true, ws[:n-1]
		if n := len(ws); n > 1 && ws[n-1] == "yang" {
			ws = ws[:n-1]
		}
		if !hari && len(ws) == 1 && l.week[ws[0]] {
			return time.Time{}, false
		}
	}
	if len(ws) != 1 {
		return time.Time{}, false
	}
	wd, ok := l.weekdays[ws[0]]
	if !ok {
		return time.Time{}, false
	}
	back := (int(midnight.Weekday()) - wd + 7) % 7
	if past && back == 0 {
		back = 7
	}
	return midnight.AddDate(0, 0, -back), true
}

// withoutYear reads a day written without its year: "19 nov", "19/11", "tgl 19 nov" (the
// latest such day not after today: this year's or last year's), "tanggal 18" (this month's).
func (l *Lexicon) withoutYear(text string, midnight time.Time) (time.Time, bool) {
	var ws []string
	for _, w := range l.expand(tokens(text, nil)) {
		if !l.filler[w] {
			ws = append(ws, w)
		}
	}
	tanggal := len(ws) > 0 && ws[0] == "tanggal"
	if tanggal {
		ws = ws[1:]
	}
	loc := midnight.Location()
	switch {
	case len(ws) == 1 && tanggal && isNumber(ws[0]):
		day, _ := strconv.Atoi(ws[0])
		d := time.Date(midnight.Year(), midnight.Month(), day, 0, 0, 0, 0, loc)
		return d, day >= 1 && d.Day() == day
	case len(ws) == 1 && strings.Count(ws[0], "/")+strings.Count(ws[0], "-")+strings.Count(ws[0], ".") == 1:
		sep := ws[0][strings.IndexAny(ws[0], "/-.")]
		return latest(func(y int) (time.Time, error) {
			return parse.Date(fmt.Sprintf("%s%c%d", ws[0], sep, y), loc)
		}, midnight)
	case len(ws) == 2 && isNumber(ws[0]) && !hasDigit(ws[1]):
		return latest(func(y int) (time.Time, error) {
			return parse.Date(fmt.Sprintf("%s %s %d", ws[0], ws[1], y), loc)
		}, midnight)
	}
	return time.Time{}, false
}

// latest is the day at(year) of this year, or of last year when this year's is still to come.
func latest(at func(year int) (time.Time, error), midnight time.Time) (time.Time, bool) {
	d, err := at(midnight.Year())
	if err == nil && d.After(midnight) {
		d, err = at(midnight.Year() - 1)
	}
	return d, err == nil
}

func isNumber(s string) bool {
	return s != "" && strings.TrimFunc(s, isDigit) == ""
}

// dayWord reports whether w is part of how members name a day ("hari", "tadi"), which
// must not be dropped as a filler when reading a date.
func (l *Lexicon) dayWord(w string) bool { return l.dayWords[w] }

// whenWords reads text and keeps the words that can say when: all but the fillers,
// except the fillers that name a day.
func (l *Lexicon) whenWords(text string) []string {
	var ws []string
	for _, w := range l.Read(text).Words {
		if !l.filler[w] || l.dayWord(w) {
			ws = append(ws, w)
		}
	}
	return ws
}

// Month reads a month as members write it: "bulan ini", "bulan lalu", "bulan kemarin",
// "last month", or any month parse.Month reads ("11-2026", "nov 2026"). The result is the
// first day of that month, midnight in today's location.
func (l *Lexicon) Month(text string, today time.Time) (time.Time, error) {
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, today.Location())
	ws := l.whenWords(text)
	if off, ok := l.months[strings.Join(ws, " ")]; ok {
		return first.AddDate(0, off, 0), nil
	}
	return parse.Month(text, today.Location())
}

// MonthIn finds a month named among a message's other words: "kirim mutasi bulan november",
// "mutasi oktober 2026", "statement last month", "mutasi 10-2026". A month named without its
// year is the latest such month not after today's. named is false when the message names
// none; an error says it has figures that name no month ("mutasi 13-2026", "mutasi 2026").
func (l *Lexicon) MonthIn(text string, today time.Time) (month time.Time, named bool, err error) {
	loc := today.Location()
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, loc)
	ws := l.whenWords(text)
	for n := min(3, len(ws)); n >= 1; n-- { // the longest reading first: "okt 2026" before "okt"
		for i := 0; i+n <= len(ws); i++ {
			part := strings.Join(ws[i:i+n], " ")
			if off, ok := l.months[part]; ok {
				return first.AddDate(0, off, 0), true, nil
			}
			if m, err := parse.Month(part, loc); err == nil && n <= 2 {
				return m, true, nil
			}
			if n > 1 || hasDigit(part) {
				continue
			}
			if m, err := parse.Month(part+" "+strconv.Itoa(today.Year()), loc); err == nil {
				if m.After(first) {
					m = m.AddDate(-1, 0, 0) // "desember" in March is last December
				}
				return m, true, nil
			}
		}
	}
	for _, w := range ws {
		if hasDigit(w) {
			return time.Time{}, true, fmt.Errorf("no month in %q", text)
		}
	}
	return time.Time{}, false, nil
}
