package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// withStore runs fn in a write transaction on config's database, outside the command.
func withStore(t *testing.T, config string, fn func(ctx context.Context, tx *store.Tx) error) {
	t.Helper()
	ctx := context.Background()
	db, _ := openTestDB(t, config)
	if err := db.Update(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

// staffConfig is the demo plus two applications made on WhatsApp (REG-000001 Wati,
// REG-000002 Yanto) and a loan request from Agus Wijaya (PJ-000001).
func staffConfig(t *testing.T) string {
	t.Helper()
	config := testConfig(t)
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		for _, a := range []store.Member{
			{Name: "Wati Susanti", NIK: "3204015507960010", Phone: "6281300000010"},
			{Name: "Yanto Kurniawan", NIK: "3204010309970011", Phone: "6281300000011"},
		} {
			reg, err := tx.NextRegNo(ctx)
			if err != nil {
				return err
			}
			a.Branch, a.RegNo, a.Status, a.ConsentAt = "pusat", reg, store.MemberApplicant, tx.Now()
			if _, err := tx.CreateMember(ctx, a); err != nil {
				return err
			}
		}
		agus, err := tx.MemberByNo(ctx, "01.00003")
		if err != nil {
			return err
		}
		pin, err := tx.ProductByCode(ctx, "PIN")
		if err != nil {
			return err
		}
		_, err = tx.CreateLoanApplication(ctx, store.LoanApplication{MemberID: agus.ID, Product: pin, Amount: 5_000_000, TenorMonths: 12, Installment: 466_667})
		return err
	})
	return config
}

// queuedTo returns the texts waiting in the outbox for phone.
func queuedTo(t *testing.T, config, phone string) []string {
	t.Helper()
	var texts []string
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		out, err := tx.Queued(ctx, "pusat", 100)
		for _, m := range out {
			if m.To == phone {
				texts = append(texts, m.Text)
			}
		}
		return err
	})
	return texts
}

func memberCount(t *testing.T, config string) int {
	t.Helper()
	n := 0
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		all, err := tx.MembersByStatus(ctx, "", -1)
		n = len(all)
		return err
	})
	return n
}

func wantContains(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s does not contain %q:\n%s", what, w, got)
		}
	}
}

func wantError(t *testing.T, what string, err error, wants ...string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: want an error, got none", what)
		return
	}
	wantContains(t, what+" error", err.Error(), wants...)
}

func TestMembersList(t *testing.T) {
	config := staffConfig(t)
	out := mustCmd(t, config, "members list")
	wantContains(t, "list", out,
		"NO          NAME             PHONE          STATUS     BRANCH  NIK\n",
		"01.00001    Budi Santoso     6281200000001  active     pusat   3204********0001\n",
		"REG-000001  Wati Susanti", "applicant",
		"7 members.")
	if strings.Contains(out, "3204011708900001") {
		t.Errorf("list shows a full NIK:\n%s", out)
	}

	out = mustCmd(t, config, "members list", "-status", "applicant")
	wantContains(t, "list -status applicant", out, "REG-000001", "REG-000002", "2 members.")
	if strings.Contains(out, "01.00001") {
		t.Errorf("list -status applicant shows an active member:\n%s", out)
	}
	if out := mustCmd(t, config, "members list", "-status", "suspended"); out != "No members with status suspended.\n" {
		t.Errorf("list -status suspended = %q", out)
	}

	out = mustCmd(t, config, "members list", "-json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 7 {
		t.Fatalf("list -json: %d lines, want 7:\n%s", len(lines), out)
	}
	var first, last map[string]string
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[6]), &last); err != nil {
		t.Fatal(err)
	}
	if first["member_no"] != "01.00001" || first["nik_masked"] != "3204********0001" || first["phone"] != "6281200000001" || first["status"] != "active" {
		t.Errorf("first JSON line: %v", first)
	}
	if last["reg_no"] != "REG-000002" || last["member_no"] != "" || last["status"] != "applicant" || last["applied_at"] == "" {
		t.Errorf("last JSON line: %v", last)
	}

	_, err := kopbotCmd(t, config, "members list", "-status", "aktif")
	wantError(t, "list -status aktif", err, `"aktif" is not a status`, "applicant, active")
}

