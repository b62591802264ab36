package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kopbot/kopbot/bot/fakewa"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/web/browsertest"
)

func TestMain(m *testing.M) {
	// The crash test runs this test binary as kopbot itself, so it can kill it.
	if os.Getenv("KOPBOT_TEST_RUN_MAIN") == "1" {
		configureWhatsApp = fakewa.FromEnv() // the starting test's fake WhatsApp, if it has one
		if os.Getenv("KOPBOT_TEST_HOLD_HANDLING") == "1" {
			wrapHandle = holdHandling
		}
		main()
		os.Exit(0)
	}
	coop.CheapPasswordHashesForTests() // kopbot demo makes three accounts; coop's tests check the real cost
	os.Exit(browsertest.Main(m))       // closes the browser the browser tests share
}

// testConfig writes a config whose data lives in a fresh directory and loads the demo into it.
func testConfig(t *testing.T) string {
	t.Helper()
	return demoConfig(t, "")
}

// writeConfig writes a config whose data lives in a fresh directory, with more settings
// after data_dir, and returns its path.
func writeConfig(t *testing.T, more string) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "kopbot.yaml")
	if err := os.WriteFile(path, []byte("data_dir: "+filepath.Join(dir, "data")+"\n"+more), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// demoConfig writes a config (logging warnings as JSON, and more) and loads the demo into
// it, without the work the demo leaves in the back office's queues (demo_test.go has those).
func demoConfig(t *testing.T, more string) string {
	t.Helper()
	path := writeConfig(t, "log:\n  level: warn\n  format: json\n"+more)
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"demo", "-queues=false", "-config", path}, nil, &out, &errOut); err != nil {
		t.Fatalf("demo: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "Loaded 5 demo members") {
		t.Fatalf("demo said %q", out.String())
	}
	return path
}

func chatJSONL(t *testing.T, config, input string) []chatOut {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"chat", "-jsonl", "-config", config}, strings.NewReader(input), &out, &errOut); err != nil {
		t.Fatalf("chat: %v\n%s", err, errOut.String())
	}
	var lines []chatOut
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if l == "" {
			continue
		}
		var o chatOut
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("output line %q is not JSON: %v", l, err)
		}
		lines = append(lines, o)
	}
	return lines
}

func TestChatJSONL(t *testing.T) {
	config := testConfig(t)
	got := chatJSONL(t, config, strings.Join([]string{
		`{"from":"6281200000001","text":"menu"}`,
		`{"from":"6281200000001","text":"1","id":"X1"}`,
		`{"from":"6281200000001","text":"1","id":"X1"}`, // redelivered: no answer
		`this is not json`,
		`{"text":"menu"}`,
		`{"from":"0812-0000-0002","text":"cek tabungan","at":"2026-11-21T09:00:00+07:00"}`,
		`{"from":"6281200000001","text":"foto","image":"/no/such/file.jpg"}`,
		`{"from":"6281200000001","text":"menu","branch":"bogor"}`,
		`{"from":"6281200000001","text":"batal"}`,
	}, "\n")+"\n")
	want := []struct {
		in       int
		contains string
	}{
		{1, "13. Verifikasi KTP"},
		{2, "*Tabungan Budi Santoso*"},
		{4, ""}, // error
		{5, ""}, // error
		{6, "*Tabungan Siti Rahmawati*"},
		{7, ""}, // error
		{8, ""}, // error
		{9, "1. Cek Tabungan"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d output lines, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.In != w.in {
			t.Errorf("line %d answers input %d, want %d", i+1, g.In, w.in)
		}
		if w.contains == "" {
			if g.Error == "" || g.Text != "" {
				t.Errorf("input %d should get an error line, got %+v", w.in, g)
			}
			continue
		}
		if !strings.Contains(g.Text, w.contains) {
			t.Errorf("input %d: reply %q does not contain %q", w.in, g.Text, w.contains)
		}
	}
	if got[0].To != "6281200000001" || got[4].To != "6281200000002" {
		t.Errorf("replies go to the wrong numbers: %q, %q", got[0].To, got[4].To)
	}
	if !strings.Contains(got[3].Error, `"from" is missing`) || !strings.Contains(got[6].Error, "bogor") {
		t.Errorf("errors should say what is wrong: %q, %q", got[3].Error, got[6].Error)
	}
}

// Replies a killed run had queued but not shown come out when chat starts again.
func TestChatDeliversWhatAnEarlierRunLeft(t *testing.T) {
	config := testConfig(t)
	ctx := context.Background()
	db, cfg := openTestDB(t, config)
	err := db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.Enqueue(ctx, store.OutMessage{Branch: "pusat", To: "6281200000004", Text: "for WhatsApp", InMessageID: "WA"}); err != nil {
			return err
		}
		_, err := tx.Enqueue(ctx, store.OutMessage{Branch: "pusat", To: "6281200000003", Transport: chatTransport, Text: "left behind", InMessageID: "OLD"})
		return err
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	got := chatJSONL(t, config, `{"from":"6281200000001","text":"3"}`+"\n")
	if len(got) != 2 || got[0].In != 0 || got[0].Text != "left behind" || got[1].In != 1 {
		t.Fatalf("want the left-behind reply (in 0) and then the answer (in 1), got %+v", got)
	}
	if again := chatJSONL(t, config, ""); len(again) != 0 {
		t.Fatalf("delivered replies came out again: %+v", again)
	}
	// A reply serve queued for WhatsApp is serve's to send: chat neither shows nor takes it.
	db, err = store.Open(ctx, cfg.DatabasePath())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var left []store.OutMessage
	if err := db.View(ctx, func(tx *store.Tx) (err error) { left, err = tx.Queued(ctx, "pusat", 10); return }); err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0].Text != "for WhatsApp" {
		t.Errorf("want the WhatsApp reply still queued for serve, got %+v", left)
	}
}

