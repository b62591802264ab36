package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// idRequestStatus names a request's status as the cooperative's member portal does.
var idRequestStatus = map[store.RequestStatus]string{
	store.RequestPending:     "Belum Diverifikasi",
	store.DepositVerified:    "Verifikasi",
	store.WithdrawalPaid:     "Verifikasi",
	store.DepositCancelled:   "Dibatalkan",
	store.WithdrawalRejected: "Dibatalkan",
}

func idAccountLine(a store.Account) string { return fmt.Sprintf("%s No. %s", a.ProductName, a.Number) }

func (indonesian) SetoranStart(pending int) string {
	return fmt.Sprintf("*Setoran Simpanan*\nSudah transfer ke rekening bank koperasi? Laporkan di sini dengan bukti transfernya; saldo bertambah setelah petugas memverifikasi.\n\n"+
		"1. Setor baru\n2. Lihat/batalkan setoran menunggu (%d)\n\nBalas 1 atau 2.", pending)
}
func (indonesian) ChooseDepositAccount(as []store.Account) string {
	var b strings.Builder
	b.WriteString("Setoran untuk rekening mana?\n")
	for i, a := range as {
		fmt.Fprintf(&b, "%d. %s\n", i+1, idAccountLine(a))
	}
	b.WriteString("\n" + idReplyRange(len(as)))
	return b.String()
}
func (indonesian) AskDepositAmount(a store.Account) string {
	return fmt.Sprintf("Rekening: %s\n\nBerapa yang Anda transfer? Tulis sesuai bukti transfer, misalnya *500.000* atau *500rb*.", idAccountLine(a))
}
func (indonesian) AskTransferDate(today time.Time) string {
	return fmt.Sprintf("Tanggal berapa Anda transfer? Misalnya *%s*, atau ketik *hari ini* atau *kemarin*.", today.Format("02-01-2006"))
}
func (indonesian) BadTransferDate(today time.Time) string {
	return fmt.Sprintf("Tanggal tidak terbaca. Tulis misalnya *%s* atau *%d %s %d*, atau ketik *hari ini*.",
		today.Format("02-01-2006"), today.Day(), idMonthsLong[today.Month()-1], today.Year())
}
func (indonesian) TransferDateInFuture(today time.Time) string {
	return fmt.Sprintf("Tanggal transfer tidak boleh setelah hari ini (%s). Periksa lagi tanggal di bukti transfer.", idDate(today))
}
func (indonesian) TransferDateTooOld(oldest time.Time) string {
	return fmt.Sprintf("Setoran bisa dilaporkan di sini paling lama 30 hari setelah transfer, jadi tanggalnya paling awal %s. Untuk transfer yang lebih lama, bawa bukti transfernya ke kantor koperasi.", idDate(oldest))
}
func idBanks(banks []string) string {
	var b strings.Builder
	for i, n := range banks {
		fmt.Fprintf(&b, "%d. %s\n", i+1, n)
	}
	fmt.Fprintf(&b, "%d. Lainnya\n\nBalas nomornya, atau tulis nama banknya, misalnya *bca*.", len(banks)+1)
	return b.String()
}
func (indonesian) AskSenderBank(banks []string) string {
	return "Dari bank apa Anda transfer?\n" + idBanks(banks)
}
func (indonesian) BadBankName(n int) string {
	return fmt.Sprintf("Bank itu tidak ada di daftar. Balas nomor 1 sampai %d, atau *%d* (Lainnya) untuk bank lain, lalu tulis namanya.", n, n+1)
}
func (indonesian) AskOtherBank() string {
	return "Tulis nama banknya, misalnya *Bank Jatim*."
}
func (indonesian) BadOtherBank() string {
	return "Nama bank tidak terbaca. Tulis nama banknya saja (huruf), misalnya *Bank Jatim*."
}
func (indonesian) AskSenderName() string {
	return "Rekening pengirim atas nama siapa? Tulis sesuai nama di bukti transfer."
}
func (indonesian) BadHolderName() string {
	return "Nama pemilik rekening tidak terbaca. Tulis nama lengkapnya, misalnya *Siti Aminah*."
}
func (indonesian) ProofKept() string {
	return "*Setoran Simpanan*\nFoto bukti transfer sudah kami simpan. Lengkapi datanya, lalu petugas memverifikasinya."
}
func (indonesian) AskProofPhoto() string {
	return "Terakhir, kirim foto atau tangkapan layar bukti transfer: jumlah, tanggal dan rekening tujuan harus terbaca."
}
func (indonesian) NeedProofPhoto() string {
	return "Kami perlu *foto* bukti transfer. Kirim sebagai gambar (ikon kamera atau lampiran > Galeri)."
}
func (indonesian) DepositSubmitted(d store.DepositRequest, branch string) string {
	return fmt.Sprintf("✅ *Setoran dilaporkan*\nNo. setoran: *%s*\nStatus: %s\nRekening: %s\nJumlah: *%s*\nTanggal transfer: %s\nDari: %s a.n. %s\n\n"+
		"Petugas %s akan mencocokkannya dengan mutasi rekening bank koperasi (biasanya 1 hari kerja). Saldo bertambah setelah diverifikasi, dan Anda akan diberi tahu. "+
		"Selama belum diverifikasi, setoran ini bisa dibatalkan lewat *setoran*.",
		d.No(), idRequestStatus[d.Status], idAccountLine(d.Account), parse.Rupiah(d.Amount), idDate(d.TransferDate), d.SenderBank, d.SenderName, branch)
}
func (indonesian) NoPendingDeposits() string {
	return "Tidak ada setoran yang menunggu verifikasi. Ketik *setoran* untuk melaporkan setoran baru."
}
func (indonesian) PendingDeposits(ds []store.DepositRequest) string {
	var b strings.Builder
	b.WriteString("*Setoran menunggu verifikasi*\n")
	for i, d := range ds {
		fmt.Fprintf(&b, "%d. %s · %s ke %s No. %s · transfer %s\n", i+1, d.No(), parse.Rupiah(d.Amount), d.Account.ProductName, d.Account.Number, idDate(d.TransferDate))
	}
	b.WriteString("\nBalas nomor urut untuk membatalkan setoran itu, atau ketik *menu*.")
	return b.String()
}
func (indonesian) ConfirmCancelDeposit(d store.DepositRequest) string {
	return fmt.Sprintf("Batalkan setoran *%s* (%s ke %s, transfer %s)?\n\nBalas *ya* untuk membatalkan, atau *tidak* untuk membiarkannya menunggu verifikasi.",
		d.No(), parse.Rupiah(d.Amount), idAccountLine(d.Account), idDate(d.TransferDate))
}
func (indonesian) DepositKept(no string) string {
	return fmt.Sprintf("Baik, setoran %s tetap menunggu verifikasi.", no)
}
func (indonesian) DepositCancelledByMember(no string) string {
	return fmt.Sprintf("Setoran *%s* dibatalkan (status: Dibatalkan). Saldo Anda tidak berubah. Jika uangnya sudah terlanjur ditransfer ke rekening koperasi, hubungi kantor koperasi.", no)
}
func (indonesian) DepositNotPending(d store.DepositRequest) string {
	return fmt.Sprintf("Setoran %s sudah tidak menunggu verifikasi (status: %s), jadi tidak bisa dibatalkan lagi.", d.No(), idRequestStatus[d.Status])
}

