package parse

import (
	"strings"
	"testing"
)

var phoneOK = []goodInput[string]{
	{"0812-3456-7890", "6281234567890"},
	{"0812 3456 7890", "6281234567890"},
	{"+62 812 3456 7890", "6281234567890"},
	{"+62-812-3456-7890", "6281234567890"},
	{"62 812-3456-7890", "6281234567890"},
	{"6281234567890", "6281234567890"},
	{"(0812) 3456 7890", "6281234567890"},
	{"812 3456 7890", "6281234567890"},
	{"081234567890", "6281234567890"},
	{"0812.3456.7890", "6281234567890"},
	{"  +6281234567890  ", "6281234567890"},
	{"+62 (0)812 3456 7890", "6281234567890"},
	{"+62 0812 3456 7890", "6281234567890"},
	{"0062 812 3456 7890", "6281234567890"},
	{"\u00a00812\u00a03456\u00a07890", "6281234567890"},
	{"0812-345-678", "62812345678"},
	{"021-5551234", "62215551234"},
	{"(021) 555 1234", "62215551234"},
	{"+62 21 5551234", "62215551234"},
	{"62215551234", "62215551234"},
	{"0274 123456", "62274123456"},
	{"6212345678", "6212345678"},            // shortest: 10 digits
	{"0812345678901", "62812345678901"},     // 14 digits
	{"08123456789012", "628123456789012"},   // longest: 15 digits
	{"+628123456789012", "628123456789012"}, // longest, international
}

func TestPhone(t *testing.T) {
	checkAccepts(t, "Phone", phoneOK, Phone)
}

var phoneBad = []badInput{
	{"", "empty"},
	{"   ", "empty"},
	{"0812abc", "letters"},
	{"abc", "letters"},
	{"O812 3456 7890", "letters"}, // letter O for zero
	{"---", "no digits"},
	{"()", "no digits"},
	{"0812", "too short"},
	{"08123456", "too short"},
	{"+62", "too short"},
	{"62", "too short"},
	{"081234567890123", "too long"},
	{"+6281234567890123", "too long"},
	{"0812345678901234567890123", "too long"},
	{"+1 555 123 4567", "not an Indonesian number"},
	{"+44 20 7946 0958", "not an Indonesian number"},
	{"001 555 123 4567", "not an Indonesian number"},
	{"1 555 123 4567", "not an Indonesian number"},
	{"5551234567", "not an Indonesian number"},
	{"+", "no digits"},
	{"++62812345678", "'+'"},
	{"0812+3456+7890", "'+'"},
	{"0812/3456/7890", "unexpected character"},
	{"0812_3456_7890", "unexpected character"},
	{"+62 00812 3456 7890", "unexpected 0"},
	{"0812-3456-7890 ext", "letters"},
	{"\xff", "unexpected character"},
	{"٠٨١٢٣٤٥٦٧٨٩٠", "unexpected character"},
}

func TestPhoneRejects(t *testing.T) {
	checkRejects(t, "phone", phoneBad, Phone)
}

func FuzzPhone(f *testing.F) {
	seedCorpus(f, phoneOK, phoneBad)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Phone(s)
		if err != nil {
			if got != "" {
				t.Fatalf("Phone(%q) = %q with error %v", s, got, err)
			}
			return
		}
		if len(got) < minPhone || len(got) > maxPhone || !strings.HasPrefix(got, "62") || got[2] == '0' {
			t.Fatalf("Phone(%q) = %q, not 62 + 8..13 digits", s, got)
		}
		for i := 0; i < len(got); i++ {
			if !isDigit(got[i]) {
				t.Fatalf("Phone(%q) = %q, not all digits", s, got)
			}
		}
		if again, err := Phone(got); err != nil || again != got {
			t.Fatalf("Phone(%q) = %q, but Phone(%q) = %q, %v", s, got, got, again, err)
		}
	})
}

func BenchmarkPhone(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range []string{"0812-3456-7890", "+62 812 3456 7890", "(021) 555 1234"} {
			if _, err := Phone(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}
