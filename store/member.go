package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Member statuses.
const (
	MemberApplicant = "applicant"
	MemberActive    = "active"
	MemberSuspended = "suspended"
	MemberClosed    = "closed"
)

// Member is a person known to the cooperative, applicant or member.
type Member struct {
	ID         int64
	Branch     string
	No         string // member number, empty while an applicant
	NIK        string
	Name       string
	BirthDate  time.Time // zero when unknown
	Gender     string    // "L" or "P"
	Address    string
	Occupation string
	Phone      string // 6281234567890
	Status     string
	JoinedAt   time.Time
}

const memberColumns = `id, branch_id, COALESCE(member_no, ''), nik, name, birth_date, gender, address, occupation, phone, status, joined_at`

func scanMember(row interface{ Scan(...any) error }) (Member, error) {
	var m Member
	var birth string
	var joined int64
	err := row.Scan(&m.ID, &m.Branch, &m.No, &m.NIK, &m.Name, &birth, &m.Gender, &m.Address, &m.Occupation, &m.Phone, &m.Status, &joined)
	if err != nil {
		return Member{}, err
	}
	if birth != "" {
		if m.BirthDate, err = time.Parse(dateLayout, birth); err != nil {
			return Member{}, fmt.Errorf("member %d birth date %q: %w", m.ID, birth, err)
		}
	}
	m.JoinedAt = fromUnix(joined)
	return m, nil
}

// MemberByPhone returns the member, not closed, whose phone is phone.
func (tx *Tx) MemberByPhone(ctx context.Context, phone string) (Member, error) {
	const q = `SELECT ` + memberColumns + ` FROM members WHERE phone = ? AND status != 'closed'`
	m, err := scanMember(tx.tx.QueryRowContext(ctx, q, phone))
	if errors.Is(err, sql.ErrNoRows) {
		return Member{}, fmt.Errorf("member with phone %s: %w", phone, ErrNotFound)
	}
	if err != nil {
		return Member{}, fmt.Errorf("load member by phone: %w", err)
	}
	return m, nil
}

// MemberByNo returns the member with the given member number.
func (tx *Tx) MemberByNo(ctx context.Context, no string) (Member, error) {
	const q = `SELECT ` + memberColumns + ` FROM members WHERE member_no = ?`
	m, err := scanMember(tx.tx.QueryRowContext(ctx, q, no))
	if errors.Is(err, sql.ErrNoRows) {
		return Member{}, fmt.Errorf("member %s: %w", no, ErrNotFound)
	}
	if err != nil {
		return Member{}, fmt.Errorf("load member %s: %w", no, err)
	}
	return m, nil
}

// CreateMember inserts m and returns it with its ID.
func (tx *Tx) CreateMember(ctx context.Context, m Member) (Member, error) {
	const q = `INSERT INTO members (branch_id, member_no, nik, name, birth_date, gender, address, occupation, phone, status, joined_at, created_at)
		VALUES (?, NULLIF(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	birth := ""
	if !m.BirthDate.IsZero() {
		birth = m.BirthDate.Format(dateLayout)
	}
	if m.JoinedAt.IsZero() {
		m.JoinedAt = tx.now
	}
	res, err := tx.tx.ExecContext(ctx, q, m.Branch, m.No, m.NIK, m.Name, birth, m.Gender, m.Address, m.Occupation,
		m.Phone, m.Status, unix(m.JoinedAt), unix(tx.now))
	if err != nil {
		return Member{}, fmt.Errorf("create member %s: %w", m.No, err)
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return Member{}, fmt.Errorf("create member %s: %w", m.No, err)
	}
	return m, nil
}
