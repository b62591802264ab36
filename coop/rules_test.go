package coop

import (
	"errors"
	"testing"
)

func TestCheckReason(t *testing.T) {
	for _, tc := range []struct {
		reason string
		ok     bool
	}{
		{"Foto KTP buram", true},
		{"  Ditolak  ", false},
		{"123456789", false},
		{"1234567890", true},
		{"ééééééééé", false}, // letters, not bytes
		{"éééééééééé", true},
	} {
		err := CheckReason(tc.reason)
		var r *Refusal
		if tc.ok != (err == nil) || !tc.ok && (!errors.As(err, &r) || r.Code != ReasonTooShort || r.Min != MinReasonLetters) {
			t.Errorf("CheckReason(%q) = %v", tc.reason, err)
		}
	}
}