func TestMembersShow(t *testing.T) {
	config := staffConfig(t)
	for _, q := range []string{"01.00001", "0812-0000-0001", "+62 812 0000 0001", "6281200000001", "3204011708900001", "santoso", "Budi Santoso"} {
		out := mustCmd(t, config, "members show", q)
		wantContains(t, "show "+q, out,
			"Member 01.00001  Budi Santoso\n",
			"NIK                  3204********0001",
			"Phone                6281200000001",
			"Savings\n",
			"Simpanan Pokok", "Rp100.000",
			"Tabungan Sejahtera", "Rp2.400.000",
			"Time deposits\n", "Rp10.000.000  12 months at 5.5% a year")
		if strings.Contains(out, "3204011708900001") {
			t.Errorf("show %s shows the full NIK", q)
		}
	}

	out := mustCmd(t, config, "members show", "01.00002")
	wantContains(t, "show 01.00002", out, "Loans\n", "Pinjaman Usaha", " owed", "of Rp10.000.000 over 12 months", "flat 12% a year")

	out = mustCmd(t, config, "members show", "Agus")
	wantContains(t, "show Agus", out, "Loan applications waiting for a decision\n", "PJ-000001", "Rp5.000.000", "over 12 months, installment Rp466.667")

	out = mustCmd(t, config, "members show", "reg-000001")
	wantContains(t, "show reg-000001", out, "Application REG-000001  Wati Susanti\n", "Status               applicant", "Applied  ")
	if strings.Contains(out, "Savings") {
		t.Errorf("an applicant has no savings to show:\n%s", out)
	}

	out = mustCmd(t, config, "members show", "a")
	wantContains(t, "show a", out, `7 people match "a":`, "01.00003    Agus Wijaya", "REG-000001  Wati Susanti", "Narrow it down")

	_, err := kopbotCmd(t, config, "members show", "Zainal")
	wantError(t, "show Zainal", err, `no member or applicant matches "Zainal"`)
	_, err = kopbotCmd(t, config, "members show")
	wantError(t, "show without a query", err, "say whom to show")
}

func TestMembersApprove(t *testing.T) {
	config := staffConfig(t)
	out := mustCmd(t, config, "members approve", "REG-000001")
	wantContains(t, "approve", out, "Approved REG-000001: Wati Susanti is member 01.00006.",
		"Opened Simpanan Pokok 01010", "Opened Simpanan Wajib 01020", "told on WhatsApp (6281300000010)")
	if texts := queuedTo(t, config, "6281300000010"); len(texts) != 1 || !strings.Contains(texts[0], "01.00006") {
		t.Errorf("the applicant should be told the member number; queued: %q", texts)
	} else if !strings.Contains(texts[0], "tidak perlu verifikasi KTP lagi") {
		t.Errorf("the applicant should be told their KTP needs no verification again: %q", texts[0])
	}
	// Staff checked the KTP with the application: it is verified, not to be done again.
	wantContains(t, "approve records the KTP", out, "KTP (NIK 3204********0010) recorded as verified")
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByNo(ctx, "01.00006")
		if err != nil {
			return err
		}
		v, err := tx.LatestKTP(ctx, m.ID)
		if err != nil {
			return err
		}
		if v.Status != store.KTPVerified || v.DecidedBy != "cli" || v.NIK != "3204015507960010" {
			t.Errorf("the KTP after approval: %+v, want verified by cli", v)
		}
		return nil
	})
	out = mustCmd(t, config, "members show", "01.00006")
	wantContains(t, "show the new member", out, "Member 01.00006  Wati Susanti", "Status               active", "Applied as           REG-000001", "Simpanan Pokok")

	_, err := kopbotCmd(t, config, "members approve", "REG-000001")
	wantError(t, "approving twice", err, "approve REG-000001: it was already approved: Wati Susanti is member 01.00006")
	_, err = kopbotCmd(t, config, "members approve", "REG-000099")
	wantError(t, "approving an unknown application", err, "there is no application REG-000099")
	_, err = kopbotCmd(t, config, "members approve")
	wantError(t, "approve without a number", err, "give the registration number")
	if n := memberCount(t, config); n != 7 {
		t.Errorf("%d members and applicants after approving, want 7", n)
	}
}

