package qris

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Validate checks p against the EMVCo MPM field rules and those of its
// scheme (see Scheme): tag 00 first with "01" (DuitNow also "02"); 01 "11"
// or "12" when present; at least one merchant account information field
// (02-51; templates 26-51 need sub-tag 00, and a known scheme's template
// its mandatory sub-tags); 52 four digits; 53 three digits; 54 a positive
// amount; 55-57 consistent; 58 two letters; 59 1-25 and 60 1-15
// characters; 61 1-10 characters; no duplicate top-level tags; the
// scheme's mandatory tags (52, 53, 58, 59, 60; PromptPay only 53 and 58);
// for QRIS only, the QRIS rules (checkQRIS); 63 last, four uppercase hex
// digits equal to the CRC of everything before it plus "6304".
func (p *Payload) Validate() error {
	fs := p.Fields
	scheme := p.Scheme()
	if len(fs) == 0 {
		return errf("00", "missing: payload is empty")
	}
	if fs[0].Tag != "00" {
		if _, ok := p.Get("00"); ok {
			return errf("00", "must be the first field, found tag %s first", fs[0].Tag)
		}
		return errf("00", "missing payload format indicator")
	}
	seen := make(map[string]bool, len(fs))
	merchantAccounts := 0
	for i, f := range fs {
		n, ok := tagNum(f.Tag)
		if !ok {
			return errf(f.Tag, "tag is not two digits")
		}
		if seen[f.Tag] {
			return errf(f.Tag, "appears more than once")
		}
		seen[f.Tag] = true
		v := fieldValue(f)
		if !utf8.ValidString(v) {
			return errf(f.Tag, "value is not valid UTF-8")
		}
		if l := utf8.RuneCountInString(v); l > 99 {
			return errf(f.Tag, "value is %d characters, at most 99 fit", l)
		}
		if f.Tag == "63" && i != len(fs)-1 {
			return errf("63", "CRC must be the last field, found tag %s after it", fs[i+1].Tag)
		}
		if n >= 2 && n <= 51 {
			merchantAccounts++
		}
		if err := checkSubs(f); err != nil {
			return err
		}
		if err := checkField(p, f, scheme); err != nil {
			return err
		}
	}
	if merchantAccounts == 0 {
		return errf("26", "missing: no merchant account information (tags 02-51)")
	}
	for _, t := range scheme.required() {
		if !seen[t] {
			return errf(t, "missing %s", TagName(t, ""))
		}
	}
	if scheme == SchemeQRIS {
		if err := p.checkQRIS(); err != nil {
			return err
		}
	}
	switch p.Value("55") {
	case "02":
		if !seen["56"] {
			return errf("56", "missing: tag 55 is 02 (fixed convenience fee)")
		}
	case "03":
		if !seen["57"] {
			return errf("57", "missing: tag 55 is 03 (percentage convenience fee)")
		}
	}
	crc := fs[len(fs)-1].Value
	if want := hex4(p.CRC()); crc != want {
		return errf("63", "CRC is %s, want %s", crc, want)
	}
	return nil
}

func checkSubs(f Field) error {
	if !IsTemplate(f.Tag) {
		return nil
	}
	if f.Value != "" && len(f.Sub) == 0 {
		return errf(f.Tag, "template value is not a TLV sequence")
	}
	seen := make(map[string]bool, len(f.Sub))
	for _, s := range f.Sub {
		name := f.Tag + "/" + s.Tag
		if _, ok := tagNum(s.Tag); !ok {
			return errf(name, "tag is not two digits")
		}
		if seen[s.Tag] {
			return errf(name, "appears more than once")
		}
		seen[s.Tag] = true
		if l := utf8.RuneCountInString(s.Value); l > 99 {
			return errf(name, "value is %d characters, at most 99 fit", l)
		}
	}
	n, _ := tagNum(f.Tag)
	switch {
	case n >= 26 && n <= 51:
		if !seen["00"] || subValue(f, "00") == "" {
			return errf(f.Tag+"/00", "missing globally unique identifier")
		}
		return checkAccount(f)
	case n == 64:
		if !seen["00"] {
			return errf("64/00", "missing language preference")
		}
		if !seen["01"] {
			return errf("64/01", "missing merchant name in alternate language")
		}
	}
	return nil
}

