package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/rs/zerolog"
)

// Payments is what the QRIS webhook needs from the bot: settle one signed payment notice.
type Payments interface {
	// Paid handles the gateway's JSON body and answers an HTTP status and a reason.
	Paid(ctx context.Context, body []byte) (status int, message string)
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
	answer(s.Payments.Paid(r.Context(), body))
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
