package intent

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
)

// Message is one message as the vocabulary reads it. Read it once and ask it anything.
type Message struct {
	Text  string   // as the member wrote it, trimmed
	Words []string // normalised, abbreviations expanded, typos corrected

	lex     *Lexicon
	guessed []bool  // Words[i] is a typo's correction by edit distance: never a yes
	core    []int   // the words that are not fillers (all of them when every word is one)
	matches []match // every vocabulary phrase found in Words
}

// match is a phrase found in a message: Words[start:end], fillers inside skipped.
type match struct {
	start, end int
	p          *phrase
}

// Read reads one message.
func (l *Lexicon) Read(text string) Message {
	ts := tokens(text, l.emoji)
	words := make([]string, 0, len(ts))
	var guessed []bool
	for _, t := range ts {
		t, g := l.spell(t)
		if full, ok := l.abbrev[t]; ok {
			words = append(words, full...)
		} else {
			words = append(words, t)
		}
		for len(guessed) < len(words) {
			guessed = append(guessed, g)
		}
	}
	m := Message{Text: strings.TrimSpace(text), Words: words, lex: l, guessed: guessed}
	for i, w := range words {
		if !l.filler[w] {
			m.core = append(m.core, i)
		}
	}
	if len(m.core) == 0 {
		for i := range words {
			m.core = append(m.core, i)
		}
	}
	m.matches = l.find(words)
	return m
}

// find lists every phrase of the vocabulary in words. A phrase's words must come in
// order; fillers between them are skipped ("cek dong saldo" has "cek saldo").
func (l *Lexicon) find(words []string) []match {
	var ms []match
	for i, w := range words {
		for _, p := range l.phrases[w] {
			j := i + 1
			ok := true
			for _, pw := range p.words[1:] {
				for j < len(words) && words[j] != pw && l.filler[words[j]] {
					j++
				}
				if j >= len(words) || words[j] != pw {
					ok = false
					break
				}
				j++
			}
			if ok {
				ms = append(ms, match{i, j, p})
			}
		}
	}
	return ms
}

// cover chooses, longest first, phrases that do not overlap among those keep accepts,
// and reports which words they cover and how many words of the vocabulary they are.
func (m Message) cover(keep func(*phrase) bool) (covered []bool, words int) {
	covered = make([]bool, len(m.Words))
	var ms []match
	for _, x := range m.matches {
		if keep(x.p) {
			ms = append(ms, x)
		}
	}
	sort.SliceStable(ms, func(i, j int) bool { return len(ms[i].p.words) > len(ms[j].p.words) })
	for _, x := range ms {
		free := true
		for i := x.start; i < x.end; i++ {
			if covered[i] && !m.lex.filler[m.Words[i]] {
				free = false
			}
		}
		if !free {
			continue
		}
		for i := x.start; i < x.end; i++ {
			covered[i] = true
		}
		words += len(x.p.words)
	}
	return covered, words
}

// allowed are the ways of answering a message of each kind may also hold: "ok
// makasih" is a yes, "gak jadi deh, makasih" a stop.
var allowed = map[Kind][]Kind{
	Yes:      {Yes, Thanks},
	No:       {No, Stop, Thanks},
	Stop:     {Stop, No, Thanks},
	Thanks:   {Thanks, Yes, Greeting},
	Greeting: {Greeting, Thanks},
}

// Is reports whether the message is wholly an answer of kind k: "iya kak" is a Yes,
// "gak jadi deh" a Stop, "makasih ya" Thanks. A message that is also something else
// ("ya, tapi kirim 2jt") is not. A yes is never guessed: a word corrected from a typo
// ("siapa" is one letter from "siap") makes a message no Yes. A never-mind may name
// what is dropped ("gak jadi transfer", "ga usah tarik tunai"): one service's words.
func (m Message) Is(k Kind) bool {
	if len(m.Words) == 0 {
		return false
	}
	ok := allowed[k]
	if ok == nil {
		ok = []Kind{k}
	}
	if k == Yes {
		for _, i := range m.core {
			if m.guessed[i] {
				return false
			}
		}
	}
	var dropped []bool
	if k == Stop {
		dropped = m.dropped()
	}
	covered, _ := m.cover(func(p *phrase) bool {
		for _, pk := range p.kinds {
			if slices.Contains(ok, pk) {
				return true
			}
		}
		return false
	})
	own, _ := m.cover(func(p *phrase) bool { return slices.Contains(p.kinds, k) })
	found := false
	for _, i := range m.core {
		switch {
		case own[i]:
			found = true
		case covered[i]:
		case k == Greeting && m.lex.generic[m.Words[i]]: // "halo, mau tanya"
		case dropped != nil && dropped[i]: // "gak jadi transfer"
		default:
			return false
		}
	}
	return found
}