func TestMembersReject(t *testing.T) {
	config := staffConfig(t)
	_, err := kopbotCmd(t, config, "members reject", "REG-000002")
	wantError(t, "reject without a reason", err, "-reason is required")
	_, err = kopbotCmd(t, config, "members reject", "REG-000002", "-reason", "Foto", "buram")
	wantError(t, "reject with an unquoted reason", err, "put the reason in quotes")
	_, err = kopbotCmd(t, config, "members reject", "REG-000002", "-reason", "KTP")
	wantError(t, "reject with a short reason", err, `-reason "KTP" is too short: write at least 10 letters the applicant can act on`)

	out := mustCmd(t, config, "members reject", "REG-000002", "-reason", "Foto KTP buram, kirim ulang")
	wantContains(t, "reject", out, "Rejected REG-000002 (Yanto Kurniawan).", "Foto KTP buram, kirim ulang")
	if texts := queuedTo(t, config, "6281300000011"); len(texts) != 1 || !strings.Contains(texts[0], "Foto KTP buram") {
		t.Errorf("the applicant should be told why; queued: %q", texts)
	}
	out = mustCmd(t, config, "members show", "REG-000002")
	wantContains(t, "show a rejected application", out, "Status               rejected", "Rejected because     Foto KTP buram")

	_, err = kopbotCmd(t, config, "members reject", "REG-000002", "-reason", "Data tidak lengkap")
	wantError(t, "rejecting twice", err, "it was already rejected (Foto KTP buram, kirim ulang)")
	_, err = kopbotCmd(t, config, "members approve", "REG-000002")
	wantError(t, "approving a rejected application", err, "already rejected")
}

func TestMembersResetPIN(t *testing.T) {
	config := staffConfig(t)
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByNo(ctx, "01.00001")
		if err != nil {
			return err
		}
		if err := tx.SetPIN(ctx, m.ID, "some-hash"); err != nil {
			return err
		}
		return tx.RecordPINFailure(ctx, m.ID, 3, 1, tx.Now().Add(time.Hour))
	})
	wantContains(t, "show before", mustCmd(t, config, "members show", "01.00001"), "PIN                  set, locked until")

	out := mustCmd(t, config, "members reset-pin", "01.00001")
	wantContains(t, "reset-pin", out, "PIN of 01.00001 Budi Santoso is reset.", "(6281200000001)")
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByNo(ctx, "01.00001")
		if m.HasPIN() || m.PINFailures != 0 || !m.PINLockedUntil.IsZero() {
			t.Errorf("after reset-pin: PIN set %v, failures %d, locked until %v", m.HasPIN(), m.PINFailures, m.PINLockedUntil)
		}
		return err
	})
	if texts := queuedTo(t, config, "6281200000001"); len(texts) != 1 {
		t.Errorf("the member should be told the PIN was reset; queued: %q", texts)
	}
	wantContains(t, "show after", mustCmd(t, config, "members show", "01.00001"), "PIN                  not set\n")

	_, err := kopbotCmd(t, config, "members reset-pin", "01.09999")
	wantError(t, "reset-pin of an unknown member", err, "there is no member 01.09999")
}

