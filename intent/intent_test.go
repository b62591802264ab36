package intent

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"*SALDO*":                  "saldo",
		"  Halo   kak!!  ":         "halo kak",
		"okeee":                    "oke",
		"siappp 👍":                 "siap",
		"Rp. 1.500.000,-":          "rp 1.500.000",
		"0812-3456-7890":           "0812-3456-7890",
		"ke-2":                     "ke 2",
		"e-KTP":                    "ektp",
		"assalamu'alaikum":         "assalamualaikum",
		"_saldo_ ~tabungan~ `cek`": "saldo tabungan cek",
		"17/08/1990":               "17/08/1990",
		"":                         "",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadExpandsAndForgives(t *testing.T) {
	l := Default()
	for in, want := range map[string]string{
		"sy brp":        "saya berapa",
		"gmn cara tf":   "bagaimana cara transfer",
		"makasihh":      "terima kasih",
		"tabngan":       "tabungan",
		"pinjman":       "pinjaman",
		"trasnfer":      "transfer",
		"gajadi":        "gak jadi",
		"okeee 👍":       "oke oke",
		"terima kasih🙏": "terima kasih sembah", // 🙏 is politeness beside words, thanks alone
		"budi":          "budi",                // short words and names are not "corrected"
		"tiga":          "tiga",
	} {
		if got := strings.Join(l.Read(in).Words, " "); got != want {
			t.Errorf("Read(%q).Words = %q, want %q", in, got, want)
		}
	}
}

func TestYesNo(t *testing.T) {
	l := Default()
	yes := []string{"ya", "iya", "Iyaa kak", "y", "ok", "oke", "okeee", "OK!", "siap", "sip", "👍", "✅", "betul", "benar",
		"lanjut", "setuju", "boleh", "mau", "yes", "ya betul", "oke siap", "iya makasih", "1", "nggih", "yup", "sure"}
	no := []string{"tidak", "tdk", "gak", "ga", "nggak", "enggak", "no", "2", "jangan", "salah", "gak jadi", "gak jadi deh kak",
		"batal", "tidak jadi", "gak usah", "cancel", "nanti saja", "❌", "ya gak jadi", "tidak mau", "salah rekening kak",
		"no, wrong account", "gak jadi transfer", "mboten", "jgn dulu"}
	neither := []string{"", "hmm", "iya tidak", "ya tapi kirim 2jt", "berapa?", "halo", "147258", "3", "kirim ke budi", "tunggu",
		"ya atau tidak?", "terserah", "😊"}
	for _, s := range yes {
		if y, ok := l.Read(s).YesNo(); !ok || !y {
			t.Errorf("%q should read as yes, got yes=%v ok=%v", s, y, ok)
		}
	}
	for _, s := range no {
		if y, ok := l.Read(s).YesNo(); !ok || y {
			t.Errorf("%q should read as no, got yes=%v ok=%v", s, y, ok)
		}
	}
	for _, s := range neither {
		if y, ok := l.Read(s).YesNo(); ok {
			t.Errorf("%q should be neither yes nor no, got yes=%v", s, y)
		}
	}
}

// A word corrected from a typo is a guess, and a yes is never guessed: "siapa" (who?) is
// one letter from "siap", "oleh" from "boleh", "bentar" (wait) from "benar". Letters
// repeated for emphasis are no typo.
func TestGuessedWordIsNoYes(t *testing.T) {
	l := Default()
	for _, s := range []string{"siapa", "siapa penerimanya?", "oleh", "bentar ya kak", "sebentar", "benr", "setujuh"} {
		if y, ok := l.Read(s).YesNo(); ok && y {
			t.Errorf("%q must not read as yes", s)
		}
	}
	for _, s := range []string{"siappp", "okeee", "iyaa", "setujuu", "betull kak"} {
		if y, ok := l.Read(s).YesNo(); !ok || !y {
			t.Errorf("%q should read as yes, got yes=%v ok=%v", s, y, ok)
		}
	}
}

