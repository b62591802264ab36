package catalog

import (
	"bytes"
	"embed"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"text/template"
	"unicode"

	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/parse"
)

// The texts live in one template file per language, text/id.tmpl and text/en.tmpl: each
// message is a {{define "Name"}} named after its method on Messages, and its method here
// only hands the template its data. A cooperative can override any message from a file in
// its data directory (Override).

//go:embed text/*.tmpl
var builtin embed.FS

// args is a message's data when it takes more than one value: {{.Name}} in its template.
type args = map[string]any

// book is one language's messages.
type book struct {
	lang  string
	funcs template.FuncMap
	base  *template.Template                // the built-in texts
	t     atomic.Pointer[template.Template] // what is used: base, or base with a cooperative's overrides
	// strict books panic on the first message that fails, for checking texts (renderAll).
	strict bool
}

var (
	idBook = newBook("id", idFuncs)
	enBook = newBook("en", enFuncs)
)

// commonFuncs are the template functions every language has.
var commonFuncs = template.FuncMap{
	"rupiah": parse.Rupiah,
	"inc":    func(i int) int { return i + 1 },
	"abs":    abs,
	"join":   strings.Join,
	"add":    func(a, b int64) int64 { return a + b },
	"sub":    func(a, b int64) int64 { return a - b },

	"daysBetween":  DaysBetween,
	"sameDay":      SameDay,
	"hoursMinutes": hoursMinutes,
	"moment":       momentOf,
	"kindBase":     reminderKindBase,
	"localPhone":   parse.LocalPhone,
	"memoMonth":    memoMonth,
	"maskNIK":      ktp.Mask,
	"staffName":    staffName,

	"tellerChange": tellerChange,
	"tellerSigned": tellerSigned,
	"tellerMemo":   tellerMemo,
}

func newBook(lang string, own template.FuncMap) *book {
	funcs := maps.Clone(commonFuncs)
	maps.Copy(funcs, own)
	t := template.New(lang).Funcs(funcs).Option("missingkey=error")
	t = template.Must(t.ParseFS(builtin, "text/"+lang+".tmpl"))
	b := &book{lang: lang, funcs: funcs, base: t}
	b.t.Store(t)
	return b
}

// say renders message name with data. The built-in texts are checked by the tests and an
// override is checked when it is loaded, so a failure here is a bug: the built-in text is
// tried before giving up.
func (b *book) say(name string, data any) string {
	var out bytes.Buffer
	err := b.t.Load().ExecuteTemplate(&out, name, data)
	if err == nil {
		return out.String()
	}
	if b.strict {
		panic(renderError{fmt.Errorf("message %s: %w", name, err)})
	}
	out.Reset()
	if err := b.base.ExecuteTemplate(&out, name, data); err != nil {
		panic(fmt.Sprintf("catalog: message %s (%s): %v", name, b.lang, err))
	}
	return out.String()
}

// Override reads a cooperative's own texts from dir: messages.id.tmpl and messages.en.tmpl,
// each holding {{define "Name"}}...{{end}} for the messages it changes (the cooperative's
// name, tone, office hours), written like the built-in ones. A missing file changes nothing.
// A file that defines a message kopbot does not have, or does not parse, or a message that
// fails to render, is refused with the file and the reason, and nothing changes.
func Override(dir string) error {
	books := []*book{idBook, enBook}
	next := make([]*template.Template, len(books))
	for i, b := range books {
		t, err := b.override(dir)
		if err != nil {
			return err
		}
		next[i] = t
	}
	for i, b := range books {
		b.t.Store(next[i])
	}
	return nil
}

// OverrideFile is where a cooperative's own texts in lang are read from.
func OverrideFile(dir, lang string) string {
	return filepath.Join(dir, "messages."+lang+".tmpl")
}

func (b *book) override(dir string) (*template.Template, error) {
	file := OverrideFile(dir, b.lang)
	src, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return b.base, nil
	}
	if err != nil {
		return nil, err
	}
	own, err := template.New(file).Funcs(b.funcs).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	for _, d := range own.Templates() {
		if d.Name() == file {
			continue
		}
		if b.base.Lookup(d.Name()) == nil {
			return nil, fmt.Errorf("%s: kopbot has no message %q (they are: %s)", file, d.Name(), strings.Join(b.names(), ", "))
		}
	}
	t, err := b.base.Clone()
	if err != nil {
		return nil, err
	}
	if _, err := t.Parse(string(src)); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if err := renderAll(t, b.lang); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return t, nil
}

// names lists the messages of a language, sorted. A define named in lower case is not a
// message but a part that messages share ({{template "paySources" .From}}).
func (b *book) names() []string {
	var ns []string
	for _, t := range b.base.Templates() {
		if !strings.HasSuffix(t.Name(), ".tmpl") && t.Tree != nil && isMessage(t.Name()) {
			ns = append(ns, t.Name())
		}
	}
	slices.Sort(ns)
	return ns
}

// isMessage tells a message's name (Menu) from a shared part's (paySources).
func isMessage(name string) bool {
	return name != "" && unicode.IsUpper([]rune(name)[0])
}

type renderError struct{ error }

// renderAll renders every message of lang with t, with sample values of every kind.
func renderAll(t *template.Template, lang string) (err error) {
	b := &book{lang: lang, base: t, strict: true}
	b.t.Store(t)
	m := messagesOf(lang, b)
	defer func() {
		if r := recover(); r != nil {
			re, ok := r.(renderError)
			if !ok {
				panic(r)
			}
			err = re.error
		}
	}()
	callAll(m)
	return nil
}

// messagesOf is lang's Messages speaking from b.
func messagesOf(lang string, b *book) Messages {
	if lang == "en" {
		return english{b}
	}
	return indonesian{b}
}

// staffName is a staff member as the records name them (wa:6281..., staff:siti, siti), as
// staff read it: a WhatsApp number without its prefix.
func staffName(actor string) string {
	return strings.TrimPrefix(strings.TrimPrefix(actor, "wa:"), "staff:")
}
