package flows_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
)

// jobWorld is a database with borrowers whose installments fall where a test wants them,
// a clock the test moves, and the jobs with the settings of config.example.yaml.
type jobWorld struct {
	t    *testing.T
	db   *store.DB
	loc  *time.Location
	now  time.Time
	r    *flows.Runner
	jobs *coop.Jobs
	seq  int
}

func newJobWorld(t *testing.T) *jobWorld {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	w := &jobWorld{t: t, loc: loc, now: time.Date(2026, 11, 21, 8, 0, 0, 0, loc)}
	clock := func() time.Time { return w.now }
	w.db = openDB(t, clock)
	w.r = newRunner(t, w.db, clock)
	w.jobs = &coop.Jobs{Office: w.r.Office(), Settings: goldenJobSettings, Chats: w.r, SessionTimeout: w.r.SessionTimeout}
	return w
}

func (w *jobWorld) day(s string, hour int) time.Time {
	w.t.Helper()
	d, err := time.ParseInLocation("2006-01-02", s, w.loc)
	if err != nil {
		w.t.Fatal(err)
	}
	return d.Add(time.Duration(hour) * time.Hour)
}

func (w *jobWorld) update(fn func(ctx context.Context, tx *store.Tx) error) {
	w.t.Helper()
	ctx := context.Background()
	if err := w.db.Update(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		w.t.Fatal(err)
	}
}

// borrower adds an active member with a loan whose unpaid installments fall due on dues
// (each Rp1.000.000: Rp900.000 principal, Rp100.000 interest). chatted says whether they
// have written to the branch's number.
func (w *jobWorld) borrower(name string, chatted bool, dues ...string) store.Member {
	w.t.Helper()
	w.seq++
	phone := fmt.Sprintf("62813000000%02d", w.seq)
	var m store.Member
	w.update(func(ctx context.Context, tx *store.Tx) error {
		var err error
		m, err = tx.CreateMember(ctx, store.Member{Branch: "pusat", No: fmt.Sprintf("01.%05d", 100+w.seq), Name: name, Phone: phone,
			Status: store.MemberActive, JoinedAt: w.now.AddDate(-1, 0, 0)})
		if err != nil {
			return err
		}
		if chatted {
			if err := tx.MarkChatted(ctx, "pusat", phone, w.now.AddDate(0, -1, 0)); err != nil {
				return err
			}
		}
		p, err := tx.ProductByCode(ctx, "PIN")
		if err != nil {
			return err
		}
		a, err := tx.OpenAccount(ctx, store.OpenAccount{Branch: "pusat", MemberID: m.ID, Product: p, Name: p.Name, At: w.now.AddDate(0, -1, 0)})
		if err != nil {
			return err
		}
		var sched []store.Installment
		for i, d := range dues {
			sched = append(sched, store.Installment{No: i + 1, Due: w.day(d, 0), Principal: 900_000, Interest: 100_000})
		}
		_, err = tx.CreateLoan(ctx, store.Loan{Account: a, Principal: int64(900_000 * len(dues)), RateBP: 1200, Method: "flat",
			TenorMonths: len(dues), Start: w.now.AddDate(0, -1, 0)}, sched)
		return err
	})
	return m
}

// current is the jobs with the runner as the test has set it up by now (its database,
// media directory and admins).
func (w *jobWorld) current() *coop.Jobs {
	w.jobs.Office = w.r.Office()
	return w.jobs
}

func (w *jobWorld) run(job string, at time.Time) coop.JobReport {
	w.t.Helper()
	w.now = at
	rep, err := w.current().Run(context.Background(), job, at, false)
	if err != nil {
		w.t.Fatal(err)
	}
	return rep
}

func (w *jobWorld) queuedTo(phone string) []store.OutMessage {
	w.t.Helper()
	var out []store.OutMessage
	for _, m := range outbox(w.t, w.db) {
		if m.To == phone {
			out = append(out, m)
		}
	}
	return out
}

