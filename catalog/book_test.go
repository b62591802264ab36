package catalog

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestBothLanguagesDefineTheSameMessages(t *testing.T) {
	id, en := idBook.names(), enBook.names()
	for _, n := range id {
		if !slices.Contains(en, n) {
			t.Errorf("%s is in text/id.tmpl but not in text/en.tmpl", n)
		}
	}
	for _, n := range en {
		if !slices.Contains(id, n) {
			t.Errorf("%s is in text/en.tmpl but not in text/id.tmpl", n)
		}
	}
	methods := reflect.TypeFor[Messages]()
	for _, n := range id {
		if _, ok := methods.MethodByName(n); !ok {
			t.Errorf("text/*.tmpl define %s, which no method of Messages says", n)
		}
	}
}

func TestEveryMessageRenders(t *testing.T) {
	for _, b := range []*book{idBook, enBook} {
		if err := renderAll(b.base, b.lang); err != nil {
			t.Errorf("%s: %v", b.lang, err)
		}
	}
}

func TestNotMemberFromTemplate(t *testing.T) {
	got := For("id").NotMember("Koperasi Maju", "Cabang Pusat")
	if !strings.HasPrefix(got, "Nomor WhatsApp ini belum terdaftar sebagai anggota Koperasi Maju.\n\n") ||
		!strings.Contains(got, "datanglah ke Cabang Pusat dengan membawa KTP: petugas mengganti nomornya, lalu hubungkan nomor ini lewat *registrasi* (pilih 1).\n\nKetik *menu*") {
		t.Errorf("NotMember in Indonesian:\n%s", got)
	}
	if got := For("en").Help(""); strings.Contains(got, "You are in") || !strings.HasPrefix(got, "*Help*\nWords that work") {
		t.Errorf("Help outside a service:\n%s", got)
	}
	if got := For("en").Help("Transfer"); !strings.HasPrefix(got, "*Help*\nYou are in *Transfer*. Answer the last question to go on.\n\nWords") {
		t.Errorf("Help inside a service:\n%s", got)
	}
}

// A cooperative's override changes the message it names and nothing else, and a broken one
// is refused whole, naming the file.
func TestOverride(t *testing.T) {
	t.Cleanup(func() {
		if err := Override(t.TempDir()); err != nil { // no files: back to the built-in texts
			t.Fatal(err)
		}
	})
	dir := t.TempDir()
	write := func(lang, body string) {
		t.Helper()
		if err := os.WriteFile(OverrideFile(dir, lang), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cancelledEN := For("en").Cancelled()

	write("id", `{{define "NotUnderstood"}}Maaf Kak, pesannya belum kami pahami. Kantor buka Senin-Jumat 08.00-15.00.{{end}}`)
	if err := Override(dir); err != nil {
		t.Fatal(err)
	}
	if got := For("id").NotUnderstood(); got != "Maaf Kak, pesannya belum kami pahami. Kantor buka Senin-Jumat 08.00-15.00." {
		t.Errorf("overridden NotUnderstood = %q", got)
	}
	if got := For("id").Cancelled(); got != "Baik, layanan dibatalkan. Tidak ada yang diubah." {
		t.Errorf("a message the file does not name changed: %q", got)
	}
	if got := For("en").Cancelled(); got != cancelledEN {
		t.Errorf("English changed without an English file: %q", got)
	}

	for _, bad := range []struct{ body, want string }{
		{`{{define "NotUnderstod"}}x{{end}}`, `kopbot has no message "NotUnderstod"`},
		{`{{define "NotUnderstood"}}x{{if}}{{end}}`, "messages.id.tmpl"},
		{`{{define "NotMember"}}anggota {{.Koperasi}}{{end}}`, "NotMember"},
	} {
		write("id", bad.body)
		err := Override(dir)
		if err == nil || !strings.Contains(err.Error(), bad.want) || !strings.Contains(err.Error(), filepath.Base(OverrideFile(dir, "id"))) {
			t.Errorf("override %s: error %v, want one naming the file and %q", bad.body, err, bad.want)
		}
		if got := For("id").NotUnderstood(); !strings.HasPrefix(got, "Maaf Kak") {
			t.Errorf("a refused override changed the texts in use: %q", got)
		}
	}
}

// Messages that name options have one a line; the methods hand them out one by one.
func TestOptionsOneALine(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		m := For(lang)
		simulate, done := m.LoanPendingOptions()
		opts := append(m.LoanDecideOptions(), simulate, done)
		if len(opts) != 5 {
			t.Errorf("%s: LoanDecideOptions = %q, want 3", lang, opts[:len(opts)-2])
		}
		for _, o := range opts {
			if o == "" || strings.Contains(o, "\n") {
				t.Errorf("%s: option %q", lang, o)
			}
		}
	}
}
