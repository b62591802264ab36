package web

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// cashServer is a test server on the demo branch (pusat) with its demo members, and the
// cooperative's office with a media directory.
func cashServer(t *testing.T) *Server {
	t.Helper()
	s, _ := newTestServer(t)
	ctx := context.Background()
	s.DB.Now = s.Now
	if err := s.DB.Update(ctx, func(tx *store.Tx) error { return tx.SyncDemoSetup(ctx) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB.SeedDemo(ctx, "pusat", testNow, ""); err != nil {
		t.Fatal(err)
	}
	s.Office = &coop.Office{DB: s.DB, Now: s.Now, Language: "id", Location: wib, MediaDir: t.TempDir(), LateFeeBP: 10}
	return s
}

// budi is the demo member 01.00001, Budi Santoso.
const budiPhone, budiNo = "6281200000001", "01.00001"

// SavingsOf returns the member's savings account of the product (TAB, SS) as it stands
// now; the browser tests (package web_test) use it too.
func SavingsOf(t testing.TB, db *store.DB, phone, product string) store.Account {
	t.Helper()
	ctx := context.Background()
	var out store.Account
	err := db.View(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, phone)
		if err != nil {
			return err
		}
		all, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		for _, a := range all {
			if a.ProductCode == product {
				out = a
			}
		}
		return err
	})
	if err != nil || out.ID == 0 {
		t.Fatalf("no %s account of %s: %v", product, phone, err)
	}
	return out
}

func savingsOf(t *testing.T, s *Server, phone, product string) store.Account {
	t.Helper()
	return SavingsOf(t, s.DB, phone, product)
}

