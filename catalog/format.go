package catalog

import (
	"fmt"
	"strings"
	"time"
)

// Helpers of every language's texts.

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// dashIfZero is t as date writes it, or "-" when t is not set.
func dashIfZero(t time.Time, date func(time.Time) string) string {
	if t.IsZero() {
		return "-"
	}
	return date(t)
}

// shortRupiah writes an amount not below zero for a chart: in rupiah below a thousand, else in
// thousands, millions or billions (units, as the language calls them) with at most two
// decimals after sep, rounded half up: 1.500.000 is "Rp1,5 jt" in Indonesian.
func shortRupiah(n int64, sep string, units [3]string) string {
	if n < 1000 {
		return fmt.Sprintf("Rp%d", n)
	}
	unit, word := int64(1000), units[0]
	if n >= 1_000_000_000 {
		unit, word = 1_000_000_000, units[2]
	} else if n >= 1_000_000 {
		unit, word = 1_000_000, units[1]
	}
	hundredths := (n/unit)*100 + (n%unit*100+unit/2)/unit
	s := fmt.Sprint(hundredths / 100)
	if f := hundredths % 100; f != 0 {
		s += sep + strings.TrimRight(fmt.Sprintf("%02d", f), "0")
	}
	return "Rp" + s + word
}

// percent shows basis points as a percentage with sep before the decimals: 350 is "3,5%"
// with ",", 1200 is "12%".
func percent(bp int64, sep string) string {
	if bp%100 == 0 {
		return fmt.Sprintf("%d%%", bp/100)
	}
	return strings.TrimRight(fmt.Sprintf("%d%s%02d", bp/100, sep, bp%100), "0") + "%"
}
