package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// Imports point one way (ARCHITECTURE.md): cmd -> bot, web -> flows -> coop -> catalog ->
// store and the leaf packages. Only bot talks to WhatsApp, only web and bot (and ktp's HTTP
// adapter, and cmd's wiring) speak HTTP.
func TestImportDirection(t *testing.T) {
	allowed := map[string][]string{
		"cmd/kopbot":      {"bot", "bot/fakewa", "web", "flows", "coop", "catalog", "outbox", "store", "intent", "loan", "ktp", "qris", "parse"},
		"bot":             {"flows", "outbox", "store", "parse"},
		"bot/fakewa":      {},
		"web":             {"flows", "coop", "catalog", "store", "ktp", "qris", "parse"},
		"web/browsertest": {}, // test support: a real browser on any handler
		"flows":           {"coop", "catalog", "store", "intent", "loan", "ktp", "qris", "parse", "chart"},
		"coop":            {"catalog", "store", "loan", "ktp", "qris", "parse"},
		"catalog":         {"store", "loan", "ktp", "parse"},
		"outbox":          {"store"},
		"store":           {"ktp"}, // the NIK mask, one for everyone
		"store/storetest": {"store"},
		"intent":          {"parse"},
		"loan":            {},
		"ktp":             {},
		"qris":            {},
		"chart":           {},
		"parse":           {},
	}
	// Who may import these outside packages.
	outside := map[string][]string{
		"go.mau.fi/whatsmeow": {"bot", "bot/fakewa", "cmd/kopbot"},
		"net/http":            {"bot", "bot/fakewa", "web", "web/browsertest", "ktp", "cmd/kopbot"},
	}
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "github.com/kopbot/kopbot/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/kopbot/kopbot/"
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], mod)
		ok, known := allowed[pkg]
		if !known {
			t.Errorf("package %s is not placed in the import direction: add it to this test and to ARCHITECTURE.md", pkg)
			continue
		}
		seen++
		for _, imp := range fields[1:] {
			if ours, found := strings.CutPrefix(imp, mod); found {
				if !slices.Contains(ok, ours) {
					t.Errorf("%s imports %s: against the direction cmd -> bot, web -> flows -> coop -> catalog -> store", pkg, ours)
				}
				continue
			}
			for prefix, who := range outside {
				if (imp == prefix || strings.HasPrefix(imp, prefix+"/")) && !slices.Contains(who, pkg) {
					t.Errorf("%s imports %s, which only %v may", pkg, imp, who)
				}
			}
		}
	}
	if seen < len(allowed)-1 {
		t.Errorf("go list showed %d of our packages, want at least %d", seen, len(allowed)-1)
	}
}
