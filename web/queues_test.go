package web

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

// queuesWorld is a test server with the real coop behind it, the branches pusat and bogor
// in the store, and a media directory for the applicants' photos.
type queuesWorld struct {
	s    *Server
	ctx  context.Context
	dir  string
	woke int
}

func newQueuesWorld(t *testing.T) *queuesWorld {
	t.Helper()
	s, _ := newTestServer(t)
	w := &queuesWorld{s: s, ctx: context.Background(), dir: t.TempDir()}
	s.DB.Now = func() time.Time { return testNow }
	s.Office = &coop.Office{DB: s.DB, Now: s.now, Language: "id", Location: testNow.Location(), MediaDir: w.dir}
	s.Wake = func() { w.woke++ }
	w.update(t, func(tx *store.Tx) error {
		for _, b := range []store.Branch{{ID: "pusat", Code: "01", Name: "Kantor Pusat"}, {ID: "bogor", Code: "02", Name: "Cabang Bogor"}} {
			if err := tx.SyncBranch(w.ctx, b); err != nil {
				return err
			}
		}
		return nil
	})
	return w
}

func (w *queuesWorld) update(t *testing.T, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := w.s.DB.Update(w.ctx, fn); err != nil {
		t.Fatal(err)
	}
}

// applicant adds an application made on WhatsApp at branch, with a KTP photo in the media directory.
func (w *queuesWorld) applicant(t *testing.T, branch, regNo, name, phone string) store.Member {
	t.Helper()
	photo := filepath.Join(w.dir, regNo+".jpg")
	if err := os.WriteFile(photo, jpegHead, 0o600); err != nil {
		t.Fatal(err)
	}
	var m store.Member
	w.update(t, func(tx *store.Tx) (err error) {
		m, err = tx.CreateMember(w.ctx, store.Member{Branch: branch, RegNo: regNo, NIK: "3204011708900001", Name: name, Phone: phone,
			BirthDate: time.Date(1990, 8, 17, 0, 0, 0, 0, time.UTC), Gender: "L", Address: "Jl. Merdeka 1, Bandung", Occupation: "Pedagang",
			Status: store.MemberApplicant, KTPPhoto: photo, ConsentAt: testNow})
		return err
	})
	return m
}

