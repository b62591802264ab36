package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
	"github.com/kopbot/kopbot/web"
	"github.com/kopbot/kopbot/web/browsertest"
)

// loansWorld is the demo branch pusat behind a back office with four eyes on every
// disbursement, a teller (tari) and two managers (mira, rudi).
type loansWorld struct {
	t  *testing.T
	db *store.DB
	p  *browsertest.Page
}

const agusPhone = "6281200000003" // the demo member who borrows here

func newLoansWorld(t *testing.T) *loansWorld {
	t.Helper()
	wib := time.FixedZone("WIB", 7*60*60)
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, wib)
	db := storetest.Open(t)
	db.Now = func() time.Time { return now }
	web.DemoForTest(t, db, now)
	addStaff(t, db, coop.NewStaff{Username: "tari", Name: "Tari Teller", Role: store.RoleTeller, Branches: []string{"pusat"}})
	addStaff(t, db, coop.NewStaff{Username: "mira", Name: "Mira Manajer", Role: store.RoleManager, Branches: []string{"pusat"}})
	addStaff(t, db, coop.NewStaff{Username: "rudi", Name: "Rudi Manajer", Role: store.RoleManager, Branches: []string{"pusat"}})
	s := &web.Server{DB: db, Now: func() time.Time { return now },
		Branches: stateBranches{{ID: "pusat", Name: "Kantor Pusat", State: "connected", Phone: "6281200000099", Since: now}},
		Office: &coop.Office{DB: db, Now: func() time.Time { return now }, Language: "id", Location: wib, LateFeeBP: 10,
			FourEyes: coop.FourEyes{On: true, Disbursement: 0}}}
	return &loansWorld{t: t, db: db, p: browsertest.Open(t, s.Handler())}
}

// loan is the loan in account number as it stands.
func (w *loansWorld) loan(number string) store.Loan {
	w.t.Helper()
	ctx := context.Background()
	var l store.Loan
	if err := w.db.View(ctx, func(tx *store.Tx) (err error) { l, err = tx.LoanByAccount(ctx, number); return }); err != nil {
		w.t.Fatal(err)
	}
	return l
}

// savings is Agus's savings in all.
func (w *loansWorld) savings() int64 {
	w.t.Helper()
	ctx := context.Background()
	var sum int64
	err := w.db.View(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, agusPhone)
		if err != nil {
			return err
		}
		as, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		for _, a := range as {
			sum += a.Amount()
		}
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return sum
}

// audited reports whether the audit log names actor doing action on the web.
func (w *loansWorld) audited(actor, action string) bool {
	w.t.Helper()
	ctx := context.Background()
	var es []store.AuditEntry
	if err := w.db.View(ctx, func(tx *store.Tx) (err error) { es, err = tx.Audit(ctx, store.AuditFilter{}); return }); err != nil {
		w.t.Fatal(err)
	}
	for _, e := range es {
		if e.Actor == actor && e.Action == action && e.Via == "web" {
			return true
		}
	}
	return false
}

// as signs out whoever is signed in, and signs in as username.
func (w *loansWorld) as(username string) {
	w.t.Helper()
	w.p.Go("/loan-applications")
	if !strings.HasPrefix(w.p.Path(), "/login") {
		w.p.Click(`form[action="/logout"] button`)
		w.p.Wait("#password")
	}
	w.p.SignIn(username, staffPassword)
}

