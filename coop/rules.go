// Package coop is what the cooperative does, for every front end: the WhatsApp flows, the
// admin menu, the command line and the web pages. Its operations (staff decisions, teller,
// deposit and withdrawal requests, KTP decisions and the aggregator checker, QRIS
// settlement, notices, the scheduled jobs) take the caller's *store.Tx, so a conversation
// step stays one transaction; what runs outside a member's message hangs off an Office. An
// expected "no" is a *Refusal, which each front end puts in its own words.
package coop

import (
	"strings"
	"time"
	"unicode/utf8"
)

// MinReasonLetters is the fewest letters a reason staff give a member has: the member reads
// it and must be able to act on it ("Ditolak" alone tells them nothing).
const MinReasonLetters = 10

// CheckReason refuses a reason too short for the member to act on.
func CheckReason(reason string) error {
	if n := utf8.RuneCountInString(strings.TrimSpace(reason)); n < MinReasonLetters {
		return &Refusal{Code: ReasonTooShort, Min: MinReasonLetters, Got: int64(n)}
	}
	return nil
}

// Attempts limits: how often something may fail before the cooperative stops trying.
const (
	// DefaultPINAttempts are the wrong PINs in a row before a member is locked out, when
	// config does not say (members.pin_attempts).
	DefaultPINAttempts = 3
	// DefaultKTPAttempts are the calls to the KTP aggregator before staff review the KTP
	// instead, when config does not say (ktp.http.attempts).
	DefaultKTPAttempts = 4
	// DefaultKTPBackoff is the wait after the first failed call to the aggregator, doubling after each.
	DefaultKTPBackoff = 30 * time.Second
)
