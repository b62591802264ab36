package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// A tiny bench runs end to end: every field is there, every message was answered and
// kopbot ledger check holds on its database. No timing is asserted: machines differ.
func TestBenchTiny(t *testing.T) {
	var out, errOut bytes.Buffer
	args := []string{"bench", "-members", "200", "-concurrent", "10", "-duration", "1s", "-reminder-members", "300", "-json"}
	if err := run(context.Background(), args, nil, &out, &errOut); err != nil {
		t.Fatalf("bench: %v\n%s\n%s", err, out.String(), errOut.String())
	}
	var fields map[string]any
	if err := json.Unmarshal(out.Bytes(), &fields); err != nil {
		t.Fatalf("bench -json wrote %q: %v", out.String(), err)
	}
	for _, k := range []string{"messages_per_s", "latency_ms", "transfers_per_s", "peak_rss_mb", "peak_go_sys_mb", "db_bytes",
		"baseline_inserts_per_s", "ratio", "ledger", "open_sessions", "machine"} {
		if _, ok := fields[k]; !ok {
			t.Errorf("bench -json has no %q", k)
		}
	}
	var res benchResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if res.Messages == 0 || res.Members != 200 || res.Concurrent != 10 {
		t.Errorf("bench ran %d messages for %d members, %d at once", res.Messages, res.Members, res.Concurrent)
	}
	if !res.Ledger.OK || res.Ledger.Journals == 0 {
		t.Errorf("ledger check on the bench's database: %+v", res.Ledger)
	}
	if res.Errors != 0 || res.Unanswered != 0 || res.OutboxLeft != 0 {
		t.Errorf("%d failed, %d unanswered, %d left in the outbox", res.Errors, res.Unanswered, res.OutboxLeft)
	}
	if rm := res.Reminders; rm == nil || rm.Members != 300 || len(rm.Jobs) != len(reminderJobs) {
		t.Errorf("reminder selection: %+v; want the reminder jobs timed among 300 members", rm)
	}
	if res.BaselinePS <= 0 || res.LatencyMS.P99 <= 0 {
		t.Errorf("baseline %v/s, p99 %v ms: not measured", res.BaselinePS, res.LatencyMS.P99)
	}

	// The table names the same things.
	out.Reset()
	if err := run(context.Background(), []string{"bench", "-members", "50", "-concurrent", "5", "-duration", "300ms", "-reminder-members", "90"}, nil, &out, &errOut); err != nil {
		t.Fatalf("bench: %v\n%s", err, errOut.String())
	}
	for _, k := range []string{"messages/s", "handling latency", "p99", "transfers/s", "peak memory", "database size", "baseline", "kopbot ledger check", "holds (",
		"reminder selection", "among 90 members", "simpanan-wajib"} {
		if !strings.Contains(out.String(), k) {
			t.Errorf("bench table has no %q:\n%s", k, out.String())
		}
	}
}
