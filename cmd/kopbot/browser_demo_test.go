package main

import (
	"strings"
	"testing"

	"github.com/kopbot/kopbot/web/browsertest"
)

// As README's first screen says: kopbot demo, kopbot serve, open the pages and sign in as
// manajer with the printed password; the KTP waiting for review is there, with its photo.
func TestBrowserDemoManagerSignsIn(t *testing.T) {
	config := writeConfig(t, "log:\n  level: info\n  format: json\nweb:\n  listen: 127.0.0.1:0\n")
	printed := runDemoCmd(t, config)
	password := ""
	for _, m := range demoPasswordRE.FindAllStringSubmatch(printed, -1) {
		if m[1] == demoManager {
			password = m[2]
		}
	}
	if password == "" {
		t.Fatalf("demo printed no password for %s:\n%s", demoManager, printed)
	}
	p := browsertest.OpenURL(t, "http://"+serveInProcess(t, config))
	p.SignIn(demoManager, password)
	p.Go("/")
	if strings.HasPrefix(p.Path(), "/login") {
		t.Fatalf("%s with the printed password is still at the sign-in page", demoManager)
	}
	p.Screenshot("demo-manager-home")
	p.Go("/ktp")
	p.WaitText("main", "Rina Marlina")
	p.Wait("main img")
	p.Screenshot("demo-ktp-review")
}
