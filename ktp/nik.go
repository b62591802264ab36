// Package ktp checks Indonesian NIK numbers (Nomor Induk Kependudukan), the
// 16-digit identity number printed on the KTP, and reads what they encode.
//
// Layout: PP KK CC DDMMYY SSSS — province, regency/city, district (kecamatan),
// birth date (day plus 40 for women) and serial.
package ktp

import (
	"fmt"
	"strings"
	"time"
)

// NIK is a checked NIK and the data it encodes.
type NIK struct {
	Number       string    // 16 digits, separators removed
	ProvinceCode string    // PP
	Province     string    // province name
	RegencyCode  string    // KK
	IsCity       bool      // KK 71-99: kota; 01-69: kabupaten
	DistrictCode string    // CC
	Gender       string    // "L" (laki-laki) or "P" (perempuan)
	BirthDate    time.Time // UTC midnight
	Serial       string    // SSSS
}

// Error reports why a NIK was rejected. Part is one of "length", "digits",
// "province", "regency", "district", "birth date" or "serial".
type Error struct {
	Part string
	Msg  string
}

func (e *Error) Error() string { return "ktp: invalid NIK " + e.Part + ": " + e.Msg }

func errorf(part, format string, args ...any) *Error {
	return &Error{Part: part, Msg: fmt.Sprintf(format, args...)}
}

// Province is one entry of the Kemendagri province table.
type Province struct {
	Code string
	Name string
}

var provinces = [...]Province{
	{"11", "Aceh"},
	{"12", "Sumatera Utara"},
	{"13", "Sumatera Barat"},
	{"14", "Riau"},
	{"15", "Jambi"},
	{"16", "Sumatera Selatan"},
	{"17", "Bengkulu"},
	{"18", "Lampung"},
	{"19", "Kepulauan Bangka Belitung"},
	{"21", "Kepulauan Riau"},
	{"31", "DKI Jakarta"},
	{"32", "Jawa Barat"},
	{"33", "Jawa Tengah"},
	{"34", "DI Yogyakarta"},
	{"35", "Jawa Timur"},
	{"36", "Banten"},
	{"51", "Bali"},
	{"52", "Nusa Tenggara Barat"},
	{"53", "Nusa Tenggara Timur"},
	{"61", "Kalimantan Barat"},
	{"62", "Kalimantan Tengah"},
	{"63", "Kalimantan Selatan"},
	{"64", "Kalimantan Timur"},
	{"65", "Kalimantan Utara"},
	{"71", "Sulawesi Utara"},
	{"72", "Sulawesi Tengah"},
	{"73", "Sulawesi Selatan"},
	{"74", "Sulawesi Tenggara"},
	{"75", "Gorontalo"},
	{"76", "Sulawesi Barat"},
	{"81", "Maluku"},
	{"82", "Maluku Utara"},
	{"91", "Papua"},
	{"92", "Papua Barat"},
	{"93", "Papua Selatan"},
	{"94", "Papua Tengah"},
	{"95", "Papua Pegunungan"},
	{"96", "Papua Barat Daya"},
}

// provinceByNum maps a two-digit code (as a number) to its name.
var provinceByNum = func() [100]string {
	var t [100]string
	for _, p := range provinces {
		t[int(p.Code[0]-'0')*10+int(p.Code[1]-'0')] = p.Name
	}
	return t
}()

// Provinces lists the 38 provinces by code (ascending) with their names.
// The returned slice is a fresh copy.
func Provinces() []Province {
	out := make([]Province, len(provinces))
	copy(out, provinces[:])
	return out
}

func isSep(c byte) bool { return c == ' ' || c == '.' || c == '-' }

// digitsOf removes separators (spaces, dots, dashes) that sit between digits.
// Surrounding spaces are ignored. It returns the digits, or an error for any
// other character or a misplaced separator.
func digitsOf(s string) (string, *Error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errorf("length", "the NIK is empty; it must have 16 digits, e.g. 3204011708900001")
	}
	var buf [16]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if n < len(buf) {
				buf[n] = c
			}
			n++
		case isSep(c):
			if i == 0 || i == len(s)-1 {
				return "", errorf("digits", "separator %q must sit between digits, e.g. 3204 0117 0890 0001", c)
			}
		default:
			return "", errorf("digits", "the NIK may contain only digits and spaces, dots or dashes between them, found %q; e.g. 3204011708900001", firstRune(s[i:]))
		}
	}
	if n != 16 {
		return "", errorf("length", "the NIK has %d digits; it must have exactly 16, e.g. 3204011708900001", n)
	}
	return string(buf[:]), nil
}

