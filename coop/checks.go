package coop

import (
	"fmt"

	"github.com/kopbot/kopbot/qris"
)

// Rules that front ends check before an operation, moved here from cmd/kopbot.

// The refusals of the checks in this file.
const (
	QRISInvalid RefusalCode = "qris_invalid" // a static QRIS payload that does not decode (the decoder's error is wrapped)
	NoQRIS      RefusalCode = "no_qris"      // a merchant with no QRIS of their own and none at their branch
)

// CheckMerchantQRIS refuses to make a member a merchant who could not be paid: payments are
// charged on the member's own static QRIS (own, which must decode) or, without one, on their
// branch's (branch).
func CheckMerchantQRIS(own, branch string) error {
	if own != "" {
		if _, err := qris.Decode(own); err != nil {
			return fmt.Errorf("%w: %w", &Refusal{Code: QRISInvalid}, err)
		}
		return nil
	}
	if branch == "" {
		return &Refusal{Code: NoQRIS}
	}
	return nil
}
