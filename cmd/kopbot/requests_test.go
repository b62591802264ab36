package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const budiPhone = "6281200000001"

// say has Budi send each message (a text, or a photo when it names an existing file) through
// kopbot chat -jsonl, and returns the last reply he got.
func say(t *testing.T, config string, messages ...string) string {
	t.Helper()
	var in strings.Builder
	for _, m := range messages {
		line := map[string]string{"from": budiPhone, "text": m}
		if st, err := os.Stat(m); err == nil && !st.IsDir() {
			line = map[string]string{"from": budiPhone, "image": m}
		}
		b, err := json.Marshal(line)
		if err != nil {
			t.Fatal(err)
		}
		in.Write(append(b, '\n'))
	}
	out := chatJSONL(t, config, in.String())
	last := ""
	for _, o := range out {
		if o.Error != "" {
			t.Fatalf("chat: input %d: %s", o.In, o.Error)
		}
		if o.To == budiPhone {
			last = o.Text + o.Caption
		}
	}
	return last
}

func held(t *testing.T, config, number string) int64 {
	t.Helper()
	return accountByNumber(t, config, number).Held
}

func countContaining(texts []string, s string) int {
	n := 0
	for _, t := range texts {
		if strings.Contains(t, s) {
			n++
		}
	}
	return n
}

func wantLedgerOK(t *testing.T, config string) {
	t.Helper()
	if out, err := ledgerRun(t, config, "check"); err != nil {
		t.Errorf("ledger check: %v\n%s", err, out)
	}
}

// A deposit reported on WhatsApp is listed, verified once from the command line, and a
// second one cancelled with a reason; the member is told each time.
func TestDepositsRoundTrip(t *testing.T) {
	config := testConfig(t)
	tab := accountNumber(t, config, budiPhone, "TAB")
	before := balance(t, config, tab)
	proof := filepath.Join(t.TempDir(), "bukti.jpg")
	if err := os.WriteFile(proof, []byte("\xff\xd8\xff not really a jpeg"), 0o600); err != nil {
		t.Fatal(err)
	}
	got := say(t, config, "setoran", "1", "2", "500rb", "hari ini", "BCA", "Budi Santoso", proof) // 2: Tabungan (the paid simpanan pokok is not offered)
	wantContains(t, "the member's receipt", got, "SET-000001", "Belum Diverifikasi", "Rp500.000")

	out := mustCmd(t, config, "deposits list", "-status", "pending")
	wantContains(t, "deposits list", out, "NO ", "SET-000001", "01.00001", "Budi Santoso", tab, "Tabungan Sejahtera", "Rp500.000",
		"BCA, Budi Santoso", "pending", "/data/media/pusat/chat-", "-bukti.jpg", "1 deposit.") // chat keeps a copy in the media directory

	out = mustCmd(t, config, "deposits verify", "SET-000001", "-by", "ani")
	wantContains(t, "deposits verify", out, "Verified SET-000001: Rp500.000 into "+tab+" (Tabungan Sejahtera, Budi Santoso) from the branch's bank account: TRX-",
		"Balance now Rp2.900.000.", "Budi Santoso is told on WhatsApp (6281200000001).")
	if got := balance(t, config, tab); got != before+500_000 {
		t.Errorf("balance %d after verifying, want %d", got, before+500_000)
	}
	_, err := kopbotCmd(t, config, "deposits verify", "set-1")
	wantError(t, "verify twice", err, "deposits verify SET-000001: it was already verified by ani on ", "nothing changed")
	if got := balance(t, config, tab); got != before+500_000 {
		t.Errorf("balance %d after verifying twice, want %d", got, before+500_000)
	}
	if n := countContaining(queuedTo(t, config, budiPhone), "Setoran diverifikasi"); n != 1 {
		t.Errorf("the member was told %d times of the verification, want once", n)
	}
	wantContains(t, "deposits list -status verified", mustCmd(t, config, "deposits list", "-status", "verified"), "SET-000001", "verified", "by ani ")
	wantContains(t, "deposits list -status pending", mustCmd(t, config, "deposits list", "-status", "pending"), "No pending deposits.")

	got = say(t, config, "setor", "1", "1", "150.000", "hari ini", "bank mandiri", "budi santoso", proof)
	wantContains(t, "the second receipt", got, "SET-000002", "Simpanan Wajib", "Bank Mandiri a.n. Budi Santoso")
	_, err = kopbotCmd(t, config, "deposits cancel", "SET-000002", "-reason", "salah")
	wantError(t, "cancel with a short reason", err, "too short")
	out = mustCmd(t, config, "deposits cancel", "SET-000002", "-reason", "Transfer tidak ditemukan di mutasi bank")
	wantContains(t, "deposits cancel", out, "Cancelled SET-000002 (Rp150.000 into", "Nothing moved.", "(6281200000001): Transfer tidak ditemukan di mutasi bank")
	if n := countContaining(queuedTo(t, config, budiPhone), "Alasan: Transfer tidak ditemukan di mutasi bank"); n != 1 {
		t.Errorf("the member was told %d times of the cancellation, want once", n)
	}
	_, err = kopbotCmd(t, config, "deposits verify", "SET-000002")
	wantError(t, "verify after cancel", err, "already cancelled by cli")
	wantContains(t, "deposits list", mustCmd(t, config, "deposits list"), "2 deposits.", "cancelled", "by cli ", ": Transfer tidak ditemukan di mutasi bank")
	wantLedgerOK(t, config)
}

