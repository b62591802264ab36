package catalog

import (
	"strings"
	"time"

	"github.com/kopbot/kopbot/store"
)

// reminderMessages are the texts of the scheduled reminders, the staff digest, and
// "stop pengingat" / "mulai pengingat".
type reminderMessages interface {
	ReminderInstallmentDue(r InstallmentReminder) string
	ReminderOverdue(r OverdueReminder) string
	ReminderMaturity(r MaturityReminder) string
	ReminderWajib(r WajibReminder) string
	StaffDigest(d Digest) string
	RemindersStopped(name string) string
	RemindersResumed(name string) string
}

// InstallmentReminder is what a borrower is told before an installment falls due.
type InstallmentReminder struct {
	Name        string
	Branch      string // the branch's name
	Product     string
	LoanAccount string
	No          int
	Due         time.Time
	DaysLeft    int   // 0: due today
	Amount      int64 // what the installment still asks for
	Arrears     int64 // earlier installments overdue, with their late fees so far
}

// OverdueReminder is what a borrower is told each day an installment is late.
type OverdueReminder struct {
	Name        string
	Branch      string
	Product     string
	LoanAccount string
	Since       time.Time // the oldest unpaid installment's due date
	DaysLate    int
	Overdue     int   // installments overdue
	Arrears     int64 // their unpaid principal and interest
	LateFees    int64 // so far
}

// MaturityReminder is what a depositor is told before a time deposit matures.
type MaturityReminder struct {
	Name        string
	Branch      string
	Account     string
	Principal   int64
	Interest    int64 // at maturity, before tax
	RateBP      int64
	TenorMonths int
	Maturity    time.Time
	DaysLeft    int // 0: matures today
	Rollover    bool
}

// WajibReminder is what a member is told when this month's simpanan wajib is unpaid.
type WajibReminder struct {
	Name    string
	Branch  string
	Months  []time.Time // unpaid, oldest first; the last is this month
	Monthly int64
	Amount  int64
	// FromSavings: a voluntary savings account has Amount available, for Bayar Wajib; else
	// the member is offered Setoran (a transfer) or cash.
	FromSavings bool
}

// Digest is what waits for a branch's staff, sent to its admins.
type Digest struct {
	Branch  string
	Day     time.Time
	Pending store.Pending
	Calls   []store.Call // members to call: reminders the bot did not send because they never chatted
	// Loans late longer than the overdue reminders run (OverdueAfter days): staff's to chase.
	LongOverdue  []OverdueLoan
	OverdueAfter int
	// Chats staff took over from the branch's phone since the last digest (or still quiet).
	Takeovers []StaffTakeover
	// Active loans per collectibility grade as of the last day closed; only when one is not current.
	Grades []store.GradeCount
	// The last scheduled backup failed; nil when it was good (or backups are off).
	Backup *BackupAlert
}

// BackupAlert is a failed backup, for the staff digest.
type BackupAlert struct {
	Failed   time.Time // when the failed run started, local time
	Reason   string
	LastGood time.Time // when the newest good copy was taken; zero when there is none
}

// StaffTakeover is a chat staff took over: the bot kept quiet for the member meanwhile.
type StaffTakeover struct {
	Who   HandoverWho
	Phone string    // masked: 0812••••7890
	Since time.Time // local time
	Until time.Time // when the bot answers again, or answered again (handed back earlier)
}

// OverdueLoan is a loan whose oldest unpaid installment is long past due.
type OverdueLoan struct {
	Name, MemberNo, Phone string
	LoanAccount           string
	DaysLate              int
	Due                   int64 // overdue installments and late fees so far
}

// reminderKindBase drops the days from a reminder kind: installment-due-3d is installment-due.
func reminderKindBase(kind string) string {
	if i := strings.LastIndexByte(kind, '-'); i > 0 && strings.HasSuffix(kind, "d") && strings.Trim(kind[i+1:len(kind)-1], "0123456789") == "" {
		return kind[:i]
	}
	return kind
}
