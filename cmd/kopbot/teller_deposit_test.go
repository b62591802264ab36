package main

import (
	"context"
	"testing"

	"github.com/kopbot/kopbot/store"
)

// Budi's demo deposit of Rp10.000.000 broken at the counter: 1% penalty, the rest into his
// tabungan, the deposit closed; the same key again moves nothing, another key is refused.
func TestTellerBreakDeposit(t *testing.T) {
	config := testConfig(t)
	tab := accountNumber(t, config, "6281200000001", "TAB")
	var dep string
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, "6281200000001")
		if err != nil {
			return err
		}
		ds, err := tx.TimeDepositsOfMember(ctx, m.ID)
		if err == nil && len(ds) == 1 {
			dep = ds[0].Account.Number
		}
		return err
	})
	before := balance(t, config, tab)
	_, err := kopbotCmd(t, config, "teller break-deposit", tab, "-key", "B0")
	wantError(t, "a savings account", err, "is not a time deposit")
	out := mustCmd(t, config, "teller break-deposit", dep, "-key", "B1", "-by", "ani")
	wantContains(t, "break-deposit", out, "Withdrew time deposit "+dep+" (Budi Santoso) before maturity: TRX-",
		"Paid into "+tab+" (Tabungan Sejahtera)     Rp9.900.000", "Penalty to fee income       Rp100.000", "Interest forfeited: Rp", "The deposit is closed.",
		"Budi Santoso is told on WhatsApp (6281200000001).")
	if got := balance(t, config, tab) - before; got != 9_900_000 {
		t.Errorf("tabungan went up %d, want 9900000", got)
	}
	again := mustCmd(t, config, "teller break-deposit", dep, "-key", "B1")
	wantContains(t, "the same key", again, "Already done with key B1: TRX-", "Nothing moved this time")
	_, err = kopbotCmd(t, config, "teller break-deposit", dep, "-key", "B2")
	wantError(t, "a closed deposit", err, "is closed already")
	if told := queuedTo(t, config, "6281200000001"); len(told) != 1 {
		t.Errorf("Budi was told %d times, want once: %q", len(told), told)
	} else {
		wantContains(t, "what Budi is told", told[0], "Deposito dicairkan sebelum jatuh tempo", "Penalti: Rp100.000", "*Rp9.900.000*")
	}
}

// Budi asks at the counter for his demo deposit to be paid out at maturity instead of renewed.
func TestTellerDepositInstruction(t *testing.T) {
	config := testConfig(t)
	const dep = "0105000012" // Budi's demo deposit
	_, err := kopbotCmd(t, config, "teller deposit-instruction", dep, "bebas")
	wantError(t, "an unknown instruction", err, "aro-pokok, aro-total or cair")
	out := mustCmd(t, config, "teller deposit-instruction", dep, "cair")
	wantContains(t, "deposit-instruction", out, "Time deposit 0105000012 matures 2027-", "then: payout.")
	mustCmd(t, config, "teller deposit-instruction", dep, "CAIR")
	told := queuedTo(t, config, "6281200000001")
	if len(told) != 1 {
		t.Fatalf("Budi was told %d times, want once (the same instruction again changes nothing): %q", len(told), told)
	}
	wantContains(t, "what Budi is told", told[0], "Instruksi deposito diubah", "Saat jatuh tempo: dicairkan ke Tabungan Sejahtera 01******13")
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		d, err := tx.TimeDepositByAccount(ctx, dep)
		if err == nil && d.Instruction != store.PayOut {
			t.Errorf("instruction %s, want payout", d.Instruction)
		}
		return err
	})
}
