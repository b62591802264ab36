package main

import (
	"errors"
	"io"
	"net"
	"net/http"
	"os"
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
