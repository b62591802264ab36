package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type fakePayments struct {
	bodies []string
}

func (f *fakePayments) Paid(ctx context.Context, body []byte) (int, string) {
	f.bodies = append(f.bodies, string(body))
	return http.StatusOK, "paid"
}

func postWebhook(t *testing.T, s *Server, body, sig string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/webhooks/qris", strings.NewReader(body))
	if sig != "" {
		req.Header.Set("X-Kopbot-Signature", sig)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(b)
}

func TestQRISWebhookSignature(t *testing.T) {
	const secret = "gateway-secret"
	body := `{"reference":"QR-000001","amount":25000,"transaction_id":"T1"}`
	p := &fakePayments{}
	s := &Server{Token: testToken, Payments: p, QRISSecret: secret}

	if code, msg := postWebhook(t, s, body, Sign(secret, []byte(body))); code != http.StatusOK || !strings.Contains(msg, "paid") {
		t.Errorf("good signature: %d %q", code, msg)
	}
	for name, sig := range map[string]string{
		"missing":    "",
		"other key":  Sign("not-the-secret", []byte(body)),
		"no prefix":  strings.TrimPrefix(Sign(secret, []byte(body)), "sha256="),
		"not hex":    "sha256=zz",
		"other body": Sign(secret, []byte(body+" ")),
	} {
		if code, _ := postWebhook(t, s, body, sig); code != http.StatusUnauthorized {
			t.Errorf("%s signature: got %d, want 401", name, code)
		}
	}
	if len(p.bodies) != 1 || p.bodies[0] != body {
		t.Errorf("Payments saw %q, want only the signed body once", p.bodies)
	}

	big := strings.Repeat("x", maxWebhookBody+1)
	if code, _ := postWebhook(t, s, big, Sign(secret, []byte(big))); code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: got %d, want 413", code)
	}

	off := &Server{Token: testToken, Payments: p}
	if code, msg := postWebhook(t, off, body, Sign("", []byte(body))); code != http.StatusServiceUnavailable || !strings.Contains(msg, "webhook_secret") {
		t.Errorf("no secret: %d %q, want 503 naming the setting", code, msg)
	}
}
