package catalog

import (
	"strings"
	"testing"
)

// SetoranOptions and PenarikanOptions are one message each, one option a line.
func TestRequestOptionsOneALine(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		m := For(lang)
		report, pending := m.SetoranOptions()
		withdraw, waiting := m.PenarikanOptions()
		for _, o := range []string{report, pending, withdraw, waiting} {
			if o == "" || strings.Contains(o, "\n") {
				t.Errorf("%s: option %q", lang, o)
			}
		}
	}
}
