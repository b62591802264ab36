package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Phone number length limits, counting the 62 country code.
const minPhone, maxPhone = 10, 15

// Phone normalizes an Indonesian phone number to international form without '+': 6281234567890.
//
// It accepts local ("0812-3456-7890", "(021) 555-1234"), international
// ("+62 812 3456 7890", "62812...", "0062812...") and mobile numbers missing
// their leading 0 ("812 3456 7890"). Spaces, dashes, dots and parentheses
// are ignored; a 0 kept after the country code ("+62 0812...") is dropped.
func Phone(s string) (string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", fail("phone", s, "empty")
	}
	plus := t[0] == '+'
	if plus {
		t = t[1:]
	}
	var buf [maxPhone + 4]byte // room for "0062" in front of the longest number
	n := 0
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		i += size
		switch {
		case '0' <= r && r <= '9':
			if n < len(buf) {
				buf[n] = byte(r)
			}
			n++
		case r == '-' || r == '.' || r == '(' || r == ')' || unicode.IsSpace(r):
		case r == '+':
			return "", fail("phone", s, "'+' is only allowed at the start")
		case unicode.IsLetter(r):
			return "", fail("phone", s, "contains letters")
		default:
			return "", fail("phone", s, "unexpected character %q", r)
		}
	}
	if n == 0 {
		return "", fail("phone", s, "no digits")
	}
	if n > len(buf) {
		return "", fail("phone", s, "too long: %d digits", n)
	}
	d := buf[:n]
	const notID = "not an Indonesian number (want +62, 62, 0 or 8 at the start)"
	switch {
	case plus || d[0] == '0' && len(d) > 1 && d[1] == '0': // "00" dials abroad like '+'
		if !plus {
			d = d[2:]
		}
		if len(d) < 2 || d[0] != '6' || d[1] != '2' {
			return "", fail("phone", s, "%s", notID)
		}
		d = dropTrunk(d[2:])
	case len(d) >= 2 && d[0] == '6' && d[1] == '2':
		d = dropTrunk(d[2:])
	case d[0] == '0':
		d = d[1:]
	case d[0] == '8':
		// A mobile number whose leading 0 was left off.
	default:
		return "", fail("phone", s, "%s", notID)
	}
	if len(d) > 0 && d[0] == '0' {
		return "", fail("phone", s, "unexpected 0 after the country code")
	}
	switch total := 2 + len(d); {
	case total < minPhone:
		return "", fail("phone", s, "too short: %d digits with country code, want at least %d", total, minPhone)
	case total > maxPhone:
		return "", fail("phone", s, "too long: %d digits with country code, want at most %d", total, maxPhone)
	}
	return "62" + string(d), nil
}

// dropTrunk removes the national 0 people keep after +62 ("+62 0812...").
func dropTrunk(d []byte) []byte {
	if len(d) > 0 && d[0] == '0' {
		return d[1:]
	}
	return d
}

// LocalPhone writes 6281234567890 as people dial it: 081234567890.
func LocalPhone(p string) string {
	if rest, ok := strings.CutPrefix(p, "62"); ok {
		return "0" + rest
	}
	return p
}
