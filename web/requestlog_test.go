package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

// Every request leaves a line in the log (an attack leaves a trace), with what it asked, how
// it was answered, from where and for which branch; never its secrets, tokens, cookies or query.
func TestRequestsLogged(t *testing.T) {
	const secret = "gateway-secret-of-at-least-32-characters"
	var buf bytes.Buffer
	log := zerolog.New(&buf)
	s := &Server{Token: testToken, Payments: &fakePayments{}, QRISSecret: secret, Log: &log}
	body := `{"reference":"QR-000001","amount":25000,"paid_at":"2026-11-21T02:01:00Z","transaction_id":"T1","payer_name":"PIN 246810"}`
	req := httptest.NewRequest(http.MethodPost, "/webhooks/qris?token=query-secret", strings.NewReader(body))
	req.RemoteAddr = "203.0.113.7:40000"
	req.Header.Set("X-Kopbot-Signature", Sign(secret, []byte(body)))
	req.Header.Set("Authorization", "Bearer bearer-secret")
	req.Header.Set("Cookie", "kopbot_session=cookie-secret")
	s.Handler().ServeHTTP(httptest.NewRecorder(), req)
	login := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader("username=ani&password=password-secret"))
	login.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	login.RemoteAddr = "198.51.100.9:5000"
	s.Handler().ServeHTTP(httptest.NewRecorder(), login)

	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["message"] == "Web request answered." {
			lines = append(lines, m)
		}
	}
	if len(lines) != 2 {
		t.Fatalf("%d request lines in the log, want one per request:\n%s", len(lines), buf.String())
	}
	hook := lines[0]
	if hook["method"] != "POST" || hook["path"] != "/webhooks/qris" || hook["status"] != float64(200) ||
		hook["remote"] != "203.0.113.7:40000" || hook["branch"] != "pusat" || hook["duration"] == nil {
		t.Errorf("the webhook's line is %v, want method, path, status 200, duration, remote and branch pusat", hook)
	}
	if lines[1]["path"] != "/login" || lines[1]["remote"] != "198.51.100.9:5000" {
		t.Errorf("the sign-in's line is %v", lines[1])
	}
	for _, leak := range []string{secret, "query-secret", "bearer-secret", "cookie-secret", "password-secret", "246810", "sha256="} {
		if strings.Contains(buf.String(), leak) {
			t.Errorf("the log holds %q:\n%s", leak, buf.String())
		}
	}
}
