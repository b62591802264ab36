package catalog

import (
	"fmt"
	"time"
)

// indonesian is the catalog in Bahasa Indonesia, the default.
type indonesian struct{ *book }

var idMonths = [...]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}

// idPaddedDate is a day as a list of transactions shows it: "05 Mar 2026".
func idPaddedDate(t time.Time) string {
	return fmt.Sprintf("%02d %s %d", t.Day(), idMonths[t.Month()-1], t.Year())
}

// idHourMinute is a time of day: "14.30".
func idHourMinute(t time.Time) string { return t.Format("15.04") }

var idMonthsLong = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

func idDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), idMonths[t.Month()-1], t.Year())
}

func idDateOrDash(t time.Time) string { return dashIfZero(t, idDate) }

func idMonthYear(t time.Time) string {
	return fmt.Sprintf("%s %d", idMonthsLong[t.Month()-1], t.Year())
}

// idPaddedDayMonth is a day of a month's savings card: "05 Mar".
func idPaddedDayMonth(t time.Time) string {
	return fmt.Sprintf("%02d %s", t.Day(), idMonths[t.Month()-1])
}

var idWeekdays = [...]string{"Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"}

// idWeekdayShort is a day's name as a chart labels it: "Sen".
func idWeekdayShort(t time.Time) string { return idWeekdays[t.Weekday()] }

// idRupiahShort is an amount on a chart: "Rp1,5 jt", "Rp250 rb".
func idRupiahShort(n int64) string { return shortRupiah(n, ",", [3]string{" rb", " jt", " M"}) }

// idRate shows basis points a year as "3,5%".
func idRate(bp int64) string { return percent(bp, ",") }
