package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// indonesian is the catalog in Bahasa Indonesia, the default.
type indonesian struct{ *book }

var idMonths = [...]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}

func (indonesian) Menu(coop, name string, member bool, groups []MenuGroup) string {
	var b strings.Builder
	if name != "" {
		fmt.Fprintf(&b, "Halo, *%s*! Selamat datang di layanan WhatsApp %s.\n", name, coop)
	} else {
		fmt.Fprintf(&b, "Halo! Selamat datang di layanan WhatsApp %s.\n", coop)
	}
	if !member {
		b.WriteString("Nomor WhatsApp ini belum terdaftar sebagai anggota.\n")
	}
	n := 0
	for _, g := range groups {
		b.WriteString("\n")
		if g.Title != "" {
			fmt.Fprintf(&b, "*%s*\n", g.Title)
		}
		for _, it := range g.Items {
			n++
			fmt.Fprintf(&b, "%d. %s\n", n, it)
		}
	}
	first := ""
	if len(groups) > 0 && len(groups[0].Items) > 0 {
		first = groups[0].Items[0]
	}
	if member {
		fmt.Fprintf(&b, "\nBalas nomor layanan (misalnya *1* untuk %s), atau tulis saja keperluan Anda, misalnya *cek saldo* atau *mau pinjam 5jt*.\n", first)
	} else {
		fmt.Fprintf(&b, "\nBalas nomor layanan, misalnya *1* untuk %s, atau tulis saja keperluan Anda.\n", first)
	}
	b.WriteString("Ketik *bantuan* untuk petunjuk, *bahasa* untuk ganti bahasa.")
	return b.String()
}

func (indonesian) ServiceName(flow string) string {
	switch flow {
	case FlowRegistrasi:
		return "Registrasi"
	case FlowInfo:
		return "Tentang Koperasi"
	case FlowPetugas:
		return "Hubungi Petugas"
	case FlowBukaTabungan:
		return "Buka Tabungan"
	case FlowCekTabungan:
		return "Cek Tabungan"
	case FlowCekDeposito:
		return "Cek Deposito"
	case FlowCekPinjaman:
		return "Cek Pinjaman"
	case FlowTerimaQRIS:
		return "Terima QRIS"
	case FlowTransfer:
		return "Transfer Antar Tabungan"
	case FlowSoundbox:
		return "Saldo Soundbox"
	case FlowVerifikasi:
		return "Verifikasi KTP"
	case FlowPinjaman:
		return "Simulasi & Pengajuan Pinjaman"
	case FlowProfil:
		return "Profil"
	case FlowGantiPIN:
		return "Ganti PIN"
	case FlowAdmin:
		return "Menu Petugas"
	case FlowBayarWajib:
		return "Bayar Simpanan Wajib"
	case FlowBayarAngsur:
		return "Bayar Angsuran"
	case FlowSetoran:
		return "Setoran Simpanan"
	case FlowPenarikan:
		return "Penarikan Simpanan"
	case FlowBahasa:
		return "Bahasa"
	}
	return ""
}

func (indonesian) RetryHint() string {
	return "Ketik *batal* untuk berhenti, atau *menu* untuk kembali ke menu."
}

func (indonesian) InternalError() string {
	return "Maaf, sedang ada gangguan di sistem kami dan pesan Anda belum bisa diproses. Tidak ada yang diubah. Silakan coba lagi beberapa saat lagi."
}

func (indonesian) Unavailable(service string) string {
	return fmt.Sprintf("Mohon maaf, layanan *%s* lewat WhatsApp belum tersedia. Kami sedang menyiapkannya. Untuk sementara silakan hubungi kantor cabang koperasi.\n\nKetik *menu* untuk layanan lain.", service)
}

func (indonesian) StillApplicant() string {
	return "Pendaftaran keanggotaan Anda sedang diperiksa oleh petugas. Layanan ini bisa dipakai setelah pendaftaran disetujui."
}

func (indonesian) NotActive(branch string) string {
	return fmt.Sprintf("Keanggotaan Anda sedang tidak aktif, jadi layanan ini belum bisa dipakai. Silakan hubungi %s.", branch)
}

func (indonesian) ChooseLanguage() string {
	return "Pilih bahasa / Choose your language:\n1. Bahasa Indonesia\n2. English"
}

func (indonesian) LanguageSet() string {
	return "Baik, kami akan memakai Bahasa Indonesia. Ketik *menu* untuk melihat layanan."
}

func (indonesian) SavingsList(name string, accounts []store.Account) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Tabungan %s*\n", name)
	var total int64
	for i, a := range accounts {
		fmt.Fprintf(&b, "\n%d. %s\n   No. %s\n   Saldo: *%s*", i+1, a.ProductName, a.Number, parse.Rupiah(a.Amount()))
		if a.Held > 0 {
			fmt.Fprintf(&b, "\n   Ditahan: %s", parse.Rupiah(a.Held))
		}
		total += a.Amount()
	}
	fmt.Fprintf(&b, "\n\nTotal: *%s*\n\nBalas nomor 1-%d untuk melihat 10 transaksi terakhir, atau ketik *menu* untuk kembali.", parse.Rupiah(total), len(accounts))
	return b.String()
}

func (indonesian) NoSavings() string {
	return "Anda belum memiliki rekening simpanan. Ketik *menu* untuk layanan lain."
}

func (indonesian) PickAccount(n int) string {
	if n == 1 {
		return "Balas *1* untuk melihat transaksi rekening Anda."
	}
	return fmt.Sprintf("Pilihan tidak ada. Balas dengan nomor urut 1 sampai %d dari daftar di atas, misalnya *1*.", n)
}

func (indonesian) Movements(a store.Account, ms []store.Movement, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s*\nNo. %s\n\n", a.ProductName, a.Number)
	if len(ms) == 0 {
		b.WriteString("Belum ada transaksi.\n")
	} else {
		fmt.Fprintf(&b, "%d transaksi terakhir:\n", len(ms))
		for _, m := range ms {
			t := m.At.In(now.Location())
			sign := "+"
			if m.Amount < 0 {
				sign = "-"
			}
			fmt.Fprintf(&b, "%02d %s %d  %s %s%s\n", t.Day(), idMonths[t.Month()-1], t.Year(), idMemo(m.Memo), sign, parse.Rupiah(abs(m.Amount)))
		}
	}
	fmt.Fprintf(&b, "\nSaldo: *%s*\n\nKetik bulan, misalnya *%s*, untuk kartu simpanan bulan itu; nomor urut lain untuk rekening lain; atau *menu*.", parse.Rupiah(a.Amount()), now.Format("01-2006"))
	return b.String()
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
