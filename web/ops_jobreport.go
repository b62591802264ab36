package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// JobReportText is what a run of a job did, or in a dry run everything it would do, in the
// words of lang (id or en; another is en): kopbot jobs run prints it in English, the jobs
// page shows it in the staff member's language. Notes a job left and member texts are as
// kopbot wrote them.
func JobReportText(rep coop.JobReport, lang string, loc *time.Location) string {
	t, ok := staffWords[lang]
	if !ok {
		t = staffWords["en"]
	}
	var b strings.Builder
	say := func(key string, args ...any) { fmt.Fprintf(&b, t[key]+"\n", args...) }
	head := fmt.Sprintf(t["ops.rep.head"], rep.Job, rep.At.In(loc).Format("2006-01-02 15:04 MST"))
	if rep.DryRun {
		head += t["ops.rep.dry"]
	}
	b.WriteString(head + "\n")
	switch {
	case rep.Job == coop.JobDayClose:
		closeReport(&b, t, rep)
		return b.String()
	case rep.Future:
		say("ops.rep.future")
	}
	if rep.Job == coop.JobHousekeeping {
		housekeepingReport(&b, t, rep, loc)
		return b.String()
	}
	say(map[bool]string{false: "ops.rep.queued", true: "ops.rep.wouldqueue"}[rep.DryRun], len(rep.Sent))
	for _, n := range rep.Sent {
		noticeReport(&b, t, n, loc)
	}
	if len(rep.Calls) > 0 {
		say("ops.rep.calls", len(rep.Calls))
		for _, n := range rep.Calls {
			noticeReport(&b, t, n, loc)
		}
	}
	say("ops.rep.already", rep.AlreadySent, rep.OptedOut)
	if rep.Note != "" {
		say("ops.rep.note", rep.Note)
	}
	return b.String()
}

// housekeepingReport writes what housekeeping did, or in a dry run everything it would do.
func housekeepingReport(b *strings.Builder, t map[string]string, rep coop.JobReport, loc *time.Location) {
	say := func(key string, args ...any) { fmt.Fprintf(b, t[key]+"\n", args...) }
	if !rep.AgesAt.Equal(rep.At) {
		say("ops.rep.agesat", rep.AgesAt.In(loc).Format("2006-01-02 15:04 MST"))
	}
	if !rep.DryRun {
		b.WriteString(rep.Summary() + ".\n")
		return
	}
	say("ops.rep.stale", rep.SessionsEnded)
	for _, s := range rep.Stale {
		say("ops.rep.quiet", s.Branch, s.Phone, s.Flow, s.Since.Format("2006-01-02 15:04"))
	}
	say("ops.rep.photos", rep.PhotosDeleted)
	for _, p := range rep.Photos {
		if p.Verification != "" {
			b.WriteString("- " + p.Verification + "\n")
		} else {
			say("ops.rep.application", p.MemberID)
		}
	}
	say("ops.rep.rest", rep.HandoversEnded, rep.InvoicesClosed, rep.MessagesPruned, rep.PhrasesPruned)
	if rep.Note != "" {
		say("ops.rep.note", rep.Note)
	}
}

// closeReport writes the days a day-close run closed, or in a dry run the days it would close.
func closeReport(b *strings.Builder, t map[string]string, rep coop.JobReport) {
	if rep.DryRun {
		if len(rep.ToClose) == 0 {
			b.WriteString(t["ops.rep.noclose"] + "\n")
			return
		}
		fmt.Fprintf(b, t["ops.rep.toclose"], len(rep.ToClose))
		for _, d := range rep.ToClose {
			b.WriteString(" " + d.Format(store.DateLayout))
		}
		b.WriteString("\n")
		return
	}
	if len(rep.Closed) == 0 {
		b.WriteString(t["ops.rep.noclose"] + "\n")
	}
	for _, d := range rep.Closed {
		fmt.Fprintf(b, t["ops.rep.closed"]+"\n", d.String())
	}
}

