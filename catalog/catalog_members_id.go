package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/coop"

	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

func idDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), idMonths[t.Month()-1], t.Year())
}

func idMonthYear(t time.Time) string {
	return fmt.Sprintf("%s %d", idMonthsLong[t.Month()-1], t.Year())
}

var idMonthsLong = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// idRate shows basis points a year as "3,5% per tahun".
func idRate(bp int64) string {
	if bp%100 == 0 {
		return fmt.Sprintf("%d%%", bp/100)
	}
	return strings.TrimRight(fmt.Sprintf("%d,%02d", bp/100, bp%100), "0") + "%"
}

func (indonesian) PickNumber(n int) string {
	if n == 1 {
		return "Pilihan tidak ada. Balas *1*."
	}
	return fmt.Sprintf("Pilihan tidak ada. Balas dengan angka 1 sampai %d.", n)
}

func idReplyRange(n int) string {
	if n == 1 {
		return "Balas *1*."
	}
	return fmt.Sprintf("Balas nomor 1-%d.", n)
}
func (indonesian) AskYesNo() string {
	return "Balas *ya* untuk melanjutkan atau *tidak* untuk membatalkan."
}
func (indonesian) BadAmount() string {
	return "Jumlah tidak terbaca. Tulis misalnya *5.000.000*, *5jt* atau *500rb*."
}
func (indonesian) BadDate() string {
	return "Tanggal tidak terbaca. Tulis misalnya *17-08-1990* atau *17 Agustus 1990*."
}

func (indonesian) AskPIN() string {
	return "Ketik PIN 6 angka Anda.\n_Demi keamanan, hapus pesan berisi PIN setelah selesai._"
}
func (indonesian) AskOldPIN() string { return "Ketik PIN Anda yang sekarang (6 angka)." }
func (indonesian) AskNewPIN() string {
	return "Buat PIN baru: 6 angka yang mudah Anda ingat tetapi sulit ditebak orang lain (jangan tanggal lahir atau 123456).\n_Jangan beri tahu PIN kepada siapa pun, termasuk petugas._"
}
func (indonesian) ConfirmNewPIN() string { return "Ketik sekali lagi PIN baru Anda untuk memastikan." }
func (indonesian) PINsDiffer() string {
	return "Kedua PIN tidak sama. Ulangi: ketik PIN baru 6 angka."
}
func (indonesian) SamePIN() string { return "PIN baru sama dengan PIN lama. Pilih PIN lain." }
func (indonesian) WeakPIN(why PINWeakness) string {
	switch why {
	case PINNotSixDigits:
		return "PIN harus tepat 6 angka, misalnya *583920*."
	case PINRepeated:
		return "PIN itu terlalu mudah ditebak (angka berulang). Pilih 6 angka lain."
	case PINSequence:
		return "PIN itu terlalu mudah ditebak (angka berurutan). Pilih 6 angka lain."
	case PINBirthDate:
		return "PIN tidak boleh tanggal lahir Anda. Pilih 6 angka lain."
	}
	return "PIN itu tidak bisa dipakai. Pilih 6 angka lain."
}
func (indonesian) WrongPIN(left int) string {
	return fmt.Sprintf("PIN salah. Sisa percobaan: %d. Setelah itu PIN akan terkunci sementara.", left)
}
func (indonesian) PINLocked(until time.Time) string {
	return fmt.Sprintf("PIN Anda terkunci karena salah beberapa kali. Coba lagi setelah pukul %s tanggal %s.\nLupa PIN? Minta petugas koperasi mereset PIN Anda.", until.Format("15.04"), idDate(until))
}
func (indonesian) PINSet() string {
	return "PIN Anda sudah disimpan. Ketik *menu* untuk melihat layanan."
}
func (indonesian) NeedPINFirst() string {
	return "Anda belum punya PIN (atau PIN Anda direset). Buat PIN dulu lewat layanan *Ganti PIN* (ketik *pin*), lalu ulangi."
}