// Killing chat in the middle of a conversation loses nothing: the next run goes on from where it was.
func TestChatSurvivesKill(t *testing.T) {
	config := testConfig(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	start := func() (io.WriteCloser, *bufio.Scanner, *exec.Cmd) {
		cmd := exec.Command(exe, "chat", "-jsonl", "-config", config)
		cmd.Env = append(os.Environ(), "KOPBOT_TEST_RUN_MAIN=1")
		cmd.Args[0] = "kopbot"
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return stdin, bufio.NewScanner(stdout), cmd
	}
	readReply := func(sc *bufio.Scanner) chatOut {
		t.Helper()
		done := make(chan bool)
		var o chatOut
		go func() {
			defer close(done)
			if sc.Scan() {
				_ = json.Unmarshal(sc.Bytes(), &o)
			}
		}()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Fatal("no reply from chat")
		}
		return o
	}

	stdin, out, cmd := start()
	io.WriteString(stdin, `{"from":"6281200000001","text":"1"}`+"\n")
	if r := readReply(out); !strings.Contains(r.Text, "*Tabungan Budi Santoso*") {
		t.Fatalf("first run: %+v", r)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	stdin, out, cmd = start()
	defer func() { stdin.Close(); cmd.Wait() }()
	io.WriteString(stdin, `{"from":"6281200000001","text":"3"}`+"\n")
	r := readReply(out)
	// The killed run may have shown its reply without recording it: it is shown again
	// (at least once, never lost), marked in 0, before the new answer.
	for r.In == 0 && strings.Contains(r.Text, "*Tabungan Budi Santoso*") {
		r = readReply(out)
	}
	if r.In != 1 || !strings.Contains(r.Text, "*Tabungan Sejahtera*\nNo.") {
		t.Fatalf("after the kill, \"3\" should still answer the account list; got %+v", r)
	}
}

func TestBackupIsAWorkingDatabase(t *testing.T) {
	config := testConfig(t)
	dest := filepath.Join(t.TempDir(), "backup.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"backup", "-config", config, dest}, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, "6281200000001")
		if err != nil {
			return err
		}
		accts, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		if err != nil {
			return err
		}
		if len(accts) != 3 || accts[2].Amount() != 2_400_000 {
			t.Errorf("backup holds %d accounts, last %+v", len(accts), accts)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"backup", "-config", config, dest}, nil, io.Discard, io.Discard); err == nil {
		t.Error("backup over an existing file should be refused")
	}
}

// A cooperative's own words, added in config, are understood without a rebuild.
func TestChatUnderstandsTheCooperativesWords(t *testing.T) {
	config := testConfig(t)
	in := `{"from":"6281200000001","text":"celengan aku brp"}` + "\n"
	if got := chatJSONL(t, config, in); len(got) != 1 || strings.Contains(got[0].Text, "*Tabungan Budi Santoso*") {
		t.Fatalf("before the word is added, it should not open Cek Tabungan: %+v", got)
	}
	body, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	body = append(body, "understanding:\n  words:\n    cek-tabungan: [celengan aku]\n"...)
	if err := os.WriteFile(config, body, 0o600); err != nil {
		t.Fatal(err)
	}
	in = `{"from":"6281200000001","text":"celengan aku brp"}` + "\n"
	if got := chatJSONL(t, config, in); len(got) != 1 || !strings.Contains(got[0].Text, "*Tabungan Budi Santoso*") {
		t.Fatalf("a phrase from config should open Cek Tabungan: %+v", got)
	}
}

// openTestDB opens the database of the config at path, closed when the test ends.
func openTestDB(t *testing.T, path string) (*store.DB, Config) {
	t.Helper()
	db, cfg := openConfigDB(t, path)
	t.Cleanup(func() { db.Close() })
	return db, cfg
}

// openConfigDB opens the database of the config at path, for the caller to close.
func openConfigDB(t *testing.T, path string) (*store.DB, Config) {
	t.Helper()
	cfg, err := LoadConfigFile(path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), cfg.DatabasePath())
	if err != nil {
		t.Fatal(err)
	}
	return db, cfg
}

