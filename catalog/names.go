package catalog

import (
	"time"

	"github.com/kopbot/kopbot/store"
)

// Services by their flow name, as persisted in sessions and named in the vocabulary
// (intent/vocab); ServiceName gives each its name in the reader's language.
const (
	FlowRegistrasi   = "registrasi"
	FlowInfo         = "info-koperasi"
	FlowBukaTabungan = "buka-tabungan"
	FlowCekTabungan  = "cek-tabungan"
	FlowCekDeposito  = "cek-deposito"
	FlowBukaDeposito = "buka-deposito"
	FlowCekPinjaman  = "cek-pinjaman"
	FlowTerimaQRIS   = "terima-qris"
	FlowTransfer     = "transfer"
	FlowSoundbox     = "saldo-soundbox"
	FlowVerifikasi   = "verifikasi-ktp"
	FlowPinjaman     = "pinjaman"
	FlowProfil       = "profil"
	FlowGantiPIN     = "ganti-pin"
	FlowBayarWajib   = "bayar-wajib"
	FlowBayarAngsur  = "bayar-angsuran"
	FlowPelunasan    = "pelunasan"
	FlowStatement    = "rekening-koran"
	FlowSetoran      = "setoran"
	FlowPenarikan    = "penarikan"
	FlowPetugas      = "hubungi-petugas"
	FlowBahasa       = "bahasa"
	FlowAdmin        = "admin"
)

// Menu groups, as members see them.
const (
	GroupSavings      = "simpanan"
	GroupLoans        = "pinjaman"
	GroupTransactions = "transaksi"
	GroupAccount      = "akun"
)

// PINLockout is who was locked out of their PIN, for the branch's staff: a member, or a
// staff member on WhatsApp (Staff, Phone only).
type PINLockout struct {
	Staff          bool
	Name, MemberNo string
	Phone          string    // masked: ••••7890
	Lockouts       int       // lockouts in a row, this one included
	Until          time.Time // store.PINLockedForGood: until staff reset it
}

// ForGood reports whether the lockout lasts until staff reset the PIN.
func (p PINLockout) ForGood() bool { return !p.Until.Before(store.PINLockedForGood) }

// PINWeakness is why a new PIN is refused.
type PINWeakness int

// PIN weaknesses, for the message that explains a refusal.
const (
	PINOK PINWeakness = iota
	PINNotSixDigits
	PINRepeated // 111111, 121212, 112233
	PINSequence // 123456, 654321
	PINBirthDate
)

// A member's KTP status as they read it.
const (
	KTPNone     = "belum"
	KTPWaiting  = "menunggu"
	KTPVerified = "terverifikasi"
	KTPRejected = "ditolak"
)

// What else members send, that the bot cannot read.
const (
	MediaVoice    = "voice"
	MediaSticker  = "sticker"
	MediaVideo    = "video"
	MediaDocument = "document"
	MediaLocation = "location"
	MediaContact  = "contact"
)

// SameDay reports whether a and b fall on the same calendar day.
func SameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.Month() == b.Month() && a.Day() == b.Day()
}

// DaysBetween is the number of calendar days from today to day (negative when day is past).
func DaysBetween(today, day time.Time) int {
	a := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	b := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}
