package qris

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// staticFields is a constructed (not real) static QRIS-shaped payload.
// The NMID-like ids are made up.
func staticFields() []Field {
	return []Field{
		NewField("00", "01"),
		NewField("01", "11"),
		NewTemplate("26",
			NewField("00", "ID.CO.QRIS.WWW"),
			NewField("01", "936008990000012345"),
			NewField("02", "000001234567890"),
			NewField("03", "UMI"),
		),
		NewTemplate("51",
			NewField("00", "ID.CO.QRIS.WWW"),
			NewField("02", "ID1020012345678"),
			NewField("03", "UMI"),
		),
		NewField("52", "5812"),
		NewField("53", "360"),
		NewField("58", "ID"),
		NewField("59", "WARUNG BU SITI"),
		NewField("60", "BANDUNG"),
		NewField("61", "40115"),
	}
}

func staticPayload() string { return Encode(&Payload{Fields: staticFields()}) }

// emvcoSample is the example payload from the EMVCo QR Code Specification
// for Payment Systems, Merchant-Presented Mode (v1.1), as quoted in many
// public EMVCo QR libraries; its CRC A13A checks out. It is not a QRIS
// payload (currency 156, country CN) and includes multibyte characters.
const emvcoSample = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A"

func TestCRC16(t *testing.T) {
	if got := CRC16([]byte("123456789")); got != 0x29B1 {
		t.Fatalf("CRC16 = %04X, want 29B1", got)
	}
}

func TestStaticParsesAndValidates(t *testing.T) {
	s := staticPayload()
	if !strings.HasPrefix(s, "00020101021126660014ID.CO.QRIS.WWW") || !strings.Contains(s, "5914WARUNG BU SITI6007BANDUNG6105401156304") {
		t.Fatalf("unexpected encoding %s", s)
	}
	p := mustDecode(t, s)
	if got, want := p.Fields[:len(p.Fields)-1], staticFields(); !reflect.DeepEqual(got, want) {
		t.Fatalf("fields\n got %#v\nwant %#v", got, want)
	}
	if p.SubValue("26", "00") != "ID.CO.QRIS.WWW" || p.SubValue("51", "02") != "ID1020012345678" {
		t.Fatal("sub-fields not parsed")
	}
	if Encode(p) != s {
		t.Fatalf("Encode round trip differs")
	}
}

func TestEMVCoSample(t *testing.T) {
	p := mustDecode(t, emvcoSample)
	if p.Value("59") != "BEST TRANSPORT" || p.Value("54") != "23.72" || p.Value("53") != "156" {
		t.Fatalf("fields: %+v", p.Fields)
	}
	if p.SubValue("64", "01") != "最佳运输" || p.SubValue("64", "02") != "北京" {
		t.Fatalf("language template: %+v", p.Fields)
	}
	if p.SubValue("62", "06") != "***" || p.SubValue("62", "07") != "A6008667" {
		t.Fatalf("62: %+v", p.Fields)
	}
	if Encode(p) != emvcoSample {
		t.Fatal("Encode round trip differs")
	}
}

func TestMultibyteMerchantName(t *testing.T) {
	fs := staticFields()
	fs[7] = NewField("59", "WARUNG BÚ SITÌ 日本")
	s := Encode(&Payload{Fields: fs})
	if !strings.Contains(s, "5917WARUNG BÚ SITÌ 日本") {
		t.Fatalf("length not counted in characters: %s", s)
	}
	p := mustDecode(t, s)
	if p.Value("59") != "WARUNG BÚ SITÌ 日本" || p.Value("60") != "BANDUNG" {
		t.Fatalf("got %q %q", p.Value("59"), p.Value("60"))
	}
	// A byte-counted length (23) would run into the next tags.
	bad := strings.Replace(s, "5917", "5923", 1)
	if _, err := Decode(bad); err == nil {
		t.Fatal("byte-counted length accepted")
	}
}

func withCRC(body string) string {
	body += "6304"
	return body + hex4(CRC16([]byte(body)))
}

