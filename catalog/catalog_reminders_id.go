package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/parse"
)

const idStopHint = "\n\n_Ketik *stop pengingat* jika tidak ingin menerima pengingat ini lagi._"

func idInDays(days int) string {
	switch days {
	case 0:
		return "hari ini"
	case 1:
		return "besok"
	}
	return fmt.Sprintf("%d hari lagi", days)
}

func (indonesian) ReminderInstallmentDue(r InstallmentReminder) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Yth. Bapak/Ibu *%s*,\n\nAngsuran ke-%d %s No. %s sebesar *%s* jatuh tempo *%s* (%s).",
		r.Name, r.No, r.Product, r.LoanAccount, parse.Rupiah(r.Amount), idDate(r.Due), idInDays(r.DaysLeft))
	if r.Arrears > 0 {
		fmt.Fprintf(&b, "\nMasih ada tunggakan angsuran sebelumnya %s (termasuk denda sejauh ini).", parse.Rupiah(r.Arrears))
	}
	fmt.Fprintf(&b, "\n\nCara bayar: ketik *bayar angsuran* untuk membayar dari tabungan Anda, atau bayar tunai di %s.", r.Branch)
	b.WriteString(idStopHint)
	return b.String()
}

func (indonesian) ReminderOverdue(r OverdueReminder) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Yth. Bapak/Ibu *%s*,\n\nAngsuran %s No. %s sudah lewat jatuh tempo %d hari (sejak %s).\n",
		r.Name, r.Product, r.LoanAccount, r.DaysLate, idDate(r.Since))
	fmt.Fprintf(&b, "Tunggakan: %s (%d angsuran)\nDenda sejauh ini: %s\nTotal yang perlu dibayar: *%s*\n\n",
		parse.Rupiah(r.Arrears), r.Overdue, parse.Rupiah(r.LateFees), parse.Rupiah(r.Arrears+r.LateFees))
	fmt.Fprintf(&b, "Denda bertambah setiap hari sampai lunas. Ketik *bayar angsuran* untuk membayar dari tabungan Anda, atau bayar tunai di %s. Jika ada kesulitan, hubungi petugas kami.", r.Branch)
	b.WriteString(idStopHint)
	return b.String()
}

func (indonesian) ReminderMaturity(r MaturityReminder) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Yth. Bapak/Ibu *%s*,\n\nDeposito No. %s sebesar *%s* jatuh tempo *%s* (%s). Bunga saat jatuh tempo: %s (sebelum pajak).\n\n",
		r.Name, r.Account, parse.Rupiah(r.Principal), idDate(r.Maturity), idInDays(r.DaysLeft), parse.Rupiah(r.Interest))
	if r.Rollover {
		fmt.Fprintf(&b, "Deposito ini *diperpanjang otomatis* %d bulan dengan bunga yang berlaku. Jika ingin dicairkan, hubungi %s sebelum tanggal jatuh tempo.", r.TenorMonths, r.Branch)
	} else {
		fmt.Fprintf(&b, "Deposito ini *dicairkan* saat jatuh tempo: pokok dan bunga dibayarkan ke tabungan Anda. Jika ingin diperpanjang, hubungi %s sebelum tanggal jatuh tempo.", r.Branch)
	}
	b.WriteString(idStopHint)
	return b.String()
}

func (indonesian) ReminderWajib(r WajibReminder) string {
	var b strings.Builder
	this := r.Months[len(r.Months)-1]
	fmt.Fprintf(&b, "Yth. Bapak/Ibu *%s*,\n\nSimpanan wajib bulan %s sebesar %s belum dibayar.", r.Name, idMonthYear(this), parse.Rupiah(r.Monthly))
	if len(r.Months) > 1 {
		fmt.Fprintf(&b, " Bersama bulan sebelumnya yang belum dibayar (sejak %s), totalnya *%s* (%d bulan).", idMonthYear(r.Months[0]), parse.Rupiah(r.Amount), len(r.Months))
	}
	fmt.Fprintf(&b, "\n\nKetik *bayar wajib* untuk membayar dari tabungan Anda, atau bayar tunai di %s.", r.Branch)
	b.WriteString(idStopHint)
	return b.String()
}

var idReminderKinds = map[string]string{
	"installment-due": "angsuran jatuh tempo", "overdue": "angsuran terlambat", "maturity": "deposito jatuh tempo", "simpanan-wajib": "simpanan wajib",
}

// idClock is "pukul 10.15" on day, with the date on another day.
func idClock(t, day time.Time) string {
	if SameDay(t, day) {
		return "pukul " + t.Format("15.04")
	}
	return idDate(t) + " pukul " + t.Format("15.04")
}

func (indonesian) StaffDigest(d Digest) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Ringkasan petugas %s, %s*\n\nMenunggu keputusan:\n", d.Branch, idDate(d.Day))
	p := d.Pending
	fmt.Fprintf(&b, "- Pendaftaran anggota: %d\n- Pengajuan pinjaman: %d\n- Setoran (bukti transfer): %d\n- Penarikan: %d\n- Verifikasi KTP: %d\n- Chat menunggu petugas: %d\n",
		p.Applications, p.Loans, p.Deposits, p.Withdrawals, p.KTPReviews, p.Handovers)
	if len(d.Calls) > 0 {
		b.WriteString("\nAnggota yang perlu ditelepon (belum pernah chat dengan nomor ini, jadi pengingat tidak dikirim):\n")
		for _, c := range d.Calls {
			fmt.Fprintf(&b, "- %s (%s), %s: %s, %s\n", c.Name, c.MemberNo, parse.LocalPhone(c.Phone), idReminderKinds[reminderKindBase(c.Kind)], parse.Rupiah(c.Amount))
		}
	}
	if len(d.LongOverdue) > 0 {
		fmt.Fprintf(&b, "\nPinjaman menunggak lebih dari %d hari (pengingat otomatis sudah berhenti; mohon dihubungi):\n", d.OverdueAfter)
		for _, l := range d.LongOverdue {
			fmt.Fprintf(&b, "- %s (%s), %s: pinjaman No. %s, terlambat %d hari, %s\n", l.Name, l.MemberNo, parse.LocalPhone(l.Phone), l.LoanAccount, l.DaysLate, parse.Rupiah(l.Due))
		}
	}
	if len(d.Takeovers) > 0 {
		b.WriteString("\nChat yang diambil alih petugas dari HP cabang:\n")
		for _, t := range d.Takeovers {
			fmt.Fprintf(&b, "- Petugas mengambil alih chat dengan %s, %s, %s; bot diam sampai %s.\n", idWho(t.Who), t.Phone, idClock(t.Since, d.Day), idClock(t.Until, d.Day))
		}
	}
	b.WriteString("\nKetik *admin* untuk menu petugas.")
	return b.String()
}

func (indonesian) RemindersStopped(name string) string {
	return fmt.Sprintf("Baik, Bapak/Ibu %s. Pengingat angsuran, deposito dan simpanan wajib *tidak dikirim lagi* ke nomor ini. Balasan atas pesan Anda dan pemberitahuan transaksi tetap dikirim.\n\nKetik *mulai pengingat* untuk menerimanya lagi.", name)
}

func (indonesian) RemindersResumed(name string) string {
	return fmt.Sprintf("Baik, Bapak/Ibu %s. Pengingat angsuran, deposito dan simpanan wajib *dikirim lagi* ke nomor ini.\n\nKetik *stop pengingat* untuk menghentikannya.", name)
}
