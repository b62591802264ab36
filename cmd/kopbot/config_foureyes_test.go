package main

import (
	"math"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// four_eyes: off without amounts; above is every operation's amount unless it has its own.
func TestFourEyesConfig(t *testing.T) {
	off, err := LoadConfig(strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	if off.FourEyes.Rules().On || off.FourEyes.Rules().Holds(store.ApprovalDisbursement, 1<<40) {
		t.Errorf("the default config holds operations: %+v", off.FourEyes.Rules())
	}
	c, err := LoadConfig(strings.NewReader("four_eyes:\n  above: 10.000.000\n  disbursement: 0\n  expire_after: 24h\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := c.FourEyes.Rules()
	want := coop.FourEyes{On: true, Disbursement: 0, Reversal: 10_000_000, CashWithdrawal: 10_000_000, Withdrawal: 10_000_000, Expire: got.Expire}
	if got != want || got.Expire.Hours() != 24 {
		t.Errorf("rules = %+v, want %+v with 24h", got, want)
	}
	if !got.Holds(store.ApprovalDisbursement, 1) || got.Holds(store.ApprovalCashWithdrawal, 10_000_000) || !got.Holds(store.ApprovalCashWithdrawal, 10_000_001) {
		t.Errorf("holds wrongly: %+v", got)
	}
	only, err := LoadConfig(strings.NewReader("four_eyes:\n  reversal: 0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if r := only.FourEyes.Rules(); !r.Holds(store.ApprovalReversal, 1) || r.CashWithdrawal != math.MaxInt64 || r.Holds(store.ApprovalWithdrawal, 1<<40) {
		t.Errorf("reversal only: %+v", r)
	}
}