// noticeReport writes one reminder: to whom, for what, and its text as the member gets it.
func noticeReport(b *strings.Builder, t map[string]string, n coop.Notice, loc *time.Location) {
	who := n.Name
	if n.MemberNo != "" {
		who += " (" + n.MemberNo + ")"
	}
	fmt.Fprintf(b, t["ops.rep.notice"], who, n.Phone, n.Kind, n.Item, parse.Rupiah(n.Amount), n.Due.Format("2006-01-02"))
	if !n.HeldUntil.IsZero() {
		fmt.Fprintf(b, t["ops.rep.held"], n.HeldUntil.In(loc).Format("2006-01-02 15:04"))
	}
	b.WriteString("\n")
	for _, l := range strings.Split(n.Text, "\n") {
		b.WriteString(strings.TrimRight("    | "+l, " ") + "\n")
	}
}

// The words of a job's report (kopbot jobs run's and the jobs page's).
var _ = addWords(map[string]string{
	"ops.rep.head":        "%s pada %s",
	"ops.rep.dry":         " (coba: tidak ada yang dicatat atau dikirim)",
	"ops.rep.future":      "Waktu itu lebih lambat dari sekarang: tidak ada yang dicatat atau diantrekan untuknya (pengingat akan tercatat terkirim sebelum harinya); tugas pada hari itu yang mengerjakannya.",
	"ops.rep.queued":      "Diantrekan %d:",
	"ops.rep.wouldqueue":  "Akan diantrekan %d:",
	"ops.rep.calls":       "Belum pernah chat dengan cabang, untuk ditelepon staf (tercantum di ringkasan staf) %d:",
	"ops.rep.already":     "Sudah dikirim sebelumnya: %d. Menghentikan pengingat (stop pengingat): %d.",
	"ops.rep.note":        "Catatan: %s.",
	"ops.rep.agesat":      "Umur diukur dari waktu sebenarnya, %s, bukan dari waktu lebih lambat yang diminta.",
	"ops.rep.stale":       "Akan mengakhiri %d sesi yang diam (memberi tahu setiap anggota):",
	"ops.rep.photos":      "Akan menghapus foto KTP milik %d:",
	"ops.rep.quiet":       "- %s %s (%s, diam sejak %s)",
	"ops.rep.application": "- pendaftaran anggota %d",
	"ops.rep.rest": "Akan mengembalikan %d anggota ke bot setelah batas waktu serah terimanya, menutup %d tagihan QRIS yang lewat masa berlakunya, " +
		"melupakan %d ID pesan yang sudah diproses dan %d hitungan harian frasa yang tidak dipahami.",
	"ops.rep.noclose": "Tidak ada hari untuk ditutup: setiap hari sebelum hari ini sudah ditutup.",
	"ops.rep.toclose": "Akan menutup %d hari:",
	"ops.rep.closed":  "Ditutup %s.",
	"ops.rep.notice":  "- %s %s: %s %s, %s jatuh tempo %s",
	"ops.rep.held":    ", ditahan sampai %s (jam tenang)",
}, map[string]string{
	"ops.rep.head":        "%s at %s",
	"ops.rep.dry":         " (dry run: nothing is recorded or sent)",
	"ops.rep.future":      "That time is later than now: nothing is recorded or queued for it (reminders would be marked sent before their day); the run on that day does it.",
	"ops.rep.queued":      "Queued %d:",
	"ops.rep.wouldqueue":  "Would queue %d:",
	"ops.rep.calls":       "Never chatted with the branch, for staff to call (listed in the staff digest) %d:",
	"ops.rep.already":     "Already sent before: %d. Stopped reminders (stop pengingat): %d.",
	"ops.rep.note":        "Note: %s.",
	"ops.rep.agesat":      "Ages measured from the real time, %s, not the later time asked for.",
	"ops.rep.stale":       "Would end %d quiet sessions (telling each member):",
	"ops.rep.photos":      "Would delete the KTP photos of %d:",
	"ops.rep.quiet":       "- %s %s (%s, quiet since %s)",
	"ops.rep.application": "- application of member %d",
	"ops.rep.rest": "Would hand %d members back to the bot after their handover's deadline, close %d QRIS invoices past their validity, " +
		"forget %d processed message IDs and %d day counts of phrases not understood.",
	"ops.rep.noclose": "No day to close: every day before today is closed.",
	"ops.rep.toclose": "Would close %d day(s):",
	"ops.rep.closed":  "Closed %s.",
	"ops.rep.notice":  "- %s %s: %s %s, %s due %s",
	"ops.rep.held":    ", held until %s (quiet hours)",
})
