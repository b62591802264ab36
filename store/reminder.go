package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Reminder statuses.
const (
	ReminderQueued = "queued" // its message is in the outbox
	ReminderCall   = "call"   // the member never chatted with the branch: staff should call them
)

// Reminder is one scheduled reminder, recorded once under its key (member, item, kind, due date).
type Reminder struct {
	ID        int64
	Branch    string
	MemberID  int64     // 0 for staff
	Item      string    // loan:12#4, deposit:3, wajib:7, staff:6281...
	Kind      string    // installment-due-3d, overdue-2d, maturity-7d, simpanan-wajib, staff-digest
	Due       time.Time // the calendar day the key names
	Phone     string
	Amount    int64
	Status    string
	OutboxID  int64
	CreatedAt time.Time
}

// Remind records r under its key and, when the key is new and r is to be sent (status
// queued), queues m in the same transaction. It reports false, changing nothing, when a
// reminder with the same key was recorded before: reruns and overlapping runs send it once.
func (tx *Tx) Remind(ctx context.Context, r Reminder, m OutMessage) (bool, error) {
	const q = `INSERT INTO reminders (branch_id, member_id, item, kind, due_date, phone, amount, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (member_id, item, kind, due_date) DO NOTHING RETURNING id`
	what := fmt.Sprintf("record reminder %s %s %s of member %d", r.Kind, r.Item, r.Due.Format(dateLayout), r.MemberID)
	var id int64
	err := tx.queryRow(ctx, q, r.Branch, r.MemberID, r.Item, r.Kind, r.Due.Format(dateLayout), r.Phone, r.Amount, r.Status, unix(tx.now)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	if r.Status != ReminderQueued {
		return true, nil
	}
	out, err := tx.Enqueue(ctx, m)
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	const qo = `UPDATE reminders SET outbox_id = ? WHERE id = ?`
	if _, err := tx.exec(ctx, qo, out, id); err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	return true, nil
}

// Reminded reports whether a reminder with the key was recorded.
func (tx *Tx) Reminded(ctx context.Context, memberID int64, item, kind string, due time.Time) (bool, error) {
	const q = `SELECT EXISTS (SELECT 1 FROM reminders WHERE member_id = ? AND item = ? AND kind = ? AND due_date = ?)`
	var ok bool
	if err := tx.queryRow(ctx, q, memberID, item, kind, due.Format(dateLayout)).Scan(&ok); err != nil {
		return false, fmt.Errorf("look up reminder %s %s of member %d: %w", kind, item, memberID, err)
	}
	return ok, nil
}

// Call is a reminder staff should make by phone, with whom to call.
type Call struct {
	Reminder
	MemberNo, Name string
}

// Calls lists the branch's reminders recorded for staff to call since since, oldest first.
func (tx *Tx) Calls(ctx context.Context, branch string, since time.Time) ([]Call, error) {
	const q = `SELECT r.id, r.branch_id, r.member_id, r.item, r.kind, r.due_date, r.phone, r.amount, r.status, COALESCE(r.outbox_id, 0), r.created_at,
			COALESCE(m.member_no, ''), COALESCE(m.name, '')
		FROM reminders r LEFT JOIN members m ON m.id = r.member_id
		WHERE r.branch_id = ? AND r.status = 'call' AND r.created_at >= ? ORDER BY r.id`
	return collect(ctx, tx, fmt.Sprintf("list calls of %s", branch), q, func(rs row) (Call, error) {
		var c Call
		var due string
		var created int64
		if err := rs.Scan(&c.ID, &c.Branch, &c.MemberID, &c.Item, &c.Kind, &due, &c.Phone, &c.Amount, &c.Status, &c.OutboxID, &created,
			&c.MemberNo, &c.Name); err != nil {
			return Call{}, err
		}
		c.Due, _ = time.Parse(dateLayout, due)
		c.CreatedAt = fromUnix(created)
		return c, nil
	}, branch, unix(since))
}

// Recipient is a member as reminders see them: who, whether they ever wrote to their
// branch, whether they stopped reminders, and how to reach them (their session's language
// and transport).
type Recipient struct {
	MemberID     int64
	Branch       string
	No           string
	Name         string
	Phone        string
	JoinedAt     time.Time
	LastChatAt   time.Time // zero: never wrote to the branch's number
	RemindersOff bool
	Lang         string
	Transport    string
	Address      string
}

// Chatted reports whether the member has written to the branch's number before.
func (r Recipient) Chatted() bool { return !r.LastChatAt.IsZero() }

const recipientColumns = `m.id, m.branch_id, COALESCE(m.member_no, ''), m.name, m.phone, m.joined_at, m.last_chat_at, m.reminders_off,
	COALESCE(s.lang, ''), COALESCE(s.transport, ''), COALESCE(s.address, '')`

const recipientJoin = ` LEFT JOIN sessions s ON s.branch_id = m.branch_id AND s.phone = m.phone`

func recipientDest(r *Recipient, joined, chatted *int64) []any {
	return []any{&r.MemberID, &r.Branch, &r.No, &r.Name, &r.Phone, joined, chatted, &r.RemindersOff, &r.Lang, &r.Transport, &r.Address}
}

func (r *Recipient) setTimes(joined, chatted int64) {
	r.JoinedAt = fromUnix(joined)
	if chatted != 0 {
		r.LastChatAt = fromUnix(chatted)
	}
}

// ActiveRecipients lists every active member, by member ID.
func (tx *Tx) ActiveRecipients(ctx context.Context) ([]Recipient, error) {
	const q = `SELECT ` + recipientColumns + ` FROM members m` + recipientJoin + ` WHERE m.status = 'active' ORDER BY m.id`
	return collect(ctx, tx, "list active members", q, func(rs row) (Recipient, error) {
		var r Recipient
		var joined, chatted int64
		if err := rs.Scan(recipientDest(&r, &joined, &chatted)...); err != nil {
			return Recipient{}, err
		}
		r.setTimes(joined, chatted)
		return r, nil
	})
}

// DueInstallment is an unpaid installment of an active member's active loan.
type DueInstallment struct {
	Recipient
	LoanID      int64
	LoanAccount string // the loan's account number
	No          int
	Due         time.Time
}

// InstallmentsDueBetween lists unpaid installments (paid_at is set once one is fully paid,
// which lets the partial index on due dates find them) of active loans due from first to last
// (calendar days, both included), by member, loan and installment. With oldestOnly, only
// each loan's oldest unpaid installment is considered.
func (tx *Tx) InstallmentsDueBetween(ctx context.Context, first, last time.Time, oldestOnly bool) ([]DueInstallment, error) {
	const q = `SELECT i.loan_id, a.number, i.no, i.due_date, ` + recipientColumns + `
		FROM loan_installments i JOIN loans l ON l.id = i.loan_id JOIN accounts a ON a.id = l.account_id
		JOIN members m ON m.id = a.member_id` + recipientJoin + `
		WHERE i.due_date BETWEEN ?1 AND ?2 AND i.paid_at IS NULL AND i.paid < i.principal + i.interest AND l.status = 'active' AND m.status = 'active'
		  AND (NOT ?3 OR i.no = (SELECT MIN(j.no) FROM loan_installments j WHERE j.loan_id = i.loan_id AND j.paid < j.principal + j.interest))
		ORDER BY m.id, i.loan_id, i.no`
	what := fmt.Sprintf("list installments due %s to %s", first.Format(dateLayout), last.Format(dateLayout))
	return collect(ctx, tx, what, q, func(rs row) (DueInstallment, error) {
		var d DueInstallment
		var due string
		var joined, chatted int64
		dest := append([]any{&d.LoanID, &d.LoanAccount, &d.No, &due}, recipientDest(&d.Recipient, &joined, &chatted)...)
		if err := rs.Scan(dest...); err != nil {
			return DueInstallment{}, err
		}
		d.Recipient.setTimes(joined, chatted)
		d.Due, _ = time.Parse(dateLayout, due)
		return d, nil
	}, first.Format(dateLayout), last.Format(dateLayout), oldestOnly)
}

// MaturingDeposit is an open time deposit of an active member.
type MaturingDeposit struct {
	Recipient
	Deposit TimeDeposit // Account holds only ID and Number
}

// DepositsMaturingOn lists open time deposits of active members maturing on day.
func (tx *Tx) DepositsMaturingOn(ctx context.Context, day time.Time) ([]MaturingDeposit, error) {
	const q = `SELECT d.id, a.id, a.number, d.principal, d.rate_bp, d.tenor_months, d.start_date, d.maturity_date, d.instruction, ` + recipientColumns + `
		FROM time_deposits d JOIN accounts a ON a.id = d.account_id JOIN members m ON m.id = a.member_id` + recipientJoin + `
		WHERE d.maturity_date = ? AND d.status = 'active' AND a.status != 'closed' AND m.status = 'active' ORDER BY m.id, d.id`
	what := "list time deposits maturing " + day.Format(dateLayout)
	return collect(ctx, tx, what, q, func(rs row) (MaturingDeposit, error) {
		var md MaturingDeposit
		d := &md.Deposit
		var start, maturity string
		var joined, chatted int64
		dest := append([]any{&d.ID, &d.Account.ID, &d.Account.Number, &d.Principal, &d.RateBP, &d.TenorMonths, &start, &maturity, &d.Instruction},
			recipientDest(&md.Recipient, &joined, &chatted)...)
		if err := rs.Scan(dest...); err != nil {
			return MaturingDeposit{}, err
		}
		md.Recipient.setTimes(joined, chatted)
		d.Start, _ = time.Parse(dateLayout, start)
		d.Maturity, _ = time.Parse(dateLayout, maturity)
		return md, nil
	}, day.Format(dateLayout))
}

// MarkChatted records that phone wrote to the branch's number at at.
func (tx *Tx) MarkChatted(ctx context.Context, branch, phone string, at time.Time) error {
	const q = `UPDATE members SET last_chat_at = ? WHERE branch_id = ? AND phone = ? AND status NOT IN ('closed', 'rejected')`
	if _, err := tx.exec(ctx, q, unix(at), branch, phone); err != nil {
		return fmt.Errorf("record that %s wrote to %s: %w", phone, branch, err)
	}
	return nil
}

// SetRemindersOff stops (off) or resumes the member's reminders.
func (tx *Tx) SetRemindersOff(ctx context.Context, memberID int64, off bool) error {
	const q = `UPDATE members SET reminders_off = ? WHERE id = ?`
	return tx.exec1(ctx, fmt.Sprintf("set reminders of member %d", memberID), q, off, memberID)
}

// RemindersOff reports whether the member stopped reminders.
func (tx *Tx) RemindersOff(ctx context.Context, memberID int64) (bool, error) {
	const q = `SELECT reminders_off FROM members WHERE id = ?`
	var off bool
	if err := tx.queryRow(ctx, q, memberID).Scan(&off); err != nil {
		return false, fmt.Errorf("load reminders of member %d: %w", memberID, notFound(err))
	}
	return off, nil
}

// Pending counts what waits for a branch's staff.
type Pending struct {
	Applications int // membership applications
	Loans        int // loan applications
	Deposits     int // deposits reported with a transfer proof
	Withdrawals  int
	KTPReviews   int
	Handovers    int // chats waiting for a person
	Approvals    int // operations waiting for a second staff member (four eyes)
}

// Total is everything waiting.
func (p Pending) Total() int {
	return p.Applications + p.Loans + p.Deposits + p.Withdrawals + p.KTPReviews + p.Handovers + p.Approvals
}

// PendingWork counts what waits for the branch's staff.
func (tx *Tx) PendingWork(ctx context.Context, branch string) (Pending, error) {
	const q = `SELECT
		(SELECT COUNT(*) FROM members WHERE branch_id = ?1 AND status = 'applicant'),
		(SELECT COUNT(*) FROM loan_applications la JOIN members m ON m.id = la.member_id WHERE m.branch_id = ?1 AND la.status = 'pending'),
		(SELECT COUNT(*) FROM deposit_requests WHERE branch_id = ?1 AND status = 'pending'),
		(SELECT COUNT(*) FROM withdrawal_requests WHERE branch_id = ?1 AND status = 'pending'),
		(SELECT COUNT(*) FROM handovers WHERE branch_id = ?1 AND released_at = 0 AND started_by = 'member'),
		(SELECT COUNT(*) FROM approvals WHERE branch_id = ?1 AND status = 'pending')`
	var p Pending
	if err := tx.queryRow(ctx, q, branch).Scan(&p.Applications, &p.Loans, &p.Deposits, &p.Withdrawals, &p.Handovers, &p.Approvals); err != nil {
		return Pending{}, fmt.Errorf("count pending work of %s: %w", branch, err)
	}
	var err error
	if p.KTPReviews, err = tx.PendingKTPReviews(ctx, branch); err != nil {
		return Pending{}, err
	}
	return p, nil
}

// ExpireInvoices closes pending QRIS invoices no longer payable at now; it returns how many.
func (tx *Tx) ExpireInvoices(ctx context.Context, now time.Time) (int64, error) {
	const q = `UPDATE qris_invoices SET status = 'expired' WHERE status = 'pending' AND valid_until < ?`
	res, err := tx.exec(ctx, q, unix(now))
	if err != nil {
		return 0, fmt.Errorf("close expired QRIS invoices: %w", err)
	}
	return res.RowsAffected()
}

// PruneProcessed forgets message IDs handled before before; it returns how many.
func (tx *Tx) PruneProcessed(ctx context.Context, before time.Time) (int64, error) {
	const q = `DELETE FROM processed_messages WHERE at < ?`
	res, err := tx.exec(ctx, q, unix(before))
	if err != nil {
		return 0, fmt.Errorf("prune processed messages: %w", err)
	}
	return res.RowsAffected()
}

// Job run statuses.
const (
	JobOK      = "ok"
	JobFailed  = "failed"
	JobSkipped = "skipped" // missed while the service was down, too long ago to catch up
)

// JobRun is the last run of a scheduled job.
type JobRun struct {
	Name      string
	Scheduled time.Time // the slot of the schedule it was for
	Started   time.Time
	Finished  time.Time // zero while running, or when it was skipped
	Status    string
	Summary   string
}

// JobRuns returns the last run of every job that ran, by name.
func (tx *Tx) JobRuns(ctx context.Context) (map[string]JobRun, error) {
	const q = `SELECT name, scheduled_at, started_at, finished_at, status, summary FROM job_runs`
	out := map[string]JobRun{}
	err := eachRow(ctx, tx, "list job runs", q, func(row row) error {
		var r JobRun
		var scheduled, started, finished int64
		if err := row.Scan(&r.Name, &scheduled, &started, &finished, &r.Status, &r.Summary); err != nil {
			return err
		}
		r.Scheduled, r.Started = fromUnix(scheduled), fromUnix(started)
		if finished != 0 {
			r.Finished = fromUnix(finished)
		}
		out[r.Name] = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SaveJobRun records r as its job's last run.
func (tx *Tx) SaveJobRun(ctx context.Context, r JobRun) error {
	const q = `INSERT INTO job_runs (name, scheduled_at, started_at, finished_at, status, summary) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET scheduled_at = excluded.scheduled_at, started_at = excluded.started_at,
			finished_at = excluded.finished_at, status = excluded.status, summary = excluded.summary`
	var finished int64
	if !r.Finished.IsZero() {
		finished = unix(r.Finished)
	}
	if _, err := tx.exec(ctx, q, r.Name, unix(r.Scheduled), unix(r.Started), finished, r.Status, r.Summary); err != nil {
		return fmt.Errorf("record run of job %s: %w", r.Name, err)
	}
	return nil
}

// WajibHolder is an active member, their simpanan wajib account and their terms.
type WajibHolder struct {
	Recipient
	Account Account
	Terms   WajibTerms
}

// WajibShort lists the active members, not exempt, whose open simpanan wajib account of the
// product holds less than monthly for each month they owe up to month (included), with that
// account (the first by number when they have more), by member ID. A member owes from the
// month they joined, or, brought in with a month paid through, from the month after it, and
// then only what the account holds beyond the balance brought in counts. Months are counted
// in the zone of month, by its offset from UTC: exact for zones without daylight saving
// time, as Indonesia's are. The whole membership is looked at in one read of the product's
// accounts.
func (tx *Tx) WajibShort(ctx context.Context, productID, monthly int64, month time.Time) ([]WajibHolder, error) {
	const q = `SELECT ` + recipientColumns + `, m.wajib_paid_through, m.wajib_opening, ` + accountColumns + `
		FROM accounts a JOIN products p ON p.id = a.product_id JOIN members m ON m.id = a.member_id` + recipientJoin + `
		WHERE a.product_id = ?1 AND a.kind = 'savings' AND a.status != 'closed' AND m.status = 'active' AND NOT m.wajib_exempt
		  AND (CASE a.normal WHEN 'D' THEN -a.balance ELSE a.balance END)
		      - (CASE m.wajib_paid_through WHEN '' THEN 0 ELSE m.wajib_opening END) < ?2 * (?3 + 1 - (CASE m.wajib_paid_through
		      WHEN '' THEN CAST(strftime('%Y', m.joined_at + ?4, 'unixepoch') AS INTEGER) * 12
		                 + CAST(strftime('%m', m.joined_at + ?4, 'unixepoch') AS INTEGER)
		      ELSE CAST(substr(m.wajib_paid_through, 1, 4) AS INTEGER) * 12 + CAST(substr(m.wajib_paid_through, 6, 2) AS INTEGER) + 1 END))
		ORDER BY m.id, a.number`
	_, offset := month.Zone()
	var out []WajibHolder
	err := eachRow(ctx, tx, "list simpanan wajib accounts", q, func(r row) error {
		var h WajibHolder
		var joined, chatted int64
		var through string
		a, err := scanAccount(prefixScan{r, append(recipientDest(&h.Recipient, &joined, &chatted), &through, &h.Terms.Opening)})
		if err != nil {
			return err
		}
		if len(out) > 0 && out[len(out)-1].MemberID == h.MemberID {
			return nil
		}
		if err := h.Terms.scanMonth(through); err != nil {
			return err
		}
		h.setTimes(joined, chatted)
		h.Account = a
		out = append(out, h)
		return nil
	}, productID, monthly, month.Year()*12+int(month.Month()), offset)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// prefixScan scans the leading columns into first, the rest into what Scan is given.
type prefixScan struct {
	r     row
	first []any
}

func (s prefixScan) Scan(dest ...any) error { return s.r.Scan(append(s.first, dest...)...) }
