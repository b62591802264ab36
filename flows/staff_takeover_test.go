package flows_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// Staff writing to a member from the branch's phone keeps the bot quiet for the member
// (their message is recorded, unanswered), longer each time staff write; once the quiet
// is over the bot hands the chat back without a word and answers the member again.
func TestStaffTakeoverKeepsTheBotQuiet(t *testing.T) {
	w := newHandoverWorld(t)
	w.r.Handover.StaffQuiet = 2 * time.Hour
	start := w.now
	if err := w.r.StaffWrote(w.ctx, "pusat", budi, start); err != nil {
		t.Fatal(err)
	}
	h, open := w.open(budi)
	if !open || h.StartedBy != store.StartedByStaff || !h.Deadline.Equal(start.Add(2*time.Hour)) || h.Name != "Budi Santoso" {
		t.Fatalf("after staff wrote: %+v (open %v), want a staff takeover until 2h later", h, open)
	}
	if reply, admin := w.say(budi, "saldo"); reply != "" || admin != "" {
		t.Errorf("while staff hold the chat the bot said %q, the admin was told %q", reply, admin)
	}
	// Staff write again an hour later: two hours from then.
	w.now = start.Add(time.Hour)
	if err := w.r.StaffWrote(w.ctx, "pusat", budi, w.now); err != nil {
		t.Fatal(err)
	}
	if h, _ := w.open(budi); !h.Deadline.Equal(start.Add(3 * time.Hour)) {
		t.Errorf("staff wrote again: deadline %v, want %v", h.Deadline, start.Add(3*time.Hour))
	}
	w.now = start.Add(2*time.Hour + 30*time.Minute)
	if reply, _ := w.say(budi, "saldo"); reply != "" {
		t.Errorf("within the extended quiet the bot said %q", reply)
	}
	w.now = start.Add(3 * time.Hour)
	if n, err := w.r.EndHandovers(w.ctx, time.Time{}); err != nil || n != 1 {
		t.Fatalf("ended %d handovers (%v), want the takeover", n, err)
	}
	if reply, admin := w.delivered(budi); reply != "" || admin != "" {
		t.Errorf("the takeover ended and the member was told %q, the admin %q; want silence", reply, admin)
	}
	if reply, _ := w.say(budi, "saldo"); !strings.Contains(reply, "Tabungan Budi Santoso") {
		t.Errorf("after the quiet the bot said %q", reply)
	}
}

// The branch's phone writing to an admin (or a message too old to matter) takes nothing over.
func TestStaffTakeoverLeavesAdminsAndOldMessagesAlone(t *testing.T) {
	w := newHandoverWorld(t)
	if err := w.r.StaffWrote(w.ctx, "pusat", adminKTP, w.now); err != nil {
		t.Fatal(err)
	}
	if err := w.r.StaffWrote(w.ctx, "pusat", budi, w.now.Add(-3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, open := w.open(adminKTP); open {
		t.Error("writing to an admin silenced the bot for them")
	}
	if _, open := w.open(budi); open {
		t.Error("a staff message older than the quiet silenced the bot")
	}
}

// A member who wants the bot back while staff hold the chat says so, as in any handover.
func TestStaffTakeoverEndedByTheMember(t *testing.T) {
	w := newHandoverWorld(t)
	if err := w.r.StaffWrote(w.ctx, "pusat", budi, w.now); err != nil {
		t.Fatal(err)
	}
	if reply, _ := w.say(budi, "menu"); !strings.Contains(reply, "kembali dilayani bot") {
		t.Errorf("\"menu\" while staff hold the chat: %q", reply)
	}
	if _, open := w.open(budi); open {
		t.Error("the takeover is still open after the member asked for the bot")
	}
}

// The admins' next digest says which chats staff took over and until when the bot kept
// quiet, the member's number masked.
func TestStaffDigestListsTakeovers(t *testing.T) {
	w := newHandoverWorld(t)
	w.r.Handover.StaffQuiet = 2 * time.Hour
	if err := w.r.StaffWrote(w.ctx, "pusat", budi, w.now.Add(75*time.Minute)); err != nil { // 10.15
		t.Fatal(err)
	}
	w.now = w.now.Add(4 * time.Hour)
	jobs := &coop.Jobs{Office: w.r.Office(), Settings: goldenJobSettings, Chats: w.r, SessionTimeout: w.r.SessionTimeout}
	rep, err := jobs.Run(context.Background(), coop.JobStaffDigest, w.now, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Sent) != 1 {
		t.Fatalf("digest sent %+v, want one to the admin", rep.Sent)
	}
	text := rep.Sent[0].Text
	want := "Petugas mengambil alih chat dengan Budi Santoso (01.00001), 0812••••0001, pukul 10.15; bot diam sampai pukul 12.15."
	if !strings.Contains(text, want) || strings.Contains(text, budi) || strings.Contains(text, "081200000001") {
		t.Errorf("digest:\n%s\nwant the line %q and no full number", text, want)
	}
	if !strings.Contains(text, "Chat menunggu petugas: 0") {
		t.Errorf("a chat staff hold is not waiting for staff:\n%s", text)
	}
}