// dropped marks the words after a never-mind that may name what is dropped ("gak jadi",
// "never mind": the vocabulary's dropping): words of one service, or of services that
// share them ("gak jadi bayar"), and words of no phrase; nil when two services are named
// ("gak jadi transfer, cek saldo aja" asks for the second).
func (m Message) dropped() []bool {
	from := -1
	for _, x := range m.matches {
		if slices.Contains(x.p.kinds, Stop) && m.lex.dropping[strings.Join(x.p.words, " ")] && (from < 0 || x.end < from) {
			from = x.end
		}
	}
	if from < 0 {
		return nil
	}
	out := make([]bool, len(m.Words))
	var common []string
	first := true
	for _, i := range m.core {
		if i < from {
			continue
		}
		var svcs []string
		for _, x := range m.matches {
			if x.start >= from && x.start <= i && i < x.end {
				for _, s := range x.p.svcs {
					if !slices.Contains(svcs, s) {
						svcs = append(svcs, s)
					}
				}
			}
		}
		if len(svcs) == 0 {
			// A word of no phrase names what is dropped too ("gak jadi kirim ke budi"), but
			// no figure ("gak jadi 500rb, 300rb aja" changes an amount); answers Is decides.
			out[i] = !hasDigit(m.Words[i]) && !slices.ContainsFunc(m.matches, func(x match) bool { return x.start <= i && i < x.end })
			continue
		}
		if first {
			common, first = svcs, false
		} else {
			common = slices.DeleteFunc(common, func(s string) bool { return !slices.Contains(svcs, s) })
		}
		out[i] = true
	}
	if !first && len(common) == 0 {
		return nil
	}
	return out
}

// YesNo reads the answer to a yes-or-no question: yes, or no (a never-mind is a no),
// or ok=false when it is neither or both. "1" is yes and "2" no, as the questions list them.
func (m Message) YesNo() (yes, ok bool) {
	switch {
	case m.Is(Stop) || m.Is(No):
		return false, true
	case m.Is(Yes):
		return true, true
	}
	if n, ok := m.Choice(2); ok {
		return n == 1, true
	}
	return false, false
}

// Choice reads a position in a list of n: "2", "2.", "pilihan 2", "nomor 2", "yang kedua",
// "ke-2", "dua", "the second", "terakhir". It returns 1..n.
func (m Message) Choice(n int) (int, bool) {
	var rest []string
	for _, i := range m.core {
		if w := m.Words[i]; !m.lex.choice[w] {
			rest = append(rest, m.lex.choiceDigits(w))
		}
	}
	if len(rest) == 0 {
		return 0, false
	}
	key := strings.Join(rest, " ")
	v, ok := m.lex.numbers[key]
	if !ok {
		if len(rest) != 1 {
			return 0, false
		}
		var err error
		if v, err = strconv.Atoi(strings.TrimLeft(rest[0], "0")); err != nil {
			return 0, false
		}
	}
	if v == -1 {
		v = n
	}
	if v < 1 || v > n {
		return 0, false
	}
	return v, true
}

// choiceDigits reads a position written against its word, "ke3" or "no2", as its digits;
// any other word is itself.
func (l *Lexicon) choiceDigits(w string) string {
	i := strings.IndexFunc(w, isDigit)
	if i <= 0 || !l.choice[w[:i]] || strings.TrimLeftFunc(w[i:], isDigit) != "" {
		return w
	}
	return w[i:]
}

// Pick reads which of labels (the options as the member saw them) was chosen: its
// position, or words of its label found in no other ("baru" for "Tarik baru").
func (m Message) Pick(labels []string) (int, bool) {
	if n, ok := m.Choice(len(labels)); ok {
		return n, true
	}
	var want []string
	for _, i := range m.core {
		if w := m.Words[i]; !m.lex.choice[w] {
			want = append(want, w)
		}
	}
	if len(want) == 0 {
		return 0, false
	}
	found := 0
	for li, label := range labels {
		have := m.lex.wordsOf(label)
		all := true
		for _, w := range want {
			if !slices.ContainsFunc(have, func(h string) bool { return h == w || near(h, w) }) {
				all = false
				break
			}
		}
		if all {
			if found != 0 {
				return 0, false // in two labels: ask again
			}
			found = li + 1
		}
	}
	return found, found != 0
}

// near reports whether w is a typo of h: one edit in a word of four letters or more.
func near(h, w string) bool {
	if utf8.RuneCountInString(w) < 4 || utf8.RuneCountInString(h) < 4 {
		return false
	}
	return levenshtein.ComputeDistance(h, w) <= 1
}

// OnlyFillers reports whether the message holds nothing but politeness and addressing
// ("kak", "min?"): someone waiting to be answered.
func (m Message) OnlyFillers() bool {
	if len(m.Words) == 0 {
		return false
	}
	for _, w := range m.Words {
		if !m.lex.filler[w] {
			return false
		}
	}
	return !m.Is(Yes)
}

// Empty reports whether the message holds no words at all (an emoji of no meaning, a dot).
func (m Message) Empty() bool { return len(m.Words) == 0 }

// OnlyAPosition reports whether the message holds nothing but numbers and the words around
// a position ("7", "nomor 7", "yang kelima", "0104-00002-1"): an attempt at picking.
func (m Message) OnlyAPosition() bool {
	if len(m.core) == 0 {
		return false
	}
	for _, i := range m.core {
		w := m.Words[i]
		_, isNumber := m.lex.numbers[w]
		if !hasDigit(w) && !isNumber && !m.lex.choice[w] {
			return false
		}
	}
	return true
}