// outbox is every message queued to phone at branch.
func (w *queuesWorld) outbox(t *testing.T, branch, phone string) string {
	t.Helper()
	var texts []string
	err := w.s.DB.View(w.ctx, func(tx *store.Tx) error {
		msgs, err := tx.Queued(w.ctx, branch, 100)
		for _, m := range msgs {
			if m.To == phone {
				texts = append(texts, m.Text)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(texts, "\n---\n")
}

// audited is the audit log's actions on subject, "actor action" each.
func (w *queuesWorld) audited(t *testing.T, subject string) []string {
	t.Helper()
	var out []string
	err := w.s.DB.View(w.ctx, func(tx *store.Tx) error {
		entries, err := tx.Audit(w.ctx, store.AuditFilter{})
		for _, e := range entries {
			if e.Subject == subject {
				out = append(out, e.Actor+" "+e.Action+" "+e.Via)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDashboardCounts(t *testing.T) {
	w := newQueuesWorld(t)
	w.applicant(t, "pusat", "REG-000001", "Joko Susilo", "6281377770001")
	w.applicant(t, "pusat", "REG-000002", "Sri Wahyuni", "6281377770002")
	w.applicant(t, "bogor", "REG-000003", "Dedi Kurnia", "6281377770003")
	w.update(t, func(tx *store.Tx) error {
		_, err := tx.StartHandover(w.ctx, store.Handover{Branch: "pusat", Phone: "6281377770009", Started: testNow, Deadline: testNow.Add(time.Hour)})
		return err
	})
	addStaff(t, w.s, "tari", store.RoleTeller, "pusat")
	teller := signIn(t, w.s, "tari")

	r := getAs(t, w.s, teller, "/")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "Dasbor", `id="queues-pusat"`, "Kantor Pusat", "3 menunggu",
		`<a href="/applications">Pendaftaran anggota</a> <span class="count">2</span>`,
		`<a href="/handovers">Chat yang diserahkan ke petugas</a> <span class="count">1</span>`,
		`<a href="/loan-applications">Pengajuan pinjaman</a> <span class="count">tidak ada yang menunggu</span>`,
		`<a href="/disbursements">`, `<a href="/deposits">`, `<a href="/withdrawals">`, `<a href="/ktp">`, `<a href="/approvals">`)
	wantNoBody(t, r, `id="queues-bogor"`, "Dedi Kurnia") // another branch's work is not the teller's

	// The admin sees both; bogor's one application, and nothing else there.
	r = getOK(t, w.s, "/")
	wantBody(t, r, `id="queues-pusat"`, `id="queues-bogor"`, "Membership applications", "nothing waiting")
}

func TestDashboardCountsLoansToDisburse(t *testing.T) {
	w := newQueuesWorld(t)
	w.update(t, func(tx *store.Tx) error {
		p, err := tx.SyncProduct(w.ctx, store.Product{Code: "PIN", Kind: store.ProductPinjaman, Name: "Pinjaman", RateBP: 1200})
		if err != nil {
			return err
		}
		m, err := tx.CreateMember(w.ctx, store.Member{Branch: "bogor", No: "02.00001", Name: "Budi", Phone: "6281377770005", Status: store.MemberActive})
		if err != nil {
			return err
		}
		a, err := tx.CreateLoanApplication(w.ctx, store.LoanApplication{MemberID: m.ID, Product: p, Amount: 5_000_000, TenorMonths: 12})
		if err != nil {
			return err
		}
		_, err = coop.DecideLoanApplication(w.ctx, tx, a.ID, true, "", coop.StaffAccount("admin"), "id")
		return err
	})
	r := getOK(t, w.s, "/")
	wantBody(t, r, `<a href="/disbursements">Loans approved, not yet disbursed</a> <span class="count">1</span>`)
}

func TestApplicationsPage(t *testing.T) {
	w := newQueuesWorld(t)
	w.applicant(t, "pusat", "REG-000001", "Joko Susilo", "6281377770001")
	r := getOK(t, w.s, "/applications")
	wantBody(t, r, "REG-000001", "Joko Susilo", "3204********0001", "1990-08-17", "Male", "Jl. Merdeka 1, Bandung", "Pedagang",
		"&#43;6281377770001", `<img src="/applications/REG-000001/photo/ktp"`, `<a href="/ktp">`,
		`action="/applications/REG-000001/approve"`, `action="/applications/REG-000001/reject"`)
	wantNoBody(t, r, "3204011708900001", "/photo/selfie")

	// The photo itself: an image, from the media directory, not to be kept by the browser.
	p := getOK(t, w.s, "/applications/REG-000001/photo/ktp")
	wantHeader(t, p, "Content-Type", "image/jpeg")
	wantHeader(t, p, "Cache-Control", "no-store")
	wantStatus(t, get(t, w.s, "/applications/REG-000001/photo/other"), http.StatusNotFound)
	wantStatus(t, get(t, w.s, "/applications/REG-999999/photo/ktp"), http.StatusNotFound)
}

func TestApplicationPhotoOnlyFromTheMediaDirectory(t *testing.T) {
	w := newQueuesWorld(t)
	m := w.applicant(t, "pusat", "REG-000001", "Joko Susilo", "6281377770001")
	outside := filepath.Join(t.TempDir(), "secret.jpg")
	if err := os.WriteFile(outside, jpegHead, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{outside, filepath.Join(w.dir, "..", filepath.Base(filepath.Dir(outside)), "secret.jpg")} {
		storeRawExec(t, w.s, `UPDATE members SET ktp_photo = ? WHERE id = ?`, path, m.ID)
		wantStatus(t, get(t, w.s, "/applications/REG-000001/photo/ktp"), http.StatusNotFound)
	}
	// Inside it, but not an image: never served as one of our pages.
	text := filepath.Join(w.dir, "page.jpg")
	if err := os.WriteFile(text, []byte("<html><script>alert(1)</script></html>"), 0o600); err != nil {
		t.Fatal(err)
	}
	storeRawExec(t, w.s, `UPDATE members SET ktp_photo = ? WHERE id = ?`, text, m.ID)
	wantStatus(t, get(t, w.s, "/applications/REG-000001/photo/ktp"), http.StatusNotFound)
}

func TestApproveApplication(t *testing.T) {
	w := newQueuesWorld(t)
	w.applicant(t, "pusat", "REG-000001", "Joko Susilo", "6281377770001")
	addStaff(t, w.s, "mira", store.RoleManager, "pusat")
	mira := signIn(t, w.s, "mira")
	r := do(t, w.s, formPost("/applications/REG-000001/approve", withCSRF(nil, mira.CSRF), mira))
	wantStatus(t, r, http.StatusSeeOther)
	wantHeader(t, r, "Location", "/applications?approved=REG-000001")
	if w.woke != 1 {
		t.Errorf("the senders were woken %d times, want once", w.woke)
	}
	wantBody(t, getAs(t, w.s, mira, "/applications?approved=REG-000001"),
		"REG-000001 disetujui: Joko Susilo sekarang anggota No. 01.00001", "Tidak ada pendaftaran yang menunggu.")

	m, err := w.s.applicant(w.ctx, "REG-000001")
	if err != nil || m.Status != store.MemberActive || m.No != "01.00001" {
		t.Fatalf("after approval the member is %+v, %v", m, err)
	}
	if got := w.outbox(t, "pusat", "6281377770001"); !strings.Contains(got, "Pendaftaran Anda disetujui") || !strings.Contains(got, "01.00001") {
		t.Errorf("the applicant was told:\n%s", got)
	}
	if got := w.audited(t, "REG-000001"); len(got) != 1 || got[0] != "staff:mira application.approve web" {
		t.Errorf("the audit log says %q", got)
	}

	// Approving again is refused in the staff member's words, and changes nothing.
	r = do(t, w.s, formPost("/applications/REG-000001/approve", withCSRF(nil, mira.CSRF), mira))
	wantStatus(t, r, http.StatusConflict)
	wantBody(t, r, "Tidak dilakukan: REG-000001 tidak sedang menunggu keputusan: sudah diputuskan")
	r = do(t, w.s, formPost("/applications/REG-000001/reject", withCSRF(url.Values{"reason": {"Foto KTP buram sekali"}}, mira.CSRF), mira))
	wantStatus(t, r, http.StatusConflict)
	if got := w.audited(t, "REG-000001"); len(got) != 1 {
		t.Errorf("a refused decision is in the audit log: %q", got)
	}
}

func TestRejectApplication(t *testing.T) {
	w := newQueuesWorld(t)
	w.applicant(t, "pusat", "REG-000001", "Joko Susilo", "6281377770001")

	// Without a reason the applicant can act on: refused beside the application, nothing changed.
	r := postForm(t, w.s, "/applications/REG-000001/reject", url.Values{"reason": {"buram"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantBody(t, r, `<section class="card" id="app-REG-000001">`, "Not done: a reason the member can act on needs at least 10 letters (this one has 5)", `value="buram"`)
	if m, _ := w.s.applicant(w.ctx, "REG-000001"); m.Status != store.MemberApplicant {
		t.Fatalf("a refused rejection changed the application to %s", m.Status)
	}
	if got := w.outbox(t, "pusat", "6281377770001"); got != "" {
		t.Errorf("the applicant was told of a refused rejection:\n%s", got)
	}

	r = postForm(t, w.s, "/applications/REG-000001/reject", url.Values{"reason": {"Foto KTP buram, kirim ulang foto yang jelas"}})
	wantStatus(t, r, http.StatusSeeOther)
	wantBody(t, get(t, w.s, r.Header().Get("Location")), "REG-000001 is rejected: Joko Susilo has been told why on WhatsApp.")
	if got := w.outbox(t, "pusat", "6281377770001"); !strings.Contains(got, "Foto KTP buram, kirim ulang foto yang jelas") {
		t.Errorf("the applicant was told:\n%s", got)
	}
	if got := w.audited(t, "REG-000001"); len(got) != 1 || got[0] != "staff:admin application.reject web" {
		t.Errorf("the audit log says %q", got)
	}
	wantStatus(t, postForm(t, w.s, "/applications/REG-999999/approve", nil), http.StatusNotFound)
}

func TestApplicationsOfAnotherBranch(t *testing.T) {
	w := newQueuesWorld(t)
	w.applicant(t, "bogor", "REG-000001", "Dedi Kurnia", "6281377770003")
	addStaff(t, w.s, "mira", store.RoleManager, "pusat")
	addStaff(t, w.s, "tari", store.RoleTeller, "bogor")
	mira, tari := signIn(t, w.s, "mira"), signIn(t, w.s, "tari")

	wantNoBody(t, getAs(t, w.s, mira, "/applications"), "REG-000001", "Dedi Kurnia")
	wantStatus(t, getAs(t, w.s, mira, "/applications/REG-000001/photo/ktp"), http.StatusForbidden)
	for _, action := range []string{"approve", "reject"} {
		r := do(t, w.s, formPost("/applications/REG-000001/"+action, withCSRF(url.Values{"reason": {"Foto KTP buram sekali"}}, mira.CSRF), mira))
		wantStatus(t, r, http.StatusForbidden)
	}
	// bogor's teller sees it, and its photo, told that a manager decides; deciding is refused.
	r := getAs(t, w.s, tari, "/applications")
	wantBody(t, r, "REG-000001", "Hanya manajer atau admin yang memutuskan pendaftaran.")
	wantStatus(t, getAs(t, w.s, tari, "/applications/REG-000001/photo/ktp"), http.StatusOK)
	wantStatus(t, do(t, w.s, formPost("/applications/REG-000001/approve", withCSRF(nil, tari.CSRF), tari)), http.StatusForbidden)
	if m, _ := w.s.applicant(w.ctx, "REG-000001"); m.Status != store.MemberApplicant {
		t.Fatalf("a refused approval changed the application to %s", m.Status)
	}
}

func TestHandoversPageAndRelease(t *testing.T) {
	w := newQueuesWorld(t)
	m := w.applicant(t, "pusat", "REG-000001", "Joko Susilo", "6281377770001")
	w.update(t, func(tx *store.Tx) error {
		if _, err := tx.StartHandover(w.ctx, store.Handover{Branch: "pusat", Phone: m.Phone, MemberID: m.ID, Started: testNow, Deadline: testNow.Add(2 * time.Hour)}); err != nil {
			return err
		}
		_, err := tx.StartHandover(w.ctx, store.Handover{Branch: "bogor", Phone: "6281377770003", Started: testNow, Deadline: testNow.Add(time.Hour)})
		return err
	})
	storeRawExec(t, w.s, `INSERT INTO sessions (branch_id, phone, recent, updated_at) VALUES ('pusat', ?, ?, 1)`, m.Phone,
		string(store.RecentTexts("").Add(store.RecentText{At: testNow, Text: "saya mau bicara dengan petugas, rekening ****1234"}, 5)))
	addStaff(t, w.s, "tari", store.RoleTeller, "pusat")
	tari := signIn(t, w.s, "tari")

	r := getAs(t, w.s, tari, "/handovers")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "Joko Susilo", "REG-000001", "&#43;6281377770001", "2026-03-02 09:30", "2026-03-02 11:30",
		"saya mau bicara dengan petugas, rekening ****1234", `action="/handovers/pusat/6281377770001/release"`)
	wantNoBody(t, r, "6281377770003") // bogor's chat

	// Another branch's chat: 403, still open.
	wantStatus(t, do(t, w.s, formPost("/handovers/bogor/6281377770003/release", withCSRF(nil, tari.CSRF), tari)), http.StatusForbidden)

	r = do(t, w.s, formPost("/handovers/pusat/6281377770001/release", withCSRF(nil, tari.CSRF), tari))
	wantStatus(t, r, http.StatusSeeOther)
	wantBody(t, getAs(t, w.s, tari, r.Header().Get("Location")), "Chat &#43;6281377770001 dikembalikan ke bot", "Tidak ada chat yang menunggu petugas.")
	if got := w.outbox(t, "pusat", m.Phone); got == "" {
		t.Error("the member was not told the bot answers again")
	}
	if got := w.audited(t, m.Phone); len(got) != 1 || got[0] != "staff:tari handover.release web" {
		t.Errorf("the audit log says %q", got)
	}
	// Released already: said so, 409, nothing changed.
	r = do(t, w.s, formPost("/handovers/pusat/6281377770001/release", withCSRF(nil, tari.CSRF), tari))
	wantStatus(t, r, http.StatusConflict)
	wantBody(t, r, "sudah kembali ke bot")
}

// storeRawExec runs one SQL statement on the test server's database, for what no store
// operation does (a photo path moved out of the media directory).
func storeRawExec(t *testing.T, s *Server, q string, args ...any) {
	t.Helper()
	raw := storetest.Raw(t, s.DB)
	if _, err := raw.Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}