func (indonesian) RegisterChoose(coop, note string) string {
	text := fmt.Sprintf("*Registrasi %s*\n\n1. Saya sudah anggota: hubungkan nomor WhatsApp ini\n2. Saya ingin menjadi anggota baru\n\nBalas 1 atau 2.", coop)
	if note != "" {
		text = note + "\n\n" + text
	}
	return text
}
func (indonesian) LastApplicationRejected(regNo, reason string) string {
	return fmt.Sprintf("Pendaftaran Anda sebelumnya (%s) tidak disetujui: %s", regNo, reason)
}
func (indonesian) AskNIK() string { return "Ketik NIK Anda (16 angka, seperti di KTP)." }
func (indonesian) BadNIK() string {
	return "NIK harus 16 angka, seperti tertulis di KTP. Contoh: *3204011708900000*."
}
func (indonesian) AskBirthDate() string { return "Ketik tanggal lahir Anda, misalnya *17-08-1990*." }
func (indonesian) NotFoundForLink(branch string) string {
	return fmt.Sprintf("Kami tidak menemukan data anggota dengan NIK dan nomor WhatsApp ini. Jika Anda belum menjadi anggota, ketik *registrasi* lalu pilih 2. Jika sudah, hubungi %s.", branch)
}
func (indonesian) PhoneDiffers(masked, branch string) string {
	return fmt.Sprintf("NIK Anda terdaftar dengan nomor HP lain (berakhiran %s). Untuk keamanan, nomor hanya bisa diganti oleh petugas: datanglah ke %s dengan membawa KTP.", masked, branch)
}
func (indonesian) NIKBirthMismatch() string {
	return "NIK dan tanggal lahir tidak cocok dengan data anggota untuk nomor ini."
}
func (indonesian) LinkFailed(branch string) string {
	return fmt.Sprintf("Data belum cocok setelah 3 kali percobaan. Silakan hubungi %s dengan membawa KTP.", branch)
}
func (indonesian) Linked(name, no string) string {
	return fmt.Sprintf("Data cocok. Nomor WhatsApp ini sekarang terhubung dengan keanggotaan %s (No. %s).", name, no)
}
func (indonesian) AlreadyMember(name, no string) string {
	return fmt.Sprintf("Nomor ini sudah terdaftar sebagai anggota atas nama %s (No. %s). Ketik *menu* untuk melihat layanan.", name, no)
}
func (indonesian) ApplicationPending(regNo string, since time.Time) string {
	return fmt.Sprintf("Pendaftaran Anda (%s, %s) sedang diperiksa petugas. Anda akan diberi tahu lewat WhatsApp setelah ada keputusan, biasanya 1-2 hari kerja.", regNo, idDate(since))
}
func (indonesian) AskFullName() string { return "Ketik nama lengkap Anda sesuai KTP." }
func (indonesian) BadName() string {
	return "Nama hanya boleh berisi huruf, spasi, titik atau tanda petik, minimal 3 huruf. Contoh: *Siti Aminah*."
}
func (indonesian) NIKRegistered(branch string) string {
	return fmt.Sprintf("NIK ini sudah terdaftar di koperasi. Jika itu Anda, ketik *registrasi* lalu pilih 1 untuk menghubungkan WhatsApp, atau hubungi %s.", branch)
}
func (indonesian) TooYoung() string {
	return "Anggota koperasi minimal berusia 17 tahun. Periksa lagi tanggal lahir Anda, misalnya *17-08-1990*."
}
func (indonesian) AskAddress() string {
	return "Ketik alamat lengkap Anda (jalan, nomor, RT/RW, kelurahan, kota)."
}
func (indonesian) BadAddress() string {
	return "Alamat terlalu pendek. Contoh: *Jl. Merdeka No. 10 RT 02/RW 05, Sukajadi, Bandung*."
}
func (indonesian) AskOccupation() string { return "Apa pekerjaan Anda? Misalnya *Pedagang*, *Guru*." }
func (indonesian) BadOccupation() string { return "Tulis pekerjaan Anda, misalnya *Pedagang*." }
func (indonesian) AskKTPPhoto() string {
	return "Kirim foto KTP Anda: seluruh kartu terlihat, tulisan terbaca, tidak silau."
}
func (indonesian) NeedKTPPhoto() string {
	return "Kami perlu *foto* KTP Anda. Kirim sebagai gambar (ikon kamera atau lampiran > Galeri)."
}
func (indonesian) Terms(coop string, pokok, wajib int64) string {
	return fmt.Sprintf("*Ketentuan keanggotaan %s*\n"+
		"• Simpanan pokok %s, dibayar sekali saat menjadi anggota.\n"+
		"• Simpanan wajib %s setiap bulan.\n"+
		"• Simpanan pokok dan wajib dapat diambil kembali saat berhenti menjadi anggota, sesuai AD/ART.\n"+
		"• Data Anda dipakai untuk keanggotaan dan diperiksa petugas.\n\n"+
		"Balas *setuju* untuk mengirim pendaftaran, atau *tidak* untuk membatalkan.", coop, parse.Rupiah(pokok), parse.Rupiah(wajib))
}
func (indonesian) AskConsent() string {
	return "Balas *setuju* untuk mengirim pendaftaran, atau *tidak* untuk membatalkan."
}
func (indonesian) ApplicationDropped() string {
	return "Baik, pendaftaran tidak dikirim dan data Anda tidak disimpan."
}
func (indonesian) Applied(regNo, branch string) string {
	return fmt.Sprintf("Terima kasih! Pendaftaran Anda terkirim dengan nomor *%s*.\n\n"+
		"Selanjutnya: petugas %s memeriksa data dan foto KTP Anda (biasanya 1-2 hari kerja). Anda akan diberi tahu lewat WhatsApp. "+
		"Ketik *registrasi* kapan saja untuk melihat statusnya.", regNo, branch)
}

