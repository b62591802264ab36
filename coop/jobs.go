package coop

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/store"
)

// The scheduled jobs, by the names config and kopbot jobs use.
const (
	JobInstallmentDue = "installment-due"
	JobOverdue        = "overdue"
	JobMaturity       = "deposit-maturity"
	JobWajib          = "simpanan-wajib"
	JobStaffDigest    = "staff-digest"
	JobHousekeeping   = "housekeeping"
)

// JobNames lists every job in the order kopbot jobs list shows them.
var JobNames = []string{JobInstallmentDue, JobOverdue, JobMaturity, JobWajib, JobStaffDigest, JobHousekeeping, JobDayClose, JobBackup}

// JobSettings say which reminders go out and to whom; they come from config.
type JobSettings struct {
	InstallmentDays []int // days before an installment's due date it is reminded (0: the day itself)
	OverdueLimit    int   // a late installment is reminded daily for this many days after its due date
	MaturityDays    []int // days before a time deposit matures it is reminded
	WajibDay        int   // from this day of the month, an unpaid month of simpanan wajib is reminded (once)
	// Quiet hours, local time since midnight: reminders queued then wait until QuietEnd.
	// Equal means none; QuietStart after QuietEnd spans midnight (21:00-07:00).
	QuietStart, QuietEnd time.Duration
	OnlyChatted          bool          // remind only members who have written to the branch's number; list the rest for staff
	KeepProcessed        time.Duration // processed message IDs are forgotten after this long
	KTPPhotoRetention    time.Duration // KTP photos are deleted this long after their decision; 0 keeps them
	KeepPhrases          time.Duration // counts of phrases not understood are forgotten after this long; 0 keeps them
	BackupDir            string        // where the backup job writes its copies; "" turns it off
	BackupKeep           int           // how many good copies (and failed ones) the backup job keeps; 0 keeps all
}

// Jobs are the scheduled reminders and housekeeping. The scheduler in serve and
// kopbot jobs run call Run; everything a run sends goes through the outbox as bulk.
type Jobs struct {
	Office   *Office
	Settings JobSettings
	// Chats are the conversations housekeeping ends (a *flows.Runner).
	Chats Chats
	// SessionTimeout is how long a quiet conversation lasts, for a dry run's count of those housekeeping would end.
	SessionTimeout time.Duration
	// Clock is the real time (nil: the run's own time). A run as at a later time (kopbot jobs
	// run -now) records and queues nothing, and housekeeping measures ages by it.
	Clock func() time.Time
}

// Chats is what housekeeping asks of the conversations: to end those left quiet too long,
// and to hand back to the bot the members whose handover nobody ended in time.
type Chats interface {
	ExpireSessions(ctx context.Context) (int, error)
	EndHandovers(ctx context.Context, notBefore time.Time) (int, error)
}

// Notice is one reminder a run queued (or, in a dry run, would queue), or left for staff to call.
type Notice struct {
	Branch    string
	Phone     string
	MemberNo  string
	Name      string
	Kind      string
	Item      string
	Due       time.Time
	Amount    int64
	Text      string
	HeldUntil time.Time // zero unless quiet hours hold it
}

// QuietSession is a session housekeeping would end: its branch, the member's phone (masked),
// its flow and since when it was quiet (in the cooperative's time zone).
type QuietSession struct {
	Branch, Phone, Flow string
	Since               time.Time
}

// PhotoOwner is whose KTP photos housekeeping would delete: a KTP verification's number, or
// the member whose application carried them.
type PhotoOwner struct {
	Verification string
	MemberID     int64
}

// JobReport says what one run of a job did.
type JobReport struct {
	Job         string
	At          time.Time
	DryRun      bool
	Sent        []Notice // queued, or in a dry run would be
	Calls       []Notice // members who never chatted with the branch: staff should call them
	AlreadySent int      // reminders recorded by an earlier run
	OptedOut    int      // members who said stop pengingat
	Note        string   // why a job had nothing to do, when it says so

	// Future: the run was as at a time after the real clock, so it recorded and queued nothing.
	Future bool
	// AgesAt is when housekeeping measured ages from: the run's time, or the real time if earlier.
	AgesAt time.Time
	Stale  []QuietSession // in a dry run, the quiet sessions housekeeping would end
	Photos []PhotoOwner   // in a dry run, whose KTP photos it would delete

	SessionsEnded  int
	HandoversEnded int // members handed back to the bot after nobody did in time
	InvoicesClosed int64
	MessagesPruned int64
	PhrasesPruned  int64 // days of phrases not understood forgotten (rows)
	PhotosDeleted  int   // KTP verifications and applications whose photos were deleted

	Closed  []DayReport // the days the close ran for
	ToClose []time.Time // in a dry run, the days it would close

	Backup BackupCopy // the copy the backup job wrote

	read *store.Tx // a dry run's one read transaction for every candidate
}