func (indonesian) NothingToWithdraw() string {
	return "Belum ada saldo yang bisa ditarik: penarikan dari tabungan atau simpanan sukarela yang saldonya di atas saldo minimal dan dana yang ditahan (simpanan pokok dan wajib tidak bisa ditarik selama masih menjadi anggota). Ketik *cek tabungan* untuk melihat saldo."
}
func (indonesian) ChooseWithdrawAccount(as []store.Account) string {
	var b strings.Builder
	b.WriteString("*Penarikan Simpanan*\nTarik dari rekening mana?\n")
	for i, a := range as {
		fmt.Fprintf(&b, "%d. %s (bisa ditarik %s)\n", i+1, idAccountLine(a), parse.Rupiah(a.Available()))
	}
	b.WriteString("\n" + idReplyRange(len(as)))
	return b.String()
}
func (indonesian) AskWithdrawAmount(a store.Account) string {
	return fmt.Sprintf("Tarik dari: %s\nBisa ditarik: *%s* (saldo dikurangi saldo minimal dan dana yang ditahan)\n\nBerapa yang akan ditarik? Contoh: *500rb*.",
		idAccountLine(a), parse.Rupiah(a.Available()))
}
func (indonesian) WithdrawOverAvailable(available int64) string {
	return fmt.Sprintf("Jumlah itu melebihi yang bisa ditarik. Dari rekening ini bisa ditarik paling banyak %s (saldo dikurangi saldo minimal dan dana yang ditahan). Ketik jumlah yang lebih kecil.", parse.Rupiah(available))
}
func (indonesian) AskDestinationBank(banks []string) string {
	return "Uangnya ditransfer ke bank apa?\n" + idBanks(banks)
}
func (indonesian) WithdrawTooSmall(min int64) string {
	return fmt.Sprintf("Penarikan paling sedikit %s. Ketik jumlah mulai %s, misalnya *%s*.", parse.Rupiah(min), parse.Rupiah(min), parse.Rupiah(max(min, 50_000)))
}
func (indonesian) AskDestinationAccount(bank string) string {
	return fmt.Sprintf("Ketik nomor rekening %s tujuan.", bank)
}
func (indonesian) BadDestinationAccount() string {
	return "Nomor rekening tidak terbaca. Tulis angkanya saja (6 sampai 20 angka), misalnya *1234567890*."
}
func (indonesian) AskDestinationHolder() string {
	return "Rekening itu atas nama siapa? Tulis sesuai buku tabungan, misalnya *Siti Aminah*."
}
func (indonesian) WithdrawalSummary(w store.WithdrawalRequest) string {
	return fmt.Sprintf("*Periksa penarikan Anda*\nDari: %s\nJumlah: *%s*\nKe: %s %s a.n. %s\n\n"+
		"Setelah Anda setuju, jumlah ini langsung *ditahan* di rekening Anda sampai petugas mentransfernya.\n\n"+
		"Balas *ya* untuk mengajukan, atau *tidak* untuk membatalkan.",
		idAccountLine(w.Account), parse.Rupiah(w.Amount), w.Bank, w.BankAccount, w.Holder)
}
func (indonesian) WithdrawNoLongerAvailable(available int64) string {
	return fmt.Sprintf("Saldo rekening berubah: yang bisa ditarik sekarang %s. Penarikan belum diajukan; ketik *penarikan* untuk mengulang.", parse.Rupiah(available))
}
func (indonesian) WithdrawalRequested(w store.WithdrawalRequest, branch string) string {
	return fmt.Sprintf("✅ *Penarikan diajukan*\nNo. penarikan: *%s*\nStatus: %s\nDari: %s\nJumlah: *%s* (ditahan sampai ditransfer)\nKe: %s %s a.n. %s\n\n"+
		"Petugas %s akan mentransfernya (biasanya 1 hari kerja), dan Anda akan diberi tahu. Saldo berkurang saat dana ditransfer; sampai itu, jumlah ini tidak bisa dipakai.",
		w.No(), idRequestStatus[w.Status], idAccountLine(w.Account), parse.Rupiah(w.Amount), w.Bank, w.BankAccount, w.Holder, branch)
}

