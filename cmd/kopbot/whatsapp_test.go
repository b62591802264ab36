package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	wastore "go.mau.fi/whatsmeow/store"

	"github.com/kopbot/kopbot/bot"
	"github.com/kopbot/kopbot/bot/fakewa"
	"github.com/kopbot/kopbot/flows"
)

// End to end as an IT person runs it: kopbot serve (in this process, or this test binary
// started as kopbot so it can be killed) against the fake WhatsApp server, paired by
// scanning the QR code its branch page shows, watched through /healthz and the branch page.

const (
	waToken      = "s3cret-e2e-test-token-of-32-characters"
	branchNumber = "6281100000001"
)

// holdHandling stands in for the runner in a kopbot that is to be killed mid-message: it
// never finishes, as if the process died right after WhatsApp got its receipt.
func holdHandling(func(context.Context, flows.Input) error) func(context.Context, flows.Input) error {
	return func(ctx context.Context, _ flows.Input) error {
		<-ctx.Done()
		return ctx.Err()
	}
}

// waConfig writes a config with the admin web on a free port and loads the demo (without
// the work it leaves in the back office's queues).
func waConfig(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "kopbot.yaml")
	body := fmt.Sprintf("data_dir: %s\nlog:\n  level: info\n  format: json\nweb:\n  listen: 127.0.0.1:0\n  admin_token: %s\n", filepath.Join(dir, "data"), waToken)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"demo", "-queues=false", "-config", path}, nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("demo: %v", err)
	}
	addTestStaff(t, path, "admin", "admin")
	return path
}

var listenRE = regexp.MustCompile(`"listen":"http://(127\.0\.0\.1:\d+)"`)

