package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/ktp"
)

// MemberStatus is where a person stands with the cooperative, as the members table spells it.
type MemberStatus string

// Member statuses.
const (
	MemberApplicant MemberStatus = "applicant" // applied over WhatsApp, waiting for the branch
	MemberActive    MemberStatus = "active"
	MemberSuspended MemberStatus = "suspended"
	MemberClosed    MemberStatus = "closed"
	MemberRejected  MemberStatus = "rejected" // an application the branch turned down
)

// Member is a person known to the cooperative, applicant or member.
type Member struct {
	ID         int64
	Branch     string
	No         string // member number, empty while an applicant
	RegNo      string // registration number of an application made over WhatsApp
	NIK        string
	Name       string
	BirthDate  time.Time // zero when unknown
	Gender     string    // "L" or "P"
	Address    string
	Occupation string
	Phone      string // 6281234567890
	Status     MemberStatus
	JoinedAt   time.Time
	CreatedAt  time.Time
	Ceiling    int64  // plafon angsuran: the most the member may pay in installments a month
	KTPPhoto   string // path of the KTP photo sent with an application
	ConsentAt  time.Time
	Decision   string    // why an application was rejected
	LeftAt     time.Time // when the member left the cooperative; zero while a member

	PINHash        string
	PINFailures    int
	PINLockedUntil time.Time // PINLockedForGood: until staff reset the PIN
	PINLockouts    int       // lockouts in a row without a right PIN between

	Merchant bool // takes QRIS payments (see Tx.Merchant for the payload)
}

// HasPIN reports whether the member has set a PIN (and no admin has reset it since).
func (m Member) HasPIN() bool { return m.PINHash != "" }

const memberColumns = `id, branch_id, COALESCE(member_no, ''), COALESCE(reg_no, ''), nik, name, birth_date, gender, address, occupation,
	phone, status, joined_at, created_at, ceiling, ktp_photo, consent_at, decision, pin_hash, pin_failures, pin_locked_until, merchant, left_at, pin_lockouts`

func scanMember(row row) (Member, error) {
	var m Member
	var birth string
	var joined, created, consent, locked, left int64
	err := row.Scan(&m.ID, &m.Branch, &m.No, &m.RegNo, &m.NIK, &m.Name, &birth, &m.Gender, &m.Address, &m.Occupation,
		&m.Phone, &m.Status, &joined, &created, &m.Ceiling, &m.KTPPhoto, &consent, &m.Decision, &m.PINHash, &m.PINFailures, &locked, &m.Merchant, &left, &m.PINLockouts)
	if err != nil {
		return Member{}, err
	}
	if birth != "" {
		if m.BirthDate, err = time.Parse(dateLayout, birth); err != nil {
			return Member{}, fmt.Errorf("member %d birth date %q: %w", m.ID, birth, err)
		}
	}
	m.JoinedAt, m.CreatedAt = fromUnix(joined), fromUnix(created)
	if consent != 0 {
		m.ConsentAt = fromUnix(consent)
	}
	if locked != 0 {
		m.PINLockedUntil = fromUnix(locked)
	}
	if left != 0 {
		m.LeftAt = fromUnix(left)
	}
	return m, nil
}

func (tx *Tx) oneMember(ctx context.Context, what, where string, args ...any) (Member, error) {
	q := `SELECT ` + memberColumns + ` FROM members WHERE ` + where
	return one(ctx, tx, what, q, scanMember, args...)
}

// MemberByPhone returns the member or applicant (not closed or rejected) whose phone is phone.
func (tx *Tx) MemberByPhone(ctx context.Context, phone string) (Member, error) {
	return tx.oneMember(ctx, "member with phone "+phone, `phone = ? AND status NOT IN ('closed', 'rejected')`, phone)
}

// LastApplication returns the latest application made from phone, whatever became of it.
func (tx *Tx) LastApplication(ctx context.Context, phone string) (Member, error) {
	return tx.oneMember(ctx, "application from "+phone, `phone = ? AND reg_no IS NOT NULL ORDER BY id DESC LIMIT 1`, phone)
}

// MemberByNo returns the member with the given member number.
func (tx *Tx) MemberByNo(ctx context.Context, no string) (Member, error) {
	return tx.oneMember(ctx, "member "+no, `member_no = ?`, no)
}

