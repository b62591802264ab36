package flows_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
)

// lockoutWorld is the demo world with an admin (adminKTP), where members with the demo PIN type PINs.
type lockoutWorld struct {
	*ktpWorld
	seen int // queued messages already read
	n    int
}

func newLockoutWorld(t *testing.T) *lockoutWorld {
	w := &lockoutWorld{ktpWorld: newKTPWorld(t)}
	for _, phone := range []string{budi, siti} {
		w.must(func(tx *store.Tx) error { return tx.SetPIN(w.ctx, w.member(phone).ID, demoPINHash(t)) })
	}
	return w
}

// say sends texts from phone and returns what was queued since, to phone and to the admin.
func (w *lockoutWorld) say(phone string, texts ...string) (member, admin string) {
	w.t.Helper()
	for _, text := range texts {
		w.n++
		if err := w.r.Handle(w.ctx, flows.Input{Branch: "pusat", From: phone, MessageID: fmt.Sprintf("M%d", w.n), Text: text, At: w.now}); err != nil {
			w.t.Fatal(err)
		}
	}
	var to, ad []string
	err := w.db.View(w.ctx, func(tx *store.Tx) error {
		queued, err := tx.Queued(w.ctx, "pusat", 1_000_000)
		for _, m := range queued[w.seen:] {
			switch m.To {
			case phone:
				to = append(to, m.Text)
			case adminKTP:
				ad = append(ad, m.Text)
			}
		}
		w.seen = len(queued)
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return strings.Join(to, "\n"), strings.Join(ad, "\n")
}

func (w *lockoutWorld) member(phone string) store.Member {
	var m store.Member
	err := w.db.View(w.ctx, func(tx *store.Tx) (err error) {
		m, err = tx.MemberByPhone(w.ctx, phone)
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return m
}

// Three wrong PINs lock a member out for the PIN lock (30 minutes here), the next three
// for four times that, the next three until staff reset the PIN: the member is told each
// time, and so are the branch's admins. The count survives (it is in the database) and a
// right PIN between lockouts starts it again; a staff reset unlocks.
func TestPINLockoutsEscalateAndStaffAreTold(t *testing.T) {
	w := newLockoutWorld(t)
	wrong := []string{"ganti pin", "000000", "999999", "111111"}

	member, admin := w.say(budi, wrong...)
	if !strings.Contains(member, "Coba lagi setelah pukul 09.30") {
		t.Errorf("first lockout, the member reads:\n%s", member)
	}
	if !strings.Contains(admin, "Budi Santoso (No. 01.00001") || !strings.Contains(admin, "penguncian ke-1") || !strings.Contains(admin, "pukul 09.30") {
		t.Errorf("first lockout, the admin reads:\n%s", admin)
	}

	w.now = w.now.Add(31 * time.Minute)
	member, admin = w.say(budi, wrong...)
	if !strings.Contains(member, "Coba lagi setelah pukul 11.31") {
		t.Errorf("second lockout, the member reads (want 2 hours):\n%s", member)
	}
	if !strings.Contains(admin, "penguncian ke-2") {
		t.Errorf("second lockout, the admin reads:\n%s", admin)
	}

	w.now = w.now.Add(2*time.Hour + time.Minute)
	member, admin = w.say(budi, wrong...)
	if !strings.Contains(member, "hanya bisa dibuka oleh petugas") || strings.Contains(member, "Coba lagi setelah") {
		t.Errorf("third lockout, the member reads:\n%s", member)
	}
	if !strings.Contains(admin, "penguncian ke-3") || !strings.Contains(admin, "sampai direset petugas") {
		t.Errorf("third lockout, the admin reads:\n%s", admin)
	}
	w.now = w.now.AddDate(0, 1, 0)
	if member, _ = w.say(budi, "ganti pin", flows.DemoPIN); !strings.Contains(member, "hanya bisa dibuka oleh petugas") {
		t.Errorf("a month later, the right PIN gets:\n%s", member)
	}
	if m := w.member(budi); m.PINLockouts != 3 {
		t.Errorf("Budi has %d lockouts recorded, want 3", m.PINLockouts)
	}

	// A staff reset unlocks: the member sets a new PIN and the count starts again.
	err := w.db.Update(w.ctx, func(tx *store.Tx) error { return tx.SetPIN(w.ctx, w.member(budi).ID, "") })
	if err != nil {
		t.Fatal(err)
	}
	if m := w.member(budi); m.PINLockouts != 0 || m.PINLockedUntil.After(w.now) {
		t.Errorf("after a reset Budi has %d lockouts, locked until %v", m.PINLockouts, m.PINLockedUntil)
	}

	// A right PIN between lockouts starts the count again: Siti's next lockout is a first.
	w.say(siti, wrong...)
	w.now = w.now.Add(31 * time.Minute)
	if member, _ = w.say(siti, "ganti pin", flows.DemoPIN); !strings.Contains(member, "PIN baru") {
		t.Fatalf("Siti's right PIN after the lock:\n%s", member)
	}
	member, admin = w.say(siti, append([]string{"batal"}, wrong...)...)
	if !strings.Contains(admin, "penguncian ke-1") || !strings.Contains(member, "Coba lagi setelah pukul") {
		t.Errorf("after a right PIN, Siti's next lockout is not a first one:\n%s\n%s", member, admin)
	}
}