func TestErrors(t *testing.T) {
	s := staticPayload()
	body := s[:len(s)-8]
	crc := s[len(s)-4:]
	wrong := "1D3A"
	if crc == wrong {
		wrong = "1D3B"
	}
	noName := strings.Replace(body, "5914WARUNG BU SITI", "", 1)
	tests := []struct {
		name, in, tag, msg string
	}{
		{"bad CRC", body + "6304" + wrong, "63", "CRC is " + wrong + ", want " + crc},
		{"lowercase CRC", body + "6304" + strings.ToLower(crc), "63", "not four uppercase hex"},
		{"non-hex CRC", body + "6304ZZZZ", "63", "not four uppercase hex"},
		{"CRC length", body + "63030AB", "63", "length 03, want 04"},
		{"truncated TLV", body + "630", "63", "truncated TLV"},
		{"bad length digits", strings.Replace(s, "5914WARUNG", "59X4WARUNG", 1), "59", `length "X4" is not two digits`},
		{"length past end", body + "5940WARUNG", "59", "length 40 runs past the end of the payload"},
		{"missing 59", withCRC(noName), "59", "missing Merchant Name"},
		{"missing 00", withCRC(body[6:]), "00", "missing"},
		{"bad 00", withCRC("000202" + body[6:]), "00", `"02"`},
		{"bad 01", withCRC(strings.Replace(body, "010211", "010213", 1)), "01", "point of initiation"},
		{"bad 52", withCRC(strings.Replace(body, "52045812", "520458A2", 1)), "52", "not 4 digits"},
		{"bad 58", withCRC(strings.Replace(body, "5802ID", "5802I1", 1)), "58", "2 uppercase letters"},
		{"long 60", withCRC(strings.Replace(body, "6007BANDUNG", "6016BANDUNGBANDUNGXX", 1)), "60", "16 characters"},
		{"bad 54", withCRC(strings.Replace(body, "5802ID", "54041.2.5802ID", 1)), "54", "more than one"},
		{"zero 54", withCRC(strings.Replace(body, "5802ID", "5404000.5802ID", 1)), "54", "greater than zero"},
		{"55 without 56", withCRC(strings.Replace(body, "5802ID", "5502025802ID", 1)), "56", "missing"},
		{"56 without 55", withCRC(strings.Replace(body, "5802ID", "56035005802ID", 1)), "56", "tag 55 is not 02"},
		{"duplicate", withCRC(body + "5802ID"), "58", "more than once"},
		{"no merchant account", withCRC(strings.Replace(body, "51440014ID.CO.QRIS.WWW0215ID10200123456780303UMI", "", 1)[:6] + body[strings.Index(body, "5204"):]), "26", "merchant account"},
		{"bad template", withCRC(strings.Replace(body, "5204", "6204ABCD5204", 1)), "62/AB", "tag is not two digits"},
		{"template past end", withCRC(strings.Replace(body, "5204", "62060599AB5204", 1)), "62/05", "runs past the end"},
		{"63 not last", body + "6304" + crc + "5802ID", "63", "last"},
		{"empty", "", "00", "empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.in)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Decode(%q) error = %v, want *Error", tc.in, err)
			}
			if e.Tag != tc.tag || !strings.Contains(err.Error(), tc.msg) || !strings.HasPrefix(err.Error(), "tag "+tc.tag+": ") {
				t.Fatalf("Decode(%q) error = %q, want tag %s and %q", tc.in, err, tc.tag, tc.msg)
			}
		})
	}
}

func TestErrorMessages(t *testing.T) {
	s := staticPayload()
	body := s[:len(s)-4]
	_, err := Decode(body + "1D3A")
	want := "tag 63: CRC is 1D3A, want " + s[len(s)-4:]
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	_, err = Parse(s[:len(s)-8] + "5940WARUNG")
	if err == nil || err.Error() != "tag 59: length 40 runs past the end of the payload" {
		t.Fatalf("got %v", err)
	}
}

