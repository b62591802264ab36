package flows

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"unicode"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/intent"
	"github.com/kopbot/kopbot/store"
)

// Flow names, as persisted in sessions and named in the vocabulary (intent/vocab).
const (
	flowRegistrasi   = catalog.FlowRegistrasi
	flowInfo         = catalog.FlowInfo
	flowBukaTabungan = catalog.FlowBukaTabungan
	flowCekTabungan  = catalog.FlowCekTabungan
	flowCekDeposito  = catalog.FlowCekDeposito
	flowBukaDeposito = catalog.FlowBukaDeposito
	flowCekPinjaman  = catalog.FlowCekPinjaman
	flowTerimaQRIS   = catalog.FlowTerimaQRIS
	flowTransfer     = catalog.FlowTransfer
	flowSoundbox     = catalog.FlowSoundbox
	flowVerifikasi   = catalog.FlowVerifikasi
	flowPinjaman     = catalog.FlowPinjaman
	flowProfil       = catalog.FlowProfil
	flowGantiPIN     = catalog.FlowGantiPIN
	flowBayarWajib   = catalog.FlowBayarWajib
	flowBayarAngsur  = catalog.FlowBayarAngsur
	flowPelunasan    = catalog.FlowPelunasan
	flowStatement    = catalog.FlowStatement
	flowSetoran      = catalog.FlowSetoran
	flowPenarikan    = catalog.FlowPenarikan
	flowPetugas      = catalog.FlowPetugas
	flowBahasa       = catalog.FlowBahasa
	flowAdmin        = catalog.FlowAdmin
	flowChoose       = "pilih-layanan" // which of these did you mean?
)

// Menu groups, as members see them.
const (
	groupSavings      = catalog.GroupSavings
	groupLoans        = catalog.GroupLoans
	groupTransactions = catalog.GroupTransactions
	groupAccount      = catalog.GroupAccount
)

// audience is who sees a service on their menu.
type audience int

const (
	forMembers    audience = iota
	forMerchants           // members who take QRIS payments
	forNonMembers          // not (yet) a member
	forEveryone
)

// service is one entry of the main menu.
type service struct {
	flow    string
	members bool   // only for active members
	group   string // the menu group it is listed under; "" for the short menu of non-members
	who     audience
}

// services are the menus, in the order people see them: members see their groups,
// merchants their QRIS services too, everyone else the short menu at the end.
var services = []service{
	{flowCekTabungan, true, groupSavings, forMembers},
	{flowBukaTabungan, true, groupSavings, forMembers},
	{flowSetoran, true, groupSavings, forMembers},
	{flowPenarikan, true, groupSavings, forMembers},
	{flowBayarWajib, true, groupSavings, forMembers},
	{flowCekDeposito, true, groupSavings, forMembers},
	{flowCekPinjaman, true, groupLoans, forMembers},
	{flowPinjaman, true, groupLoans, forMembers},
	{flowBayarAngsur, true, groupLoans, forMembers},
	{flowTransfer, true, groupTransactions, forMembers},
	{flowTerimaQRIS, true, groupTransactions, forMerchants},
	{flowSoundbox, true, groupTransactions, forMerchants},
	{flowProfil, true, groupAccount, forMembers},
	{flowGantiPIN, true, groupAccount, forMembers},
	{flowVerifikasi, true, groupAccount, forMembers},
	{flowRegistrasi, false, "", forNonMembers},
	{flowInfo, false, "", forNonMembers},
	{flowPetugas, false, groupAccount, forEveryone},
}

// hidden are services on nobody's menu, started by their words.
var hidden = []service{
	{flowAdmin, false, "", forEveryone},
	{flowPelunasan, true, groupLoans, forMembers}, // reached by its words: pelunasan, lunasi pinjaman, mau lunas
	{flowBukaDeposito, true, "", forMembers},      // offered by Cek Deposito; on the menu once its numbers are settled

	// Reached by its words: mutasi, rekening koran, statement (a PDF of every account).
	{flowStatement, true, groupSavings, forMembers},
}

