package catalog

import (
	"fmt"
	"strings"
	"time"
)

var idWeekdays = [...]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}

// idWhen says when t is, seen from now: "pukul 13.00", "besok pukul 08.00", "Senin pukul 08.00".
func idWhen(t, now time.Time) string {
	clock := "pukul " + t.Format("15.04")
	switch {
	case SameDay(now, t):
		return "hari ini " + clock
	case SameDay(now.AddDate(0, 0, 1), t):
		return "besok " + clock
	case t.Sub(now) < 7*24*time.Hour:
		return idWeekdays[t.Weekday()] + " " + clock
	}
	return idDate(t) + " " + clock
}

// idDuration writes 30m as "30 menit", 1h30m as "1 jam 30 menit".
func idDuration(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%d menit", m)
	case m == 0:
		return fmt.Sprintf("%d jam", h)
	}
	return fmt.Sprintf("%d jam %d menit", h, m)
}

func idWho(w HandoverWho) string {
	switch {
	case w.Name != "" && w.MemberNo != "":
		return fmt.Sprintf("%s (%s)", w.Name, w.MemberNo)
	case w.Name != "" && w.RegNo != "":
		return fmt.Sprintf("%s (pendaftar %s)", w.Name, w.RegNo)
	case w.Name != "":
		return w.Name
	}
	return "bukan anggota"
}

func (indonesian) HandoverStarted(p HandoverPromise) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Baik, pesan Anda sudah kami teruskan ke petugas %s. ", p.Branch)
	if p.Within > 0 {
		fmt.Fprintf(&b, "Petugas akan membalas di chat ini dalam %s.", idDuration(p.Within))
	} else {
		fmt.Fprintf(&b, "Kantor sedang tutup; petugas akan membalas di chat ini mulai %s.", idWhen(p.Opens, p.Now))
	}
	if p.OfficePhone != "" {
		fmt.Fprintf(&b, " Anda juga bisa menelepon kantor di %s.", p.OfficePhone)
	}
	b.WriteString("\n\nSelama menunggu, bot tidak membalas pesan Anda. Ketik *menu* kapan saja untuk kembali ke layanan bot.\n" +
		"Petugas tidak pernah meminta PIN Anda: jangan berikan kepada siapa pun.")
	return b.String()
}

func (indonesian) HandoverNoStaff(branch, officePhone string) string {
	if officePhone != "" {
		return fmt.Sprintf("Mohon maaf, petugas %s belum bisa dihubungi lewat WhatsApp. Silakan telepon kantor di %s, atau datang langsung ke %s.\n\nKetik *menu* untuk layanan bot.", branch, officePhone, branch)
	}
	return fmt.Sprintf("Mohon maaf, petugas %s belum bisa dihubungi lewat WhatsApp. Silakan datang langsung ke %s.\n\nKetik *menu* untuk layanan bot.", branch, branch)
}

// idHandoverBody is who asked, their number, since when, and their last messages.
func idHandoverBody(b *strings.Builder, n HandoverNotice) {
	fmt.Fprintf(b, "Dari: %s\nNo. HP: +%s\nSejak: %s\n\nPesan terakhir:\n", idWho(n.Who), n.Phone, idWhen(n.Since, n.Now))
	if len(n.Recent) == 0 {
		b.WriteString("(tidak ada)\n")
	}
	for _, r := range n.Recent {
		at := r.At.In(n.Now.Location())
		stamp := at.Format("15.04")
		if !SameDay(n.Now, at) {
			stamp = idDate(at) + " " + stamp
		}
		text := r.Text
		if r.Photo {
			text = strings.TrimSpace("[foto] " + text)
		}
		fmt.Fprintf(b, "%s  %s\n", stamp, text)
	}
}

func (indonesian) HandoverToStaff(n HandoverNotice) string {
	var b strings.Builder
	b.WriteString("*Ada yang minta dibantu petugas*\n")
	idHandoverBody(&b, n)
	fmt.Fprintf(&b, "\nBalas dari WhatsApp cabang (HP cabang): chat anggota ini ada di sana. Bot tidak membalasnya sampai dikembalikan, paling lama sampai %s.\n"+
		"Selesai? Kembalikan ke bot: ketik *admin* lalu *13*, atau `kopbot handover release %s`.", idWhen(n.Until, n.Now), n.Phone)
	return b.String()
}

func (indonesian) HandoverBackToBot() string {
	return "Baik, Anda kembali dilayani bot. Petugas sudah diberi tahu."
}

func (indonesian) HandoverLeftByMember(who HandoverWho, phone string) string {
	return fmt.Sprintf("%s, +%s, memilih kembali ke bot. Bot menjawab pesannya lagi; tidak perlu dikembalikan.", idWho(who), phone)
}

func (indonesian) HandoverReleased() string {
	return "Percakapan dengan petugas selesai. Anda kembali dilayani bot: ketik *menu* untuk melihat layanan."
}

func (indonesian) HandoverTimedOut(branch, officePhone string) string {
	s := fmt.Sprintf("Mohon maaf, petugas %s belum sempat membalas. Anda kembali dilayani bot: ketik *menu* untuk melihat layanan.\n\nUntuk bicara dengan petugas lagi, ketik *hubungi petugas*", branch)
	if officePhone != "" {
		s += " atau telepon kantor di " + officePhone
	}
	return s + "."
}

func (indonesian) AdminHandoverList(hs []HandoverNotice) string {
	var b strings.Builder
	b.WriteString("*Chat menunggu petugas*\n")
	for i, h := range hs {
		fmt.Fprintf(&b, "%d. %s · +%s · sejak %s\n", i+1, idWho(h.Who), h.Phone, idWhen(h.Since, h.Now))
	}
	b.WriteString("\nBalas nomor urut untuk melihat pesannya dan mengembalikannya ke bot.")
	return b.String()
}

func (indonesian) AdminHandoverDetail(n HandoverNotice) string {
	var b strings.Builder
	b.WriteString("*Chat menunggu petugas*\n")
	idHandoverBody(&b, n)
	fmt.Fprintf(&b, "\nBot diam untuk anggota ini paling lama sampai %s.\n\n1. Kembalikan ke bot (anggota diberi tahu)\n2. Biarkan, masih dibantu petugas", idWhen(n.Until, n.Now))
	return b.String()
}

func (indonesian) AdminHandoverReleased(who HandoverWho, phone string) string {
	return fmt.Sprintf("%s, +%s, sudah dikembalikan ke bot dan diberi tahu.", idWho(who), phone)
}

func (indonesian) AdminHandoverKept() string {
	return "Baik, chat ini tetap dibantu petugas; bot tetap diam untuknya. Ketik *admin* untuk menu petugas."
}

func (indonesian) AdminHandoverGone(phone string) string {
	return fmt.Sprintf("Chat +%s sudah tidak menunggu petugas (sudah kembali ke bot). Ketik *admin* untuk menu petugas.", phone)
}
