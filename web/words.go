package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// words are the back office's own texts in each language (the pages that came before
// staff accounts are in English and stay so); Bahasa Indonesia unless the signed-in staff
// member chose English.
var staffWords = map[string]map[string]string{
	"id": {
		"signin.title":             "Masuk",
		"signin.username":          "Nama pengguna",
		"signin.password":          "Kata sandi",
		"signin.button":            "Masuk",
		"signin.failed":            "Nama pengguna dan kata sandi tidak cocok, atau akun dikunci sementara setelah terlalu banyak percobaan. Coba lagi 15 menit lagi, atau minta admin mengatur ulang kata sandi.",
		"signout":                  "Keluar",
		"nav.branches":             "Cabang",
		"nav.ktp":                  "Verifikasi KTP",
		"nav.audit":                "Log audit",
		"lang.switch":              "English",
		"forbidden.title":          "Tidak diizinkan",
		"forbidden.text":           "Peran atau cabang Anda tidak mencakup halaman ini. Minta manajer atau admin koperasi bila Anda memerlukannya.",
		"setup.title":              "Akun pertama",
		"setup.intro":              "Belum ada akun staf. Buat akun admin koperasi yang pertama dengan token admin (KOPBOT_ADMIN_TOKEN di server). Akun berikutnya dibuat dengan kopbot staff add.",
		"setup.token":              "Token admin",
		"setup.name":               "Nama lengkap",
		"setup.password2":          "Kata sandi sekali lagi",
		"setup.button":             "Buat akun admin",
		"setup.done":               "Sudah ada akun staf: masuk dengan nama pengguna dan kata sandi Anda.",
		"setup.badtoken":           "Token admin salah. Periksa KOPBOT_ADMIN_TOKEN di server.",
		"setup.notoken":            "Halaman ini memerlukan token admin, dan server tidak punya. Setel KOPBOT_ADMIN_TOKEN, atau buat akun dengan kopbot staff add.",
		"setup.mismatch":           "Kedua kata sandi berbeda.",
		"audit.title":              "Log audit",
		"audit.intro":              "Setiap keputusan staf dan setiap kali NIK lengkap dilihat: siapa, apa, atas siapa, kapan, dari mana.",
		"audit.branch":             "Cabang",
		"audit.staff":              "Staf",
		"audit.from":               "Dari",
		"audit.to":                 "Sampai",
		"audit.filter":             "Saring",
		"audit.when":               "Waktu",
		"audit.who":                "Siapa",
		"audit.what":               "Apa",
		"audit.subject":            "Atas",
		"audit.via":                "Lewat",
		"audit.origin":             "Dari mana",
		"audit.none":               "Tidak ada catatan untuk saringan ini.",
		"audit.all":                "semua",
		"audit.limited":            "Menampilkan 500 catatan terbaru; persempit saringan untuk yang lebih lama.",
		"audit.badday":             "Tanggal ditulis seperti 2026-12-01.",
		"office.unavailable.title": "Tidak tersedia",
		"office.unavailable":       "Halaman ini tidak tersedia di server ini: server dijalankan tanpa data koperasi.",
	},
	"en": {
		"signin.title":             "Sign in",
		"signin.username":          "Username",
		"signin.password":          "Password",
		"signin.button":            "Sign in",
		"signin.failed":            "The username and password do not match, or the account is locked for a while after too many tries. Try again in 15 minutes, or ask an admin to reset the password.",
		"signout":                  "Sign out",
		"nav.branches":             "Branches",
		"nav.ktp":                  "KTP verifications",
		"nav.audit":                "Audit log",
		"lang.switch":              "Bahasa Indonesia",
		"forbidden.title":          "Not allowed",
		"forbidden.text":           "Your role or branches do not cover this page. Ask a manager or the cooperative's admin if you need it.",
		"setup.title":              "First account",
		"setup.intro":              "There are no staff accounts yet. Create the cooperative's first admin with the admin token (KOPBOT_ADMIN_TOKEN on the server). Further accounts are added with kopbot staff add.",
		"setup.token":              "Admin token",
		"setup.name":               "Full name",
		"setup.password2":          "The same password again",
		"setup.button":             "Create the admin account",
		"setup.done":               "Staff accounts exist: sign in with your username and password.",
		"setup.badtoken":           "The admin token is not right. Check KOPBOT_ADMIN_TOKEN on the server.",
		"setup.notoken":            "This page needs the admin token, and the server has none. Set KOPBOT_ADMIN_TOKEN, or add an account with kopbot staff add.",
		"setup.mismatch":           "The two passwords differ.",
		"audit.title":              "Audit log",
		"audit.intro":              "Every staff decision and every view of a full NIK: who, what, on whom, when, from where.",
		"audit.branch":             "Branch",
		"audit.staff":              "Staff",
		"audit.from":               "From",
		"audit.to":                 "To",
		"audit.filter":             "Filter",
		"audit.when":               "When",
		"audit.who":                "Who",
		"audit.what":               "What",
		"audit.subject":            "Subject",
		"audit.via":                "Via",
		"audit.origin":             "From where",
		"audit.none":               "Nothing recorded for this filter.",
		"audit.all":                "all",
		"audit.limited":            "Showing the latest 500 entries; narrow the filter for older ones.",
		"audit.badday":             "Write days like 2026-12-01.",
		"office.unavailable.title": "Not available",
		"office.unavailable":       "This page is not available on this server: it runs without the cooperative's data.",
	},
}

