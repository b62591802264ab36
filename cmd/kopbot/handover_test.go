package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/store"
)

// handoverConfig is the demo on a branch with an admin and an office phone.
func handoverConfig(t *testing.T) string {
	t.Helper()
	return demoConfig(t, "branches:\n  - id: pusat\n    code: \"01\"\n    name: Kantor Pusat\n    phone: (022) 555-1234\n    admins: [\"0812-9999-0099\"]\n")
}

func handoverCmd(t *testing.T, config string, args ...string) (string, error) {
	t.Helper()
	return kopbotCmd(t, config, "handover "+args[0], args[1:]...)
}

// A member asks for a person on WhatsApp; staff see the chat waiting, with the member's
// last messages masked, and hand it back from the command line; the member is told, and
// the bot answers again.
func TestHandoverListAndRelease(t *testing.T) {
	config := handoverConfig(t)
	out := chatJSONL(t, config, `{"from":"6281200000001","text":"saldo"}
{"from":"6281200000001","text":"rekening 0104000013 kok beda"}
{"from":"6281200000001","text":"hubungi petugas"}
{"from":"6281200000001","text":"halo?"}
`)
	var toBudi []string
	for _, o := range out {
		if o.To == budiPhone {
			if o.In == 4 {
				t.Errorf("the bot answered during the handover: %s", o.Text)
			}
			toBudi = append(toBudi, o.Text)
		}
	}
	// The admin is told on WhatsApp, which kopbot chat does not deliver: it waits in the outbox.
	var toAdmin []string
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		queued, err := tx.Queued(ctx, "pusat", 100)
		for _, m := range queued {
			if m.To == "6281299990099" {
				toAdmin = append(toAdmin, m.Text)
			}
		}
		return err
	})
	if len(toAdmin) != 1 || !strings.Contains(toAdmin[0], "Budi Santoso (01.00001)") || !strings.Contains(toAdmin[0], "rekening •••• kok beda") ||
		strings.Contains(toAdmin[0], "0104000013") {
		t.Errorf("the admin was told %q", toAdmin)
	}
	if last := toBudi[len(toBudi)-1]; !strings.Contains(last, "petugas Kantor Pusat") || !strings.Contains(last, "0225551234") {
		t.Errorf("the member was told %q", last)
	}

	list, err := handoverCmd(t, config, "list")
	if err != nil {
		t.Fatal(err)
	}
	wantContains(t, "handover list", list, "6281200000001 (pusat) Budi Santoso (01.00001): waiting since ", "rekening •••• kok beda",
		"  hubungi petugas\n", "  halo?\n", "1 chat waiting for staff.")
	if strings.Contains(list, "0104000013") {
		t.Errorf("handover list shows an account number:\n%s", list)
	}

	_, err = handoverCmd(t, config, "release", "0812-1111")
	wantError(t, "release a bad number", err, `handover release: "0812-1111" is not a phone number`)
	_, err = handoverCmd(t, config, "release", "0812-0000-0002")
	wantError(t, "release a chat not waiting", err, "no chat of 6281200000002 waits for staff (kopbot handover list lists them)")
	done, err := handoverCmd(t, config, "release", "0812-0000-0001", "-by", "ani")
	if err != nil {
		t.Fatal(err)
	}
	wantContains(t, "handover release", done, "Handed the chat of Budi Santoso (01.00001), 6281200000001 with pusat (waiting since ", "back to the bot. They are told on WhatsApp.")
	_, err = handoverCmd(t, config, "release", "6281200000001")
	wantError(t, "release twice", err, "no chat of 6281200000001 waits for staff")
	if list, _ := handoverCmd(t, config, "list"); list != "No chat waits for staff.\n" {
		t.Errorf("list after release: %q", list)
	}

	got := say(t, config, "saldo")
	if !strings.Contains(got, "Tabungan Budi Santoso") {
		t.Errorf("after release the bot answered %q", got)
	}
}

func TestHandoverUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"handover"}, nil, &out, &errOut); err == nil || !strings.Contains(errOut.String(), "release PHONE") {
		t.Errorf("kopbot handover: %v\n%s", err, errOut.String())
	}
	if err := run(context.Background(), []string{"handover", "free"}, nil, &out, &errOut); err == nil || !strings.Contains(err.Error(), `unknown subcommand "free"`) {
		t.Errorf("kopbot handover free: %v", err)
	}
}