// pendingDeposit records a deposit of amount into Budi's TAB, as Setoran does, with a
// proof photo at proof ("" for none).
func pendingDeposit(t *testing.T, s *Server, amount int64, proof string) store.DepositRequest {
	t.Helper()
	ctx := context.Background()
	a := savingsOf(t, s, budiPhone, "TAB")
	var d store.DepositRequest
	err := s.DB.Update(ctx, func(tx *store.Tx) (err error) {
		d, err = tx.CreateDepositRequest(ctx, store.DepositRequest{Branch: "pusat", MemberID: a.MemberID, Account: a, Amount: amount,
			TransferDate: testNow.AddDate(0, 0, -1), SenderBank: "BCA", SenderName: "Budi Santoso", ProofPhoto: proof})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// pendingWithdrawal records a withdrawal of amount from Budi's TAB with its hold, as Penarikan does.
func pendingWithdrawal(t *testing.T, s *Server, amount int64) store.WithdrawalRequest {
	t.Helper()
	ctx := context.Background()
	a := savingsOf(t, s, budiPhone, "TAB")
	var wr store.WithdrawalRequest
	err := s.DB.Update(ctx, func(tx *store.Tx) (err error) {
		if err := tx.AddHold(ctx, a.ID, amount); err != nil {
			return err
		}
		wr, err = tx.CreateWithdrawalRequest(ctx, store.WithdrawalRequest{Branch: "pusat", MemberID: a.MemberID, Account: a, Amount: amount,
			Bank: "BRI", BankAccount: "0012345678", Holder: "Budi Santoso"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return wr
}

// toldMember reports whether a queued message to phone contains want.
func toldMember(t *testing.T, s *Server, phone, want string) bool {
	t.Helper()
	ctx := context.Background()
	var out []store.OutMessage
	if err := s.DB.View(ctx, func(tx *store.Tx) (err error) { out, err = tx.Queued(ctx, "pusat", 100); return }); err != nil {
		t.Fatal(err)
	}
	for _, m := range out {
		if m.To == phone && strings.Contains(m.Text, want) {
			return true
		}
	}
	return false
}

// audited reports whether the audit log has action on subject by actor, made on the web.
func audited(t *testing.T, s *Server, actor, action, subject string) bool {
	t.Helper()
	ctx := context.Background()
	var log []store.AuditEntry
	if err := s.DB.View(ctx, func(tx *store.Tx) (err error) { log, err = tx.Audit(ctx, store.AuditFilter{}); return }); err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if e.Actor == actor && e.Action == action && e.Subject == subject && e.Via == "web" {
			return true
		}
	}
	return false
}

func TestCashDepositVerified(t *testing.T) {
	s := cashServer(t)
	photo := filepath.Join(s.Office.MediaDir, "bukti.jpg")
	if err := os.WriteFile(photo, jpegHead, 0o600); err != nil {
		t.Fatal(err)
	}
	before := savingsOf(t, s, budiPhone, "TAB").Amount()
	d := pendingDeposit(t, s, 250_000, photo)

	w := getOK(t, s, "/deposits")
	wantBody(t, w, "SET-000001", "Budi Santoso", "Rp250.000", "BCA, Budi Santoso", `<img src="/deposits/1/proof"`,
		`action="/deposits/1/verify"`, `action="/deposits/1/cancel"`)
	w = getOK(t, s, "/deposits/1/proof")
	wantHeader(t, w, "Content-Type", "image/jpeg")

	w = postForm(t, s, "/deposits/1/verify", nil)
	wantStatus(t, w, http.StatusSeeOther)
	wantHeader(t, w, "Location", "/deposits?verified=SET-000001")
	if got := savingsOf(t, s, budiPhone, "TAB").Amount(); got != before+250_000 {
		t.Errorf("balance %d, want %d", got, before+250_000)
	}
	wantBody(t, getOK(t, s, "/deposits?verified=SET-000001"), "SET-000001 is verified: Rp250.000", "No deposits are waiting")
	if !toldMember(t, s, budiPhone, "Rp250.000") {
		t.Error("the member was not told")
	}
	if !audited(t, s, "staff:admin", "deposit.verified", d.No()) {
		t.Error("the audit log does not name staff:admin verifying on the web")
	}

	// Again: refused, in the staff member's words, nothing changed.
	w = postForm(t, s, "/deposits/1/verify", nil)
	wantStatus(t, w, http.StatusConflict)
	wantBody(t, w, "SET-000001 is not waiting for a decision: it was decided already by admin")
	sess := testSession(t, s)
	setLanguage(t, s, sess, "") // Bahasa Indonesia
	w = do(t, s, formPost("/deposits/1/verify", withCSRF(nil, sess.CSRF), sess))
	wantStatus(t, w, http.StatusConflict)
	wantBody(t, w, "SET-000001 tidak sedang menunggu keputusan: sudah diputuskan oleh admin")
	if got := savingsOf(t, s, budiPhone, "TAB").Amount(); got != before+250_000 {
		t.Errorf("verified twice: balance %d", got)
	}
}

func TestCashDepositCancelNeedsAReason(t *testing.T) {
	s := cashServer(t)
	pendingDeposit(t, s, 100_000, "")
	w := postForm(t, s, "/deposits/1/cancel", url.Values{"reason": {"  no  "}})
	wantStatus(t, w, http.StatusBadRequest)
	wantBody(t, w, `id="deposit-1"`, "role=\"alert\"", "at least")
	wantBody(t, getOK(t, s, "/deposits"), "SET-000001") // still waiting

	w = postForm(t, s, "/deposits/1/cancel", url.Values{"reason": {"Transfer tidak ditemukan di mutasi bank"}})
	wantStatus(t, w, http.StatusSeeOther)
	wantBody(t, getOK(t, s, "/deposits?cancelled=SET-000001"), "SET-000001 is cancelled", "Transfer tidak ditemukan")
	if !toldMember(t, s, budiPhone, "Transfer tidak ditemukan di mutasi bank") {
		t.Error("the member was not told why")
	}
}

func TestCashAnotherBranchRefused(t *testing.T) {
	s := cashServer(t)
	photo := filepath.Join(s.Office.MediaDir, "bukti.jpg")
	if err := os.WriteFile(photo, jpegHead, 0o600); err != nil {
		t.Fatal(err)
	}
	pendingDeposit(t, s, 100_000, photo)
	pendingWithdrawal(t, s, 50_000)
	addStaff(t, s, "tari", store.RoleTeller, "bogor")
	tari := signIn(t, s, "tari")
	wantNoBody(t, getAs(t, s, tari, "/deposits"), "SET-000001")
	wantNoBody(t, getAs(t, s, tari, "/withdrawals"), "TRK-000001")
	wantStatus(t, getAs(t, s, tari, "/deposits/1/proof"), http.StatusForbidden)
	wantStatus(t, getAs(t, s, tari, "/teller?member="+budiNo), http.StatusForbidden)
	for _, target := range []string{"/deposits/1/verify", "/deposits/1/cancel", "/withdrawals/1/pay", "/withdrawals/1/reject"} {
		w := do(t, s, formPost(target, withCSRF(url.Values{"reason": {"Transfer tidak ditemukan"}}, tari.CSRF), tari))
		wantStatus(t, w, http.StatusForbidden)
	}
	form := url.Values{"member": {budiNo}, "key": {newFormKey()}, "account": {savingsOf(t, s, budiPhone, "TAB").Number}, "amount": {"10.000"}}
	wantStatus(t, do(t, s, formPost("/teller/deposit", withCSRF(form, tari.CSRF), tari)), http.StatusForbidden)
	wantBody(t, getOK(t, s, "/deposits"), "SET-000001") // nothing decided
}

func TestCashProofOnlyFromTheMediaDir(t *testing.T) {
	s := cashServer(t)
	outside := filepath.Join(t.TempDir(), "secret.jpg")
	if err := os.WriteFile(outside, jpegHead, 0o600); err != nil {
		t.Fatal(err)
	}
	pendingDeposit(t, s, 100_000, outside)
	pendingDeposit(t, s, 100_000, filepath.Join(s.Office.MediaDir, "..", filepath.Base(filepath.Dir(outside)), "secret.jpg"))
	wantStatus(t, get(t, s, "/deposits/1/proof"), http.StatusNotFound)
	wantStatus(t, get(t, s, "/deposits/2/proof"), http.StatusNotFound)
	wantStatus(t, get(t, s, "/deposits/9/proof"), http.StatusNotFound)
}

func TestCashWithdrawalPaidAndHeld(t *testing.T) {
	s := cashServer(t)
	before := savingsOf(t, s, budiPhone, "TAB").Amount()
	pendingWithdrawal(t, s, 50_000)
	wantBody(t, getOK(t, s, "/withdrawals"), "TRK-000001", "Rp50.000", "BRI 0012345678 a.n. Budi Santoso", `action="/withdrawals/1/pay"`)
	w := postForm(t, s, "/withdrawals/1/pay", nil)
	wantStatus(t, w, http.StatusSeeOther)
	wantHeader(t, w, "Location", "/withdrawals?paid=TRK-000001")
	if got := savingsOf(t, s, budiPhone, "TAB").Amount(); got != before-50_000 {
		t.Errorf("balance %d, want %d", got, before-50_000)
	}
	wantBody(t, getOK(t, s, "/withdrawals?paid=TRK-000001"), "TRK-000001 is paid: Rp50.000")
	if !toldMember(t, s, budiPhone, "Rp50.000") {
		t.Error("the member was not told")
	}

	// Above the limit: held, shown as waiting; posted again, the same request.
	s.Office.FourEyes = coop.FourEyes{On: true, Withdrawal: 100_000}
	pendingWithdrawal(t, s, 150_000)
	w = postForm(t, s, "/withdrawals/2/pay", nil)
	wantStatus(t, w, http.StatusSeeOther)
	wantHeader(t, w, "Location", "/withdrawals?held=APV-000001")
	wantStatus(t, postForm(t, s, "/withdrawals/2/pay", nil), http.StatusSeeOther)
	w = getOK(t, s, "/withdrawals?held=APV-000001")
	wantBody(t, w, "Waiting for a second approval: APV-000001", `href="/approvals">APV-000001`)
	wantNoBody(t, w, `action="/withdrawals/2/pay"`, "APV-000002")
	if got := savingsOf(t, s, budiPhone, "TAB").Amount(); got != before-50_000 {
		t.Errorf("held, yet the balance is %d", got)
	}
}

// postTeller posts the counter's form op for Budi under key.
func postTeller(t *testing.T, s *Server, op, key string, form url.Values) *http.Response {
	t.Helper()
	f := url.Values{"member": {budiNo}, "key": {key}}
	for k, v := range form {
		f[k] = v
	}
	return postForm(t, s, "/teller/"+op, f).Result()
}

func TestCashTellerDepositPostsOnce(t *testing.T) {
	s := cashServer(t)
	a := savingsOf(t, s, budiPhone, "TAB")
	wantBody(t, getOK(t, s, "/teller?q="+url.QueryEscape("0812 0000 0001")), "Budi Santoso", `id="op-deposit"`)
	w := getOK(t, s, "/teller?q=0812-0000-0001")
	wantBody(t, w, "Budi Santoso", a.Number, `action="/teller/deposit"`, `name="key"`)
	key := newFormKey()
	first := postTeller(t, s, "deposit", key, url.Values{"account": {a.Number}, "amount": {"Rp 300.000"}})
	second := postTeller(t, s, "deposit", key, url.Values{"account": {a.Number}, "amount": {"Rp 300.000"}})
	if first.StatusCode != http.StatusSeeOther || second.StatusCode != http.StatusSeeOther {
		t.Fatalf("statuses %d, %d", first.StatusCode, second.StatusCode)
	}
	loc := first.Header.Get("Location")
	if got := savingsOf(t, s, budiPhone, "TAB").Amount(); got != a.Amount()+300_000 {
		t.Errorf("balance %d, want %d: posted more than once", got, a.Amount()+300_000)
	}
	if again, _ := url.Parse(second.Header.Get("Location")); again.Query().Get("again") != "1" || !strings.Contains(loc, again.Query().Get("receipt")) {
		t.Errorf("second post to %q, first to %q", second.Header.Get("Location"), loc)
	}
	wantBody(t, getOK(t, s, loc), "Receipt TRX-", "Rp300.000", "&#43;Rp300.000", "Balance after")
	wantBody(t, getOK(t, s, second.Header.Get("Location")), "This form was sent before")
	if !audited(t, s, "staff:admin", "teller.setoran", a.Masked()) {
		t.Error("the audit log does not name staff:admin")
	}
}

func TestCashTellerRefusals(t *testing.T) {
	s := cashServer(t)
	a := savingsOf(t, s, budiPhone, "TAB")
	// More than the balance: refused, with what may be withdrawn; nothing moved.
	resp := postTeller(t, s, "withdraw", newFormKey(), url.Values{"account": {a.Number}, "amount": {"999.000.000"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", resp.StatusCode)
	}
	w := postForm(t, s, "/teller/withdraw", url.Values{"member": {budiNo}, "key": {newFormKey()}, "account": {a.Number}, "amount": {"999.000.000"}})
	wantBody(t, w, "teller-error", parse.Rupiah(a.Available()), `value="999.000.000"`)
	if got := savingsOf(t, s, budiPhone, "TAB").Amount(); got != a.Amount() {
		t.Errorf("balance %d, want %d", got, a.Amount())
	}
	// Another member's account, a bad amount, a reversal without a reason, a form without its key.
	other := savingsOf(t, s, "6281200000002", "TAB")
	for _, c := range []struct {
		op   string
		form url.Values
		want string
	}{
		{"deposit", url.Values{"account": {other.Number}, "amount": {"10.000"}, "key": {newFormKey()}}, "not this member&#39;s"},
		{"deposit", url.Values{"account": {a.Number}, "amount": {"nol"}, "key": {newFormKey()}}, "more than zero"},
		{"reverse", url.Values{"journal": {"TRX-000001"}, "reason": {"salah"}, "key": {newFormKey()}}, "at least"},
		{"deposit", url.Values{"account": {a.Number}, "amount": {"10.000"}, "key": {"made-up"}}, "expired"},
	} {
		c.form.Set("member", budiNo)
		w := postForm(t, s, "/teller/"+c.op, c.form)
		wantStatus(t, w, http.StatusBadRequest)
		wantBody(t, w, c.want)
	}
	if got := savingsOf(t, s, budiPhone, "TAB").Amount(); got != a.Amount() {
		t.Errorf("balance %d, want %d", got, a.Amount())
	}
}

func TestCashTellerWithdrawHeldAndReversed(t *testing.T) {
	s := cashServer(t)
	a := savingsOf(t, s, budiPhone, "TAB")
	s.Office.FourEyes = coop.FourEyes{On: true, CashWithdrawal: 10_000, Reversal: 1_000_000}
	key := newFormKey()
	resp := postTeller(t, s, "withdraw", key, url.Values{"account": {a.Number}, "amount": {"20.000"}})
	if resp.Header.Get("Location") != "/teller?held=APV-000001&member="+url.QueryEscape(budiNo) {
		t.Fatalf("held: to %q", resp.Header.Get("Location"))
	}
	// The same form again asks no second time.
	resp = postTeller(t, s, "withdraw", key, url.Values{"account": {a.Number}, "amount": {"20.000"}})
	if resp.Header.Get("Location") != "/teller?held=APV-000001&member="+url.QueryEscape(budiNo) {
		t.Fatalf("again: to %q", resp.Header.Get("Location"))
	}
	wantBody(t, getOK(t, s, resp.Header.Get("Location")), `id="held"`, "APV-000001")

	// A cash deposit, then its reversal with a reason (under the reversal limit: at once).
	resp = postTeller(t, s, "deposit", newFormKey(), url.Values{"account": {a.Number}, "amount": {"40.000"}})
	ref := strings.TrimPrefix(resp.Header.Get("Location"), "/teller?member="+url.QueryEscape(budiNo)+"&receipt=")
	resp = postTeller(t, s, "reverse", newFormKey(), url.Values{"journal": {ref}, "reason": {"Setoran tercatat dua kali"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reverse: %d", resp.StatusCode)
	}
	wantBody(t, getOK(t, s, resp.Header.Get("Location")), "Reversal of "+ref, "-Rp40.000")
	if got := savingsOf(t, s, budiPhone, "TAB").Amount(); got != a.Amount() {
		t.Errorf("balance %d after the reversal, want %d", got, a.Amount())
	}
}

func TestCashTellerInstallment(t *testing.T) {
	s := cashServer(t)
	ctx := context.Background()
	var loan store.Loan
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, "6281200000002")
		if err != nil {
			return err
		}
		loans, err := tx.LoansOfMember(ctx, m.ID)
		if len(loans) > 0 {
			loan = loans[0]
		}
		return err
	})
	if err != nil || loan.ID == 0 {
		t.Fatalf("no demo loan: %v", err)
	}
	w := getOK(t, s, "/teller?q=01.00002")
	wantBody(t, w, "Siti Rahmawati", loan.Account.Number, `action="/teller/installment"`)
	f := url.Values{"member": {"01.00002"}, "key": {newFormKey()}, "loan": {loan.Account.Number}, "amount": {""}}
	w = postForm(t, s, "/teller/installment", f)
	wantStatus(t, w, http.StatusSeeOther)
	wantBody(t, getOK(t, s, w.Header().Get("Location")), "Receipt TRX-", loan.Account.Number, "Installment")
	if !toldMember(t, s, "6281200000002", loan.Account.Number[len(loan.Account.Number)-2:]) {
		t.Error("the member was not told")
	}
}