// MemberByRegNo returns the application with the given registration number.
func (tx *Tx) MemberByRegNo(ctx context.Context, regNo string) (Member, error) {
	return tx.oneMember(ctx, "application "+regNo, `reg_no = ?`, strings.ToUpper(regNo))
}

// MemberByID returns the member with the given ID.
func (tx *Tx) MemberByID(ctx context.Context, id int64) (Member, error) {
	return tx.oneMember(ctx, fmt.Sprintf("member %d", id), `id = ?`, id)
}

// MemberByNIK returns the member or applicant (not rejected or closed) with the given NIK.
func (tx *Tx) MemberByNIK(ctx context.Context, nik string) (Member, error) {
	return tx.oneMember(ctx, "member by NIK "+ktp.Mask(nik), `nik = ? AND status NOT IN ('closed', 'rejected') ORDER BY id LIMIT 1`, nik)
}

// FindMembers searches by member number, registration number, NIK, phone or part of the name; at most limit results.
func (tx *Tx) FindMembers(ctx context.Context, query string, limit int) ([]Member, error) {
	query = strings.TrimSpace(query)
	const q = `SELECT ` + memberColumns + ` FROM members
		WHERE member_no = ?1 OR reg_no = upper(?1) OR nik = ?1 OR phone = ?2 OR name LIKE '%' || ?1 || '%' COLLATE NOCASE
		ORDER BY name COLLATE NOCASE, id LIMIT ?3`
	phone := query
	if strings.HasPrefix(phone, "0") {
		phone = "62" + phone[1:]
	}
	return tx.listMembers(ctx, "find members", q, query, phone, limit)
}

// MembersByStatus lists members with the given status (all when empty), oldest first.
func (tx *Tx) MembersByStatus(ctx context.Context, status MemberStatus, limit int) ([]Member, error) {
	const q = `SELECT ` + memberColumns + ` FROM members WHERE ?1 = '' OR status = ?1 ORDER BY id LIMIT ?2`
	return tx.listMembers(ctx, "list members", q, status, limit)
}

func (tx *Tx) listMembers(ctx context.Context, what, q string, args ...any) ([]Member, error) {
	return collect(ctx, tx, what, q, scanMember, args...)
}

