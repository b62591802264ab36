package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

func phrasesCmd(t *testing.T, config string, args ...string) (string, error) {
	t.Helper()
	return kopbotCmd(t, config, "phrases", args...)
}

// What the bot did not understand on WhatsApp is listed for staff, most often first,
// normalised and masked; the period, the branch and the format are the staff's to choose.
func TestPhrases(t *testing.T) {
	config := testConfig(t)
	if out, err := phrasesCmd(t, config); err != nil || !strings.HasPrefix(out, "No phrases not understood (") {
		t.Errorf("phrases on a fresh database: %v\n%s", err, out)
	}
	say(t, config, "halo", "harga beras brp kak?", "Harga  beras BRP kak?", "tolong arisan 0104000013")
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		old := time.Now().AddDate(0, 0, -40)
		return tx.CountMisunderstood(ctx, "pusat", old, "phrase lama", old)
	})

	out, err := phrasesCmd(t, config)
	if err != nil {
		t.Fatal(err)
	}
	wantContains(t, "phrases", out, "Phrases the bot did not understand, most often first (", "every branch):",
		"COUNT  DAYS", "LAST SEEN  PHRASE\n", "  harga beras brp kak?\n", "  tolong arisan ••••\n", "2 phrases.")
	if strings.Index(out, "harga beras") > strings.Index(out, "tolong arisan") || strings.Contains(out, "0104000013") || strings.Contains(out, "phrase lama") {
		t.Errorf("phrases:\n%s", out)
	}
	if out, _ := phrasesCmd(t, config, "-days", "60", "-top", "1"); !strings.Contains(out, "harga beras brp kak?") || strings.Contains(out, "tolong") {
		t.Errorf("phrases -days 60 -top 1:\n%s", out)
	}
	if out, _ := phrasesCmd(t, config, "-days", "60"); !strings.Contains(out, "phrase lama") {
		t.Errorf("phrases -days 60:\n%s", out)
	}

	out, err = phrasesCmd(t, config, "-branch", "pusat", "-csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || lines[0] != "phrase,count,days,last_seen" || !strings.HasPrefix(lines[1], "harga beras brp kak?,2,1,") ||
		!strings.HasPrefix(lines[2], "tolong arisan ••••,1,1,") {
		t.Errorf("phrases -csv:\n%s", out)
	}

	_, err = phrasesCmd(t, config, "-branch", "cabang")
	wantError(t, "unknown branch", err, `phrases: no branch "cabang" in the config`)
	_, err = phrasesCmd(t, config, "-days", "0")
	wantError(t, "-days 0", err, "phrases: -days 0 is out of range")
	_, err = phrasesCmd(t, config, "extra")
	wantError(t, "an argument", err, `phrases: unexpected "extra"`)
}
