package catalog

import (
	"fmt"
	"time"
)

// indonesian is the catalog in Bahasa Indonesia, the default.
type indonesian struct{ *book }

var idMonths = [...]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// idPaddedDate is a day as a list of transactions shows it: "05 Mar 2026".
func idPaddedDate(t time.Time) string {
	return fmt.Sprintf("%02d %s %d", t.Day(), idMonths[t.Month()-1], t.Year())
}

// idHourMinute is a time of day: "14.30".
func idHourMinute(t time.Time) string { return t.Format("15.04") }
