package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

var idKTPStatus = map[string]string{KTPNone: "belum diverifikasi", KTPWaiting: "sedang diperiksa", KTPRejected: "ditolak"}

func (indonesian) KTPIntro(selfie bool) string {
	what := "NIK, nama dan tanggal lahir sesuai KTP, lalu foto KTP Anda"
	if selfie {
		what += ", dan foto diri (selfie) sambil memegang KTP"
	}
	return "*Verifikasi KTP*\nStatus KTP Anda: belum diverifikasi.\n\nKami perlu " + what + ". Data dicocokkan dengan data kependudukan (Dukcapil) dan diperiksa petugas; foto dihapus setelah diputuskan."
}
func (indonesian) KTPStatusVerified(at time.Time) string {
	return fmt.Sprintf("*Verifikasi KTP*\nStatus KTP Anda: *terverifikasi* sejak %s. Tidak ada yang perlu dilakukan.", idDate(at))
}
func (indonesian) KTPStatusWaiting(no string, since time.Time) string {
	return fmt.Sprintf("*Verifikasi KTP*\nStatus KTP Anda: *menunggu*. Permintaan %s (dikirim %s) sedang diperiksa; kami kabari lewat WhatsApp ini.", no, idDate(since))
}
func (indonesian) KTPStatusRejected(no, reason string) string {
	return fmt.Sprintf("*Verifikasi KTP*\nStatus KTP Anda: *ditolak* (%s).\nAlasan: %s\n\nPerbaiki hal itu lalu kirim ulang data KTP Anda sekarang.", no, reason)
}
func (indonesian) KTPNIKNotRecord(branch string) string {
	return fmt.Sprintf("NIK itu tidak sama dengan NIK di data keanggotaan Anda. Ketik NIK persis seperti di KTP Anda. Jika data kami yang salah, hubungi %s.", branch)
}
func (indonesian) KTPGenderNotRecord(nikGender string) string {
	g := "laki-laki"
	if nikGender == "P" {
		g = "perempuan"
	}
	return fmt.Sprintf("NIK itu milik seorang %s, tidak cocok dengan data keanggotaan Anda. Periksa lagi 16 angka di KTP Anda.", g)
}
func (indonesian) KTPNIKTaken(branch string) string {
	return fmt.Sprintf("NIK itu sudah terdaftar untuk anggota lain, jadi tidak dapat kami verifikasi untuk nomor ini. Petugas sudah kami beri tahu; silakan hubungi %s dengan membawa KTP asli.", branch)
}
func (indonesian) KTPAskName() string {
	return "Ketik nama lengkap Anda *persis seperti di KTP*."
}
func (indonesian) KTPBirthNotRecord(branch string) string {
	return fmt.Sprintf("Tanggal lahir di KTP Anda berbeda dengan data keanggotaan kami, jadi verifikasi belum dapat dilanjutkan. Silakan datang ke %s dengan membawa KTP asli untuk memperbaiki data.", branch)
}
func (indonesian) KTPAskSelfie() string {
	return "Kirim foto diri (selfie) sambil memegang KTP di samping wajah: wajah dan KTP terlihat jelas."
}
func (indonesian) KTPNeedSelfie() string {
	return "Kami perlu *foto* diri Anda sambil memegang KTP. Kirim sebagai gambar (ikon kamera)."
}
func (indonesian) KTPSummary(nik, name string, birth time.Time, selfie bool) string {
	photos := "foto KTP"
	if selfie {
		photos = "foto KTP dan selfie"
	}
	return fmt.Sprintf("*Periksa data KTP Anda*\nNIK: %s\nNama: %s\nTanggal lahir: %s\nLampiran: %s\n\nDengan mengirim, Anda setuju data ini dicocokkan dengan data kependudukan (Dukcapil). Balas *ya* untuk mengirim, atau *tidak* untuk membatalkan.",
		nik, name, idDate(birth), photos)
}
func (indonesian) KTPSubmittedChecking(no string) string {
	return fmt.Sprintf("Terima kasih. Data KTP Anda (%s) sedang dicocokkan dengan data kependudukan. Hasilnya kami kirim lewat WhatsApp ini, biasanya dalam beberapa menit.", no)
}
func (indonesian) KTPSubmittedReview(no, branch string) string {
	return fmt.Sprintf("Terima kasih. Data KTP Anda (%s) akan diperiksa petugas %s; hasilnya kami kirim lewat WhatsApp ini. Status dapat dilihat kapan saja dengan mengetik *verifikasi ktp*.", no, branch)
}
func (indonesian) KTPVerifiedNotice(no, name string) string {
	return fmt.Sprintf("Bapak/Ibu %s, KTP Anda sudah *terverifikasi* (%s). Semua layanan sekarang dapat Anda gunakan; ketik *menu*.", name, no)
}
func (indonesian) KTPRejectedNotice(no, name, reason string) string {
	return fmt.Sprintf("Bapak/Ibu %s, verifikasi KTP Anda (%s) *ditolak*.\nAlasan: %s\n\nPerbaiki hal itu, lalu ketik *verifikasi ktp* untuk mengirim ulang.", name, no, reason)
}
func (indonesian) KTPToReviewNotice(no, branch string) string {
	return fmt.Sprintf("Data KTP Anda (%s) perlu diperiksa lebih lanjut oleh petugas %s. Anda tidak perlu mengirim ulang; hasilnya kami kabari lewat WhatsApp ini.", no, branch)
}
func (indonesian) KTPRequired(service, status string) string {
	return fmt.Sprintf("%s hanya untuk anggota dengan KTP terverifikasi. Status KTP Anda: %s.\n\n%s", service, idKTPStatus[status], idKTPWhatNow(status))
}
func idKTPWhatNow(status string) string {
	if status == KTPWaiting {
		return "Kami kabari lewat WhatsApp ini setelah diperiksa. Ketik *menu* untuk layanan lain."
	}
	return "Ketik *verifikasi ktp* untuk memverifikasi sekarang, atau *menu* untuk layanan lain."
}
func (indonesian) KTPLoanApplication() string { return "Pengajuan pinjaman" }
func (indonesian) KTPTransferAbove(limit int64, status string) string {
	return fmt.Sprintf("Transfer di atas %s hanya untuk anggota dengan KTP terverifikasi (status KTP Anda: %s). Ketik jumlah hingga %s, atau *verifikasi ktp* untuk memverifikasi.",
		parse.Rupiah(limit), idKTPStatus[status], parse.Rupiah(limit))
}

