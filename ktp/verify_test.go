package ktp_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/ktp"
)

var req = ktp.Request{ReferenceID: "KTP-000007-1", NIK: "3204014706950005", Name: "Rina Marlina",
	BirthDate: time.Date(1995, 6, 7, 0, 0, 0, 0, time.UTC)}

// aggregator serves one answer the way a Dukcapil aggregator would, and records what it was sent.
func aggregator(t *testing.T, answer func(w http.ResponseWriter, r *http.Request)) (*ktp.HTTP, *http.Request, *map[string]string) {
	t.Helper()
	var got http.Request
	body := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = *r
		raw, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Errorf("request body %q: %v", raw, err)
		}
		answer(w, r)
	}))
	t.Cleanup(srv.Close)
	return &ktp.HTTP{URL: srv.URL, APIKey: "secret-key", Timeout: 200 * time.Millisecond, Client: srv.Client()}, &got, &body
}

func reply(status int, body string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func TestHTTPVerifierSendsTheRequestAndReadsTheMatch(t *testing.T) {
	v, got, body := aggregator(t, reply(200, `{"reference_id":"KTP-000007-1","match":{"nik":true,"name":false,"birth_date":true}}`))
	m, err := v.Verify(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if m != (ktp.Match{NIK: true, Name: false, BirthDate: true}) || m.Full() {
		t.Errorf("match %+v (full %v); want the name not matching", m, m.Full())
	}
	if got.Method != http.MethodPost || got.Header.Get("Authorization") != "Bearer secret-key" || got.Header.Get("Content-Type") != "application/json" {
		t.Errorf("request %s with headers %v", got.Method, got.Header)
	}
	want := map[string]string{"reference_id": "KTP-000007-1", "nik": "3204014706950005", "name": "Rina Marlina", "birth_date": "1995-06-07"}
	for k, v := range want {
		if (*body)[k] != v {
			t.Errorf("request %s = %q, want %q", k, (*body)[k], v)
		}
	}
}

func TestHTTPVerifierFailures(t *testing.T) {
	for _, tc := range []struct {
		name      string
		answer    func(w http.ResponseWriter, r *http.Request)
		temporary bool
		status    int
	}{
		{"busy", reply(503, `{"error":"busy"}`), true, 503},
		{"rate limited", reply(429, `{"error":"slow down"}`), true, 429},
		{"server error", reply(500, `oops`), true, 500},
		{"bad credentials", reply(401, `{"error":"invalid key"}`), false, 401},
		{"refused request", reply(400, `{"error":"nik must be 16 digits"}`), false, 400},
		{"unreadable answer", reply(200, `<html>maintenance</html>`), true, 200},
		{"answer without match", reply(200, `{"reference_id":"KTP-000007-1"}`), true, 200},
		{"answer for another request", reply(200, `{"reference_id":"KTP-000001-1","match":{"nik":true,"name":true,"birth_date":true}}`), false, 200},
		{"slow", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(3 * time.Second):
			}
		}, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _, _ := aggregator(t, tc.answer)
			_, err := v.Verify(context.Background(), req)
			var ce *ktp.CallError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *ktp.CallError", err)
			}
			if ce.Temporary != tc.temporary || ktp.Temporary(err) != tc.temporary || ce.Status != tc.status {
				t.Errorf("err %v: temporary %v status %d; want %v and %d", err, ce.Temporary, ce.Status, tc.temporary, tc.status)
			}
		})
	}
}

func TestHTTPVerifierMasksANIKEchoedInAnError(t *testing.T) {
	v, _, _ := aggregator(t, reply(422, `{"error":"NIK 3204014706950005 tidak ditemukan"}`))
	_, err := v.Verify(context.Background(), req)
	if err == nil || strings.Contains(err.Error(), "3204014706950005") || !strings.Contains(err.Error(), "3204********0005") {
		t.Errorf("err = %v; want the NIK masked", err)
	}
}
