package flows_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/qris"
	"github.com/kopbot/kopbot/store"
)

// unclean are the invisible characters text from outside must not bring into a member's reply: a
// right-to-left override and isolate, zero-width characters, a carriage return.
const unclean = "\r\u202e\u200b\u200d\u2066"

// A merchant name in a QRIS payload with a newline, a right-to-left override and zero-width characters reaches
// the member's invoice on one line and clean (the soundbox chart takes it from the same coop.MerchantName). (Tag 59 holds at most 25 characters by the
// decoder's rule, so a 3,000-character one never decodes; the cap of parse.NameMax is behind that.)
func TestQRISMerchantNameCleaned(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db := openDB(t, clock)
	seedDB(t, db, []byte("demo\nmerchant 6281200000001\n"), now)
	static := qris.Encode(&qris.Payload{Fields: []qris.Field{
		qris.NewField("00", "01"),
		qris.NewField("01", "11"),
		qris.NewTemplate("26", qris.NewField("00", "ID.CO.QRIS.WWW"), qris.NewField("01", "936008990000012345"),
			qris.NewField("02", "000001234567890"), qris.NewField("03", "UMI")),
		qris.NewTemplate("51", qris.NewField("00", "ID.CO.QRIS.WWW"), qris.NewField("02", "ID1020012345678"), qris.NewField("03", "UMI")),
		qris.NewField("52", "5812"),
		qris.NewField("53", "360"),
		qris.NewField("58", "ID"),
		qris.NewField("59", "WARUNG\nBU \u202eSITI\u200b\u200d"),
		qris.NewField("60", "BANDUNG"),
	}})
	if _, err := qris.Decode(static); err != nil {
		t.Fatalf("the test's payload: %v", err)
	}
	err := db.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, "6281200000001")
		if err != nil {
			return err
		}
		return tx.SetMerchant(ctx, m.ID, true, static)
	})
	if err != nil {
		t.Fatal(err)
	}
	r := newRunner(t, db, clock)
	r.MediaDir = t.TempDir()
	for i, text := range []string{"terima qris", "25000", "-"} {
		if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: "6281200000001", MessageID: fmt.Sprint("M", i), Text: text, At: now}); err != nil {
			t.Fatal(err)
		}
	}
	msgs := outbox(t, db)
	invoice := msgs[len(msgs)-1]
	if invoice.ImagePath == "" || !strings.HasPrefix(invoice.Text, "*QRIS WARUNG BU SITI*\n") || strings.ContainsAny(invoice.Text, unclean) {
		t.Errorf("the merchant name reached the member's invoice uncleaned: %q", invoice.Text)
	}
}