// Summary is the report in one line, for logs and kopbot jobs list.
func (r JobReport) Summary() string {
	if r.Job == JobDayClose {
		return r.closeSummary()
	}
	if r.Job == JobBackup && r.Backup.Path != "" {
		return fmt.Sprintf("wrote %s (%d bytes), checked: integrity and ledger good; %d older copies pruned", r.Backup.Path, r.Backup.Bytes, r.Backup.Pruned)
	}
	if r.Job == JobHousekeeping {
		return fmt.Sprintf("%d sessions ended, %d handovers timed out, %d QRIS invoices closed, %d processed messages pruned, %d phrase counts pruned, KTP photos of %d deleted",
			r.SessionsEnded, r.HandoversEnded, r.InvoicesClosed, r.MessagesPruned, r.PhrasesPruned, r.PhotosDeleted)
	}
	verb := "queued"
	if r.DryRun {
		verb = "would queue"
	}
	s := fmt.Sprintf("%s %d, %d to call, %d already sent, %d opted out", verb, len(r.Sent), len(r.Calls), r.AlreadySent, r.OptedOut)
	if r.Note != "" {
		s += " (" + r.Note + ")"
	}
	return s
}

// ErrUnknownJob is returned for a job name that is not in JobNames.
var ErrUnknownJob = errors.New("unknown job")

// Run runs the named job as of now. A dry run records and sends nothing: it reports who
// would be told what. Each reminder is recorded with its outbox entry in one transaction
// under its key, so running a job again, or twice at once, never sends a reminder twice.
func (j *Jobs) Run(ctx context.Context, name string, now time.Time, dryRun bool) (JobReport, error) {
	rep := JobReport{Job: name, At: now, DryRun: dryRun}
	// A reminder recorded as at a later day would keep that day's real run from sending it,
	// and a day closed early would post interest for days not yet lived: only look.
	if j.Clock != nil && now.After(j.Clock().Add(time.Minute)) && name != JobHousekeeping {
		rep.DryRun, rep.Future = true, true
	}
	dryRun = rep.DryRun
	var err error
	if dryRun {
		// Nothing is written: every candidate is looked at in one read transaction.
		err = j.Office.DB.View(ctx, func(tx *store.Tx) error {
			rep.read = tx
			return j.run(ctx, name, &rep)
		})
		rep.read = nil
	} else {
		err = j.run(ctx, name, &rep)
	}
	return rep, err
}

func (j *Jobs) run(ctx context.Context, name string, rep *JobReport) error {
	var err error
	switch name {
	case JobInstallmentDue:
		err = j.installmentDue(ctx, rep)
	case JobOverdue:
		err = j.overdue(ctx, rep)
	case JobMaturity:
		err = j.maturity(ctx, rep)
	case JobWajib:
		err = j.wajib(ctx, rep)
	case JobStaffDigest:
		err = j.staffDigest(ctx, rep)
	case JobHousekeeping:
		err = j.housekeeping(ctx, rep)
	case JobDayClose:
		err = j.closeDays(ctx, rep)
	case JobBackup:
		err = j.backup(ctx, rep)
	default:
		return fmt.Errorf("%w %q (the jobs are %s)", ErrUnknownJob, name, strings.Join(JobNames, ", "))
	}
	if err != nil {
		return fmt.Errorf("job %s: %w", name, err)
	}
	return nil
}

// today is the calendar day of the report's time in the cooperative's time zone.
func (j *Jobs) today(rep *JobReport) time.Time {
	t := rep.At.In(j.Office.location())
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// QuietUntil is when the quiet hours that t falls in end; zero when t is outside them.
func (s JobSettings) QuietUntil(t time.Time) time.Time {
	if s.QuietStart == s.QuietEnd {
		return time.Time{}
	}
	midnight := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	at := func(day time.Time, d time.Duration) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), int(d/time.Hour), int(d%time.Hour/time.Minute), 0, 0, day.Location())
	}
	since := t.Sub(midnight)
	if s.QuietStart < s.QuietEnd {
		if since >= s.QuietStart && since < s.QuietEnd {
			return at(midnight, s.QuietEnd)
		}
		return time.Time{}
	}
	switch {
	case since >= s.QuietStart:
		return at(midnight.AddDate(0, 0, 1), s.QuietEnd)
	case since < s.QuietEnd:
		return at(midnight, s.QuietEnd)
	}
	return time.Time{}
}