func TestMembersLoans(t *testing.T) {
	config := staffConfig(t)
	out := mustCmd(t, config, "members loans")
	wantContains(t, "loans", out,
		"NO         MEMBER    NAME         PRODUCT  AMOUNT       TENOR      INSTALLMENT  STATUS   APPLIED",
		"PJ-000001  01.00003  Agus Wijaya  PIN      Rp5.000.000  12 months  Rp466.667    pending",
		"1 loan application.")

	_, err := kopbotCmd(t, config, "members loan-reject", "PJ-000001")
	wantError(t, "loan-reject without a reason", err, "-reason is required")
	_, err = kopbotCmd(t, config, "members loan-reject", "PJ-000001", "-reason", "tidak")
	wantError(t, "loan-reject with a short reason", err, "is too short")
	_, err = kopbotCmd(t, config, "members loan-approve", "PJ-000099")
	wantError(t, "loan-approve of an unknown application", err, "there is no loan application PJ-000099")
	_, err = kopbotCmd(t, config, "members loan-approve", "REG-000001")
	wantError(t, "loan-approve of a registration number", err, `"REG-000001" is not a loan application number`)

	out = mustCmd(t, config, "members loan-approve", "pj-000001")
	wantContains(t, "loan-approve", out, "Approved loan application PJ-000001: Rp5.000.000 over 12 months for 01.00003 Agus Wijaya.", "no money has moved")
	if texts := queuedTo(t, config, "6281200000003"); len(texts) != 1 || !strings.Contains(texts[0], "PJ-000001") {
		t.Errorf("the member should be told; queued: %q", texts)
	}
	_, err = kopbotCmd(t, config, "members loan-reject", "PJ-000001", "-reason", "Angsuran terlambat")
	wantError(t, "deciding twice", err, "reject loan application PJ-000001: it was already approved by cli")

	if out := mustCmd(t, config, "members loans", "-status", "pending"); out != "No pending loan applications.\n" {
		t.Errorf("loans -status pending = %q", out)
	}
	out = mustCmd(t, config, "members loans", "-status", "approved")
	wantContains(t, "loans -status approved", out, "approved", "by cli ")
	wantContains(t, "show after approval", mustCmd(t, config, "members show", "01.00003"), "Savings")
	if strings.Contains(mustCmd(t, config, "members show", "01.00003"), "PJ-000001") {
		t.Error("show still lists a decided loan application as waiting")
	}
}

func TestMembersLoanReject(t *testing.T) {
	config := staffConfig(t)
	out := mustCmd(t, config, "members loan-reject", "PJ-000001", "-reason", "Angsuran melebihi plafon")
	wantContains(t, "loan-reject", out, "Rejected loan application PJ-000001 of 01.00003 Agus Wijaya.", "Angsuran melebihi plafon")
	out = mustCmd(t, config, "members loans")
	wantContains(t, "loans after rejecting", out, "rejected", "by cli ", ": Angsuran melebihi plafon")
}

func TestMembersUnknownSubcommand(t *testing.T) {
	config := testConfig(t)
	_, err := kopbotCmd(t, config, "members delete")
	wantError(t, "members delete", err, `unknown subcommand "delete"`)
}

// writeCSV writes body to a file in a fresh directory and returns its path.
func writeCSV(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "members.csv")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// account returns the member's savings account of product code, and whether it exists.
func account(t *testing.T, config, memberNo, code string) (store.Account, bool) {
	t.Helper()
	var got store.Account
	var found bool
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByNo(ctx, memberNo)
		if err != nil {
			return err
		}
		accts, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		for _, a := range accts {
			if a.ProductCode == code {
				got, found = a, true
			}
		}
		return err
	})
	return got, found
}

func equityBalance(t *testing.T, config string) int64 {
	t.Helper()
	var b int64
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		a, err := tx.SystemAccount(ctx, "pusat", store.AccountEquity)
		b = a.Balance
		return err
	})
	return b
}

