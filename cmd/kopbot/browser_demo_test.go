package main

import (
	"strings"
	"testing"

	"github.com/kopbot/kopbot/web/browsertest"
)

// As README's first screen says: kopbot demo, kopbot serve, open the pages and sign in as
// manajer with the printed password. Every page of the back office opens on the demo's
// data, and each queue shows the work the demo left in it, photos included. README's
// screenshots are taken from this tour (KOPBOT_ARTEFACTS=DIR keeps them in DIR/screenshots).
func TestBrowserDemoManagerSignsIn(t *testing.T) {
	config := writeConfig(t, "log:\n  level: info\n  format: json\nweb:\n  listen: 127.0.0.1:0\n")
	printed := runDemoCmd(t, config)
	password := ""
	for _, m := range demoPasswordRE.FindAllStringSubmatch(printed, -1) {
		if m[1] == demoManager {
			password = m[2]
		}
	}
	if password == "" {
		t.Fatalf("demo printed no password for %s:\n%s", demoManager, printed)
	}
	p := browsertest.OpenURL(t, "http://"+serveInProcess(t, config))
	p.SignIn(demoManager, password)
	p.Go("/")
	if strings.HasPrefix(p.Path(), "/login") {
		t.Fatalf("%s with the printed password is still at the sign-in page", demoManager)
	}
	p.WaitText("main", "Pendaftaran anggota")
	p.Screenshot("demo-manager-home")

	for _, page := range []struct{ path, says, shot string }{
		{"/applications", "Joko", "demo-applications"},
		{"/loan-applications", "Dewi", "demo-loan-applications"},
		{"/disbursements", "Agus", "demo-disbursements"},
		{"/deposits", "Budi", "demo-deposits"},
		{"/withdrawals", "Budi", "demo-withdrawals"},
		{"/ktp", "Rina Marlina", "demo-ktp-review"},
		{"/handovers", "Siti", "demo-handovers"},
		{"/approvals", "Persetujuan", "demo-approvals"},
		{"/teller?q=Budi", "Budi", "demo-teller"},
		{"/members?q=budi", "Budi", "demo-members"},
		{"/members/01.00001", "Budi", "demo-member"},
		{"/reports?name=arrears", "Jumlah tunggakan", "demo-report-arrears"},
		{"/outbox", "Kotak keluar", "demo-outbox"},
		{"/jobs", "Tugas terjadwal", "demo-jobs"},
		{"/branches", "Kantor Pusat", "demo-branches"},
		{"/audit", "Log audit", "demo-audit"},
	} {
		p.Go(page.path)
		main := p.WaitText("main", page.says)
		for _, wrong := range []string{"Tidak diizinkan", "internal error", "Tidak tersedia"} {
			if strings.Contains(main, wrong) {
				t.Errorf("%s says %q:\n%s", page.path, wrong, main)
			}
		}
		p.Screenshot(page.shot)
	}
	for _, page := range []string{"/applications", "/deposits", "/ktp"} {
		p.Go(page)
		p.Wait("main img") // the demo's KTP photo, transfer proof, KTP
	}
}
