package web

import (
	"io/fs"
	"regexp"
	"testing"
)

// usedWord is a template asking for one of the staff words: index .T "key" (or $.T).
var usedWord = regexp.MustCompile(`index \$?\.T "([^"]+)"`)

// Every word has both languages, and every word a template asks for exists: a missing
// one would show as an empty space on the page.
func TestEveryWordInBothLanguages(t *testing.T) {
	for k := range staffWords["id"] {
		if staffWords["en"][k] == "" {
			t.Errorf("%q has no English", k)
		}
	}
	for k := range staffWords["en"] {
		if staffWords["id"][k] == "" {
			t.Errorf("%q has no Bahasa Indonesia", k)
		}
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil || len(names) == 0 {
		t.Fatalf("templates: %v %v", names, err)
	}
	for _, name := range names {
		b, err := fs.ReadFile(templateFS, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range usedWord.FindAllStringSubmatch(string(b), -1) {
			if staffWords["id"][m[1]] == "" {
				t.Errorf("%s asks for the word %q, which does not exist", name, m[1])
			}
		}
	}
}
