package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
)

type fakePayments struct {
	paid   []coop.QRISPayment
	refuse error // the answer to every payment, when set
}

func (f *fakePayments) SettleQRIS(ctx context.Context, p coop.QRISPayment) (coop.QRISSettled, error) {
	f.paid = append(f.paid, p)
	return coop.QRISSettled{Invoice: p.Reference, Branch: "pusat"}, f.refuse
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
	body := `{"reference":"QR-000001","amount":25000,"paid_at":"2026-11-21T02:01:00Z","transaction_id":"T1"}`
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
	if len(p.paid) != 1 || p.paid[0].Reference != "QR-000001" || p.paid[0].Amount != 25000 || p.paid[0].TransactionID != "T1" {
		t.Errorf("Payments saw %+v, want only the signed payment once", p.paid)
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

// The gateway is told why a payment was refused in a status and a sentence, never an
// internal error's text.
func TestQRISWebhookAnswers(t *testing.T) {
	const secret = "gateway-secret"
	post := func(s *Server, body string) (int, string) {
		return postWebhook(t, s, body, Sign(secret, []byte(body)))
	}
	good := `{"reference":"QR-000001","amount":25000,"paid_at":"2026-11-21T02:01:00Z","transaction_id":"T1"}`
	for _, c := range []struct {
		name, body string
		refuse     error
		code       int
		msg        string
	}{
		{"malformed", `{"reference":`, nil, http.StatusBadRequest, "malformed JSON"},
		{"unknown field", `{"reference":"QR-000001","tip":1}`, nil, http.StatusBadRequest, "malformed JSON"},
		{"no paid_at", `{"reference":"QR-000001","amount":25000,"transaction_id":"T1"}`, nil, http.StatusBadRequest, "paid_at"},
		{"paid", good, nil, http.StatusOK, "invoice QR-000001 paid"},
		{"no invoice", good, &coop.Refusal{Code: coop.NoInvoice, Subject: "QR-000001"}, http.StatusNotFound, "no invoice QR-000001"},
		{"amount", good, &coop.Refusal{Code: coop.AmountMismatch, Subject: "QR-000001", Max: 20000, Got: 25000}, http.StatusConflict,
			"invoice QR-000001 is for 20000, not 25000"},
		{"expired", good, &coop.Refusal{Code: coop.InvoiceExpired, Subject: "QR-000001", At: time.Date(2026, 11, 21, 2, 0, 0, 0, time.UTC)},
			http.StatusGone, "invoice QR-000001 expired at 2026-11-21T02:00:00Z"},
		{"broken", good, errors.New("database is locked: /var/lib/kopbot/kopbot.db"), http.StatusInternalServerError, "internal error"},
	} {
		s := &Server{Token: testToken, Payments: &fakePayments{refuse: c.refuse}, QRISSecret: secret}
		code, msg := post(s, c.body)
		if code != c.code || !strings.Contains(msg, c.msg) || strings.Contains(msg, "database") {
			t.Errorf("%s: %d %q, want %d %q", c.name, code, msg, c.code, c.msg)
		}
	}
}
