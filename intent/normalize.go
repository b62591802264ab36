package intent

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
)

// Normalize is a message as the vocabulary reads it, before abbreviations: lower
// case, WhatsApp formatting, punctuation and emoji dropped, letters repeated for
// emphasis collapsed, single spaces. Numbers keep their separators (1.500.000,
// 0812-3456-7890, 17/08/1990). It is what staff see of misunderstood phrases.
func Normalize(s string) string { return strings.Join(tokens(s, nil), " ") }

// tokens splits s into lower-case words and numbers; emoji in the map become their word.
func tokens(s string, emoji map[string]string) []string {
	s = strings.ToLower(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	var prev rune = ' '
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x2000 && emoji != nil { // emoji and other symbols live above the letters members use
			if w, n := emojiAt(s[i:], emoji); n > 0 {
				b.WriteString(" " + w + " ")
				i += n
				prev = ' '
				continue
			}
		}
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			prev = r
		case (r == '.' || r == ',' || r == '-' || r == '/' || r == ':') && isDigit(prev) && isDigit(next):
			b.WriteRune(r) // 1.500.000, 1,5jt, 0812-3456, 17/08/1990
			prev = r
		case (r == '\'' || r == '’' || r == '-') && unicode.IsLetter(prev) && unicode.IsLetter(next):
			// assalamu'alaikum, e-ktp: one word
		default:
			if prev != ' ' {
				b.WriteByte(' ')
			}
			prev = ' '
		}
		i += size
	}
	out := strings.Fields(b.String())
	for i, t := range out {
		out[i] = collapseRuns(t, 3)
	}
	return out
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func hasDigit(s string) bool {
	return strings.ContainsFunc(s, isDigit)
}

// emojiAt reports which word the emoji at the start of s stands for, and its length with
// any skin tone or presentation selector after it; 0 when it is none of ours.
func emojiAt(s string, emoji map[string]string) (string, int) {
	for e, w := range emoji {
		if strings.HasPrefix(s, e) {
			n := len(e)
			for n < len(s) {
				r, size := utf8.DecodeRuneInString(s[n:])
				if r != 0xFE0F && r != 0x200D && !(r >= 0x1F3FB && r <= 0x1F3FF) {
					break
				}
				n += size
			}
			return w, n
		}
	}
	return "", 0
}

// collapseRuns shortens every run of at least n of the same letter to one: "okeee" -> "oke".
func collapseRuns(t string, n int) string {
	rs := []rune(t)
	out := rs[:0:0]
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && rs[j] == rs[i] {
			j++
		}
		if j-i >= n && unicode.IsLetter(rs[i]) {
			out = append(out, rs[i])
		} else {
			out = append(out, rs[i:j]...)
		}
		i = j
	}
	if len(out) == len(rs) {
		return t
	}
	return string(out)
}

// expand replaces abbreviations with what they stand for.
func (l *Lexicon) expand(ts []string) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		if full, ok := l.abbrev[t]; ok {
			out = append(out, full...)
			continue
		}
		out = append(out, t)
	}
	return out
}

// spell finds the word the vocabulary knows that t was meant to be: t itself, t with
// doubled letters made single ("makasihh"), or the one word within a small edit distance
// when only one fits (or all that fit mean the same). Short words are never corrected.
// guessed reports the last kind, a correction by edit distance: a guess, which is never
// taken as a yes ("siapa" is one letter from "siap", "bentar" from "benar").
func (l *Lexicon) spell(t string) (w string, guessed bool) {
	if l.known[t] || l.abbrev[t] != nil || hasDigit(t) {
		return t, false
	}
	if d := collapseRuns(t, 2); d != t && (l.known[d] || l.abbrev[d] != nil) {
		return d, false
	}
	n := utf8.RuneCountInString(t)
	if n < 4 || n > 30 {
		return t, false
	}
	limit := 1
	if n >= 7 {
		limit = 2
	}
	best, bestDist := "", limit+1
	ambiguous := false
	for m := n - limit; m <= n+limit; m++ {
		for _, w := range l.byLen[m] {
			d := levenshtein.ComputeDistance(t, w)
			switch {
			case d < bestDist:
				best, bestDist, ambiguous = w, d, false
			case d == bestDist && best != "":
				if l.tags[w] != l.tags[best] {
					ambiguous = true
				} else if utf8.RuneCountInString(w) > utf8.RuneCountInString(best) {
					best = w
				}
			}
		}
	}
	if best == "" || ambiguous {
		return t, false
	}
	return best, true
}
