package flows_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
)

// corpusLine is one member message of testdata/corpus.tsv and what it must lead to.
type corpusLine struct {
	line                   int
	context, text, outcome string
}

// Where each context's message is written, and by whom.
var corpusContexts = map[string]struct {
	phone, flow, step, data string
}{
	// No flow under way: a member, a merchant member, someone who is not a member.
	"start":    {phone: "6281200000001"},
	"merchant": {phone: "6281200000003"},
	"guest":    {phone: "6281355550000"},
	// A transfer's summary waits for yes or no; then its PIN prompt.
	"confirm": {"6281200000001", "transfer", "confirm", `{"sources":["0104000013"],"from":"0104000013","to":"0104000021","amount":100000}`},
	"pin":     {"6281200000001", "transfer", "pin", `{"sources":["0104000013"],"from":"0104000013","to":"0104000021","amount":100000}`},
	// Cek Tabungan's list of three accounts waits for a pick.
	"choice": {"6281200000001", "cek-tabungan", "account", `{"accounts":["0101000016","0102000015","0104000013"]}`},
	// A transfer waits for its amount; Setoran for the day of the transfer.
	"amount": {"6281200000001", "transfer", "amount", `{"sources":["0104000013"],"from":"0104000013","to":"0104000021"}`},
	"date":   {"6281200000001", "setoran", "date", `{"accounts":["0104000013"],"account":"0104000013","amount":500000}`},
}

// moneyFlows are the services that move money or ask staff to: starting one nobody asked
// for is never forgiven, whatever the share understood.
var moneyFlows = []string{"transfer", "penarikan", "setoran", "bayar-angsuran", "bayar-wajib", "terima-qris", "buka-tabungan", "buka-deposito"}

// TestCorpus sends every message of testdata/corpus.tsv through the real runner and SQLite,
// each in its context, and compares what happened with what the member meant. It fails
// when less than 98% is understood, and at once when a message starts a money movement,
// confirms one, or reads an amount, that the member did not mean.
//
// The file has one message a line: context, the message, the outcome, separated by tabs.
// Outcomes: a service (its flow name) or "which:a,b" (the member is asked which), "menu",
// "thanks", "close" (a yes or no when nothing was asked), "stop", "help", "language",
// "reminders", "unknown" (the
// closest services are offered); at a confirmation "yes", "no" or "wait" (asked again);
// at a PIN prompt "wait" (no attempt counted); a position ("2"); an amount in rupiah; a
// day (2026-11-20); "retry" where the answer cannot be read. catalog.Messages are written at
// 21 Nov 2026 09.00 Jakarta time, by the demo members.
func TestCorpus(t *testing.T) {
	lines := readCorpus(t, "testdata/corpus.tsv")
	if len(lines) < 400 {
		t.Errorf("the corpus has %d messages; keep at least 400", len(lines))
	}
	ctx := context.Background()
	loc, _ := time.LoadLocation("Asia/Jakarta")
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, loc)
	clock := func() time.Time { return now }
	db := openDB(t, clock)
	seedDB(t, db, []byte("demo\nmerchant 6281200000003\n"), now)
	r := newRunner(t, db, clock)
	r.MediaDir = t.TempDir() // statements asked for are written there
	var events []string
	flows.Trace(r, func(e string) { events = append(events, e) })

	missed, unsafe := 0, 0
	for i, l := range lines {
		c, ok := corpusContexts[l.context]
		if !ok {
			t.Fatalf("corpus.tsv:%d: unknown context %q", l.line, l.context)
		}
		failures := pinFailures(t, db, c.phone)
		err := db.Update(ctx, func(tx *store.Tx) error {
			return tx.SaveSession(ctx, store.Session{Branch: "pusat", Phone: c.phone, Flow: c.flow, Step: c.step, Data: c.data}, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		events = nil
		now = now.Add(time.Second)
		if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: c.phone, MessageID: fmt.Sprintf("CORPUS%05d", i), Text: l.text, At: now}); err != nil {
			t.Fatalf("corpus.tsv:%d: %q: %v", l.line, l.text, err)
		}
		got := corpusOutcome(t, db, l.context, c.phone, events, failures)
		now = now.Add(-time.Second)
		if got == l.outcome {
			continue
		}
		missed++
		if why := corpusUnsafe(l, got); why != "" {
			unsafe++
			t.Errorf("corpus.tsv:%d: %s %q: %s (meant %s, got %s)", l.line, l.context, l.text, why, l.outcome, got)
			continue
		}
		t.Logf("corpus.tsv:%d: %s %q: meant %s, got %s", l.line, l.context, l.text, l.outcome, got)
	}
	share := 100 * float64(len(lines)-missed) / float64(len(lines))
	t.Logf("understood %d of %d messages (%.1f%%)", len(lines)-missed, len(lines), share)
	if share < 98 {
		t.Errorf("understood %.1f%% of the corpus, want at least 98%% (the misses are logged above; run with -v)", share)
	}
	if unsafe > 0 {
		t.Errorf("%d messages would have moved money, or read an amount, that the member did not mean", unsafe)
	}
}