func (indonesian) NoProductsToOpen() string {
	return "Anda sudah memiliki semua jenis tabungan yang tersedia. Ketik *cek tabungan* untuk melihat saldonya."
}
func (indonesian) ChooseSavingsProduct(ps []store.Product) string {
	var b strings.Builder
	b.WriteString("*Buka Tabungan*\nPilih jenis tabungan:\n")
	for i, p := range ps {
		fmt.Fprintf(&b, "%d. %s (setoran awal min. %s, bunga %s per tahun)\n", i+1, p.Name, parse.Rupiah(p.MinOpening), idRate(p.RateBP))
	}
	b.WriteString("\n" + idReplyRange(len(ps)))
	return b.String()
}
func (indonesian) SavingsTerms(p store.Product, fee int64) string {
	feeText := "tanpa biaya administrasi"
	if fee > 0 {
		feeText = "biaya administrasi " + parse.Rupiah(fee) + " per bulan"
	}
	return fmt.Sprintf("*%s*\n• Setoran awal minimal %s\n• Saldo minimal %s\n• Bunga %s per tahun, dihitung dari saldo harian\n• %s\n\nBuka rekening ini? Balas *ya* atau *tidak*.",
		p.Name, parse.Rupiah(p.MinOpening), parse.Rupiah(p.MinBalance), idRate(p.RateBP), feeText)
}
func (indonesian) SavingsOpened(number string, p store.Product, branch string) string {
	return fmt.Sprintf("Rekening *%s* sudah dibuka.\nNo. rekening: *%s*\n\nSetoran awal minimal %s: setor tunai di %s, atau transfer ke rekening bank koperasi lalu kirim buktinya. Sebutkan nomor rekening di atas.",
		p.Name, number, parse.Rupiah(p.MinOpening), branch)
}

func (indonesian) PickAccountOrMonth(n int) string {
	return fmt.Sprintf("Ketik bulan untuk kartu simpanan, misalnya *11-2026* atau *nov 2026*, atau nomor 1-%d untuk rekening lain.", n)
}
func (indonesian) SavingsCard(a store.Account, month time.Time, st store.Statement, loc *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Kartu Simpanan %s*\n%s · No. %s\n\nSaldo awal: %s\n", idMonthYear(month), a.ProductName, a.Number, parse.Rupiah(st.Opening))
	if len(st.Movements) == 0 {
		b.WriteString("Tidak ada transaksi bulan ini.\n")
	}
	for _, m := range st.Movements {
		t := m.At.In(loc)
		sign := "+"
		if m.Amount < 0 {
			sign = "-"
		}
		fmt.Fprintf(&b, "%02d %s  %s %s%s  → %s\n", t.Day(), idMonths[t.Month()-1], idMemo(m.Memo), sign, parse.Rupiah(abs(m.Amount)), parse.Rupiah(m.Balance))
	}
	fmt.Fprintf(&b, "Saldo akhir: *%s*\n\nKetik bulan lain, nomor rekening lain, atau *menu*.", parse.Rupiah(st.Closing))
	return b.String()
}

