package intent

import (
	"embed"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed vocab/*.yaml
var vocabFiles embed.FS

// Kind is a way of answering that works in every flow.
type Kind string

const (
	Yes          Kind = "yes"
	No           Kind = "no"
	Stop         Kind = "stop" // never mind: end what is under way
	Thanks       Kind = "thanks"
	Greeting     Kind = "greeting"
	Menu         Kind = "menu"
	Help         Kind = "help"
	Language     Kind = "language"
	RemindersOff Kind = "reminders-off"
	RemindersOn  Kind = "reminders-on"
)

var kinds = []Kind{Yes, No, Stop, Thanks, Greeting, Menu, Help, Language, RemindersOff, RemindersOn}

// vocab is one data file.
type vocab struct {
	Abbreviations map[string]string     `yaml:"abbreviations"`
	Emoji         map[string]string     `yaml:"emoji"`
	Fillers       []string              `yaml:"fillers"`
	Generic       []string              `yaml:"generic"`
	Answers       map[Kind][]string     `yaml:"answers"`
	Numbers       map[string]int        `yaml:"numbers"`
	Choice        []string              `yaml:"choice"`
	Amount        []string              `yaml:"amount"`
	Days          map[string]int        `yaml:"days"`
	Weekdays      map[string]int        `yaml:"weekdays"`
	Week          []string              `yaml:"week"`
	Months        map[string]int        `yaml:"months"`
	Weeks         map[string]int        `yaml:"weeks"`
	Dropping      []string              `yaml:"dropping"`
	Services      map[string]serviceVoc `yaml:"services"`
}

type serviceVoc struct {
	Names []string `yaml:"names"`
	Words []string `yaml:"words"`
}

// Extra is what a cooperative adds to the vocabulary in its config: abbreviations, and
// words (phrases) for services (by their flow name, e.g. cek-tabungan) or ways of
// answering (yes, no, stop, thanks, greeting, menu, help, language).
type Extra struct {
	Abbreviations map[string]string   `yaml:"abbreviations"`
	Words         map[string][]string `yaml:"words"`
}

// Lexicon is the vocabulary members are read with. It is read-only once made, and safe
// for any number of goroutines.
type Lexicon struct {
	abbrev    map[string][]string
	emoji     map[string]string
	filler    map[string]bool
	generic   map[string]bool
	choice    map[string]bool
	amount    map[string]bool
	numbers   map[string]int
	days      map[string]int
	weekdays  map[string]int  // a weekday's name -> time.Weekday
	week      map[string]bool // words that are also a week ("minggu lalu" is last week)
	months    map[string]int
	weeks     map[string]int       // weeks relative to this one ("minggu lalu" is -1), for Span
	dropping  map[string]bool      // never-minds that may name what is dropped ("gak jadi transfer")
	phrases   map[string][]*phrase // by first word
	names     map[string][]string  // a service's name, as its words joined by one space -> services
	services  []string             // every service the vocabulary knows, sorted
	known     map[string]bool      // every word of the vocabulary, for typo correction
	byLen     map[int][]string     // the same, by length in runes
	tags      map[string]tagSet    // every word -> what it can mean, to refuse ambiguous corrections
	dayWords  map[string]bool      // words of the days' and months' names ("hari", "tadi"), kept when reading a date
	firstName map[string]string    // "lang/service" -> the first of its names in that language's file
}

// phrase is one entry of the vocabulary: its words and everything it can mean.
type phrase struct {
	words []string
	kinds []Kind
	svcs  []string
}

// tagSet is what a word can mean, as a comparable value.
type tagSet string

func (l *Lexicon) tagOf(w string) tagSet {
	var b strings.Builder
	if l.filler[w] {
		b.WriteString("filler ")
	}
	if l.generic[w] {
		b.WriteString("generic ")
	}
	if n, ok := l.numbers[w]; ok {
		fmt.Fprintf(&b, "number:%d ", n)
	}
	for _, p := range l.phrases[w] {
		if len(p.words) == 1 {
			fmt.Fprint(&b, p.kinds, p.svcs)
		}
	}
	return tagSet(b.String())
}

var (
	defaultOnce sync.Once
	defaultLex  *Lexicon
	defaultErr  error
)

// Default is the vocabulary the project ships, without a cooperative's additions.
func Default() *Lexicon {
	defaultOnce.Do(func() { defaultLex, defaultErr = New(Extra{}) })
	if defaultErr != nil {
		panic(defaultErr) // the embedded files are tested
	}
	return defaultLex
}

// New builds the vocabulary from the embedded files and a cooperative's additions.
func New(extra Extra) (*Lexicon, error) {
	l := &Lexicon{abbrev: map[string][]string{}, emoji: map[string]string{}, filler: map[string]bool{}, generic: map[string]bool{},
		choice: map[string]bool{}, amount: map[string]bool{}, numbers: map[string]int{}, days: map[string]int{}, months: map[string]int{}, weeks: map[string]int{},
		weekdays: map[string]int{}, week: map[string]bool{}, dropping: map[string]bool{},
		phrases: map[string][]*phrase{}, names: map[string][]string{}, known: map[string]bool{}, byLen: map[int][]string{},
		dayWords: map[string]bool{"hari": true, "lalu": true, "yang": true, "ago": true, "days": true, "day": true}}
	vs, langs, err := readVocab()
	if err != nil {
		return nil, err
	}
	// Abbreviations first: every other list is written in full words.
	if err := l.addAbbreviations(vs, extra.Abbreviations); err != nil {
		return nil, err
	}
	l.addServiceNames(vs, langs)
	for _, v := range vs {
		if err := l.addVocab(v); err != nil {
			return nil, err
		}
	}
	if err := l.addExtraWords(extra.Words); err != nil {
		return nil, err
	}
	l.indexWords()
	return l, nil
}

// readVocab reads the embedded vocabulary files, with the language each is in.
func readVocab() ([]vocab, []string, error) {
	files, err := vocabFiles.ReadDir("vocab")
	if err != nil {
		return nil, nil, err
	}
	var vs []vocab
	var langs []string
	for _, f := range files {
		body, err := vocabFiles.ReadFile("vocab/" + f.Name())
		if err != nil {
			return nil, nil, err
		}
		var v vocab
		if err := yaml.Unmarshal(body, &v); err != nil {
			return nil, nil, fmt.Errorf("vocabulary %s: %w", f.Name(), err)
		}
		vs = append(vs, v)
		langs = append(langs, strings.TrimSuffix(f.Name(), ".yaml"))
	}
	return vs, langs, nil
}

// addAbbreviations takes the abbreviations and emoji of the files, then the cooperative's
// abbreviations (extra).
func (l *Lexicon) addAbbreviations(vs []vocab, extra map[string]string) error {
	for _, v := range vs {
		for k, full := range v.Abbreviations {
			l.abbrev[k] = strings.Fields(full)
		}
		for e, w := range v.Emoji {
			l.emoji[e] = w
		}
	}
	for k, full := range extra {
		k = strings.ToLower(strings.TrimSpace(k))
		if k == "" || strings.Contains(k, " ") || strings.TrimSpace(full) == "" {
			return fmt.Errorf("understanding: abbreviation %q: write one word and what it stands for", k)
		}
		l.abbrev[k] = strings.Fields(strings.ToLower(full))
	}
	return nil
}

// addServiceNames lists the services and the first name of each in each language.
func (l *Lexicon) addServiceNames(vs []vocab, langs []string) {
	for _, v := range vs {
		for name := range v.Services {
			if !slices.Contains(l.services, name) {
				l.services = append(l.services, name)
			}
		}
	}
	sort.Strings(l.services)
	l.firstName = map[string]string{}
	for i, v := range vs {
		for svc, sv := range v.Services {
			if len(sv.Names) > 0 {
				l.firstName[langs[i]+"/"+svc] = sv.Names[0]
			}
		}
	}
}

// addVocab takes one file's lists, numbers, dates, ways of answering and service words.
func (l *Lexicon) addVocab(v vocab) error {
	l.addSet(l.filler, v.Fillers)
	l.addSet(l.generic, v.Generic)
	l.addSet(l.choice, v.Choice)
	l.addSet(l.amount, v.Amount)
	for w, n := range v.Numbers {
		l.numbers[l.key(w)] = n
		l.learn(w)
	}
	for w, n := range v.Days {
		l.days[l.key(w)] = n
		l.learn(w)
	}
	for w, n := range v.Months {
		l.months[l.key(w)] = n
		l.learn(w)
	}
	for w, n := range v.Weeks {
		l.weeks[l.key(w)] = n
		l.learn(w)
	}
	for w, n := range v.Weekdays {
		if n < 0 || n > 6 {
			return fmt.Errorf("vocabulary: weekday %q: %d is not 0 (Sunday) to 6", w, n)
		}
		l.weekdays[l.key(w)] = n
		l.learn(w)
	}
	l.addSet(l.week, v.Week)
	for _, w := range v.Dropping { // never-minds first: a stop wherever they are written
		l.dropping[l.key(w)] = true
		l.addPhrase(w, Stop, "")
	}
	for k, ws := range v.Answers {
		if !slices.Contains(kinds, k) {
			return fmt.Errorf("vocabulary: unknown way of answering %q", k)
		}
		for _, w := range ws {
			l.addPhrase(w, k, "")
		}
	}
	for svc, s := range v.Services {
		for _, w := range s.Names {
			l.addPhrase(w, "", svc)
			key := l.key(w)
			if !slices.Contains(l.names[key], svc) {
				l.names[key] = append(l.names[key], svc)
			}
		}
		for _, w := range s.Words {
			l.addPhrase(w, "", svc)
		}
	}
	return nil
}

// addExtraWords takes the cooperative's own words, for a service or a way of answering.
func (l *Lexicon) addExtraWords(words map[string][]string) error {
	for key, ws := range words {
		key = strings.ToLower(strings.TrimSpace(key))
		isKind := slices.Contains(kinds, Kind(key))
		if !isKind && !slices.Contains(l.services, key) {
			return fmt.Errorf("understanding: words for %q: not a service (%s) nor a way of answering (%s)",
				key, strings.Join(l.services, ", "), joinKinds())
		}
		for _, w := range ws {
			if strings.TrimSpace(w) == "" {
				return fmt.Errorf("understanding: words for %q: an empty phrase", key)
			}
			if isKind {
				l.addPhrase(w, Kind(key), "")
			} else {
				l.addPhrase(w, "", key)
			}
		}
	}
	return nil
}

// indexWords works out what typo correction and the date reader look words up by.
func (l *Lexicon) indexWords() {
	for _, set := range []map[string]int{l.days, l.months, l.weekdays} {
		for k := range set {
			for _, x := range strings.Fields(k) {
				l.dayWords[x] = true
			}
		}
	}
	l.tags = map[string]tagSet{}
	for w := range l.known {
		l.tags[w] = l.tagOf(w)
	}
	for w := range l.known {
		n := len([]rune(w))
		l.byLen[n] = append(l.byLen[n], w)
	}
	for _, ws := range l.byLen {
		sort.Strings(ws) // typo correction must not depend on map order
	}
}

func joinKinds() string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// key is a vocabulary entry as it is looked up: its words, read like a message's.
func (l *Lexicon) key(w string) string { return strings.Join(l.wordsOf(w), " ") }

// wordsOf reads a vocabulary entry into words the way a message is read, without typo
// correction: the vocabulary itself is spelled right.
func (l *Lexicon) wordsOf(w string) []string {
	return l.expand(tokens(w, nil))
}

func (l *Lexicon) learn(w string) {
	for _, x := range strings.Fields(strings.ToLower(w)) {
		if !hasDigit(x) && len([]rune(x)) >= 2 {
			l.known[x] = true
		}
	}
	for _, x := range l.wordsOf(w) {
		if !hasDigit(x) && len([]rune(x)) >= 2 {
			l.known[x] = true
		}
	}
}

func (l *Lexicon) addSet(set map[string]bool, ws []string) {
	for _, w := range ws {
		for _, x := range l.wordsOf(w) {
			set[x] = true
		}
		l.learn(w)
	}
}

func (l *Lexicon) addPhrase(w string, k Kind, svc string) {
	words := l.wordsOf(w)
	if len(words) == 0 {
		return
	}
	l.learn(w)
	for _, p := range l.phrases[words[0]] {
		if slices.Equal(p.words, words) {
			if k != "" && !slices.Contains(p.kinds, k) {
				p.kinds = append(p.kinds, k)
			}
			if svc != "" && !slices.Contains(p.svcs, svc) {
				p.svcs = append(p.svcs, svc)
			}
			return
		}
	}
	p := &phrase{words: words}
	if k != "" {
		p.kinds = []Kind{k}
	}
	if svc != "" {
		p.svcs = []string{svc}
	}
	l.phrases[words[0]] = append(l.phrases[words[0]], p)
	// Longest first, so a reader takes "gak jadi" before "gak".
	sort.SliceStable(l.phrases[words[0]], func(i, j int) bool {
		return len(l.phrases[words[0]][i].words) > len(l.phrases[words[0]][j].words)
	})
}

// Services are the services the vocabulary knows words for, by flow name.
func (l *Lexicon) Services() []string { return slices.Clone(l.services) }