func TestMembersImportExample(t *testing.T) {
	config := testConfig(t)
	out := mustCmd(t, config, "members import", "testdata/members_example.csv")
	wantContains(t, "import", out,
		"Imported 5 members into pusat (Kantor Pusat), with 16 savings accounts:\n",
		"  SP   Simpanan Pokok         5 accounts     Rp500.000\n",
		"  SW   Simpanan Wajib         5 accounts  Rp12.250.000\n",
		"  SS   Simpanan Sukarela      2 accounts   Rp2.500.000\n",
		"  TAB  Tabungan Sejahtera     4 accounts   Rp1.600.000\n",
		"       Total opening balance              Rp16.850.000\n")
	if n := memberCount(t, config); n != 10 {
		t.Errorf("%d members after import, want 10", n)
	}
	// The ledger balances: every opening balance came out of the branch's equity account.
	if b := equityBalance(t, config); b != -16_850_000 {
		t.Errorf("equity balance %d, want -16850000", b)
	}
	for _, c := range []struct {
		no, code string
		want     int64 // -1: no account
	}{
		{"01.00101", "SP", 100_000}, {"01.00101", "SW", 3_600_000}, {"01.00101", "SS", -1}, {"01.00101", "TAB", 1_250_000},
		{"01.00102", "SP", 100_000}, {"01.00102", "SW", 2_950_000}, {"01.00102", "SS", 500_000}, {"01.00102", "TAB", 0},
		{"01.00103", "SW", 2_400_000}, {"01.00103", "TAB", -1},
		{"01.00104", "SS", 2_000_000}, {"01.00104", "TAB", 350_000},
	} {
		a, ok := account(t, config, c.no, c.code)
		switch {
		case c.want < 0 && ok:
			t.Errorf("%s has a %s account; its cell was empty", c.no, c.code)
		case c.want >= 0 && !ok:
			t.Errorf("%s has no %s account", c.no, c.code)
		case ok && (a.Amount() != c.want || a.Status != store.AccountActive || !store.ValidAccountNumber(a.Number)):
			t.Errorf("%s %s: %s %s with %d, want active with %d", c.no, c.code, a.Number, a.Status, a.Amount(), c.want)
		}
	}
	a, _ := account(t, config, "01.00101", "SW")
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		mv, err := tx.Movements(ctx, a, 10)
		if len(mv) != 1 || mv[0].Kind != store.KindOpening || mv[0].Amount != 3_600_000 ||
			mv[0].Memo != (store.Memo{Kind: store.MemoOpeningBalance, Product: "Simpanan Wajib"}) {
			t.Errorf("movements of an imported account: %+v", mv)
		}
		return err
	})

	out = mustCmd(t, config, "members show", "0813-1111-0002")
	wantContains(t, "show an imported member", out,
		"Member 01.00102  Nur Aisyah\n", "NIK                  3273********0002", "Born                 1985-03-05, P",
		"Address              Jl. Pasteur No. 7, Bandung", "Joined               2016-07-01",
		"Installment ceiling  Rp1.000.000 a month", "Simpanan Sukarela   ", "Rp500.000", "Total                           Rp3.550.000")
	out = mustCmd(t, config, "members show", "Joko")
	wantContains(t, "show Joko", out, "Born                 1988-10-20, L", "Joined               2018-02-01")

	// The new members' numbers come before the next applicant's: approval goes on from the highest.
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		no, err := tx.NextMemberNo(ctx, "pusat")
		if no != "01.00106" {
			t.Errorf("next member number after import %s, want 01.00106", no)
		}
		return err
	})

	// Importing the same file again is refused row by row, and changes nothing.
	_, err := kopbotCmd(t, config, "members import", "testdata/members_example.csv")
	wantError(t, "importing twice", err, "15 problems; nothing was imported",
		`line 2, member_no: "01.00101" is already taken by member 01.00101 Ahmad Hidayat (active); give this member another number`)
	if n := memberCount(t, config); n != 10 {
		t.Errorf("%d members after the refused import, want 10", n)
	}
}

const importHeaderLine = "member_no,name,nik,birth_date,gender,phone,address,occupation,joined_at,ceiling,SP,SW,TAB\n"

func TestMembersImportBadRowImportsNothing(t *testing.T) {
	config := testConfig(t)
	body := importHeaderLine +
		"02.00001,Ani,3273010101800001,1980-01-01,P,081311112001,,,2019-01-01,0,100000,500000,\n" +
		"02.00002,Badu,3273010101800002,1980-01-02,L,081311112002,,,2019-01-01,0,100000,500000,250000\n" +
		"02.00003,Cici,3204,1980-01-03,P,081311112003,,,2019-01-01,0,100000,500000,\n" + // line 4: short NIK
		"02.00004,Dodi,3273010101800004,1980-01-04,L,081311112004,,,2019-01-01,0,100000,500000,\n" +
		"\n" + // blank lines are skipped, and do not shift line numbers
		"02.00005,Euis,3273010101800005,31-02-1980,X,0812,,,2099-01-01,banyak,100000,500000,\n" + // line 7: many problems
		"02.00006,,3273010101800006,,,081311112006,,,,,100000,,\n" + // line 8: no name
		"02.00007,Fani,3273010101800007,,,081311112007,,,,,100000,1,5,\n" // line 9: 1,5 unquoted makes a field too many
	path := writeCSV(t, body)
	out, err := kopbotCmd(t, config, "members import", path)
	wantError(t, "import with bad rows", err,
		"import "+path+": 8 problems; nothing was imported\n",
		`line 4, nik: "3204" is not 16 digits; copy the 16 digits from the KTP`,
		`line 7, birth_date: "31-02-1980" is not a date (February 1980 has only 29 days)`,
		`line 7, gender: "X" is not L or P; write L (laki-laki) or P (perempuan), or leave it empty`,
		`line 7, phone: "0812" is not a phone number (too short`,
		`line 7, joined_at: 2099-01-01 is in the future; write the day it was`,
		`line 7, ceiling: "banyak" is not an amount of rupiah`,
		`line 8, name: is empty; write the member's name as on their KTP`,
		`line 9: has 14 fields but the header has 13; put a value holding the separator in quotes, like "Jl. Sukajadi No. 12, Bandung"`)
	if out != "" {
		t.Errorf("a refused import printed %q", out)
	}
	if n := memberCount(t, config); n != 5 {
		t.Errorf("%d members after a refused import, want the 5 demo members", n)
	}
	if b := equityBalance(t, config); b != 0 {
		t.Errorf("equity balance %d after a refused import, want 0", b)
	}
}

