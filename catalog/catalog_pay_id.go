package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

func idSources(b *strings.Builder, from []store.Account) {
	b.WriteString("\nBayar dari rekening:\n")
	for i, a := range from {
		fmt.Fprintf(b, "%d. %s No. %s (bisa dipakai %s)\n", i+1, a.ProductName, a.Number, parse.Rupiah(a.Available()))
	}
	b.WriteString("\n" + idReplyRange(len(from)))
}

func (indonesian) ChooseLoanToPay(loans []store.Loan) string {
	var b strings.Builder
	b.WriteString("*Bayar Angsuran*\nPinjaman mana yang akan dibayar?\n")
	for i, l := range loans {
		fmt.Fprintf(&b, "%d. %s No. %s (sisa pokok %s)\n", i+1, l.Account.ProductName, l.Account.Number, parse.Rupiah(l.Account.Amount()))
	}
	b.WriteString("\n" + idReplyRange(len(loans)))
	return b.String()
}
func (indonesian) NothingDue() string {
	return "Tidak ada angsuran yang harus dibayar sekarang. Ketik *cek pinjaman* untuk melihat jadwalnya."
}
func (indonesian) PayShort(due, available int64, other bool, branch string) string {
	text := fmt.Sprintf("Yang harus dibayar %s, sedangkan yang bisa dipakai dari rekening itu %s.", parse.Rupiah(due), parse.Rupiah(available))
	if other {
		return text + " Pilih rekening lain dari daftar di atas."
	}
	return text + fmt.Sprintf(" Tidak ada yang diubah.\n\nTambah saldo dulu: transfer ke rekening bank koperasi lalu laporkan lewat *setoran*, atau setor tunai di %s; lalu ulangi. Bisa juga bayar langsung di %s.", branch, branch)
}
func (indonesian) DueNoSource(amount int64) string {
	return fmt.Sprintf("Tagihan %s belum bisa dibayar lewat WhatsApp karena Anda belum punya tabungan atau simpanan sukarela. Bayar tunai di kantor koperasi.", parse.Rupiah(amount))
}
func (indonesian) InstallmentDue(due store.LoanDue, from []store.Account) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Bayar Angsuran* %s No. %s\n", due.Loan.Account.ProductName, due.Loan.Account.Number)
	var fees int64
	for _, in := range due.Installments {
		if in.DaysLate == 0 && due.Overdue > 0 {
			continue
		}
		late := ""
		if in.DaysLate > 0 {
			late = fmt.Sprintf(", terlambat %d hari", in.DaysLate)
		}
		fmt.Fprintf(&b, "• Angsuran ke-%d, jatuh tempo %s%s: %s\n", in.No, idDate(in.Due), late, parse.Rupiah(in.Interest+in.Principal))
		fees += in.LateFee
		if due.Overdue == 0 {
			break
		}
	}
	if fees > 0 {
		fmt.Fprintf(&b, "• Denda keterlambatan: %s\n", parse.Rupiah(fees))
	}
	fmt.Fprintf(&b, "Jumlah yang dibayar: *%s*\n", parse.Rupiah(due.Now))
	idSources(&b, from)
	return b.String()
}
func (indonesian) PaySummary(product, number string, amount int64) string {
	return fmt.Sprintf("Bayar *%s* dari %s No. %s?\nBalas *ya* untuk membayar, atau *tidak* untuk membatalkan.", parse.Rupiah(amount), product, number)
}
func (indonesian) NoWajibAccount() string {
	return "Anda belum punya rekening simpanan wajib. Hubungi kantor koperasi."
}
func (indonesian) WajibPaidUp(balance int64) string {
	return fmt.Sprintf("Simpanan wajib Anda sudah lunas sampai bulan ini (saldo %s). Terima kasih!", parse.Rupiah(balance))
}
func (indonesian) WajibDue(due store.WajibDue, from []store.Account) string {
	var b strings.Builder
	b.WriteString("*Bayar Simpanan Wajib*\nBulan yang belum dibayar:\n")
	for _, m := range due.Unpaid {
		fmt.Fprintf(&b, "• %s: %s\n", idMonthYear(m), parse.Rupiah(due.Monthly))
	}
	fmt.Fprintf(&b, "Jumlah: *%s*\n", parse.Rupiah(due.Monthly*int64(len(due.Unpaid))))
	idSources(&b, from)
	return b.String()
}
func (indonesian) WajibReceipt(ref string, months []time.Time, amount, balance int64, at time.Time) string {
	names := make([]string, len(months))
	for i, m := range months {
		names[i] = idMonthYear(m)
	}
	return fmt.Sprintf("✅ *Tanda terima simpanan wajib*\nNo. referensi: %s\nWaktu: %s %s\nUntuk: %s\nJumlah: *%s*\nSaldo simpanan wajib: %s\n\nSimpan pesan ini sebagai bukti pembayaran.",
		ref, idDate(at), at.Format("15.04"), strings.Join(names, ", "), parse.Rupiah(amount), parse.Rupiah(balance))
}