func TestKinds(t *testing.T) {
	l := Default()
	for _, tc := range []struct {
		k   Kind
		yes []string
		no  []string
	}{
		// A never-mind may name what is dropped, one service's words; "batalkan" a thing is a request.
		{Stop, []string{"batal", "gak jadi", "ga jadi deh kak", "nggak jadi", "tidak jadi", "gajadi", "cancel", "never mind", "stop", "udahan",
			"gak jadi transfer", "ga usah tarik tunai deh", "nggak jadi bayar", "never mind the transfer", "gak jadi kirim uang ke budi"},
			[]string{"tidak", "no", "stop pengingat", "batalkan setoran saya", "ya", "gak jadi transfer, cek saldo aja", "transfer gak jadi masuk"}},
		{Thanks, []string{"makasih", "terima kasih", "thx", "thank you", "makasih ya kak", "ok makasih", "🙏", "suwun", "makasih infonya",
			"mksh min 🙏"},
			[]string{"ok", "makasih tapi saldo saya kok kurang", "selamat pagi 🙏", "no thanks"}},
		{Greeting, []string{"halo", "hai kak", "selamat pagi min", "assalamualaikum", "halo, mau tanya", "good morning", "selamat pagi 🙏",
			"halo admin", "asslmkm kak", "sugeng enjing"},
			[]string{"halo saldo", "p"}},
		{Menu, []string{"menu", "MENU", "menu utama", "menu dong"}, []string{"menu petugas"}},
		{Help, []string{"bantuan", "help"}, []string{"bantuan saldo"}},
		{RemindersOff, []string{"stop pengingat", "matikan pengingat", "stop reminders"}, []string{"stop"}},
	} {
		for _, s := range tc.yes {
			if !l.Read(s).Is(tc.k) {
				t.Errorf("%q should be %s", s, tc.k)
			}
		}
		for _, s := range tc.no {
			if l.Read(s).Is(tc.k) {
				t.Errorf("%q should not be %s", s, tc.k)
			}
		}
	}
}

