package catalog_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/store"
)

// Examples in messages belong to no one: never a demo member's phone, NIK or member
// number (Siti was shown her own number as the example), and example account numbers
// have serial 00000, which no account is ever given.
func TestCatalogExamplesBelongToNoOne(t *testing.T) {
	files, err := filepath.Glob("catalog*.go")
	if err != nil || len(files) == 0 {
		t.Fatal(files, err)
	}
	texts, err := filepath.Glob("text/*.tmpl") // the messages' texts
	if err != nil || len(texts) == 0 {
		t.Fatal(texts, err)
	}
	files = append(files, texts...)
	digits := regexp.MustCompile(`[0-9][0-9 .-]*[0-9]`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, run := range digits.FindAllString(string(body), -1) {
			d := strings.NewReplacer(" ", "", ".", "", "-", "").Replace(run)
			for _, m := range store.DemoMembers {
				phone := "0" + strings.TrimPrefix(m.Phone, "62")
				if d == m.Phone || d == phone || d == m.NIK || run == m.No {
					t.Errorf("%s shows %q, demo member %s's, as an example", f, run, m.Name)
				}
			}
			if len(d) == 10 && strings.HasPrefix(d, "010") && d[4:9] != "00000" {
				t.Errorf("%s shows account number %q as an example: give it serial 00000", f, run)
			}
		}
	}
}
