package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

func idLine(l TransferLine) string {
	if l.Own {
		return fmt.Sprintf("%s No. %s", l.Product, l.Number)
	}
	return fmt.Sprintf("%s, %s No. %s", l.Name, l.Product, l.Number)
}

func (indonesian) NothingToSendFrom() string {
	return "Belum ada saldo yang bisa ditransfer: transfer dikirim dari tabungan atau simpanan sukarela yang saldonya di atas saldo minimal (simpanan pokok dan wajib tidak bisa ditransfer). Ketik *cek tabungan* untuk melihat saldo."
}
func (indonesian) ChooseSourceAccount(as []store.Account) string {
	var b strings.Builder
	b.WriteString("*Transfer Antar Tabungan*\nKirim dari rekening mana?\n")
	for i, a := range as {
		fmt.Fprintf(&b, "%d. %s No. %s (bisa dikirim %s)\n", i+1, a.ProductName, a.Number, parse.Rupiah(a.Available()))
	}
	b.WriteString("\n" + idReplyRange(len(as)))
	return b.String()
}
func (indonesian) AskDestination(own []store.Account) string {
	var b strings.Builder
	b.WriteString("Kirim ke mana?\n")
	if len(own) > 0 {
		b.WriteString("Ke rekening Anda sendiri:\n")
		for i, a := range own {
			fmt.Fprintf(&b, "%d. %s No. %s\n", i+1, a.ProductName, a.Number)
		}
		b.WriteString("\nAtau ketik")
	} else {
		b.WriteString("Ketik")
	}
	b.WriteString(" nomor rekening anggota tujuan (10 angka) atau nomor HP anggota tujuan, misalnya *0812-0000-0000*.")
	return b.String()
}
func (indonesian) BadDestination() string {
	return "Tujuan tidak terbaca. Ketik nomor rekening 10 angka (misalnya *0104000005*) atau nomor HP anggota (misalnya *0812-0000-0000*)."
}
func (indonesian) BadAccountNumber() string {
	return "Nomor rekening itu tidak valid (ada angka yang salah ketik). Periksa lagi 10 angkanya."
}
func (indonesian) NoSuchAccount() string {
	return "Tidak ada rekening dengan nomor itu. Periksa lagi, atau ketik nomor HP anggota tujuan."
}
func (indonesian) NotASavingsAccount() string {
	return "Rekening itu bukan rekening tabungan anggota. Transfer hanya ke tabungan atau simpanan sukarela anggota (bukan simpanan pokok atau wajib)."
}
func (indonesian) NoMemberWithPhone() string {
	return "Nomor HP itu tidak terdaftar sebagai anggota aktif. Periksa lagi, atau ketik nomor rekening tujuan."
}
func (indonesian) RecipientCannotReceive() string {
	return "Anggota itu belum punya tabungan yang bisa menerima transfer. Minta ia membuka tabungan dulu."
}
func (indonesian) SameAccount() string {
	return "Rekening tujuan sama dengan rekening asal. Pilih rekening tujuan lain."
}
func (indonesian) AccountNotActive(masked string) string {
	return fmt.Sprintf("Rekening %s sedang dibekukan atau ditutup, jadi tidak bisa dipakai untuk transfer. Hubungi kantor koperasi.", masked)
}
func (indonesian) AskTransferAmount(to TransferLine, available, max int64) string {
	return fmt.Sprintf("Tujuan: %s\n\nBerapa yang akan dikirim? Bisa dikirim sampai %s (maksimal %s sekali transfer). Contoh: *250rb*.",
		idLine(to), parse.Rupiah(available), parse.Rupiah(max))
}
func (indonesian) TransferOverLimit(max int64) string {
	return fmt.Sprintf("Sekali transfer maksimal %s. Ketik jumlah yang lebih kecil.", parse.Rupiah(max))
}
func (indonesian) InsufficientFunds(available int64) string {
	return fmt.Sprintf("Saldo tidak cukup. Yang bisa dikirim dari rekening ini %s (saldo dikurangi saldo minimal dan dana yang ditahan). Ketik jumlah yang lebih kecil.", parse.Rupiah(available))
}
func (indonesian) DailyLimitReached(limit, left int64) string {
	if left <= 0 {
		return fmt.Sprintf("Batas transfer harian %s sudah terpakai semua hari ini. Tidak ada yang diubah; transfer bisa lagi mulai besok pukul 00.00.", parse.Rupiah(limit))
	}
	return fmt.Sprintf("Batas transfer harian %s. Hari ini Anda masih bisa mengirim sampai %s: ketik jumlah itu atau yang lebih kecil, misalnya *%s*.", parse.Rupiah(limit), parse.Rupiah(left), parse.Rupiah(left))
}
func (indonesian) TransferSummary(from, to TransferLine, amount int64) string {
	return fmt.Sprintf("*Periksa transfer Anda*\nDari: %s\nKe: %s\nJumlah: *%s*\nBiaya: Rp0\n\nBalas *ya* untuk mengirim, atau *tidak* untuk membatalkan.", idLine(from), idLine(to), parse.Rupiah(amount))
}
func (indonesian) TransferReceipt(ref string, from, to TransferLine, amount, balance int64, at time.Time) string {
	return fmt.Sprintf("✅ *Transfer berhasil*\nNo. referensi: %s\nWaktu: %s %s\nDari: %s\nKe: %s\nJumlah: *%s*\nSaldo Anda sekarang: %s\n\nSimpan pesan ini sebagai bukti transfer.",
		ref, idDate(at), at.Format("15.04"), idLine(from), idLine(to), parse.Rupiah(amount), parse.Rupiah(balance))
}
func (indonesian) TransferReceived(ref string, from TransferLine, toNumber string, amount, balance int64, at time.Time) string {
	return fmt.Sprintf("💰 *Dana masuk*\nAnda menerima %s dari %s ke rekening No. %s.\nNo. referensi: %s\nWaktu: %s %s\nSaldo rekening sekarang: %s",
		parse.Rupiah(amount), from.Name, toNumber, ref, idDate(at), at.Format("15.04"), parse.Rupiah(balance))
}
