// Package coop is what the cooperative does, for every front end: the WhatsApp flows, the
// admin menu, the command line and the web pages. The operations are moving here from
// flows/ (see ARCHITECTURE.md); it holds the rules they share and the typed refusal that
// each front end puts in its own words.
package coop

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MinReasonLetters is the fewest letters a reason staff give a member has: the member reads
// it and must be able to act on it ("Ditolak" alone tells them nothing).
const MinReasonLetters = 10

// RefusalCode names an expected "no" of the cooperative's rules.
type RefusalCode string

// The refusals.
const (
	ReasonTooShort RefusalCode = "reason_too_short" // Min: the fewest letters; Got: how many there were
)

// Refusal is an expected "no", with the figures a front end needs to say why.
type Refusal struct {
	Code     RefusalCode
	Min, Got int64
}

func (r *Refusal) Error() string {
	switch r.Code {
	case ReasonTooShort:
		return fmt.Sprintf("a reason the member can act on needs at least %d letters (this one has %d)", r.Min, r.Got)
	}
	return string(r.Code)
}

// CheckReason refuses a reason too short for the member to act on.
func CheckReason(reason string) error {
	if n := utf8.RuneCountInString(strings.TrimSpace(reason)); n < MinReasonLetters {
		return &Refusal{Code: ReasonTooShort, Min: MinReasonLetters, Got: int64(n)}
	}
	return nil
}