// Running the installment-due job every morning for over a year reminds each installment
// exactly at 3 days, 1 day and on the day, across a year end, the end of a February of 28
// days and 29 February.
func TestInstallmentDueOffsetsAcrossMonthEnds(t *testing.T) {
	w := newJobWorld(t)
	w.borrower("Ani", true, "2027-01-02")
	w.borrower("Bayu", true, "2027-03-01")
	w.borrower("Cici", true, "2028-02-29", "2028-03-31")
	var got []string
	for d := w.day("2026-12-20", 8); d.Before(w.day("2028-04-05", 0)); d = d.AddDate(0, 0, 1) {
		rep := w.run(coop.JobInstallmentDue, d)
		for _, n := range rep.Sent {
			got = append(got, fmt.Sprintf("%s %s %s due %s", d.Format("2006-01-02"), n.Name, n.Kind, n.Due.Format("2006-01-02")))
		}
		if len(rep.Calls) > 0 || rep.AlreadySent > 0 {
			t.Errorf("%s: calls %v, already sent %d", d.Format("2006-01-02"), rep.Calls, rep.AlreadySent)
		}
	}
	want := []string{
		"2026-12-30 Ani installment-due-3d due 2027-01-02",
		"2027-01-01 Ani installment-due-1d due 2027-01-02",
		"2027-01-02 Ani installment-due-0d due 2027-01-02",
		"2027-02-26 Bayu installment-due-3d due 2027-03-01",
		"2027-02-28 Bayu installment-due-1d due 2027-03-01",
		"2027-03-01 Bayu installment-due-0d due 2027-03-01",
		"2028-02-26 Cici installment-due-3d due 2028-02-29",
		"2028-02-28 Cici installment-due-1d due 2028-02-29",
		"2028-02-29 Cici installment-due-0d due 2028-02-29",
		"2028-03-28 Cici installment-due-3d due 2028-03-31",
		"2028-03-30 Cici installment-due-1d due 2028-03-31",
		"2028-03-31 Cici installment-due-0d due 2028-03-31",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("reminders:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A reminder is queued once: running the job again, two runs at once, and a restart of the
// service (the database opened afresh) send nothing more.
func TestReminderOnceAfterRerunOverlapAndRestart(t *testing.T) {
	ctx := context.Background()
	w := newJobWorld(t)
	m := w.borrower("Siti", true, "2026-11-24")
	at := w.day("2026-11-21", 8)
	if rep := w.run(coop.JobInstallmentDue, at); len(rep.Sent) != 1 || rep.Sent[0].Amount != 1_000_000 {
		t.Fatalf("first run: %+v", rep)
	}
	if rep := w.run(coop.JobInstallmentDue, at.Add(time.Hour)); len(rep.Sent) != 0 || rep.AlreadySent != 1 {
		t.Errorf("rerun: sent %d, already sent %d", len(rep.Sent), rep.AlreadySent)
	}
	var wg sync.WaitGroup
	sent := make(chan int, 8)
	jobs := w.current()
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rep, err := jobs.Run(ctx, coop.JobInstallmentDue, at, false)
			if err != nil {
				t.Error(err)
			}
			sent <- len(rep.Sent)
		}()
	}
	wg.Wait()
	close(sent)
	for n := range sent {
		if n != 0 {
			t.Errorf("an overlapping run queued %d", n)
		}
	}
	// A restart: the same file opened again, as serve does after a crash.
	path := w.db.Path
	if err := w.db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return w.now }
	w.db, w.r.DB = db, db
	if rep := w.run(coop.JobInstallmentDue, at.Add(2*time.Hour)); len(rep.Sent) != 0 || rep.AlreadySent != 1 {
		t.Errorf("after a restart: sent %d, already sent %d", len(rep.Sent), rep.AlreadySent)
	}
	if got := w.queuedTo(m.Phone); len(got) != 1 {
		t.Errorf("queued %d messages to the member, want 1", len(got))
	}
	if filepath.Base(path) != "kopbot.db" {
		t.Errorf("reopened %s", path)
	}
}

