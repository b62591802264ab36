package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/rs/zerolog"
	"rsc.io/qr"
)

// qrMaxPixels is the widest a QR image gets: large enough for a phone to scan off a
// laptop screen, small enough to fit a phone's screen beside the steps.
const qrMaxPixels = 400

func (s *Server) qrPNG(w http.ResponseWriter, r *http.Request) {
	b, ok := s.branch(r.Context(), r.PathValue("id"))
	if !ok {
		http.Error(w, "no such branch", http.StatusNotFound)
		return
	}
	if sess, _ := sessionOf(r); !sess.Staff.SeesBranch(b.ID) {
		http.Error(w, "forbidden: not a branch of yours", http.StatusForbidden)
		return
	}
	if b.QR == "" {
		http.Error(w, "no QR code is showing for this branch right now", http.StatusNotFound)
		return
	}
	png, err := renderQR(b.QR)
	if err != nil {
		zerolog.Ctx(r.Context()).Error().Err(err).Str("branch", b.ID).Msg("Drawing a pairing QR code failed.")
		http.Error(w, "internal error: the QR code could not be drawn", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store") // the code rotates every few seconds
	w.Header().Set("Content-Length", strconv.Itoa(len(png)))
	w.Write(png)
}

// renderQR draws payload at level L (WhatsApp's codes are long; screens do not smudge)
// with its 4-module quiet zone, scaled to the largest whole size within qrMaxPixels:
// 300 to 400 px for any code up to version 19, far beyond WhatsApp's.
func renderQR(payload string) ([]byte, error) {
	c, err := qr.Encode(payload, qr.L)
	if err != nil {
		return nil, fmt.Errorf("encode QR code of %d bytes: %w", len(payload), err)
	}
	modules := c.Size + 8
	c.Scale = max(1, qrMaxPixels/modules)
	return c.PNG(), nil
}
