package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// How a handover ended.
const (
	HandoverByStaff  = "staff"   // an admin handed the member back (admin menu, kopbot handover release)
	HandoverByMember = "member"  // the member wrote "menu" or "bot"
	HandoverTimedOut = "timeout" // nobody handed them back before the deadline
)

// Who opened a handover.
const (
	StartedByMember = "member" // the member asked for a person
	StartedByStaff  = "staff"  // staff wrote to the member from the branch's own phone
)

// Handover is a member's request for a person: while it is open the bot keeps quiet for them.
type Handover struct {
	ID         int64
	Branch     string
	Phone      string
	MemberID   int64 // 0 when the sender is not a member
	Started    time.Time
	Deadline   time.Time
	ReleasedAt time.Time // zero while open
	ReleasedBy string
	How        string // HandoverByStaff, HandoverByMember, HandoverTimedOut; "" while open
	StartedBy  string // StartedByMember or StartedByStaff

	// From the member's record, when there is one.
	Name     string
	MemberNo string
	RegNo    string
}

// Open reports whether the bot still keeps quiet for the member.
func (h Handover) Open() bool { return h.ReleasedAt.IsZero() }

const handoverColumns = `h.id, h.branch_id, h.phone, COALESCE(h.member_id, 0), h.started_at, h.deadline, h.released_at, h.released_by, h.released_how, h.started_by,
	COALESCE(m.name, ''), COALESCE(m.member_no, ''), COALESCE(m.reg_no, '')`

const handoverFrom = ` FROM handovers h LEFT JOIN members m ON m.id = h.member_id `

func scanHandover(row row) (Handover, error) {
	var h Handover
	var started, deadline, released int64
	err := row.Scan(&h.ID, &h.Branch, &h.Phone, &h.MemberID, &started, &deadline, &released, &h.ReleasedBy, &h.How, &h.StartedBy, &h.Name, &h.MemberNo, &h.RegNo)
	h.Started, h.Deadline = fromUnix(started), fromUnix(deadline)
	if released != 0 {
		h.ReleasedAt = fromUnix(released)
	}
	return h, err
}

// StartHandover records that the member asked for a person (or, StartedBy StartedByStaff,
// that staff took the chat over); the chat must have no open one.
func (tx *Tx) StartHandover(ctx context.Context, h Handover) (Handover, error) {
	const q = `INSERT INTO handovers (branch_id, phone, member_id, started_at, deadline, started_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`
	var member any
	if h.MemberID != 0 {
		member = h.MemberID
	}
	if h.StartedBy == "" {
		h.StartedBy = StartedByMember
	}
	if err := tx.queryRow(ctx, q, h.Branch, h.Phone, member, unix(h.Started), unix(h.Deadline), h.StartedBy).Scan(&h.ID); err != nil {
		return Handover{}, fmt.Errorf("hand %s/%s over to staff: %w", h.Branch, h.Phone, err)
	}
	return h, nil
}

// OpenHandover returns the chat's open handover, ErrNotFound when there is none.
func (tx *Tx) OpenHandover(ctx context.Context, branch, phone string) (Handover, error) {
	const q = `SELECT ` + handoverColumns + handoverFrom + `WHERE h.branch_id = ? AND h.phone = ? AND h.released_at = 0`
	h, err := scanHandover(tx.queryRow(ctx, q, branch, phone))
	if err != nil {
		return Handover{}, fmt.Errorf("open handover of %s/%s: %w", branch, phone, notFound(err))
	}
	return h, nil
}

// OpenHandovers lists the open handovers of branch (every branch when empty), oldest first,
// at most limit (all when limit < 0).
func (tx *Tx) OpenHandovers(ctx context.Context, branch string, limit int) ([]Handover, error) {
	const q = `SELECT ` + handoverColumns + handoverFrom + `WHERE h.released_at = 0 AND (?1 = '' OR h.branch_id = ?1) ORDER BY h.started_at, h.id LIMIT ?2`
	return tx.listHandovers(ctx, "list open handovers", q, branch, limit)
}

