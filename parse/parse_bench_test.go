package parse

import (
	"testing"
	"time"
)

// Dates and months as members type them (birth dates, savings card months).
func BenchmarkDate(b *testing.B) {
	b.ReportAllocs()
	loc := time.FixedZone("WIB", 7*3600)
	inputs := []string{"17-08-1990", "17 Agustus 1990", "17/8/90", "1990-08-17"}
	for i := 0; b.Loop(); i++ {
		_, _ = Date(inputs[i%len(inputs)], loc)
	}
}

func BenchmarkMonth(b *testing.B) {
	b.ReportAllocs()
	loc := time.FixedZone("WIB", 7*3600)
	inputs := []string{"oktober 2026", "10-2026", "okt 26"}
	for i := 0; b.Loop(); i++ {
		_, _ = Month(inputs[i%len(inputs)], loc)
	}
}

func BenchmarkRupiah(b *testing.B) {
	b.ReportAllocs()
	for i := int64(0); b.Loop(); i++ {
		_ = Rupiah(1_250_000 + i)
	}
}
