package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/parse"
)

func (indonesian) NotMerchant(branch string) string {
	return fmt.Sprintf("Mohon maaf, layanan ini untuk anggota yang terdaftar sebagai *merchant QRIS* koperasi. Ingin menerima pembayaran QRIS untuk usaha Anda? Silakan hubungi %s.\n\nKetik *menu* untuk layanan lain.", branch)
}
func (indonesian) QRISAmountTooLarge(max int64) string {
	return fmt.Sprintf("Satu pembayaran QRIS paling banyak %s. Ketik jumlah yang lebih kecil, atau buat beberapa tagihan.", parse.Rupiah(max))
}
func (indonesian) AskQRISAmount() string {
	return "*Terima QRIS*\nBerapa yang harus dibayar pembeli? Misalnya *25.000* atau *25rb*."
}
func (indonesian) AskQRISNote() string {
	return "Tambahkan catatan untuk pembayaran ini (misalnya *2 nasi bungkus*), atau ketik *-* jika tidak ada."
}
func (indonesian) QRISNoteTooLong(max int) string {
	return fmt.Sprintf("Catatan terlalu panjang, paling banyak %d huruf.", max)
}
func (indonesian) NoTabunganForQRIS() string {
	return "Pembayaran QRIS masuk ke Tabungan Anda, tetapi Anda belum punya Tabungan yang aktif. Ketik *buka tabungan* untuk membukanya."
}
func (indonesian) QRISInvoice(merchant string, amount int64, ref, note string, validUntil time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*QRIS %s*\nJumlah: *%s*\nNo. referensi: %s\n", merchant, parse.Rupiah(amount), ref)
	if note != "" {
		fmt.Fprintf(&b, "Catatan: %s\n", note)
	}
	fmt.Fprintf(&b, "Berlaku sampai pukul %s tanggal %s.\n\nTunjukkan QR ini kepada pembeli untuk dipindai. Anda akan diberi tahu begitu pembayaran masuk.", validUntil.Format("15.04"), idDate(validUntil))
	return b.String()
}
func (indonesian) QRISReceived(ref string, amount int64, payer, issuer, account string, balance int64, at time.Time) string {
	from := payer
	if issuer != "" {
		from += " (" + issuer + ")"
	}
	return fmt.Sprintf("🔔 *Pembayaran QRIS masuk*\nNo. referensi: %s\nWaktu: %s %s\nDari: %s\nJumlah: *%s*\nMasuk ke Tabungan No. %s, saldo sekarang %s.",
		ref, idDate(at), at.Format("15.04"), from, parse.Rupiah(amount), account, parse.Rupiah(balance))
}
func (indonesian) Soundbox(s SoundboxSummary) string {
	var b strings.Builder
	b.WriteString("*Saldo Soundbox*\n")
	fmt.Fprintf(&b, "Hari ini: %d transaksi, *%s*\n", s.Today.Count, parse.Rupiah(s.Today.Total))
	fmt.Fprintf(&b, "Minggu ini: %d transaksi, %s\n", s.Week.Count, parse.Rupiah(s.Week.Total))
	fmt.Fprintf(&b, "Bulan ini: %d transaksi, %s\n", s.Month.Count, parse.Rupiah(s.Month.Total))
	if len(s.Last) == 0 {
		b.WriteString("\nBelum ada pembayaran QRIS.\n")
	} else {
		b.WriteString("\nPembayaran terakhir:\n")
		for i, inv := range s.Last {
			at := inv.PaidAt.In(s.Now.Location())
			fmt.Fprintf(&b, "%d. %s %s %s %s (%s)\n", i+1, idDate(at), at.Format("15.04"), inv.Ref, parse.Rupiah(inv.Amount), inv.PayerName)
		}
	}
	fmt.Fprintf(&b, "\nSaldo Tabungan No. %s: *%s*\n\nKetik *menu* untuk layanan lain.", s.Account.Number, parse.Rupiah(s.Account.Amount()))
	return b.String()
}