func TestChoice(t *testing.T) {
	l := Default()
	for in, want := range map[string]int{
		"2": 2, "2.": 2, "2)": 2, "#2": 2, "pilih 2": 2, "pilihan 2": 2, "nomor 2": 2, "no 2": 2, "no. 2": 2, "yang kedua": 2,
		"yg ke 2": 2, "ke-2": 2, "kedua": 2, "dua": 2, "the second": 2, "option 2": 2, "2 kak": 2, "yang terakhir": 5, "pertama": 1,
		"nomer 3": 3, "03": 3, "ke3": 3, "no2": 2, "the second one": 2, "last one": 5, "2 🙏": 2,
	} {
		if got, ok := l.Read(in).Choice(5); !ok || got != want {
			t.Errorf("Choice(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"0", "6", "no", "yang", "2 atau 3", "dua tiga", "2jt", "pilih", "ke9", "rp2", "1 atau 2"} {
		if got, ok := l.Read(in).Choice(5); ok {
			t.Errorf("Choice(%q) = %d, want none", in, got)
		}
	}
}

func TestOnlyAPosition(t *testing.T) {
	l := Default()
	for in, want := range map[string]bool{"7": true, "nomor 7": true, "yang kelima": true, "0104-00002-1": true, "2 kak": true,
		"bisa pinjam 10 juta gak": false, "ok": false, "makasih": false, "": false} {
		if got := l.Read(in).OnlyAPosition(); got != want {
			t.Errorf("OnlyAPosition(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestPick(t *testing.T) {
	l := Default()
	labels := []string{"Setor baru", "Setor yang menunggu: lihat atau batalkan"}
	for in, want := range map[string]int{"1": 1, "baru": 1, "setor baru": 1, "yang baru": 1, "lihat": 2, "batalkan": 2, "2": 2, "lihat setor": 2} {
		if got, ok := l.Read(in).Pick(labels); !ok || got != want {
			t.Errorf("Pick(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"setor", "3", "entah"} { // "setor" is in both
		if got, ok := l.Read(in).Pick(labels); ok {
			t.Errorf("Pick(%q) = %d, want none", in, got)
		}
	}
}

func TestGuess(t *testing.T) {
	l := Default()
	member := func(s string) bool {
		return s != "saldo-soundbox" && s != "terima-qris" && s != "registrasi" && s != "info-koperasi"
	}
	merchant := func(s string) bool { return s != "registrasi" && s != "info-koperasi" }
	for _, tc := range []struct {
		in      string
		offered func(string) bool
		want    []string
	}{
		{"minta info saldo kak", member, []string{"cek-tabungan"}},
		{"saldo", merchant, []string{"cek-tabungan", "saldo-soundbox"}},
		{"saldo", member, []string{"cek-tabungan"}},
		{"saldo soundbox", member, []string{"saldo-soundbox"}}, // not offered, but clearly asked: they are told why
		{"sisa utang saya brp", member, []string{"cek-pinjaman"}},
		{"pengen pinjem 5jt", member, []string{"pinjaman"}},
		{"sy mau kirim uang ke anggota", member, []string{"transfer"}},
		{"gimana cara jadi anggota", member, []string{"registrasi"}},
		{"show my savings", member, []string{"cek-tabungan"}},
		{"pinjaman saya", member, []string{"cek-pinjaman"}},
		{"bayar", member, []string{"bayar-angsuran", "bayar-wajib"}},
		// Simpanan Wajib is an account in Cek Tabungan's list too: its name alone is asked which.
		{"simpanan wajib", member, []string{"bayar-wajib", "cek-tabungan"}},
		{"yang wajib", member, []string{"bayar-wajib", "cek-tabungan"}},
		{"bayar simpanan wajib", member, []string{"bayar-wajib"}},
		{"cek simpanan wajib saya", member, []string{"cek-tabungan"}},
		{"apa kabar", member, nil},
		{"ok", member, nil},
	} {
		if got := l.Read(tc.in).Guess(tc.offered).Services; !slices.Equal(got, tc.want) {
			t.Errorf("Guess(%q) = %v, want %v (scores %v)", tc.in, got, tc.want, l.Read(tc.in).Scores())
		}
	}
}

func TestAmountAndDate(t *testing.T) {
	l := Default()
	for in, want := range map[string]int64{"500rb": 500_000, "lima juta": 5_000_000, "kirim 300rb aja kak": 300_000,
		"sebesar Rp 2 juta": 2_000_000, "pengen pinjem 5jt": 5_000_000, "satu setengah juta ya": 1_500_000, "Rp. 1.500.000,-": 1_500_000} {
		if got, err := l.Amount(in); err != nil || got != want {
			t.Errorf("Amount(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"banyak", "500rb atau 600rb", "500rb kak eh 600rb", "", "kirim"} {
		if got, err := l.Amount(in); err == nil {
			t.Errorf("Amount(%q) = %d, want an error", in, got)
		}
	}
	// Figures with units one after the other, scales going down; a bare number under a
	// thousand is thousands shortened ("100" for 100rb), read only as rupiah written.
	for in, want := range map[string]int64{"1jt 500rb": 1_500_000, "2jt 250rb aja kak": 2_250_000, "Rp 500": 500,
		"lima ratus rupiah": 500, "rp500": 500, "1.000": 1_000, "seribu": 1_000} {
		if got, err := l.Amount(in); err != nil || got != want {
			t.Errorf("Amount(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"100", "seratus", "lima ratus", "500 aja", "999", "500rb 600rb", "1jt 1jt", "1jt 500", "500rb 50rb"} {
		if got, err := l.Amount(in); err == nil {
			t.Errorf("Amount(%q) = %d, want an error", in, got)
		}
	}
	loc, _ := time.LoadLocation("Asia/Jakarta")
	today := time.Date(2026, 3, 1, 10, 30, 0, 0, loc)
	for in, want := range map[string]string{"hari ini": "2026-03-01", "tadi kak": "2026-03-01", "kemarin": "2026-02-28",
		"kmrn": "2026-02-28", "kemarin lusa": "2026-02-27", "3 hari lalu": "2026-02-26", "tiga hari yang lalu": "2026-02-26",
		"yesterday": "2026-02-28", "2 days ago": "2026-02-27", "15-02-2026": "2026-02-15"} {
		got, err := l.Date(in, today)
		if err != nil || got.Format(time.DateOnly) != want {
			t.Errorf("Date(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for in, want := range map[string]string{"bulan ini": "2026-03-01", "bulan lalu": "2026-02-01", "bulan kemarin kak": "2026-02-01",
		"last month": "2026-02-01", "nov 2025": "2025-11-01", "01-2026": "2026-01-01"} {
		got, err := l.Month(in, today)
		if err != nil || got.Format(time.DateOnly) != want {
			t.Errorf("Month(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	if _, err := l.Date("besok lusa", today); err == nil {
		t.Error(`Date("besok lusa") should be an error`)
	}
	// 1 March 2026 is a Sunday. A weekday is the latest such day; a day without its year
	// is the latest such day too; "tanggal N" is this month's.
	for in, want := range map[string]string{"minggu": "2026-03-01", "hari minggu lalu": "2026-02-22", "jumat": "2026-02-27",
		"hari jum'at": "2026-02-27", "kamis kemarin": "2026-02-26", "senin yang lalu": "2026-02-23", "last friday": "2026-02-27",
		"sunday": "2026-03-01", "28 feb": "2026-02-28", "28/02": "2026-02-28", "tgl 28 februari": "2026-02-28",
		"25 des": "2025-12-25", "tanggal 1": "2026-03-01", "semalam": "2026-02-28", "seminggu lalu": "2026-02-22"} {
		got, err := l.Date(in, today)
		if err != nil || got.Format(time.DateOnly) != want {
			t.Errorf("Date(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"minggu lalu", "minggu kemarin", "31/02", "tanggal 32", "tanggal", "28", "kamis jumat", "last week"} {
		if got, err := l.Date(in, today); err == nil {
			t.Errorf("Date(%q) = %v, want an error", in, got)
		}
	}
}

func TestExtraWords(t *testing.T) {
	l, err := New(Extra{Abbreviations: map[string]string{"tbg": "tabungan"}, Words: map[string][]string{
		"cek-tabungan": {"duit aku"}, "yes": {"gaskeun pol"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Read("tbg").Guess(func(string) bool { return true }).Services; !slices.Equal(got, []string{"cek-tabungan"}) {
		t.Errorf("an abbreviation from config: %v", got)
	}
	if got := l.Read("duit aku dong").Guess(func(string) bool { return true }).Services; !slices.Equal(got, []string{"cek-tabungan"}) {
		t.Errorf("a phrase from config: %v", got)
	}
	if y, ok := l.Read("gaskeun pol").YesNo(); !ok || !y {
		t.Error("a yes from config is a yes")
	}
	if _, err := New(Extra{Words: map[string][]string{"cek-saldo": {"x"}}}); err == nil || !strings.Contains(err.Error(), "cek-tabungan") {
		t.Errorf("an unknown service in config should be refused naming the services, got %v", err)
	}
	if Default().Read("tbg").Guess(func(string) bool { return true }).Services != nil {
		t.Error("one cooperative's words must not leak into the default vocabulary")
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{"saldo", "okeee 👍🏻", "Rp 1.500.000", "yang ke-2", "gak jadi deh", "\xff\xfe", "ke-", "-", "e-", "'a'"} {
		f.Add(s)
	}
	l := Default()
	f.Fuzz(func(t *testing.T, s string) {
		m := l.Read(s)
		again := l.Read(s)
		if !slices.Equal(m.Words, again.Words) {
			t.Fatalf("Read(%q) is not deterministic: %v then %v", s, m.Words, again.Words)
		}
		yes, ok := m.YesNo()
		if ok && yes && (m.Is(No) || m.Is(Stop)) {
			t.Fatalf("%q is a yes and a no", s)
		}
		for _, sc := range m.Scores() {
			if sc.Score <= 0 || sc.Score > 1.2 {
				t.Fatalf("%q scores %v", s, sc)
			}
		}
		_, _ = l.Amount(s)
		_, _ = m.Choice(20)
		_ = m.Guess(func(string) bool { return true })
	})
}

func BenchmarkRead(b *testing.B) {
	l := Default()
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range []string{"1", "ya", "147258", "cek saldo dong kak", "sy mau kirim uang ke anggota", "tabngan"} {
			m := l.Read(s)
			m.Guess(func(string) bool { return true })
		}
	}
}

// A month named among other words (a statement asked for): with or without its year,
// relative, as figures; none named; figures that name no month.
func TestMonthIn(t *testing.T) {
	l := Default()
	loc, _ := time.LoadLocation("Asia/Jakarta")
	today := time.Date(2026, 3, 18, 10, 30, 0, 0, loc)
	for in, want := range map[string]string{
		"kirim mutasi bulan november": "2025-11-01", "mutasi oktober 2026": "2026-10-01", "mutasi bulan lalu": "2026-02-01",
		"rekening koran bulan ini kak": "2026-03-01", "statement last month": "2026-02-01", "mutasi 01-2026": "2026-01-01",
		"mutasi maret": "2026-03-01", "tolong kirim mutasi des 2025 ya": "2025-12-01", "mutasi 2 bulan lalu": "2026-01-01",
	} {
		got, named, err := l.MonthIn(in, today)
		if err != nil || !named || got.Format(time.DateOnly) != want {
			t.Errorf("MonthIn(%q) = %v, %v, %v; want %s", in, got, named, err, want)
		}
	}
	for _, in := range []string{"mutasi", "rekening koran", "kirim mutasi dong kak", "statement"} {
		if got, named, err := l.MonthIn(in, today); named || err != nil {
			t.Errorf("MonthIn(%q) = %v, %v, %v; want no month named", in, got, named, err)
		}
	}
	for _, in := range []string{"mutasi 13-2026", "mutasi 2026", "mutasi tanggal 5"} {
		if got, named, err := l.MonthIn(in, today); !named || err == nil {
			t.Errorf("MonthIn(%q) = %v, %v, %v; want an unreadable month", in, got, named, err)
		}
	}
}
