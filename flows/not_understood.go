package flows

import (
	"context"
	"unicode"
)

// phraseRunes is how much of a phrase not understood is kept.
const phraseRunes = 200

// countMisunderstood counts what the member wrote that the bot did not understand, so that
// staff can add the words members use (kopbot phrases): text is normalised, every long
// number masked, and nothing typed at a PIN prompt is ever counted.
func (c *call) countMisunderstood(ctx context.Context, text string) error {
	if c.atPIN {
		return nil
	}
	phrase := clip(MaskDigits(text), phraseRunes)
	if !wordsIn(phrase) {
		return nil // a bare number (masked), punctuation: nothing staff could add
	}
	day := c.at.In(c.runner.location())
	return c.tx.CountMisunderstood(ctx, c.in.Branch, day, phrase, c.at)
}

// wordsIn reports whether s holds anything but digits, masks, spaces and punctuation.
func wordsIn(s string) bool {
	for _, r := range s {
		if r != '•' && !unicode.IsDigit(r) && !unicode.IsSpace(r) && !unicode.IsPunct(r) {
			return true
		}
	}
	return false
}
