package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// kopbot outbox lists a message that failed for good, retries it once (a second retry is
// refused), and the audit log names who did.
func TestOutboxCommands(t *testing.T) {
	ctx := context.Background()
	config := testConfig(t)
	app, err := openApp(ctx, commonFlags{config: config}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	err = app.DB.Update(ctx, func(tx *store.Tx) (err error) {
		if id, err = tx.Enqueue(ctx, store.OutMessage{Branch: "pusat", To: "6281234567890", Text: "Angsuran jatuh tempo besok"}); err != nil {
			return err
		}
		return tx.MarkAttemptFailed(ctx, id, "websocket not connected", app.Now(), true)
	})
	app.Close()
	if err != nil {
		t.Fatal(err)
	}
	no := fmt.Sprint(id)

	out := mustCmd(t, config, "outbox list")
	for _, want := range []string{"0812••••7890", "websocket not connected", "Angsuran jatuh tempo besok"} {
		if !strings.Contains(out, want) {
			t.Errorf("outbox list lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "6281234567890") {
		t.Errorf("outbox list shows the full phone:\n%s", out)
	}
	if out := mustCmd(t, config, "outbox retry", no, "-by", "siti"); !strings.Contains(out, "Queued message "+no+" again") {
		t.Errorf("outbox retry: %s", out)
	}
	if _, err := kopbotCmd(t, config, "outbox cancel", no, "-by", "siti"); !errors.Is(err, coop.NotFailed) || !strings.Contains(err.Error(), "it is queued") {
		t.Errorf("cancelling a message no longer failed: %v", err)
	}
	if out := mustCmd(t, config, "audit"); !strings.Contains(out, "outbox.retry") || !strings.Contains(out, "siti") {
		t.Errorf("the audit log lacks the retry by siti:\n%s", out)
	}
	if _, err := kopbotCmd(t, config, "outbox retry", "x12"); err == nil || !strings.Contains(err.Error(), "not a message ID") {
		t.Errorf("a bad ID: %v", err)
	}
}
