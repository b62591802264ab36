package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to write from the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Without WhatsApp (as here), serve stays up: the admin pages, /healthz and /metrics
// answer and show the branch's state, and SIGINT stops it cleanly.
func TestServeWithoutWhatsAppKeepsItsPagesUp(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join(dir, "kopbot.yaml")
	body := "data_dir: " + filepath.Join(dir, "data") + "\nlog:\n  level: info\n  format: json\nweb:\n  listen: 127.0.0.1:0\n  admin_token: s3cret\n"
	if err := os.WriteFile(config, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "-config", config}, nil, io.Discard, &logs) }()
	addrRE := regexp.MustCompile(`"listen":"http://(127\.0\.0\.1:\d+)"`)
	var addr string
	deadline := time.Now().Add(60 * time.Second)
	for addr == "" {
		if m := addrRE.FindStringSubmatch(logs.String()); m != nil {
			addr = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("serve did not say where its pages are:\n%s", logs.String())
		} else {
			time.Sleep(10 * time.Millisecond)
		}
	}
	get := func(path string, token bool) (int, string) {
		req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
		if token {
			req.Header.Set("Authorization", "Bearer s3cret")
		}
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz", false); code != 200 || !strings.Contains(body, `"pusat"`) {
		t.Errorf("/healthz: %d %s", code, body)
	}
	if code, _ := get("/", false); code == 200 {
		t.Error("the branches page answered without the admin token")
	}
	if code, body := get("/", true); code != 200 || !strings.Contains(body, "Kantor Pusat") {
		t.Errorf("branches page: %d", code)
	}
	if code, body := get("/branches/pusat", true); code != 200 || !strings.Contains(body, "pusat") {
		t.Errorf("branch page: %d", code)
	}
	if code, body := get("/metrics", true); code != 200 || !strings.Contains(body, `kopbot_branch_state{branch="pusat"`) {
		t.Errorf("/metrics: %d\n%s", code, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve stopped with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
	if !strings.Contains(logs.String(), "Stopping.") {
		t.Errorf("serve should say it stops:\n%s", logs.String())
	}
}
