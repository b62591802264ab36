package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// newMembersServer is a test server with the demo members in pusat (Budi 01.00001 with a
// time deposit, Siti 01.00002 with a loan beyond her savings, Dewi 01.00004 with savings
// only), a member of bogor (02.00001), and staff: tari (teller of pusat), mira (manager of
// pusat), beni (manager of bogor).
func newMembersServer(t *testing.T) *Server {
	t.Helper()
	s, _ := newTestServer(t)
	ctx := context.Background()
	s.Office = &coop.Office{DB: s.DB, Now: s.Now, Language: "id", Location: testNow.Location(), Cooperative: "Koperasi Uji Sejahtera",
		DefaultCeiling: 2_500_000}
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SyncDemoSetup(ctx); err != nil {
			return err
		}
		if err := tx.SyncBranch(ctx, store.Branch{ID: "bogor", Code: "02", Name: "Cabang Bogor"}); err != nil {
			return err
		}
		_, err := tx.CreateMember(ctx, store.Member{Branch: "bogor", No: "02.00001", NIK: "3201014101900009", Name: "Joko Bogor",
			Phone: "6281299990001", Status: store.MemberActive, JoinedAt: testNow.AddDate(-1, 0, 0)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB.SeedDemo(ctx, "pusat", testNow, ""); err != nil {
		t.Fatal(err)
	}
	addStaff(t, s, "tari", store.RoleTeller, "pusat")
	addStaff(t, s, "mira", store.RoleManager, "pusat")
	addStaff(t, s, "beni", store.RoleManager, "bogor")
	return s
}

// membersPostAs sends a form from sess's staff member, with their CSRF token.
func membersPostAs(t *testing.T, s *Server, sess coop.Session, target string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, s, formPost(target, withCSRF(form, sess.CSRF), sess))
}

// membersLoad reads a member as the store holds them now.
func membersLoad(t *testing.T, s *Server, no string) store.Member {
	t.Helper()
	var m store.Member
	err := s.DB.View(context.Background(), func(tx *store.Tx) (err error) { m, err = tx.MemberByNo(context.Background(), no); return })
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// membersQueuedTo is the texts waiting in the outbox for phone.
func membersQueuedTo(t *testing.T, s *Server, branch, phone string) []string {
	t.Helper()
	var out []string
	err := s.DB.View(context.Background(), func(tx *store.Tx) error {
		msgs, err := tx.Queued(context.Background(), branch, 100)
		for _, m := range msgs {
			if m.To == phone {
				out = append(out, m.Text)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// membersAudit is the audit log's entries of action.
func membersAudit(t *testing.T, s *Server, action coop.AuditAction) []store.AuditEntry {
	t.Helper()
	var out []store.AuditEntry
	err := s.DB.View(context.Background(), func(tx *store.Tx) error {
		all, err := tx.Audit(context.Background(), store.AuditFilter{Limit: 1000})
		for _, e := range all {
			if e.Action == string(action) {
				out = append(out, e)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMembersSearch(t *testing.T) {
	s := newMembersServer(t)
	teller := signIn(t, s, "tari")
	for q, want := range map[string]string{
		"budi":              "Budi Santoso",   // part of a name, any case
		"RAHMA":             "Siti Rahmawati", // the middle of a name
		"01.00004":          "Dewi Lestari",   // a member number
		"0100004":           "Dewi Lestari",   // without its dot
		"0812-0000-0005":    "Rina Marlina",   // a phone as members write it
		"+62 812 0000 0003": "Agus Wijaya",
		"6281200000002":     "Siti Rahmawati",
		"3204011708900001":  "Budi Santoso", // a full NIK
	} {
		w := getAs(t, s, teller, "/members?q="+url.QueryEscape(q))
		wantStatus(t, w, http.StatusOK)
		wantBody(t, w, want)
	}
	// The NIK is shown masked, never in full.
	w := getAs(t, s, teller, "/members?q=3204011708900001")
	wantBody(t, w, "3204********0001", `href="/members/01.00001"`)
	wantNoBody(t, w, "<td>3204011708900001")
	// Another branch's member is not found by a teller of pusat, but by an admin.
	wantBody(t, getAs(t, s, teller, "/members?q=joko"), "Tidak ada anggota yang cocok")
	wantBody(t, get(t, s, "/members?q=joko"), "Joko Bogor", "02.00001")
	// Part of a NIK finds nobody: it is a number only in full.
	wantNoBody(t, getAs(t, s, teller, "/members?q=3204011708"), "Budi Santoso")
}

func TestMemberPage(t *testing.T) {
	s := newMembersServer(t)
	teller := signIn(t, s, "tari")
	w := getAs(t, s, teller, "/members/01.00002")
	wantStatus(t, w, http.StatusOK)
	wantBody(t, w, "Siti Rahmawati", "&#43;6281200000002", "aktif", "3204********0002", "terverifikasi", "KTP-",
		"Simpanan Pokok", "Tabungan Sejahtera", "Pinjaman Usaha", "Angsuran ke-1", "Rp100.000",
		"Hari tunggakan", "Rp2.500.000", "plafon bawaan koperasi", "/members/01.00002/statement", "Belum ada perubahan data")
	// A teller changes nothing and sees no full NIK.
	wantNoBody(t, w, "3204015503880002", "/members/01.00002/nik", "/members/01.00002/phone", "/members/01.00002/leave")
	// A manager has the forms.
	w = getAs(t, s, signIn(t, s, "mira"), "/members/01.00002")
	wantBody(t, w, `action="/members/01.00002/phone"`, `action="/members/01.00002/edit"`, `action="/members/01.00002/suspend"`,
		`href="/members/01.00002/nik"`, `href="/members/01.00002/leave"`, `name="csrf"`)
	// Budi's time deposit.
	wantBody(t, getAs(t, s, teller, "/members/01.00001"), "Deposito Berjangka")
	// No such member: 404 in words.
	w = getAs(t, s, teller, "/members/01.09999")
	wantStatus(t, w, http.StatusNotFound)
	wantBody(t, w, "Tidak ada anggota bernomor 01.09999")
}

func TestMemberOfAnotherBranchRefused(t *testing.T) {
	s := newMembersServer(t)
	teller, other := signIn(t, s, "tari"), signIn(t, s, "beni")
	for _, target := range []string{"/members/02.00001", "/members/02.00001/statement"} {
		wantStatus(t, getAs(t, s, teller, target), http.StatusForbidden)
	}
	for _, target := range []string{"/members/01.00001", "/members/01.00001/nik", "/members/01.00001/leave", "/members/01.00001/statement"} {
		wantStatus(t, getAs(t, s, other, target), http.StatusForbidden)
	}
	for _, action := range []string{"phone", "edit", "suspend", "reactivate", "leave"} {
		w := membersPostAs(t, s, other, "/members/01.00001/"+action, url.Values{"phone": {"081299998888"}, "reason": {"Tunggakan angsuran tiga bulan"}, "name": {"X"}})
		wantStatus(t, w, http.StatusForbidden)
	}
	if m := membersLoad(t, s, "01.00001"); m.Phone != "6281200000001" || m.Status != store.MemberActive || m.Name != "Budi Santoso" {
		t.Errorf("another branch's manager changed the member: %+v", m)
	}
	// A teller: no full NIK, no changes, even of their own branch's member.
	wantStatus(t, getAs(t, s, teller, "/members/01.00001/nik"), http.StatusForbidden)
	wantStatus(t, membersPostAs(t, s, teller, "/members/01.00001/phone", url.Values{"phone": {"081299998888"}}), http.StatusForbidden)
	if len(membersAudit(t, s, coop.AuditNIKView)) != 0 {
		t.Error("a refused NIK view is in the audit log")
	}
}

func TestMemberChangePhone(t *testing.T) {
	s := newMembersServer(t)
	manager := signIn(t, s, "mira")
	w := membersPostAs(t, s, manager, "/members/01.00004/phone", url.Values{"phone": {"0813-7777-0004"}})
	wantStatus(t, w, http.StatusSeeOther)
	wantHeader(t, w, "Location", "/members/01.00004?done=phone")
	if m := membersLoad(t, s, "01.00004"); m.Phone != "6281377770004" || m.HasPIN() {
		t.Errorf("after the change: phone %s, PIN set %v", m.Phone, m.HasPIN())
	}
	if old, now := membersQueuedTo(t, s, "pusat", "6281200000004"), membersQueuedTo(t, s, "pusat", "6281377770004"); len(old) != 1 || len(now) != 1 {
		t.Errorf("both numbers are told: old %q, new %q", old, now)
	}
	w = getAs(t, s, manager, "/members/01.00004?done=phone")
	wantBody(t, w, "Nomor HP diganti", "&#43;6281377770004", "nomor HP", "&#43;6281200000004", "staff:mira")
	if a := membersAudit(t, s, coop.AuditMember+coop.AuditAction(store.FieldPhone)); len(a) != 1 || a[0].Actor != "staff:mira" || a[0].Via != "web" || a[0].Subject != "01.00004" {
		t.Errorf("audit log %+v", a)
	}
}

func TestMemberChangeRefusals(t *testing.T) {
	s := newMembersServer(t)
	manager := signIn(t, s, "mira")
	for _, c := range []struct {
		target string
		form   url.Values
		status int
		words  string
	}{
		{"/members/01.00004/phone", url.Values{"phone": {"12ab"}}, http.StatusUnprocessableEntity, "bukan nomor HP"},
		{"/members/01.00004/phone", url.Values{"phone": {"0812-0000-0001"}}, http.StatusUnprocessableEntity, "sudah dipakai anggota lain"},
		{"/members/01.00004/phone", url.Values{"phone": {"6281200000004"}}, http.StatusUnprocessableEntity, "tidak ada yang diubah"},
		{"/members/01.00004/suspend", url.Values{"reason": {"telat"}}, http.StatusBadRequest, "minimal"},
		{"/members/01.00004/reactivate", url.Values{}, http.StatusUnprocessableEntity, "sedang tidak aktif"},
		{"/members/01.00004/edit", url.Values{"name": {"  "}}, http.StatusUnprocessableEntity, "tidak sah"},
		{"/members/01.00004/edit", url.Values{"name": {"Dewi Lestari"}, "birth_date": {"24-12-1992"}}, http.StatusBadRequest, "1990-08-17"},
		{"/members/01.00004/edit", url.Values{"name": {"Dewi Lestari"}, "address": {"Jl. Dago No. 3, Bandung"}, "occupation": {"Karyawan swasta"}}, http.StatusUnprocessableEntity, "tidak ada yang diubah"},
		{"/members/01.00002/leave", url.Values{"payout": {"cash"}}, http.StatusUnprocessableEntity, "kurang Rp"},
		{"/members/01.00001/leave", url.Values{"payout": {"cash"}}, http.StatusUnprocessableEntity, "diselesaikan dulu"},
	} {
		w := membersPostAs(t, s, manager, c.target, c.form)
		if w.Code != c.status || !strings.Contains(w.Body.String(), c.words) {
			t.Errorf("POST %s %v: %d, want %d with %q; body:\n%s", c.target, c.form, w.Code, c.status, c.words, w.Body)
		}
	}
	// Nothing changed.
	if m := membersLoad(t, s, "01.00004"); m.Phone != "6281200000004" || m.Status != store.MemberActive || m.Name != "Dewi Lestari" {
		t.Errorf("a refusal changed the member: %+v", m)
	}
	for _, no := range []string{"01.00001", "01.00002"} {
		if m := membersLoad(t, s, no); m.Status != store.MemberActive {
			t.Errorf("%s is %s after a refused leave", no, m.Status)
		}
	}
	// The leave page says the shortfall before anyone confirms.
	w := getAs(t, s, manager, "/members/01.00002/leave")
	wantStatus(t, w, http.StatusUnprocessableEntity)
	wantBody(t, w, "Anggota belum bisa keluar", "kurang Rp", "lunasi dulu")
	wantNoBody(t, w, `action="/members/01.00002/leave"`)
}

func TestMemberEditSuspendReactivateLeave(t *testing.T) {
	s := newMembersServer(t)
	manager := signIn(t, s, "mira")
	w := membersPostAs(t, s, manager, "/members/01.00004/edit", url.Values{"name": {"Dewi  Lestari"}, "address": {"Jl. Dago No. 30, Bandung"},
		"occupation": {"Karyawan swasta"}, "gender": {"P"}, "birth_date": {"1992-12-24"}})
	wantStatus(t, w, http.StatusSeeOther)
	if m := membersLoad(t, s, "01.00004"); m.Address != "Jl. Dago No. 30, Bandung" {
		t.Errorf("address %q", m.Address)
	}
	w = membersPostAs(t, s, manager, "/members/01.00004/suspend", url.Values{"reason": {"Tunggakan angsuran 3 bulan, hubungi kantor"}})
	wantStatus(t, w, http.StatusSeeOther)
	if m := membersLoad(t, s, "01.00004"); m.Status != store.MemberSuspended {
		t.Errorf("status %s after suspend", m.Status)
	}
	wantBody(t, getAs(t, s, manager, "/members/01.00004"), "dibekukan", "Tunggakan angsuran 3 bulan", `action="/members/01.00004/reactivate"`)
	wantStatus(t, membersPostAs(t, s, manager, "/members/01.00004/reactivate", url.Values{}), http.StatusSeeOther)

	// Leaving: the figures first, then the confirmation.
	w = getAs(t, s, manager, "/members/01.00004/leave")
	wantStatus(t, w, http.StatusOK)
	wantBody(t, w, "Dibayarkan kepada anggota", "Rp4.300.000", `action="/members/01.00004/leave"`)
	w = membersPostAs(t, s, manager, "/members/01.00004/leave", url.Values{"payout": {"cash"}})
	wantStatus(t, w, http.StatusSeeOther)
	if m := membersLoad(t, s, "01.00004"); m.Status != store.MemberClosed {
		t.Errorf("status %s after leaving", m.Status)
	}
	w = getAs(t, s, manager, "/members/01.00004?done=left")
	wantBody(t, w, "Anggota sudah keluar", "keluar", "alamat", "Jl. Dago No. 30, Bandung", "staff:mira")
	wantNoBody(t, w, `action="/members/01.00004/phone"`)
	if len(membersQueuedTo(t, s, "pusat", "6281200000004")) != 3 {
		t.Errorf("the member is told of the suspension, the reactivation and leaving: %q", membersQueuedTo(t, s, "pusat", "6281200000004"))
	}
}

func TestMemberStatementDownload(t *testing.T) {
	s := newMembersServer(t)
	teller := signIn(t, s, "tari")
	w := getAs(t, s, teller, "/members/01.00002/statement")
	wantStatus(t, w, http.StatusOK)
	wantHeader(t, w, "Content-Type", "application/pdf")
	if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="rekening-koran-01.00002-semua-20260202-20260302.pdf"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	if !strings.HasPrefix(w.Body.String(), "%PDF-") || w.Body.Len() < 1000 {
		t.Errorf("not a PDF: %d bytes", w.Body.Len())
	}
	// One account, named by its last four digits only.
	m := membersLoad(t, s, "01.00002")
	var number string
	s.DB.View(context.Background(), func(tx *store.Tx) error {
		as, err := tx.AccountsOfMember(context.Background(), m.ID, store.AccountLoan)
		if len(as) > 0 {
			number = as[0].Number
		}
		return err
	})
	w = getAs(t, s, teller, "/members/01.00002/statement?account="+number+"&from=2025-12-01&to=2026-02-28")
	wantStatus(t, w, http.StatusOK)
	cd := w.Header().Get("Content-Disposition")
	if strings.Contains(cd, number) || !strings.Contains(cd, number[len(number)-4:]+"-20251201-20260228.pdf") {
		t.Errorf("Content-Disposition %q for account %s", cd, number)
	}
	wantStatus(t, getAs(t, s, teller, "/members/01.00002/statement?from=2026-03-01&to=2026-02-01"), http.StatusBadRequest)
	wantStatus(t, getAs(t, s, teller, "/members/01.00002/statement?from=kemarin"), http.StatusBadRequest)
	wantStatus(t, getAs(t, s, teller, "/members/01.00002/statement?account=0000000000"), http.StatusNotFound)
}

func TestMemberFullNIKAudited(t *testing.T) {
	s := newMembersServer(t)
	manager := signIn(t, s, "mira")
	w := getAs(t, s, manager, "/members/01.00001/nik")
	wantStatus(t, w, http.StatusOK)
	wantBody(t, w, "3204 0117 0890 0001", "log audit")
	a := membersAudit(t, s, coop.AuditNIKView)
	if len(a) != 1 || a[0].Actor != "staff:mira" || a[0].Subject != "01.00001" || a[0].Branch != "pusat" || a[0].Via != "web" {
		t.Fatalf("audit log %+v", a)
	}
	getAs(t, s, manager, "/members/01.00001/nik")
	if n := len(membersAudit(t, s, coop.AuditNIKView)); n != 2 {
		t.Errorf("two views, %d audit entries", n)
	}
}
