package intent

import (
	"strings"
	"time"
)

// Span is a week or a month a member named: the days from From's midnight up to, not
// including, To's.
type Span struct {
	From, To time.Time
	Month    bool // a calendar month; else a week, Monday to Sunday
	Ago      int  // 0: this week or month; 1: the one before...
}

// Span finds a week or a month named anywhere in text, as merchants ask for their takings:
// "saldo soundbox minggu ini", "omzet bulan lalu", "sales this week". The longest name
// found first wins; ok is false when text names neither.
func (l *Lexicon) Span(text string, today time.Time) (s Span, ok bool) {
	ws := l.Read(text).Words
	midnight := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, today.Location())
	for i := range ws {
		for j := len(ws); j > i; j-- {
			key := strings.Join(ws[i:j], " ")
			if off, found := l.months[key]; found {
				from := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, today.Location()).AddDate(0, off, 0)
				return Span{From: from, To: from.AddDate(0, 1, 0), Month: true, Ago: -off}, true
			}
			if off, found := l.weeks[key]; found {
				monday := midnight.AddDate(0, 0, -((int(midnight.Weekday())+6)%7)+7*off)
				return Span{From: monday, To: monday.AddDate(0, 0, 7), Ago: -off}, true
			}
		}
	}
	return Span{}, false
}
