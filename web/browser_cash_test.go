package web_test

import (
	"context"
	"image"
	"image/color"
	"image/png"
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

// cashSite is the back office on the demo branch with its demo members, a teller of
// pusat signed in, and the cooperative's office with a media directory.
type cashSite struct {
	t      *testing.T
	db     *store.DB
	server *web.Server
	page   *browsertest.Page
	budi   store.Account // Budi Santoso's Tabungan Sejahtera
}

func openCashSite(t *testing.T) *cashSite {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SyncDemoSetup(ctx) }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SeedDemo(ctx, "pusat", time.Now(), ""); err != nil {
		t.Fatal(err)
	}
	addStaff(t, db, coop.NewStaff{Username: "tari", Name: "Tari Wulandari", Role: store.RoleTeller, Branches: []string{"pusat"}})
	office := &coop.Office{DB: db, Now: time.Now, Language: "id", Location: time.Local, MediaDir: t.TempDir()}
	c := &cashSite{t: t, db: db, server: &web.Server{DB: db, Office: office}}
	c.budi = c.account("6281200000001", "TAB")
	c.page = browsertest.Open(t, c.server.Handler())
	c.page.SignIn("tari", staffPassword)
	return c
}

// account is the member's savings account of the product, as it stands now.
func (c *cashSite) account(phone, product string) store.Account {
	c.t.Helper()
	return web.SavingsOf(c.t, c.db, phone, product)
}

// update runs fn in a transaction, failing the test on an error.
func (c *cashSite) update(fn func(ctx context.Context, tx *store.Tx) error) {
	c.t.Helper()
	ctx := context.Background()
	if err := c.db.Update(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		c.t.Fatal(err)
	}
}

// told reports whether a message queued for Budi says want.
func (c *cashSite) told(want string) bool {
	c.t.Helper()
	ctx := context.Background()
	var out []store.OutMessage
	if err := c.db.View(ctx, func(tx *store.Tx) (err error) { out, err = tx.Queued(ctx, "pusat", 100); return }); err != nil {
		c.t.Fatal(err)
	}
	for _, m := range out {
		if m.To == "6281200000001" && strings.Contains(m.Text, want) {
			return true
		}
	}
	return false
}

// proofPhoto writes a picture of a bank transfer's receipt into the media directory.
func (c *cashSite) proofPhoto() string {
	c.t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 360, 480))
	for y := range 480 {
		for x := range 360 {
			switch {
			case y < 70:
				img.Set(x, y, color.RGBA{0x00, 0x5b, 0xaa, 0xff}) // the bank's header
			case y%40 < 12 && x > 30 && x < 330-(y%120):
				img.Set(x, y, color.RGBA{0x55, 0x55, 0x55, 0xff}) // lines of text
			default:
				img.Set(x, y, color.White)
			}
		}
	}
	path := filepath.Join(c.server.Office.MediaDir, "bukti-transfer.png")
	f, err := os.Create(path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		c.t.Fatal(err)
	}
	return path
}

// A teller verifies a transfer deposit with its proof photo: the photo shows, the deposit is
// verified, Budi's balance goes up, and he is told.
func TestBrowserCashVerifyDeposit(t *testing.T) {
	c := openCashSite(t)
	proof := c.proofPhoto()
	c.update(func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.CreateDepositRequest(ctx, store.DepositRequest{Branch: "pusat", MemberID: c.budi.MemberID, Account: c.budi, Amount: 750_000,
			TransferDate: time.Now().AddDate(0, 0, -1), SenderBank: "BCA", SenderName: "Budi Santoso", ProofPhoto: proof})
		return err
	})
	p := c.page
	p.Go("/deposits")
	p.WaitText("#deposit-1", "SET-000001")
	p.WaitText("#deposit-1", "Rp750.000")
	p.Wait(`#deposit-1 img[src="/deposits/1/proof"]`)
	p.Screenshot("deposits")
	p.Go("/deposits/1/proof")
	p.Wait("img")
	p.Screenshot("deposit-proof")

	p.Go("/deposits")
	p.Click(`#deposit-1 form[action="/deposits/1/verify"] button`)
	p.WaitText(".done", "SET-000001 diverifikasi: Rp750.000")
	p.WaitText("main", "Tidak ada setoran yang menunggu verifikasi.")
	p.Screenshot("deposit-verified")
	if got := c.account("6281200000001", "TAB").Amount(); got != c.budi.Amount()+750_000 {
		t.Errorf("Budi's balance %d, want %d", got, c.budi.Amount()+750_000)
	}
	if !c.told("Rp750.000") {
		t.Error("Budi was not told on WhatsApp")
	}
}

