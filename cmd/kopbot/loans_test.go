package main

import (
	"regexp"
	"testing"
)

// A loan approved, its collateral recorded, then disbursed: staff see it waiting, then
// active and current, with its collateral, and the counts per grade.
func TestLoansListShowCollateral(t *testing.T) {
	config := staffConfig(t)
	out := mustCmd(t, config, "members loan-approve", "PJ-000001")
	loan := regexp.MustCompile(`The loan is account (\d+)`).FindStringSubmatch(out)
	if loan == nil {
		t.Fatalf("loan-approve does not name the loan account:\n%s", out)
	}
	wantContains(t, "list approved", mustCmd(t, config, "loans list", "-status", "approved"), loan[1], "01.00003", "Agus Wijaya", "Rp5.000.000", "approved ")
	wantContains(t, "show approved", mustCmd(t, config, "loans show", loan[1]), "approved ", "waiting for the disbursement", "none recorded")
	wantContains(t, "members show", mustCmd(t, config, "members show", "01.00003"), "not disbursed")

	_, err := kopbotCmd(t, config, "loans collateral", loan[1], "-value", "15jt", "-description", "BPKB Honda Beat")
	wantError(t, "collateral without a kind", err, "say its kind")
	out = mustCmd(t, config, "loans collateral", loan[1], "-kind", "BPKB", "-value", "15jt", "-description", "Honda Beat D 1234 AB a.n. Agus Wijaya", "-by", "rina")
	wantContains(t, "collateral", out, "Recorded on loan "+loan[1]+": BPKB, Honda Beat D 1234 AB a.n. Agus Wijaya, estimated Rp15.000.000.")
	// The same item again (typed a second time) is refused, not recorded twice.
	_, err = kopbotCmd(t, config, "loans collateral", loan[1], "-kind", "bpkb", "-value", "15jt", "-description", "Honda Beat D 1234 AB  a.n. Agus Wijaya")
	wantError(t, "the same collateral again", err, "is recorded already (by rina); nothing changed")

	mustCmd(t, config, "teller disburse", loan[1], accountNumber(t, config, "6281200000003", "TAB"), "-key", "D1")
	wantContains(t, "show active", mustCmd(t, config, "loans show", loan[1]), "active; disbursed", "Rp5.000.000 principal; 0 of 12 installments paid",
		"Next installment  1, due ", "Days past due     0, grade current (lancar)", "BPKB: Honda Beat D 1234 AB a.n. Agus Wijaya, estimated Rp15.000.000", "by rina")
	// Siti's demo loan and Agus's, both current until a day is closed late.
	wantContains(t, "list active", mustCmd(t, config, "loans list"), loan[1], "Siti Rahmawati", "Active loans by grade", "pusat")
	_, err = kopbotCmd(t, config, "loans list", "-status", "lunas")
	wantError(t, "an unknown status", err, "-status is one of approved, active, paid, written_off")

	_, err = kopbotCmd(t, config, "teller write-off", loan[1], "-key", "W0")
	wantError(t, "a write-off without a reason", err, "-reason is required")
	out = mustCmd(t, config, "teller write-off", loan[1], "-reason", "Macet, usaha tutup sejak Maret", "-key", "W1")
	wantContains(t, "write-off", out, "Wrote off loan "+loan[1]+" (Agus Wijaya): Rp5.000.000 of principal against the branch's equity, TRX-")
	wantContains(t, "write-off again", mustCmd(t, config, "teller write-off", loan[1], "-reason", "Macet, usaha tutup sejak Maret", "-key", "W1"), "Already done with key W1")
	wantContains(t, "list written off", mustCmd(t, config, "loans list", "-status", "written_off"), loan[1], "Agus Wijaya")
}
