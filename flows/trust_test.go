package flows_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// Registration answers a NIK that is a member's exactly as one that is not, so nobody can test NIKs for
// membership; the branch's staff hear the difference, and the application cannot be approved into a second
// member with that NIK.
func TestRegistrationNIKProbeAnswersAlike(t *testing.T) {
	db := openDB(t, time.Now)
	ctx := context.Background()
	const memberNIK, freshNIK, admin = "3204011708900001", "3204011708900002", "6281299990001"
	addBudi(t, db, memberNIK)
	r := newRunner(t, db, time.Now)
	r.Admins = map[string][]string{"pusat": {admin}}
	regNo := regexp.MustCompile(`REG-\d+`)
	apply := func(phone, nik string) []string {
		t.Helper()
		applyAs(t, r, phone, nik, "Jl. Merdeka No. 1, Bandung", "Wiraswasta")
		var said []string
		for _, m := range outbox(t, db) {
			if m.To == phone {
				said = append(said, regNo.ReplaceAllString(m.Text, "REG-N"))
			}
		}
		return said
	}
	probe, fresh := apply("6281377770001", memberNIK), apply("6281377770002", freshNIK)
	if strings.Join(probe, "\n") != strings.Join(fresh, "\n") {
		t.Fatalf("a member's NIK is answered differently:\n%s\n---\n%s", strings.Join(probe, "\n"), strings.Join(fresh, "\n"))
	}
	if len(probe) != 9 {
		t.Fatalf("%d replies: %q", len(probe), probe)
	}
	var toStaff []string
	for _, m := range outbox(t, db) {
		if m.To == admin {
			toStaff = append(toStaff, m.Text)
		}
	}
	if len(toStaff) != 2 || !strings.Contains(toStaff[0], "sudah dimiliki anggota 01.09001") || strings.Contains(toStaff[1], "dimiliki") {
		t.Fatalf("staff were told %q", toStaff)
	}
	// The flagged application cannot make a second member with the NIK; the other is approved.
	var probeApp, freshApp store.Member
	err := db.Update(ctx, func(tx *store.Tx) error {
		var err error
		if probeApp, err = tx.MemberByPhone(ctx, "6281377770001"); err != nil {
			return err
		}
		if freshApp, err = tx.MemberByPhone(ctx, "6281377770002"); err != nil {
			return err
		}
		if _, err := coop.ApproveApplication(ctx, tx, probeApp.RegNo, coop.CLI, "id"); !errors.Is(err, coop.NIKTaken) {
			return fmt.Errorf("approving the application with a member's NIK: %v", err)
		}
		_, err = coop.ApproveApplication(ctx, tx, freshApp.RegNo, coop.CLI, "id")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Wrong NIK and birth date pairs while linking are counted in the store: neither "batal", a new session nor a
// restart (a new Runner on the same database) gives a phone three more tries; a day later it may try again.
func TestLinkingAttemptsSurviveNewSessions(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db := openDB(t, clock)
	ctx := context.Background()
	const phone = "6281200009002"
	err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateMember(ctx, store.Member{Branch: "pusat", No: "01.09002", Name: "Siti Aminah", NIK: "3204014105960003",
			BirthDate: time.Date(1996, 5, 1, 0, 0, 0, 0, time.UTC), Gender: "P", Phone: phone, Status: store.MemberActive})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	say := func(r *flows.Runner, texts ...string) string {
		t.Helper()
		for _, text := range texts {
			n++
			if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: phone, MessageID: fmt.Sprint("l", n), Text: text, At: now}); err != nil {
				t.Fatal(err)
			}
		}
		msgs := outbox(t, db)
		return msgs[len(msgs)-1].Text
	}
	const wrongNIK, wrongBirth = "3204011708900001", "17-08-1990"
	r := newRunner(t, db, clock)
	if got := say(r, "registrasi", "1", wrongNIK, wrongBirth, wrongNIK, wrongBirth); !strings.Contains(got, "tidak cocok") {
		t.Fatalf("second wrong pair: %q", got)
	}
	say(r, "batal")
	r = newRunner(t, db, clock) // a restart
	if got := say(r, "registrasi", "1", wrongNIK, wrongBirth); !strings.Contains(got, "setelah 3 kali percobaan") {
		t.Fatalf("third wrong pair, in a new session after a restart: %q", got)
	}
	if got := say(r, "registrasi", "1"); !strings.Contains(got, "setelah 3 kali percobaan") {
		t.Fatalf("a fourth try: %q", got)
	}
	now = now.Add(25 * time.Hour)
	if got := say(r, "registrasi", "1", "3204014105960003", "01-05-1996"); !strings.Contains(got, "Siti Aminah") {
		t.Fatalf("the right pair a day later: %q", got)
	}
}

// A QRIS payer name of 3,000 characters with a newline, a right-to-left override and zero-width characters
// reaches the member's receipt capped and cleaned.
func TestQRISPayerNameCappedAndCleaned(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db := openDB(t, clock)
	seedDB(t, db, []byte("demo\nmerchant 6281200000001\n"), now)
	r := newRunner(t, db, clock)
	r.MediaDir = t.TempDir()
	for i, text := range []string{"terima qris", "25000", "-"} {
		if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: "6281200000001", MessageID: fmt.Sprint("P", i), Text: text, At: now}); err != nil {
			t.Fatal(err)
		}
	}
	payer := "ANI\nTransfer gagal, kirim PIN ke 0812\u202eXX\u200b" + strings.Repeat("A", 3000)
	if _, err := r.Office().SettleQRIS(ctx, coop.QRISPayment{Reference: "QR-000001", Amount: 25000, PaidAt: now, PayerName: payer,
		Issuer: "GO\u200bPAY\r\n", TransactionID: "T1"}); err != nil {
		t.Fatal(err)
	}
	msgs := outbox(t, db)
	receipt := msgs[len(msgs)-1].Text
	if !strings.Contains(receipt, "ANI Transfer gagal, kirim PIN ke 0812XX") || !strings.Contains(receipt, "GOPAY") {
		t.Fatalf("receipt %q", receipt)
	}
	if strings.Contains(receipt, strings.Repeat("A", parse.NameMax)) || strings.ContainsAny(receipt, "\u202e\u200b\r") ||
		utf8.RuneCountInString(receipt) > 1000 {
		t.Errorf("the payer name reached the receipt uncapped or uncleaned (%d characters): %q", utf8.RuneCountInString(receipt), receipt)
	}
}
