package coop

import (
	"context"
	"fmt"

	"github.com/kopbot/kopbot/store"
)

// CheckRecipient refuses a transfer into account to when its member is suspended or has left the
// cooperative (RecipientNotActive; masked names the account as the member is shown it): a departed
// member's savings wait to be paid out, not to be paid into. The account's own status is the ledger's
// to refuse (store.ErrAccountInactive).
func CheckRecipient(ctx context.Context, tx *store.Tx, to store.Account, masked string) error {
	if to.MemberID == 0 {
		return nil
	}
	m, err := tx.MemberByID(ctx, to.MemberID)
	if err != nil {
		return fmt.Errorf("the member of a transfer's destination: %w", err)
	}
	if m.Status != store.MemberActive {
		return &Refusal{Code: RecipientNotActive, Subject: masked, Status: string(m.Status)}
	}
	return nil
}
