package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// agusPhone is the demo member who asks for the loans in these tests; he has a tabungan.
const agusPhone = "6281200000003"

// newLoansServer is a test server on the demo branch pusat with the cooperative's office
// (four eyes as given), a teller (tari), two managers (mira, rudi) of pusat and a manager
// of bogor (bima).
func newLoansServer(t *testing.T, fe coop.FourEyes) *Server {
	t.Helper()
	s, _ := newTestServer(t)
	s.DB.Now = func() time.Time { return testNow }
	DemoForTest(t, s.DB, testNow)
	s.Office = &coop.Office{DB: s.DB, Now: s.now, Language: "id", Location: testNow.Location(), LateFeeBP: 10, FourEyes: fe}
	addStaff(t, s, "tari", store.RoleTeller, "pusat")
	addStaff(t, s, "mira", store.RoleManager, "pusat")
	addStaff(t, s, "rudi", store.RoleManager, "pusat")
	addStaff(t, s, "bima", store.RoleManager, "bogor")
	return s
}

// DemoForTest lays the demo branch pusat out in db at now (for the browser tests too).
func DemoForTest(t testing.TB, db *store.DB, now time.Time) {
	t.Helper()
	ctx := context.Background()
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SyncDemoSetup(ctx) }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SeedDemo(ctx, "pusat", now, ""); err != nil {
		t.Fatal(err)
	}
}

// LoanForTest files the demo member Agus's loan application for amount over 12 months
// and, approve, approves it as the CLI does, returning the loan account's number (else "").
func LoanForTest(t testing.TB, db *store.DB, amount int64, approve bool) string {
	t.Helper()
	ctx := context.Background()
	var number string
	err := db.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, agusPhone)
		if err != nil {
			return err
		}
		p, err := tx.ProductByCode(ctx, "PIN")
		if err != nil {
			return err
		}
		a, err := tx.CreateLoanApplication(ctx, store.LoanApplication{MemberID: m.ID, Product: p, Amount: amount, TenorMonths: 12, Installment: amount / 10})
		if err != nil || !approve {
			return err
		}
		a, err = coop.DecideLoanApplication(ctx, tx, a.ID, true, "", coop.CLI, "id")
		number = a.LoanAccount
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return number
}

// applyForLoan files Agus's loan application.
func applyForLoan(t *testing.T, s *Server, amount int64) { LoanForTest(t, s.DB, amount, false) }

// approvedLoan files and approves Agus's application; it returns the loan account's number.
func approvedLoan(t *testing.T, s *Server, amount int64) string {
	return LoanForTest(t, s.DB, amount, true)
}

// agusTabungan is Agus's tabungan as it stands.
func agusTabungan(t *testing.T, s *Server) store.Account {
	t.Helper()
	ctx := context.Background()
	var tab store.Account
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, agusPhone)
		if err != nil {
			return err
		}
		as, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		for _, a := range as {
			if a.ProductCode == "TAB" {
				tab = a
			}
		}
		return err
	})
	if err != nil || tab.ID == 0 {
		t.Fatalf("Agus's tabungan: %v", err)
	}
	return tab
}

func loanStatus(t *testing.T, s *Server, number string) store.LoanStatus {
	t.Helper()
	ctx := context.Background()
	var l store.Loan
	if err := s.DB.View(ctx, func(tx *store.Tx) (err error) { l, err = tx.LoanByAccount(ctx, number); return }); err != nil {
		t.Fatal(err)
	}
	return l.Status
}

