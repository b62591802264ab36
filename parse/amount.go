package parse

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxAmount is far above any cooperative balance; anything bigger is a typo.
const maxAmount int64 = 1_000_000_000_000_000

// units maps the suffixes members type to powers of ten.
var units = map[string]int{
	"rb": 3, "ribu": 3, "k": 3,
	"jt": 6, "juta": 6,
	"m": 9, "miliar": 9, "milyar": 9,
}

var pow10 = [...]int64{1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000}

// Amount parses a rupiah amount as members type it and returns whole rupiah.
//
// It accepts "1.500.000", "Rp. 1.500.000,-", "1.500.000,00", "1,000,000",
// amounts with a unit such as "1,5jt", "500 rb", "250k" or "1 miliar", and
// amounts in words such as "lima juta", "dua ratus ribu", "satu setengah juta",
// "1 juta 500 ribu" or "five hundred thousand".
// The result is always more than zero and at most 1,000,000,000,000,000.
func Amount(s string) (int64, error) {
	v, err := figures(s)
	if err == nil {
		return v, nil
	}
	t := strings.ToLower(strings.TrimSpace(s))
	for _, p := range []string{"idr", "rp.", "rp"} {
		if strings.HasPrefix(t, p) {
			t = trimSpaceLeft(t[len(p):])
			break
		}
	}
	if w, werr := wordsAmount(t); werr == nil && w > 0 {
		return w, nil
	} else if werr != nil && !errors.Is(werr, errNotWords) && !startsWithDigit(t) {
		return 0, fail("amount", s, "%v", werr)
	}
	return 0, err
}

func startsWithDigit(t string) bool { return t != "" && isDigit(t[0]) }

// figures parses an amount written with digits, and perhaps a unit.
func figures(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return 0, fail("amount", s, "empty")
	}
	if t[0] == '-' {
		return 0, fail("amount", s, "negative")
	}
	for _, p := range []string{"idr", "rp.", "rp"} {
		if strings.HasPrefix(t, p) {
			t = trimSpaceLeft(t[len(p):])
			break
		}
	}
	if t == "" {
		return 0, fail("amount", s, "no number")
	}
	if t[0] == '-' {
		return 0, fail("amount", s, "negative")
	}
	// ",-" (and ".-") is how prices are written on receipts: "no sen".
	for _, suf := range []string{",-", ".-"} {
		if strings.HasSuffix(t, suf) {
			t = trimSpaceRight(t[:len(t)-len(suf)])
			break
		}
	}

	n := 0
	for n < len(t) && (isDigit(t[n]) || t[n] == '.' || t[n] == ',') {
		n++
	}
	num, rest := t[:n], trimSpaceLeft(t[n:])
	if num == "" {
		return 0, fail("amount", s, "not a number")
	}
	u := 0
	for u < len(rest) {
		r, size := utf8.DecodeRuneInString(rest[u:])
		if !unicode.IsLetter(r) {
			break
		}
		u += size
	}
	unit, after := rest[:u], trimSpaceLeft(rest[u:])
	var p int
	switch {
	case rest == "":
	case unit == "" && isDigit(rest[0]):
		return 0, fail("amount", s, "more than one number")
	case unit == "":
		return 0, fail("amount", s, "unexpected %q after the number", rest)
	default:
		var ok bool
		if p, ok = units[unit]; !ok {
			return 0, fail("amount", s, "unknown unit %q (want rb, ribu, k, jt, juta, m or miliar)", unit)
		}
		if after != "" && isDigit(after[0]) {
			return 0, fail("amount", s, "more than one number")
		}
		if after != "" {
			return 0, fail("amount", s, "unexpected %q after %q", after, unit)
		}
	}

	var v int64
	var err error
	if unit == "" {
		v, err = plainAmount(num)
	} else {
		v, err = scaledAmount(num, unit, p)
	}
	if err != nil {
		return 0, fail("amount", s, "%v", err)
	}
	if v == 0 {
		return 0, fail("amount", s, "must be more than zero")
	}
	return v, nil
}

var errTooLarge = errors.New("too large (limit is Rp1.000.000.000.000.000)")