func (indonesian) AdminNewDeposit(d store.DepositRequest, m store.Member) string {
	return fmt.Sprintf("Setoran baru *%s* dari %s (%s): %s ke %s, transfer %s dari %s a.n. %s.\n\n"+
		"Cocokkan dengan mutasi rekening bank koperasi, lalu verifikasi lewat *admin* > 11, atau kopbot deposits verify %s (kopbot deposits cancel %s -reason \"...\").",
		d.No(), m.Name, m.No, parse.Rupiah(d.Amount), idAccountLine(d.Account), idDate(d.TransferDate), d.SenderBank, d.SenderName, d.No(), d.No())
}
func (indonesian) AdminDepositCancelledByMember(no string, m store.Member) string {
	return fmt.Sprintf("Setoran %s dibatalkan sendiri oleh %s (%s); tidak perlu diverifikasi.", no, m.Name, m.No)
}
func (indonesian) AdminNewWithdrawal(w store.WithdrawalRequest, m store.Member) string {
	return fmt.Sprintf("Penarikan baru *%s* dari %s (%s): %s dari %s ke %s %s a.n. %s. Dananya sudah ditahan.\n\n"+
		"Setelah mentransfer, tandai dibayar lewat *admin* > 12, atau kopbot withdrawals pay %s (kopbot withdrawals reject %s -reason \"...\").",
		w.No(), m.Name, m.No, parse.Rupiah(w.Amount), idAccountLine(w.Account), w.Bank, w.BankAccount, w.Holder, w.No(), w.No())
}