// A payload with QRIS's templates is a QRIS payload: in rupiah, in Indonesia.
func TestQRISOtherCurrencyRefused(t *testing.T) {
	for _, tc := range []struct{ tag, value, msg string }{
		{"58", "MY", `tag 58: country is "MY"; a QRIS payload is Indonesian (ID)`},
		{"53", "458", `tag 53: currency is "458"; a QRIS payload is in rupiah (360)`},
	} {
		fs := staticFields()
		for i := range fs {
			if fs[i].Tag == tc.tag {
				fs[i] = NewField(tc.tag, tc.value)
			}
		}
		_, err := Decode(Encode(&Payload{Fields: fs}))
		if err == nil || err.Error() != tc.msg {
			t.Errorf("%s=%s: error %v, want %s", tc.tag, tc.value, err, tc.msg)
		}
	}
}

func TestDynamic(t *testing.T) {
	p := mustDecode(t, staticPayload())
	before := Encode(p)
	d, err := p.Dynamic(25000, DynamicOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if Encode(p) != before {
		t.Fatal("Dynamic modified the original")
	}
	s := Encode(d)
	if !strings.Contains(s, "53033605405250005802ID") {
		t.Fatalf("54 not just before 58: %s", s)
	}
	q := mustDecode(t, s)
	if q.Value("01") != "12" || q.Value("54") != "25000" {
		t.Fatalf("01=%q 54=%q", q.Value("01"), q.Value("54"))
	}
	if got := tags(q); got != "00 01 26 51 52 53 54 58 59 60 61 63" {
		t.Fatalf("tag order %s", got)
	}
	for _, tag := range []string{"00", "26", "51", "52", "53", "58", "59", "60", "61"} {
		a, _ := p.Get(tag)
		b, _ := q.Get(tag)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("tag %s changed: %+v -> %+v", tag, a, b)
		}
	}

	// Again, on the dynamic payload: the old amount is replaced.
	r, err := q.Dynamic(1500, DynamicOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Value("54") != "1500" || strings.Count(Encode(r), "5404") != 1 || strings.Contains(Encode(r), "25000") {
		t.Fatalf("second Dynamic: %s", Encode(r))
	}
	if got := tags(r); got != "00 01 26 51 52 53 54 58 59 60 61 63" {
		t.Fatalf("tag order %s", got)
	}
}

func TestDynamicRefAndFee(t *testing.T) {
	fs := staticFields()
	fs = append(fs, NewTemplate("62", NewField("01", "BILL1"), NewField("07", "KASIR-01")))
	p := mustDecode(t, Encode(&Payload{Fields: fs}))
	d, err := p.Dynamic(25000, DynamicOptions{PercentageFee: "0.7", ReferenceLabel: "INV-2024-0001"})
	if err != nil {
		t.Fatal(err)
	}
	q := mustDecode(t, Encode(d))
	if got := tags(q); got != "00 01 26 51 52 53 54 55 57 58 59 60 61 62 63" {
		t.Fatalf("tag order %s", got)
	}
	if q.Value("55") != "03" || q.Value("57") != "0.7" || q.Value("54") != "25000" {
		t.Fatalf("fee: %+v", q.Fields)
	}
	f, _ := q.Get("62")
	if len(f.Sub) != 3 || f.Sub[0].Tag != "01" || f.Sub[1].Tag != "05" || f.Sub[1].Value != "INV-2024-0001" || f.Sub[2].Value != "KASIR-01" {
		t.Fatalf("62: %+v", f.Sub)
	}

	// Replace fee with a fixed one and the label with another.
	r, err := q.Dynamic(30000, DynamicOptions{FixedFee: 1000, ReferenceLabel: "INV-2"})
	if err != nil {
		t.Fatal(err)
	}
	if got := tags(r); got != "00 01 26 51 52 53 54 56 58 59 60 61 62 63" && got != "00 01 26 51 52 53 54 55 56 58 59 60 61 62 63" {
		t.Fatalf("tag order %s", got)
	}
	if r.Value("55") != "02" || r.Value("56") != "1000" || r.SubValue("62", "05") != "INV-2" {
		t.Fatalf("fixed fee: %+v", r.Fields)
	}

	// No 62 yet: one is added before 63.
	p2, _ := Decode(staticPayload())
	d2, err := p2.Dynamic(10, DynamicOptions{ReferenceLabel: "X"})
	if err != nil {
		t.Fatal(err)
	}
	if got := tags(d2); got != "00 01 26 51 52 53 54 58 59 60 61 62 63" || d2.SubValue("62", "05") != "X" {
		t.Fatalf("tag order %s", got)
	}
}

func TestDynamicErrors(t *testing.T) {
	p, _ := Decode(staticPayload())
	for _, tc := range []struct {
		amount int64
		opt    DynamicOptions
	}{
		{0, DynamicOptions{}},
		{-5, DynamicOptions{}},
		{100000000000000, DynamicOptions{}},
		{10, DynamicOptions{FixedFee: 1, PercentageFee: "1"}},
		{10, DynamicOptions{PercentageFee: "100"}},
		{10, DynamicOptions{PercentageFee: "abc"}},
		{10, DynamicOptions{ReferenceLabel: strings.Repeat("x", 26)}},
	} {
		if _, err := p.Dynamic(tc.amount, tc.opt); err == nil || !strings.HasPrefix(err.Error(), "tag ") {
			t.Errorf("Dynamic(%d, %+v) error = %v", tc.amount, tc.opt, err)
		}
	}
}

func TestTagName(t *testing.T) {
	for _, tc := range [][3]string{
		{"00", "", "Payload Format Indicator"},
		{"26", "", "Merchant Account Information"},
		{"51", "", "Merchant Account Information"},
		{"59", "", "Merchant Name"},
		{"63", "", "CRC"},
		{"05", "62", "Reference Label"},
		{"00", "26", "Globally Unique Identifier"},
		{"02", "51", "National Merchant ID (NMID)"},
		{"01", "64", "Merchant Name - Alternate Language"},
		{"85", "", "Unreserved Template"},
		{"xx", "", ""},
	} {
		if got := TagName(tc[0], tc[1]); got != tc[2] {
			t.Errorf("TagName(%q, %q) = %q, want %q", tc[0], tc[1], got, tc[2])
		}
	}
}

func tags(p *Payload) string {
	var s []string
	for _, f := range p.Fields {
		s = append(s, f.Tag)
	}
	return strings.Join(s, " ")
}

func FuzzParse(f *testing.F) {
	f.Add(staticPayload())
	f.Add(emvcoSample)
	for _, c := range otherSchemes {
		f.Add(c.payload)
	}
	f.Add("000201")
	f.Add("5940WARUNG")
	f.Add("6304ZZZZ")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		_ = Encode(p)
		for _, fl := range p.Fields {
			_ = TagName(fl.Tag, "")
		}
		if p.Validate() != nil {
			return
		}
		q, err := Parse(Encode(p))
		if err != nil {
			t.Fatalf("Parse(Encode(p)): %v", err)
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("round trip differs:\n%+v\n%+v", p, q)
		}
		if d, err := p.Dynamic(12345, DynamicOptions{ReferenceLabel: "R"}); err == nil {
			if _, err := Decode(Encode(d)); err != nil {
				t.Fatalf("Decode(Dynamic): %v", err)
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	s := staticPayload()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDynamic(b *testing.B) {
	p := mustDecode(b, staticPayload())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Dynamic(25000, DynamicOptions{ReferenceLabel: "INV-1"}); err != nil {
			b.Fatal(err)
		}
	}
}

// mustDecode decodes s, failing the test if it is not a valid payload.
func mustDecode(tb testing.TB, s string) *Payload {
	tb.Helper()
	p, err := Decode(s)
	if err != nil {
		tb.Fatalf("Decode(%q): %v", s, err)
	}
	return p
}