// toldAgus is everything queued for Agus on WhatsApp.
func toldAgus(t *testing.T, s *Server) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		ms, err := tx.Queued(ctx, "pusat", 1000)
		for _, m := range ms {
			if m.To == agusPhone {
				b.WriteString(m.Text + "\n")
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// postAs posts form with sess's CSRF token, as sess's staff member.
func postAs(t *testing.T, s *Server, sess coop.Session, target string, form url.Values) *http.Response {
	t.Helper()
	return do(t, s, formPost(target, withCSRF(form, sess.CSRF), sess)).Result()
}

func TestLoanApplicationApprovedOnTheWeb(t *testing.T) {
	s := newLoansServer(t, coop.FourEyes{})
	applyForLoan(t, s, 5_000_000)
	teller, manager := signIn(t, s, "tari"), signIn(t, s, "mira")

	w := getAs(t, s, teller, "/loan-applications")
	wantStatus(t, w, http.StatusOK)
	wantBody(t, w, "PJ-000001", "Agus Wijaya", "Rp5.000.000", "12 bulan", "Pinjaman Usaha", "KTP terverifikasi", "Rp3.800.000",
		"Manajer atau admin yang memutuskan")
	wantNoBody(t, w, `action="/loan-applications/1/approve"`)
	wantStatus(t, do(t, s, formPost("/loan-applications/1/approve", withCSRF(nil, teller.CSRF), teller)), http.StatusForbidden)

	w = getAs(t, s, manager, "/loan-applications")
	wantBody(t, w, `action="/loan-applications/1/approve"`, `action="/loan-applications/1/reject"`)
	res := postAs(t, s, manager, "/loan-applications/1/approve", nil)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/loan-applications?approved=PJ-000001") {
		t.Fatalf("approve: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	w = getAs(t, s, manager, res.Header.Get("Location"))
	wantBody(t, w, "PJ-000001 disetujui", "Rekening pinjamannya", "Tidak ada pengajuan pinjaman yang menunggu.")
	if told := toldAgus(t, s); !strings.Contains(told, "PJ-000001") || !strings.Contains(told, "disetujui") {
		t.Errorf("Agus was told %q", told)
	}
	if !audited(t, s, "staff:mira", "loan_application.approve", "PJ-000001") {
		t.Error("the audit log does not name staff:mira approving PJ-000001 on the web")
	}
	// Deciding it again says it was decided already; nothing changes.
	w = do(t, s, formPost("/loan-applications/1/reject", withCSRF(url.Values{"reason": {"Angsuran melebihi plafon"}}, manager.CSRF), manager))
	wantStatus(t, w, http.StatusConflict)
	wantBody(t, w, "PJ-000001")
}

func TestLoanApplicationRejectedWithAReason(t *testing.T) {
	s := newLoansServer(t, coop.FourEyes{})
	applyForLoan(t, s, 5_000_000)
	manager := signIn(t, s, "mira")
	setLanguage(t, s, manager, "en")

	// Too short a reason: refused in words, the reason kept, nothing decided.
	w := do(t, s, formPost("/loan-applications/1/reject", withCSRF(url.Values{"reason": {"no"}}, manager.CSRF), manager))
	wantStatus(t, w, http.StatusBadRequest)
	wantBody(t, w, "at least 10 letters", `value="no"`, "PJ-000001")

	res := postAs(t, s, manager, "/loan-applications/1/reject", url.Values{"reason": {"Angsuran melebihi plafon, ajukan lebih kecil"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reject: %d", res.StatusCode)
	}
	wantBody(t, getAs(t, s, manager, res.Header.Get("Location")), "PJ-000001 is rejected")
	if told := toldAgus(t, s); !strings.Contains(told, "Angsuran melebihi plafon, ajukan lebih kecil") {
		t.Errorf("Agus was told %q", told)
	}
	if !audited(t, s, "staff:mira", "loan_application.reject", "PJ-000001") {
		t.Error("the audit log does not name staff:mira rejecting PJ-000001")
	}

	// Another branch's manager sees none of pusat's, and may not decide them.
	applyForLoan(t, s, 2_000_000)
	other := signIn(t, s, "bima")
	wantNoBody(t, getAs(t, s, other, "/loan-applications"), "PJ-000002")
	wantStatus(t, do(t, s, formPost("/loan-applications/2/approve", withCSRF(nil, other.CSRF), other)), http.StatusForbidden)
}

// keyOf is the one-time key of the disbursement form of loan number on page.
func keyOf(t *testing.T, page, number string) string {
	t.Helper()
	m := regexp.MustCompile(`action="/disbursements/` + number + `"[^>]*>\s*<input[^>]*>\s*<input type="hidden" name="key" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no disbursement form for %s on the page:\n%s", number, page)
	}
	return m[1]
}

// disburseForm opens the disbursements page as sess's staff member and sends loan number's
// form into savings; it returns the answer and the form sent.
func disburseForm(t *testing.T, s *Server, sess coop.Session, number, savings string) (*http.Response, url.Values) {
	t.Helper()
	page := getAs(t, s, sess, "/disbursements").Body.String()
	form := url.Values{"savings": {savings}, "key": {keyOf(t, page, number)}}
	return postAs(t, s, sess, "/disbursements/"+number, form), form
}

func TestDisbursementReceiptAndDoubleClick(t *testing.T) {
	s := newLoansServer(t, coop.FourEyes{})
	number := approvedLoan(t, s, 5_000_000)
	tab := agusTabungan(t, s)
	teller := signIn(t, s, "tari")

	page := getAs(t, s, teller, "/disbursements").Body.String()
	for _, want := range []string{number, "Agus Wijaya", "Rp5.000.000", tab.Number, "Tabungan Sejahtera", "Cairkan"} {
		if !strings.Contains(page, want) {
			t.Errorf("the disbursements page lacks %q", want)
		}
	}
	form := url.Values{"savings": {tab.Number}, "key": {keyOf(t, page, number)}}
	res := postAs(t, s, teller, "/disbursements/"+number, form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disburse: %d", res.StatusCode)
	}
	w := getAs(t, s, teller, res.Header.Get("Location"))
	wantBody(t, w, "Dicairkan:", "TRX-", number, "Rp5.000.000", tab.Number, "Tidak ada pinjaman yang menunggu pencairan.")
	if got := agusTabungan(t, s).Amount() - tab.Amount(); got != 5_000_000 {
		t.Errorf("the tabungan got %d, want 5.000.000", got)
	}
	if loanStatus(t, s, number) != store.LoanActive {
		t.Error("the loan is not active after its disbursement")
	}
	if told := toldAgus(t, s); !strings.Contains(told, number) {
		t.Errorf("Agus was told %q", told)
	}

	// The same form again (a double click, a reload): the first receipt, nothing moved again.
	res = postAs(t, s, teller, "/disbursements/"+number, form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("again: %d", res.StatusCode)
	}
	wantBody(t, getAs(t, s, teller, res.Header.Get("Location")), "Sudah dicairkan sebelumnya")
	if got := agusTabungan(t, s).Amount() - tab.Amount(); got != 5_000_000 {
		t.Errorf("after the second post the tabungan got %d in all, want 5.000.000", got)
	}
	// A form without its key, or with one of somebody's own, is refused.
	w = do(t, s, formPost("/disbursements/"+number, withCSRF(url.Values{"savings": {tab.Number}, "key": {"teller-mine"}}, teller.CSRF), teller))
	wantStatus(t, w, http.StatusBadRequest)
}

func TestDisbursementRefusedInWords(t *testing.T) {
	s := newLoansServer(t, coop.FourEyes{})
	number := approvedLoan(t, s, 5_000_000)
	teller := signIn(t, s, "tari")
	page := getAs(t, s, teller, "/disbursements").Body.String()
	// Budi's tabungan is not Agus's: refused, beside the loan, nothing moved.
	ctx := context.Background()
	var budis string
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, "6281200000001")
		if err != nil {
			return err
		}
		as, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		for _, a := range as {
			if a.ProductCode == "TAB" {
				budis = a.Number
			}
		}
		return err
	})
	if err != nil || budis == "" {
		t.Fatalf("Budi's tabungan: %v", err)
	}
	w := do(t, s, formPost("/disbursements/"+number, withCSRF(url.Values{"savings": {budis}, "key": {keyOf(t, page, number)}}, teller.CSRF), teller))
	wantStatus(t, w, http.StatusUnprocessableEntity)
	wantBody(t, w, "milik anggota lain")
	if loanStatus(t, s, number) != store.LoanApproved {
		t.Error("a refused disbursement changed the loan")
	}
}

// Four eyes: the teller's disbursement waits; the teller cannot approve it; a manager does.
func TestDisbursementWaitsForASecondStaffMember(t *testing.T) {
	s := newLoansServer(t, coop.FourEyes{On: true})
	number := approvedLoan(t, s, 5_000_000)
	tab := agusTabungan(t, s)
	teller, manager := signIn(t, s, "tari"), signIn(t, s, "mira")

	res, form := disburseForm(t, s, teller, number, tab.Number)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/disbursements?waiting=APV-000001" {
		t.Fatalf("disburse under four eyes: %d %s", res.StatusCode, loc)
	}
	wantBody(t, getAs(t, s, teller, "/disbursements?waiting=APV-000001"), "Menunggu persetujuan petugas kedua: <strong>APV-000001</strong>")
	if loanStatus(t, s, number) != store.LoanApproved || agusTabungan(t, s).Balance != tab.Balance {
		t.Fatal("money moved on the request alone")
	}
	// Another form for the same loan (a second tab): no second request.
	if page := getAs(t, s, teller, "/disbursements").Body.String(); strings.Contains(page, `action="/disbursements/`+number+`"`) {
		t.Error("the loan waiting for approval still has a disbursement form")
	}
	form.Set("key", newDisburseKey())
	res = postAs(t, s, teller, "/disbursements/"+number, form)
	if loc := res.Header.Get("Location"); loc != "/disbursements?waiting=APV-000001" {
		t.Fatalf("a second request: %s", loc)
	}

	// The teller sees the request, cannot decide it.
	w := getAs(t, s, teller, "/approvals")
	wantBody(t, w, "APV-000001", "Pencairan pinjaman", "Rp5.000.000", "tari", "Manajer atau admin yang menyetujui")
	wantNoBody(t, w, `action="/approvals/1/approve"`)
	wantStatus(t, do(t, s, formPost("/approvals/1/approve", withCSRF(nil, teller.CSRF), teller)), http.StatusForbidden)

	// Another branch's manager neither sees nor decides it.
	other := signIn(t, s, "bima")
	wantNoBody(t, getAs(t, s, other, "/approvals"), "APV-000001")
	wantStatus(t, do(t, s, formPost("/approvals/1/approve", withCSRF(nil, other.CSRF), other)), http.StatusForbidden)

	res = postAs(t, s, manager, "/approvals/1/approve", nil)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/approvals?approved=APV-000001&ref=TRX-") {
		t.Fatalf("approve: %d %s", res.StatusCode, loc)
	}
	wantBody(t, getAs(t, s, manager, res.Header.Get("Location")), "APV-000001 disetujui dan dijalankan", "Tidak ada yang menunggu persetujuan.")
	if loanStatus(t, s, number) != store.LoanActive || agusTabungan(t, s).Amount()-tab.Amount() != 5_000_000 {
		t.Error("after the approval the loan is not active, or the savings not credited once")
	}
	if !audited(t, s, "staff:tari", "approval.request", store.MaskNumber(number)) {
		t.Error("the audit log does not name staff:tari asking")
	}
	if !audited(t, s, "staff:mira", "approval.approve", "APV-000001") {
		t.Error("the audit log does not name staff:mira approving APV-000001")
	}
}

// A manager's own request: refused in words, whatever the page shows; another manager approves it.
func TestOwnApprovalRefused(t *testing.T) {
	s := newLoansServer(t, coop.FourEyes{On: true})
	number := approvedLoan(t, s, 5_000_000)
	tab := agusTabungan(t, s)
	mira, rudi := signIn(t, s, "mira"), signIn(t, s, "rudi")
	disburseForm(t, s, mira, number, tab.Number)

	wantBody(t, getAs(t, s, mira, "/approvals"), "Ini permintaan Anda sendiri")
	w := do(t, s, formPost("/approvals/1/approve", withCSRF(nil, mira.CSRF), mira))
	wantStatus(t, w, http.StatusUnprocessableEntity)
	wantBody(t, w, "APV-000001 adalah permintaan Anda sendiri: harus disetujui petugas lain")
	if loanStatus(t, s, number) != store.LoanApproved {
		t.Fatal("the maker's own approval disbursed the loan")
	}

	// Rejected by another manager, with a reason: nothing moves, the loan can be asked for again.
	w = do(t, s, formPost("/approvals/1/reject", withCSRF(url.Values{"reason": {"x"}}, rudi.CSRF), rudi))
	wantStatus(t, w, http.StatusBadRequest)
	res := postAs(t, s, rudi, "/approvals/1/reject", url.Values{"reason": {"Nomor rekening salah, ajukan ulang"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reject: %d", res.StatusCode)
	}
	wantBody(t, getAs(t, s, rudi, res.Header.Get("Location")), "APV-000001 ditolak")
	if !audited(t, s, "staff:rudi", "approval.reject", "APV-000001") {
		t.Error("the audit log does not name staff:rudi rejecting APV-000001")
	}
	if !strings.Contains(getAs(t, s, mira, "/disbursements").Body.String(), `action="/disbursements/`+number+`"`) {
		t.Error("after the rejection the loan cannot be asked for again")
	}
}

func TestLoansPagesWithoutTheOffice(t *testing.T) {
	s, _ := newTestServer(t)
	for _, p := range []string{"/loan-applications", "/disbursements", "/approvals"} {
		wantStatus(t, get(t, s, p), http.StatusServiceUnavailable)
	}
}

// The product's fees: listed before, deducted from what the savings receive, on the receipt.
func TestDisbursementFees(t *testing.T) {
	s := newLoansServer(t, coop.FourEyes{})
	ctx := context.Background()
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		p, err := tx.ProductByCode(ctx, "PIN")
		if err != nil {
			return err
		}
		set := p.Settings()
		set.ProvisiBP, set.AdminFee = 100, 25_000 // 1% and Rp25.000
		p.Params = set.JSON()
		_, err = tx.SyncProduct(ctx, p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	number := approvedLoan(t, s, 5_000_000)
	tab := agusTabungan(t, s)
	teller := signIn(t, s, "tari")
	setLanguage(t, s, teller, "en")
	wantBody(t, getAs(t, s, teller, "/disbursements"), "Provisi", "Rp50.000", "Administration fee", "Rp25.000", "Rp75.000 · deducted from what is paid out")
	res, _ := disburseForm(t, s, teller, number, tab.Number)
	w := getAs(t, s, teller, res.Header.Get("Location"))
	wantBody(t, w, "Disbursed: TRX-", "Rp5.000.000", "Rp50.000", "Rp25.000", "Rp4.925.000 → "+tab.Number)
	if got := agusTabungan(t, s).Amount() - tab.Amount(); got != 4_925_000 {
		t.Errorf("the tabungan got %d, want 4.925.000", got)
	}
}
