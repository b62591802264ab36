package web_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"rsc.io/pdf"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
	"github.com/kopbot/kopbot/web"
	"github.com/kopbot/kopbot/web/browsertest"
)

// membersSite is a back office on the demo members of pusat and one member of bogor
// (02.00001), with tari (teller of pusat) and mira (manager of pusat).
func membersSite(t *testing.T) (*web.Server, *store.DB) {
	t.Helper()
	wib := time.FixedZone("WIB", 7*60*60)
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, wib)
	ctx := context.Background()
	db := storetest.Open(t)
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SyncDemoSetup(ctx); err != nil {
			return err
		}
		if err := tx.SyncBranch(ctx, store.Branch{ID: "bogor", Code: "02", Name: "Cabang Bogor"}); err != nil {
			return err
		}
		_, err := tx.CreateMember(ctx, store.Member{Branch: "bogor", No: "02.00001", NIK: "3201014101900009", Name: "Joko Bogor",
			Phone: "6281299990001", Status: store.MemberActive, JoinedAt: now.AddDate(-1, 0, 0)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SeedDemo(ctx, "pusat", now, ""); err != nil {
		t.Fatal(err)
	}
	addStaff(t, db, coop.NewStaff{Username: "tari", Name: "Tari Wulandari", Role: store.RoleTeller, Branches: []string{"pusat"}})
	addStaff(t, db, coop.NewStaff{Username: "mira", Name: "Mira Susanti", Role: store.RoleManager, Branches: []string{"pusat"}})
	clock := func() time.Time { return now }
	branches := stateBranches{{ID: "pusat", Name: "Kantor Pusat", State: "connected"}, {ID: "bogor", Name: "Cabang Bogor", State: "connected"}}
	s := &web.Server{DB: db, Branches: branches, Now: clock, Office: &coop.Office{DB: db, Now: clock, Language: "id", Location: wib,
		Cooperative: "Koperasi Simpan Pinjam Sejahtera", DefaultCeiling: 2_500_000}}
	return s, db
}

// A teller searches members by name and by phone, opens one, downloads their statement
// (a PDF, read back), and is refused another branch's member.
func TestBrowserMembersTeller(t *testing.T) {
	s, _ := membersSite(t)
	p := browsertest.Open(t, s.Handler())
	p.SignIn("tari", staffPassword)
	p.Go("/members")
	p.Screenshot("search-empty")
	p.Fill("#q", "budi")
	p.Click(`form[action="/members"] button[type=submit]`)
	p.WaitText(".members-table", "Budi Santoso")
	p.Screenshot("search-by-name")
	p.Fill("#q", "0812-0000-0002")
	p.Click(`form[action="/members"] button[type=submit]`)
	p.WaitText(".members-table", "Siti Rahmawati")
	if text := p.Text(".members-table"); !strings.Contains(text, "3204********0002") || strings.Contains(text, "3204015503880002") {
		t.Errorf("the search shows the NIK unmasked, or not at all: %q", text)
	}
	p.Screenshot("search-by-phone")
	p.Click(`.members-table a[href="/members/01.00002"]`)
	p.WaitText("h1", "01.00002 Siti Rahmawati")
	p.WaitText("main", "Pinjaman Usaha")
	p.Screenshot("member-page")

	got := p.Download(`form.members-statement button[type=submit]`)
	if got.Name != "rekening-koran-01.00002-semua-20260202-20260302.pdf" {
		t.Errorf("the statement downloads as %q", got.Name)
	}
	if !bytes.HasPrefix(got.Data, []byte("%PDF-")) || len(got.Data) < 1000 {
		t.Fatalf("the statement is not a PDF: %d bytes", len(got.Data))
	}
	if text := pdfFirstPage(t, got.Data); !strings.Contains(text, "SitiRahmawati") || !strings.Contains(text, "01.00002") {
		t.Errorf("the statement does not name the member: %q", text)
	}

	p.Go("/members/02.00001")
	p.WaitText("main", "Tidak diizinkan")
	if strings.Contains(p.Text("main"), "Joko Bogor") {
		t.Error("the 403 page shows the other branch's member")
	}
	p.Screenshot("other-branch-refused")
}

// A manager changes a member's phone (both numbers told, the page shows the new number and
// a line in the history), sees the full NIK (written in the audit log) and the leave page.
func TestBrowserMembersManager(t *testing.T) {
	s, db := membersSite(t)
	p := browsertest.Open(t, s.Handler())
	p.SignIn("mira", staffPassword)
	p.Go("/members/01.00004")
	p.Click(`details.members-change summary`)
	p.Fill("#phone", "0813 7777 0004")
	p.Screenshot("change-phone-form")
	p.Click(`form[action="/members/01.00004/phone"] button[type=submit]`)
	p.WaitText(".done", "Nomor HP diganti")
	p.WaitText("#member-phone", "+6281377770004")
	p.WaitText("main", "staff:mira")
	p.Screenshot("phone-changed")
	var told []string
	err := db.View(context.Background(), func(tx *store.Tx) error {
		msgs, err := tx.Queued(context.Background(), "pusat", 100)
		for _, m := range msgs {
			told = append(told, m.To)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(told, " "), "6281200000004") || !strings.Contains(strings.Join(told, " "), "6281377770004") {
		t.Errorf("the outbox tells %v, not both numbers", told)
	}

	p.Click(`a[href="/members/01.00004/nik"]`)
	p.WaitText(".members-nik", "3204 0164 1292 0004")
	p.Screenshot("full-nik")
	p.Go("/audit")
	p.WaitText("table", "nik.view")
	if text := p.Text("table"); !strings.Contains(text, "staff:mira") || !strings.Contains(text, "01.00004") {
		t.Errorf("the audit log does not name mira's view of 01.00004's NIK: %q", text)
	}
	p.Screenshot("audit-nik-view")

	p.Go("/members/01.00002/leave")
	p.WaitText("main", "Anggota belum bisa keluar")
	p.Screenshot("leave-shortfall")
	p.Go("/members/01.00003/leave")
	p.WaitText("main", "Dibayarkan kepada anggota")
	p.Screenshot("leave-figures")

	// On a phone: the tables scroll sideways, the forms take the width.
	p.Phone()
	p.Go("/members/01.00002")
	p.WaitText("h1", "01.00002 Siti Rahmawati")
	p.Screenshot("member-page-phone")
	p.Go("/members?q=budi")
	p.WaitText(".members-table", "Budi Santoso")
	p.Screenshot("search-phone")
}

// pdfFirstPage is the text of a PDF's first page, read back with rsc.io/pdf (which drops
// the spaces inside a cell).
func pdfFirstPage(t *testing.T, data []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || r.NumPage() == 0 {
		t.Fatalf("read the PDF back: %v", err)
	}
	var words []string
	for _, g := range r.Page(1).Content().Text {
		words = append(words, g.S)
	}
	return strings.Join(words, "")
}