func (indonesian) DepositVerified(d store.DepositRequest, ref string) string {
	return fmt.Sprintf("✅ *Setoran diverifikasi*\nNo. setoran: %s\nNo. referensi: %s\nRekening: %s\nJumlah: *%s*\nSaldo sekarang: %s\n\nSimpan pesan ini sebagai bukti setoran.",
		d.No(), ref, idAccountLine(d.Account), parse.Rupiah(d.Amount), parse.Rupiah(d.Account.Amount()))
}
func (indonesian) DepositCancelled(d store.DepositRequest) string {
	return fmt.Sprintf("Mohon maaf, setoran *%s* (%s, transfer %s) *dibatalkan* petugas.\nAlasan: %s\n\n"+
		"Saldo tidak berubah. Laporkan lagi lewat *setoran* dengan data yang benar, atau hubungi kantor koperasi.",
		d.No(), parse.Rupiah(d.Amount), idDate(d.TransferDate), d.Reason)
}
func (indonesian) WithdrawalPaid(w store.WithdrawalRequest, ref string) string {
	return fmt.Sprintf("✅ *Penarikan ditransfer*\nNo. penarikan: %s\nNo. referensi: %s\nJumlah: *%s*\nKe: %s %s a.n. %s\nDari: %s\nSaldo sekarang: %s\n\n"+
		"Jika dana belum masuk dalam 1 hari kerja, hubungi kantor koperasi.",
		w.No(), ref, parse.Rupiah(w.Amount), w.Bank, w.BankAccount, w.Holder, idAccountLine(w.Account), parse.Rupiah(w.Account.Amount()))
}
func (indonesian) WithdrawalRejected(w store.WithdrawalRequest) string {
	return fmt.Sprintf("Mohon maaf, penarikan *%s* (%s ke %s %s) *dibatalkan* petugas.\nAlasan: %s\n\n"+
		"Dana yang ditahan sudah dilepas: dari %s sekarang bisa ditarik atau dipakai %s.",
		w.No(), parse.Rupiah(w.Amount), w.Bank, w.BankAccount, w.Reason, idAccountLine(w.Account), parse.Rupiah(w.Account.Available()))
}

func (indonesian) AdminDepositList(ds []store.DepositRequest, names []string) string {
	var b strings.Builder
	b.WriteString("*Setoran menunggu verifikasi*\n")
	for i, d := range ds {
		fmt.Fprintf(&b, "%d. %s · %s · %s · transfer %s\n", i+1, d.No(), names[i], parse.Rupiah(d.Amount), idDate(d.TransferDate))
	}
	b.WriteString("\nBalas nomor urut untuk melihat buktinya.")
	return b.String()
}
func (indonesian) AdminDepositDetail(d store.DepositRequest, m store.Member) string {
	return fmt.Sprintf("*%s*\nAnggota: %s (No. %s)\nKe: %s\nJumlah: *%s*\nTanggal transfer: %s\nDari: %s a.n. %s\n\n"+
		"Cocokkan dengan mutasi rekening bank koperasi.\n1. Verifikasi (saldo anggota bertambah)\n2. Batalkan",
		d.No(), m.Name, orDash(m.No), idAccountLine(d.Account), parse.Rupiah(d.Amount), idDate(d.TransferDate), d.SenderBank, d.SenderName)
}
func (indonesian) AdminProofCaption(no string) string { return no + ": bukti transfer" }
func (indonesian) AdminDepositVerified(d store.DepositRequest, ref string) string {
	return fmt.Sprintf("%s diverifikasi: %s masuk ke %s (%s). Saldo sekarang %s; anggota sudah diberi tahu.",
		d.No(), parse.Rupiah(d.Amount), d.Account.Number, ref, parse.Rupiah(d.Account.Amount()))
}
func (indonesian) AdminDepositCancelled(no, name string) string {
	return fmt.Sprintf("%s (%s) dibatalkan; saldo tidak berubah, dan anggota sudah diberi tahu alasannya.", no, name)
}
func (indonesian) AdminWithdrawalList(ws []store.WithdrawalRequest, names []string) string {
	var b strings.Builder
	b.WriteString("*Penarikan menunggu dibayar*\n")
	for i, w := range ws {
		fmt.Fprintf(&b, "%d. %s · %s · %s ke %s\n", i+1, w.No(), names[i], parse.Rupiah(w.Amount), w.Bank)
	}
	b.WriteString("\nBalas nomor urut untuk melihat datanya.")
	return b.String()
}
func (indonesian) AdminWithdrawalDetail(w store.WithdrawalRequest, m store.Member) string {
	return fmt.Sprintf("*%s*\nAnggota: %s (No. %s)\nDari: %s (ditahan)\nJumlah: *%s*\nKe: %s %s a.n. %s\n\n"+
		"Transfer dulu dari rekening bank koperasi, lalu:\n1. Tandai sudah dibayar (saldo anggota didebet)\n2. Tolak (dana yang ditahan dilepas)",
		w.No(), m.Name, orDash(m.No), idAccountLine(w.Account), parse.Rupiah(w.Amount), w.Bank, w.BankAccount, w.Holder)
}
func (indonesian) AdminWithdrawalPaid(w store.WithdrawalRequest, ref string) string {
	return fmt.Sprintf("%s dibayar: %s dari %s (%s). Saldo sekarang %s; anggota sudah diberi tahu.",
		w.No(), parse.Rupiah(w.Amount), w.Account.Number, ref, parse.Rupiah(w.Account.Amount()))
}
func (indonesian) AdminWithdrawalRejected(no, name string) string {
	return fmt.Sprintf("%s (%s) ditolak; dana yang ditahan sudah dilepas, dan anggota sudah diberi tahu alasannya.", no, name)
}

