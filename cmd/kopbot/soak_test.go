package main

import (
	"context"
	"io"
	"os"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
)

// The bench's mix runs for a while with the outbox delivery and session expiry live; then
// memory has stopped growing, no goroutine is left behind and the outbox is empty.
// KOPBOT_SOAK sets how long (.ci/run gives it 30s); plain go test runs it for a few seconds.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak: runs members chatting for a while")
	}
	d := 4 * time.Second
	if v := os.Getenv("KOPBOT_SOAK"); v != "" {
		var err error
		if d, err = time.ParseDuration(v); err != nil {
			t.Fatalf("KOPBOT_SOAK=%q: %v", v, err)
		}
	}
	if raceDetector && d < 12*time.Second {
		d = 12 * time.Second // a message is slow under -race: 4 s was a coin toss for the first reminders
	}
	ctx := context.Background()
	goroutinesBefore := runtime.NumGoroutine()

	const windows = 6
	var heap []uint64 // live heap after a GC, at the end of each window
	var reminders atomic.Int64
	o := benchOptions{Members: 2000, Concurrent: 50, Duration: d, Dir: t.TempDir()}
	if raceDetector {
		// Fifty members at once under -race queue for seconds a message, past the soak's
		// 2 s session timeout: fewer, so that conversations (and reminders) get through.
		o.Members, o.Concurrent = 500, 10
	}
	var err error
	if o.Mix, err = parseMix(defaultMix); err != nil {
		t.Fatal(err)
	}
	o.Background = []func(ctx context.Context, b *bench){
		// Quiet conversations are ended and their members told, as serve does every half
		// minute; here often, with a short timeout, so it happens during the soak.
		func(ctx context.Context, b *bench) {
			every(ctx, 500*time.Millisecond, func() {
				if _, err := b.app.Runner.ExpireSessions(ctx); err != nil && ctx.Err() == nil {
					t.Errorf("expire sessions: %v", err)
				}
				b.wake()
			})
		},
		// Every scheduled job runs, for real, as often as the soak allows: reminders are
		// recorded and queued beside the chatting, and must drain with the rest.
		func(ctx context.Context, b *bench) {
			jobs := b.app.Jobs()
			jobs.Settings.QuietStart, jobs.Settings.QuietEnd = 0, 0 // whatever the hour the soak runs at
			jobs.Settings.WajibDay = 1
			every(ctx, 300*time.Millisecond, func() {
				for _, name := range coop.JobNames {
					rep, err := jobs.Run(ctx, name, b.app.Now(), false)
					if err != nil && ctx.Err() == nil {
						t.Errorf("job %s: %v", name, err)
					}
					reminders.Add(int64(len(rep.Sent)))
				}
				b.wake()
			})
		},
		func(ctx context.Context, b *bench) {
			every(ctx, d/windows, func() {
				var ms runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&ms)
				heap = append(heap, ms.HeapAlloc)
			})
		},
	}
	b, err := newBench(ctx, o, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	b.app.Runner.SessionTimeout = 2 * time.Second
	res, err := b.run(ctx)
	b.close()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d messages (%.0f/s), %d transfers, %d reminders, p99 %.1f ms; live heap by window: %v MB",
		res.Messages, res.MessagesPerS, res.Transfers, reminders.Load(), res.LatencyMS.P99, heapMB(heap))

	// Few members are behind on simpanan wajib, so a reminder needs volume: the race
	// detector's run (a few hundred messages) looks for races; the plain soak for reminders.
	if reminders.Load() == 0 && !raceDetector {
		t.Error("the scheduled jobs queued no reminder during the soak; the members behind on simpanan wajib who chatted should have one")
	}
	if res.Errors != 0 || res.Unanswered != 0 {
		t.Errorf("%d messages failed, %d went unanswered", res.Errors, res.Unanswered)
	}
	if res.OutboxLeft != 0 {
		t.Errorf("%d messages left in the outbox: it did not drain", res.OutboxLeft)
	}
	// Memory has stopped growing: the later windows' smallest live heap is no bigger than
	// the earlier windows' largest, give or take a fifth and a few MB (the bench's own
	// latency records grow). The smallest, because a PIN check in flight holds 19 MiB. Not
	// under -race, whose shadow memory and few seconds make windows of noise, nor in plain
	// go test's few seconds beside the other packages' tests: two PIN checks held in flight
	// by a busy CPU at each later window's end read as 38 MiB of growth (seen once). The
	// dedicated soak (KOPBOT_SOAK, 30 s in CI) checks it.
	if len(heap) >= 4 && !raceDetector && os.Getenv("KOPBOT_SOAK") != "" {
		earlier, later := slices.Max(heap[:len(heap)/2]), slices.Min(heap[len(heap)/2:])
		if float64(later) > float64(earlier)*1.2+8<<20 {
			t.Errorf("live heap still growing: %v MB by window", heapMB(heap))
		}
	}
	// Every goroutine the service started has ended.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > goroutinesBefore+2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > goroutinesBefore+2 {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines after the soak, %d before:\n%s", n, goroutinesBefore, buf[:runtime.Stack(buf, true)])
	}

	// The ledger holds on what the soak left.
	if err := b.ledgerCheck(ctx, &res, io.Discard); err != nil || !res.Ledger.OK {
		t.Errorf("ledger check after the soak: %v %+v", err, res.Ledger)
	}
}

func heapMB(hs []uint64) []int {
	var out []int
	for _, h := range hs {
		out = append(out, int(h>>20))
	}
	return out
}
