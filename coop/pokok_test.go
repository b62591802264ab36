package coop_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// Simpanan pokok is paid once: a demo member's, paid in full, takes no more cash at the
// counter and no transfer staff verify; what it takes is zero.
func TestPaidPokokTakesNoDeposit(t *testing.T) {
	w := newTellerWorld(t)
	pokok := w.account(budi, "SP")
	before := w.amount(pokok.Number)
	err := w.update(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.CashDeposit(ctx, tx, w.op("pokok-1"), pokok.Number, 50_000, "")
		return err
	})
	var refused *coop.Refusal
	if !errors.As(err, &refused) || refused.Code != coop.PokokPaid || refused.Max != 0 {
		t.Fatalf("cash into a paid simpanan pokok: err = %v, want refused as paid in full", err)
	}
	d := w.deposit(budi, pokok.Number, 50_000)
	if err := w.verify(d.ID); !errors.Is(err, coop.PokokPaid) {
		t.Errorf("verifying a transfer into a paid simpanan pokok: err = %v, want refused", err)
	}
	w.wantAmount(pokok.Number, before, "simpanan pokok after the refusals")
	w.must(func(ctx context.Context, tx *store.Tx) error {
		a, err := tx.AccountByNumber(ctx, pokok.Number)
		if err != nil {
			return err
		}
		if takes, err := coop.Takes(ctx, tx, a); err != nil || takes {
			t.Errorf("a paid simpanan pokok takes deposits: %v, %v", takes, err)
		}
		return nil
	})
	w.checkLedger()
}