// addWords adds a page's own words, Indonesian and English with the same keys (each
// part of the back office keeps its words in its own file: var _ = addWords(...)).
func addWords(id, en map[string]string) bool {
	for k, v := range id {
		staffWords["id"][k] = v
	}
	for k, v := range en {
		staffWords["en"][k] = v
	}
	return true
}

// words is the text of the signed-in staff member's language; Indonesian before sign-in.
func (s *Server) words(r *http.Request) map[string]string {
	return staffWords[s.lang(r)]
}

// pageLayout is the layout of a page titled title, for the request's staff member.
func (s *Server) pageLayout(r *http.Request, title string) layout {
	l := layout{Title: title, T: s.words(r), Lang: "id", Path: r.URL.RequestURI()}
	if sess, ok := sessionOf(r); ok {
		l.SignedIn, l.CSRF, l.StaffName, l.Manager = true, sess.CSRF, sess.Staff.Name, sess.Staff.Role.Rank() >= 2
	}
	l.Lang = s.lang(r)
	return l
}

// layoutFor is pageLayout with the title from words.
func (s *Server) layoutFor(r *http.Request, titleKey string) layout {
	l := s.pageLayout(r, "")
	l.Title = l.T[titleKey]
	return l
}

// refreshing is pageLayout for a page that reloads itself while refresh.
func (s *Server) refreshing(r *http.Request, title string, refresh bool) layout {
	l := s.pageLayout(r, title)
	l.Refresh = refresh
	return l
}

// lang is the language the request's pages are shown in: the signed-in staff member's
// choice, Bahasa Indonesia otherwise.
func (s *Server) lang(r *http.Request) string {
	if sess, ok := sessionOf(r); ok && sess.Staff.Language == "en" {
		return "en"
	}
	return "id"
}

// Words is the branch pages' words in the page's language, for the templates.
func (l layout) Words() *text {
	if l.Lang == "en" {
		return &textEN
	}
	return &textID
}

// text is every fixed word of the layout and the branch pages.
type text struct {
	Lang, OtherLang, OtherLangName string // the page's language, and the one its button switches to

	Branches, KTPReviews, SignOut string

	Branch, WhatsApp, Phone, Since, Outbox, Pair, Open, NoBranches string
	Queued, Failed, LastFailure, NotPaired, AsOf, TimesAre         string
	Technical, BackToBranches                                      string

	ScanToPair, QRAlt, QRSteps, QRRotates, QRPausedWords, ShowQR, WaitingQR string
	OrPhoneCode, BranchNumber, GetCode, ConnectedHint                       string
	PairCodeFor, PairCodeSteps, CodeStops, CheckState                       string
	NoSuchBranch, NoSuchBranchText                                          string

	// Pairing by phone code: what went wrong.
	PhoneMissing, NotAPhone, PhoneDigits, PhoneExample, NumberRefused, CodeFailed, CannotReachForCode string

	states   map[string]stateWords
	problems map[string]stateWords // a state's cause (BranchStatus.Problem), said instead of the state's words
	unknown  string                // an unknown state's words; %q is the state
	until    string                // after a ban's words; %s is the end
	since    string                // after connected's words; %s is the time, then the number
}