func TestMembersImportFieldProblems(t *testing.T) {
	config := testConfig(t)
	body := importHeaderLine +
		"02.00005,Euis,3273010101800005,31-02-1980,X,0812,,,2099-01-01,banyak,100000,1.5,-20000\n" +
		"02 00006,Fani,3.27301E+15,1980-01-01,P,6.28131E+12,,,,,Rp 0,0,\"1,5jt\"\n"
	_, err := kopbotCmd(t, config, "members import", writeCSV(t, body))
	wantError(t, "import with bad fields", err,
		`line 2, SW: "1.5" is not an amount of rupiah (has a decimal part`,
		`line 2, TAB: "-20000" is not an amount of rupiah (negative)`,
		`line 3, member_no: "02 00006" is not a member number`,
		`line 3, nik: "3.27301E+15" was turned into a number by a spreadsheet; format the nik column as text`,
		`line 3, phone: "6.28131E+12" was turned into a number by a spreadsheet`)
	if strings.Contains(err.Error(), "line 3, SP") || strings.Contains(err.Error(), "line 3, SW") || strings.Contains(err.Error(), "line 3, TAB") {
		t.Errorf("Rp 0, 0 and 1,5jt are amounts:\n%v", err)
	}
}

func TestMembersImportDuplicates(t *testing.T) {
	config := testConfig(t)
	body := importHeaderLine +
		"02.00001,Ani,3273010101800001,,,081311112001,,,,,100000,,\n" +
		"02.00002,Badu,3273010101800001,,,0813-1111-2001,,,,,100000,,\n" + // NIK and phone of line 2
		"02.00001,Cici,3273010101800003,,,081311112003,,,,,100000,,\n" + // member number of line 2
		"01.00001,Dodi,3204011708900001,,,0812-0000-0001,,,,,100000,,\n" // Budi Santoso's number, NIK and phone
	_, err := kopbotCmd(t, config, "members import", writeCSV(t, body))
	wantError(t, "import with duplicates", err,
		"6 problems; nothing was imported",
		`line 3, nik: 3273********0001 is also on line 2; remove one of the two lines, or correct one of them`,
		`line 3, phone: 6281311112001 is also on line 2; remove one of the two lines, or correct one of them`,
		`line 4, member_no: "02.00001" is also on line 2; remove one of the two lines, or correct one of them`,
		`line 5, member_no: "01.00001" is already taken by member 01.00001 Budi Santoso (active); give this member another number`,
		`line 5, nik: 3204********0001 already belongs to member 01.00001 Budi Santoso (active); check it against the KTP: a member already in kopbot is not imported again`,
		`line 5, phone: 6281200000001 already belongs to member 01.00001 Budi Santoso (active); write this member's own WhatsApp number`)
	if strings.Contains(err.Error(), "3273010101800001") || strings.Contains(err.Error(), "3204011708900001") {
		t.Errorf("problems show a full NIK:\n%v", err)
	}
	if n := memberCount(t, config); n != 5 {
		t.Errorf("%d members after a refused import, want 5", n)
	}
}

