package flows_test

import (
	"testing"

	"github.com/kopbot/kopbot/flows"
)

func TestMaskDigits(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"saldo saya brp kak?", "saldo saya brp kak?"},
		{"pinjam 5jt 12 bulan", "pinjam 5jt 12 bulan"},
		{"123", "123"},
		{"1234", "••••"},
		{"147258", "••••"},
		{"pin saya 147258 tolong", "pin saya •••• tolong"},
		{"nik 3204011708900001", "nik ••••"},
		{"3204 0117 0890 0001", "••••"},
		{"no hp 0812-3456-7890 ya", "no hp •••• ya"},
		{"+62 812 3456 7890", "+••••"},
		{"transfer 1.500.000 ke 0104000021", "transfer •••• ke ••••"},
		{"Rp 500", "Rp 500"},
		{"12 34", "••••"},            // two short numbers side by side still make four digits
		{"12 - 34", "••••"},          // separators may repeat
		{"12, 34", "12, 34"},         // a comma ends a run
		{"17/08/1990", "17/08/••••"}, // a slash too: only the year is long enough
		{"rek 0104000021.", "rek ••••."},
		{"1234-", "••••-"},       // a separator after the last digit is not part of the run
		{"a1b2c3d4", "a1b2c3d4"}, // letters break runs
		{"１２３４", "••••"},         // digits of any script
		{"01.00001", "••••"},
		{"12 bulan 3456", "12 bulan ••••"},
	} {
		if got := flows.MaskDigits(tc.in); got != tc.want {
			t.Errorf("MaskDigits(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzMaskDigits(f *testing.F) {
	for _, s := range []string{"0812-3456-7890", "pin 147258", "1.500.000", "a 1 2 3 4 b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := flows.MaskDigits(s)
		run := 0
		for _, r := range got {
			switch {
			case r >= '0' && r <= '9':
				run++
			case r == ' ' || r == '.' || r == '-':
			default:
				run = 0
			}
			if run >= 4 {
				t.Fatalf("MaskDigits(%q) = %q still holds 4 digits in a run", s, got)
			}
		}
	})
}
