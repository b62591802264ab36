package store

import (
	"context"
	"fmt"
	"time"
)

// Fields of a member's record as the change history names them.
const (
	FieldPhone      = "phone"
	FieldName       = "name"
	FieldNIK        = "nik" // kept masked in the history
	FieldBirthDate  = "birth_date"
	FieldGender     = "gender"
	FieldAddress    = "address"
	FieldOccupation = "occupation"
	FieldCeiling    = "ceiling"
	FieldStatus     = "status"
)

// MemberChange is one change staff made to a member's record.
type MemberChange struct {
	ID       int64
	MemberID int64
	Field    string
	Old, New string // as staff read them; a NIK masked
	Reason   string
	By       string // the actor, as decided_by keeps it
	At       time.Time
}

// RecordMemberChange adds c to the member's history, stamped now.
func (tx *Tx) RecordMemberChange(ctx context.Context, c MemberChange) error {
	const q = `INSERT INTO member_changes (member_id, field, old_value, new_value, reason, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`
	if _, err := tx.exec(ctx, q, c.MemberID, c.Field, c.Old, c.New, c.Reason, c.By, unix(tx.now)); err != nil {
		return fmt.Errorf("record change of %s of member %d: %w", c.Field, c.MemberID, err)
	}
	return nil
}

// MemberChanges is the member's history of changes, oldest first.
func (tx *Tx) MemberChanges(ctx context.Context, memberID int64) ([]MemberChange, error) {
	const q = `SELECT id, member_id, field, old_value, new_value, reason, changed_by, changed_at FROM member_changes WHERE member_id = ? ORDER BY id`
	return collect(ctx, tx, fmt.Sprintf("changes of member %d", memberID), q, func(r row) (MemberChange, error) {
		var c MemberChange
		var at int64
		err := r.Scan(&c.ID, &c.MemberID, &c.Field, &c.Old, &c.New, &c.Reason, &c.By, &at)
		c.At = fromUnix(at)
		return c, err
	}, memberID)
}

// UpdateMemberData writes the member's personal data (name, NIK, birth date, gender,
// address, occupation) and phone as m holds them.
func (tx *Tx) UpdateMemberData(ctx context.Context, m Member) error {
	birth := ""
	if !m.BirthDate.IsZero() {
		birth = m.BirthDate.Format(dateLayout)
	}
	const q = `UPDATE members SET name = ?, nik = ?, birth_date = ?, gender = ?, address = ?, occupation = ?, phone = ? WHERE id = ?`
	return tx.exec1(ctx, fmt.Sprintf("update member %d", m.ID), q, m.Name, m.NIK, birth, m.Gender, m.Address, m.Occupation, m.Phone, m.ID)
}

// SetMemberStatus moves a member between active, suspended and closed; closing sets left_at.
func (tx *Tx) SetMemberStatus(ctx context.Context, id int64, status MemberStatus) error {
	const q = `UPDATE members SET status = ?1, left_at = CASE WHEN ?1 = 'closed' THEN ?2 ELSE left_at END
		WHERE id = ?3 AND status IN ('active', 'suspended')`
	return tx.exec1(ctx, fmt.Sprintf("set status of member %d to %s", id, status), q, status, unix(tx.now), id)
}

// EndConversations ends whatever flow phone is in with any branch (its PIN step included),
// so nothing begun before a change of phone or a suspension carries on after it.
func (tx *Tx) EndConversations(ctx context.Context, phone string) error {
	const q = `UPDATE sessions SET flow = '', step = '', data = '{}' WHERE phone = ? AND flow != ''`
	if _, err := tx.exec(ctx, q, phone); err != nil {
		return fmt.Errorf("end conversations of %s: %w", phone, err)
	}
	return nil
}

// CloseAccount closes an account holding nothing (the ledger check holds closed accounts to zero).
func (tx *Tx) CloseAccount(ctx context.Context, id int64) error {
	const q = `UPDATE accounts SET status = 'closed' WHERE id = ? AND balance = 0 AND held = 0`
	return tx.exec1(ctx, fmt.Sprintf("close account %d", id), q, id)
}

// FeesOwedOf is what the account owes in administration fees charged and not yet paid.
func (tx *Tx) FeesOwedOf(ctx context.Context, account int64) (int64, error) {
	const q = `SELECT COALESCE(SUM(owed), 0) FROM savings_fees_owed WHERE account_id = ?`
	var n int64
	if err := tx.queryRow(ctx, q, account).Scan(&n); err != nil {
		return 0, fmt.Errorf("fees owed by account %d: %w", account, err)
	}
	return n, nil
}
