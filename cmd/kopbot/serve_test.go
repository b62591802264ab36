package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"runtime"
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

// startServe runs kopbot serve in this process with a config of its own, without
// WhatsApp, and returns the address of its pages, its logs, how to stop it and what it returned.
func startServe(t *testing.T) (addr string, logs *syncBuffer, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	config := writeConfig(t, "log:\n  level: info\n  format: json\nweb:\n  listen: 127.0.0.1:0\n  admin_token: s3cret-serve-test-token-32-characters\n")
	addTestStaff(t, config, "admin", "admin")
	return serveConfig(t, config)
}

// serveConfig runs kopbot serve on config (which logs at info as JSON and listens on a
// free port) until cancel, once it says where its pages are.
func serveConfig(t *testing.T, config string) (addr string, logs *syncBuffer, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs = &syncBuffer{}
	stopped := make(chan error, 1)
	go func() { stopped <- run(ctx, []string{"serve", "-config", config}, nil, io.Discard, logs) }()
	addrRE := regexp.MustCompile(`"listen":"http://(127\.0\.0\.1:\d+)"`)
	deadline := time.Now().Add(60 * time.Second)
	for addr == "" {
		if m := addrRE.FindStringSubmatch(logs.String()); m != nil {
			addr = m[1]
		} else if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not say where its pages are:\n%s", logs.String())
		} else {
			time.Sleep(10 * time.Millisecond)
		}
	}
	return addr, logs, cancel, stopped
}

// Without WhatsApp (as here), serve stays up: the admin pages, /healthz and /metrics
// answer and show the branch's state, and SIGINT stops it cleanly.
func TestServeWithoutWhatsAppKeepsItsPagesUp(t *testing.T) {
	addr, logs, cancel, done := startServe(t)
	defer cancel()
	get := func(path string, token bool) (int, string) {
		req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
		if token {
			req.AddCookie(webSession(t, addr, "admin"))
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
	stopServe(t, cancel, done)
	if !strings.Contains(logs.String(), "Stopping.") {
		t.Errorf("serve should say it stops:\n%s", logs.String())
	}
}

// serve joins everything it started before it closes the database: stopped while its
// background loops and its pages are busy with the database, it logs no use of a closed
// database, and no goroutine it started outlives it.
func TestServeStopsEverythingBeforeClosingTheDatabase(t *testing.T) {
	defer func(e, v, g time.Duration) { expireEvery, verifyKTPEvery, gaugesEvery = e, v, g }(expireEvery, verifyKTPEvery, gaugesEvery)
	expireEvery, verifyKTPEvery, gaugesEvery = time.Millisecond, time.Millisecond, time.Millisecond
	before := goroutines()
	// As serve closes its database, none of the goroutines it started is still running
	// code of kopbot's (a scheduled job's run included) or of the web server's. (cron's
	// own loop may be returning still: it starts no job once Stop has returned.)
	var busy []string
	defer func() { beforeCloseDB = nil }()
	beforeCloseDB = func() {
		for id, stack := range goroutines() {
			frames := stack[strings.Index(stack, "\n")+1:]
			if i := strings.Index(frames, "\ncreated by "); i >= 0 {
				frames = frames[:i]
			}
			if before[id] == "" && id != currentGoroutine() && !strings.Contains(frames, ".TestServeStopsEverything") &&
				(strings.Contains(frames, "github.com/kopbot/kopbot/") ||
					strings.Contains(frames, "net/http.(*Server).Serve") || strings.Contains(frames, "net/http.serverHandler")) {
				busy = append(busy, stack)
			}
		}
	}
	addr, logs, cancel, done := startServe(t)
	defer cancel()

	// The admin pages are busy too, each request reading the outbox of every branch.
	cookie := webSession(t, addr, "admin")
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	var pages sync.WaitGroup
	stopPages := make(chan struct{})
	for range 4 {
		pages.Go(func() {
			for {
				select {
				case <-stopPages:
					return
				default:
				}
				req, _ := http.NewRequest("GET", "http://"+addr+"/", nil)
				req.AddCookie(cookie)
				if resp, err := client.Do(req); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		})
	}
	time.Sleep(200 * time.Millisecond)
	stopServe(t, cancel, done)
	close(stopPages)
	pages.Wait()

	for _, stack := range busy {
		t.Errorf("a goroutine serve started was running as it closed its database:\n%s", stack)
	}
	if strings.Contains(logs.String(), "database is closed") {
		t.Errorf("serve used its database after closing it:\n%s", logs.String())
	}
	// A goroutine that returned may take a moment to be gone from the runtime's list.
	var left map[int]string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		left = goroutines()
		for id := range before {
			delete(left, id)
		}
		delete(left, currentGoroutine())
		if len(left) == 0 || time.Now().After(deadline) {
			break
		}
	}
	for _, stack := range left {
		t.Errorf("a goroutine outlived serve:\n%s", stack)
	}
}

// goroutines are the stacks of the process's goroutines by their ids.
func goroutines() map[int]string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	out := map[int]string{}
	for _, g := range strings.Split(string(buf), "\n\n") {
		var id int
		if _, err := fmt.Sscanf(g, "goroutine %d ", &id); err == nil {
			out[id] = g
		}
	}
	return out
}

func currentGoroutine() int {
	buf := make([]byte, 64)
	var id int
	fmt.Sscanf(string(buf[:runtime.Stack(buf, false)]), "goroutine %d ", &id)
	return id
}

// stopServe cancels serve's context and waits for it to stop cleanly.
func stopServe(t *testing.T, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve stopped with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
}
