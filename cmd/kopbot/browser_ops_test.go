package main

import (
	"strings"
	"testing"

	"github.com/kopbot/kopbot/bot/fakewa"
	"github.com/kopbot/kopbot/web/browsertest"
)

// On kopbot serve with the demo data, an admin looks at the scheduled jobs, asks for a dry
// run of the installment reminders (nothing sent), then runs the job from that page; the
// jobs page shows the run, and the audit log names the admin.
func TestBrowserJobDryRunThenRun(t *testing.T) {
	srv := fakewa.NewServer(nil)
	configureWhatsApp = srv.Configure
	srv.Close() // no WhatsApp: the job queues, nothing is sent
	t.Cleanup(func() { configureWhatsApp = nil })
	p := browsertest.OpenURL(t, "http://"+serveInProcess(t, waConfig(t)))
	p.SignIn("admin", testStaffPassword)
	p.Go("/jobs")
	p.WaitText("#job-installment-due", "setiap hari pukul 08:00")
	p.WaitText("#job-day-close", "Tutup hari")
	p.Screenshot("jobs")

	p.Click(`#job-installment-due a.button`)
	report := p.WaitText("#dry-run", "coba: tidak ada yang dicatat atau dikirim") // in the staff member's language
	if !strings.Contains(report, "Akan diantrekan") {
		t.Errorf("the dry run does not say what it would queue:\n%s", report)
	}
	p.Screenshot("job-dry-run")

	p.Click("#run-now button")
	ran := p.WaitText("#ran", "Pengingat angsuran jatuh tempo sudah dijalankan: berhasil: queued")
	if strings.Contains(ran, "would queue") {
		t.Errorf("the run says what it would do, not what it did: %s", ran)
	}
	p.WaitText("#job-installment-due .last", "berhasil")
	p.Screenshot("job-ran")

	p.Go("/audit")
	p.WaitText("main", "job.run")
	p.Screenshot("job-run-audited")
}