// flowTable holds the flows that exist; a menu entry without one is announced as coming soon.
var flowTable = map[string]flowFunc{
	flowRegistrasi:   typed(flowRegistrasi, registrasi),
	flowInfo:         typed(flowInfo, cooperativeInfo),
	flowBukaTabungan: typed(flowBukaTabungan, asMember(bukaTabungan)),
	flowCekTabungan:  typed(flowCekTabungan, asMember(checkSavings)),
	flowStatement:    typed(flowStatement, asMember(statement)),
	flowTransfer:     typed(flowTransfer, asMember(transfer)),
	flowTerimaQRIS:   typed(flowTerimaQRIS, asMember(terimaQRIS)),
	flowSoundbox:     typed(flowSoundbox, asMember(soundbox)),
	flowBayarWajib:   typed(flowBayarWajib, asMember(bayarWajib)),
	flowBayarAngsur:  typed(flowBayarAngsur, asMember(bayarAngsuran)),
	flowPelunasan:    typed(flowPelunasan, asMember(pelunasan)),
	flowSetoran:      typed(flowSetoran, asMember(setoran)),
	flowPenarikan:    typed(flowPenarikan, asMember(penarikan)),
	flowCekDeposito:  typed(flowCekDeposito, asMember(cekDeposito)),
	flowBukaDeposito: typed(flowBukaDeposito, asMember(bukaDeposito)),
	flowCekPinjaman:  typed(flowCekPinjaman, asMember(cekPinjaman)),
	flowPinjaman:     typed(flowPinjaman, asMember(pinjaman)),
	flowProfil:       typed(flowProfil, asMember(profil)),
	flowGantiPIN:     typed(flowGantiPIN, asMember(changePIN)),
	flowBahasa:       typed(flowBahasa, chooseLanguage),
	flowAdmin:        typed(flowAdmin, staffOnly(admin)),
	flowVerifikasi:   typed(flowVerifikasi, asMember(verifikasi)),

	// Conversations reached by Switch from their service's flow (see partOf).
	flowRegistrasiLink:  typed(flowRegistrasiLink, registrasiLink),
	flowSetoranCancel:   typed(flowSetoranCancel, asMember(setoranCancel.flow)),
	flowPenarikanCancel: typed(flowPenarikanCancel, asMember(penarikanCancel.flow)),

	// The admin menu's conversations (admin.go).
	flowAdminApplications: typed(flowAdminApplications, staffOnly(applicationsDecision.run)),
	flowAdminLoans:        typed(flowAdminLoans, staffOnly(loansDecision.run)),
	flowAdminFind:         typed(flowAdminFind, staffOnly(adminFind)),
	flowAdminResetPIN:     typed(flowAdminResetPIN, staffOnly(adminResetPIN)),
	flowAdminCashIn:       typed(flowAdminCashIn, staffOnly(adminCash(cashIn))),
	flowAdminCashOut:      typed(flowAdminCashOut, staffOnly(adminCash(cashOut))),
	flowAdminInstallment:  typed(flowAdminInstallment, staffOnly(adminInstallment)),
	flowAdminReverse:      typed(flowAdminReverse, staffOnly(adminReverse)),
	flowAdminDisburse:     typed(flowAdminDisburse, staffOnly(adminDisburse)),
	flowAdminKTP:          typed(flowAdminKTP, staffOnly(ktpDecision.run)),
	flowAdminDeposits:     typed(flowAdminDeposits, staffOnly(depositsDecision.run)),
	flowAdminWithdrawals:  typed(flowAdminWithdrawals, staffOnly(withdrawalsDecision.run)),
	flowAdminHandovers:    typed(flowAdminHandovers, staffOnly(handoversDecision.run)),
	flowAdminBreakDeposit: typed(flowAdminBreakDeposit, staffOnly(adminBreakDeposit)),
	flowAdminApprovals:    typed(flowAdminApprovals, staffOnly(approvalsDecision.run)),
}

// partOf names, for a flow reached only by Switch from a service's own flow, the service
// it is a conversation of: help names that service, and a retry never hints at it.
var partOf = map[string]string{
	flowSetoranCancel:     flowSetoran,
	flowPenarikanCancel:   flowPenarikan,
	flowRegistrasiLink:    flowRegistrasi,
	flowAdminApplications: flowAdmin,
	flowAdminLoans:        flowAdmin,
	flowAdminFind:         flowAdmin,
	flowAdminResetPIN:     flowAdmin,
	flowAdminCashIn:       flowAdmin,
	flowAdminCashOut:      flowAdmin,
	flowAdminInstallment:  flowAdmin,
	flowAdminReverse:      flowAdmin,
	flowAdminDisburse:     flowAdmin,
	flowAdminKTP:          flowAdmin,
	flowAdminDeposits:     flowAdmin,
	flowAdminWithdrawals:  flowAdmin,
	flowAdminHandovers:    flowAdmin,
	flowAdminBreakDeposit: flowAdmin,
	flowAdminApprovals:    flowAdmin,
}

