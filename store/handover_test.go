package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// A chat has one open handover at a time; it is listed, counted as pending work, found
// past its deadline, and ended once.
func TestHandoverLifecycle(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var budi store.Member
	mustUpdate(t, db, func(tx *store.Tx) (err error) {
		budi, err = tx.CreateMember(ctx, store.Member{Branch: "pusat", No: "01.00001", Name: "Budi Santoso", Phone: "6281200000001", Status: store.MemberActive})
		return err
	})
	mustUpdate(t, db, func(tx *store.Tx) error {
		return tx.SaveSession(ctx, store.Session{Branch: "pusat", Phone: budi.Phone}, testNow)
	})
	var h store.Handover
	mustUpdate(t, db, func(tx *store.Tx) (err error) {
		if h, err = tx.StartHandover(ctx, store.Handover{Branch: "pusat", Phone: budi.Phone, MemberID: budi.ID, Started: testNow, Deadline: testNow.Add(4 * time.Hour)}); err != nil {
			return err
		}
		_, err = tx.StartHandover(ctx, store.Handover{Branch: "pusat", Phone: "6281377770001", Started: testNow.Add(time.Minute), Deadline: testNow.Add(time.Hour)})
		return err
	})
	mustUpdate(t, db, func(tx *store.Tx) error {
		if _, err := tx.StartHandover(ctx, store.Handover{Branch: "pusat", Phone: budi.Phone, Started: testNow, Deadline: testNow.Add(time.Hour)}); err == nil {
			t.Error("a second open handover of the same chat was stored")
		}
		return nil
	})
	mustView(t, db, func(tx *store.Tx) error {
		got, err := tx.OpenHandover(ctx, "pusat", budi.Phone)
		if err != nil {
			return err
		}
		if got.ID != h.ID || got.Name != "Budi Santoso" || got.MemberNo != "01.00001" || !got.Open() || !got.Deadline.Equal(testNow.Add(4*time.Hour)) {
			t.Errorf("open handover = %+v", got)
		}
		all, err := tx.OpenHandovers(ctx, "", -1)
		if err != nil {
			return err
		}
		if len(all) != 2 || all[0].Phone != budi.Phone || all[1].Name != "" || all[1].MemberID != 0 {
			t.Errorf("open handovers = %+v", all)
		}
		due, err := tx.HandoversDue(ctx, testNow.Add(time.Hour), 10)
		if err != nil {
			return err
		}
		if len(due) != 1 || due[0].Phone != "6281377770001" {
			t.Errorf("due after an hour = %+v, want the non-member's only", due)
		}
		// The session says so, so that the runner need not ask.
		s, err := tx.Session(ctx, "pusat", budi.Phone)
		if err != nil || !s.HandedOver.Equal(testNow.Add(4*time.Hour)) {
			t.Errorf("session handed over until %v (%v), want the deadline", s.HandedOver, err)
		}
		p, err := tx.PendingWork(ctx, "pusat")
		if p.Handovers != 2 || p.Total() != 2 {
			t.Errorf("pending work = %+v", p)
		}
		return err
	})
	mustUpdate(t, db, func(tx *store.Tx) error {
		if err := tx.ReleaseHandover(ctx, h.ID, testNow.Add(time.Hour), "wa:6281299990099", store.HandoverByStaff); err != nil {
			return err
		}
		if err := tx.ReleaseHandover(ctx, h.ID, testNow.Add(time.Hour), "cli", store.HandoverByStaff); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("releasing twice: %v, want not found", err)
		}
		if _, err := tx.OpenHandover(ctx, "pusat", budi.Phone); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("open handover after release: %v", err)
		}
		if s, err := tx.Session(ctx, "pusat", budi.Phone); err != nil || !s.HandedOver.IsZero() {
			t.Errorf("session after release handed over until %v (%v)", s.HandedOver, err)
		}
		// Released, the chat may ask again.
		_, err := tx.StartHandover(ctx, store.Handover{Branch: "pusat", Phone: budi.Phone, Started: testNow.Add(2 * time.Hour), Deadline: testNow.Add(3 * time.Hour)})
		return err
	})
}