func (indonesian) NoDeposits() string {
	return "Anda belum memiliki deposito. Tanyakan produk deposito di kantor koperasi. Ketik *menu* untuk layanan lain."
}
func (indonesian) Deposits(name string, ds []DepositLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Deposito %s*\n", name)
	for i, d := range ds {
		roll := "dicairkan ke tabungan saat jatuh tempo"
		if d.Deposit.Rollover {
			roll = "diperpanjang otomatis (ARO)"
		}
		left := fmt.Sprintf("%d hari lagi", d.DaysLeft)
		if d.DaysLeft == 0 {
			left = "jatuh tempo hari ini"
		} else if d.DaysLeft < 0 {
			left = "sudah jatuh tempo"
		}
		fmt.Fprintf(&b, "\n%d. No. %s\n   Pokok: *%s*\n   Bunga: %s per tahun, %d bulan\n   Mulai: %s\n   Jatuh tempo: %s (%s)\n   Bunga saat jatuh tempo: %s (sebelum pajak)\n   Saat jatuh tempo: %s\n",
			i+1, d.Deposit.Account.Number, parse.Rupiah(d.Deposit.Principal), idRate(d.Deposit.RateBP), d.Deposit.TenorMonths,
			idDate(d.Deposit.Start), idDate(d.Deposit.Maturity), left, parse.Rupiah(d.Interest), roll)
	}
	b.WriteString("\nKetik *menu* untuk layanan lain.")
	return b.String()
}
func (indonesian) NoLoans() string {
	return "Anda tidak memiliki pinjaman aktif. Ketik *pinjaman* untuk simulasi dan pengajuan."
}
func (indonesian) Loans(name string, ls []LoanLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Pinjaman %s*\n", name)
	for i, l := range ls {
		fmt.Fprintf(&b, "\n%d. %s · No. %s\n   Pokok pinjaman: %s\n   Sisa pokok: *%s*\n   Angsuran dibayar: %d dari %d\n",
			i+1, l.Loan.Account.ProductName, l.Loan.Account.Number, parse.Rupiah(l.Loan.Principal), parse.Rupiah(l.Outstanding), l.Paid, l.Count)
		if l.HasNext {
			fmt.Fprintf(&b, "   Angsuran berikutnya: %s, jatuh tempo %s\n", parse.Rupiah(l.Next.Total()-l.Next.Paid), idDate(l.Next.Due))
		}
		if l.Overdue > 0 {
			fmt.Fprintf(&b, "   ⚠ Tunggakan: %s (%d angsuran), denda sejauh ini %s\n", parse.Rupiah(l.Arrears), l.Overdue, parse.Rupiah(l.LateFees))
		} else {
			b.WriteString("   Tidak ada tunggakan\n")
		}
	}
	if len(ls) == 1 {
		b.WriteString("\nKetik *jadwal* untuk jadwal angsuran lengkap, atau *menu*.")
	} else {
		fmt.Fprintf(&b, "\nKetik nomor pinjaman (1-%d) untuk jadwal angsurannya, atau *menu*.", len(ls))
	}
	return b.String()
}
func (indonesian) ScheduleOption(i, n int) string {
	if n == 1 {
		return "jadwal angsuran lengkap"
	}
	return fmt.Sprintf("jadwal angsuran pinjaman %d", i)
}
func (indonesian) AskSchedule(n int) string {
	if n == 1 {
		return "Ketik *jadwal* untuk jadwal angsuran lengkap."
	}
	return fmt.Sprintf("Ketik nomor pinjaman 1-%d untuk jadwal angsurannya.", n)
}
func (indonesian) Schedule(l store.Loan, sched []store.Installment, today time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Jadwal angsuran %s*\nNo. %s · %s, bunga %s per tahun (%s)\n\n", l.Account.ProductName, l.Account.Number,
		parse.Rupiah(l.Principal), idRate(l.RateBP), idMethod(l.Method))
	for _, in := range sched {
		status := ""
		switch {
		case in.Paid >= in.Total():
			status = " ✓ lunas"
		case DaysBetween(in.Due, today) > 0:
			status = " ⚠ terlambat"
		}
		fmt.Fprintf(&b, "%2d. %s  %s (pokok %s + bunga %s)%s\n", in.No, idDate(in.Due), parse.Rupiah(in.Total()), parse.Rupiah(in.Principal), parse.Rupiah(in.Interest), status)
	}
	b.WriteString("\nKetik *menu* untuk layanan lain.")
	return b.String()
}

func idMethod(m string) string {
	switch m {
	case "annuity":
		return "anuitas"
	case "declining":
		return "bunga menurun"
	}
	return "bunga flat"
}