var idKTPFields = map[string]string{"nik": "NIK", "name": "nama", "birth_date": "tanggal lahir"}

func (indonesian) KTPNote(note string) string {
	kind, arg, _ := strings.Cut(note, ":")
	switch kind {
	case "mismatch":
		var fs []string
		for _, f := range strings.Split(arg, ",") {
			fs = append(fs, idKTPFields[f])
		}
		return "Dukcapil: " + strings.Join(fs, ", ") + " tidak cocok"
	case "unreachable":
		return "Dukcapil tidak menjawab setelah " + arg + " kali dicoba"
	case "refused":
		return "Dukcapil menolak permintaan (HTTP " + arg + "); periksa pengaturan verifier"
	}
	return ""
}
func (indonesian) AdminKTPDuplicate(maskedNIK string, m, holder store.Member) string {
	return fmt.Sprintf("⚠️ *NIK ganda*: %s (No. %s, +%s) mencoba verifikasi KTP dengan NIK %s, yang sudah tercatat untuk %s (No. %s). Permintaan ditolak; periksa bersama anggota.",
		m.Name, orDash(m.No), m.Phone, maskedNIK, holder.Name, orDash(holder.No))
}
func (indonesian) AdminKTPToReview(v store.KTPVerification, m store.Member, note string) string {
	text := fmt.Sprintf("Verifikasi KTP %s menunggu diperiksa: %s (No. %s), NIK %s.", v.No(), m.Name, orDash(m.No), ktp.Mask(v.NIK))
	if n := For("id").KTPNote(note); n != "" {
		text += "\nCatatan: " + n + "."
	}
	return text + "\nKetik *admin* lalu 10 untuk memeriksanya."
}
func (indonesian) AdminKTPList(vs []store.KTPVerification, names []string, loc *time.Location) string {
	var b strings.Builder
	b.WriteString("*Verifikasi KTP menunggu*\n")
	for i, v := range vs {
		fmt.Fprintf(&b, "%d. %s · %s · %s\n", i+1, v.No(), names[i], idDate(v.CreatedAt.In(loc)))
	}
	b.WriteString("\nBalas nomor urut untuk melihat datanya.")
	return b.String()
}
func (indonesian) AdminKTPDetail(v store.KTPVerification, m store.Member, loc *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s*\nAnggota: %s (No. %s)\nNIK: %s\nNama di KTP: %s\nTanggal lahir: %s\nDikirim: %s\n", v.No(), m.Name, orDash(m.No),
		ktp.Mask(v.NIK), v.Name, idDate(v.BirthDate), idDate(v.CreatedAt.In(loc)))
	if n := For("id").KTPNote(v.Note); n != "" {
		fmt.Fprintf(&b, "Catatan: %s\n", n)
	}
	if v.KTPPhoto == "" {
		b.WriteString("Foto sudah dihapus.\n")
	}
	b.WriteString("\nCocokkan foto dengan data di atas.\n1. Setujui\n2. Tolak")
	return b.String()
}
func (indonesian) AdminKTPPhotoCaption(no string, selfie bool) string {
	if selfie {
		return no + ": selfie dengan KTP"
	}
	return no + ": foto KTP"
}
func (indonesian) AdminKTPApproved(no, name string) string {
	return fmt.Sprintf("%s disetujui: KTP %s terverifikasi, dan ia sudah diberi tahu.", no, name)
}
func (indonesian) AdminKTPRejected(no, name string) string {
	return fmt.Sprintf("%s (%s) ditolak, dan anggota sudah diberi tahu alasannya.", no, name)
}
func (indonesian) AdminKTPTaken(no string) string {
	return fmt.Sprintf("%s tidak dapat disetujui: NIK-nya sudah terverifikasi untuk anggota lain. Tolak dengan alasan, lalu periksa bersama anggota.", no)
}