func firstRune(s string) string {
	for _, r := range s {
		return string(r)
	}
	return s
}

func two(s string, i int) int { return int(s[i]-'0')*10 + int(s[i+1]-'0') }

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Parse checks a NIK and reads what it encodes. Spaces, dots or dashes
// between digits are accepted. today decides the century of the two-digit
// birth year: 20YY if that date is not after today, otherwise 19YY. A birth
// date after today is rejected. today's calendar date is taken in its own
// location. Every rejection is an *Error whose Part names the wrong part.
func Parse(s string, today time.Time) (NIK, error) {
	num, e := digitsOf(s)
	if e != nil {
		return NIK{}, e
	}

	pp := num[0:2]
	prov := provinceByNum[two(num, 0)]
	if prov == "" {
		return NIK{}, errorf("province", "province code %s is not one of the 38 Kemendagri provinces; the first two digits must be a code such as 32 (Jawa Barat) or 31 (DKI Jakarta)", pp)
	}

	kk := two(num, 2)
	switch {
	case kk == 0:
		return NIK{}, errorf("regency", "regency code 00 does not exist; digits 3-4 must be 01-69 (kabupaten) or 71-99 (kota), e.g. 04")
	case kk == 70:
		return NIK{}, errorf("regency", "regency code 70 is neither a kabupaten (01-69) nor a kota (71-99); e.g. 04 or 73")
	}

	if two(num, 4) == 0 {
		return NIK{}, errorf("district", "district (kecamatan) code 00 does not exist; digits 5-6 must be 01-99, e.g. 01")
	}

	day, month, yy := two(num, 6), two(num, 8), two(num, 10)
	gender := "L"
	if day > 40 {
		day -= 40
		gender = "P"
	}
	if day < 1 || day > 31 {
		return NIK{}, errorf("birth date", "birth day %s is out of range; digits 7-8 must be 01-31 for men or 41-71 for women, e.g. 17 or 57", num[6:8])
	}
	if month < 1 || month > 12 {
		return NIK{}, errorf("birth date", "birth month %s is out of range; digits 9-10 must be 01-12, e.g. 08", num[8:10])
	}

	ty, tm, td := today.Date()
	notAfterToday := func(y int) bool {
		if y != ty {
			return y < ty
		}
		if month != int(tm) {
			return month < int(tm)
		}
		return day <= td
	}
	year := 2000 + yy
	if !notAfterToday(year) {
		year = 1900 + yy
	}
	if day > daysIn(year, month) {
		return NIK{}, errorf("birth date", "%04d-%02d-%02d is not a real date (%d has %d days in month %02d); e.g. 290296 is 29 February 1996, a leap year",
			year, month, day, year, daysIn(year, month), month)
	}
	if !notAfterToday(year) {
		return NIK{}, errorf("birth date", "birth date %04d-%02d-%02d is after today (%04d-%02d-%02d); it must be in the past, e.g. 170890 for 17 August 1990",
			year, month, day, ty, int(tm), td)
	}

	if num[12:16] == "0000" {
		return NIK{}, errorf("serial", "serial 0000 is not issued; the last four digits must be 0001-9999, e.g. 0001")
	}

	return NIK{
		Number:       num,
		ProvinceCode: pp,
		Province:     prov,
		RegencyCode:  num[2:4],
		IsCity:       kk >= 71,
		DistrictCode: num[4:6],
		Gender:       gender,
		BirthDate:    time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC),
		Serial:       num[12:16],
	}, nil
}

// Shaped reports whether nik has the shape of a NIK: 16 digits, not all zeros. It is what
// a member's first answer is held to; Parse checks what the digits encode.
func Shaped(nik string) bool {
	return len(nik) == 16 && strings.Trim(nik, "0123456789") == "" && strings.Trim(nik, "0") != ""
}

// Mask hides a NIK for display, keeping the first four and last four digits:
// "3204011708900001" becomes "3204********0001". Spaces, dots and dashes are
// dropped first. Input of eight characters or fewer is masked entirely.
func Mask(nik string) string {
	var b strings.Builder
	b.Grow(len(nik))
	for _, r := range nik {
		if r != ' ' && r != '.' && r != '-' {
			b.WriteRune(r)
		}
	}
	rs := []rune(b.String())
	if len(rs) <= 8 {
		return strings.Repeat("*", len(rs))
	}
	for i := 4; i < len(rs)-4; i++ {
		rs[i] = '*'
	}
	return string(rs)
}
