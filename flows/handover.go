package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// A person when the bot cannot help. A member who asks for one is handed over: the branch's
// admins are told on WhatsApp who it is, their number and their last messages (masked),
// and the bot keeps quiet for the member while staff answer from the branch's own phone,
// until staff hand the member back (admin menu 13, kopbot handover release), the member
// writes "menu" or "bot", or the timeout passes (the housekeeping job).
//
// Staff may also take a chat over unasked: when they write to a member from the branch's
// own phone, the bot keeps quiet for the member until StaffQuiet after staff's last
// message (StaffWrote). The admins' next digest lists it. When that time passes the bot
// answers the member's next message again without a word: staff were talking with them,
// and a "staff did not answer" notice would be wrong.

// HandoverRules say when staff answer members who ask for a person; they come from config.
type HandoverRules struct {
	OfficeOpen, OfficeClose time.Duration  // office hours, local time since midnight
	OfficeDays              []time.Weekday // the days the office is open
	AnswerWithin            time.Duration  // inside office hours, members are promised an answer within this
	// The bot answers again after this long if nobody hands the member back, counted from
	// the request, or from the next opening when asked outside office hours.
	Timeout time.Duration
	// StaffQuiet is how long the bot keeps quiet for a member after staff last wrote to them
	// from the branch's own phone; 0 means DefaultStaffQuiet.
	StaffQuiet time.Duration
}

// DefaultStaffQuiet is how long the bot keeps quiet for a member after staff wrote to them
// from the branch's own phone, when config says nothing.
const DefaultStaffQuiet = 2 * time.Hour

// DefaultHandoverRules are config.example.yaml's: 08:00-16:00, Monday to Friday, an
// answer within 30 minutes, the bot back after 4 hours.
var DefaultHandoverRules = HandoverRules{OfficeOpen: 8 * time.Hour, OfficeClose: 16 * time.Hour,
	OfficeDays:   []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
	AnswerWithin: 30 * time.Minute, Timeout: 4 * time.Hour}

func (r *Runner) handoverRules() HandoverRules {
	if r.Handover.Timeout <= 0 || len(r.Handover.OfficeDays) == 0 {
		return DefaultHandoverRules
	}
	return r.Handover
}

// Opening reports whether t (local time) is inside office hours and, when it is not, when
// the office opens next.
func (h HandoverRules) Opening(t time.Time) (open bool, next time.Time) {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	isOfficeDay := func(d time.Time) bool {
		for _, w := range h.OfficeDays {
			if d.Weekday() == w {
				return true
			}
		}
		return false
	}
	at := func(d time.Time, since time.Duration) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), int(since/time.Hour), int(since%time.Hour/time.Minute), 0, 0, d.Location())
	}
	if isOfficeDay(day) && !t.Before(at(day, h.OfficeOpen)) && t.Before(at(day, h.OfficeClose)) {
		return true, time.Time{}
	}
	for i := 0; i <= 7; i++ {
		d := day.AddDate(0, 0, i)
		if open := at(d, h.OfficeOpen); isOfficeDay(d) && open.After(t) {
			return false, open
		}
	}
	return false, time.Time{}
}

// handOver tells the branch's admins that the member asks for a person, and the member
// what to expect; from now on the bot keeps quiet for them (quietForStaff).
func (c *call) handOver(ctx context.Context) error {
	c.endFlow()
	branch, err := c.tx.Branch(ctx, c.in.Branch)
	if err != nil {
		return err
	}
	office := ""
	if branch.Phone != "" {
		office = parse.LocalPhone(branch.Phone)
	}
	admins, err := c.runner.admins(ctx, c.tx, c.in.Branch)
	if err != nil {
		return err
	}
	if len(admins) == 0 {
		// Nobody would be told: the member is sent to the office rather than left waiting.
		c.reply(c.msg.HandoverNoStaff(branch.Name, office))
		return nil
	}
	m, isMember, err := c.loadMember(ctx)
	if err != nil {
		return err
	}
	rules := c.runner.handoverRules()
	loc := c.runner.location()
	p := catalog.HandoverPromise{Branch: branch.Name, OfficePhone: office, Now: c.at.In(loc)}
	// Asked outside office hours, the timeout counts from the opening the member is promised.
	from := c.at
	if open, next := rules.Opening(p.Now); open {
		p.Within = rules.AnswerWithin
	} else if !next.IsZero() {
		p.Opens, from = next, next
	}
	h := store.Handover{Branch: c.in.Branch, Phone: c.in.From, Started: c.at, Deadline: from.Add(rules.Timeout)}
	if isMember {
		h.MemberID, h.Name, h.MemberNo, h.RegNo = m.ID, m.Name, m.No, m.RegNo
	}
	if h, err = c.tx.StartHandover(ctx, h); err != nil {
		return err
	}
	notice := handoverNotice(h, c.session.Recent, c.at, loc)
	if err := c.tell(ctx, admins, func(m catalog.Messages) string { return m.HandoverToStaff(notice) }); err != nil {
		return err
	}
	c.reply(c.msg.HandoverStarted(p))
	return nil
}

