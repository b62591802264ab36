package flows

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/store"
)

// Every flow is a service members (or admins) can ask for, or a conversation of one,
// reached by Switch: help and hints then name the service, never an internal flow.
func TestEveryFlowIsAServiceOrPartOfOne(t *testing.T) {
	for name := range flowTable {
		if _, ok := serviceOf(name); ok {
			continue
		}
		if name == flowBahasa {
			continue // the runner's own, for the words "bahasa" and "language"
		}
		of, ok := partOf[name]
		if !ok {
			t.Errorf("flow %s is no service and no part of one", name)
			continue
		}
		if _, ok := serviceOf(of); !ok {
			t.Errorf("flow %s is part of %s, which is no service", name, of)
		}
	}
	for _, f := range adminMenu {
		if partOf[f] != flowAdmin {
			t.Errorf("the admin menu's %s is not part of the admin service", f)
		}
	}
}

// The admin menu as staff read it numbers exactly the table's conversations, in each language.
func TestAdminMenuTextNumbersTheTable(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		text := catalog.For(lang).AdminMenu(store.Pending{})
		n := len(adminMenu)
		if !strings.Contains(text, fmt.Sprintf("\n%d. ", n)) || strings.Contains(text, fmt.Sprintf("\n%d. ", n+1)) {
			t.Errorf("%s: the admin menu does not list %d choices:\n%s", lang, n, text)
		}
	}
}