// plainAmount parses a number without a unit: digits, optionally grouped in
// thousands with '.' (Indonesian) or ',' (English), optionally ending ",00".
func plainAmount(num string) (int64, error) {
	// ",00" is zero sen, but only in Indonesian notation: in "1,500,00" the
	// commas are groups and the "00" is more likely a typo.
	if body, ok := strings.CutSuffix(num, ",00"); ok && !strings.Contains(body, ",") {
		num = body
	}
	groups := strings.Split(strings.ReplaceAll(num, ",", "."), ".")
	for _, g := range groups {
		if g == "" {
			return 0, fmt.Errorf("misplaced separator")
		}
	}
	if len(groups) == 1 {
		return digits(num)
	}
	last := groups[len(groups)-1]
	mixed := strings.Contains(num, ".") && strings.Contains(num, ",")
	if (len(groups) == 2 || mixed) && len(last) != 3 {
		return 0, fmt.Errorf("has a decimal part; write whole rupiah, or add a unit like 1,5jt")
	}
	if mixed {
		return 0, fmt.Errorf("mixes '.' and ',' as thousands separators")
	}
	// "0.500" looks like a decimal, not a thousands group.
	bad := len(groups[0]) > 3 || groups[0][0] == '0'
	for _, g := range groups[1:] {
		bad = bad || len(g) != 3
	}
	if bad {
		return 0, fmt.Errorf("bad thousands grouping (want groups of 3 digits like 1.500.000)")
	}
	var v int64
	var err error
	for _, g := range groups {
		if v, err = accumulate(v, g); err != nil {
			return 0, err
		}
	}
	return v, nil
}

// scaledAmount parses the number in front of a unit such as "jt": digits
// with at most one decimal separator, '.' or ','.
func scaledAmount(num, unit string, p int) (int64, error) {
	if strings.Count(num, ".")+strings.Count(num, ",") > 1 {
		return 0, fmt.Errorf("more than one separator before %q", unit)
	}
	whole, frac, hasSep := strings.Cut(strings.ReplaceAll(num, ",", "."), ".")
	if whole == "" {
		return 0, fmt.Errorf("missing digits before the decimal separator")
	}
	if hasSep && frac == "" {
		return 0, fmt.Errorf("missing digits after the decimal separator")
	}
	// "1.500 rb" is 1,500 ribu to some and 1,5 ribu to others: a 1000x gap.
	if len(frac) == 3 {
		small := whole
		if t := strings.TrimRight(frac, "0"); t != "" {
			small += "," + t
		}
		return 0, fmt.Errorf("ambiguous separator before %q; write %s%s or %s%s", unit, whole+frac, unit, small, unit)
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > p {
		return 0, fmt.Errorf("not a whole rupiah")
	}
	w, err := digits(whole)
	if err != nil {
		return 0, err
	}
	f := int64(0)
	if frac != "" {
		if f, err = digits(frac); err != nil {
			return 0, err
		}
	}
	if w > maxAmount/pow10[p] {
		return 0, errTooLarge
	}
	v := w*pow10[p] + f*pow10[p-len(frac)]
	if v > maxAmount {
		return 0, errTooLarge
	}
	return v, nil
}

// digits parses ASCII digits.
func digits(s string) (int64, error) {
	if s == "" {
		return 0, fmt.Errorf("not a number")
	}
	return accumulate(0, s)
}

// accumulate appends the ASCII digits in s to v, stopping once the value
// passes maxAmount so that long inputs cannot overflow.
func accumulate(v int64, s string) (int64, error) {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, fmt.Errorf("not a number")
		}
		if v > maxAmount {
			return 0, errTooLarge
		}
		v = v*10 + int64(s[i]-'0')
	}
	if v > maxAmount {
		return 0, errTooLarge
	}
	return v, nil
}

// Rupiah formats whole rupiah the Indonesian way: Rp1.250.000, -Rp5.000, Rp0.
func Rupiah(n int64) string {
	u := uint64(n)
	sign := ""
	if n < 0 {
		u = -u // two's complement, so math.MinInt64 works too
		sign = "-"
	}
	d := strconv.FormatUint(u, 10)
	var b strings.Builder
	b.Grow(len(sign) + 2 + len(d) + len(d)/3)
	b.WriteString(sign)
	b.WriteString("Rp")
	for i := 0; i < len(d); i++ {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteByte(d[i])
	}
	return b.String()
}

// The helpers below are shared by all parsers in the package.

// maxQuoted keeps error messages readable when someone pastes a whole essay.
const maxQuoted = 64

// fail builds an error of the form `what "input": reason`.
func fail(what, input, format string, args ...any) error {
	return errors.New(what + " " + quote(input) + ": " + fmt.Sprintf(format, args...))
}

// quote quotes s for an error message, cutting it short at a rune boundary.
func quote(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	i := maxQuoted
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return strconv.Quote(s[:i]) + "..."
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func trimSpaceLeft(s string) string  { return strings.TrimLeftFunc(s, unicode.IsSpace) }
func trimSpaceRight(s string) string { return strings.TrimRightFunc(s, unicode.IsSpace) }
