package parse

import (
	"math"
	"strings"
	"testing"
)

var amountOK = []goodInput[int64]{
	{"1.500.000", 1_500_000},
	{"1500000", 1_500_000},
	{"Rp 1.500.000", 1_500_000},
	{"Rp1.500.000", 1_500_000},
	{"Rp. 1.500.000,-", 1_500_000},
	{"rp.1.500.000", 1_500_000},
	{"RP 1.500.000", 1_500_000},
	{"IDR 1.500.000", 1_500_000},
	{"idr1500000", 1_500_000},
	{"1.500.000,00", 1_500_000},
	{"Rp 1.500.000,00", 1_500_000},
	{"50.000.-", 50_000},
	{"  1500000  ", 1_500_000},
	{"\u00a0Rp\u00a01.500.000\u00a0", 1_500_000}, // WhatsApp pastes non-breaking spaces
	{"1,5jt", 1_500_000},
	{"1,5 jt", 1_500_000},
	{"1.5jt", 1_500_000},
	{"1,5 juta", 1_500_000},
	{"1,5 JUTA", 1_500_000},
	{"2 juta", 2_000_000},
	{"Rp 2 juta", 2_000_000},
	{"500rb", 500_000},
	{"500 rb", 500_000},
	{"500 ribu", 500_000},
	{"500RB", 500_000},
	{"250k", 250_000},
	{"250K", 250_000},
	{"1.5k", 1_500},
	{"1,25 jt", 1_250_000},
	{"0,5 jt", 500_000},
	{"1,50000 jt", 1_500_000},
	{"1,2345 jt", 1_234_500},
	{"1 m", 1_000_000_000},
	{"1m", 1_000_000_000},
	{"1 miliar", 1_000_000_000},
	{"1 milyar", 1_000_000_000},
	{"2,5 M", 2_500_000_000},
	{"10.000", 10_000},
	{"1,000,000", 1_000_000},
	{"1,000", 1_000},
	{"100,00", 100},
	{"1", 1},
	{"999", 999},
	{"007", 7},
	{"1.000.000.000.000.000", 1_000_000_000_000_000},
	{"1000000 m", 1_000_000_000_000_000},
	{"1000000000 jt", 1_000_000_000_000_000},
}

func TestAmount(t *testing.T) {
	checkAccepts(t, "Amount", amountOK, Amount)
}

var amountBad = []badInput{
	{"", "empty"},
	{"   ", "empty"},
	{"abc", "not a number"},
	{"12a", `"a"`},
	{"12 abc", `"abc"`},
	{"Rp", "no number"},
	{"Rp abc", "not a number"},
	{"0", "more than zero"},
	{"Rp0", "more than zero"},
	{"0 jt", "more than zero"},
	{"0,00", "more than zero"},
	{"-5000", "negative"},
	{"-Rp5.000", "negative"},
	{"Rp -5.000", "negative"},
	{"100 200", "more than one number"},
	{"1jt 500rb", "more than one number"},
	{"1 500 000", "more than one number"},
	{"1.5", "decimal"},
	{"1,5", "decimal"},
	{"1.500,50", "decimal"},
	{"1,500,000.50", "decimal"},
	{"1.50.000", "grouping"},
	{"1500.000", "grouping"},
	{"0.500", "grouping"},
	{"1.500,000", "mixes"},
	{"1,500,00", "grouping"},
	{"1..500", "separator"},
	{".500", "separator"},
	{"1.", "separator"},
	{",00", "separator"},
	{"1,2345 rb", "not a whole rupiah"},
	{"1,0000001 jt", "not a whole rupiah"},
	{"1.500 rb", "ambiguous"},
	{"1,000 jt", "ambiguous"},
	{"1.500.000 rb", "more than one separator"},
	{",5 jt", "before the decimal"},
	{"5, jt", "after the decimal"},
	{"jt", "not a number"},
	{"5 jt.", "unexpected"},
	{"5 bulan", "unknown unit"},
	{"1,5jt,00", "unexpected"},
	{"+5000", "not a number"},
	{"1.000.000.000.000.001", "too large"},
	{"1000000000000001", "too large"},
	{"99999999999999999999999999", "too large"},
	{"1000001 m", "too large"},
	{"1000000,5 m", "too large"},
	{"9223372036854775807", "too large"},
	{"5\x00000", "unexpected"},
	{"\xff", "not a number"},
}

