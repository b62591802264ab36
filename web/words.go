package web

import "net/http"

// words are the back office's own texts in each language (the pages that came before
// staff accounts are in English and stay so); Bahasa Indonesia unless the signed-in staff
// member chose English.
var staffWords = map[string]map[string]string{
	"id": {
		"signin.title":    "Masuk",
		"signin.username": "Nama pengguna",
		"signin.password": "Kata sandi",
		"signin.button":   "Masuk",
		"signin.failed":   "Nama pengguna dan kata sandi tidak cocok, atau akun dikunci sementara setelah terlalu banyak percobaan. Coba lagi 15 menit lagi, atau minta admin mengatur ulang kata sandi.",
		"signout":         "Keluar",
		"nav.branches":    "Cabang",
		"nav.ktp":         "Verifikasi KTP",
		"nav.audit":       "Log audit",
		"lang.switch":     "English",
		"forbidden.title": "Tidak diizinkan",
		"forbidden.text":  "Peran atau cabang Anda tidak mencakup halaman ini. Minta manajer atau admin koperasi bila Anda memerlukannya.",
		"setup.title":     "Akun pertama",
		"setup.intro":     "Belum ada akun staf. Buat akun admin koperasi yang pertama dengan token admin (KOPBOT_ADMIN_TOKEN di server). Akun berikutnya dibuat dengan kopbot staff add.",
		"setup.token":     "Token admin",
		"setup.name":      "Nama lengkap",
		"setup.password2": "Kata sandi sekali lagi",
		"setup.button":    "Buat akun admin",
		"setup.done":      "Sudah ada akun staf: masuk dengan nama pengguna dan kata sandi Anda.",
		"setup.badtoken":  "Token admin salah. Periksa KOPBOT_ADMIN_TOKEN di server.",
		"setup.notoken":   "Halaman ini memerlukan token admin, dan server tidak punya. Setel KOPBOT_ADMIN_TOKEN, atau buat akun dengan kopbot staff add.",
		"setup.mismatch":  "Kedua kata sandi berbeda.",
		"audit.title":     "Log audit",
		"audit.intro":     "Setiap keputusan staf dan setiap kali NIK lengkap dilihat: siapa, apa, atas siapa, kapan, dari mana.",
		"audit.branch":    "Cabang",
		"audit.staff":     "Staf",
		"audit.from":      "Dari",
		"audit.to":        "Sampai",
		"audit.filter":    "Saring",
		"audit.when":      "Waktu",
		"audit.who":       "Siapa",
		"audit.what":      "Apa",
		"audit.subject":   "Atas",
		"audit.via":       "Lewat",
		"audit.origin":    "Dari mana",
		"audit.none":      "Tidak ada catatan untuk saringan ini.",
		"audit.all":       "semua",
		"audit.limited":   "Menampilkan 500 catatan terbaru; persempit saringan untuk yang lebih lama.",
		"audit.badday":    "Tanggal ditulis seperti 2026-12-01.",
	},
	"en": {
		"signin.title":    "Sign in",
		"signin.username": "Username",
		"signin.password": "Password",
		"signin.button":   "Sign in",
		"signin.failed":   "The username and password do not match, or the account is locked for a while after too many tries. Try again in 15 minutes, or ask an admin to reset the password.",
		"signout":         "Sign out",
		"nav.branches":    "Branches",
		"nav.ktp":         "KTP verifications",
		"nav.audit":       "Audit log",
		"lang.switch":     "Bahasa Indonesia",
		"forbidden.title": "Not allowed",
		"forbidden.text":  "Your role or branches do not cover this page. Ask a manager or the cooperative's admin if you need it.",
		"setup.title":     "First account",
		"setup.intro":     "There are no staff accounts yet. Create the cooperative's first admin with the admin token (KOPBOT_ADMIN_TOKEN on the server). Further accounts are added with kopbot staff add.",
		"setup.token":     "Admin token",
		"setup.name":      "Full name",
		"setup.password2": "The same password again",
		"setup.button":    "Create the admin account",
		"setup.done":      "Staff accounts exist: sign in with your username and password.",
		"setup.badtoken":  "The admin token is not right. Check KOPBOT_ADMIN_TOKEN on the server.",
		"setup.notoken":   "This page needs the admin token, and the server has none. Set KOPBOT_ADMIN_TOKEN, or add an account with kopbot staff add.",
		"setup.mismatch":  "The two passwords differ.",
		"audit.title":     "Audit log",
		"audit.intro":     "Every staff decision and every view of a full NIK: who, what, on whom, when, from where.",
		"audit.branch":    "Branch",
		"audit.staff":     "Staff",
		"audit.from":      "From",
		"audit.to":        "To",
		"audit.filter":    "Filter",
		"audit.when":      "When",
		"audit.who":       "Who",
		"audit.what":      "What",
		"audit.subject":   "Subject",
		"audit.via":       "Via",
		"audit.origin":    "From where",
		"audit.none":      "Nothing recorded for this filter.",
		"audit.all":       "all",
		"audit.limited":   "Showing the latest 500 entries; narrow the filter for older ones.",
		"audit.badday":    "Write days like 2026-12-01.",
	},
}

// words is the text of the signed-in staff member's language; Indonesian before sign-in.
func (s *Server) words(r *http.Request) map[string]string {
	if sess, ok := sessionOf(r); ok && sess.Staff.Language == "en" {
		return staffWords["en"]
	}
	return staffWords["id"]
}

// pageLayout is the layout of a page titled title, for the request's staff member.
func (s *Server) pageLayout(r *http.Request, title string) layout {
	l := layout{Title: title, T: s.words(r), Lang: "id", Path: r.URL.RequestURI()}
	if sess, ok := sessionOf(r); ok {
		l.SignedIn, l.CSRF, l.StaffName, l.Manager = true, sess.CSRF, sess.Staff.Name, sess.Staff.Role.Rank() >= 2
		l.Lang = sess.Staff.Language
	}
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