func TestMembersImportDryRunWritesNothing(t *testing.T) {
	config := testConfig(t)
	out := mustCmd(t, config, "members import", "-dry-run", "testdata/members_example.csv")
	wantContains(t, "dry run", out, "Dry run: the file is good and nothing was imported. It would import 5 members into pusat",
		"with 16 savings accounts", "Rp16.850.000",
		"LINE  MEMBER    NAME              JOINED      SIMPANAN WAJIB TODAY ",
		"4     01.00103  Joko Susilo       2018-02-01  ", " months unpaid from 2026-09 ", // paid through August
		"6     01.00105  Bambang Prasetyo  2021-03-01  exempt ",
		"  Rp0          Rp100.000  Rp2.400.000  -            -\n")
	if n := memberCount(t, config); n != 5 {
		t.Errorf("%d members after a dry run, want 5", n)
	}
	if b := equityBalance(t, config); b != 0 {
		t.Errorf("equity balance %d after a dry run, want 0", b)
	}
	// A dry run of a bad file lists its problems like the real thing.
	_, err := kopbotCmd(t, config, "members import", writeCSV(t, importHeaderLine+"02.00001,Ani,123,,,081311112001,,,,,,,\n"), "-dry-run")
	wantError(t, "dry run of a bad file", err, `line 2, nik: "123" is not 16 digits; copy the 16 digits from the KTP`)
	// And the real import afterwards goes through.
	mustCmd(t, config, "members import", "testdata/members_example.csv")
	if n := memberCount(t, config); n != 10 {
		t.Errorf("%d members after the import, want 10", n)
	}
}

func TestMembersImportHeader(t *testing.T) {
	config := testConfig(t)
	for _, c := range []struct{ name, body, want string }{
		{"empty file", "", "the file is empty"},
		{"header only", "member_no,name,nik,phone\n", "the file has a header but no members"},
		{"unknown column", "member_no,nama,nik,phone\n", `line 1, column 2: "nama" is not a column kopbot knows; the columns are member_no, name,`},
		{"missing column", "member_no,name,phone\n", "line 1: the header has no nik column (required: member_no, name, nik, phone)"},
		{"deposit column", "member_no,name,nik,phone,DEP\n", "line 1, column 5: DEP is Deposito Berjangka, a deposito product; only savings products can be imported (SP, SW, SS, TAB)"},
		{"column twice", "member_no,name,nik,phone,Phone\n", "line 1, column 5: Phone is also column 4"},
		{"unclosed quote", "member_no,name,nik,phone\n01,\"Ani,3273010101800001,081311112001\n", `line 2: extraneous or missing " in quoted-field`},
	} {
		_, err := kopbotCmd(t, config, "members import", writeCSV(t, c.body))
		wantError(t, c.name, err, c.want)
	}
	_, err := kopbotCmd(t, config, "members import", "-branch", "bogor", "testdata/members_example.csv")
	wantError(t, "unknown branch", err, `no branch "bogor"`)
	_, err = kopbotCmd(t, config, "members import", filepath.Join(t.TempDir(), "nothing.csv"))
	wantError(t, "missing file", err, "no such file")
}

// A spreadsheet set to Indonesian saves CSV with ';' and a byte-order mark; column names in any case and order.
func TestMembersImportSpreadsheetCSV(t *testing.T) {
	config := testConfig(t)
	body := "\ufeffPhone;NIK;Name;Member_No;tab;Ceiling\r\n" +
		"0813 1111 2001;3273010101800001;Ani Suryani;02.00001;\"1.250.000\";\"1,5jt\"\r\n" +
		";;;;;\r\n"
	out := mustCmd(t, config, "members import", writeCSV(t, body))
	wantContains(t, "import", out, "Imported 1 member into pusat", "with 1 savings account:", "TAB  Tabungan Sejahtera ", " 1 account  Rp1.250.000\n")
	wantContains(t, "show", mustCmd(t, config, "members show", "02.00001"), "Ani Suryani", "Installment ceiling  Rp1.500.000 a month", "Rp1.250.000")
}