func TestAmountRejects(t *testing.T) {
	checkRejects(t, "amount", amountBad, Amount)
}

func TestAmountErrorQuotesShortInput(t *testing.T) {
	_, err := Amount("abc")
	if err == nil || err.Error() != `amount "abc": not a number` {
		t.Errorf("got %v", err)
	}
	_, err = Amount(strings.Repeat("x", 10_000))
	if err == nil || len(err.Error()) > 200 {
		t.Errorf("long input gave error of %d bytes", len(err.Error()))
	}
}

func TestRupiah(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "Rp0"},
		{1, "Rp1"},
		{999, "Rp999"},
		{1_000, "Rp1.000"},
		{12_345, "Rp12.345"},
		{100_000, "Rp100.000"},
		{1_250_000, "Rp1.250.000"},
		{-5_000, "-Rp5.000"},
		{-1, "-Rp1"},
		{math.MaxInt64, "Rp9.223.372.036.854.775.807"},
		{math.MinInt64, "-Rp9.223.372.036.854.775.808"},
	} {
		if got := Rupiah(tc.n); got != tc.want {
			t.Errorf("Rupiah(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestAmountRupiahRoundTrip(t *testing.T) {
	for _, n := range []int64{1, 9, 10, 999, 1_000, 1_001, 999_999, 1_000_000, 123_456_789, maxAmount} {
		if got, err := Amount(Rupiah(n)); err != nil || got != n {
			t.Errorf("Amount(Rupiah(%d)) = %d, %v", n, got, err)
		}
	}
}

func FuzzAmount(f *testing.F) {
	seedCorpus(f, amountOK, amountBad)
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Amount(s)
		if err != nil {
			if n != 0 {
				t.Fatalf("Amount(%q) = %d with error %v", s, n, err)
			}
			return
		}
		if n <= 0 || n > maxAmount {
			t.Fatalf("Amount(%q) = %d, outside 1..%d", s, n, maxAmount)
		}
		r := Rupiah(n)
		if m, err := Amount(r); err != nil || m != n {
			t.Fatalf("Amount(%q) = %d, but Amount(%q) = %d, %v", s, n, r, m, err)
		}
	})
}

func BenchmarkAmount(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range []string{"Rp. 1.500.000,-", "1,5jt", "250k", "1500000"} {
			if _, err := Amount(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// goodInput is something a member might type and what a parser must read it as.
type goodInput[T any] struct {
	in   string
	want T
}

// checkAccepts checks that parse (named what) reads every input as wanted.
func checkAccepts[T comparable](t *testing.T, what string, good []goodInput[T], parse func(string) (T, error)) {
	t.Helper()
	for _, tc := range good {
		got, err := parse(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("%s(%q) = %#v, %v; want %#v", what, tc.in, got, err, tc.want)
		}
	}
}

// seedCorpus adds the good and the bad inputs to the fuzzer's corpus.
func seedCorpus[T any](f *testing.F, good []goodInput[T], bad []badInput) {
	for _, tc := range good {
		f.Add(tc.in)
	}
	for _, tc := range bad {
		f.Add(tc.in)
	}
}

// badInput is something a member might type that a parser must refuse, and a word its
// error must say.
type badInput struct{ in, mention string }

// checkRejects checks that parse refuses every input with an error that names what it
// parses ("amount ...") and mentions the reason, and returns the zero value with it.
func checkRejects[T comparable](t *testing.T, what string, bad []badInput, parse func(string) (T, error)) {
	t.Helper()
	var zero T
	for _, tc := range bad {
		got, err := parse(tc.in)
		if err == nil {
			t.Errorf("%s(%q) = %v, want error", what, tc.in, got)
			continue
		}
		if got != zero {
			t.Errorf("%s(%q) returned %v with error", what, tc.in, got)
		}
		if !strings.HasPrefix(err.Error(), what+" ") || !strings.Contains(err.Error(), tc.mention) {
			t.Errorf("%s(%q) error %q, want it to mention %q", what, tc.in, err, tc.mention)
		}
	}
}
