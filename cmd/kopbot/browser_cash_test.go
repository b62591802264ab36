package main

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kopbot/kopbot/bot/fakewa"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/web/browsertest"
)

// kopbot serve on demo data, as a teller of pusat uses its cash pages: a deposit Budi
// reported on WhatsApp, verified with its proof photo (kept where the bot keeps photos),
// then a cash deposit at the counter with its receipt.
func TestBrowserCashOnServe(t *testing.T) {
	config := waConfig(t)
	addTestStaff(t, config, "tari", "teller", "-branches", "pusat")
	reportDeposit(t, config, 300_000)
	srv := fakewa.New(t)
	configureWhatsApp = srv.Configure
	t.Cleanup(func() { configureWhatsApp = nil })
	p := browsertest.OpenURL(t, "http://"+serveInProcess(t, config))
	p.SignIn("tari", testStaffPassword)

	p.Go("/deposits")
	p.WaitText("#deposit-1", "Rp300.000")
	p.Wait(`#deposit-1 img[src="/deposits/1/proof"]`)
	p.Screenshot("deposits")
	p.Click(`#deposit-1 form[action="/deposits/1/verify"] button`)
	p.WaitText(".done", "SET-000001 diverifikasi: Rp300.000")
	p.Screenshot("deposit-verified")

	p.Go("/teller?q=01.00001")
	p.WaitText("#member", "Budi Santoso")
	p.Fill("#deposit-amount", "125.000")
	p.Click("#op-deposit button")
	p.WaitText("#receipt", "Setoran tunai")
	p.WaitText("#receipt", "Rp125.000")
	p.Screenshot("teller-receipt")
}

// reportDeposit records a transfer deposit into Budi's Tabungan Sejahtera as Setoran does,
// with a proof photo in the branch's media folder.
func reportDeposit(t *testing.T, config string, amount int64) {
	t.Helper()
	db, cfg := openConfigDB(t, config)
	defer db.Close()
	dir := filepath.Join(cfg.MediaDir(), "pusat")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	proof := filepath.Join(dir, "bukti.png")
	img := image.NewRGBA(image.Rect(0, 0, 240, 320))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for x := range 240 {
		for y := range 50 {
			img.Set(x, y, color.RGBA{0x00, 0x5b, 0xaa, 0xff})
		}
	}
	f, err := os.Create(proof)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ctx := context.Background()
	err = db.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByNo(ctx, "01.00001")
		if err != nil {
			return err
		}
		savings, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		if err != nil {
			return err
		}
		for _, a := range savings {
			if a.ProductCode == "TAB" {
				_, err = tx.CreateDepositRequest(ctx, store.DepositRequest{Branch: "pusat", MemberID: m.ID, Account: a, Amount: amount,
					TransferDate: time.Now().AddDate(0, 0, -1), SenderBank: "BCA", SenderName: m.Name, ProofPhoto: proof})
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
