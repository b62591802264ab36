package qris

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

// DynamicOptions are the optional parts of a dynamic payload.
type DynamicOptions struct {
	// FixedFee, when > 0, adds a fixed convenience fee in whole rupiah
	// (55=02, 56=FixedFee).
	FixedFee int64
	// PercentageFee, when not empty, adds a percentage convenience fee
	// (55=03, 57=PercentageFee), e.g. "0.7".
	PercentageFee string
	// ReferenceLabel, when not empty, is written to tag 62 sub-tag 05,
	// keeping the other sub-tags of 62.
	ReferenceLabel string
}

// Dynamic returns a copy of p made dynamic: point of initiation "12",
// amount in tag 54 (whole rupiah, no decimals) placed just before tag 58,
// any old 54/55/56/57 removed, the optional fee and reference label set,
// every other tag kept in its order, and a fresh CRC. The result is
// validated. p must be a QRIS payload (the amount is in rupiah); a payload
// of another scheme is refused. p is not modified.
func (p *Payload) Dynamic(amount int64, opt DynamicOptions) (*Payload, error) {
	if err := p.requireQRIS(); err != nil {
		return nil, err
	}
	if amount <= 0 {
		return nil, errf("54", "amount %d must be greater than zero", amount)
	}
	amt := strconv.FormatInt(amount, 10)
	if len(amt) > 13 {
		return nil, errf("54", "amount %s is longer than 13 digits", amt)
	}
	var fee []Field
	switch {
	case opt.FixedFee > 0 && opt.PercentageFee != "":
		return nil, errors.New("tag 55: both a fixed and a percentage fee given")
	case opt.FixedFee < 0:
		return nil, errf("56", "fixed fee %d is negative", opt.FixedFee)
	case opt.FixedFee > 0:
		s := strconv.FormatInt(opt.FixedFee, 10)
		if e := checkAmount(s); e != "" {
			return nil, errf("56", "fixed fee %q %s", s, e)
		}
		fee = []Field{NewField("55", "02"), NewField("56", s)}
	case opt.PercentageFee != "":
		if e := checkPercent(opt.PercentageFee); e != "" {
			return nil, errf("57", "percentage fee %q %s", opt.PercentageFee, e)
		}
		fee = []Field{NewField("55", "03"), NewField("57", opt.PercentageFee)}
	}
	if l := utf8.RuneCountInString(opt.ReferenceLabel); l > 25 {
		return nil, errf("62/05", "reference label is %d characters, want at most 25", l)
	}

	out := make([]Field, 0, len(p.Fields)+4)
	havePOI := false
	for _, f := range p.Fields {
		switch f.Tag {
		case "54", "55", "56", "57", "63":
			continue
		case "01":
			f.Value = "12"
			havePOI = true
		}
		if f.Sub != nil {
			f.Sub = append([]Field(nil), f.Sub...)
		}
		out = append(out, f)
	}
	if !havePOI {
		at := 0
		if len(out) > 0 && out[0].Tag == "00" {
			at = 1
		}
		out = insert(out, at, NewField("01", "12"))
	}

	// Amount and fee go just before 58, or before the first tag above 57.
	at := len(out)
	for i, f := range out {
		if f.Tag == "58" {
			at = i
			break
		}
	}
	if at == len(out) {
		for i, f := range out {
			if n, ok := tagNum(f.Tag); ok && n > 57 {
				at = i
				break
			}
		}
	}
	out = insert(out, at, append([]Field{NewField("54", amt)}, fee...)...)

	if opt.ReferenceLabel != "" {
		ref := NewField("05", opt.ReferenceLabel)
		idx := -1
		for i, f := range out {
			if f.Tag == "62" {
				idx = i
				break
			}
		}
		if idx >= 0 {
			out[idx] = NewTemplate("62", setSub(out[idx].Sub, ref)...)
		} else {
			at := len(out)
			for i, f := range out {
				if n, ok := tagNum(f.Tag); ok && n > 62 {
					at = i
					break
				}
			}
			out = insert(out, at, NewTemplate("62", ref))
		}
	}

	q := &Payload{Fields: out}
	q.Fields = append(q.Fields, NewField("63", hex4(q.CRC())))
	if err := q.Validate(); err != nil {
		return nil, err
	}
	return q, nil
}

func insert(fs []Field, at int, add ...Field) []Field {
	fs = append(fs, add...)
	copy(fs[at+len(add):], fs[at:len(fs)-len(add)])
	copy(fs[at:], add)
	return fs
}

// setSub replaces sub-field f.Tag in subs, or inserts it before the first
// sub-tag that sorts after it.
func setSub(subs []Field, f Field) []Field {
	for i, s := range subs {
		if s.Tag == f.Tag {
			subs[i] = f
			return subs
		}
	}
	at := len(subs)
	for i, s := range subs {
		if s.Tag > f.Tag {
			at = i
			break
		}
	}
	return insert(subs, at, f)
}