// serviceFlow is the service flow is a conversation of: itself, or what it is partOf.
func serviceFlow(flow string) string {
	if s, ok := partOf[flow]; ok {
		return s
	}
	return flow
}

// serviceOf finds a service by its flow name.
func serviceOf(flow string) (service, bool) {
	for _, s := range append(services[:len(services):len(services)], hidden...) {
		if s.flow == flow {
			return s, true
		}
	}
	return service{}, false
}

// step decides what one message means and runs it.
func (r *Runner) step(ctx context.Context, c *call) error {
	s := &c.session
	m := c.said
	// Handover to staff (handover.go): while staff answer a member the bot keeps quiet for them.
	if quiet, err := c.quietForStaff(ctx, normalize(c.in.Text)); quiet || err != nil {
		return err
	}
	if s.Flow != "" && c.at.Sub(s.UpdatedAt) > r.SessionTimeout {
		c.endFlow()
		// An answer to a question asked too long ago is not acted on: say so, then do what
		// a fresh message would if it asks for something; otherwise the menu.
		if !c.asksSomething(ctx, m) {
			return c.showMenu(ctx, c.msg.SessionExpired(minutes(r.SessionTimeout)))
		}
		c.reply(c.msg.SessionExpired(minutes(r.SessionTimeout)))
	}
	// A voice note, a sticker, a location...: say what the bot reads; a question still open stays open.
	if c.in.Media != "" && m.Empty() {
		r.traced("media")
		c.reply(c.msg.CannotRead(c.in.Media, s.Flow != ""))
		return nil
	}
	// Words that work everywhere.
	switch {
	case m.Is(intent.Menu):
		c.endFlow()
		r.traced("menu")
		return c.showMenu(ctx, "")
	case m.Is(intent.Stop):
		r.traced("stop")
		cancelled := s.Flow != ""
		c.endFlow()
		if cancelled {
			return c.showMenu(ctx, c.msg.Cancelled())
		}
		return c.showMenu(ctx, "")
	case m.Is(intent.Help) || m.Empty() && strings.Contains(c.in.Text, "?"):
		r.traced("help")
		c.reply(c.msg.Help(c.msg.ServiceName(serviceFlow(s.Flow))))
		return nil
	case m.Is(intent.Language) || len(m.Words) > 0 && (m.Words[0] == "bahasa" || m.Words[0] == "language"):
		r.traced("language")
		return c.run(ctx, flowBahasa)
	case m.Is(intent.RemindersOff), m.Is(intent.RemindersOn):
		c.endFlow()
		r.traced("reminders")
		return c.switchReminders(ctx, m.Is(intent.RemindersOn))
	case m.Is(intent.Thanks) && !(s.Flow != "" && m.Is(intent.Yes)): // "ok makasih" answers a question
		// Thanks need no more than a reply; a question still open stays open.
		r.traced("thanks")
		c.reply(c.msg.ThanksReply())
		return nil
	}
	if s.Flow == flowChoose {
		if picked, ok := c.pickService(m); ok {
			return c.startFlow(ctx, picked)
		}
		c.endFlow() // not an answer to "which one?": read it afresh
	}
	if s.Flow != "" {
		if _, ok := flowTable[s.Flow]; !ok {
			c.endFlow() // a flow this version no longer has
			return c.understand(ctx, m)
		}
		// A service's very name starts it, even in the middle of another, unless the step
		// takes any text as its answer.
		named := m.Named()
		atPIN := s.Step == stepPIN && slices.Equal(named, []string{flowGantiPIN}) // "pin nya apa ya" is no request for Ganti PIN
		if len(named) > 0 && !atPIN && !freeText[s.Flow+"/"+s.Step] && !(serviceFlow(s.Flow) == flowAdmin && s.Step == stepReason) {
			return c.startGuess(ctx, m)
		}
		return c.run(ctx, s.Flow)
	}
	return c.understand(ctx, m)
}

// freeText are the steps whose answer is any text (a name, an address, a job, a note):
// there a service's name is the answer ("Operator" is a job, not a request for staff);
// the words that work everywhere still do.
var freeText = map[string]bool{"registrasi/name": true, "registrasi/address": true, "registrasi/occupation": true,
	"verifikasi-ktp/name": true, "penarikan/holder": true, "setoran/sender": true, "terima-qris/note": true, flowAdminFind + "/query": true}

