package flows_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
)

func TestHandoverOpening(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Jakarta")
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 11, day, hour, minute, 0, 0, loc) } // 23 Nov 2026 is a Monday
	rules := flows.DefaultHandoverRules
	for _, tc := range []struct {
		now  time.Time
		open bool
		next time.Time
	}{
		{at(23, 9, 0), true, time.Time{}},
		{at(23, 8, 0), true, time.Time{}},
		{at(23, 7, 59), false, at(23, 8, 0)},
		{at(23, 16, 0), false, at(24, 8, 0)}, // closing time is closed
		{at(27, 17, 0), false, at(30, 8, 0)}, // Friday evening: Monday
		{at(28, 10, 0), false, at(30, 8, 0)}, // Saturday
		{at(29, 23, 0), false, at(30, 8, 0)}, // Sunday night
	} {
		open, next := rules.Opening(tc.now)
		if open != tc.open || !next.Equal(tc.next) {
			t.Errorf("Opening(%s) = %v, %s; want %v, %s", tc.now.Format("Mon 15:04"), open, next, tc.open, tc.next)
		}
	}
	sat := flows.HandoverRules{OfficeOpen: 8 * time.Hour, OfficeClose: 12 * time.Hour, OfficeDays: []time.Weekday{time.Saturday}, Timeout: time.Hour}
	if open, next := sat.Opening(at(28, 12, 30)); open || !next.Equal(at(28+7, 8, 0)) {
		t.Errorf("Saturdays only, Saturday after closing: %v, %s; want next Saturday 08:00", open, next)
	}
}

type handoverWorld struct {
	t   *testing.T
	ctx context.Context
	db  *store.DB
	r   *flows.Runner
	now time.Time
	n   int
}

func newHandoverWorld(t *testing.T) *handoverWorld {
	w := &handoverWorld{t: t, ctx: context.Background()}
	loc, _ := time.LoadLocation("Asia/Jakarta")
	w.now = time.Date(2026, 11, 23, 9, 0, 0, 0, loc) // a Monday, inside office hours
	clock := func() time.Time { return w.now }
	w.db = openDB(t, clock)
	if _, err := w.db.SeedDemo(w.ctx, "pusat", w.now, ""); err != nil {
		t.Fatal(err)
	}
	w.r = newRunner(t, w.db, clock)
	w.r.Admins = map[string][]string{"pusat": {adminKTP}}
	return w
}

// say sends text from phone and returns what phone was told in answer, and what the admin was.
func (w *handoverWorld) say(phone, text string) (reply, admin string) {
	w.t.Helper()
	w.n++
	w.now = w.now.Add(10 * time.Second)
	if err := w.r.Handle(w.ctx, flows.Input{Branch: "pusat", From: phone, MessageID: fmt.Sprint("H", w.n), Text: text, At: w.now}); err != nil {
		w.t.Fatal(err)
	}
	return w.delivered(phone)
}

func (w *handoverWorld) delivered(phone string) (reply, admin string) {
	w.t.Helper()
	err := w.db.Update(w.ctx, func(tx *store.Tx) error {
		queued, err := tx.Queued(w.ctx, "pusat", 1000)
		for _, m := range queued {
			switch m.To {
			case phone:
				reply += m.Text
			case adminKTP:
				admin += m.Text
			}
			if err := tx.MarkSent(w.ctx, m.ID); err != nil {
				return err
			}
		}
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return reply, admin
}

func (w *handoverWorld) open(phone string) (store.Handover, bool) {
	var h store.Handover
	err := w.db.View(w.ctx, func(tx *store.Tx) (err error) {
		h, err = tx.OpenHandover(w.ctx, "pusat", phone)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return h, false
	}
	if err != nil {
		w.t.Fatal(err)
	}
	return h, true
}

// A branch with no admins in config has nobody to tell: the member is sent to the office
// instead of waiting for an answer that would never come, and the bot keeps answering.
func TestHandoverWithoutAdmins(t *testing.T) {
	w := newHandoverWorld(t)
	w.r.Admins = map[string][]string{}
	reply, _ := w.say(budi, "hubungi petugas")
	if !strings.Contains(reply, "belum bisa dihubungi lewat WhatsApp") || !strings.Contains(reply, "datang langsung ke Kantor Pusat") {
		t.Errorf("without admins the member is told:\n%s", reply)
	}
	if _, open := w.open(budi); open {
		t.Error("a handover was opened with nobody to answer it")
	}
	if reply, _ := w.say(budi, "saldo"); !strings.Contains(reply, "Tabungan Budi Santoso") {
		t.Errorf("the bot did not answer after:\n%s", reply)
	}
}

// A member writing after the deadline, before housekeeping has ended the handover, is
// answered by the bot as usual; the handover is recorded as timed out.
func TestHandoverPastDeadlineAnswers(t *testing.T) {
	w := newHandoverWorld(t)
	if _, admin := w.say(budi, "cs"); !strings.Contains(admin, "Budi Santoso (01.00001)") {
		t.Fatalf("the admin was told:\n%s", admin)
	}
	if reply, _ := w.say(budi, "saldo"); reply != "" {
		t.Errorf("during the handover the bot answered:\n%s", reply)
	}
	h, _ := w.open(budi)
	w.now = h.Deadline
	if reply, _ := w.say(budi, "saldo"); !strings.Contains(reply, "Tabungan Budi Santoso") {
		t.Errorf("past the deadline the bot answered:\n%s", reply)
	}
	if _, open := w.open(budi); open {
		t.Error("the handover is still open past its deadline")
	}
	err := w.db.View(w.ctx, func(tx *store.Tx) error {
		_, err := coop.ReleaseHandover(w.ctx, tx, "pusat", budi, "cli", "id")
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("releasing a handover already ended: %v, want not found", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// What a member types where a PIN is asked is never kept among the texts staff are shown,
// not even masked; the rest is kept masked.
func TestRecentTextsSkipPINPrompts(t *testing.T) {
	w := newHandoverWorld(t)
	w.say(budi, "ganti pin")           // no PIN yet: asks for a new one
	w.say(budi, "246810")              // the new PIN
	w.say(budi, "246810")              // again
	w.say(budi, "rekening 0104000013") // kept, masked
	var recent []store.RecentText
	err := w.db.View(w.ctx, func(tx *store.Tx) error {
		r, err := tx.RecentOf(w.ctx, "pusat", budi)
		recent = r.List()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, r := range recent {
		texts = append(texts, r.Text)
	}
	if got := strings.Join(texts, " | "); got != "ganti pin | rekening ••••" {
		t.Errorf("recent texts: %q", got)
	}
	_, admin := w.say(budi, "hubungi petugas")
	if strings.Contains(admin, "246810") || strings.Count(admin, "••••") != 1 {
		t.Errorf("the admin was told:\n%s", admin)
	}
}
