package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
	"github.com/kopbot/kopbot/web"
	"github.com/kopbot/kopbot/web/browsertest"
)

// queuesSite is a back office on a fresh database: branches pusat and bogor, a teller of
// pusat (tari), a manager of both (mira), and Joko's membership application at pusat with
// a KTP photo (a red card) in the media directory.
type queuesSite struct {
	db  *store.DB
	url string
}

var queuesNow = time.Date(2026, 3, 2, 9, 30, 0, 0, time.FixedZone("WIB", 7*60*60))

func newQueuesSite(t *testing.T) queuesSite {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	db.Now = func() time.Time { return queuesNow }
	media := t.TempDir()
	photo := filepath.Join(media, "ktp-REG-000001.jpg")
	writeRedCard(t, photo)
	err := db.Update(ctx, func(tx *store.Tx) error {
		for _, b := range []store.Branch{{ID: "pusat", Code: "01", Name: "Kantor Pusat"}, {ID: "bogor", Code: "02", Name: "Cabang Bogor"}} {
			if err := tx.SyncBranch(ctx, b); err != nil {
				return err
			}
		}
		_, err := tx.CreateMember(ctx, store.Member{Branch: "pusat", RegNo: "REG-000001", NIK: "3204011708900001", Name: "Joko Susilo",
			Phone: "6281377770001", BirthDate: time.Date(1990, 8, 17, 0, 0, 0, 0, time.UTC), Gender: "L", Address: "Jl. Merdeka 1, Bandung",
			Occupation: "Pedagang", Status: store.MemberApplicant, KTPPhoto: photo, ConsentAt: queuesNow})
		if err != nil {
			return err
		}
		_, err = tx.StartHandover(ctx, store.Handover{Branch: "pusat", Phone: "6281377770002", Started: queuesNow.Add(-20 * time.Minute), Deadline: queuesNow.Add(2 * time.Hour)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	addStaff(t, db, coop.NewStaff{Username: "tari", Name: "Tari Lestari", Role: store.RoleTeller, Branches: []string{"pusat"}})
	addStaff(t, db, coop.NewStaff{Username: "mira", Name: "Mira Santika", Role: store.RoleManager, Branches: []string{"pusat", "bogor"}})
	s := &web.Server{
		DB:       db,
		Branches: stateBranches{{ID: "pusat", Name: "Kantor Pusat", State: "connected"}, {ID: "bogor", Name: "Cabang Bogor", State: "connected"}},
		Now:      func() time.Time { return queuesNow },
		Office:   &coop.Office{DB: db, Now: func() time.Time { return queuesNow }, Language: "id", Location: queuesNow.Location(), MediaDir: media},
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return queuesSite{db: db, url: srv.URL}
}

// writeRedCard writes a KTP-sized red JPEG, a photo the page can be seen to show.
func writeRedCard(t *testing.T, path string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 428, 270))
	for y := range 270 {
		for x := range 428 {
			img.Set(x, y, color.RGBA{R: 220, A: 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// wantRed fails unless the middle of the screenshot shot (PNG) is red: the photo is shown.
func wantRed(t *testing.T, shot []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	r, g, bl, _ := img.At((b.Min.X+b.Max.X)/2, (b.Min.Y+b.Max.Y)/2).RGBA()
	if r>>8 < 180 || g>>8 > 60 || bl>>8 > 60 {
		t.Errorf("the KTP photo on the page is not the photo sent: its middle is rgb(%d, %d, %d)", r>>8, g>>8, bl>>8)
	}
}

// A teller and a manager each see what waits at their branches on the dashboard.
func TestBrowserQueuesDashboard(t *testing.T) {
	site := newQueuesSite(t)
	p := browsertest.OpenURL(t, site.url)
	p.SignIn("tari", staffPassword)
	p.Go("/")
	p.WaitText("#queues-pusat", "2 menunggu")
	p.WaitText("#queues-pusat", "Pendaftaran anggota\n1")
	p.WaitText("#queues-pusat", "Chat yang diserahkan ke petugas\n1")
	p.WaitText("#queues-pusat", "Pengajuan pinjaman\ntidak ada yang menunggu")
	if got := p.Text("main"); strings.Contains(got, "Cabang Bogor") {
		t.Errorf("pusat's teller sees bogor on the dashboard:\n%s", got)
	}
	p.Screenshot("dashboard-teller")

	m := browsertest.OpenURL(t, site.url)
	m.SignIn("mira", staffPassword)
	m.Go("/")
	m.WaitText("#queues-bogor", "Tidak ada yang menunggu di cabang ini.")
	m.WaitText("#queues-pusat", "Pendaftaran anggota\n1")
	m.WaitText("nav", "Laporan")
	m.Screenshot("dashboard-manager")
	m.Click(`#queues-pusat a[href="/applications"]`)
	m.WaitText("#app-REG-000001", "Joko Susilo")
}

// A teller sees an application with its KTP photo and cannot approve it; a manager
// approves it, and the applicant is a member after.
func TestBrowserApproveApplication(t *testing.T) {
	site := newQueuesSite(t)
	p := browsertest.OpenURL(t, site.url)
	p.SignIn("tari", staffPassword)
	p.Go("/applications")
	p.WaitText("#app-REG-000001", "3204********0001")
	p.WaitText("main", "Hanya manajer atau admin yang memutuskan pendaftaran.")
	wantRed(t, p.Element("#app-REG-000001 .photos img"))
	p.Screenshot("application-teller")
	p.Click("#app-REG-000001 button.approve")
	p.WaitText("main", "Tidak diizinkan")
	p.Screenshot("application-teller-refused")

	m := browsertest.OpenURL(t, site.url)
	m.SignIn("mira", staffPassword)
	m.Go("/applications")
	m.WaitText("#app-REG-000001", "Jl. Merdeka 1, Bandung")
	wantRed(t, m.Element("#app-REG-000001 .photos img"))
	m.Screenshot("application-before")
	m.Click("#app-REG-000001 button.approve")
	m.WaitText(".done", "REG-000001 disetujui: Joko Susilo sekarang anggota No. 01.00001")
	m.WaitText("main", "Tidak ada pendaftaran yang menunggu.")
	m.Screenshot("application-approved")

	ctx := context.Background()
	err := site.db.View(ctx, func(tx *store.Tx) error {
		mem, err := tx.MemberByNo(ctx, "01.00001")
		if err == nil && (mem.Status != store.MemberActive || mem.Name != "Joko Susilo") {
			t.Errorf("after approval member 01.00001 is %s, %s", mem.Name, mem.Status)
		}
		return err
	})
	if err != nil {
		t.Fatalf("the approved applicant is no member: %v", err)
	}
}

// A teller hands a chat a member gave to staff back to the bot.
func TestBrowserReleaseHandover(t *testing.T) {
	site := newQueuesSite(t)
	p := browsertest.OpenURL(t, site.url)
	p.SignIn("tari", staffPassword)
	p.Go("/")
	p.Click(`#queues-pusat a[href="/handovers"]`)
	p.WaitText("main", "+6281377770002")
	p.Screenshot("handovers")
	p.Click("main form.decide button")
	p.WaitText(".done", "Chat +6281377770002 dikembalikan ke bot")
	p.WaitText("main", "Tidak ada chat yang menunggu petugas.")
	p.Screenshot("handovers-released")
}
