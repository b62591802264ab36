package coop

import (
	"context"
	"fmt"

	"github.com/kopbot/kopbot/store"
)

// PokokOwed is what the simpanan pokok account a still takes: its product's amount less
// what is in it (zero once paid in full). ok is false for any other account, which takes
// any amount.
func PokokOwed(ctx context.Context, tx *store.Tx, a store.Account) (owed int64, ok bool, err error) {
	if a.Kind != store.AccountSavings || a.ProductKind != store.ProductPokok {
		return 0, false, nil
	}
	p, err := tx.ProductByCode(ctx, a.ProductCode)
	if err != nil {
		return 0, false, fmt.Errorf("simpanan pokok %s: %w", a.Masked(), err)
	}
	return max(p.Settings().Amount-a.Amount(), 0), true, nil
}

// Takes reports whether money may be paid into the account a at all: a simpanan pokok paid
// in full takes no more, so it is not offered for deposits.
func Takes(ctx context.Context, tx *store.Tx, a store.Account) (bool, error) {
	owed, pokok, err := PokokOwed(ctx, tx, a)
	return !pokok || owed > 0, err
}

// CheckPokok refuses paying more into a simpanan pokok than it still takes (PokokPaid,
// with Max what it takes: zero once paid in full); any other account takes any amount.
func CheckPokok(ctx context.Context, tx *store.Tx, a store.Account, amount int64) error {
	owed, pokok, err := PokokOwed(ctx, tx, a)
	if err != nil || !pokok || amount <= owed {
		return err
	}
	return &Refusal{Code: PokokPaid, Subject: a.Masked(), Got: amount, Max: owed}
}
