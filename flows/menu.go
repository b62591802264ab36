package flows

import (
	"context"
	"strconv"
	"strings"
	"unicode"

	"github.com/kopbot/kopbot/store"
)

// Flow names, as persisted in sessions.
const (
	flowRegistrasi   = "registrasi"
	flowBukaTabungan = "buka-tabungan"
	flowCekTabungan  = "cek-tabungan"
	flowCekDeposito  = "cek-deposito"
	flowCekPinjaman  = "cek-pinjaman"
	flowTerimaQRIS   = "terima-qris"
	flowTransfer     = "transfer"
	flowSoundbox     = "saldo-soundbox"
	flowVerifikasi   = "verifikasi-ktp"
	flowPinjaman     = "pinjaman"
	flowProfil       = "profil"
	flowGantiPIN     = "ganti-pin"
	flowBayarWajib   = "bayar-wajib"
	flowBayarAngsur  = "bayar-angsuran"
	flowSetoran      = "setoran"
	flowPenarikan    = "penarikan"
	flowBahasa       = "bahasa"
	flowAdmin        = "admin"
)

// service is one entry of the main menu.
type service struct {
	flow     string
	members  bool     // only for active members
	keywords []string // whole messages that start it from anywhere, lowercase
}

// services is the main menu, in the order members see it.
var services = []service{
	{flowRegistrasi, false, []string{"registrasi", "daftar", "pendaftaran", "register", "registration"}},
	{flowBukaTabungan, true, []string{"buka tabungan", "buka rekening", "open savings", "open account"}},
	{flowCekTabungan, true, []string{"cek tabungan", "tabungan", "saldo", "cek saldo", "simpanan", "cek simpanan", "check savings", "savings", "balance"}},
	{flowCekDeposito, true, []string{"cek deposito", "deposito", "check deposits", "time deposit", "deposits"}},
	{flowCekPinjaman, true, []string{"cek pinjaman", "angsuran", "cek angsuran", "check loans", "loans", "my loans"}},
	{flowTerimaQRIS, true, []string{"terima qris", "qris", "receive qris"}},
	{flowTransfer, true, []string{"transfer antar tabungan", "transfer", "kirim uang"}},
	{flowSoundbox, true, []string{"saldo soundbox", "soundbox"}},
	{flowVerifikasi, true, []string{"verifikasi ktp", "verifikasi", "ktp", "verify ktp"}},
	{flowPinjaman, true, []string{"pinjaman", "simulasi pinjaman", "pengajuan pinjaman", "ajukan pinjaman", "simulasi", "kredit", "loan", "apply loan", "loan simulation"}},
	{flowProfil, true, []string{"profil", "profile", "data saya", "my profile"}},
	{flowGantiPIN, true, []string{"ganti pin", "pin", "ubah pin", "buat pin", "change pin", "set pin"}},
	{flowBayarWajib, true, []string{"bayar simpanan wajib", "bayar wajib", "simpanan wajib", "wajib", "pay wajib"}},
	{flowBayarAngsur, true, []string{"bayar angsuran", "bayar cicilan", "pay installment", "bayar pinjaman"}},
	{flowSetoran, true, []string{"setoran", "setor", "setor tabungan", "konfirmasi setoran", "deposit"}},
	{flowPenarikan, true, []string{"penarikan", "tarik", "tarik tunai", "tarik tabungan", "withdraw", "withdrawal"}},
}

// hidden are services not on the menu, started by their keyword.
var hidden = []service{
	{flowAdmin, false, []string{"admin", "petugas", "menu petugas", "staff"}},
}

