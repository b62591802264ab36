package main

import (
	"context"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// fourEyesConfig is the demo with every disbursement and reversal, and cash out above
// Rp1.000.000, waiting for a second staff member.
const fourEyesConfig = "four_eyes:\n  above: 1.000.000\n  disbursement: 0\n  reversal: 0\n  expire_after: 72h\n"

// On the command line: a large withdrawal and a disbursement wait (APV-), a small
// withdrawal runs at once, -by is required, the maker cannot approve their own, a second
// staff member approves and the money moves once; another request is rejected.
func TestApprovalsOnTheCommandLine(t *testing.T) {
	config := demoConfig(t, fourEyesConfig)
	tab := accountNumber(t, config, "6281200000001", "TAB")
	before := balance(t, config, tab)

	out := mustCmd(t, config, "teller withdraw", tab, "500rb", "-key", "W1", "-by", "andi")
	wantContains(t, "a small withdrawal", out, "Withdrew Rp500.000 from "+tab)
	_, err := kopbotCmd(t, config, "teller withdraw", tab, "1,5jt", "-key", "W2")
	wantError(t, "a large withdrawal without -by", err, "-by NAME")
	out = mustCmd(t, config, "teller withdraw", tab, "1,5jt", "-key", "W2", "-by", "andi")
	wantContains(t, "a large withdrawal", out, "Waiting for a second approval: APV-000001 (cash withdrawal", "Rp1.500.000). Nothing moved.",
		"kopbot approvals approve APV-000001 -by NAME")
	if got := balance(t, config, tab); got != before-500_000 {
		t.Fatalf("balance %d, want only the small withdrawal out (%d)", got, before-500_000)
	}

	out = mustCmd(t, config, "approvals list")
	wantContains(t, "approvals list", out, "APV-000001", "cash withdrawal", "Rp1.500.000", "andi", "pending")
	_, err = kopbotCmd(t, config, "approvals approve", "APV-000001")
	wantError(t, "approving without -by", err, "-by NAME")
	_, err = kopbotCmd(t, config, "approvals approve", "APV-000001", "-by", "andi")
	wantError(t, "the maker approving", err, "your own request")
	out = mustCmd(t, config, "approvals approve", "APV-000001", "-by", "siti")
	wantContains(t, "approve", out, "Approved APV-000001: cash withdrawal", "asked by andi, booked as TRX-", "journal key approval:1", "Budi Santoso is told")
	_, err = kopbotCmd(t, config, "approvals approve", "APV-000001", "-by", "dewi")
	wantError(t, "approving twice", err, "already approved by siti")
	if got := balance(t, config, tab); got != before-2_000_000 {
		t.Fatalf("balance %d after the approval, want %d", got, before-2_000_000)
	}

	var loan string
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		a, err := openAccountOf(ctx, tx, "6281200000003", "PIN")
		if err != nil {
			return err
		}
		loan = a.Number
		_, err = tx.CreateLoan(ctx, store.Loan{Account: a, Principal: 600_000, RateBP: 1200, Method: "flat", TenorMonths: 6, Start: time.Now().UTC()}, nil)
		return err
	})
	agusTab := accountNumber(t, config, "6281200000003", "TAB")
	out = mustCmd(t, config, "teller disburse", loan, agusTab, "-key", "D1", "-by", "andi")
	wantContains(t, "a disbursement (every one waits)", out, "Waiting for a second approval: APV-000002 (loan disbursement")
	out = mustCmd(t, config, "approvals reject", "APV-000002", "-reason", "Akad belum ditandatangani", "-by", "siti")
	wantContains(t, "reject", out, "Rejected APV-000002", "Nothing moved: Akad belum ditandatangani")
	if got := balance(t, config, loan); got != 0 {
		t.Errorf("the loan owes %d after the rejection, want nothing disbursed", got)
	}
	out = mustCmd(t, config, "approvals list", "-status", "all")
	wantContains(t, "approvals list all", out, "APV-000001", "approved", "key approval:1", "APV-000002", "rejected", "Akad belum ditandatangani")
}
