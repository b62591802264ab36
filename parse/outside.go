package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NameMax is the most characters a name from outside (a QRIS payer's, a merchant's, a member's) keeps.
const NameMax = 80

// OutsideText makes text that came from outside kopbot (a payment gateway's payer name, a merchant name in
// a QRIS code, an imported member name) fit to show a member or staff: control and formatting characters
// (newlines, tabs, bidi overrides, zero-width characters) and invalid UTF-8 dropped, runs of spaces made
// one, and at most max characters kept (the last of them "…" when it was cut). A name cannot then span
// lines, reverse the text after it, or hide behind invisible characters in a receipt.
func OutsideText(s string, max int) string {
	var b strings.Builder
	space := false
	n := 0
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		switch {
		case r == utf8.RuneError && size <= 1:
			continue
		case unicode.IsSpace(r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Co, r) || unicode.Is(unicode.Cs, r) ||
			unicode.Is(unicode.Mn, r) && n == 0:
			continue
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
		}
		if n >= max {
			return cut(b.String(), max)
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// cut keeps max-1 characters of s and "…".
func cut(s string, max int) string {
	if max <= 0 {
		return ""
	}
	rs := []rune(s)
	if len(rs) >= max {
		rs = rs[:max-1]
	}
	return strings.TrimRight(string(rs), " ") + "…"
}
