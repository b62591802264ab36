package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// failMessage queues a message to phone in branch and fails it for good, as the sender
// does after its last try, and returns its ID.
func failMessage(t *testing.T, s *Server, branch, phone, text string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := s.DB.Update(ctx, func(tx *store.Tx) (err error) {
		if id, err = tx.Enqueue(ctx, store.OutMessage{Branch: branch, To: phone, Text: text}); err != nil {
			return err
		}
		for i := range 3 {
			if err := tx.MarkAttemptFailed(ctx, id, "server returned error 463", testNow.Add(time.Duration(i)*time.Minute), i == 2); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// outMessage reads message id from the outbox.
func outMessage(t *testing.T, s *Server, id int64) store.OutMessage {
	t.Helper()
	ctx := context.Background()
	var m store.OutMessage
	if err := s.DB.View(ctx, func(tx *store.Tx) (err error) { m, err = tx.OutMessageByID(ctx, id); return }); err != nil {
		t.Fatal(err)
	}
	return m
}

// wantAudit fails the test unless the audit log's newest line is actor doing action on subject.
func wantAudit(t *testing.T, s *Server, actor, action, subject string) {
	t.Helper()
	ctx := context.Background()
	var es []store.AuditEntry
	if err := s.DB.View(ctx, func(tx *store.Tx) (err error) { es, err = tx.Audit(ctx, store.AuditFilter{Limit: 1}); return }); err != nil {
		t.Fatal(err)
	}
	if len(es) == 0 || es[0].Actor != actor || es[0].Action != action || es[0].Subject != subject || es[0].Via != "web" {
		t.Errorf("the audit log's last line is %+v, want %s %s %s via web", es, actor, action, subject)
	}
}

// newOpsServer is a test server with a manager and a teller of pusat, and a failed
// message in pusat and in bogor.
func newOpsServer(t *testing.T) (s *Server, manager, teller coop.Session, pusat, bogor int64) {
	t.Helper()
	s, _ = newTestServer(t)
	addStaff(t, s, "mira", store.RoleManager, "pusat")
	addStaff(t, s, "tari", store.RoleTeller, "pusat")
	pusat = failMessage(t, s, "pusat", "6281234567890", "Angsuran pinjaman Anda jatuh tempo besok.")
	bogor = failMessage(t, s, "bogor", "6281299998888", "Simpanan wajib bulan ini belum dibayar.")
	return s, signIn(t, s, "mira"), signIn(t, s, "tari"), pusat, bogor
}

func TestOutboxPage(t *testing.T) {
	s, manager, teller, pusat, bogor := newOpsServer(t)
	w := getAs(t, s, manager, "/outbox")
	wantStatus(t, w, http.StatusOK)
	wantBody(t, w, "Kotak keluar", "0812••••7890", "server returned error 463", "Angsuran pinjaman Anda jatuh tempo besok.",
		`action="/outbox/`+strconv.FormatInt(pusat, 10)+`/retry"`, `action="/outbox/`+strconv.FormatInt(pusat, 10)+`/cancel"`, `id="counts-pusat"`)
	wantNoBody(t, w, "6281234567890", "Simpanan wajib bulan ini", `id="counts-bogor"`, "message-"+strconv.FormatInt(bogor, 10))

	// A teller of the branch sees the failed messages, with no buttons.
	w = getAs(t, s, teller, "/outbox")
	wantStatus(t, w, http.StatusOK)
	wantBody(t, w, "0812••••7890", "Hanya manajer atau admin")
	wantNoBody(t, w, "/retry", "/cancel")

	// An admin sees every branch.
	w = get(t, s, "/outbox")
	wantBody(t, w, "Outbox", "0812••••8888", `id="counts-bogor"`, "Retry")
}

func TestOutboxRetry(t *testing.T) {
	s, manager, _, pusat, _ := newOpsServer(t)
	woken := 0
	s.Wake = func() { woken++ }
	target := "/outbox/" + strconv.FormatInt(pusat, 10) + "/retry"
	w := do(t, s, formPost(target, withCSRF(nil, manager.CSRF), manager))
	wantStatus(t, w, http.StatusSeeOther)
	wantHeader(t, w, "Location", "/outbox?retried="+strconv.FormatInt(pusat, 10))
	if m := outMessage(t, s, pusat); m.Status != store.OutQueued || m.Attempts != 0 {
		t.Errorf("after retry the message is %s after %d tries, want queued after 0", m.Status, m.Attempts)
	}
	if woken != 1 {
		t.Errorf("the senders were woken %d times, want once", woken)
	}
	wantAudit(t, s, "staff:mira", "outbox.retry", "message "+strconv.FormatInt(pusat, 10))
	w = getAs(t, s, manager, w.Header().Get("Location"))
	wantBody(t, w, "masuk antrean lagi", "Tidak ada pesan yang gagal")
	wantBody(t, w, `<td data-label="Menunggu dikirim" class="queued">1</td>`)
}

func TestOutboxCancel(t *testing.T) {
	s, manager, _, pusat, _ := newOpsServer(t)
	s.Wake = func() { t.Error("a cancelled message woke the senders") }
	w := do(t, s, formPost("/outbox/"+strconv.FormatInt(pusat, 10)+"/cancel", withCSRF(nil, manager.CSRF), manager))
	wantStatus(t, w, http.StatusSeeOther)
	if m := outMessage(t, s, pusat); m.Status != store.OutCancelled {
		t.Errorf("after cancel the message is %s, want cancelled", m.Status)
	}
	wantAudit(t, s, "staff:mira", "outbox.cancel", "message "+strconv.FormatInt(pusat, 10))
	w = getAs(t, s, manager, w.Header().Get("Location"))
	wantBody(t, w, "dibatalkan: tidak akan dikirim", `<td data-label="Dibatalkan">1</td>`)
}

func TestOutboxRefusals(t *testing.T) {
	s, manager, teller, pusat, bogor := newOpsServer(t)
	setLanguage(t, s, manager, "en")
	post := func(sess coop.Session, id int64, what string) int {
		return do(t, s, formPost("/outbox/"+strconv.FormatInt(id, 10)+"/"+what, withCSRF(nil, sess.CSRF), sess)).Code
	}
	// A teller's form, another branch's message: 403, nothing changed.
	if got := post(teller, pusat, "retry"); got != http.StatusForbidden {
		t.Errorf("a teller's retry: %d, want 403", got)
	}
	if got := post(teller, pusat, "cancel"); got != http.StatusForbidden {
		t.Errorf("a teller's cancel: %d, want 403", got)
	}
	if got := post(manager, bogor, "retry"); got != http.StatusForbidden {
		t.Errorf("pusat's manager retrying bogor's message: %d, want 403", got)
	}
	for _, id := range []int64{pusat, bogor} {
		if m := outMessage(t, s, id); m.Status != store.OutFailed || m.Attempts != 3 {
			t.Errorf("refused forms changed message %d: %s after %d tries", id, m.Status, m.Attempts)
		}
	}

	// A message that is no longer failed: its own words, 409, nothing changed.
	if got := post(manager, pusat, "retry"); got != http.StatusSeeOther {
		t.Fatalf("the first retry: %d", got)
	}
	for _, what := range []string{"retry", "cancel"} {
		w := do(t, s, formPost("/outbox/"+strconv.FormatInt(pusat, 10)+"/"+what, withCSRF(nil, manager.CSRF), manager))
		wantStatus(t, w, http.StatusConflict)
		wantBody(t, w, "Message "+strconv.FormatInt(pusat, 10)+" has not failed (it is queued)")
	}
	if m := outMessage(t, s, pusat); m.Status != store.OutQueued {
		t.Errorf("a refused cancel changed the message: %s", m.Status)
	}
	w := do(t, s, formPost("/outbox/999/retry", withCSRF(nil, manager.CSRF), manager))
	wantStatus(t, w, http.StatusNotFound)
	wantBody(t, w, `There is no message &#34;999&#34;`)
}

// fakeJobs is the scheduler as the jobs page sees it.
type fakeJobs struct {
	runs    map[string]store.JobRun
	ran     []string // "name by", for each run that was not a dry run
	running bool
}

// List lists every job, overdue scheduled and the others off.
func (f *fakeJobs) List(context.Context) ([]JobStatus, error) {
	var out []JobStatus
	for _, name := range coop.JobNames {
		j := JobStatus{Name: name, Schedule: "off", Last: f.runs[name]}
		if name == coop.JobOverdue {
			j.Schedule, j.Next = "15 8 * * *", time.Date(2026, 3, 3, 8, 15, 0, 0, wib)
		}
		out = append(out, j)
	}
	return out, nil
}

// Run reports a dry run, or records a run by hand (refused while f.running).
func (f *fakeJobs) Run(_ context.Context, name string, dryRun bool, by coop.Actor) (JobResult, error) {
	if dryRun && name == coop.JobHousekeeping {
		return JobResult{Summary: "1 sessions ended", Report: coop.JobReport{Job: name, At: testNow, AgesAt: testNow, DryRun: true,
			Stale:  []coop.QuietSession{{Branch: "pusat", Phone: "62812****0001", Flow: "transfer", Since: testNow.Add(-time.Hour)}},
			Photos: []coop.PhotoOwner{{Verification: "KTP-000007"}, {MemberID: 12}}, SessionsEnded: 1, PhotosDeleted: 2,
			HandoversEnded: 3, InvoicesClosed: 4, MessagesPruned: 50, PhrasesPruned: 6}}, nil
	}
	if dryRun {
		return JobResult{Summary: "would queue 1", Report: coop.JobReport{Job: name, At: testNow, DryRun: true, Sent: []coop.Notice{{Branch: "pusat",
			Phone: "62812****0001", MemberNo: "0100001", Name: "Siti", Kind: "overdue-2d", Item: "PIN-01", Due: testNow.AddDate(0, 0, -2),
			Amount: 575_000, Text: "Angsuran terlambat"}}}}, nil
	}
	if f.running {
		return JobResult{}, ErrJobRunning
	}
	f.ran = append(f.ran, name+" "+string(by))
	f.runs[name] = store.JobRun{Name: name, Scheduled: testNow, Started: testNow, Finished: testNow.Add(3 * time.Second), Status: store.JobOK, Summary: "queued 1, 0 to call"}
	return JobResult{Summary: "queued 1, 0 to call"}, nil
}

// newJobsServer is a test server with fake jobs, a manager and a teller of pusat.
func newJobsServer(t *testing.T) (*Server, *fakeJobs, coop.Session, coop.Session) {
	t.Helper()
	s, _ := newTestServer(t)
	f := &fakeJobs{runs: map[string]store.JobRun{coop.JobHousekeeping: {Name: coop.JobHousekeeping, Scheduled: testNow.Add(-time.Hour),
		Started: testNow.Add(-time.Hour), Finished: testNow.Add(-time.Hour + 2*time.Second), Status: store.JobFailed, Summary: "database is locked"}}}
	s.Jobs = f
	addStaff(t, s, "mira", store.RoleManager, "pusat")
	addStaff(t, s, "tari", store.RoleTeller, "pusat")
	return s, f, signIn(t, s, "mira"), signIn(t, s, "tari")
}

func TestJobsPage(t *testing.T) {
	s, f, manager, teller := newJobsServer(t)
	w := getAs(t, s, manager, "/jobs")
	wantStatus(t, w, http.StatusOK)
	wantBody(t, w, "Tugas terjadwal", "Pengingat angsuran terlambat", "setiap hari pukul 08:15", "2026-03-03 08:15",
		"2026-03-02 08:30", "gagal", "database is locked", "lama 2s", "belum pernah", "mati: hanya dijalankan dengan tangan",
		"Hanya admin koperasi")
	wantNoBody(t, w, "/dry-run")
	wantStatus(t, getAs(t, s, teller, "/jobs"), http.StatusForbidden)
	wantStatus(t, getAs(t, s, manager, "/jobs/overdue/dry-run"), http.StatusForbidden)
	wantStatus(t, do(t, s, formPost("/jobs/overdue/run", withCSRF(nil, manager.CSRF), manager)), http.StatusForbidden)
	if len(f.ran) > 0 {
		t.Errorf("a manager ran %v", f.ran)
	}
	s.Jobs = nil
	wantBody(t, getAs(t, s, manager, "/jobs"), "tidak tersedia")
}

func TestJobDryRunThenRun(t *testing.T) {
	s, f, _, _ := newJobsServer(t)
	w := get(t, s, "/jobs")
	wantBody(t, w, `href="/jobs/overdue/dry-run"`, "every day at 08:15")
	w = get(t, s, "/jobs/overdue/dry-run")
	wantStatus(t, w, http.StatusOK)
	wantBody(t, w, "Dry run of Late installment reminders", "overdue at 2026-03-02 09:30 WIB (dry run: nothing is recorded or sent)",
		"Would queue 1:", "- Siti (0100001) 62812****0001: overdue-2d PIN-01, Rp575.000 due 2026-02-28", "    | Angsuran terlambat",
		`action="/jobs/overdue/run"`, "Run it now")
	if len(f.ran) > 0 {
		t.Fatalf("a dry run ran %v", f.ran)
	}
	admin := testSession(t, s)
	w = do(t, s, formPost("/jobs/overdue/run", withCSRF(nil, admin.CSRF), admin))
	wantStatus(t, w, http.StatusSeeOther)
	wantHeader(t, w, "Location", "/jobs?ran=overdue")
	if len(f.ran) != 1 || f.ran[0] != "overdue staff:admin" {
		t.Errorf("runs %v, want overdue by staff:admin", f.ran)
	}
	w = get(t, s, "/jobs?ran=overdue")
	wantBody(t, w, "Late installment reminders ran: ok: queued 1, 0 to call.")

	f.running = true
	w = do(t, s, formPost("/jobs/overdue/run", withCSRF(nil, admin.CSRF), admin))
	wantStatus(t, w, http.StatusConflict)
	wantBody(t, w, "is running now")
	wantStatus(t, get(t, s, "/jobs/nosuch/dry-run"), http.StatusNotFound)
	wantStatus(t, do(t, s, formPost("/jobs/nosuch/run", withCSRF(url.Values{}, admin.CSRF), admin)), http.StatusNotFound)
}

// A dry run of housekeeping lists everything the real run would do, as kopbot jobs run
// -dry-run does, in the staff member's language: Indonesian by default.
func TestJobDryRunListsEverythingInTheStaffLanguage(t *testing.T) {
	s, _, _, _ := newJobsServer(t)
	w := getIn(t, s, "id", "/jobs/housekeeping/dry-run")
	wantStatus(t, w, http.StatusOK)
	wantBody(t, w, "housekeeping pada 2026-03-02 09:30 WIB (coba: tidak ada yang dicatat atau dikirim)",
		"Akan mengakhiri 1 sesi yang diam (memberi tahu setiap anggota):", "- pusat 62812****0001 (transfer, diam sejak 2026-03-02 08:30)",
		"Akan menghapus foto KTP milik 2:", "- KTP-000007", "- pendaftaran anggota 12",
		"Akan mengembalikan 3 anggota ke bot", "menutup 4 tagihan QRIS", "melupakan 50 ID pesan", "dan 6 hitungan harian frasa")
	if strings.Contains(w.Body.String(), "Would") || strings.Contains(w.Body.String(), "quiet since") {
		t.Errorf("the Indonesian page shows the report in English:\n%s", w.Body.String())
	}
	wantBody(t, getIn(t, s, "en", "/jobs/housekeeping/dry-run"), "(dry run: nothing is recorded or sent)",
		"Would end 1 quiet sessions", "- pusat 62812****0001 (transfer, quiet since 2026-03-02 08:30)", "- application of member 12",
		"Would hand 3 members back to the bot")
}

func TestCronWords(t *testing.T) {
	en, id := staffWords["en"], staffWords["id"]
	for spec, want := range map[string]string{
		"0 8 * * *":    "every day at 08:00",
		"15 17 * * *":  "every day at 17:15",
		"*/5 * * * *":  "every 5 minutes",
		"30 * * * *":   "every hour at minute 30",
		"0 7 * * 1":    "every Monday at 07:00",
		"0 7 * * 1,4":  "every Monday and Thursday at 07:00",
		"0 6 1 * *":    "on day 1 of every month at 06:00",
		"0 6 * 1 *":    "cron schedule 0 6 * 1 *",
		"0 8-17 * * *": "cron schedule 0 8-17 * * *",
		"@daily":       "every day at 00:00",
		"off":          "off: runs only by hand",
	} {
		if got := cronWords(spec, en); got != want {
			t.Errorf("%q in words: %q, want %q", spec, got, want)
		}
	}
	if got := cronWords("0 7 * * 0", id); got != "setiap Minggu pukul 07:00" {
		t.Errorf("Sunday in Indonesian: %q", got)
	}
}