// reminder is one reminder to record and send, whose text is written in the transaction
// that records it, from the figures as they stand then.
type reminder struct {
	to     store.Recipient
	staff  bool // the staff digest: neither the opt-out nor the chatted rule applies
	item   string
	kind   string
	due    time.Time
	amount int64
	text   func(catalog.Messages) string
}

// remind records and queues one reminder (dry run: finds out whether it would be) and adds it to the report.
func (j *Jobs) remind(ctx context.Context, tx *store.Tx, rep *JobReport, rm reminder) error {
	if !rm.staff {
		off, err := tx.RemindersOff(ctx, rm.to.MemberID)
		if err != nil {
			return err
		}
		if off {
			rep.OptedOut++
			return nil
		}
	}
	status := store.ReminderQueued
	if !rm.staff && j.Settings.OnlyChatted && !rm.to.Chatted() {
		status = store.ReminderCall
	}
	n := Notice{Branch: rm.to.Branch, Phone: rm.to.Phone, MemberNo: rm.to.No, Name: rm.to.Name, Kind: rm.kind, Item: rm.item,
		Due: rm.due, Amount: rm.amount, Text: rm.text(catalog.For(j.Office.lang(rm.to.Lang)))}
	if status == store.ReminderQueued {
		n.HeldUntil = j.Settings.QuietUntil(rep.At.In(j.Office.location()))
	}
	if rep.DryRun {
		done, err := tx.Reminded(ctx, rm.to.MemberID, rm.item, rm.kind, rm.due)
		if err != nil {
			return err
		}
		if done {
			rep.AlreadySent++
			return nil
		}
	} else {
		fresh, err := tx.Remind(ctx, store.Reminder{Branch: rm.to.Branch, MemberID: rm.to.MemberID, Item: rm.item, Kind: rm.kind, Due: rm.due,
			Phone: rm.to.Phone, Amount: rm.amount, Status: status},
			store.OutMessage{Branch: rm.to.Branch, To: rm.to.Phone, Transport: rm.to.Transport, Address: rm.to.Address, Text: n.Text,
				Bulk: true, NotBefore: n.HeldUntil})
		if err != nil {
			return err
		}
		if !fresh {
			rep.AlreadySent++
			return nil
		}
	}
	if status == store.ReminderCall {
		rep.Calls = append(rep.Calls, n)
	} else {
		rep.Sent = append(rep.Sent, n)
	}
	return nil
}

// each runs fn for one candidate in a transaction of its own, so a long job never holds
// members' messages back for long: a write transaction, or a read-only one in a dry run.
func (j *Jobs) each(ctx context.Context, rep *JobReport, fn func(tx *store.Tx) error) error {
	if rep.read != nil {
		return fn(rep.read)
	}
	if rep.DryRun {
		return j.Office.DB.View(ctx, fn)
	}
	return j.Office.DB.Update(ctx, fn)
}

// branchNames caches branch names for the texts.
type branchNames map[string]string

func (b branchNames) name(ctx context.Context, tx *store.Tx, id string) (string, error) {
	if n, ok := b[id]; ok {
		return n, nil
	}
	br, err := tx.Branch(ctx, id)
	if err != nil {
		return "", err
	}
	b[id] = br.Name
	return br.Name, nil
}