// liveChat is kopbot chat running in the test, typed into through a pipe.
type liveChat struct {
	t     *testing.T
	typed *io.PipeWriter
	lines chan string // what chat wrote, line by line
	done  chan error
}

func startChat(t *testing.T, args ...string) *liveChat {
	stdin, typed := io.Pipe()
	outR, outW := io.Pipe()
	l := &liveChat{t: t, typed: typed, lines: make(chan string, 1000), done: make(chan error, 1)}
	go func() {
		l.done <- run(context.Background(), append([]string{"chat"}, args...), stdin, outW, io.Discard)
		outW.Close()
	}()
	go func() {
		defer close(l.lines)
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			l.lines <- sc.Text()
		}
	}()
	return l
}

// readUntil reads chat's output up to the line containing want, and returns that line.
func (l *liveChat) readUntil(want string) string {
	l.t.Helper()
	deadline := time.After(60 * time.Second) // a hang, not a measurement
	for {
		select {
		case line, ok := <-l.lines:
			if !ok {
				l.t.Fatalf("chat ended before showing %q", want)
			}
			if strings.Contains(line, want) {
				return line
			}
		case <-deadline:
			l.t.Fatalf("chat did not show %q", want)
		}
	}
}

// say types line and reads up to the reply containing want.
func (l *liveChat) say(line, want string) {
	l.t.Helper()
	if _, err := io.WriteString(l.typed, line+"\n"); err != nil {
		l.t.Fatal(err)
	}
	l.readUntil(want)
}

// end types Ctrl-D and waits for chat to finish.
func (l *liveChat) end() {
	l.t.Helper()
	l.typed.Close()
	if err := <-l.done; err != nil {
		l.t.Fatalf("chat: %v", err)
	}
}

// applyThenApprove has Dewi apply for a loan in chat (as in
// flows/testdata/pinjaman_ajukan.txtar), writing each text as line(text) makes it, then
// staff approve it from another terminal, and returns the line chat shows it with, without
// Dewi writing again.
func applyThenApprove(t *testing.T, config string, l *liveChat, line func(text string) string) string {
	t.Helper()
	l.say(line("pinjaman"), "Berapa jumlah pinjaman")
	l.say(line("5jt"), "Berapa lama jangka waktunya")
	l.say(line("12"), "1. Ajukan pinjaman ini")
	l.say(line("1"), "Ketik PIN 6 angka Anda")
	l.say(line("147258"), "Pengajuan pinjaman terkirim dengan nomor *PJ-000001*")
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"members", "loan-approve", "PJ-000001", "-config", config}, nil, &out, &errOut); err != nil {
		t.Fatalf("loan-approve: %v\n%s", err, errOut.String())
	}
	return l.readUntil("Pengajuan pinjaman PJ-000001 sebesar Rp5.000.000 untuk 12 bulan *disetujui*")
}

// A staff decision made while chat sits idle (kopbot members in another terminal) is shown
// the moment it is queued, without the member writing again.
func TestChatShowsAStaffDecisionWhileIdle(t *testing.T) {
	config := testConfig(t)
	l := startChat(t, "-from", "6281200000004", "-config", config)
	applyThenApprove(t, config, l, func(text string) string { return text })
	l.end()
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		left, err := tx.Queued(ctx, "pusat", 10)
		if len(left) != 0 {
			t.Errorf("shown, but still queued: %+v", left)
		}
		return err
	})
}

// In JSON lines too, a decision staff make while no line comes in is written at once, as
// answering no input line ("in":0).
func TestChatJSONLShowsAStaffDecisionWhileIdle(t *testing.T) {
	config := testConfig(t)
	l := startChat(t, "-jsonl", "-config", config)
	got := applyThenApprove(t, config, l, func(text string) string {
		return `{"from":"6281200000004","text":"` + text + `"}`
	})
	l.end()
	var o chatOut
	if err := json.Unmarshal([]byte(got), &o); err != nil || o.In != 0 || o.To != "6281200000004" {
		t.Errorf("the decision came as %s (%v), want a line to 6281200000004 answering no input (in 0)", got, err)
	}
}