// A member imported (kopbot members import) with a newline, a right-to-left override and zero-width
// characters in their name is greeted by a clean name on one line when they link their WhatsApp; a name of
// 3,000 characters is refused at the import, naming its line, and brings in no one.
func TestImportedNameCleaned(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db := openDB(t, clock)
	const phone = "6281200009100"
	importCSV := func(name string) error {
		csv := "member_no,name,nik,birth_date,phone,address\n" +
			"01.09100,\"" + name + "\",3204014105960003,1996-05-01," + phone + ",\"Jl.\nMerdeka\u200b 1\"\n"
		return db.Update(ctx, func(tx *store.Tx) error {
			_, err := coop.ImportMembers(ctx, tx, coop.ImportFile{CSV: []byte(csv), Branch: "pusat", Today: now}, now)
			return err
		})
	}
	long := "SITI " + strings.Repeat("A", 3000)
	var refused *coop.ImportError
	if err := importCSV(long); !errors.As(err, &refused) || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "name") {
		t.Fatalf("a 3,000-character name: %v", err)
	}
	if err := importCSV("SITI\nAMINAH \u202eBINTI\u200b\u200d ALI\t"); err != nil {
		t.Fatal(err)
	}
	r := newRunner(t, db, clock)
	for i, text := range []string{"registrasi", "1", "3204014105960003", "01-05-1996"} {
		if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: phone, MessageID: fmt.Sprint("I", i), Text: text, At: now}); err != nil {
			t.Fatal(err)
		}
	}
	msgs := outbox(t, db)
	linked := msgs[len(msgs)-1].Text
	if !strings.Contains(linked, "keanggotaan SITI AMINAH BINTI ALI (No. 01.09100).") || strings.ContainsAny(linked, unclean+"\t") {
		t.Errorf("the imported name reached the member uncleaned: %q", linked)
	}
	err := db.View(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, phone)
		if err == nil && m.Address != "Jl. Merdeka 1" {
			err = fmt.Errorf("address kept as %q", m.Address)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Linking from a phone no record holds answers a member's NIK, even with its right birth date, exactly as an
// unknown NIK, three tries and all: no masked phone, nothing that tells a NIK is a member's. The branch's staff
// are told whose NIK it was; once they change the member's number (seeing the KTP), the member links from it.
func TestLinkingNIKProbeAnswersAlike(t *testing.T) {
	const memberNIK, freshNIK, admin, probe, fresh = "3204011708900001", "3204011708900002", "6281299990001", "6281377770001", "6281377770002"
	ctx := context.Background()
	clock := time.Now
	db := openDB(t, clock)
	addBudi(t, db, memberNIK)
	now := clock()
	r := newRunner(t, db, clock)
	r.Admins = map[string][]string{"pusat": {admin}}
	n := 0
	say := func(phone string, texts ...string) {
		t.Helper()
		for _, text := range texts {
			n++
			if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: phone, MessageID: fmt.Sprint("k", n), Text: text, At: now}); err != nil {
				t.Fatal(err)
			}
		}
	}
	to := func(phone string) []string {
		var said []string
		for _, m := range outbox(t, db) {
			if m.To == phone {
				said = append(said, m.Text)
			}
		}
		return said
	}
	for range 4 {
		say(probe, "registrasi", "1", memberNIK, "17-08-1990")
		say(fresh, "registrasi", "1", freshNIK, "17-08-1990")
	}
	if a, b := strings.Join(to(probe), "\n"), strings.Join(to(fresh), "\n"); a != b {
		t.Fatalf("a member's NIK is answered differently:\n%s\n---\n%s", a, b)
	}
	if said := strings.Join(to(probe), "\n"); strings.Contains(said, "9001") || strings.Contains(said, "Budi") || !strings.Contains(said, "setelah 3 kali") {
		t.Fatalf("the prober was told %q", said)
	}
	staff := to(admin)
	if len(staff) != 3 || !strings.Contains(staff[0], probe) || !strings.Contains(staff[0], "Budi Santoso (01.09001)") ||
		!strings.Contains(staff[0], "tanggal lahir yang cocok") || strings.Contains(strings.Join(staff, "\n"), fresh) {
		t.Fatalf("staff were told %q", staff)
	}
	// The member's number changed by staff: the member links from it at once.
	err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := coop.ChangePhone(ctx, tx, "01.09001", probe, coop.CLI, "id")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	say(probe, "registrasi", "1", memberNIK, "17-08-1990")
	if said := to(probe); !strings.Contains(said[len(said)-1], "Budi Santoso (No. 01.09001)") {
		t.Fatalf("the member, after staff changed their number: %q", said[len(said)-1])
	}
}

// addBudi adds member 01.09001 Budi Santoso, born 17-08-1990, with nik and phone 6281200009001.
func addBudi(t *testing.T, db *store.DB, nik string) {
	t.Helper()
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateMember(ctx, store.Member{Branch: "pusat", No: "01.09001", Name: "Budi Santoso", NIK: nik,
			BirthDate: time.Date(1990, 8, 17, 0, 0, 0, 0, time.UTC), Gender: "L", Phone: "6281200009001", Status: store.MemberActive})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// An applicant's address and occupation (typed on WhatsApp, read by staff in the application's review) keep
// one line, no invisible characters, and at most 200 characters, whatever the applicant sent.
func TestApplicantTextCleaned(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, time.Now)
	r := newRunner(t, db, time.Now)
	const phone = "6281377770009"
	applyAs(t, r, phone, "3204011708900002", "Jl. Merdeka\u202e No. 1,\nBandung\u200b "+strings.Repeat("A", 3000), "Wira\u2066swasta\r\n")
	err := db.View(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, phone)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(m.Address, "Jl. Merdeka No. 1, Bandung AAA") || utf8.RuneCountInString(m.Address) > 200 ||
			strings.ContainsAny(m.Address, unclean+"\n") || m.Occupation != "Wiraswasta" {
			return fmt.Errorf("the application keeps address %q (%d characters), occupation %q", m.Address, utf8.RuneCountInString(m.Address), m.Occupation)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// applyAs applies for membership on WhatsApp from phone as Budi Palsu, born 17-08-1990, with nik, address
// and occupation, and a KTP photo in r's media directory (a fresh one when r has none).
func applyAs(t *testing.T, r *flows.Runner, phone, nik, address, occupation string) {
	t.Helper()
	if r.MediaDir == "" {
		r.MediaDir = t.TempDir()
	}
	photo := filepath.Join(r.MediaDir, "ktp.jpg")
	if err := os.WriteFile(photo, []byte("\xff\xd8\xff\xe0 a KTP"), 0o600); err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{"daftar", "2", "Budi Palsu", nik, "17-08-1990", address, occupation, "", "setuju"} {
		in := flows.Input{Branch: "pusat", From: phone, MessageID: fmt.Sprint(phone, i), Text: text}
		if text == "" {
			in.Image = photo
		}
		if err := r.Handle(context.Background(), in); err != nil {
			t.Fatal(err)
		}
	}
}
