package qris

import (
	"fmt"

	"rsc.io/qr"
)

// PNG draws payload as a QR code image (level M, which phone cameras read well from a
// screen) about pixels wide, quiet zone included.
func PNG(payload string, pixels int) ([]byte, error) {
	code, err := qr.Encode(payload, qr.M)
	if err != nil {
		return nil, fmt.Errorf("encode QR: %w", err)
	}
	code.Scale = max(1, pixels/(code.Size+8))
	return code.PNG(), nil
}