// A withdrawal asked for on WhatsApp is held at once; paying it debits the savings and
// releases the hold, once; rejecting another releases its hold.
func TestWithdrawalsRoundTrip(t *testing.T) {
	config := testConfig(t)
	tab := accountNumber(t, config, budiPhone, "TAB")
	before := balance(t, config, tab)
	got := say(t, config, "penarikan", "2jt", "BCA", "123-456-7890", "Budi Santoso", "ya", "147258")
	wantContains(t, "the member's receipt", got, "TRK-000001", "Belum Diverifikasi", "Rp2.000.000")
	if h := held(t, config, tab); h != 2_000_000 {
		t.Fatalf("held %d after the request, want 2000000", h)
	}
	out := mustCmd(t, config, "withdrawals list")
	wantContains(t, "withdrawals list", out, "TRK-000001", "01.00001", "Budi Santoso", tab, "Rp2.000.000", "BCA 1234567890, Budi Santoso", "pending", "1 withdrawal.")

	// The counter cannot pay out the held money either.
	_, err := kopbotCmd(t, config, "teller withdraw", tab, "400.000")
	wantError(t, "cash withdrawal of held money", err, "at most Rp375.000 can be withdrawn", "held Rp2.000.000")

	out = mustCmd(t, config, "withdrawals pay", "TRK-000001", "-by", "ani")
	wantContains(t, "withdrawals pay", out, "Paid TRK-000001: Rp2.000.000 from "+tab+" (Tabungan Sejahtera, Budi Santoso) to BCA 1234567890 (Budi Santoso): TRX-",
		"Hold released; balance now Rp400.000.", "Budi Santoso is told on WhatsApp (6281200000001).")
	if got, h := balance(t, config, tab), held(t, config, tab); got != before-2_000_000 || h != 0 {
		t.Errorf("after paying: balance %d held %d, want %d and 0", got, h, before-2_000_000)
	}
	if n := countContaining(queuedTo(t, config, budiPhone), "Penarikan ditransfer"); n != 1 {
		t.Errorf("the member was told %d times of the payment, want once", n)
	}
	_, err = kopbotCmd(t, config, "withdrawals pay", "TRK-000001")
	wantError(t, "pay twice", err, "withdrawals pay TRK-000001: it was already paid by ani on ", "nothing changed")
	if got, h := balance(t, config, tab), held(t, config, tab); got != before-2_000_000 || h != 0 {
		t.Errorf("after paying twice: balance %d held %d", got, h)
	}
	if n := countContaining(queuedTo(t, config, budiPhone), "Penarikan ditransfer"); n != 1 {
		t.Errorf("paying twice told the member again (%d messages)", n)
	}

	got = say(t, config, "tarik", "300rb", "BRI", "0012345678", "Budi Santoso", "ya", "147258")
	wantContains(t, "the second receipt", got, "TRK-000002")
	if h := held(t, config, tab); h != 300_000 {
		t.Fatalf("held %d after the second request, want 300000", h)
	}
	_, err = kopbotCmd(t, config, "withdrawals reject", "TRK-000002")
	wantError(t, "reject without a reason", err, "-reason is required")
	out = mustCmd(t, config, "withdrawals reject", "TRK-000002", "-reason", "Nama pemilik rekening tidak sesuai")
	wantContains(t, "withdrawals reject", out, "Rejected TRK-000002 (Rp300.000 from "+tab, "The hold is released.", "(6281200000001): Nama pemilik rekening tidak sesuai")
	if got, h := balance(t, config, tab), held(t, config, tab); got != before-2_000_000 || h != 0 {
		t.Errorf("after rejecting: balance %d held %d", got, h)
	}
	if told := queuedTo(t, config, budiPhone); countContaining(told, "Alasan: Nama pemilik rekening tidak sesuai") != 1 {
		t.Errorf("the member should be told once of the rejection: %q", told)
	}
	wantContains(t, "withdrawals list -status rejected", mustCmd(t, config, "withdrawals list", "-status", "rejected"),
		"TRK-000002", "rejected", "by cli ", ": Nama pemilik rekening tidak sesuai", "1 withdrawal.")

	// One the member takes back is cancelled, as a deposit is, not rejected.
	say(t, config, "tarik", "200rb", "BRI", "0012345678", "Budi Santoso", "ya", "147258")
	wantContains(t, "the member cancels", say(t, config, "penarikan", "2", "1", "ya"), "TRK-000003", "dibatalkan")
	wantContains(t, "withdrawals list -status cancelled", mustCmd(t, config, "withdrawals list", "-status", "cancelled"),
		"TRK-000003", "cancelled", "by member:01.00001", "1 withdrawal.")
	if out := mustCmd(t, config, "withdrawals list", "-status", "rejected"); strings.Contains(out, "TRK-000003") {
		t.Errorf("the withdrawal the member cancelled is listed as rejected:\n%s", out)
	}
	_, err = kopbotCmd(t, config, "withdrawals pay", "TRK-000003")
	wantError(t, "paying one the member cancelled", err, "already cancelled by member:01.00001")
	wantLedgerOK(t, config)
}