var textID = text{
	Lang: "id", OtherLang: "en", OtherLangName: "English",
	Branches: "Cabang", KTPReviews: "Verifikasi KTP", SignOut: "Keluar",

	Branch: "Cabang", WhatsApp: "WhatsApp", Phone: "Nomor", Since: "Sejak", Outbox: "Pesan keluar", Pair: "Tautkan", Open: "Buka",
	NoBranches: "Belum ada cabang.", Queued: "antre", Failed: "gagal", LastFailure: "Gagal terakhir", NotPaired: "belum ditautkan",
	AsOf: "Per", TimesAre: "waktu dalam", Technical: "Detail teknis", BackToBranches: "Semua cabang",

	ScanToPair: "Pindai untuk menautkan", QRAlt: "Kode QR penautan WhatsApp untuk",
	QRSteps:       "Buka WhatsApp di HP cabang.|Ketuk ⋮ (Android) atau Setelan (iPhone), lalu Perangkat tertaut.|Ketuk Tautkan perangkat.|Arahkan kamera HP ke kode QR ini.",
	QRRotates:     "Kode berganti setiap beberapa detik dan halaman ini memuat ulang sendiri.",
	QRPausedWords: "Tidak ada yang memindai kode QR terakhir, jadi kopbot berhenti memintanya dari WhatsApp.",
	ShowQR:        "Tampilkan kode QR", WaitingQR: "Menunggu kode QR dari WhatsApp; halaman ini memuat ulang sendiri.",
	OrPhoneCode: "Atau tautkan dengan kode", BranchNumber: "Nomor WhatsApp cabang", GetCode: "Minta kode",
	ConnectedHint: "Untuk menautkan nomor lain, hapus dulu perangkat ini di HP cabang (Perangkat tertaut).",
	PairCodeFor:   "Kode penautan untuk",
	PairCodeSteps: "Buka WhatsApp di HP cabang (%s).|Ketuk ⋮ (Android) atau Setelan (iPhone), lalu Perangkat tertaut, lalu Tautkan perangkat.|Ketuk Tautkan dengan nomor telepon saja.|Masukkan kode di atas.",
	CodeStops:     "Kalau kode tidak berlaku lagi, kembali dan minta kode baru.", CheckState: "Lihat keadaan cabang",
	NoSuchBranch: "Cabang tidak ada", NoSuchBranchText: "Tidak ada cabang %q. Periksa daftar cabang.",

	PhoneMissing: "Nomor teleponnya belum diisi.", NotAPhone: "%q bukan nomor telepon.", PhoneDigits: "Jumlah angka %q tidak pas.",
	PhoneExample:       " Tulis nomor WhatsApp cabang, misalnya 6281234567890.",
	NumberRefused:      "WhatsApp tidak menerima nomor itu: ",
	CodeFailed:         "Kode penautan tidak bisa diminta karena kesalahan di server ini; lihat lognya.",
	CannotReachForCode: "Server ini tidak bisa menghubungi WhatsApp: periksa koneksi internetnya. Kode penautan baru bisa diminta setelah terhubung.",

	states: map[string]stateWords{
		"unpaired":     {"Belum ditautkan", "todo", "Belum ditautkan: pindai kode QR dengan HP cabang"},
		"connecting":   {"Menghubungkan", "wait", "Sedang menghubungi WhatsApp: tunggu sebentar"},
		"connected":    {"Terhubung", "ok", "Terhubung: pesan anggota dijawab"},
		"disconnected": {"Terputus", "wait", "Koneksi ke WhatsApp terputus: kopbot menyambung lagi sendiri"},
		"logged_out":   {"Perangkat dihapus", "bad", "HP cabang menghapus perangkat ini: tautkan lagi"},
		"banned":       {"Diblokir", "bad", "WhatsApp memblokir pengiriman untuk sementara"},
		"replaced":     {"Diambil alih", "bad", "kopbot lain memakai nomor ini: hentikan yang lain, lalu jalankan ulang yang ini"},
		"outdated":     {"Versi usang", "bad", "WhatsApp menolak versi kopbot ini karena usang: perbarui kopbot (sementara itu kopbot mencoba lagi tiap jam)"},
		"stopped":      {"Berhenti", "off", "Berhenti: kopbot tidak menjalankan cabang ini"},
	},
	problems: map[string]stateWords{
		"unreachable":    {"Tanpa koneksi", "bad", "Server ini tidak bisa menghubungi WhatsApp: periksa koneksi internetnya. kopbot mencoba lagi sendiri."},
		"pairing_closed": {"Belum ditautkan", "todo", "WhatsApp menutup sambungan penautan lebih awal: kopbot meminta kode QR baru sendiri"},
		"qr_paused":      {"Belum ditautkan", "todo", "Belum ditautkan, dan kode QR dijeda karena tidak ada yang memindai: buka halaman cabang untuk kode baru"},
		"phone_in_use":   {"Belum ditautkan", "bad", "Nomor yang dipindai sudah ditautkan ke cabang lain: lepaskan di sana dulu, atau tautkan nomor lain"},
	},
	unknown: "Keadaan tidak dikenal %q",
	until:   " sampai %s",
	since:   " (sejak %s, nomor %s)",
}