// installmentDue reminds borrowers of each installment at the configured days before it falls due.
func (j *Jobs) installmentDue(ctx context.Context, rep *JobReport) error {
	today := j.today(rep)
	names := branchNames{}
	for _, days := range j.Settings.InstallmentDays {
		day := today.AddDate(0, 0, days)
		var due []store.DueInstallment
		if err := j.Office.DB.View(ctx, func(tx *store.Tx) (err error) {
			due, err = tx.InstallmentsDueBetween(ctx, day, day, false)
			return err
		}); err != nil {
			return err
		}
		for _, d := range due {
			err := j.each(ctx, rep, func(tx *store.Tx) error {
				ld, err := LoanDueOn(ctx, tx, d.LoanAccount, today, j.Office.LateFeeBP)
				if err != nil {
					return err
				}
				var this store.InstallmentDue
				found := false
				for _, in := range ld.Installments {
					if in.No == d.No {
						this, found = in, true
					}
				}
				if !found { // paid since the list was read
					return nil
				}
				branch, err := names.name(ctx, tx, d.Branch)
				if err != nil {
					return err
				}
				r := catalog.InstallmentReminder{Name: d.Name, Branch: branch, Product: ld.Loan.Account.ProductName, LoanAccount: d.LoanAccount,
					No: d.No, Due: d.Due, DaysLeft: days, Amount: this.Total()}
				if ld.Overdue > 0 {
					r.Arrears = ld.Now
				}
				return j.remind(ctx, tx, rep, reminder{to: d.Recipient, item: fmt.Sprintf("loan:%d#%d", d.LoanID, d.No),
					kind: fmt.Sprintf("%s-%dd", JobInstallmentDue, days), due: d.Due, amount: r.Amount,
					text: func(m catalog.Messages) string { return m.ReminderInstallmentDue(r) }})
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// overdue reminds borrowers daily of a late installment, with the arrears and late fees so
// far, for OverdueLimit days after its due date.
func (j *Jobs) overdue(ctx context.Context, rep *JobReport) error {
	if j.Settings.OverdueLimit < 1 {
		rep.Note = "overdue reminders are off"
		return nil
	}
	today := j.today(rep)
	var late []store.DueInstallment
	if err := j.Office.DB.View(ctx, func(tx *store.Tx) (err error) {
		late, err = tx.InstallmentsDueBetween(ctx, today.AddDate(0, 0, -j.Settings.OverdueLimit), today.AddDate(0, 0, -1), true)
		return err
	}); err != nil {
		return err
	}
	names := branchNames{}
	for _, d := range late {
		days := catalog.DaysBetween(d.Due, today)
		err := j.each(ctx, rep, func(tx *store.Tx) error {
			ld, err := LoanDueOn(ctx, tx, d.LoanAccount, today, j.Office.LateFeeBP)
			if err != nil {
				return err
			}
			if ld.Overdue == 0 {
				return nil
			}
			branch, err := names.name(ctx, tx, d.Branch)
			if err != nil {
				return err
			}
			r := catalog.OverdueReminder{Name: d.Name, Branch: branch, Product: ld.Loan.Account.ProductName, LoanAccount: d.LoanAccount,
				Since: d.Due, DaysLate: days, Overdue: ld.Overdue, Arrears: ld.Now - ld.LateFees, LateFees: ld.LateFees}
			return j.remind(ctx, tx, rep, reminder{to: d.Recipient, item: fmt.Sprintf("loan:%d#%d", d.LoanID, d.No),
				kind: fmt.Sprintf("%s-%dd", JobOverdue, days), due: d.Due, amount: ld.Now,
				text: func(m catalog.Messages) string { return m.ReminderOverdue(r) }})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// maturity tells depositors, at the configured days before, that a time deposit matures and what happens then.
func (j *Jobs) maturity(ctx context.Context, rep *JobReport) error {
	today := j.today(rep)
	names := branchNames{}
	for _, days := range j.Settings.MaturityDays {
		day := today.AddDate(0, 0, days)
		var deps []store.MaturingDeposit
		if err := j.Office.DB.View(ctx, func(tx *store.Tx) (err error) {
			deps, err = tx.DepositsMaturingOn(ctx, day)
			return err
		}); err != nil {
			return err
		}
		for _, md := range deps {
			d := md.Deposit
			err := j.each(ctx, rep, func(tx *store.Tx) error {
				branch, err := names.name(ctx, tx, md.Branch)
				if err != nil {
					return err
				}
				r := catalog.MaturityReminder{Name: md.Name, Branch: branch, Account: d.Account.Number, Principal: d.Principal,
					Interest: loan.DepositPeriodInterest(d.Principal, d.RateBP, catalog.DaysBetween(d.Start, d.Maturity)), RateBP: d.RateBP, TenorMonths: d.TenorMonths,
					Maturity: d.Maturity, DaysLeft: days, Rollover: d.Rollover()}
				return j.remind(ctx, tx, rep, reminder{to: md.Recipient, item: fmt.Sprintf("deposit:%d", d.ID),
					kind: fmt.Sprintf("maturity-%dd", days), due: d.Maturity, amount: d.Principal,
					text: func(m catalog.Messages) string { return m.ReminderMaturity(r) }})
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// wajib reminds members, once a month from WajibDay on, when this month's simpanan wajib is unpaid.
func (j *Jobs) wajib(ctx context.Context, rep *JobReport) error {
	today := j.today(rep)
	month := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, today.Location())
	lastDay := month.AddDate(0, 1, -1).Day()
	if from := min(j.Settings.WajibDay, lastDay); today.Day() < from {
		rep.Note = fmt.Sprintf("simpanan wajib is reminded from day %d of the month", from)
		return nil
	}
	// Most members have paid: find who has not in one read of every wajib account, then
	// record each in its own write.
	type unpaid struct {
		to  store.Recipient
		due store.WajibDue
	}
	var todo []unpaid
	err := j.Office.DB.View(ctx, func(tx *store.Tx) error {
		products, err := tx.Products(ctx)
		if err != nil {
			return err
		}
		for _, p := range products {
			amount := p.Settings().Amount
			if p.Kind != store.ProductWajib || amount <= 0 {
				continue
			}
			short, err := tx.WajibShort(ctx, p.ID, amount, month)
			if err != nil {
				return err
			}
			for _, h := range short {
				due := WajibDueOf(h.Account, amount, h.JoinedAt, h.Terms, today)
				if len(due.Unpaid) > 0 && due.Unpaid[len(due.Unpaid)-1].Equal(month) {
					todo = append(todo, unpaid{h.Recipient, due})
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	names := branchNames{}
	for _, u := range todo {
		err := j.each(ctx, rep, func(tx *store.Tx) error {
			due := u.due
			if rep.read == nil { // a write: paid since the list was read?
				var ok bool
				var err error
				due, ok, err = WajibDue(ctx, tx, store.Member{ID: u.to.MemberID, JoinedAt: u.to.JoinedAt}, today)
				if err != nil || !ok || len(due.Unpaid) == 0 || !due.Unpaid[len(due.Unpaid)-1].Equal(month) {
					return err
				}
			}
			branch, err := names.name(ctx, tx, u.to.Branch)
			if err != nil {
				return err
			}
			r := catalog.WajibReminder{Name: u.to.Name, Branch: branch, Months: due.Unpaid, Monthly: due.Monthly, Amount: int64(len(due.Unpaid)) * due.Monthly}
			if r.FromSavings, err = canPayFromSavings(ctx, tx, u.to.MemberID, r.Amount); err != nil {
				return err
			}
			return j.remind(ctx, tx, rep, reminder{to: u.to, item: fmt.Sprintf("wajib:%d", due.Account.ID), kind: JobWajib,
				due: month, amount: r.Amount, text: func(m catalog.Messages) string { return m.ReminderWajib(r) }})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// canPayFromSavings reports whether one of the member's voluntary savings accounts, active,
// has amount available: then Bayar Wajib can take it, else the member is offered Setoran.
func canPayFromSavings(ctx context.Context, tx *store.Tx, memberID, amount int64) (bool, error) {
	accounts, err := tx.AccountsOfMember(ctx, memberID, store.AccountSavings)
	if err != nil {
		return false, err
	}
	for _, a := range accounts {
		voluntary := a.ProductKind == store.ProductSukarela || a.ProductKind == store.ProductTabungan
		if voluntary && a.Status == store.AccountActive && a.Available() >= amount {
			return true, nil
		}
	}
	return false, nil
}

// staffDigest tells each branch's admins what waits for them, and which members to call
// because the bot did not write to them; nothing is sent when nothing waits.
func (j *Jobs) staffDigest(ctx context.Context, rep *JobReport) error {
	today := j.today(rep)
	branches, admins, err := j.digestAdmins(ctx)
	if err != nil {
		return err
	}
	if len(branches) == 0 {
		rep.Note = "no branch has admins in the config, nor a manager's staff account with a phone"
	}
	for _, b := range branches {
		for _, phone := range admins[b] {
			err := j.each(ctx, rep, func(tx *store.Tx) error {
				br, err := tx.Branch(ctx, b)
				if err != nil {
					return err
				}
				p, err := tx.PendingWork(ctx, b)
				if err != nil {
					return err
				}
				calls, err := tx.Calls(ctx, b, rep.At.Add(-24*time.Hour))
				if err != nil {
					return err
				}
				long, err := j.longOverdue(ctx, tx, b, today)
				if err != nil {
					return err
				}
				takeovers, err := j.staffTakeovers(ctx, tx, b, rep.At.Add(-24*time.Hour))
				if err != nil {
					return err
				}
				backup, err := j.backupAlert(ctx, tx)
				if err != nil {
					return err
				}
				if p.Total() == 0 && len(calls) == 0 && len(long) == 0 && len(takeovers) == 0 && backup == nil {
					return nil
				}
				s, err := tx.Session(ctx, b, phone)
				if err != nil {
					return err
				}
				to := store.Recipient{Branch: b, Phone: phone, Name: "staff", Lang: s.Lang, Transport: s.Transport, Address: s.Address}
				grades, err := gradesToShow(ctx, tx, b)
				if err != nil {
					return err
				}
				d := catalog.Digest{Branch: br.Name, Day: today, Pending: p, Calls: calls, LongOverdue: long, OverdueAfter: j.Settings.OverdueLimit,
					Takeovers: takeovers, Grades: grades, Backup: backup}
				return j.remind(ctx, tx, rep, reminder{to: to, staff: true, item: "staff:" + phone, kind: JobStaffDigest, due: today,
					amount: int64(p.Total()), text: func(m catalog.Messages) string { return m.StaffDigest(d) }})
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// digestAdmins are the branches with admins, sorted, and each one's admins: the configured
// numbers and the phones of the staff accounts that open its admin menu (BranchAdmins).
func (j *Jobs) digestAdmins(ctx context.Context) ([]string, map[string][]string, error) {
	admins := map[string][]string{}
	var branches []string
	err := j.Office.DB.View(ctx, func(tx *store.Tx) error {
		for b, configured := range j.Office.Admins {
			phones, err := BranchAdmins(ctx, tx, configured, b)
			if err != nil {
				return err
			}
			if len(phones) > 0 {
				branches, admins[b] = append(branches, b), phones
			}
		}
		return nil
	})
	sort.Strings(branches)
	return branches, admins, err
}

// staffTakeovers lists the chats of branch staff took over since since, or still quiet,
// in the cooperative's time zone, the members' numbers masked.
func (j *Jobs) staffTakeovers(ctx context.Context, tx *store.Tx, branch string, since time.Time) ([]catalog.StaffTakeover, error) {
	hs, err := tx.StaffTakeovers(ctx, branch, since)
	if err != nil {
		return nil, err
	}
	loc := j.Office.location()
	out := make([]catalog.StaffTakeover, len(hs))
	for i, h := range hs {
		until := h.Deadline
		if !h.Open() && h.ReleasedAt.Before(until) {
			until = h.ReleasedAt
		}
		out[i] = catalog.StaffTakeover{Who: catalog.HandoverWho{Name: h.Name, MemberNo: h.MemberNo, RegNo: h.RegNo}, Phone: MaskPhone(h.Phone), Since: h.Started.In(loc), Until: until.In(loc)}
	}
	return out, nil
}

// longOverdue lists up to 20 of the branch's loans whose oldest unpaid installment is
// more late than the overdue reminders run for: from then on they are staff's to chase.
func (j *Jobs) longOverdue(ctx context.Context, tx *store.Tx, branch string, today time.Time) ([]catalog.OverdueLoan, error) {
	after := max(j.Settings.OverdueLimit, 0)
	oldest := time.Date(1900, 1, 1, 0, 0, 0, 0, today.Location())
	due, err := tx.InstallmentsDueBetween(ctx, oldest, today.AddDate(0, 0, -(after+1)), true)
	if err != nil {
		return nil, err
	}
	var out []catalog.OverdueLoan
	for _, d := range due {
		if d.Branch != branch || len(out) == 20 {
			continue
		}
		ld, err := LoanDueOn(ctx, tx, d.LoanAccount, today, j.Office.LateFeeBP)
		if err != nil {
			return nil, err
		}
		days := int(today.Sub(time.Date(d.Due.Year(), d.Due.Month(), d.Due.Day(), 0, 0, 0, 0, today.Location())).Hours()+12) / 24
		out = append(out, catalog.OverdueLoan{Name: d.Name, MemberNo: d.Recipient.No, Phone: d.Phone, LoanAccount: d.LoanAccount, DaysLate: days, Due: ld.Now})
	}
	return out, nil
}
