package parse

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestOutsideText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Budi Santoso", "Budi Santoso"},
		{"  Budi\n\nSantoso\t ", "Budi Santoso"},
		{"Budi\u202eosotnaS\u202c", "BudiosotnaS"},                                 // a right-to-left override
		{"B\u200bu\u200dd\ufeffi", "Budi"},                                         // zero-width space, joiner, BOM
		{"Budi\x00\x1b[31mMerah", "Budi[31mMerah"},                                 // NUL and an escape sequence's control
		{"Siti \xff\xfeAminah", "Siti Aminah"},                                     // invalid UTF-8
		{"Warung Bu Tini 🍜", "Warung Bu Tini 🍜"},                                   // emoji are kept
		{"Dirección: transferencia recibida", "Dirección: transferencia recibida"}, // letters of any script
		{"\u2028Rina\u2029Marlina", "Rina Marlina"},                                // line and paragraph separators
	} {
		if got := OutsideText(c.in, NameMax); got != c.want {
			t.Errorf("OutsideText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	long := OutsideText(strings.Repeat("A\u200b", 3000), NameMax)
	if n := utf8.RuneCountInString(long); n != NameMax || !strings.HasSuffix(long, "…") {
		t.Errorf("3,000 letters kept as %d characters: %q", n, long)
	}
	if got := OutsideText("Budi Santoso", 5); got != "Budi…" {
		t.Errorf("cut to 5: %q", got)
	}
}
