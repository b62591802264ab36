package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// A client that announces a body and never sends it is cut off within the read timeout,
// instead of holding its connection (and a request being answered) open for ever.
func TestWebServerCutsOffSlowBody(t *testing.T) {
	defer func(d time.Duration) { webReadTimeout = d }(webReadTimeout)
	webReadTimeout = 500 * time.Millisecond
	srv := newWebServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body) // as the QRIS webhook reads its notice
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	io.WriteString(conn, "POST /webhooks/qris HTTP/1.1\r\nHost: kopbot\r\nContent-Length: 1000\r\n\r\n0123456789")
	conn.SetReadDeadline(start.Add(5 * time.Second))
	_, err = io.ReadAll(conn) // until the server closes the connection
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the connection is still open after %s; want it closed within the read timeout", time.Since(start).Round(time.Millisecond))
	}
	if took := time.Since(start); took > 3*webReadTimeout {
		t.Errorf("the server closed the connection after %s, want within about %s", took, webReadTimeout)
	}
}

// A one-letter admin token or webhook secret is refused at start, naming the setting,
// before kopbot serves anything with it.
func TestServeRefusesOneLetterSecrets(t *testing.T) {
	for _, c := range []struct{ yaml, key string }{
		{"web:\n  listen: 127.0.0.1:0\n  admin_token: x\n", "web.admin_token"},
		{"web:\n  listen: 127.0.0.1:0\nqris:\n  webhook_secret: x\n", "qris.webhook_secret"},
	} {
		config := writeConfig(t, c.yaml)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second) // a serve that started stops
		err := run(ctx, []string{"serve", "-config", config}, nil, io.Discard, io.Discard)
		cancel()
		if err == nil || !strings.Contains(err.Error(), c.key) || !strings.Contains(err.Error(), "at least 32") {
			t.Errorf("serve with a one-letter %s: %v; want it refused, naming the setting", c.key, err)
		}
	}
}

// kopbot demo makes the secrets serve needs, long enough to be taken, in a file only the
// owner can read, and keeps them when run again.
func TestDemoSecretsAreTakenAndPrivate(t *testing.T) {
	dir := t.TempDir()
	if err := writeDemoSecrets(dir, io.Discard); err != nil {
		t.Fatal(err)
	}
	path := dir + "/demo.env"
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("demo.env: %v %v, want mode 0600", fi.Mode(), err)
	}
	lines := strings.Split(strings.TrimSpace(string(first)), "\n")
	if len(lines) != len(demoSecrets) {
		t.Fatalf("demo.env holds %q, want one export per secret", first)
	}
	for _, l := range lines {
		name, value, _ := strings.Cut(strings.TrimPrefix(l, "export "), "=")
		t.Setenv(name, value)
	}
	cfg, err := LoadConfig(strings.NewReader(""))
	if err != nil {
		t.Fatalf("the demo's secrets are refused: %v", err)
	}
	if len(cfg.Web.AdminToken) < minSecretLen || len(cfg.Web.MetricsToken) < minSecretLen || len(cfg.QRIS.WebhookSecret) < minSecretLen {
		t.Errorf("the demo's secrets did not all reach the config: %+v %+v", cfg.Web, cfg.QRIS)
	}
	if err := writeDemoSecrets(dir, io.Discard); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(path); string(again) != string(first) {
		t.Error("kopbot demo run again changed its secrets")
	}
}