// CreateMember inserts m and returns it with its ID.
func (tx *Tx) CreateMember(ctx context.Context, m Member) (Member, error) {
	const q = `INSERT INTO members (branch_id, member_no, reg_no, nik, name, birth_date, gender, address, occupation, phone, status,
			joined_at, created_at, ceiling, ktp_photo, consent_at)
		VALUES (?, NULLIF(?, ''), NULLIF(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	birth := ""
	if !m.BirthDate.IsZero() {
		birth = m.BirthDate.Format(dateLayout)
	}
	if m.JoinedAt.IsZero() {
		m.JoinedAt = tx.now
	}
	var consent int64
	if !m.ConsentAt.IsZero() {
		consent = unix(m.ConsentAt)
	}
	err := tx.queryRow(ctx, q, m.Branch, m.No, m.RegNo, m.NIK, m.Name, birth, m.Gender, m.Address, m.Occupation,
		m.Phone, m.Status, unix(m.JoinedAt), unix(tx.now), m.Ceiling, m.KTPPhoto, consent).Scan(&m.ID)
	if err != nil {
		return Member{}, fmt.Errorf("create member %s: %w", m.No, err)
	}
	m.CreatedAt = tx.now
	return m, nil
}

// NextRegNo is the registration number for the next application: REG-000001 and on.
func (tx *Tx) NextRegNo(ctx context.Context) (string, error) {
	const q = `SELECT COALESCE(MAX(CAST(substr(reg_no, 5) AS INTEGER)), 0) FROM members WHERE reg_no IS NOT NULL`
	var n int64
	if err := tx.queryRow(ctx, q).Scan(&n); err != nil {
		return "", fmt.Errorf("next registration number: %w", err)
	}
	return NewRef(RefRegistration, n+1).String(), nil
}

// NextMemberNo is the next member number of a branch: its code, a dot, five digits (01.00006).
func (tx *Tx) NextMemberNo(ctx context.Context, branch string) (string, error) {
	b, err := tx.Branch(ctx, branch)
	if err != nil {
		return "", err
	}
	const q = `SELECT COALESCE(MAX(CAST(substr(member_no, 4) AS INTEGER)), 0) FROM members WHERE member_no LIKE ? || '.%'`
	var n int64
	if err := tx.queryRow(ctx, q, b.Code).Scan(&n); err != nil {
		return "", fmt.Errorf("next member number of %s: %w", branch, err)
	}
	return fmt.Sprintf("%s.%05d", b.Code, n+1), nil
}

// Activate makes an applicant a member with the given number.
func (tx *Tx) Activate(ctx context.Context, id int64, no string) error {
	const q = `UPDATE members SET status = 'active', member_no = ?, joined_at = ?, decided_at = ? WHERE id = ? AND status = 'applicant'`
	return tx.exec1(ctx, fmt.Sprintf("activate member %d", id), q, no, unix(tx.now), unix(tx.now), id)
}

// Reject turns down an application with a reason the applicant is told.
func (tx *Tx) Reject(ctx context.Context, id int64, reason string) error {
	const q = `UPDATE members SET status = 'rejected', decision = ?, decided_at = ? WHERE id = ? AND status = 'applicant'`
	return tx.exec1(ctx, fmt.Sprintf("reject application %d", id), q, reason, unix(tx.now), id)
}

// PINLockedForGood is the lockout that lasts until staff reset the PIN (or the member sets
// a new one by linking their WhatsApp again).
var PINLockedForGood = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// SetPIN stores a member's PIN hash (empty: reset by an admin) and clears failures and locks.
func (tx *Tx) SetPIN(ctx context.Context, id int64, hash string) error {
	const q = `UPDATE members SET pin_hash = ?, pin_failures = 0, pin_locked_until = 0, pin_lockouts = 0 WHERE id = ?`
	return tx.exec1(ctx, fmt.Sprintf("set PIN of member %d", id), q, hash, id)
}

// RecordPINFailure counts a wrong PIN (failures 0: a right one), locking the member until
// lockUntil when it is not zero; lockouts counts the lockouts in a row.
func (tx *Tx) RecordPINFailure(ctx context.Context, id int64, failures, lockouts int, lockUntil time.Time) error {
	var locked int64
	if !lockUntil.IsZero() {
		locked = unix(lockUntil)
	}
	const q = `UPDATE members SET pin_failures = ?, pin_locked_until = ?, pin_lockouts = ? WHERE id = ?`
	return tx.exec1(ctx, fmt.Sprintf("record PIN failure of member %d", id), q, failures, locked, lockouts, id)
}

// SetCeiling sets a member's installment ceiling (plafon angsuran).
func (tx *Tx) SetCeiling(ctx context.Context, id, ceiling int64) error {
	const q = `UPDATE members SET ceiling = ? WHERE id = ?`
	return tx.exec1(ctx, fmt.Sprintf("set ceiling of member %d", id), q, ceiling, id)
}

// exec1 runs a statement that must change exactly one row.
func (tx *Tx) exec1(ctx context.Context, what, q string, args ...any) error {
	res, err := tx.exec(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return nil
}

// SetBirthDate corrects the birth date (YYYY-MM-DD) of the member with phone.
func (tx *Tx) SetBirthDate(ctx context.Context, phone, date string) error {
	if _, err := time.Parse(dateLayout, date); err != nil {
		return fmt.Errorf("birth date %q: %w", date, err)
	}
	const q = `UPDATE members SET birth_date = ? WHERE phone = ? AND status NOT IN ('closed', 'rejected')`
	return tx.exec1(ctx, "set birth date of "+phone, q, date, phone)
}

// PINHashesLike counts the members' and staff's PIN hashes that begin with prefix.
func (tx *Tx) PINHashesLike(ctx context.Context, prefix string) (int, error) {
	const q = `SELECT (SELECT count(*) FROM members WHERE substr(pin_hash, 1, length(?1)) = ?1)
		+ (SELECT count(*) FROM staff_pins WHERE substr(pin_hash, 1, length(?1)) = ?1)`
	var n int
	if err := tx.tx.QueryRowContext(ctx, q, prefix).Scan(&n); err != nil {
		return 0, fmt.Errorf("count PIN hashes: %w", err)
	}
	return n, nil
}
