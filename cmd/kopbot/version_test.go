package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/store"
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

// WhatsApp refusing kopbot as outdated is queued once to the branch's admins, however
// often the branch is refused again (every hour).
func TestOutdatedIsQueuedOnceToTheBranchAdmins(t *testing.T) {
	ctx := context.Background()
	app, err := openApp(ctx, commonFlags{config: handoverConfig(t)}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	tell := tellAdminsOutdated(app)
	tell(ctx, "pusat", "refused")
	tell(ctx, "pusat", "refused again")
	var q []store.OutMessage
	err = app.DB.View(ctx, func(tx *store.Tx) (err error) { q, err = tx.Queued(ctx, "pusat", 100); return err })
	if err != nil {
		t.Fatal(err)
	}
	var got []store.OutMessage
	for _, m := range q {
		if strings.Contains(m.Text, "whatsmeow") {
			got = append(got, m)
		}
	}
	if len(got) != 1 || got[0].To != "6281299990099" || !strings.Contains(got[0].Text, "Kantor Pusat") {
		t.Fatalf("queued %+v, want one notice to the admin naming the branch", got)
	}
}