func subValue(f Field, tag string) string {
	for _, s := range f.Sub {
		if s.Tag == tag {
			return s.Value
		}
	}
	return ""
}

func checkField(p *Payload, f Field, scheme Scheme) error {
	v := f.Value
	switch f.Tag {
	case "00":
		if !scheme.acceptsFormat(v) {
			return errf("00", "payload format indicator is %q, want \"01\"", v)
		}
	case "01":
		if v != "11" && v != "12" {
			return errf("01", "point of initiation is %q, want \"11\" (static) or \"12\" (dynamic)", v)
		}
	case "52":
		if len(v) != 4 || !allDigits(v) {
			return errf("52", "merchant category code %q is not 4 digits", v)
		}
	case "53":
		if len(v) != 3 || !allDigits(v) {
			return errf("53", "currency %q is not a 3-digit ISO 4217 numeric code", v)
		}
	case "54":
		if err := checkAmount(v); err != "" {
			return errf("54", "amount %q %s", v, err)
		}
	case "55":
		if v != "01" && v != "02" && v != "03" {
			return errf("55", "tip indicator is %q, want 01, 02 or 03", v)
		}
	case "56":
		if p.Value("55") != "02" {
			return errf("56", "fixed fee present but tag 55 is not 02")
		}
		if err := checkAmount(v); err != "" {
			return errf("56", "fixed fee %q %s", v, err)
		}
	case "57":
		if p.Value("55") != "03" {
			return errf("57", "percentage fee present but tag 55 is not 03")
		}
		if err := checkPercent(v); err != "" {
			return errf("57", "percentage fee %q %s", v, err)
		}
	case "58":
		if len(v) != 2 || !isUpper(v[0]) || !isUpper(v[1]) {
			return errf("58", "country code %q is not 2 uppercase letters", v)
		}
	case "59":
		if l := utf8.RuneCountInString(v); l < 1 || l > 25 {
			return errf("59", "merchant name is %d characters, want 1-25", l)
		}
	case "60":
		if l := utf8.RuneCountInString(v); l < 1 || l > 15 {
			return errf("60", "merchant city is %d characters, want 1-15", l)
		}
	case "61":
		if l := utf8.RuneCountInString(v); l < 1 || l > 10 {
			return errf("61", "postal code is %d characters, want 1-10", l)
		}
	case "63":
		if utf8.RuneCountInString(v) != 4 {
			return errf("63", "length %02d, want 04", utf8.RuneCountInString(v))
		}
		for i := 0; i < 4; i++ {
			c := v[i]
			if !isDigit(c) && !(c >= 'A' && c <= 'F') {
				return errf("63", "CRC %q is not four uppercase hex digits", v)
			}
		}
	}
	return nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// checkAmount returns "" when s is a valid EMVCo amount: digits with at
// most one '.', at most 13 characters, greater than zero.
func checkAmount(s string) string {
	if s == "" || len(s) > 13 {
		return "must be 1-13 characters"
	}
	if strings.Count(s, ".") > 1 {
		return "has more than one '.'"
	}
	nonzero, digits := false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
		case isDigit(c):
			digits++
			if c != '0' {
				nonzero = true
			}
		default:
			return "has a character other than digits and '.'"
		}
	}
	if digits == 0 {
		return "has no digits"
	}
	if !nonzero {
		return "must be greater than zero"
	}
	return ""
}

// checkPercent returns "" when s is a percentage above 0 and below 100,
// at most 5 characters (EMVCo "00.01" to "99.99").
func checkPercent(s string) string {
	if len(s) > 5 {
		return "is longer than 5 characters"
	}
	if e := checkAmount(s); e != "" {
		return e
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 || f >= 100 {
		return "must be above 0 and below 100"
	}
	return ""
}
