package catalog

import (
	"fmt"
	"strings"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

func idTellerHead(title string, r store.Receipt) string {
	return fmt.Sprintf("%s\nNo. referensi: %s\nWaktu: %s %s\n", title, r.Ref, idDate(r.At), r.At.Format("15.04"))
}

func idTellerAccount(a store.Account) string {
	return fmt.Sprintf("%s No. %s", a.ProductName, a.Number)
}

func (indonesian) TellerDeposited(r store.Receipt) string {
	var b strings.Builder
	b.WriteString(idTellerHead("✅ *Setoran tunai diterima*", r))
	fmt.Fprintf(&b, "Rekening: %s\nJumlah: *%s*\n", idTellerAccount(r.Account), parse.Rupiah(r.Amount))
	if memo := tellerMemo(r); memo != "" {
		fmt.Fprintf(&b, "Keterangan: %s\n", memo)
	}
	fmt.Fprintf(&b, "Saldo sekarang: %s\n\nSimpan pesan ini sebagai bukti setoran.", parse.Rupiah(r.Account.Amount()))
	return b.String()
}

func (indonesian) TellerWithdrawn(r store.Receipt) string {
	var b strings.Builder
	b.WriteString(idTellerHead("✅ *Penarikan tunai*", r))
	fmt.Fprintf(&b, "Rekening: %s\nJumlah: *%s*\n", idTellerAccount(r.Account), parse.Rupiah(r.Amount))
	if memo := tellerMemo(r); memo != "" {
		fmt.Fprintf(&b, "Keterangan: %s\n", memo)
	}
	fmt.Fprintf(&b, "Saldo sekarang: %s\n\nJika Anda tidak melakukan penarikan ini, segera hubungi kantor koperasi.", parse.Rupiah(r.Account.Amount()))
	return b.String()
}

func (indonesian) TellerLoanDisbursed(r store.Receipt, first store.Installment) string {
	var b strings.Builder
	b.WriteString(idTellerHead("✅ *Pinjaman dicairkan*", r))
	fmt.Fprintf(&b, "Pinjaman: %s\nJumlah: *%s*, masuk ke %s\nSaldo tabungan sekarang: %s\n",
		idTellerAccount(r.Loan), parse.Rupiah(r.Amount), idTellerAccount(r.Account), parse.Rupiah(r.Account.Amount()))
	if first.No != 0 {
		fmt.Fprintf(&b, "Angsuran pertama: %s, jatuh tempo %s.\n", parse.Rupiah(first.Total()), idDate(first.Due))
	}
	b.WriteString("\nKetik *cek pinjaman* untuk melihat jadwal angsuran.")
	return b.String()
}

func (indonesian) TellerInstallmentPaid(p store.Payment) string {
	var b strings.Builder
	b.WriteString(idTellerHead("✅ *Pembayaran angsuran diterima*", p.Receipt))
	fmt.Fprintf(&b, "Pinjaman: %s\n", idTellerAccount(p.Loan))
	from := "tunai"
	if p.Account.ID != 0 {
		from = "dari " + idTellerAccount(p.Account)
	}
	fmt.Fprintf(&b, "Dibayar: *%s* (%s)\n", parse.Rupiah(p.Amount), from)
	if p.LateFees > 0 {
		fmt.Fprintf(&b, "• Denda: %s\n", parse.Rupiah(p.LateFees))
	}
	if p.Interest > 0 {
		fmt.Fprintf(&b, "• Bunga: %s\n", parse.Rupiah(p.Interest))
	}
	if p.Principal > 0 {
		fmt.Fprintf(&b, "• Pokok: %s\n", parse.Rupiah(p.Principal))
	}
	if len(p.Cleared) > 0 {
		nos := make([]string, len(p.Cleared))
		for i, no := range p.Cleared {
			nos[i] = fmt.Sprintf("ke-%d", no)
		}
		fmt.Fprintf(&b, "Angsuran lunas: %s\n", strings.Join(nos, ", "))
	}
	fmt.Fprintf(&b, "Sisa pokok pinjaman: %s\n", parse.Rupiah(p.Remaining))
	if p.Account.ID != 0 {
		fmt.Fprintf(&b, "Saldo tabungan sekarang: %s\n", parse.Rupiah(p.Account.Amount()))
	}
	switch {
	case p.Settled:
		b.WriteString("\n🎉 Pinjaman Anda *lunas*. Terima kasih!")
	case p.Overdue > 0:
		fmt.Fprintf(&b, "\n⚠ Masih tertunggak %d angsuran: %s termasuk denda. Mohon segera dibayar agar denda tidak bertambah.", p.Overdue, parse.Rupiah(p.Arrears))
	case p.Next.No != 0:
		fmt.Fprintf(&b, "\nAngsuran berikutnya: ke-%d, %s, jatuh tempo %s.", p.Next.No, parse.Rupiah(p.Next.Total()), idDate(p.Next.Due))
	}
	return strings.TrimRight(b.String(), "\n")
}

func (indonesian) TellerReversed(r store.Receipt, mine []store.PostedLine, reason string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "↩️ *Transaksi dibatalkan*\nTransaksi %s dibatalkan oleh petugas koperasi.\nAlasan: %s\n", r.Reverses, reason)
	fmt.Fprintf(&b, "No. referensi pembatalan: %s\nWaktu: %s %s\n", r.Ref, idDate(r.At), r.At.Format("15.04"))
	for _, l := range mine {
		if l.Account.Kind == store.AccountLoan {
			fmt.Fprintf(&b, "• %s: sisa pinjaman %s, kini %s\n", idTellerAccount(l.Account), tellerSigned(tellerChange(l)), parse.Rupiah(l.Account.Amount()))
			continue
		}
		fmt.Fprintf(&b, "• %s: %s, saldo kini %s\n", idTellerAccount(l.Account), tellerSigned(tellerChange(l)), parse.Rupiah(l.Account.Amount()))
	}
	b.WriteString("\nHubungi kantor koperasi jika ada pertanyaan.")
	return b.String()
}
