package intent

import (
	"slices"
	"sort"
	"strings"
)

// Match is how well a message fits one service.
type Match struct {
	Service string
	// Score is the share of what the message asks that the service's words cover (0..1),
	// plus a little for each further word of its phrases: "pinjaman saya" fits Cek
	// Pinjaman a little better than Pinjaman.
	Score float64
}

// Guess is which service a message asks for.
type Guess struct {
	// Services holds one service when one fits clearly, several (best first) when they
	// fit about equally and the member must be asked which, none when nothing fits.
	Services []string
	// Near are the services that fit somewhat when none fits well enough, best first.
	Near []string
}

const (
	enough = 0.5   // a service must cover at least half of what a message asks
	equal  = 0.015 // scores this close are a tie: ask
	bonus  = 0.02  // for each word of a service's phrases beyond the first
)

// Scores rates every service the message has words of, best first.
func (m Message) Scores() []Match {
	if len(m.Words) == 0 {
		return nil
	}
	anyService, _ := m.cover(func(p *phrase) bool { return len(p.svcs) > 0 })
	answer, _ := m.cover(func(p *phrase) bool { return len(p.kinds) > 0 })
	// What the message asks: its words but fillers, words that only ask ("cek",
	// "berapa"), numbers and answers, unless a service's phrase holds them.
	var content []int
	for _, i := range m.core {
		w := m.Words[i]
		neutral := m.lex.generic[w] || hasDigit(w) || answer[i] || m.lex.filler[w]
		if !neutral || anyService[i] {
			content = append(content, i)
		}
	}
	if len(content) == 0 {
		return nil
	}
	var out []Match
	for _, svc := range m.serviceNames() {
		covered, words := m.cover(func(p *phrase) bool { return slices.Contains(p.svcs, svc) })
		n := 0
		for _, i := range content {
			if covered[i] {
				n++
			}
		}
		if n == 0 {
			continue
		}
		extra := min(max(words-n, 0), 5)
		out = append(out, Match{Service: svc, Score: float64(n)/float64(len(content)) + bonus*float64(extra)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// serviceNames are the services any phrase of the message belongs to, in the
// vocabulary's order.
func (m Message) serviceNames() []string {
	var out []string
	for _, x := range m.matches {
		for _, s := range x.p.svcs {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Guess decides which service the message asks for. offered reports the services this
// member is offered (on their menu): among services that fit equally well, those
// offered win; one not offered is chosen when it alone fits best, so that the member can
// be told why they cannot use it.
func (m Message) Guess(offered func(service string) bool) Guess {
	scores := m.Scores()
	if len(scores) == 0 || scores[0].Score < enough {
		var g Guess
		for _, s := range scores {
			if offered(s.Service) && len(g.Near) < 3 {
				g.Near = append(g.Near, s.Service)
			}
		}
		return g
	}
	top := scores[0].Score
	var tied, mine []string
	for _, s := range scores {
		if s.Score >= top-equal {
			tied = append(tied, s.Service)
			if offered(s.Service) && len(mine) < 4 {
				mine = append(mine, s.Service)
			}
		}
	}
	if len(mine) > 0 {
		return Guess{Services: mine}
	}
	return Guess{Services: tied[:1]}
}

// Named lists the services whose name the message is, whole (politeness aside):
// "saldo", "cek tabungan kak". Names start a service even in the middle of another.
func (m Message) Named() []string {
	var all, asked []string
	for _, i := range m.core {
		all = append(all, m.Words[i])
		if !m.lex.generic[m.Words[i]] {
			asked = append(asked, m.Words[i])
		}
	}
	if names := m.lex.names[strings.Join(all, " ")]; len(names) > 0 {
		return names
	}
	return m.lex.names[strings.Join(asked, " ")] // "info saldo", "cek pin dong"
}

// NameOf is the first name the vocabulary gives a service in lang (id or en): what a
// member types to start it, e.g. "cek tabungan".
func (l *Lexicon) NameOf(service, lang string) string {
	if n := l.firstName[lang+"/"+service]; n != "" {
		return n
	}
	return l.firstName["id/"+service]
}