// quietForStaff keeps the bot quiet while staff answer the member: the message is
// recorded (Handle did) and gets no reply. "menu" or "bot" hands the member back to the
// bot; a handover past its deadline that housekeeping has not ended yet ends now.
// It reports whether the message was dealt with.
func (c *call) quietForStaff(ctx context.Context, text string) (bool, error) {
	if c.session.HandedOver.IsZero() { // read with the session: most chats cost nothing more
		return false, nil
	}
	quiet := c.at.Before(c.session.HandedOver)
	switch text {
	case "menu", "menu utama", "bot":
	default:
		if quiet {
			return true, nil
		}
	}
	h, err := c.tx.OpenHandover(ctx, c.in.Branch, c.in.From)
	if err != nil {
		return false, err
	}
	if !quiet {
		return false, c.tx.ReleaseHandover(ctx, h.ID, c.at, coop.Kopbot.String(), store.HandoverTimedOut)
	}
	if err := c.tx.ReleaseHandover(ctx, h.ID, c.at, coop.WhatsApp(c.in.From).String(), store.HandoverByMember); err != nil {
		return true, err
	}
	who := handoverWho(h)
	if err := c.tellAdmins(ctx, func(m catalog.Messages) string { return m.HandoverLeftByMember(who, h.Phone) }); err != nil {
		return true, err
	}
	c.endFlow()
	return true, c.showMenu(ctx, c.msg.HandoverBackToBot())
}

