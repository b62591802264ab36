package main

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/kopbot/kopbot/bot/fakewa"
	"github.com/kopbot/kopbot/web/browsertest"
)

// kopbot serve in a real browser, paired as a branch admin pairs it: sign in, open the
// branch, point the branch's phone (the fake WhatsApp's) at the QR code on the screen, and
// watch the page turn to connected by itself.
func TestBrowserPairFromTheBranchPage(t *testing.T) {
	srv := fakewa.New(t)
	configureWhatsApp = srv.Configure
	t.Cleanup(func() { configureWhatsApp = nil })
	p := browsertest.OpenURL(t, "http://"+serveInProcess(t, waConfig(t)))

	p.Go("/branches/pusat")
	if !strings.HasPrefix(p.Path(), "/login") {
		t.Fatalf("without signing in the branch page opened at %s, want the sign-in page", p.Path())
	}
	p.Screenshot("sign-in")
	p.SignIn("admin", testStaffPassword)
	p.Go("/branches")
	p.WaitText("#branch-pusat", "Belum ditautkan: pindai kode QR dengan HP cabang")
	p.Screenshot("branches-unpaired")

	p.Click(`#branch-pusat a.button`)
	p.Wait("img.qr")
	p.WaitText("main", "Pindai untuk menautkan")
	p.Screenshot("branch-qr")
	code := readQR(t, p.Element("img.qr"))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := srv.Scan(ctx, code, branchNumber); err != nil {
		t.Fatalf("the branch's phone scanned the code on the screen: %v", err)
	}

	// Nobody touches the page: it reloads itself until the branch is connected.
	state := p.WaitText("#state", "Terhubung: pesan anggota dijawab")
	if !strings.Contains(state, "+"+branchNumber) {
		t.Errorf("the connected branch's page does not name its number +%s:\n%s", branchNumber, state)
	}
	p.WaitGone("img.qr")
	p.Screenshot("branch-connected")
	p.Go("/branches")
	p.WaitText("#branch-pusat", "Terhubung")
	p.Screenshot("branches-connected")
}

// A server without internet says so in plain words on the branch page, keeps the network
// error folded away, and a phone code asked for meanwhile says WhatsApp cannot be reached.
func TestBrowserBranchPageWithoutInternet(t *testing.T) {
	srv := fakewa.NewServer(nil)
	configureWhatsApp = srv.Configure
	srv.Close() // every connection to WhatsApp is refused from now on
	t.Cleanup(func() { configureWhatsApp = nil })
	p := browsertest.OpenURL(t, "http://"+serveInProcess(t, waConfig(t)))
	p.SignIn("admin", testStaffPassword)

	p.Go("/branches/pusat")
	const plain = "Server ini tidak bisa menghubungi WhatsApp: periksa koneksi internetnya."
	state := p.WaitText("#state", plain)
	if strings.Contains(state, "dial") || strings.Contains(state, "cannot reach WhatsApp") {
		t.Errorf("the network error shows before anyone asks for it:\n%s", state)
	}
	p.Screenshot("branch-unreachable")
	p.Click("#state details summary")
	p.WaitText("#state details", "cannot reach WhatsApp")
	p.Screenshot("branch-unreachable-detail")

	p.Fill("#phone", "0811-0000-0001")
	p.Click(`form[action$="/pair-phone"] button`)
	p.WaitText(".error", "Server ini tidak bisa menghubungi WhatsApp: periksa koneksi internetnya. Kode penautan baru bisa diminta")
	if text := p.Text("main"); strings.Contains(text, "tidak menerima nomor") {
		t.Errorf("a phone code asked for without internet blames the number:\n%s", text)
	}
	p.Screenshot("pair-phone-unreachable")

	p.Click(`button[name="lang"]`)
	p.WaitText("#state", "This server cannot reach WhatsApp: check its internet connection.")
	p.Screenshot("branch-unreachable-english")
}

// readQR decodes the QR code in a picture of the screen, as a phone's camera reads it.
func readQR(t *testing.T, picture []byte) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(picture))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		// gozxing's finder misplaces the alignment pattern of about one code in 250
		// (NotFoundException, a point outside the picture) where a phone simply reads the
		// next frame; the picture is the server's own, square and upright, so read it as
		// such before calling the code unreadable.
		pure := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true}
		if res, err = qrcode.NewQRCodeReader().Decode(bmp, pure); err != nil {
			t.Fatalf("the QR code on the screen does not read: %v", err)
		}
	}
	return res.GetText()
}