// understand answers a message outside any flow: a number from the menu, small talk,
// a service asked for in the member's own words, or a short "did you mean".
func (c *call) understand(ctx context.Context, m intent.Message) error {
	menu, err := c.menu(ctx)
	if err != nil {
		return err
	}
	if n, ok := m.Choice(len(menu)); ok {
		return c.start(ctx, menu[n-1])
	}
	if c.in.Image != "" {
		return c.photo(ctx, m)
	}
	if g := m.Guess(c.offered(menu)); len(g.Services) > 0 {
		return c.startGuess(ctx, m)
	}
	switch {
	case c.session.New || m.Is(intent.Greeting) || m.OnlyFillers() || m.Empty() || isPing(m):
		c.runner.traced("menu")
		return c.showMenu(ctx, "")
	case m.Is(intent.Yes) || m.Is(intent.No):
		c.runner.traced("close")
		c.reply(c.msg.ClosePolitely()) // "ok" after a service ended: nothing is asked
		return nil
	}
	return c.notUnderstood(ctx, m, menu)
}

// isPing is a message of one letter ("p", "P", "k"): someone asking if anyone is there.
func isPing(m intent.Message) bool {
	return len(m.Words) == 1 && len([]rune(m.Words[0])) == 1 && unicode.IsLetter([]rune(m.Words[0])[0])
}

// asksSomething reports whether a message asks for something by itself (a service, a
// word that works everywhere), so that it is acted on even after the session expired.
func (c *call) asksSomething(ctx context.Context, m intent.Message) bool {
	for _, k := range []intent.Kind{intent.Menu, intent.Stop, intent.Help, intent.Language, intent.RemindersOff, intent.RemindersOn} {
		if m.Is(k) {
			return true
		}
	}
	if len(m.Named()) > 0 {
		return true
	}
	menu, err := c.menu(ctx)
	if err != nil {
		return false
	}
	return len(m.Guess(c.offered(menu)).Services) > 0
}

// startGuess starts the service the message asks for, or asks which when several fit.
func (c *call) startGuess(ctx context.Context, m intent.Message) error {
	menu, err := c.menu(ctx)
	if err != nil {
		return err
	}
	g := m.Guess(c.offered(menu))
	switch len(g.Services) {
	case 0:
		// Only a name matched, of a service this member is not offered and that fits no
		// better than another: take the name.
		named := m.Named()
		if len(named) == 0 {
			return c.notUnderstood(ctx, m, menu)
		}
		return c.startFlow(ctx, named[0])
	case 1:
		// Someone not yet a member asking about a members' service ("bunga deposito berapa")
		// wants to know what the cooperative offers, when that fits too.
		if svc, ok := serviceOf(g.Services[0]); ok && svc.members && !isMemberMenu(menu) {
			for _, s := range m.Scores() {
				if s.Service == flowInfo {
					return c.startFlow(ctx, flowInfo)
				}
			}
		}
		return c.startFlow(ctx, g.Services[0])
	}
	c.runner.traced("which:" + strings.Join(g.Services, ","))
	return c.askWhich(g.Services, c.msg.WhichService)
}

// notUnderstood offers the two or three services closest to what was written.
func (c *call) notUnderstood(ctx context.Context, m intent.Message, menu []service) error {
	near := m.Guess(c.offered(menu)).Near
	if len(near) == 0 {
		// Nothing comes close: the first service of the first two groups (the most asked
		// for: Cek Tabungan, Cek Pinjaman; Registrasi and Tentang Koperasi for others),
		// and a person.
		seen := map[string]bool{}
		for _, s := range menu {
			if len(near) < 2 && s.flow != flowPetugas && (s.group == "" || !seen[s.group]) {
				near = append(near, s.flow)
				seen[s.group] = true
			}
		}
		near = append(near, flowPetugas)
	}
	c.runner.traced("unknown")
	if err := c.countMisunderstood(ctx, normalize(c.in.Text)); err != nil { // for staff to add words: kopbot phrases
		return err
	}
	return c.askWhich(near, c.msg.NotUnderstoodNear)
}

// askWhich lists flows by number and waits for the member's pick in flowChoose.
func (c *call) askWhich(flows []string, text func(names []string) string) error {
	names := make([]string, len(flows))
	for i, f := range flows {
		names[i] = c.msg.ServiceName(f)
	}
	data, err := json.Marshal(chooseData{Flows: flows})
	if err != nil {
		return err
	}
	c.session.Flow, c.session.Step, c.session.Data = flowChoose, "pick", string(data)
	c.reply(text(names))
	return nil
}

