package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// The bug of issue 17: members show printed Rp0 for a member without a ceiling of their
// own, while the loan checks and the admin menu use members.default_ceiling. Both read
// the same figure now, from the config.
func TestMembersShowDefaultCeiling(t *testing.T) {
	config := demoConfig(t, "members:\n  default_ceiling: 2500000\n")
	wantContains(t, "show", mustCmd(t, config, "members show", "01.00002"), "Installment ceiling  Rp2.500.000 a month (the default)")
	mustCmd(t, config, "members ceiling", "01.00002", "4.000.000", "-by", "ani")
	show := mustCmd(t, config, "members show", "01.00002")
	wantContains(t, "show", show, "Installment ceiling  Rp4.000.000 a month\n")
	mustCmd(t, config, "members ceiling", "01.00002", "default")
	wantContains(t, "show", mustCmd(t, config, "members show", "01.00002"), "Rp2.500.000 a month (the default)")
	wantContains(t, "history", mustCmd(t, config, "members history", "01.00002"), "ani", "ceiling", "default", "Rp4.000.000")
}

// Staff's everyday record-keeping from the command line, each change in the history.
func TestMembersLifecycleCommands(t *testing.T) {
	config := testConfig(t)
	_, err := kopbotCmd(t, config, "members change-phone", "01.00001", "0812-0000-0002")
	wantError(t, "change-phone to Siti's number", err, "01.00002")
	wantContains(t, "change-phone", mustCmd(t, config, "members change-phone", "01.00001", "0813-9999-1111", "-by", "ani"), "6281399991111", "Both numbers are told")
	wantContains(t, "edit", mustCmd(t, config, "members edit", "01.00001", "-address", "Jl. Melati 5", "-nik", "3204011708900099"),
		"address: Jl. Merdeka No. 10, Bandung -> Jl. Melati 5", "nik: 3204********0001 -> 3204********0099")
	_, err = kopbotCmd(t, config, "members edit", "01.00001", "-birth-date", "1991-08-17")
	wantError(t, "a birth date the NIK disagrees with", err, "disagrees")
	_, err = kopbotCmd(t, config, "members suspend", "01.00003")
	wantError(t, "suspend without a reason", err, "-reason is required")
	wantContains(t, "suspend", mustCmd(t, config, "members suspend", "01.00003", "-reason", "Tunggakan angsuran 3 bulan"), "suspended")
	wantContains(t, "list", mustCmd(t, config, "members list", "-status", "suspended"), "01.00003")
	wantContains(t, "reactivate", mustCmd(t, config, "members reactivate", "01.00003"), "01.00003 Agus Wijaya is active")
	history := mustCmd(t, config, "members history", "01.00001")
	wantContains(t, "history", history, "phone", "6281399991111", "3204********0099")
	if strings.Contains(history, "3204011708900099") {
		t.Errorf("the history prints a full NIK:\n%s", history)
	}
}

// Leaving: the computation shown first, nothing changed on a dry run or a "no", then done
// with -yes (the ledger holds); a member whose loan exceeds their savings is refused with
// the shortfall.
func TestMembersLeave(t *testing.T) {
	config := testConfig(t)
	_, err := kopbotCmd(t, config, "members leave", "01.00002", "-yes")
	wantError(t, "leave with a loan over the savings", err, "Rp4.200.001 must be paid")
	dry := mustCmd(t, config, "members leave", "01.00004", "-dry-run")
	wantContains(t, "dry run", dry, "Tabungan Sejahtera 01******47", "Rp3.900.000", "Paid to the member in cash", "Rp4.300.000", "Dry run: nothing changed.")
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"members", "leave", "01.00004", "-config", config}, strings.NewReader("n\n"), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	wantContains(t, "leave answered no", out.String(), "[y/N]", "Nothing changed.")
	wantContains(t, "still a member", mustCmd(t, config, "members show", "01.00004"), "active")
	wantContains(t, "leave", mustCmd(t, config, "members leave", "01.00004", "-to", "bank", "-yes", "-by", "ani"),
		"01.00004 Dewi Lestari has left the cooperative: Rp4.300.000 paid from the bank, every account closed")
	wantContains(t, "show", mustCmd(t, config, "members show", "01.00004"), "closed", "Savings: none")
	wantContains(t, "ledger check", mustCmd(t, config, "ledger check"), "checks hold")
}
