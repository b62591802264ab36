package web

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/rs/zerolog"
)

// Payments is what the QRIS webhook needs from the cooperative (a *coop.Office): settle
// one signed payment notice, decoded. A payment the invoice cannot take is a *coop.Refusal.
type Payments interface {
	SettleQRIS(ctx context.Context, p coop.QRISPayment) (coop.QRISSettled, error)
}

var _ Payments = (*coop.Office)(nil)

// QRISNotice is the payment gateway's notice that an invoice was paid, as it sends it.
type QRISNotice struct {
	Reference     string `json:"reference"`
	Amount        int64  `json:"amount"`
	PaidAt        string `json:"paid_at"` // RFC3339
	PayerName     string `json:"payer_name"`
	Issuer        string `json:"issuer"`
	TransactionID string `json:"transaction_id"`
}

// maxWebhookBody is the most of a webhook body read.
const maxWebhookBody = 64 << 10

// qrisWebhook takes the payment gateway's notice that a QRIS invoice was paid. It is signed
// (X-Kopbot-Signature: sha256=<hex HMAC-SHA256 of the raw body>) instead of using the admin token.
func (s *Server) qrisWebhook(w http.ResponseWriter, r *http.Request) {
	log := zerolog.Ctx(r.Context())
	answer := func(status int, msg string) {
		ev := log.Info()
		if status >= 400 {
			ev = log.Warn()
		}
		ev.Int("status", status).Str("reason", msg).Msg("QRIS webhook answered.")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		io.WriteString(w, msg+"\n")
	}
	if s.QRISSecret == "" || s.Payments == nil {
		answer(http.StatusServiceUnavailable, "the QRIS webhook is off: set qris.webhook_secret (KOPBOT_QRIS_SECRET)")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			answer(http.StatusRequestEntityTooLarge, "the body is larger than 64 KiB")
			return
		}
		answer(http.StatusBadRequest, "the body could not be read")
		return
	}
	if !validSignature(s.QRISSecret, body, r.Header.Get("X-Kopbot-Signature")) {
		answer(http.StatusUnauthorized, "the X-Kopbot-Signature header is missing or wrong")
		return
	}
	answer(s.settleQRIS(r.Context(), body))
}

// settleQRIS decodes a notice, settles it and says how it went: internal errors are
// logged, never told to the gateway.
func (s *Server) settleQRIS(ctx context.Context, body []byte) (status int, message string) {
	var n QRISNotice
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&n); err != nil {
		return http.StatusBadRequest, "malformed JSON: " + err.Error()
	}
	paidAt, err := time.Parse(time.RFC3339, n.PaidAt)
	switch {
	case n.Reference == "":
		return http.StatusBadRequest, "reference is missing"
	case n.TransactionID == "":
		return http.StatusBadRequest, "transaction_id is missing"
	case n.Amount <= 0:
		return http.StatusBadRequest, "amount must be greater than zero"
	case err != nil:
		return http.StatusBadRequest, "paid_at is not an RFC3339 time"
	}
	done, err := s.Payments.SettleQRIS(ctx, coop.QRISPayment{Reference: n.Reference, TransactionID: n.TransactionID, Amount: n.Amount,
		PaidAt: paidAt, PayerName: n.PayerName, Issuer: n.Issuer})
	var refused *coop.Refusal
	switch {
	case errors.As(err, &refused):
		return refusalStatus(refused), refusalText(refused, time.UTC)
	case err != nil:
		zerolog.Ctx(ctx).Error().Err(err).Str("reference", n.Reference).Msg("QRIS payment not settled.")
		return http.StatusInternalServerError, "internal error"
	}
	noteBranch(ctx, done.Branch)
	if done.Duplicate {
		return http.StatusOK, fmt.Sprintf("invoice %s already paid by transaction %s", done.Invoice, n.TransactionID)
	}
	if done.Late {
		return http.StatusOK, fmt.Sprintf("invoice %s paid (the notice came after the QR expired; staff are told)", done.Invoice)
	}
	return http.StatusOK, fmt.Sprintf("invoice %s paid", done.Invoice)
}

// validSignature checks header "sha256=<hex>" against the HMAC-SHA256 of body, in constant time.
func validSignature(secret string, body []byte, header string) bool {
	got, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	sig, err := hex.DecodeString(got)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(sig, mac.Sum(nil))
}

// Sign returns the X-Kopbot-Signature value for body, as the gateway computes it.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}