type chooseData struct {
	Flows []string `json:"flows"`
}

// pickService reads the answer to "which of these?": one of the listed services.
func (c *call) pickService(m intent.Message) (string, bool) {
	var d chooseData
	if json.Unmarshal([]byte(c.session.Data), &d) != nil || len(d.Flows) == 0 {
		return "", false
	}
	if n, ok := m.Choice(len(d.Flows)); ok {
		return d.Flows[n-1], true
	}
	if len(m.Named()) > 0 {
		return "", false // a service's own name ("pinjaman") is itself, not words of a listed one
	}
	names := make([]string, len(d.Flows))
	for i, f := range d.Flows {
		names[i] = c.msg.ServiceName(f)
	}
	if n, ok := m.Pick(names); ok {
		return d.Flows[n-1], true
	}
	return "", false
}

// startFlow starts the service named by flow.
func (c *call) startFlow(ctx context.Context, flow string) error {
	if flow == flowAdmin && !c.admin {
		flow = flowPetugas // a member asking for "admin" wants a person
	}
	svc, ok := serviceOf(flow)
	if !ok {
		c.endFlow()
		return c.showMenu(ctx, "")
	}
	if c.session.New && !svc.members && flow != flowRegistrasi && flow != flowAdmin && !c.admin {
		// Someone new asking at once is told where they stand first (Registrasi and the
		// members' services say so themselves).
		if menu, err := c.menu(ctx); err == nil && !isMemberMenu(menu) {
			c.reply(c.msg.NotYetMember())
		}
	}
	return c.start(ctx, svc)
}

// photo answers a photo sent outside any flow: a transfer proof starts Setoran.
func (c *call) photo(ctx context.Context, m intent.Message) error {
	menu, err := c.menu(ctx)
	if err != nil {
		return err
	}
	if g := m.Guess(c.offered(menu)); slices.Contains(g.Services, flowSetoran) || slices.Contains(g.Services, flowTransfer) {
		svc, _ := serviceOf(flowSetoran)
		return c.start(ctx, svc)
	}
	c.runner.traced("photo")
	c.reply(c.msg.PhotoOutsideFlow())
	return nil
}

func (c *call) endFlow() {
	c.session.Flow, c.session.Step, c.session.Data = "", "", "{}"
}

// menu lists the services this person is offered, in the order their menu shows them.
func (c *call) menu(ctx context.Context) ([]service, error) {
	if c.menuLoaded {
		return c.menuCache, nil
	}
	m, isMember, err := c.loadMember(ctx)
	if err != nil {
		return nil, err
	}
	member := isMember && m.Status != store.MemberApplicant && m.Status != store.MemberRejected && m.Status != store.MemberClosed
	merchant := member && m.Merchant
	var out []service
	for _, s := range services {
		switch {
		case s.who == forEveryone,
			s.who == forMembers && member,
			s.who == forMerchants && member && merchant,
			s.who == forNonMembers && !member:
			out = append(out, s)
		}
	}
	c.menuCache, c.menuLoaded = out, true
	return out, nil
}

// isMemberMenu reports whether a menu is a member's (not the short one of everyone else).
func isMemberMenu(menu []service) bool {
	return slices.ContainsFunc(menu, func(s service) bool { return s.who == forMembers })
}

// offered reports whether a flow is on the given menu; admins are offered their menu too.
func (c *call) offered(menu []service) func(string) bool {
	return func(flow string) bool {
		if flow == flowAdmin {
			return c.admin
		}
		return slices.ContainsFunc(menu, func(s service) bool { return s.flow == flow })
	}
}

// showMenu replies with the person's menu, after note when there is one.
func (c *call) showMenu(ctx context.Context, note string) error {
	m, ok, err := c.loadMember(ctx)
	if err != nil {
		return err
	}
	menu, err := c.menu(ctx)
	if err != nil {
		return err
	}
	name := ""
	if ok {
		name = m.Name
	}
	var groups []catalog.MenuGroup
	member := false
	for _, s := range menu {
		if s.who != forNonMembers && s.who != forEveryone {
			member = true
		}
		title := ""
		if s.group != "" && member {
			title = c.msg.MenuGroup(s.group)
		}
		if len(groups) == 0 || groups[len(groups)-1].Title != title {
			groups = append(groups, catalog.MenuGroup{Title: title})
		}
		g := &groups[len(groups)-1]
		g.Items = append(g.Items, c.msg.ServiceName(s.flow))
	}
	if !member {
		name = "" // an applicant's name is on their application, not a membership
	}
	text := c.msg.Menu(c.runner.Cooperative, name, member, groups)
	if note != "" {
		text = note + "\n\n" + text
	}
	c.reply(text)
	return nil
}