// flowTable holds the flows that exist; a menu entry without one is announced as coming soon.
var flowTable = map[string]flowFunc{
	flowRegistrasi:   typed(flowRegistrasi, registrasi),
	flowBukaTabungan: typed(flowBukaTabungan, bukaTabungan),
	flowCekTabungan:  typed(flowCekTabungan, checkSavings),
	flowTransfer:     typed(flowTransfer, transfer),
	flowTerimaQRIS:   typed(flowTerimaQRIS, terimaQRIS),
	flowSoundbox:     typed(flowSoundbox, soundbox),
	flowBayarWajib:   typed(flowBayarWajib, bayarWajib),
	flowBayarAngsur:  typed(flowBayarAngsur, bayarAngsuran),
	flowSetoran:      typed(flowSetoran, setoran),
	flowPenarikan:    typed(flowPenarikan, penarikan),
	flowCekDeposito:  typed(flowCekDeposito, cekDeposito),
	flowCekPinjaman:  typed(flowCekPinjaman, cekPinjaman),
	flowPinjaman:     typed(flowPinjaman, pinjaman),
	flowProfil:       typed(flowProfil, profil),
	flowGantiPIN:     typed(flowGantiPIN, changePIN),
	flowBahasa:       typed(flowBahasa, chooseLanguage),
	flowAdmin:        typed(flowAdmin, admin),
	flowVerifikasi:   typed(flowVerifikasi, verifikasi),
}

// step decides what one message means and runs it.
func (r *Runner) step(ctx context.Context, c *call) error {
	s := &c.session
	text := normalize(c.in.Text)
	// Handover to staff (handover.go): while staff answer a member the bot keeps quiet for
	// them; a member may ask for a person from anywhere (wantsPerson: exact phrases for now).
	if quiet, err := c.quietForStaff(ctx, text); quiet || err != nil {
		return err
	}
	if c.wantsPerson(text) {
		return c.handOver(ctx)
	}
	expired := s.Flow != "" && c.at.Sub(s.UpdatedAt) > r.SessionTimeout
	if expired {
		c.endFlow()
	}
	if expired {
		// An answer to a question asked too long ago is not acted on: say so, then do what a fresh message would.
		if _, ok := serviceByKeyword(text); !ok && !isGlobalWord(text) && !isReminderSwitch(text) {
			return c.showMenu(ctx, c.msg.SessionExpired(minutes(r.SessionTimeout)))
		}
		c.reply(c.msg.SessionExpired(minutes(r.SessionTimeout)))
	}
	switch firstWord(text) {
	case "menu":
		if text == "menu" || text == "menu utama" {
			c.endFlow()
			return c.showMenu(ctx, "")
		}
	case "batal", "cancel":
		if !strings.Contains(text, " ") {
			cancelled := s.Flow != ""
			c.endFlow()
			if cancelled {
				return c.showMenu(ctx, c.msg.Cancelled())
			}
			return c.showMenu(ctx, "")
		}
	case "bantuan", "help", "?":
		if !strings.Contains(text, " ") {
			c.reply(c.msg.Help(c.msg.ServiceName(s.Flow)))
			return nil
		}
	case "bahasa", "language":
		return c.run(ctx, flowBahasa)
	}
	if on, ok := reminderSwitches[text]; ok {
		c.endFlow()
		return c.switchReminders(ctx, on)
	}
	if svc, ok := serviceByKeyword(text); ok {
		return c.start(ctx, svc)
	}
	if s.Flow != "" {
		if _, ok := flowTable[s.Flow]; ok {
			return c.run(ctx, s.Flow)
		}
		c.endFlow() // a flow this version no longer has
	}
	if n, err := strconv.Atoi(strings.TrimRight(text, ".)")); err == nil && n >= 1 && n <= len(services) {
		return c.start(ctx, services[n-1])
	}
	if s.New || isGreeting(text) {
		return c.showMenu(ctx, "")
	}
	// Counted for staff to add words (not_understood.go; kopbot phrases).
	if err := c.notUnderstood(ctx, text); err != nil {
		return err
	}
	return c.showMenu(ctx, c.msg.NotUnderstood())
}

func (c *call) endFlow() {
	c.session.Flow, c.session.Step, c.session.Data = "", "", "{}"
}

// showMenu replies with the main menu, after note when there is one.
func (c *call) showMenu(ctx context.Context, note string) error {
	m, ok, err := c.loadMember(ctx)
	if err != nil {
		return err
	}
	name := ""
	if ok {
		name = m.Name
	}
	items := make([]string, len(services))
	for i, s := range services {
		items[i] = c.msg.ServiceName(s.flow)
	}
	text := c.msg.Menu(c.runner.Cooperative, name, items)
	if note != "" {
		text = note + "\n\n" + text
	}
	c.reply(text)
	return nil
}

