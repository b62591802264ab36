package parse

import "testing"

func TestAmountInWords(t *testing.T) {
	ok := []struct {
		in   string
		want int64
	}{
		{"lima juta", 5_000_000},
		{"Lima Juta", 5_000_000},
		{"sejuta", 1_000_000},
		{"seratus ribu", 100_000},
		{"dua ratus ribu", 200_000},
		{"dua ratus lima puluh ribu", 250_000},
		{"seratus lima puluh ribu", 150_000},
		{"satu setengah juta", 1_500_000},
		{"setengah juta", 500_000},
		{"dua setengah juta", 2_500_000},
		{"satu koma lima juta", 1_500_000},
		{"dua belas juta", 12_000_000},
		{"sebelas ribu", 11_000},
		{"dua puluh lima ribu", 25_000},
		{"tiga ratus dua puluh ribu", 320_000},
		{"satu juta lima ratus ribu", 1_500_000},
		{"satu juta dua ratus lima puluh ribu", 1_250_000},
		{"dua ratus ribu lima ratus", 200_500},
		{"lima ratus", 500},
		{"seribu", 1_000},
		{"sepuluh ribu", 10_000},
		{"lima ratus rb", 500_000},
		{"dua jt", 2_000_000},
		{"2 ratus ribu", 200_000},
		{"1 juta 500 ribu", 1_500_000},
		{"1 jt 500 rb", 1_500_000},
		{"rp lima juta", 5_000_000},
		{"lima juta rupiah", 5_000_000},
		{"5 juta rupiah", 5_000_000},
		{"satu miliar", 1_000_000_000},
		{"five million", 5_000_000},
		{"five hundred thousand", 500_000},
		{"one hundred and fifty thousand", 150_000},
		{"a million", 1_000_000},
		{"two and a half million", 2_500_000},
		{"twenty five thousand", 25_000},
		{"twenty-five thousand", 25_000},
	}
	for _, tc := range ok {
		got, err := Amount(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Amount(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	bad := []string{
		"lima",               // fine: 5 rupiah? no — see below
		"juta",               // a scale with no number
		"ribu juta",          // scales going up
		"lima ribu juta",     // scales going up
		"dua tiga juta",      // two digits
		"setengah",           // half of nothing
		"satu koma lima",     // decimals without a scale
		"lima juta kak",      // other words are for the caller to drop
		"lima juta dua juta", // the same scale twice
		"ratus ribu",         // ratus with nothing before
		"satu koma dua tiga empat lima enam tujuh juta", // not whole rupiah
		"1.500 rb juta",
		"banyak",
	}
	for _, in := range bad[1:] {
		if got, err := Amount(in); err == nil {
			t.Errorf("Amount(%q) = %d, want an error", in, got)
		}
	}
	// A digit word alone is that many rupiah, like "5": flows apply their minimums.
	if got, err := Amount(bad[0]); err != nil || got != 5 {
		t.Errorf("Amount(lima) = %d, %v; want 5", got, err)
	}
}
