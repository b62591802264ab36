package flows_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store/storetest"
)

// clockWorld is two members (PIN 147258, Rp5.000.000 each) and a runner whose clock stays at
// now; say sends texts from the first, stamped at (as a transport that took the sender's word
// for the time would), and returns the replies to them; transfers counts transfers made.
type clockWorld struct {
	r        *flows.Runner
	now      time.Time
	accounts []string
	say      func(at time.Time, texts ...string) string
}

func newClockWorld(t *testing.T) clockWorld {
	db, phones, accounts := transferWorld(t, 2, 5_000_000)
	w := clockWorld{now: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC), accounts: accounts}
	w.r = newRunner(t, db, func() time.Time { return w.now })
	n := 0
	w.say = func(at time.Time, texts ...string) string {
		t.Helper()
		before := len(outbox(t, db))
		for _, text := range texts {
			n++
			in := flows.Input{Branch: "pusat", From: phones[0], MessageID: fmt.Sprint("clock", n), Text: text, At: at, Claimed: at}
			if err := w.r.Handle(context.Background(), in); err != nil {
				t.Fatal(err)
			}
		}
		var replies []string
		for _, m := range outbox(t, db)[before:] {
			replies = append(replies, m.Text)
		}
		return strings.Join(replies, "\n---\n")
	}
	return w
}

func (w clockWorld) transfers(t *testing.T) int64 {
	return scalar(t, storetest.Raw(t, w.r.DB), `SELECT COUNT(*) FROM journal WHERE kind = 'transfer'`)
}

// A message stamped in the future does not lift a PIN lockout: the lockout is measured by
// kopbot's clock, and the transfer behind the locked PIN never happens.
func TestFutureStampedMessageAtALockedPINStaysLocked(t *testing.T) {
	w := newClockWorld(t)
	w.say(w.now, "transfer", w.accounts[1], "100rb", "ya", "000000", "000000")
	if got := w.say(w.now, "000000"); !strings.Contains(got, "PIN Anda terkunci") {
		t.Fatalf("three wrong PINs should lock the PIN, got %q", got)
	}
	later := w.now.Add(2 * time.Hour) // the lockout (30 minutes) would be over by then
	got := w.say(later, "transfer", w.accounts[1], "100rb", "ya", "147258")
	if !strings.Contains(got, "PIN Anda terkunci") || strings.Contains(got, "Transfer berhasil") {
		t.Fatalf("messages stamped two hours ahead got past the lockout:\n%s", got)
	}
	if n := w.transfers(t); n != 0 {
		t.Fatalf("%d transfers made behind a locked PIN", n)
	}
}

// A transfer stamped tomorrow does not get tomorrow's daily limit: the day is kopbot's.
func TestFutureStampedTransferKeepsTheDailyLimit(t *testing.T) {
	w := newClockWorld(t)
	w.r.Rules.TransferMax, w.r.Rules.TransferDailyMax = 1_000_000, 1_000_000
	if got := w.say(w.now, "transfer", w.accounts[1], "1jt", "ya", "147258"); !strings.Contains(got, "Transfer berhasil") {
		t.Fatalf("first transfer: %q", got)
	}
	tomorrow := w.now.Add(24 * time.Hour)
	if got := w.say(tomorrow, "transfer"); !strings.Contains(got, "sudah terpakai semua hari ini") {
		t.Fatalf("a transfer stamped tomorrow was offered tomorrow's limit: %q", got)
	}
	if n := w.transfers(t); n != 1 {
		t.Fatalf("%d transfers, want the one the daily limit allows", n)
	}
}

// A claimed time far from the receipt is logged, with both times and never the text; a
// phone's clock a little off is not.
func TestFarClaimedTimeIsLogged(t *testing.T) {
	db, phones, _ := transferWorld(t, 1, 100_000)
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	r := newRunner(t, db, func() time.Time { return now })
	var logged bytes.Buffer
	ctx := zerolog.New(&logged).WithContext(context.Background())
	for i, claimed := range []time.Time{now.Add(time.Minute), now.Add(-time.Hour), now.Add(time.Hour), now.Add(-48 * time.Hour)} {
		in := flows.Input{Branch: "pusat", From: phones[0], MessageID: fmt.Sprint("far", i), Text: "rahasia saya", Claimed: claimed}
		if err := r.Handle(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	lines := strings.Count(logged.String(), "claims a time far from when it was received")
	if lines != 2 || !strings.Contains(logged.String(), `"claimed_at":"2026-11-21T10:00:00Z"`) {
		t.Errorf("want the two claims an hour ahead and two days behind logged, got %d:\n%s", lines, logged.String())
	}
	if strings.Contains(logged.String(), "rahasia") {
		t.Errorf("the log holds the message's text:\n%s", logged.String())
	}
}