func TestRequestCommandRefusals(t *testing.T) {
	config := testConfig(t)
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"deposits"}, nil, &out, &errOut); !errors.Is(err, flag.ErrHelp) || !strings.Contains(errOut.String(), "verify SET-NO") {
		t.Errorf("deposits without a subcommand: %v\n%s", err, errOut.String())
	}
	wantContains(t, "empty list", mustCmd(t, config, "deposits list"), "No deposits yet.")
	wantContains(t, "empty list", mustCmd(t, config, "withdrawals list", "-status", "pending"), "No pending withdrawals.")
	for _, c := range []struct {
		group, sub string
		args       []string
		want       string
	}{
		{"deposits", "approve", nil, `unknown subcommand "approve"`},
		{"deposits", "verify", nil, "give the deposit number, like SET-000001"},
		{"deposits", "verify", []string{"SET-000001", "SET-000002"}, "one deposit number at a time"},
		{"deposits", "verify", []string{"REG-000001"}, `"REG-000001" is not a deposit number`},
		{"deposits", "verify", []string{"SET-000009"}, "there is no deposit SET-000009: not found (kopbot deposits list lists them)"},
		{"deposits", "cancel", []string{"SET-000001"}, "-reason is required"},
		{"deposits", "list", []string{"-status", "paid"}, `-status "paid" is not a status (write one of pending, verified, cancelled)`},
		{"withdrawals", "pay", []string{"TRK-000009"}, "there is no withdrawal TRK-000009"},
		{"withdrawals", "pay", []string{"TRK-1", "-by", " "}, "-by is empty"},
		{"withdrawals", "reject", []string{"TRK-000001", "-reason", "tidak"}, "too short"},
		{"withdrawals", "list", []string{"-status", "verified"}, "write one of pending, paid, rejected, cancelled"},
	} {
		_, err := kopbotCmd(t, config, c.group+" "+c.sub, c.args...)
		wantError(t, c.group+" "+c.sub+" "+strings.Join(c.args, " "), err, c.want)
	}
}

// The demo config gives the branch a bank account, and Setoran shows members where to transfer.
func TestSetoranShowsTheBranchBankAccount(t *testing.T) {
	config := testConfig(t)
	wantContains(t, "setoran", say(t, config, "setoran"), "Rekening bank koperasi:", "BRI *000101000000300* a.n. Koperasi Simpan Pinjam Sejahtera")
}
