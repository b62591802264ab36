package intent

import (
	"strconv"
	"strings"
	"time"

	"github.com/kopbot/kopbot/parse"
)

// Amount reads an amount of rupiah as members write it: every form parse.Amount reads
// ("1.500.000", "1,5jt", "500rb", "lima juta", "satu setengah juta"), with the words
// around it dropped ("kirim 500rb aja kak", "sebesar Rp 2 juta"). It never guesses: two
// amounts, or words it does not know, are an error (parse's, about the whole text).
func (l *Lexicon) Amount(text string) (int64, error) {
	v, err := parse.Amount(text)
	if err == nil {
		return v, nil
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
	if v, err2 := parse.Amount(strings.Join(keep, " ")); err2 == nil {
		return v, nil
	}
	return 0, err
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
	m := l.Read(text)
	var ws []string
	for _, w := range m.Words {
		if !l.filler[w] || l.dayWord(w) {
			ws = append(ws, w)
		}
	}
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
	d, err := parse.Date(text, today.Location())
	if err != nil {
		return time.Time{}, err
	}
	return d, nil
}

// dayWord reports whether w is part of how members name a day ("hari", "tadi"), which
// must not be dropped as a filler when reading a date.
func (l *Lexicon) dayWord(w string) bool { return l.dayWords[w] }

// Month reads a month as members write it: "bulan ini", "bulan lalu", "bulan kemarin",
// "last month", or any month parse.Month reads ("11-2026", "nov 2026"). The result is the
// first day of that month, midnight in today's location.
func (l *Lexicon) Month(text string, today time.Time) (time.Time, error) {
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, today.Location())
	m := l.Read(text)
	var ws []string
	for _, w := range m.Words {
		if !l.filler[w] || l.dayWord(w) {
			ws = append(ws, w)
		}
	}
	if off, ok := l.months[strings.Join(ws, " ")]; ok {
		return first.AddDate(0, off, 0), nil
	}
	return parse.Month(text, today.Location())
}
