package coop

import "testing"

// Actors print as the records have always kept them: a stored decided_by never changes.
func TestActorsPrintAsStored(t *testing.T) {
	for _, c := range []struct {
		a    Actor
		want string
	}{
		{Staff("6281200000009"), "wa:6281200000009"},
		{WhatsApp("6281200000001"), "wa:6281200000001"},
		{Member("01.00001"), "member:01.00001"},
		{CLI, "cli"},
		{Named(""), "cli"},
		{Named("ani"), "ani"},
		{Web(""), "web"},
		{Kopbot, "kopbot"},
	} {
		if got := c.a.String(); got != c.want {
			t.Errorf("%#v prints %q, want %q", c.a, got, c.want)
		}
	}
}