func (indonesian) SetoranOptions() (string, string) {
	return "setor baru new", "lihat batalkan setoran menunggu see cancel"
}
func (indonesian) PenarikanOptions() (string, string) {
	return "tarik baru new", "lihat batalkan penarikan menunggu see cancel"
}
func (indonesian) PenarikanStart(pending int) string {
	return fmt.Sprintf("*Penarikan Simpanan*\nTarik simpanan ke rekening bank Anda; dananya ditahan sampai petugas mentransfernya.\n\n"+
		"1. Tarik baru\n2. Lihat/batalkan penarikan menunggu (%d)\n\nBalas 1 atau 2.", pending)
}
func (indonesian) NoPendingWithdrawals() string {
	return "Tidak ada penarikan yang menunggu dibayar. Ketik *penarikan* untuk menarik simpanan."
}
func (indonesian) PendingWithdrawals(ws []store.WithdrawalRequest) string {
	var b strings.Builder
	b.WriteString("*Penarikan menunggu dibayar*\n")
	for i, w := range ws {
		fmt.Fprintf(&b, "%d. %s · %s dari %s No. %s ke %s %s\n", i+1, w.No(), parse.Rupiah(w.Amount), w.Account.ProductName, w.Account.Number, w.Bank, w.BankAccount)
	}
	b.WriteString("\nBalas nomor urut untuk membatalkan penarikan itu, atau ketik *menu*.")
	return b.String()
}
func (indonesian) ConfirmCancelWithdrawal(w store.WithdrawalRequest) string {
	return fmt.Sprintf("Batalkan penarikan *%s* (%s dari %s ke %s %s)? Dana yang ditahan akan dilepas.\n\nBalas *ya* untuk membatalkan, atau *tidak* untuk membiarkannya menunggu dibayar.",
		w.No(), parse.Rupiah(w.Amount), idAccountLine(w.Account), w.Bank, w.BankAccount)
}
func (indonesian) WithdrawalKept(no string) string {
	return fmt.Sprintf("Baik, penarikan %s tetap menunggu dibayar petugas.", no)
}
func (indonesian) WithdrawalCancelledByMember(no string, a store.Account) string {
	return fmt.Sprintf("Penarikan *%s* dibatalkan (status: Dibatalkan). Dana yang ditahan sudah dilepas: %s sekarang bisa ditarik atau dipakai %s.",
		no, idAccountLine(a), parse.Rupiah(a.Available()))
}
func (indonesian) WithdrawalNotPending(w store.WithdrawalRequest) string {
	return fmt.Sprintf("Penarikan %s sudah tidak menunggu dibayar (status: %s), jadi tidak bisa dibatalkan lagi.", w.No(), idRequestStatus[w.Status])
}
func (indonesian) AdminWithdrawalCancelledByMember(no string, m store.Member) string {
	return fmt.Sprintf("Penarikan %s dibatalkan sendiri oleh %s (%s); dananya sudah dilepas, *jangan ditransfer*.", no, m.Name, m.No)
}