// The dry run says what the run would do and records nothing.
func TestDryRunRecordsNothing(t *testing.T) {
	w := newJobWorld(t)
	m := w.borrower("Siti", true, "2026-11-24")
	rep, err := w.current().Run(context.Background(), coop.JobInstallmentDue, w.day("2026-11-21", 8), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Sent) != 1 || !strings.Contains(rep.Sent[0].Text, "Siti") || !strings.Contains(rep.Sent[0].Text, "Rp1.000.000") {
		t.Errorf("dry run: %+v", rep)
	}
	if got := w.queuedTo(m.Phone); len(got) != 0 {
		t.Errorf("a dry run queued %d messages", len(got))
	}
	if rep := w.run(coop.JobInstallmentDue, w.day("2026-11-21", 8)); len(rep.Sent) != 1 {
		t.Errorf("after the dry run the real run queued %d", len(rep.Sent))
	}
}

// Reminders queued in quiet hours wait until they end; a reply to the same member is not held.
func TestQuietHoursHoldRemindersNotReplies(t *testing.T) {
	ctx := context.Background()
	w := newJobWorld(t)
	m := w.borrower("Siti", true, "2026-11-24")
	night := w.day("2026-11-21", 22)
	rep := w.run(coop.JobInstallmentDue, night)
	morning := w.day("2026-11-22", 7)
	if len(rep.Sent) != 1 || !rep.Sent[0].HeldUntil.Equal(morning) {
		t.Fatalf("at 22:00: %+v, want one held until %s", rep.Sent, morning)
	}
	w.now = night.Add(30 * time.Minute)
	if err := w.r.Handle(ctx, flows.Input{Branch: "pusat", From: m.Phone, MessageID: "NIGHT1", Text: "menu", At: w.now}); err != nil {
		t.Fatal(err)
	}
	due := func(at time.Time) (ids []int64, texts []string) {
		t.Helper()
		err := w.db.View(ctx, func(tx *store.Tx) error {
			ms, err := tx.Due(ctx, "pusat", at, 100)
			for _, m := range ms {
				ids, texts = append(ids, m.ID), append(texts, strings.SplitN(m.Text, "\n", 2)[0])
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return ids, texts
	}
	ids, got := due(w.now)
	if len(got) != 1 || strings.HasPrefix(got[0], "Yth.") {
		t.Fatalf("due at 22:30: %q, want only the reply to menu", got)
	}
	w.update(func(ctx context.Context, tx *store.Tx) error { return tx.MarkSent(ctx, ids[0]) })
	if _, got := due(morning.Add(-time.Minute)); len(got) != 0 {
		t.Errorf("due at 06:59: %q, want nothing", got)
	}
	if _, got := due(morning); len(got) != 1 || !strings.HasPrefix(got[0], "Yth.") {
		t.Errorf("due at 07:00: %q, want the reminder", got)
	}
	// In the day nothing is held.
	m2 := w.borrower("Dian", true, "2026-11-25")
	if rep := w.run(coop.JobInstallmentDue, w.day("2026-11-22", 12)); len(rep.Sent) != 1 || !rep.Sent[0].HeldUntil.IsZero() || rep.Sent[0].Phone != m2.Phone {
		t.Errorf("at noon: %+v", rep.Sent)
	}
}

func TestQuietUntil(t *testing.T) {
	loc := time.FixedZone("WIB", 7*3600)
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, loc) }
	night := coop.JobSettings{QuietStart: 21 * time.Hour, QuietEnd: 7 * time.Hour}
	noon := coop.JobSettings{QuietStart: 12 * time.Hour, QuietEnd: 13*time.Hour + 30*time.Minute}
	for _, tc := range []struct {
		s    coop.JobSettings
		t    time.Time
		want time.Time
	}{
		{night, at(21, 20, 59), time.Time{}},
		{night, at(21, 21, 0), at(22, 7, 0)},
		{night, at(21, 23, 59), at(22, 7, 0)},
		{night, at(22, 0, 0), at(22, 7, 0)},
		{night, at(22, 6, 59), at(22, 7, 0)},
		{night, at(22, 7, 0), time.Time{}},
		{night, time.Date(2026, 12, 31, 22, 0, 0, 0, loc), time.Date(2027, 1, 1, 7, 0, 0, 0, loc)},
		{noon, at(21, 12, 30), at(21, 13, 30)},
		{noon, at(21, 13, 30), time.Time{}},
		{coop.JobSettings{}, at(21, 23, 0), time.Time{}},
	} {
		if got := tc.s.QuietUntil(tc.t); !got.Equal(tc.want) {
			t.Errorf("%v-%v at %s: %s, want %s", tc.s.QuietStart, tc.s.QuietEnd, tc.t.Format("2006-01-02 15:04"), got, tc.want)
		}
	}
}

// A member who said stop pengingat is not reminded until they say mulai pengingat; a member who
// never wrote to the branch is not written to but listed for staff to call, once, and the
// staff digest lists them.
func TestOptOutAndNeverChatted(t *testing.T) {
	ctx := context.Background()
	w := newJobWorld(t)
	w.r.Admins = map[string][]string{"pusat": {"6281100000001"}}
	ani := w.borrower("Ani", true, "2026-11-24")
	bayu := w.borrower("Bayu", false, "2026-11-24")
	cici := w.borrower("Cici", true, "2026-11-24")
	say := func(from, id, text string) {
		t.Helper()
		if err := w.r.Handle(ctx, flows.Input{Branch: "pusat", From: from, MessageID: id, Text: text, At: w.now}); err != nil {
			t.Fatal(err)
		}
	}
	say(cici.Phone, "C1", "stop pengingat")
	rep := w.run(coop.JobInstallmentDue, w.day("2026-11-21", 8))
	if len(rep.Sent) != 1 || rep.Sent[0].Phone != ani.Phone {
		t.Errorf("sent %+v, want Ani only", rep.Sent)
	}
	if len(rep.Calls) != 1 || rep.Calls[0].Phone != bayu.Phone || rep.Calls[0].Amount != 1_000_000 {
		t.Errorf("calls %+v, want Bayu", rep.Calls)
	}
	if rep.OptedOut != 1 {
		t.Errorf("opted out %d, want 1 (Cici)", rep.OptedOut)
	}
	if got := w.queuedTo(bayu.Phone); len(got) != 0 {
		t.Errorf("the bot wrote first to a member who never chatted: %q", got[0].Text)
	}
	say(cici.Phone, "C2", "mulai pengingat")
	rep = w.run(coop.JobInstallmentDue, w.day("2026-11-21", 10))
	if len(rep.Sent) != 1 || rep.Sent[0].Phone != cici.Phone || len(rep.Calls) != 0 || rep.AlreadySent != 2 {
		t.Errorf("after mulai pengingat: sent %+v, calls %+v, already %d", rep.Sent, rep.Calls, rep.AlreadySent)
	}
	// The staff digest goes to the admin whatever their preference, and lists Bayu to call.
	rep = w.run(coop.JobStaffDigest, w.day("2026-11-21", 11))
	if len(rep.Sent) != 1 || !strings.Contains(rep.Sent[0].Text, "Bayu") || !strings.Contains(rep.Sent[0].Text, "081300000002") {
		t.Errorf("staff digest: %+v", rep.Sent)
	}
	// Once Bayu writes to the branch, his next reminder is sent to him; Cici gets hers again.
	say(bayu.Phone, "B1", "halo")
	rep = w.run(coop.JobInstallmentDue, w.day("2026-11-23", 8))
	var phones []string
	for _, n := range rep.Sent {
		phones = append(phones, n.Phone)
	}
	sort.Strings(phones)
	if strings.Join(phones, " ") != strings.Join([]string{ani.Phone, bayu.Phone, cici.Phone}, " ") || len(rep.Calls) != 0 {
		t.Errorf("the day before: sent to %v (calls %v), want Ani, Bayu and Cici", phones, rep.Calls)
	}
}

// A late installment is reminded every morning with the arrears and the late fees so far,
// for jobs.overdue.days days, then no more.
func TestOverdueDailyUpToTheLimit(t *testing.T) {
	w := newJobWorld(t)
	m := w.borrower("Siti", true, "2026-11-10", "2026-12-10")
	var got []string
	for d := w.day("2026-11-10", 8); d.Before(w.day("2026-11-25", 0)); d = d.AddDate(0, 0, 1) {
		for _, n := range w.run(coop.JobOverdue, d).Sent {
			got = append(got, fmt.Sprintf("%s %s %d", d.Format("01-02"), n.Kind, n.Amount))
		}
	}
	// 0.1% a day of Rp1.000.000 is Rp1.000 a day.
	want := "11-11 overdue-1d 1001000\n11-12 overdue-2d 1002000\n11-13 overdue-3d 1003000\n11-14 overdue-4d 1004000\n" +
		"11-15 overdue-5d 1005000\n11-16 overdue-6d 1006000\n11-17 overdue-7d 1007000"
	if strings.Join(got, "\n") != want {
		t.Errorf("overdue reminders:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	msgs := w.queuedTo(m.Phone)
	if len(msgs) != 7 || !strings.Contains(msgs[2].Text, "Denda sejauh ini: Rp3.000") || !strings.Contains(msgs[2].Text, "Total yang perlu dibayar: *Rp1.003.000*") {
		t.Errorf("third overdue reminder: %q", msgs[2].Text)
	}
}

// A depositor is told 7 days before and on the day that their deposit matures, and what happens then.
func TestDepositMaturity(t *testing.T) {
	w := newJobWorld(t)
	if _, err := w.db.SeedDemo(context.Background(), "pusat", w.day("2026-11-21", 9), ""); err != nil {
		t.Fatal(err)
	}
	// Budi's 12-month deposit started on 15 August 2026.
	var got []string
	for d := w.day("2027-08-01", 8); d.Before(w.day("2027-08-20", 0)); d = d.AddDate(0, 0, 1) {
		for _, n := range w.run(coop.JobMaturity, d).Sent {
			got = append(got, d.Format("01-02")+" "+n.Name+" "+n.Kind)
			if !strings.Contains(n.Text, "diperpanjang otomatis") || !strings.Contains(n.Text, "Rp10.000.000") || !strings.Contains(n.Text, "Rp550.000") {
				t.Errorf("maturity reminder: %q", n.Text)
			}
		}
	}
	if want := "08-08 Budi Santoso maturity-7d\n08-15 Budi Santoso maturity-0d"; strings.Join(got, "\n") != want {
		t.Errorf("maturity reminders:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// Simpanan wajib is reminded from the configured day, once a month, and not before.
func TestWajibFromTheDayOnce(t *testing.T) {
	w := newJobWorld(t)
	if _, err := w.db.SeedDemo(context.Background(), "pusat", w.day("2026-11-02", 9), ""); err != nil {
		t.Fatal(err)
	}
	if rep := w.run(coop.JobWajib, w.day("2026-11-09", 9)); len(rep.Sent)+len(rep.Calls) != 0 || rep.Note == "" {
		t.Errorf("before the 10th: %+v", rep)
	}
	rep := w.run(coop.JobWajib, w.day("2026-11-10", 9))
	if len(rep.Sent) != 4 || len(rep.Calls) != 1 || rep.Calls[0].Name != "Rina Marlina" || rep.Calls[0].Amount != 150_000 {
		t.Errorf("on the 10th: sent %d, calls %+v", len(rep.Sent), rep.Calls)
	}
	if rep := w.run(coop.JobWajib, w.day("2026-11-11", 9)); len(rep.Sent)+len(rep.Calls) != 0 || rep.AlreadySent != 5 {
		t.Errorf("on the 11th: %+v", rep)
	}
	if rep := w.run(coop.JobWajib, w.day("2026-12-10", 9)); len(rep.Sent) != 4 {
		t.Errorf("next month: sent %d", len(rep.Sent))
	}
}

// Housekeeping tells quiet sessions they ended, closes QRIS invoices past their validity and
// forgets old processed message IDs.
func TestHousekeeping(t *testing.T) {
	ctx := context.Background()
	w := newJobWorld(t)
	if _, err := w.db.SeedDemo(ctx, "pusat", w.now, ""); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.AddDate(0, 0, -40)
	if err := w.r.Handle(ctx, flows.Input{Branch: "pusat", From: budi, MessageID: "OLD", Text: "menu", At: w.now}); err != nil {
		t.Fatal(err)
	}
	w.now = w.day("2026-11-21", 9)
	if err := w.r.Handle(ctx, flows.Input{Branch: "pusat", From: budi, MessageID: "NEW", Text: "transfer", At: w.now}); err != nil {
		t.Fatal(err)
	}
	w.update(func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, agus)
		if err != nil {
			return err
		}
		as, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		if err != nil {
			return err
		}
		_, err = tx.CreateInvoice(ctx, store.Invoice{Ref: "QR-000001", Branch: "pusat", MemberID: m.ID, AccountID: as[0].ID, Amount: 25_000,
			Payload: "x", ValidUntil: w.now.Add(15 * time.Minute)})
		return err
	})
	// Rina's KTP was rejected 31 days ago: past the 30 days its photo is kept.
	w.r.MediaDir = t.TempDir()
	w.jobs.Settings.KTPPhotoRetention = 30 * 24 * time.Hour
	photo := filepath.Join(w.r.MediaDir, "ktp-rina.jpg")
	if err := os.WriteFile(photo, []byte("jpeg"), 0o600); err != nil {
		t.Fatal(err)
	}
	decidedAt := w.now
	w.now = w.now.AddDate(0, 0, -31)
	w.update(func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, "6281200000005")
		if err != nil {
			return err
		}
		v, err := tx.CreateKTPVerification(ctx, store.KTPVerification{Branch: "pusat", MemberID: m.ID, NIK: m.NIK, Name: m.Name,
			BirthDate: m.BirthDate, KTPPhoto: photo, Verifier: coop.KTPByStaff, Status: store.KTPReview})
		if err != nil {
			return err
		}
		return tx.DecideKTP(ctx, v.ID, store.KTPRejected, "Foto KTP terpotong di bagian bawah", "cli")
	})
	w.now = decidedAt
	// Phrases not understood: one counted 91 days ago is forgotten, one of 89 days ago kept.
	w.jobs.Settings.KeepPhrases = 90 * 24 * time.Hour
	w.update(func(ctx context.Context, tx *store.Tx) error {
		for _, days := range []int{91, 89} {
			at := w.now.AddDate(0, 0, -days)
			if err := tx.CountMisunderstood(ctx, "pusat", at, "apa ini", at); err != nil {
				return err
			}
		}
		return nil
	})
	for _, m := range outbox(t, w.db) {
		w.update(func(ctx context.Context, tx *store.Tx) error { return tx.MarkSent(ctx, m.ID) })
	}
	rep := w.run(coop.JobHousekeeping, w.now.Add(20*time.Minute))
	if rep.SessionsEnded != 1 || rep.InvoicesClosed != 1 || rep.MessagesPruned != 1 || rep.PhotosDeleted != 1 || rep.PhrasesPruned != 1 {
		t.Errorf("housekeeping: %s", rep.Summary())
	}
	if _, err := os.Stat(photo); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("KTP photo past its retention still there: %v", err)
	}
	if got := w.queuedTo(budi); len(got) != 1 || !strings.Contains(got[0].Text, "Sesi Anda berakhir") {
		t.Errorf("told Budi %+v", got)
	}
	w.update(func(ctx context.Context, tx *store.Tx) error {
		inv, err := tx.InvoiceByRef(ctx, "QR-000001")
		if inv.Status != store.InvoiceExpired {
			t.Errorf("invoice %s", inv.Status)
		}
		return err
	})
}