// A teller pays a withdrawal (four eyes off: paid at once, the balance down); with four
// eyes on, one above the limit waits for a second approval and the page says so.
func TestBrowserCashPayWithdrawal(t *testing.T) {
	c := openCashSite(t)
	for _, amount := range []int64{200_000, 1_500_000} {
		c.update(func(ctx context.Context, tx *store.Tx) error {
			if err := tx.AddHold(ctx, c.budi.ID, amount); err != nil {
				return err
			}
			_, err := tx.CreateWithdrawalRequest(ctx, store.WithdrawalRequest{Branch: "pusat", MemberID: c.budi.MemberID, Account: c.budi,
				Amount: amount, Bank: "BRI", BankAccount: "0012345678", Holder: "Budi Santoso"})
			return err
		})
	}
	p := c.page
	p.Go("/withdrawals")
	p.WaitText("#withdrawal-1", "BRI 0012345678 a.n. Budi Santoso")
	p.Screenshot("withdrawals")
	p.Click(`#withdrawal-1 form[action="/withdrawals/1/pay"] button`)
	p.WaitText(".done", "TRK-000001 dibayar: Rp200.000")
	p.Screenshot("withdrawal-paid")
	if got := c.account("6281200000001", "TAB").Amount(); got != c.budi.Amount()-200_000 {
		t.Errorf("Budi's balance %d, want %d", got, c.budi.Amount()-200_000)
	}
	if !c.told("Rp200.000") {
		t.Error("Budi was not told on WhatsApp")
	}

	c.server.Office.FourEyes = coop.FourEyes{On: true, Withdrawal: 1_000_000}
	p.Click(`#withdrawal-2 form[action="/withdrawals/2/pay"] button`)
	p.WaitText(".done", "Menunggu persetujuan kedua: APV-000001")
	p.WaitText("#withdrawal-2", "menunggu persetujuan petugas kedua: APV-000001")
	p.Screenshot("withdrawal-held")
	if got := c.account("6281200000001", "TAB").Amount(); got != c.budi.Amount()-200_000 {
		t.Errorf("held, yet Budi's balance is %d", got)
	}
}

// A teller finds Budi by his phone number at /teller, takes a cash deposit, and sees its
// receipt with the balance after.
func TestBrowserCashTellerDeposit(t *testing.T) {
	c := openCashSite(t)
	p := c.page
	p.Go("/teller")
	p.Screenshot("teller")
	p.Fill("#q", "0812-0000-0001")
	p.Click(`form[action="/teller"] button`)
	p.WaitText("#member", "Budi Santoso")
	p.Screenshot("teller-member")
	p.Fill("#deposit-amount", "150.000")
	p.Click("#op-deposit button")
	p.WaitText("#receipt", "Rp150.000")
	after := c.account("6281200000001", "TAB").Amount()
	if after != c.budi.Amount()+150_000 {
		t.Errorf("Budi's balance %d, want %d", after, c.budi.Amount()+150_000)
	}
	p.WaitText("#receipt", "Setoran tunai")
	p.WaitText("#receipt", c.budi.Number)
	p.Screenshot("teller-receipt")
	if !c.told("Rp150.000") {
		t.Error("Budi was not told on WhatsApp")
	}

	// Reloading the receipt posts nothing again.
	p.Go(p.Path())
	p.WaitText("#receipt", "Rp150.000")
	if got := c.account("6281200000001", "TAB").Amount(); got != after {
		t.Errorf("after a reload Budi's balance is %d, want %d", got, after)
	}
}
