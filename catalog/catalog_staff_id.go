package catalog

import (
	"fmt"

	"github.com/kopbot/kopbot/parse"
)

func (indonesian) ApplicationApproved(name, memberNo string, pokok, wajib int64, branch string) string {
	return fmt.Sprintf("Selamat, %s! Pendaftaran Anda disetujui. Nomor anggota Anda: *%s*.\n\n"+
		"Rekening simpanan pokok dan simpanan wajib sudah dibuka. Silakan setor simpanan pokok %s (sekali) dan simpanan wajib %s (setiap bulan) di %s.\n\n"+
		"Ketik *menu* untuk melihat layanan. Buat PIN Anda lewat layanan *Ganti PIN* sebelum bertransaksi.",
		name, memberNo, parse.Rupiah(pokok), parse.Rupiah(wajib), branch)
}

func (indonesian) ApplicationRejected(regNo, reason, branch string) string {
	return fmt.Sprintf("Mohon maaf, pendaftaran %s belum dapat disetujui.\nAlasan: %s\n\nSilakan perbaiki lalu daftar lagi dengan mengetik *registrasi*, atau hubungi %s.", regNo, reason, branch)
}

func (indonesian) PINWasReset() string {
	return "PIN Anda telah direset oleh petugas koperasi. Buat PIN baru lewat layanan *Ganti PIN*, atau saat layanan meminta PIN.\n\nJika Anda tidak meminta reset PIN, segera hubungi kantor koperasi."
}

func (indonesian) LoanApproved(appNo string, amount int64, tenor int, branch string) string {
	return fmt.Sprintf("Pengajuan pinjaman %s sebesar %s untuk %d bulan *disetujui*. Silakan datang ke %s untuk akad dan pencairan, dengan membawa KTP.", appNo, parse.Rupiah(amount), tenor, branch)
}

func (indonesian) LoanRejected(appNo, reason string) string {
	return fmt.Sprintf("Mohon maaf, pengajuan pinjaman %s belum dapat disetujui.\nAlasan: %s", appNo, reason)
}

func (indonesian) AdminWhatsAppOutdated(branch, whatsmeow, since string) string {
	return fmt.Sprintf("Pemberitahuan kopbot untuk cabang %s: sejak %s WhatsApp menolak pustaka WhatsApp kopbot ini (whatsmeow %s) karena dianggap usang, sehingga anggota tidak dijawab. kopbot mencoba lagi setiap jam; minta pengelola kopbot untuk memperbaruinya (README, \"Upgrading whatsmeow\"). Jika pesan ini baru tiba setelah masalahnya selesai, abaikan saja.", branch, since, whatsmeow)
}
