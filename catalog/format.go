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

// percent shows basis points as a percentage with sep before the decimals: 350 is "3,5%"
// with ",", 1200 is "12%".
func percent(bp int64, sep string) string {
	if bp%100 == 0 {
		return fmt.Sprintf("%d%%", bp/100)
	}
	return strings.TrimRight(fmt.Sprintf("%d%s%02d", bp/100, sep, bp%100), "0") + "%"
}
