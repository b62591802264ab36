package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
)

// kopbot version names the whatsmeow it was built with, the one go.mod pins: the first
// thing to check when WhatsApp stops taking a branch.
func TestVersionNamesWhatsmeow(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`go\.mau\.fi/whatsmeow (v\S+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod does not require whatsmeow")
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, nil, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "whatsmeow "+string(m[1])+" (WhatsApp Web 2.") {
		t.Fatalf("kopbot version said %q, want whatsmeow %s and its WhatsApp Web version", out.String(), m[1])
	}
}