// start begins a menu service from its first step, if the sender may use it.
func (c *call) start(ctx context.Context, svc service) error {
	c.endFlow()
	if _, ok := flowTable[svc.flow]; !ok {
		c.reply(c.msg.Unavailable(c.msg.ServiceName(svc.flow)))
		return nil
	}
	if svc.members {
		m, ok, err := c.loadMember(ctx)
		if err != nil {
			return err
		}
		branch, err := c.tx.Branch(ctx, c.in.Branch)
		if err != nil {
			return err
		}
		switch {
		case !ok:
			c.reply(c.msg.NotMember(c.runner.Cooperative, branch.Name))
			return nil
		case m.Status == store.MemberApplicant:
			c.reply(c.msg.StillApplicant())
			return nil
		case m.Status != store.MemberActive:
			c.reply(c.msg.NotActive(branch.Name))
			return nil
		}
		if text, err := c.runner.needsKTP(ctx, c.tx, c.msg, m, svc.flow, c.msg.ServiceName(svc.flow)); err != nil || text != "" {
			c.reply(text)
			return err
		}
	}
	return c.run(ctx, svc.flow)
}

// run runs one step of the named flow, following switches to other flows.
func (c *call) run(ctx context.Context, flow string) error {
	for hops := 0; hops < 3; hops++ {
		fn, ok := flowTable[flow]
		if !ok {
			c.endFlow()
			return c.showMenu(ctx, "")
		}
		if c.session.Flow != flow {
			c.endFlow()
		}
		res, err := fn(ctx, c)
		if err != nil {
			return err
		}
		for _, im := range res.images {
			c.replyImage(im.path, im.caption)
		}
		for _, t := range res.replies {
			c.reply(t)
		}
		if res.kind != resultSwitch {
			return nil
		}
		c.endFlow()
		flow = res.next
	}
	c.endFlow()
	return c.showMenu(ctx, "")
}

// isGlobalWord reports whether text is one of the words that work everywhere.
func isGlobalWord(text string) bool {
	switch firstWord(text) {
	case "menu", "batal", "cancel", "bantuan", "help", "?", "bahasa", "language":
		return true
	}
	return false
}

// reminderSwitches turn a member's scheduled reminders on (true) or off, from anywhere.
var reminderSwitches = map[string]bool{
	"stop pengingat": false, "berhenti pengingat": false, "matikan pengingat": false, "stop reminders": false, "stop reminder": false,
	"mulai pengingat": true, "aktifkan pengingat": true, "start reminders": true, "start reminder": true,
}

func isReminderSwitch(text string) bool {
	_, ok := reminderSwitches[text]
	return ok
}

// switchReminders records whether the member wants reminders; replies and notices of
// their own transactions are not reminders and keep coming.
func (c *call) switchReminders(ctx context.Context, on bool) error {
	m, ok, err := c.loadMember(ctx)
	if err != nil {
		return err
	}
	if !ok {
		branch, err := c.tx.Branch(ctx, c.in.Branch)
		if err != nil {
			return err
		}
		c.reply(c.msg.NotMember(c.runner.Cooperative, branch.Name))
		return nil
	}
	if err := c.tx.SetRemindersOff(ctx, m.ID, !on); err != nil {
		return err
	}
	if on {
		c.reply(c.msg.RemindersResumed(m.Name))
	} else {
		c.reply(c.msg.RemindersStopped(m.Name))
	}
	return nil
}

func serviceByKeyword(text string) (service, bool) {
	for _, s := range append(services[:len(services):len(services)], hidden...) {
		for _, k := range s.keywords {
			if text == k {
				return s, true
			}
		}
	}
	return service{}, false
}

var greetings = map[string]bool{
	"halo": true, "hallo": true, "hai": true, "hi": true, "hello": true, "p": true, "ping": true, "start": true, "mulai": true,
	"assalamualaikum": true, "assalamu'alaikum": true, "selamat pagi": true, "selamat siang": true, "selamat sore": true,
	"selamat malam": true, "pagi": true, "siang": true, "sore": true, "malam": true, "permisi": true,
}

func isGreeting(text string) bool { return greetings[text] }

// normalize lowercases text, trims WhatsApp formatting and punctuation at the ends and collapses spaces.
func normalize(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.TrimFunc(s, func(r rune) bool {
		return r == '*' || r == '_' || r == '~' || r == '!' || r == '.' || r == ',' || (r != '?' && unicode.IsPunct(r))
	})
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}
