package coop

import (
	"errors"
	"fmt"
	"testing"

	"github.com/kopbot/kopbot/store"
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

// A refusal is found by its code, and the refusals that are the store's own "no" are found
// by the store's errors too, wrapped or not.
func TestRefusalIs(t *testing.T) {
	over := fmt.Errorf("reverse TRX-000001: %w", &Refusal{Code: OverWithdrawable, Subject: "01••••13", Got: 10, Max: 5})
	if !errors.Is(over, OverWithdrawable) || !errors.Is(over, store.ErrInsufficientFunds) || errors.Is(over, Overpayment) || errors.Is(over, store.ErrAccountInactive) {
		t.Errorf("over the limit: Is does not match its code and the store's insufficient funds only")
	}
	inactive := &Refusal{Code: AccountInactive, Subject: "01••••13", Status: "frozen"}
	if !errors.Is(inactive, store.ErrAccountInactive) || errors.Is(inactive, store.ErrInsufficientFunds) {
		t.Errorf("inactive: Is does not match the store's inactive account only")
	}
	if errors.Is(inactive, errors.New(string(AccountInactive))) {
		t.Errorf("a refusal matched an error that is not its code")
	}
}