func readCorpus(t *testing.T, path string) []corpusLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusLine
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		s := sc.Text()
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		parts := strings.Split(s, "\t")
		if len(parts) != 3 {
			t.Fatalf("%s:%d: want context, message and outcome separated by tabs, got %q", path, n, s)
		}
		out = append(out, corpusLine{n, parts[0], parts[1], parts[2]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func pinFailures(t *testing.T, db *store.DB, phone string) int {
	t.Helper()
	var n int
	err := db.View(context.Background(), func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(context.Background(), phone)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		n = m.PINFailures
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// corpusOutcome says what the runner made of a message, in the corpus's words.
func corpusOutcome(t *testing.T, db *store.DB, context, phone string, events []string, failures int) string {
	t.Helper()
	var s store.Session
	err := db.View(t.Context(), func(tx *store.Tx) error {
		var err error
		s, err = tx.Session(t.Context(), "pusat", phone)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		Account string `json:"account"`
		Amount  int64  `json:"amount"`
		Date    string `json:"date"`
	}
	_ = json.Unmarshal([]byte(s.Data), &data)
	at := s.Flow + "/" + s.Step
	switch context {
	case "confirm":
		switch {
		case at == "transfer/pin":
			return "yes"
		case at == "transfer/confirm":
			return "wait"
		case s.Flow == "":
			return "no"
		}
	case "pin":
		switch {
		case pinFailures(t, db, phone) != failures:
			return "attempt"
		case at == "transfer/pin":
			return "wait"
		}
	case "choice":
		switch at {
		case "cek-tabungan/month":
			accounts := []string{"0101000016", "0102000015", "0104000013"}
			return strconv.Itoa(slices.Index(accounts, data.Account) + 1)
		case "cek-tabungan/account":
			return "retry"
		}
	case "amount":
		switch at {
		case "transfer/confirm":
			return strconv.FormatInt(data.Amount, 10)
		case "transfer/amount":
			return "retry"
		}
	case "date":
		switch {
		case s.Flow == "setoran" && data.Date != "" && s.Step != "date":
			return data.Date
		case at == "setoran/date":
			return "retry"
		}
	}
	for _, e := range events {
		if svc, ok := strings.CutPrefix(e, "start:"); ok {
			return svc
		}
		if !strings.HasPrefix(e, "flow:") {
			return e
		}
	}
	return "other:" + at + ":" + strings.Join(events, ",")
}

// corpusUnsafe says why a miss is one that could cost a member money, or "".
func corpusUnsafe(l corpusLine, got string) string {
	switch {
	case l.context == "confirm" && got == "yes":
		return "confirmed a transfer"
	case l.context == "amount" && got != "retry" && l.outcome != got:
		return "read an amount the member did not write"
	case l.context == "pin" && got == "attempt":
		return "counted a PIN attempt"
	case slices.Contains(moneyFlows, got):
		return "started a money service"
	}
	return ""
}