func TestMembersImportLists50ProblemsDryRunAll(t *testing.T) {
	config := testConfig(t)
	var b strings.Builder
	b.WriteString(importHeaderLine)
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&b, "02.%05d,Anggota %d,%d,,,08131111%04d,,,,,,,\n", i, i, i, i)
	}
	path := writeCSV(t, b.String())
	_, err := kopbotCmd(t, config, "members import", path)
	wantError(t, "60 bad rows", err, "60 problems; nothing was imported", "line 51, nik:", "\n... and 10 more",
		"\n(kopbot members import -dry-run lists every problem)")
	if strings.Contains(err.Error(), "line 52,") {
		t.Errorf("more than 50 problems listed:\n%v", err)
	}
	// A dry run lists them all.
	_, err = kopbotCmd(t, config, "members import", "-dry-run", path)
	wantError(t, "60 bad rows, dry run", err, "60 problems; nothing was imported", "line 51, nik:", "line 61, nik:")
	if strings.Contains(err.Error(), "more") {
		t.Errorf("a dry run left problems out:\n%v", err)
	}
}

func TestMembersImport10000(t *testing.T) {
	config := testConfig(t)
	n := 10_000
	if raceDetector {
		// Three minutes under the race detector, and this test runs nothing concurrently.
		n = 1_000
		t.Logf("built with -race: importing %d rows instead of 10,000", n)
	}
	var b strings.Builder
	b.WriteString("member_no,name,nik,birth_date,gender,phone,address,occupation,joined_at,ceiling,SP,SW,SS,TAB\n")
	var total int64
	for i := 1; i <= n; i++ {
		sw, tab := int64(50_000*(i%48)), int64(10_000*(i%500))
		total += 100_000 + sw + tab
		fmt.Fprintf(&b, "03.%05d,Anggota Nomor %d,327301%02d0180%04d,1980-01-01,%s,0857%08d,\"Jl. Contoh No. %d, Bandung\",Wiraswasta,2020-01-01,1.000.000,100000,%d,,%d\n",
			i, i, 1+i/5000, 1+i%5000, []string{"L", "P"}[i%2], i, i, sw, tab)
	}
	path := writeCSV(t, b.String())
	start := time.Now()
	out := mustCmd(t, config, "members import", path)
	took := time.Since(start)
	t.Logf("imported %d members with %d accounts in %v", n, 3*n, took)
	wantContains(t, "import", out, fmt.Sprintf("Imported %d members", n), fmt.Sprintf("with %d savings accounts", 3*n))
	if got := memberCount(t, config); got != n+5 {
		t.Errorf("%d members after importing %d, want %d", got, n, n+5)
	}
	if b := equityBalance(t, config); b != -total {
		t.Errorf("equity balance %d, want %d", b, -total)
	}
	last := n - 1
	a, ok := account(t, config, fmt.Sprintf("03.%05d", last), "TAB")
	if !ok || a.Amount() != int64(10_000*(last%500)) {
		t.Errorf("last member's TAB: %+v", a)
	}
}

func TestMembersMerchant(t *testing.T) {
	config := testConfig(t)
	payload := testStaticQRIS()
	merchant := func() (bool, string) {
		var on bool
		var got string
		withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
			m, err := tx.MemberByNo(ctx, "01.00001")
			if err != nil {
				return err
			}
			on, got, err = tx.Merchant(ctx, m.ID)
			return err
		})
		return on, got
	}

	_, err := kopbotCmd(t, config, "members merchant", "01.00001", "-payload", badCRC(payload))
	wantError(t, "merchant with a bad payload", err, "members merchant: -payload is not a valid QRIS payload: tag 63")
	if on, _ := merchant(); on {
		t.Error("a bad payload made the member a merchant")
	}

	out := mustCmd(t, config, "members merchant", "01.00001", "-payload", payload)
	wantContains(t, "merchant", out, "01.00001", "merchant")
	if on, got := merchant(); !on || got != payload {
		t.Errorf("after merchant: merchant %v, payload %q", on, got)
	}

	mustCmd(t, config, "members merchant", "01.00001", "-off")
	if on, got := merchant(); on || got != "" {
		t.Errorf("after -off: merchant %v, payload %q", on, got)
	}

	_, err = kopbotCmd(t, config, "members merchant", "01.09999", "-payload", payload)
	wantError(t, "merchant of an unknown member", err, "there is no member 01.09999")
	_, err = kopbotCmd(t, config, "members merchant", "01.00001")
	wantError(t, "merchant without a payload", err, "member 01.00001 has no QRIS of their own and branch pusat has none in the config: give -payload PAYLOAD")
}