// A chat keeps its last texts with its session, oldest first, five at most.
func TestRecentTextsKeepTheLastFive(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	for i := 1; i <= 7; i++ {
		mustUpdate(t, db, func(tx *store.Tx) error {
			s, err := tx.Session(ctx, "pusat", "6281200000001")
			if err != nil {
				return err
			}
			s.Recent = s.Recent.Add(store.RecentText{At: testNow.Add(time.Duration(i) * time.Minute), Text: fmt.Sprintf("pesan %d\n\"kutip\"", i), Photo: i == 7}, 5)
			return tx.SaveSession(ctx, s, testNow)
		})
	}
	mustView(t, db, func(tx *store.Tx) error {
		r, err := tx.RecentOf(ctx, "pusat", "6281200000001")
		if err != nil {
			return err
		}
		got := r.List()
		if len(got) != 5 || got[0].Text != "pesan 3 \"kutip\"" || !got[4].Photo || got[3].Photo || !got[4].At.Equal(testNow.Add(7*time.Minute)) {
			t.Errorf("recent texts = %+v", got)
		}
		none, err := tx.RecentOf(ctx, "pusat", "6281299999999")
		if none != "" || len(none.List()) != 0 {
			t.Errorf("recent texts of a chat never seen = %q", none)
		}
		return err
	})
}

// A chat staff took over is marked so, extended (never shortened), listed for the digest,
// and not counted as waiting for staff.
func TestStaffTakeover(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var h store.Handover
	mustUpdate(t, db, func(tx *store.Tx) (err error) {
		h, err = tx.StartHandover(ctx, store.Handover{Branch: "pusat", Phone: "6281200000001", Started: testNow, Deadline: testNow.Add(2 * time.Hour), StartedBy: store.StartedByStaff})
		if err != nil {
			return err
		}
		if err := tx.ExtendHandover(ctx, h.ID, testNow.Add(3*time.Hour)); err != nil {
			return err
		}
		return tx.ExtendHandover(ctx, h.ID, testNow.Add(time.Hour))
	})
	mustView(t, db, func(tx *store.Tx) error {
		got, err := tx.OpenHandover(ctx, "pusat", "6281200000001")
		if err != nil {
			return err
		}
		if got.StartedBy != store.StartedByStaff || !got.Deadline.Equal(testNow.Add(3*time.Hour)) {
			t.Errorf("staff takeover = %+v, want started by staff until the later deadline", got)
		}
		list, err := tx.StaffTakeovers(ctx, "pusat", testNow.Add(-24*time.Hour))
		if err != nil || len(list) != 1 || list[0].ID != h.ID {
			t.Errorf("staff takeovers = %+v (%v)", list, err)
		}
		p, err := tx.PendingWork(ctx, "pusat")
		if err != nil || p.Handovers != 0 {
			t.Errorf("pending work = %+v (%v): staff are already in the chat", p, err)
		}
		return nil
	})
}

// A chat's disappearing-messages timer is kept until a message without one turns it off.
func TestChatExpiry(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	week := 7 * 24 * time.Hour
	mustUpdate(t, db, func(tx *store.Tx) error { return tx.SetChatExpiry(ctx, "pusat", "6281200000001", week) })
	mustView(t, db, func(tx *store.Tx) error {
		if d, err := tx.ChatExpiry(ctx, "pusat", "6281200000001"); err != nil || d != week {
			t.Errorf("expiry = %v (%v), want a week", d, err)
		}
		return nil
	})
	mustUpdate(t, db, func(tx *store.Tx) error { return tx.SetChatExpiry(ctx, "pusat", "6281200000001", 0) })
	mustView(t, db, func(tx *store.Tx) error {
		if d, err := tx.ChatExpiry(ctx, "pusat", "6281200000001"); err != nil || d != 0 {
			t.Errorf("expiry = %v (%v), want none", d, err)
		}
		return nil
	})
}