// start begins a menu service from its first step, if the sender may use it.
func (c *call) start(ctx context.Context, svc service) error {
	c.endFlow()
	if svc.flow == flowPetugas {
		c.runner.traced("start:" + svc.flow)
		return c.handOver(ctx) // handover.go
	}
	if _, ok := flowTable[svc.flow]; !ok {
		c.reply(c.msg.Unavailable(c.msg.ServiceName(svc.flow)))
		return nil
	}
	c.runner.traced("start:" + svc.flow)
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
		case m.Status != store.MemberActive && m.Status != store.MemberSuspended: // a suspended member is gated in run
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

// run runs one step of the named flow, following switches to other flows. An answer the
// step cannot use that clearly asks for another service starts that service instead.
func (c *call) run(ctx context.Context, flow string) error {
	for hops := 0; hops < 3; hops++ {
		fn, ok := flowTable[flow]
		if !ok {
			c.endFlow()
			return c.showMenu(ctx, "")
		}
		if stop, err := c.suspendedFrom(ctx, flow); err != nil || stop {
			return err
		}
		if c.session.Flow != flow {
			c.endFlow()
		}
		c.runner.traced("flow:" + flow)
		res, err := fn(ctx, c)
		if err != nil {
			return err
		}
		if res.kind == resultPass {
			c.endFlow()
			return c.understand(ctx, c.said)
		}
		if res.kind == resultRetry && len(res.replies) == 1 {
			res.replies[0] += c.otherService(ctx, flow)
		}
		for _, im := range res.images {
			c.replyImage(im.path, im.caption)
		}
		for _, d := range res.docs {
			c.replyDocument(d.path, d.caption)
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

// suspendedMayUse are the members' services a suspended member keeps: reading, and their PIN.
var suspendedMayUse = map[string]bool{flowCekTabungan: true, flowCekDeposito: true, flowCekPinjaman: true, flowProfil: true,
	flowSoundbox: true, flowGantiPIN: true}

// suspendedFrom keeps a suspended member out of a service that moves money (transfer,
// withdrawal, opening products, loans, QRIS...), however they reach it: from the menu, by
// its words or by another flow's switch. It tells them why and reports true.
func (c *call) suspendedFrom(ctx context.Context, flow string) (bool, error) {
	svc, ok := serviceOf(flow)
	if !ok || !svc.members || suspendedMayUse[flow] {
		return false, nil
	}
	m, ok, err := c.loadMember(ctx)
	if err != nil || !ok || m.Status != store.MemberSuspended {
		return false, err
	}
	branch, err := c.tx.Branch(ctx, m.Branch)
	if err != nil {
		return false, err
	}
	c.endFlow()
	c.runner.traced("suspended:" + flow)
	c.reply(c.msg.SuspendedNoMoney(branch.Name))
	return true, nil
}

// otherService is a hint added to an answer a step could not use when that answer clearly
// asks for another service: how to switch to it. The flow is not left on a guess: "ini
// foto ktp saya" at Registrasi's photo step is no request for Verifikasi KTP.
func (c *call) otherService(ctx context.Context, flow string) string {
	menu, err := c.menu(ctx)
	if err != nil {
		return ""
	}
	g := c.said.Guess(c.offered(menu))
	if len(g.Services) != 1 || g.Services[0] == serviceFlow(flow) || !c.offered(menu)(g.Services[0]) {
		return ""
	}
	name := c.runner.words().NameOf(g.Services[0], c.runner.lang(c.session.Lang))
	if name == "" {
		return ""
	}
	return "\n\n" + c.msg.SwitchHint(c.msg.ServiceName(g.Services[0]), name)
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

// normalize lowercases text, trims WhatsApp formatting and punctuation at the ends and collapses spaces.
func normalize(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.TrimFunc(s, func(r rune) bool {
		return r == '*' || r == '_' || r == '~' || r == '!' || r == '.' || r == ',' || (r != '?' && unicode.IsPunct(r))
	})
}
