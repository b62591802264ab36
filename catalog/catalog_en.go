package catalog

import (
	"time"
)

// english is the catalog in English, for members who ask for it with "language".
type english struct{ *book }

// enPaddedDate is a day as a list of transactions shows it: "05 Mar 2026".
func enPaddedDate(t time.Time) string { return t.Format("02 Jan 2006") }

// enHourMinute is a time of day: "14:30".
func enHourMinute(t time.Time) string { return t.Format("15:04") }

// enMonthYear is a month: "March 2026".
func enMonthYear(t time.Time) string { return t.Format("January 2006") }

func enDate(t time.Time) string { return t.Format("2 Jan 2006") }

func enDateOrDash(t time.Time) string { return dashIfZero(t, enDate) }

// enPaddedDayMonth is a day of a month's savings card: "05 Mar".
func enPaddedDayMonth(t time.Time) string { return t.Format("02 Jan") }

// enWeekdayShort is a day's name as a chart labels it: "Mon".
func enWeekdayShort(t time.Time) string { return t.Format("Mon") }

// enRupiahShort is an amount on a chart: "Rp1.5m", "Rp250k".
func enRupiahShort(n int64) string { return shortRupiah(n, ".", [3]string{"k", "m", "bn"}) }

// enRate shows basis points a year as "3.5%".
func enRate(bp int64) string { return percent(bp, ".") }