// A loan application approved by a manager in the browser; the member is told.
func TestBrowserLoanApplicationApproved(t *testing.T) {
	w := newLoansWorld(t)
	web.LoanForTest(t, w.db, 5_000_000, false)
	w.as("tari")
	w.p.Go("/loan-applications")
	w.p.WaitText("#pj-1", "Manajer atau admin yang memutuskan pengajuan ini.")
	w.p.Screenshot("teller-sees")

	w.as("mira")
	w.p.Go("/loan-applications")
	w.p.WaitText("#pj-1", "Agus Wijaya")
	w.p.WaitText("#pj-1", "Rp5.000.000")
	w.p.Screenshot("loan-applications")
	w.p.Click(`#pj-1 form[action="/loan-applications/1/approve"] button`)
	w.p.WaitText("p.done", "PJ-000001 disetujui")
	w.p.WaitText("main", "Tidak ada pengajuan pinjaman yang menunggu.")
	w.p.Screenshot("approved")
	if !w.audited("staff:mira", "loan_application.approve") {
		t.Error("the audit log does not name staff:mira approving the loan application on the web")
	}
	w.p.Go("/disbursements")
	w.p.WaitText("main", "Agus Wijaya")
	w.p.Screenshot("ready-to-disburse")
	w.p.Click(`button[name="lang"]`)
	w.p.WaitText("h1", "Disbursements")
	w.p.WaitText("main", "Pay into savings account")
	w.p.Screenshot("ready-to-disburse-english")
}

// Four eyes on a disbursement: the teller's request waits, the teller cannot approve it,
// a manager cannot approve their own either, another manager approves it and the loan is
// paid out; the audit log names the maker and the checker.
func TestBrowserFourEyesDisbursement(t *testing.T) {
	w := newLoansWorld(t)
	tellers := web.LoanForTest(t, w.db, 5_000_000, true)
	managers := web.LoanForTest(t, w.db, 2_000_000, true)
	before := w.savings()

	// The teller (maker) disburses: it waits for a second approval, nothing moves.
	w.as("tari")
	w.p.Go("/disbursements")
	w.p.WaitText("#loan-"+tellers, "Rp5.000.000")
	w.p.Screenshot("disbursements")
	w.p.Click("#loan-" + tellers + " form button")
	w.p.WaitText("#waiting", "Menunggu persetujuan petugas kedua: APV-000001")
	w.p.Screenshot("waiting")
	if l := w.loan(tellers); l.Status != store.LoanApproved || w.savings() != before {
		t.Fatalf("on the request alone the loan is %s and the savings moved %d", l.Status, w.savings()-before)
	}

	// The teller sees the request and cannot approve it: no button, and the server refuses
	// a teller (web/loans_test.go posts it).
	w.p.Go("/approvals")
	w.p.WaitText("#apv-1", "Manajer atau admin yang menyetujui permintaan ini.")
	if strings.Contains(w.p.Text("#apv-1"), "Setujui") {
		t.Error("the teller is offered to approve")
	}
	w.p.Screenshot("teller-cannot-approve")

	// A manager asks for another disbursement, and cannot approve their own.
	w.as("mira")
	w.p.Go("/disbursements")
	w.p.Click("#loan-" + managers + " form button")
	w.p.WaitText("#waiting", "APV-000002")
	w.p.Go("/approvals")
	w.p.WaitText("#apv-2", "Ini permintaan Anda sendiri")
	w.p.Click(`#apv-2 form[action="/approvals/2/approve"] button`)
	w.p.WaitText("#apv-2 .error", "APV-000002 adalah permintaan Anda sendiri: harus disetujui petugas lain")
	w.p.Screenshot("own-approval-refused")
	if l := w.loan(managers); l.Status != store.LoanApproved {
		t.Fatalf("the manager's own approval left the loan %s", l.Status)
	}

	// The manager (checker) approves the teller's: the loan is active, the savings credited.
	w.p.Go("/approvals")
	w.p.Click(`#apv-1 form[action="/approvals/1/approve"] button`)
	w.p.WaitText("p.done", "APV-000001 disetujui dan dijalankan")
	w.p.Screenshot("approved")
	if l := w.loan(tellers); l.Status != store.LoanActive {
		t.Errorf("after the approval the loan is %s, want active", l.Status)
	}
	if got := w.savings() - before; got != 5_000_000 {
		t.Errorf("the savings were credited %d, want 5.000.000", got)
	}
	if !w.audited("staff:tari", "approval.request") || !w.audited("staff:mira", "approval.approve") {
		t.Error("the audit log does not name staff:tari asking and staff:mira approving")
	}
	w.p.Go("/audit")
	w.p.WaitText("main", "approval.approve")
	w.p.Screenshot("audit")
}
