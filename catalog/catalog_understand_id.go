package catalog

import (
	"fmt"
	"strings"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

func (indonesian) MenuGroup(group string) string {
	switch group {
	case GroupSavings:
		return "Simpanan"
	case GroupLoans:
		return "Pinjaman"
	case GroupTransactions:
		return "Transaksi"
	case GroupAccount:
		return "Akun"
	}
	return ""
}

func idNumbered(names []string) string {
	var b strings.Builder
	for i, n := range names {
		fmt.Fprintf(&b, "%d. %s\n", i+1, n)
	}
	return b.String()
}

func (indonesian) WhichService(names []string) string {
	return "Maksud Anda yang mana?\n" + idNumbered(names) + "\nBalas nomornya."
}

func (indonesian) NotUnderstoodNear(names []string) string {
	return "Maaf, kami belum mengerti pesan Anda. Mungkin maksud Anda:\n" + idNumbered(names) +
		"\nBalas nomornya, atau ketik *menu* untuk semua layanan."
}

func (indonesian) ThanksReply() string { return "Sama-sama 🙏" }

func (indonesian) ClosePolitely() string {
	return "Baik 👍 Ketik *menu* kapan saja jika ada yang bisa kami bantu."
}

var idMedia = map[string]string{MediaVoice: "pesan suara", MediaSticker: "stiker", MediaVideo: "video",
	MediaDocument: "dokumen", MediaLocation: "lokasi", MediaContact: "kontak"}

func (indonesian) CannotRead(media string, waiting bool) string {
	what := idMedia[media]
	if what == "" {
		what = "pesan seperti itu"
	}
	text := fmt.Sprintf("Maaf, kami belum bisa membaca %s. Bot ini membaca teks dan foto.", what)
	if waiting {
		return text + " Jawab pertanyaan terakhir dengan mengetik, atau ketik *batal*."
	}
	return text + " Ketik keperluan Anda, misalnya *cek saldo*, atau *hubungi petugas* untuk bicara dengan petugas."
}

func (indonesian) PhotoOutsideFlow() string {
	return "Foto Anda sudah kami terima, tetapi belum ada layanan yang menunggu foto. Jika ini bukti transfer setoran, ketik *setoran*; untuk verifikasi KTP, ketik *verifikasi ktp*."
}

func (indonesian) PINMustBeSix() string {
	return "PIN harus 6 angka. Ketik PIN Anda, misalnya *583920* (ini bukan percobaan yang salah)."
}

func (indonesian) StillWaitingForPIN() string {
	return "Baik. Sekarang ketik PIN 6 angka Anda untuk melanjutkan."
}

func (indonesian) SetPINToGoOn() string {
	return "PIN Anda direset petugas (atau belum pernah dibuat). Buat PIN baru sekarang untuk melanjutkan: ketik 6 angka yang mudah Anda ingat tetapi sulit ditebak orang lain (jangan tanggal lahir atau 123456).\n_Jangan beri tahu PIN kepada siapa pun, termasuk petugas._"
}

func (indonesian) NewPINSetGoingOn() string {
	return "PIN baru Anda sudah disimpan. Kami lanjutkan."
}

func (indonesian) CooperativeInfo(coop string, branch store.Branch, products []store.Product) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s*\n", coop)
	var savings, loans []string
	var pokok, wajib int64
	for _, p := range products {
		switch p.Kind {
		case store.ProductPokok:
			pokok = p.Settings().Amount
		case store.ProductWajib:
			wajib = p.Settings().Amount
		case store.ProductSukarela, store.ProductTabungan:
			savings = append(savings, fmt.Sprintf("• %s: bunga %s per tahun, setoran awal %s", p.Name, idRate(p.RateBP), parse.Rupiah(p.MinOpening)))
		case store.ProductDeposito:
			savings = append(savings, fmt.Sprintf("• %s: bunga %s per tahun, mulai %s", p.Name, idRate(p.RateBP), parse.Rupiah(p.MinOpening)))
		case store.ProductPinjaman:
			pp := p.Settings()
			loans = append(loans, fmt.Sprintf("• %s: bunga %s per tahun, sampai %s, paling lama %d bulan", p.Name, idRate(p.RateBP), parse.Rupiah(pp.MaxAmount), pp.MaxTenor))
		}
	}
	fmt.Fprintf(&b, "\n*Menjadi anggota*\nSimpanan pokok %s (sekali) dan simpanan wajib %s setiap bulan. Syaratnya KTP dan usia minimal 17 tahun.\n", parse.Rupiah(pokok), parse.Rupiah(wajib))
	if len(savings) > 0 {
		b.WriteString("\n*Simpanan*\n" + strings.Join(savings, "\n") + "\n")
	}
	if len(loans) > 0 {
		b.WriteString("\n*Pinjaman untuk anggota*\n" + strings.Join(loans, "\n") + "\n")
	}
	fmt.Fprintf(&b, "\nKantor: %s", branch.Name)
	if branch.Phone != "" {
		fmt.Fprintf(&b, ", telepon %s", branch.Phone)
	}
	b.WriteString(".\n\nKetik *registrasi* untuk mendaftar, atau *hubungi petugas* untuk bertanya.")
	return b.String()
}

func (indonesian) SwitchHint(service, keyword string) string {
	return fmt.Sprintf("Ingin ke layanan *%s*? Ketik *%s*.", service, keyword)
}

func (indonesian) NotYetMember() string {
	return "Nomor WhatsApp ini belum terdaftar sebagai anggota. Ketik *menu* untuk melihat layanan bagi calon anggota."
}