var textEN = text{
	Lang: "en", OtherLang: "id", OtherLangName: "Bahasa Indonesia",
	Branches: "Branches", KTPReviews: "KTP verifications", SignOut: "Sign out",

	Branch: "Branch", WhatsApp: "WhatsApp", Phone: "Phone", Since: "Since", Outbox: "Outbox", Pair: "Pair", Open: "Open",
	NoBranches: "No branches are configured.", Queued: "queued", Failed: "failed", LastFailure: "Last failure", NotPaired: "not paired",
	AsOf: "As of", TimesAre: "times are", Technical: "Technical detail", BackToBranches: "All branches",

	ScanToPair: "Scan to pair", QRAlt: "WhatsApp pairing QR code for",
	QRSteps:       "Open WhatsApp on the branch phone.|Tap ⋮ (Android) or Settings (iPhone), then Linked devices.|Tap Link a device.|Point the phone's camera at this QR code.",
	QRRotates:     "The code changes every few seconds and this page reloads by itself.",
	QRPausedWords: "No one scanned the last QR codes, so kopbot stopped asking WhatsApp for more.",
	ShowQR:        "Show QR code", WaitingQR: "Waiting for WhatsApp to give a QR code; this page reloads by itself.",
	OrPhoneCode: "Or pair with a phone code", BranchNumber: "The branch's WhatsApp number", GetCode: "Get a code",
	ConnectedHint: "To pair another number, first remove this device on the branch phone (Linked devices).",
	PairCodeFor:   "Pairing code for",
	PairCodeSteps: "Open WhatsApp on the branch phone (%s).|Tap ⋮ (Android) or Settings (iPhone), then Linked devices, then Link a device.|Tap Link with phone number instead.|Enter the code above.",
	CodeStops:     "If the code stops working, go back and get a new one.", CheckState: "Check the branch's state",
	NoSuchBranch: "No such branch", NoSuchBranchText: "There is no branch %q. Check the list of branches.",

	PhoneMissing: "The phone number is missing.", NotAPhone: "%q is not a phone number.", PhoneDigits: "%q does not have the right number of digits.",
	PhoneExample:       " Type the branch's WhatsApp number, for example 6281234567890.",
	NumberRefused:      "WhatsApp did not take that number: ",
	CodeFailed:         "Getting a pairing code failed on this server; see its log.",
	CannotReachForCode: "This server cannot reach WhatsApp: check its internet connection. A pairing code can be had once it is connected.",

	states: map[string]stateWords{
		"unpaired":     {"Not paired", "todo", "Not paired yet: scan the QR code with the branch phone"},
		"connecting":   {"Connecting", "wait", "Connecting to WhatsApp: wait a moment"},
		"connected":    {"Connected", "ok", "Connected: members' messages are being answered"},
		"disconnected": {"Disconnected", "wait", "The connection to WhatsApp dropped: kopbot is reconnecting by itself"},
		"logged_out":   {"Logged out", "bad", "The phone removed this device: pair again"},
		"banned":       {"Blocked", "bad", "WhatsApp has temporarily blocked sending"},
		"replaced":     {"Replaced", "bad", "Another kopbot took over this number: stop the other one, then restart"},
		"outdated":     {"Outdated", "bad", "WhatsApp refuses this version of kopbot as outdated: upgrade kopbot (meanwhile it retries every hour)"},
		"stopped":      {"Stopped", "off", "Stopped: kopbot is not running this branch"},
	},
	problems: map[string]stateWords{
		"unreachable":    {"No connection", "bad", "This server cannot reach WhatsApp: check its internet connection. kopbot keeps trying by itself."},
		"pairing_closed": {"Not paired", "todo", "WhatsApp closed the pairing connection early: kopbot asks for new QR codes by itself"},
		"qr_paused":      {"Not paired", "todo", "Not paired, and QR codes are paused because nobody scanned them: open the branch page for new ones"},
		"phone_in_use":   {"Not paired", "bad", "The number scanned is already paired to another branch: unlink it there first, or pair another number"},
	},
	unknown: "Unknown state %q",
	until:   " until %s",
	since:   " (since %s, number %s)",
}

// Steps splits a list of steps written with "|" (one string per language, so the two
// languages keep the same steps), filling in args.
func (t *text) Steps(list string, args ...any) []string {
	if len(args) > 0 {
		list = fmt.Sprintf(list, args...)
	}
	return strings.Split(list, "|")
}

// words explains b's state in plain words: its cause when known, the end of a ban, since
// when and with which number it is connected.
func (t *text) words(b BranchStatus, loc *time.Location) stateWords {
	if w, ok := t.problems[b.Problem]; ok {
		return w
	}
	w, ok := t.states[b.State]
	if !ok {
		return stateWords{Label: b.State, Class: "off", Words: fmt.Sprintf(t.unknown, b.State)}
	}
	switch {
	case b.State == "banned" && !b.BannedUntil.IsZero():
		w.Words += fmt.Sprintf(t.until, b.BannedUntil.In(loc).Format(timeLayout))
	case b.State == "connected" && !b.Since.IsZero() && b.Phone != "":
		w.Words += fmt.Sprintf(t.since, b.Since.In(loc).Format(timeLayout), showPhone(b.Phone))
	}
	return w
}
