// Package qris parses, validates, encodes and modifies QRIS payloads.
//
// QRIS is Indonesia's national QR payment standard, built on EMVCo
// Merchant-Presented Mode (MPM). A payload is a sequence of TLV fields:
// a two-digit tag, a two-digit length and a value whose length is counted
// in characters (runes), not bytes. Tags 26-51 (merchant account
// information), 62 (additional data) and 64 (language template) are
// templates whose values are themselves TLV sequences. Tags 80-99
// (unreserved templates) are kept as plain values.
//
// The package does no I/O. Parse only checks the TLV structure; Validate
// checks the EMVCo/QRIS field rules including the CRC; Decode does both.
package qris

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Field is one TLV field. For template tags (26-51, 62, 64 at the top
// level) Sub holds the parsed sub-fields and Value holds their encoding.
type Field struct {
	Tag   string  `json:"tag"`
	Value string  `json:"value"`
	Sub   []Field `json:"sub,omitempty"`
}

// Payload is a parsed payload: the top-level fields in payload order.
type Payload struct {
	Fields []Field `json:"fields"`
}

// Error is a parse or validation error about one tag. Tag is the
// top-level tag, or "parent/sub" for a sub-field of a template.
type Error struct {
	Tag string
	Msg string
}

func (e *Error) Error() string { return "tag " + e.Tag + ": " + e.Msg }

func errf(tag, format string, args ...any) error {
	return &Error{Tag: tag, Msg: fmt.Sprintf(format, args...)}
}

// IsTemplate reports whether a top-level tag holds nested TLV fields.
func IsTemplate(tag string) bool {
	n, ok := tagNum(tag)
	if !ok {
		return false
	}
	return (n >= 26 && n <= 51) || n == 62 || n == 64
}

func tagNum(tag string) (int, bool) {
	if len(tag) != 2 || !isDigit(tag[0]) || !isDigit(tag[1]) {
		return 0, false
	}
	return int(tag[0]-'0')*10 + int(tag[1]-'0'), true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// NewField returns a primitive field.
func NewField(tag, value string) Field { return Field{Tag: tag, Value: value} }

// NewTemplate returns a template field whose Value is the encoding of sub.
func NewTemplate(tag string, sub ...Field) Field {
	var b strings.Builder
	writeFields(&b, sub)
	return Field{Tag: tag, Value: b.String(), Sub: sub}
}

// Parse splits payload into TLV fields, descending into templates. It
// checks only the structure; use Validate or Decode for the field rules.
func Parse(payload string) (*Payload, error) {
	fields, err := parseTLV(payload, "", true)
	if err != nil {
		return nil, err
	}
	return &Payload{Fields: fields}, nil
}

// Decode parses payload and validates it, including the CRC.
func Decode(payload string) (*Payload, error) {
	p, err := Parse(payload)
	if err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// DecodeQRIS decodes payload like Decode and refuses a valid payload of
// another scheme (PromptPay, DuitNow, PayNow...): what kopbot charges, in
// rupiah, is a QRIS.
func DecodeQRIS(payload string) (*Payload, error) {
	p, err := Decode(payload)
	if err == nil {
		err = p.requireQRIS()
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Payload) requireQRIS() error {
	if s := p.Scheme(); s != SchemeQRIS {
		return errf("58", "the payload is %s (country %q), not QRIS; kopbot charges rupiah on QRIS payloads only", s, p.Value("58"))
	}
	return nil
}

func parseTLV(s, parent string, top bool) ([]Field, error) {
	var fields []Field
	i := 0
	for i < len(s) {
		rest := s[i:]
		if len(rest) < 4 {
			tag := rest
			if len(tag) > 2 {
				tag = tag[:2]
			}
			return nil, errf(parent+tag, "truncated TLV: %d character(s) left, want at least 4 for tag and length", utf8.RuneCountInString(rest))
		}
		tag := rest[:2]
		name := parent + tag
		if _, ok := tagNum(tag); !ok {
			return nil, errf(name, "tag is not two digits")
		}
		ls := rest[2:4]
		if !isDigit(ls[0]) || !isDigit(ls[1]) {
			return nil, errf(name, "length %q is not two digits", ls)
		}
		n := int(ls[0]-'0')*10 + int(ls[1]-'0')
		j := 4
		for k := 0; k < n; k++ {
			if j >= len(rest) {
				return nil, errf(name, "length %d runs past the end of the payload", n)
			}
			_, w := utf8.DecodeRuneInString(rest[j:])
			j += w
		}
		f := Field{Tag: tag, Value: rest[4:j]}
		if top && IsTemplate(tag) && f.Value != "" {
			sub, err := parseTLV(f.Value, tag+"/", false)
			if err != nil {
				return nil, err
			}
			f.Sub = sub
		}
		fields = append(fields, f)
		i += j
	}
	return fields, nil
}

// Encode writes p back as a payload string. Any tag 63 in p is dropped
// and a fresh tag 63 with the correct CRC is appended. Template fields
// with sub-fields are written from Sub. Values longer than 99 characters
// cannot be represented; Validate reports them.
func Encode(p *Payload) string {
	var b strings.Builder
	b.Grow(encodedLen(p.Fields) + 8)
	for _, f := range p.Fields {
		if f.Tag == "63" {
			continue
		}
		writeField(&b, f)
	}
	b.WriteString("6304")
	crc := CRC16([]byte(b.String()))
	b.WriteString(hex4(crc))
	return b.String()
}

func encodedLen(fs []Field) int {
	n := 0
	for _, f := range fs {
		n += 4 + len(f.Value)
	}
	return n
}

func writeFields(b *strings.Builder, fs []Field) {
	for _, f := range fs {
		writeField(b, f)
	}
}

func writeField(b *strings.Builder, f Field) {
	v := f.Value
	if len(f.Sub) > 0 {
		var sb strings.Builder
		writeFields(&sb, f.Sub)
		v = sb.String()
	}
	b.WriteString(f.Tag)
	n := utf8.RuneCountInString(v)
	if n < 10 {
		b.WriteByte('0')
	}
	b.WriteString(strconv.Itoa(n))
	b.WriteString(v)
}

func fieldValue(f Field) string {
	if len(f.Sub) > 0 {
		var sb strings.Builder
		writeFields(&sb, f.Sub)
		return sb.String()
	}
	return f.Value
}

const hexDigits = "0123456789ABCDEF"

func hex4(v uint16) string {
	return string([]byte{hexDigits[v>>12], hexDigits[v>>8&0xF], hexDigits[v>>4&0xF], hexDigits[v&0xF]})
}

// CRC16 is CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF,
// no reflection, no final XOR.
func CRC16(data []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, c := range data {
		crc ^= uint16(c) << 8
		for k := 0; k < 8; k++ {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// Get returns the first top-level field with tag.
func (p *Payload) Get(tag string) (Field, bool) {
	for _, f := range p.Fields {
		if f.Tag == tag {
			return f, true
		}
	}
	return Field{}, false
}

// Value returns the value of the first top-level field with tag, or "".
func (p *Payload) Value(tag string) string {
	f, _ := p.Get(tag)
	return f.Value
}

// SubValue returns the value of sub-field sub of the first template tag.
func (p *Payload) SubValue(tag, sub string) string {
	f, _ := p.Get(tag)
	for _, s := range f.Sub {
		if s.Tag == sub {
			return s.Value
		}
	}
	return ""
}

// Clone returns a deep copy of p.
func (p *Payload) Clone() *Payload {
	q := &Payload{Fields: make([]Field, len(p.Fields))}
	for i, f := range p.Fields {
		q.Fields[i] = f
		if f.Sub != nil {
			q.Fields[i].Sub = append([]Field(nil), f.Sub...)
		}
	}
	return q
}

// CRC returns the CRC of p as computed by Encode: over the encoding of
// every field before tag 63 followed by "6304".
func (p *Payload) CRC() uint16 {
	var b strings.Builder
	for _, f := range p.Fields {
		if f.Tag == "63" {
			break
		}
		writeField(&b, f)
	}
	b.WriteString("6304")
	return CRC16([]byte(b.String()))
}