// StaffWrote records that staff wrote to phone's chat with branch from the branch's own
// phone at at: the bot keeps quiet for the member until StaffQuiet after it, in a handover
// started by staff, or by extending the chat's open one. Admins' own chats, and a message
// so old that the quiet would be over already, change nothing.
func (r *Runner) StaffWrote(ctx context.Context, branch, phone string, at time.Time) error {
	quiet := r.Handover.StaffQuiet
	if quiet <= 0 {
		quiet = DefaultStaffQuiet
	}
	until := at.Add(quiet)
	if !until.After(r.Now()) {
		return nil
	}
	err := r.DB.Update(ctx, func(tx *store.Tx) error {
		if admin, err := r.isAdmin(ctx, tx, branch, phone); err != nil || admin {
			return err
		}
		h, err := tx.OpenHandover(ctx, branch, phone)
		switch {
		case err == nil:
			if err := tx.ExtendHandover(ctx, h.ID, until); err != nil {
				return err
			}
		case errors.Is(err, store.ErrNotFound):
			h = store.Handover{Branch: branch, Phone: phone, Started: at, Deadline: until, StartedBy: store.StartedByStaff}
			if m, err := tx.MemberByPhone(ctx, phone); err == nil {
				h.MemberID = m.ID
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			if _, err := tx.StartHandover(ctx, h); err != nil {
				return err
			}
		default:
			return err
		}
		// A question the bot was waiting on is staff's now (nor is the member told later
		// that it lapsed); and someone who never wrote gets a session, the handover being
		// read with it.
		s, err := tx.Session(ctx, branch, phone)
		if err != nil || !s.New && s.Flow == "" {
			return err
		}
		s.Flow, s.Step, s.Data = "", "", "{}"
		return tx.SaveSession(ctx, s, at)
	})
	if err != nil {
		return fmt.Errorf("staff took a chat of %s over: %w", branch, err)
	}
	return nil
}

// EndHandovers hands back to the bot every member whose handover passed its deadline
// without anyone handing them back, and tells them (not those staff took over) (held until notBefore when it is not
// zero: quiet hours). It returns how many it ended.
func (r *Runner) EndHandovers(ctx context.Context, notBefore time.Time) (int, error) {
	now := r.Now()
	n := 0
	err := r.DB.Update(ctx, func(tx *store.Tx) error {
		due, err := tx.HandoversDue(ctx, now, 500)
		if err != nil {
			return err
		}
		for _, h := range due {
			if err := tx.ReleaseHandover(ctx, h.ID, now, coop.Kopbot.String(), store.HandoverTimedOut); err != nil {
				return err
			}
			if h.StartedBy == store.StartedByStaff {
				continue // staff were talking with the member: the bot answers their next message, unannounced
			}
			branch, err := tx.Branch(ctx, h.Branch)
			if err != nil {
				return err
			}
			office := ""
			if branch.Phone != "" {
				office = parse.LocalPhone(branch.Phone)
			}
			s, err := tx.Session(ctx, h.Branch, h.Phone)
			if err != nil {
				return err
			}
			text := catalog.For(r.lang(s.Lang)).HandoverTimedOut(branch.Name, office)
			if _, err := tx.Enqueue(ctx, store.OutMessage{Branch: h.Branch, To: h.Phone, Transport: s.Transport, Address: s.Address,
				Text: text, Bulk: true, NotBefore: notBefore}); err != nil {
				return err
			}
		}
		n = len(due)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("end handovers past their deadline: %w", err)
	}
	return n, nil
}

// How many incoming texts a chat keeps for staff, and how much of each.
const (
	recentKept  = 5
	recentRunes = 300
)

// noteIncoming keeps the message among the chat's last texts, which staff are shown when
// the member asks for a person: digits masked, and nothing typed where a PIN was asked.
func (c *call) noteIncoming() {
	c.atPIN = pinPrompt(c.session.Flow, c.session.Step)
	if c.atPIN {
		return
	}
	text := clip(MaskDigits(strings.Join(strings.Fields(c.in.Text), " ")), recentRunes)
	if text == "" && c.in.Image == "" {
		return
	}
	c.session.Recent = c.session.Recent.Add(store.RecentText{At: c.at, Text: text, Photo: c.in.Image != ""}, recentKept)
}

// pinPrompt reports whether a flow at step waits for a PIN.
func pinPrompt(flow, step string) bool {
	return step == stepPIN || pinStepsOf[flow][step].use != pinTakesNone
}

// clip shortens s to at most n runes, marking the cut with "…".
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
}

// tellAdmins queues a message to every admin of the branch, each in their language.
func (c *call) tellAdmins(ctx context.Context, text func(catalog.Messages) string) error {
	admins, err := c.runner.admins(ctx, c.tx, c.in.Branch)
	if err != nil {
		return err
	}
	return c.tell(ctx, admins, text)
}

// tell queues a message to each of phones, each in their language.
func (c *call) tell(ctx context.Context, phones []string, text func(catalog.Messages) string) error {
	for _, phone := range phones {
		if err := coop.Notify(ctx, c.tx, c.in.Branch, phone, c.runner.lang(""), text); err != nil {
			return err
		}
	}
	return nil
}

func handoverWho(h store.Handover) catalog.HandoverWho {
	return catalog.HandoverWho{Name: h.Name, MemberNo: h.MemberNo, RegNo: h.RegNo}
}

// handoverNotice is what staff are shown of h, in the cooperative's time zone.
func handoverNotice(h store.Handover, recent store.RecentTexts, now time.Time, loc *time.Location) catalog.HandoverNotice {
	return catalog.HandoverNotice{Who: handoverWho(h), Phone: h.Phone, Since: h.Started.In(loc), Until: h.Deadline.In(loc), Now: now.In(loc), Recent: recent.List()}
}