// HandoversDue lists up to limit open handovers whose deadline is not after now.
func (tx *Tx) HandoversDue(ctx context.Context, now time.Time, limit int) ([]Handover, error) {
	const q = `SELECT ` + handoverColumns + handoverFrom + `WHERE h.released_at = 0 AND h.deadline <= ? ORDER BY h.deadline, h.id LIMIT ?`
	return tx.listHandovers(ctx, "list handovers past their deadline", q, unix(now), limit)
}

func (tx *Tx) listHandovers(ctx context.Context, what, q string, args ...any) ([]Handover, error) {
	return collect(ctx, tx, what, q, scanHandover, args...)
}

// ExtendHandover moves an open handover's deadline to until, when that is later.
func (tx *Tx) ExtendHandover(ctx context.Context, id int64, until time.Time) error {
	const q = `UPDATE handovers SET deadline = MAX(deadline, ?) WHERE id = ? AND released_at = 0`
	return tx.exec1(ctx, fmt.Sprintf("extend handover %d", id), q, unix(until), id)
}

// StaffTakeovers lists the branch's handovers staff started, open or started since since,
// oldest first, at most 50.
func (tx *Tx) StaffTakeovers(ctx context.Context, branch string, since time.Time) ([]Handover, error) {
	const q = `SELECT ` + handoverColumns + handoverFrom + `WHERE h.branch_id = ? AND h.started_by = 'staff'
		AND (h.released_at = 0 OR h.started_at >= ?) ORDER BY h.started_at, h.id LIMIT 50`
	return tx.listHandovers(ctx, "list chats staff took over", q, branch, unix(since))
}

// ReleaseHandover ends an open handover; ErrNotFound when it is not open (any more).
func (tx *Tx) ReleaseHandover(ctx context.Context, id int64, at time.Time, by, how string) error {
	const q = `UPDATE handovers SET released_at = ?, released_by = ?, released_how = ? WHERE id = ? AND released_at = 0`
	return tx.exec1(ctx, fmt.Sprintf("end handover %d", id), q, max(unix(at), 1), by, how, id)
}

// RecentText is one incoming text of a chat, as staff are shown it.
type RecentText struct {
	At    time.Time
	Text  string // masked by the caller; line breaks and tabs are kept as spaces
	Photo bool   // a photo, Text being its caption
}

// RecentTexts are a chat's last incoming texts, kept with its session: a line each, oldest
// first, "UNIX-SECONDS TAB t|p TAB TEXT". Adding one reads none of them.
type RecentTexts string

// Add appends t and keeps the last keep.
func (r RecentTexts) Add(t RecentText, keep int) RecentTexts {
	kind := "t"
	if t.Photo {
		kind = "p"
	}
	text := t.Text
	if strings.ContainsAny(text, "\n\t") {
		text = strings.NewReplacer("\n", " ", "\t", " ").Replace(text)
	}
	s := string(r)
	for n := strings.Count(s, "\n") + 1; s != "" && n >= keep; n-- {
		_, s, _ = strings.Cut(s, "\n")
	}
	if s != "" {
		s += "\n"
	}
	return RecentTexts(s + strconv.FormatInt(unix(t.At), 10) + "\t" + kind + "\t" + text)
}

// List returns the texts, oldest first; a line that cannot be read is skipped.
func (r RecentTexts) List() []RecentText {
	if r == "" {
		return nil
	}
	var out []RecentText
	for _, line := range strings.Split(string(r), "\n") {
		at, rest, ok1 := strings.Cut(line, "\t")
		kind, text, ok2 := strings.Cut(rest, "\t")
		sec, err := strconv.ParseInt(at, 10, 64)
		if !ok1 || !ok2 || err != nil {
			continue
		}
		out = append(out, RecentText{At: fromUnix(sec), Text: text, Photo: kind == "p"})
	}
	return out
}

// RecentOf returns the last incoming texts of phone's chat with branch.
func (tx *Tx) RecentOf(ctx context.Context, branch, phone string) (RecentTexts, error) {
	const q = `SELECT recent FROM sessions WHERE branch_id = ? AND phone = ?`
	var r RecentTexts
	err := tx.queryRow(ctx, q, branch, phone).Scan(&r)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("recent texts of %s/%s: %w", branch, phone, err)
	}
	return r, nil
}
