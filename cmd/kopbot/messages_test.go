package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A cooperative changes a message from a file in its data directory, without a rebuild; a
// file kopbot cannot use stops it at start, naming the file, instead of half-working.
func TestCooperativeOverridesMessages(t *testing.T) {
	config := testConfig(t)
	data := filepath.Join(filepath.Dir(config), "data")
	file := filepath.Join(data, "messages.id.tmpl")
	help := `{{define "Help" -}}
*Bantuan Koperasi*
Kantor kami buka Senin-Jumat 08.00-15.00.{{if .}} Anda sedang di layanan *{{.}}*.{{end}}
{{- end}}
`
	if err := os.WriteFile(file, []byte(help), 0o600); err != nil {
		t.Fatal(err)
	}
	got := chatJSONL(t, config, `{"from":"6281200000001","text":"bantuan"}`+"\n"+`{"from":"6281200000001","text":"batal"}`+"\n")
	if len(got) != 2 || got[0].Text != "*Bantuan Koperasi*\nKantor kami buka Senin-Jumat 08.00-15.00." {
		t.Fatalf("help with the cooperative's text: %+v", got)
	}
	if !strings.HasPrefix(got[1].Text, "Halo, *Budi Santoso*! Selamat datang") { // batal outside a service: the menu
		t.Errorf("a message the file does not name changed: %q", got[1].Text)
	}

	if err := os.WriteFile(file, []byte(`{{define "Bantuan"}}Kantor buka 08.00{{end}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"chat", "-jsonl", "-config", config}, strings.NewReader(""), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), `no message "Bantuan"`) {
		t.Fatalf("kopbot started with a messages file naming no message of its own: %v", err)
	}

	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	got = chatJSONL(t, config, `{"from":"6281200000001","text":"bantuan"}`+"\n")
	if len(got) != 1 || !strings.HasPrefix(got[0].Text, "*Bantuan*\n") {
		t.Fatalf("without the file, help is the built-in text again: %+v", got)
	}
}

// A config file given without -config is refused, not run on the built-in defaults.
func TestCommandsWithoutArgumentsRefuseThem(t *testing.T) {
	for _, name := range []string{"serve", "chat", "demo"} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), []string{name, "kopbot.yaml"}, strings.NewReader(""), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), `takes no arguments (got "kopbot.yaml"); for a config file write -config kopbot.yaml`) {
			t.Errorf("kopbot %s kopbot.yaml: %v", name, err)
		}
	}
}