func (indonesian) NoLoanProducts() string {
	return "Saat ini belum ada produk pinjaman yang bisa diajukan lewat WhatsApp. Silakan hubungi kantor koperasi."
}
func (indonesian) ChooseLoanProduct(ps []store.Product) string {
	var b strings.Builder
	b.WriteString("*Simulasi & Pengajuan Pinjaman*\nPilih produk:\n")
	for i, p := range ps {
		fmt.Fprintf(&b, "%d. %s (bunga %s per tahun, %s)\n", i+1, p.Name, idRate(p.RateBP), idMethod(p.Settings().Method))
	}
	b.WriteString("\n" + idReplyRange(len(ps)))
	return b.String()
}
func (indonesian) AskLoanAmount(p store.Product, max int64) string {
	return fmt.Sprintf("*%s* (bunga %s per tahun, %s)\nBerapa jumlah pinjaman yang Anda perlukan? Maksimal %s. Contoh: *5jt* atau *5.000.000*.",
		p.Name, idRate(p.RateBP), idMethod(p.Settings().Method), parse.Rupiah(max))
}
func (indonesian) LoanAmountTooLarge(max int64) string {
	return fmt.Sprintf("Jumlah itu melebihi batas produk ini, maksimal %s. Ketik jumlah yang lebih kecil.", parse.Rupiah(max))
}
func (indonesian) LoanAmountTooSmall(min int64) string {
	return fmt.Sprintf("Pinjaman minimal %s. Ketik jumlah yang lebih besar.", parse.Rupiah(min))
}
func (indonesian) AskTenor(max int) string {
	return fmt.Sprintf("Berapa lama jangka waktunya? Ketik jumlah bulan, 1 sampai %d. Contoh: *12* atau *2 tahun*.", max)
}
func (indonesian) BadTenor(max int) string {
	return fmt.Sprintf("Jangka waktu harus 1 sampai %d bulan. Contoh: *12* atau *2 tahun*.", max)
}
func (indonesian) LoanSimulation(s Simulation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Simulasi %s*\nPinjaman: %s\nJangka waktu: %d bulan\nBunga: %s per tahun (%s)\n\n", s.Product.Name, parse.Rupiah(s.Amount), s.Tenor, idRate(s.Product.RateBP), idMethod(string(s.Method)))
	switch {
	case s.Method == "declining":
		fmt.Fprintf(&b, "Angsuran per bulan: *%s* (pertama), menurun setiap bulan\n", parse.Rupiah(s.Installment))
	case s.Last != s.Installment:
		fmt.Fprintf(&b, "Angsuran per bulan: *%s* (angsuran terakhir %s)\n", parse.Rupiah(s.Installment), parse.Rupiah(s.Last))
	default:
		fmt.Fprintf(&b, "Angsuran per bulan: *%s*\n", parse.Rupiah(s.Installment))
	}
	fmt.Fprintf(&b, "Total bunga: %s\nTotal dibayar: %s\n\n", parse.Rupiah(s.Summary.Interest), parse.Rupiah(s.Summary.Total))
	for i, in := range s.Schedule {
		if i == 3 {
			fmt.Fprintf(&b, "… (%d angsuran lagi)\n", len(s.Schedule)-3)
			break
		}
		fmt.Fprintf(&b, "%d. %s  %s (pokok %s + bunga %s)\n", in.No, idDate(in.Due), parse.Rupiah(in.Total()), parse.Rupiah(in.Principal), parse.Rupiah(in.Interest))
	}
	b.WriteString("\n1. Ajukan pinjaman ini\n2. Hitung ulang\n3. Selesai")
	return b.String()
}
func (indonesian) SimulationDone() string {
	return "Baik. Simulasi tidak mengikat. Ketik *pinjaman* kapan saja untuk menghitung lagi."
}
func (indonesian) LoanAlreadyPending(appNo string) string {
	return fmt.Sprintf("Anda masih punya pengajuan pinjaman %s yang sedang diperiksa; pinjaman baru bisa diajukan setelah ada keputusan.\n\n2. Hitung ulang\n3. Selesai\n\nBalas 2 atau 3.", appNo)
}
func (indonesian) LoanPendingStart(a store.LoanApplication, loc *time.Location) string {
	return fmt.Sprintf("*Simulasi & Pengajuan Pinjaman*\nPengajuan pinjaman Anda *%s* (%s, %d bulan, diajukan %s) sedang diperiksa petugas. Anda akan diberi tahu hasilnya lewat WhatsApp; pinjaman baru bisa diajukan setelah itu.\n\n1. Hitung simulasi pinjaman lain (tanpa mengajukan)\n2. Selesai\n\nBalas 1 atau 2.",
		a.No(), parse.Rupiah(a.Amount), a.TenorMonths, idDate(a.CreatedAt.In(loc)))
}
func (indonesian) LoanPendingOptions() (string, string) {
	return "hitung simulasi pinjaman lain simulate", "selesai done"
}
func (indonesian) LoanDecideOptions() []string {
	return []string{"ajukan pinjaman ini apply", "hitung ulang again", "selesai done"}
}
func (indonesian) LoanAmountTaken(p store.Product, amount int64) string {
	return fmt.Sprintf("*%s* (bunga %s per tahun, %s): pinjaman %s.", p.Name, idRate(p.RateBP), idMethod(p.Settings().Method), parse.Rupiah(amount))
}
func (indonesian) LoanChecksFailed(checks []LoanCheck) string {
	var b strings.Builder
	b.WriteString("Pinjaman ini belum bisa diajukan:\n")
	for _, ch := range checks {
		if ch.OK {
			continue
		}
		switch ch.Kind {
		case "ceiling":
			fmt.Fprintf(&b, "• Angsuran %s melebihi sisa plafon angsuran Anda, %s per bulan. Coba jumlah lebih kecil atau jangka waktu lebih panjang.\n", parse.Rupiah(ch.Need), parse.Rupiah(ch.Have))
		case "savings":
			fmt.Fprintf(&b, "• Simpanan Anda %s; untuk pinjaman ini perlu minimal %s.\n", parse.Rupiah(ch.Have), parse.Rupiah(ch.Need))
		case "retirement":
			fmt.Fprintf(&b, "• Pinjaman berakhir %s, setelah Anda berusia %d tahun (usia pensiun). Pilih jangka waktu lebih pendek.\n", idDate(ch.EndsAt), ch.RetirementAge)
		}
	}
	b.WriteString("\nKetik *pinjaman* untuk menghitung ulang, atau *menu*.")
	return b.String()
}
func (indonesian) LoanChecksPassed() string {
	return "Pinjaman ini memenuhi syarat plafon, simpanan dan usia."
}
func (indonesian) LoanApplied(appNo, branch string) string {
	return fmt.Sprintf("Pengajuan pinjaman terkirim dengan nomor *%s*. Petugas %s akan memeriksanya; Anda akan diberi tahu hasilnya lewat WhatsApp.", appNo, branch)
}

