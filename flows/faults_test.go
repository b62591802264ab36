package flows_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store/storetest"
)

// The clock jumps backwards (an NTP step, a wrong hardware clock put right) after the
// morning's jobs ran: running them again sends no reminder twice, closes no day twice, ends
// no session and prunes nothing, and a member writing in the "past" gets a normal answer.
func TestFaultsClockBackwards(t *testing.T) {
	ctx := context.Background()
	w := newJobWorld(t)
	siti := w.borrower("Siti", true, "2026-11-24")
	w.now = w.day("2026-11-21", 9)
	say := func(id, text string) string {
		t.Helper()
		if err := w.r.Handle(ctx, flows.Input{Branch: "pusat", From: siti.Phone, MessageID: id, Text: text, At: w.now}); err != nil {
			t.Fatal(err)
		}
		got := w.queuedTo(siti.Phone)
		return got[len(got)-1].Text
	}
	say("B1", "menu")
	if rep := w.run(coop.JobInstallmentDue, w.now); len(rep.Sent) != 1 {
		t.Fatalf("the morning's reminders: %+v", rep)
	}
	if rep := w.run(coop.JobDayClose, w.now); len(rep.Closed) != 1 {
		t.Fatalf("the morning's close: %+v", rep)
	}
	raw := storetest.Raw(t, w.db)
	queued, journals := len(outbox(t, w.db)), scalar(t, raw, `SELECT COUNT(*) FROM journal`)
	for _, back := range []time.Duration{2 * time.Hour, 26 * time.Hour, 50 * time.Hour} {
		at := w.day("2026-11-21", 9).Add(-back)
		for _, job := range []string{coop.JobInstallmentDue, coop.JobDayClose, coop.JobHousekeeping} {
			rep := w.run(job, at)
			if len(rep.Sent) != 0 || len(rep.Closed) != 0 || rep.SessionsEnded != 0 || rep.MessagesPruned != 0 {
				t.Errorf("%s with the clock %s back: %s", job, back, rep.Summary())
			}
		}
		if n := len(outbox(t, w.db)); n != queued {
			t.Errorf("the clock %s back: %d messages queued, %d before", back, n, queued)
		}
		if n := scalar(t, raw, `SELECT COUNT(*) FROM journal`); n != journals {
			t.Errorf("the clock %s back: %d journal transactions, %d before", back, n, journals)
		}
	}
	if n := scalar(t, raw, `SELECT COUNT(*) FROM day_closes`); n != 1 {
		t.Errorf("%d days closed, want the one day closed once", n)
	}
	// The member goes on where she was, as if no time had passed.
	w.now = w.day("2026-11-21", 7)
	if got := say("B2", "menu"); strings.Contains(got, "berakhir") || !strings.Contains(got, "1") {
		t.Errorf("a member writing with the clock back was told %q", got)
	}
	queued = len(outbox(t, w.db))
	// Back to the real time: the session is quiet from the last message on, not from a time
	// to come, so it ends once, 15 minutes after that message.
	w.now = w.day("2026-11-21", 9).Add(20 * time.Minute)
	if rep := w.run(coop.JobHousekeeping, w.now); rep.SessionsEnded > 1 {
		t.Errorf("housekeeping back at the real time: %s", rep.Summary())
	}
	if n := len(outbox(t, w.db)); n > queued+1 {
		t.Errorf("%d messages queued after the clock came back, %d before", n, queued)
	}
}
