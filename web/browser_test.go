package web_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
	"github.com/kopbot/kopbot/web"
	"github.com/kopbot/kopbot/web/browsertest"
)

func TestMain(m *testing.M) {
	coop.CheapPasswordHashesForTests() // coop's tests check the real cost
	os.Exit(browsertest.Main(m))
}

const staffPassword = "kata-sandi-rahasia"

// addStaff adds a staff account with staffPassword, as kopbot staff add does.
func addStaff(t *testing.T, db *store.DB, n coop.NewStaff) {
	t.Helper()
	n.Password = staffPassword
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := coop.AddStaff(context.Background(), tx, n, coop.CLI)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// stateBranches is the bot's boundary with a branch in each state a branch page shows.
type stateBranches []web.BranchStatus

func (s stateBranches) Status(context.Context) []web.BranchStatus               { return s }
func (stateBranches) WantQR(context.Context, string)                            {}
func (stateBranches) PairPhone(context.Context, string, string) (string, error) { return "", nil }

// Each state of a branch in plain words, in a real browser, with a screenshot of each page.
func TestBrowserBranchStates(t *testing.T) {
	since := time.Date(2026, 3, 2, 1, 15, 0, 0, time.UTC)
	branches := stateBranches{
		{ID: "pusat", Name: "Kantor Pusat", State: "connected", Phone: "6281200000099", Since: since, OutboxQueued: 3},
		{ID: "bogor", Name: "Cabang Bogor", State: "unpaired", Problem: "unreachable", Since: since,
			Detail: "Not paired, and no QR code can be had: cannot reach WhatsApp: dial tcp: lookup web.whatsapp.com: no such host. Trying again in 4s."},
		{ID: "depok", Name: "Cabang Depok", State: "disconnected", Problem: "unreachable", Phone: "6281200000098", Since: since,
			Detail: "cannot reach WhatsApp: dial tcp: i/o timeout. Trying again in 1m0s."},
		{ID: "bekasi", Name: "Cabang Bekasi", State: "unpaired", Problem: "qr_paused", QRPaused: true, Since: since,
			Detail: "Not paired. Nobody scanned the last QR codes."},
		{ID: "bandung", Name: "Cabang Bandung", State: "logged_out", Since: since, Detail: "The phone removed this device (logged out)."},
		{ID: "garut", Name: "Cabang Garut", State: "banned", Phone: "6281200000097", Since: since, BannedUntil: since.Add(26 * time.Hour),
			Detail: "WhatsApp blocked this number for a while (101)."},
		{ID: "sukabumi", Name: "Cabang Sukabumi", State: "outdated", Phone: "6281200000096", Since: since,
			Detail: "WhatsApp refuses this kopbot as outdated (whatsmeow v0.0.0)."},
		{ID: "cirebon", Name: "Cabang Cirebon", State: "replaced", Phone: "6281200000095", Since: since},
	}
	wib := time.FixedZone("WIB", 7*60*60)
	db := storetest.Open(t)
	addStaff(t, db, coop.NewStaff{Username: "rudi", Name: "Rudi Hartono", Role: store.RoleAdmin})
	s := &web.Server{DB: db, Branches: branches, Now: func() time.Time { return since.Add(time.Hour).In(wib) }}
	p := browsertest.Open(t, s.Handler())
	p.SignIn("rudi", staffPassword)
	p.Go("/branches")
	p.WaitText("#branch-bogor", "Server ini tidak bisa menghubungi WhatsApp: periksa koneksi internetnya.")
	p.Screenshot("branches")

	for _, c := range []struct{ id, says string }{
		{"pusat", "Terhubung: pesan anggota dijawab (sejak 2026-03-02 08:15, nomor +6281200000099)"},
		{"bogor", "Server ini tidak bisa menghubungi WhatsApp: periksa koneksi internetnya. kopbot mencoba lagi sendiri."},
		{"depok", "Server ini tidak bisa menghubungi WhatsApp"},
		{"bekasi", "kode QR dijeda karena tidak ada yang memindai"},
		{"bandung", "HP cabang menghapus perangkat ini: tautkan lagi"},
		{"garut", "WhatsApp memblokir pengiriman untuk sementara sampai 2026-03-03 10:15"},
		{"sukabumi", "WhatsApp menolak versi kopbot ini karena usang: perbarui kopbot"},
		{"cirebon", "kopbot lain memakai nomor ini"},
	} {
		p.Go("/branches/" + c.id)
		p.WaitText("#state", c.says)
		p.Screenshot("branch-" + c.id)
	}

	p.Go("/branches/bogor")
	p.Click(`button[name="lang"]`)
	p.WaitText("#state", "This server cannot reach WhatsApp: check its internet connection. kopbot keeps trying by itself.")
	p.Go("/branches")
	p.WaitText("#branch-garut", "WhatsApp has temporarily blocked sending until 2026-03-03 10:15")
	p.Screenshot("branches-english")
}