func (indonesian) Profile(m store.Member, branch string, loc *time.Location) string {
	gender := map[string]string{"L": "Laki-laki", "P": "Perempuan"}[m.Gender]
	status := map[store.MemberStatus]string{store.MemberActive: "Aktif", store.MemberSuspended: "Dibekukan", store.MemberApplicant: "Menunggu persetujuan"}[m.Status]
	birth := "-"
	if !m.BirthDate.IsZero() {
		birth = idDate(m.BirthDate)
	}
	pin := "sudah dibuat"
	if !m.HasPIN() {
		pin = "belum dibuat (ketik *pin*)"
	}
	return fmt.Sprintf("*Profil Anggota*\nNama: %s\nNo. anggota: %s\nNIK: %s\nTanggal lahir: %s\nJenis kelamin: %s\nAlamat: %s\nPekerjaan: %s\nNo. HP: +%s\nCabang: %s\nStatus: %s\nAnggota sejak: %s\nPIN: %s\n\nData salah? Hubungi %s untuk memperbaikinya.",
		m.Name, m.No, store.MaskNIK(m.NIK), birth, orDash(gender), orDash(m.Address), orDash(m.Occupation), m.Phone, branch, orDash(status), idDate(m.JoinedAt.In(loc)), pin, branch)
}

var idStatus = map[store.MemberStatus]string{store.MemberActive: "aktif", store.MemberApplicant: "menunggu persetujuan",
	store.MemberSuspended: "dibekukan", store.MemberClosed: "keluar", store.MemberRejected: "ditolak"}

func idDateOrDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return idDate(t)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (indonesian) AdminOnly() string {
	return "Maaf, perintah ini khusus untuk petugas koperasi. Ketik *menu* untuk layanan anggota."
}
func (indonesian) AdminMenu(p store.Pending) string {
	return fmt.Sprintf("*Menu Petugas*\n1. Pendaftaran menunggu (%d)\n2. Pengajuan pinjaman menunggu (%d)\n3. Cari anggota\n4. Reset PIN anggota\n5. Setoran tunai\n6. Penarikan tunai\n7. Angsuran tunai\n8. Batalkan transaksi\n9. Pencairan pinjaman\n10. Verifikasi KTP menunggu (%d)\n11. Setoran transfer menunggu (%d)\n12. Penarikan menunggu dibayar (%d)\n13. Chat menunggu petugas (%d)\n\nBalas nomor 1-13.",
		p.Applications, p.Loans, p.KTPReviews, p.Deposits, p.Withdrawals, p.Handovers)
}
func (indonesian) AdminNothingPending() string {
	return "Tidak ada yang menunggu. Ketik *admin* untuk menu petugas."
}
func (indonesian) AdminApplications(ms []store.Member, loc *time.Location) string {
	var b strings.Builder
	b.WriteString("*Pendaftaran menunggu*\n")
	for i, m := range ms {
		fmt.Fprintf(&b, "%d. %s · %s · %s\n", i+1, m.RegNo, m.Name, idDate(m.CreatedAt.In(loc)))
	}
	b.WriteString("\nBalas nomor urut untuk melihat datanya.")
	return b.String()
}
func (indonesian) AdminApplication(m store.Member, loc *time.Location) string {
	return fmt.Sprintf("*%s*\nNama: %s\nNIK: %s\nTanggal lahir: %s\nAlamat: %s\nPekerjaan: %s\nNo. HP: +%s\nDaftar: %s\n\n1. Setujui\n2. Tolak",
		m.RegNo, m.Name, orDash(ktp.Mask(m.NIK)), idDateOrDash(m.BirthDate), orDash(m.Address), orDash(m.Occupation), m.Phone, idDate(m.CreatedAt.In(loc)))
}
func (indonesian) AdminKTPCaption(regNo string) string { return "Foto KTP " + regNo }
func (indonesian) AdminAskReason() string {
	return fmt.Sprintf("Tulis alasan penolakan yang akan dibaca pemohon (minimal %d huruf), misalnya *Foto KTP tidak terbaca*.", coop.MinReasonLetters)
}
func (indonesian) AdminApproved(regNo, name, no string) string {
	return fmt.Sprintf("%s disetujui: %s sekarang anggota No. %s. Rekening simpanan pokok dan wajib sudah dibuka, dan ia sudah diberi tahu.", regNo, name, no)
}
func (indonesian) AdminRejected(regNo, name string) string {
	return fmt.Sprintf("%s (%s) ditolak, dan pemohon sudah diberi tahu alasannya.", regNo, name)
}
func (indonesian) AdminAlreadyDecided(no string) string {
	return fmt.Sprintf("%s sudah diputuskan petugas lain. Ketik *admin* untuk menu petugas.", no)
}
func (indonesian) AdminLoanApplications(as []store.LoanApplication, names []string) string {
	var b strings.Builder
	b.WriteString("*Pengajuan pinjaman menunggu*\n")
	for i, a := range as {
		fmt.Fprintf(&b, "%d. %s · %s · %s, %d bulan\n", i+1, a.No(), names[i], parse.Rupiah(a.Amount), a.TenorMonths)
	}
	b.WriteString("\nBalas nomor urut untuk melihat datanya.")
	return b.String()
}
func (indonesian) AdminLoanApplication(a store.LoanApplication, m store.Member, savings int64) string {
	return fmt.Sprintf("*%s*\nAnggota: %s (No. %s)\nProduk: %s\nJumlah: %s\nJangka waktu: %d bulan\nAngsuran: %s per bulan\nPlafon angsuran: %s\nTotal simpanan: %s\nDiajukan: %s\n\n1. Setujui\n2. Tolak",
		a.No(), m.Name, m.No, a.Product.Name, parse.Rupiah(a.Amount), a.TenorMonths, parse.Rupiah(a.Installment), parse.Rupiah(m.Ceiling), parse.Rupiah(savings), idDate(a.CreatedAt))
}
func (indonesian) AdminLoanDecided(appNo string, approved bool) string {
	if approved {
		return fmt.Sprintf("%s disetujui; anggota sudah diberi tahu untuk datang ke kantor untuk akad dan pencairan.", appNo)
	}
	return fmt.Sprintf("%s ditolak; anggota sudah diberi tahu alasannya.", appNo)
}
func (indonesian) AdminAskQuery() string {
	return "Ketik nama (minimal 3 huruf), nomor anggota, NIK atau nomor HP yang dicari."
}
func (indonesian) AdminFound(ms []store.Member) string {
	if len(ms) == 0 {
		return "Tidak ditemukan. Ketik *admin* untuk mencari lagi."
	}
	var b strings.Builder
	b.WriteString("*Hasil pencarian*\n")
	for _, m := range ms {
		no := m.No
		if no == "" {
			no = m.RegNo
		}
		fmt.Fprintf(&b, "• %s · %s · +%s · NIK %s · %s\n", no, m.Name, m.Phone, store.MaskNIK(m.NIK), idStatus[m.Status])
	}
	return b.String()
}
func (indonesian) AdminAskMemberNo() string {
	return "Ketik nomor anggota yang PIN-nya akan direset, misalnya *01.00000*. Pastikan Anda sudah memeriksa KTP anggota tersebut."
}
func (indonesian) AdminNoSuchMember(no string) string {
	return fmt.Sprintf("Tidak ada anggota dengan nomor %s. Ketik nomor anggota, misalnya *01.00000*.", no)
}
func (indonesian) AdminPINReset(no, name string) string {
	return fmt.Sprintf("PIN %s (%s) sudah direset. Anggota sudah diberi tahu untuk membuat PIN baru.", name, no)
}
func (indonesian) AdminNewApplication(regNo, name string) string {
	return fmt.Sprintf("Pendaftaran baru %s atas nama %s menunggu pemeriksaan. Ketik *admin* untuk memeriksanya.", regNo, name)
}
func (indonesian) AdminNewLoanApplication(appNo, name string, amount int64, tenor int) string {
	return fmt.Sprintf("Pengajuan pinjaman baru %s dari %s: %s, %d bulan. Ketik *admin* untuk memeriksanya.", appNo, name, parse.Rupiah(amount), tenor)
}

