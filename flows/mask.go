package flows

import (
	"strings"
	"unicode"
)

// MaskDigits replaces every run of 4 or more digits in s, the digits possibly separated by
// spaces, dots or dashes (0812-3456-7890, 3204 0117 0890 0001, 1.500.000), with "••••",
// so that what members wrote can be shown to staff and kept without the account numbers,
// NIKs, phone numbers and PINs in it. Shorter numbers (12 bulan, Rp500) stay.
func MaskDigits(s string) string {
	if !hasDigitRun(s) {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(rs); {
		if !unicode.IsDigit(rs[i]) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		// The run: digits, and separators with a digit after them.
		end, digits := i, 0
		for j := i; j < len(rs); {
			if unicode.IsDigit(rs[j]) {
				digits++
				j++
				end = j
				continue
			}
			k := j
			for k < len(rs) && isDigitSeparator(rs[k]) {
				k++
			}
			if k == j || k == len(rs) || !unicode.IsDigit(rs[k]) {
				break
			}
			j = k
		}
		if digits >= 4 {
			b.WriteString("••••")
		} else {
			b.WriteString(string(rs[i:end]))
		}
		i = end
	}
	return b.String()
}

func isDigitSeparator(r rune) bool { return r == ' ' || r == '.' || r == '-' }

// hasDigitRun is MaskDigits' quick look: can s hold 4 digits at all?
func hasDigitRun(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			if n++; n == 4 {
				return true
			}
		}
	}
	return false
}
