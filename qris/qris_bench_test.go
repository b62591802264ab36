package qris

import "testing"

// Terima QRIS decodes the merchant's static payload, makes it dynamic and encodes it on every invoice.
func BenchmarkDecode(b *testing.B) {
	b.ReportAllocs()
	s := staticPayload()
	for b.Loop() {
		if _, err := Decode(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDynamicEncode(b *testing.B) {
	b.ReportAllocs()
	p := mustDecode(b, staticPayload())
	for b.Loop() {
		d, err := p.Dynamic(125_000, DynamicOptions{ReferenceLabel: "QR-000123"})
		if err != nil {
			b.Fatal(err)
		}
		_ = Encode(d)
	}
}

func BenchmarkCRC16(b *testing.B) {
	b.ReportAllocs()
	data := []byte(staticPayload())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		_ = CRC16(data)
	}
}

// The invoice's QR image, drawn once per invoice.
func BenchmarkPNG(b *testing.B) {
	b.ReportAllocs()
	s := staticPayload()
	for b.Loop() {
		if _, err := PNG(s, 600); err != nil {
			b.Fatal(err)
		}
	}
}