func (indonesian) AdminAskSavingsAccount() string {
	return "Ketik nomor rekening simpanan anggota (10 angka), misalnya *0104000005*."
}
func (indonesian) AdminAskCashAmount(op string, a store.Account, owner string) string {
	what := "disetor"
	if op == "withdraw" {
		what = "ditarik"
	}
	return fmt.Sprintf("%s No. %s atas nama %s, saldo %s.\nBerapa yang %s? Contoh: *500rb*.", a.ProductName, a.Number, owner, parse.Rupiah(a.Amount()), what)
}
func (indonesian) AdminConfirmCash(op, account string, amount int64) string {
	if op == "withdraw" {
		return fmt.Sprintf("Penarikan tunai *%s* dari rekening No. %s. Uang sudah diserahkan? Balas *ya* untuk membukukan, atau *tidak*.", parse.Rupiah(amount), account)
	}
	return fmt.Sprintf("Setoran tunai *%s* ke rekening No. %s. Uang sudah dihitung? Balas *ya* untuk membukukan, atau *tidak*.", parse.Rupiah(amount), account)
}
func (indonesian) AdminAskLoanAccount() string {
	return "Ketik nomor rekening pinjaman (10 angka), misalnya *0106000003*."
}
func (indonesian) AdminConfirmInstallment(due store.LoanDue) string {
	return fmt.Sprintf("Pinjaman No. %s: yang jatuh tempo sekarang *%s* (termasuk denda %s). Terima tunai? Balas *ya* atau *tidak*.", due.Loan.Account.Number, parse.Rupiah(due.Now), parse.Rupiah(due.LateFees))
}
func (indonesian) AdminAskReference() string {
	return "Ketik nomor referensi transaksi yang dibatalkan, misalnya *TRX-000123*."
}
func (indonesian) AdminTellerDone(ref string, amount int64) string {
	return fmt.Sprintf("Dibukukan: %s, %s. Anggota sudah menerima tanda terimanya.", ref, parse.Rupiah(amount))
}
func (indonesian) AdminTellerRefused(why string) string {
	return "Tidak dibukukan: " + why + ". Ketik *admin* untuk menu petugas."
}
func (indonesian) AdminWithdrawable(amount int64) string {
	return fmt.Sprintf("Tidak dibukukan: yang bisa ditarik dari rekening ini paling banyak %s (saldo dikurangi saldo minimal dan dana yang ditahan). Ketik *admin* untuk mengulang.", parse.Rupiah(amount))
}
func (indonesian) AdminAskReversalReason() string {
	return fmt.Sprintf("Tulis alasan pembatalan (minimal %d huruf); anggota akan membacanya. Contoh: *Setoran tercatat dua kali*.", coop.MinReasonLetters)
}
func (indonesian) AdminLoanApproved(appNo, loanAccount string) string {
	return fmt.Sprintf("%s disetujui; anggota sudah diberi tahu untuk datang ke kantor untuk akad. Rekening pinjamannya No. %s: cairkan lewat *admin* > 9 saat akad.", appNo, loanAccount)
}
func (indonesian) AdminAskDisburseSavings(loanAccount string, principal int64, owner string) string {
	return fmt.Sprintf("Pinjaman No. %s atas nama %s, %s. Ketik nomor rekening tabungan anggota yang menerima pencairan.", loanAccount, owner, parse.Rupiah(principal))
}
func (indonesian) AdminDisburseToOwnSavings() string {
	return "Pencairan hanya ke tabungan atau simpanan sukarela milik peminjam sendiri. Ketik nomor rekening tabungan peminjam (10 angka)."
}
func (indonesian) AdminAlreadyDisbursed(loan string) string {
	return fmt.Sprintf("Pinjaman No. %s sudah dicairkan; tidak ada yang dibukukan lagi. Ketik *admin* untuk menu petugas.", loan)
}

var idNIKParts = map[string]string{"province": "kode provinsi (2 angka pertama)", "regency": "kode kabupaten/kota (angka ke-3 dan ke-4)",
	"district": "kode kecamatan (angka ke-5 dan ke-6)", "birth date": "tanggal lahir (angka ke-7 sampai ke-12)", "serial": "nomor urut (4 angka terakhir)"}

func (indonesian) BadNIKPart(part string) string {
	what, ok := idNIKParts[part]
	if !ok {
		return For("id").BadNIK()
	}
	return fmt.Sprintf("NIK itu tidak valid: bagian %s salah. Periksa lagi 16 angka di KTP Anda, lalu ketik ulang.", what)
}
func (indonesian) BirthDateNotNIKs(nikBirth time.Time) string {
	return fmt.Sprintf("Tanggal lahir itu tidak sama dengan yang tercantum dalam NIK Anda (%s). Periksa lagi KTP Anda dan ketik tanggal lahir yang benar.", idDate(nikBirth))
}