// webAddr waits for serve to say where its pages are.
func webAddr(t *testing.T, logs interface{ String() string }) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if m := listenRE.FindStringSubmatch(logs.String()); m != nil {
			return m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not say where its pages are:\n%s", logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func webGet(t *testing.T, addr, path string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
	req.AddCookie(webSession(t, addr, "admin"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// branchState is the branch's state as /healthz reports it.
func branchState(t *testing.T, addr string) string {
	t.Helper()
	_, body := webGet(t, addr, "/healthz")
	var h struct{ Branches map[string]string }
	if err := json.Unmarshal(body, &h); err != nil {
		t.Fatalf("/healthz: %v: %s", err, body)
	}
	return h.Branches["pusat"]
}

func waitHealth(t *testing.T, addr, state string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		got := branchState(t, addr)
		if got == state {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz says the branch is %q; waited %s for %q", got, within, state)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// scanWebQR reads the QR code off the branch page's image, as the branch's phone camera
// would, and scans it.
func scanWebQR(t *testing.T, srv *fakewa.Server, addr string) *fakewa.Account {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, page := webGet(t, addr, "/branches/pusat")
		if code == http.StatusOK && strings.Contains(string(page), "/branches/pusat/qr.png") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the branch page shows no QR code:\n%s", page)
		}
		time.Sleep(20 * time.Millisecond)
	}
	code, body := webGet(t, addr, "/branches/pusat/qr.png")
	if code != http.StatusOK {
		t.Fatalf("qr.png: %d %s", code, body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	acct, err := srv.Scan(ctx, readQR(t, body), branchNumber)
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

func ask(t *testing.T, m *fakewa.Member, acct *fakewa.Account, text, want string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	id, err := m.Send(ctx, acct, text)
	if err != nil {
		t.Fatal(err)
	}
	r, err := m.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text(), want) {
		t.Fatalf("%s wrote %q and got %q, want %q in it", m.Name, text, r.Text(), want)
	}
	// kopbot marks the message read after answering: then it has nothing more to send.
	for !slices.Contains(acct.Receipts(id), "read") {
		if ctx.Err() != nil {
			t.Fatalf("%s's message was never marked read", m.Name)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// settle lets a reply's send finish (the member has it before kopbot has WhatsApp's ack)
// before the server drops the connection. whatsmeow has data races of its own when a send
// is cut by a disconnect (socket.FrameSocket.conn read by SendFrame while the read pump's
// Close writes it; go.mau.fi/util exsync.Event.GetChan from retryFrame's WaitForConnection
// and autoReconnect at once), which the race detector reports; they are not kopbot's, and
// production does not run under the race detector.
func settle() { time.Sleep(300 * time.Millisecond) }

// serveInProcess runs kopbot serve on config in this process until the test ends, and
// returns the address of its pages.
func serveInProcess(t *testing.T, config string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "-config", config}, nil, io.Discard, &logs) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
	})
	return webAddr(t, &logs)
}

// kopbot serve pairs from the QR its branch page shows, answers members, and shows a
// ban and an outdated client on /healthz and the branch page.
func TestServeOnWhatsApp(t *testing.T) {
	srv := fakewa.New(t)
	configureWhatsApp = srv.Configure
	adjustBot = func(b *bot.Bot) {
		b.OutdatedRetry = 300 * time.Millisecond
		b.LatestVersion = func(ctx context.Context) (*wastore.WAVersionContainer, error) {
			return whatsmeow.GetLatestVersion(ctx, srv.HTTPClient())
		}
	}
	t.Cleanup(func() { configureWhatsApp, adjustBot = nil, nil })
	addr := serveInProcess(t, waConfig(t))
	waitHealth(t, addr, "unpaired", 20*time.Second)
	acct := scanWebQR(t, srv, addr)
	waitHealth(t, addr, "connected", 20*time.Second)
	if _, page := webGet(t, addr, "/branches/pusat"); !strings.Contains(string(page), branchNumber[2:]) {
		t.Errorf("the branch page does not show the paired number:\n%s", page)
	}
	ask(t, srv.Member("6281200000004", "Dewi"), acct, "saldo", "Tabungan Dewi Lestari")
	ask(t, srv.LIDMember("6281200000002", "Siti"), acct, "saldo", "Tabungan Siti Rahmawati")

	settle()
	acct.Ban(3*time.Second, 101)
	waitHealth(t, addr, "banned", 10*time.Second)
	if _, page := webGet(t, addr, "/branches/pusat"); !strings.Contains(string(page), "Diblokir") {
		t.Errorf("the branch page does not say the number is blocked:\n%s", page)
	}
	waitHealth(t, addr, "connected", 20*time.Second)

	v := wastore.GetWAVersion()
	settle()
	srv.RequireVersion(v[2] + 1)
	waitHealth(t, addr, "outdated", 10*time.Second)
	if _, page := webGet(t, addr, "/branches/pusat"); !strings.Contains(string(page), "Versi usang") || !strings.Contains(string(page), "whatsmeow") {
		t.Errorf("the branch page does not say kopbot is outdated, with its whatsmeow version:\n%s", page)
	}
	waitHealth(t, addr, "connected", 20*time.Second) // with WhatsApp Web's current version number
	ask(t, srv.Member("6281200000003", "Agus"), acct, "cek tabungan", "Tabungan Agus Wijaya")
}

// kopbot is killed (SIGKILL) after WhatsApp got the receipts of members' messages and
// before they were handled; started again, it answers every one of them exactly once.
func TestKilledBetweenReceiptAndHandlingAnswersOnceAfterRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills kopbot")
	}
	srv := fakewa.New(t)
	config := waConfig(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	start := func(hold bool) (*exec.Cmd, *syncBuffer) {
		cmd := exec.Command(exe, "serve", "-config", config)
		cmd.Env = append(append(os.Environ(), "KOPBOT_TEST_RUN_MAIN=1"), srv.Env()...)
		if hold {
			cmd.Env = append(cmd.Env, "KOPBOT_TEST_HOLD_HANDLING=1")
		}
		logs := &syncBuffer{}
		cmd.Stderr = logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		return cmd, logs
	}

	first, logs := start(true)
	addr := webAddr(t, logs)
	acct := scanWebQR(t, srv, addr)
	waitHealth(t, addr, "connected", 20*time.Second)

	names := []string{"Budi Santoso", "Siti Rahmawati", "Agus Wijaya", "Dewi Lestari", "Rina Marlina"}
	var members []*fakewa.Member
	var ids []string
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for i, name := range names {
		m := srv.Member(fmt.Sprintf("628120000000%d", i+1), strings.Fields(name)[0])
		if i%2 == 1 {
			m.FromLID = true
		}
		id, err := m.Send(ctx, acct, "cek tabungan")
		if err != nil {
			t.Fatal(err)
		}
		members, ids = append(members, m), append(ids, id)
	}
	deadline := time.Now().Add(20 * time.Second)
	for _, id := range ids {
		for len(acct.Receipts(id)) == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("WhatsApp got no receipt for %s", id)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	for _, m := range members {
		if got := m.All(); len(got) != 0 {
			t.Fatalf("%s was answered before the kill (%q): the handling was not held", m.Name, got[0].Text())
		}
	}
	if acct.Pending() != 0 {
		t.Fatalf("WhatsApp still holds %d messages: the test must kill kopbot after the receipts", acct.Pending())
	}

	_, logs = start(false)
	addr = webAddr(t, logs)
	waitHealth(t, addr, "connected", 20*time.Second)
	for i, m := range members {
		r, err := m.Next(ctx)
		if err != nil {
			t.Fatalf("after the restart: %v", err)
		}
		if !strings.Contains(r.Text(), "Tabungan "+names[i]) {
			t.Fatalf("%s got %q", m.Name, r.Text())
		}
	}
	time.Sleep(500 * time.Millisecond)
	for _, m := range members {
		if n := len(m.All()); n != 1 || m.Duplicates() != 0 {
			t.Fatalf("%s got %d messages (%d repeated), want their one answer", m.Name, n, m.Duplicates())
		}
	}
}

// kopbot pair -phone on a server without internet says so, keeps trying, and never blames
// the number.
func TestPairByPhoneWithoutInternetSaysSo(t *testing.T) {
	srv := fakewa.NewServer(nil)
	configureWhatsApp = srv.Configure
	srv.Close() // every connection to WhatsApp is refused
	t.Cleanup(func() { configureWhatsApp = nil })
	config := waConfig(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"pair", "-config", config, "-phone", "0811-0000-0001", "pusat"}, strings.NewReader(""), &out, io.Discard)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "Trying again in") {
		if time.Now().After(deadline) {
			t.Fatalf("pair said nothing about WhatsApp in 20s:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err == nil || !strings.Contains(err.Error(), "pairing stopped before the phone linked") {
		t.Errorf("pair stopped with %v", err)
	}
	said := out.String()
	if !strings.Contains(said, "This computer cannot reach WhatsApp: check its internet connection. No QR code or pairing code can be had until it can.") ||
		strings.Contains(said, "did not take") {
		t.Errorf("pair -phone without internet said:\n%s", said)
	}
}
