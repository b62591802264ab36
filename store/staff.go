package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// StaffRole is what a staff account may do: a teller works their branches' counter, a
// manager also decides and reads the audit log, an admin is the cooperative's, every branch.
type StaffRole string

// The roles, least to most.
const (
	RoleTeller  StaffRole = "teller"
	RoleManager StaffRole = "manager"
	RoleAdmin   StaffRole = "admin"
)

// Rank orders roles, so "manager or more" is a comparison; 0 for no role.
func (r StaffRole) Rank() int {
	switch r {
	case RoleTeller:
		return 1
	case RoleManager:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// StaffAccount is one named staff member of the back office.
type StaffAccount struct {
	Username      string
	Name          string
	Role          StaffRole
	Branches      []string // the branches they may see; an admin sees every branch
	Phone         string   // WhatsApp number, empty when none
	Language      string   // id or en: the back office pages' language
	PasswordHash  string
	Disabled      bool
	FailedSignIns int
	LockedUntil   time.Time // zero when not locked
	CreatedAt     time.Time
	CreatedBy     string
	UpdatedAt     time.Time
	UpdatedBy     string
}

// SeesBranch reports whether s may see branch's members and work.
func (s StaffAccount) SeesBranch(branch string) bool {
	if s.Role == RoleAdmin {
		return true
	}
	for _, b := range s.Branches {
		if b == branch {
			return true
		}
	}
	return false
}

const staffColumns = `username, name, role, branches, COALESCE(phone, ''), language, password_hash, disabled,
	failed_signins, locked_until, created_at, created_by, updated_at, updated_by`

func scanStaff(r row) (StaffAccount, error) {
	var s StaffAccount
	var branches string
	var locked, created, updated int64
	err := r.Scan(&s.Username, &s.Name, &s.Role, &branches, &s.Phone, &s.Language, &s.PasswordHash, &s.Disabled,
		&s.FailedSignIns, &locked, &created, &s.CreatedBy, &updated, &s.UpdatedBy)
	if branches != "" {
		s.Branches = strings.Split(branches, ",")
	}
	if locked != 0 {
		s.LockedUntil = fromUnix(locked)
	}
	s.CreatedAt, s.UpdatedAt = fromUnix(created), fromUnix(updated)
	return s, err
}

func nullPhone(p string) any {
	if p == "" {
		return nil
	}
	return p
}

// CreateStaff adds a staff account; by names who added it.
func (tx *Tx) CreateStaff(ctx context.Context, s StaffAccount, by string) error {
	const q = `INSERT INTO staff (username, name, role, branches, phone, language, password_hash,
		created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	if s.Language == "" {
		s.Language = "id"
	}
	_, err := tx.exec(ctx, q, s.Username, s.Name, s.Role, strings.Join(s.Branches, ","), nullPhone(s.Phone), s.Language,
		s.PasswordHash, unix(tx.now), by, unix(tx.now), by)
	if err != nil {
		return fmt.Errorf("add staff account %s: %w", s.Username, err)
	}
	return nil
}

// Staff loads the account username.
func (tx *Tx) Staff(ctx context.Context, username string) (StaffAccount, error) {
	const q = `SELECT ` + staffColumns + ` FROM staff WHERE username = ?`
	return one(ctx, tx, "staff account "+username, q, scanStaff, username)
}

// StaffByPhone loads the account whose WhatsApp number is phone.
func (tx *Tx) StaffByPhone(ctx context.Context, phone string) (StaffAccount, error) {
	const q = `SELECT ` + staffColumns + ` FROM staff WHERE phone = ?`
	return one(ctx, tx, "staff account of phone", q, scanStaff, phone)
}

// StaffAccounts lists every account by username.
func (tx *Tx) StaffAccounts(ctx context.Context) ([]StaffAccount, error) {
	const q = `SELECT ` + staffColumns + ` FROM staff ORDER BY username`
	var out []StaffAccount
	err := eachRow(ctx, tx, "list staff accounts", q, func(r row) error {
		s, err := scanStaff(r)
		out = append(out, s)
		return err
	})
	return out, err
}

// CountStaff is how many staff accounts there are, disabled ones included.
func (tx *Tx) CountStaff(ctx context.Context) (int, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM staff`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count staff accounts: %w", err)
	}
	return n, nil
}

// SetStaffPassword replaces username's password hash and clears a lockout.
func (tx *Tx) SetStaffPassword(ctx context.Context, username, hash, by string) error {
	const q = `UPDATE staff SET password_hash = ?, failed_signins = 0, locked_until = 0, updated_at = ?, updated_by = ? WHERE username = ?`
	return tx.exec1(ctx, "set the password of staff account "+username, q, hash, unix(tx.now), by, username)
}

// DisableStaff turns username's account off and ends every session of theirs.
func (tx *Tx) DisableStaff(ctx context.Context, username, by string) error {
	const q = `UPDATE staff SET disabled = 1, updated_at = ?, updated_by = ? WHERE username = ?`
	if err := tx.exec1(ctx, "disable staff account "+username, q, unix(tx.now), by, username); err != nil {
		return err
	}
	return tx.EndSessionsOf(ctx, username)
}

// SetStaffLanguage records the language username reads the back office in.
func (tx *Tx) SetStaffLanguage(ctx context.Context, username, lang string) error {
	const q = `UPDATE staff SET language = ?, updated_at = ?, updated_by = ? WHERE username = ?`
	return tx.exec1(ctx, "set the language of staff account "+username, q, lang, unix(tx.now), username, username)
}

// RecordSignIn records a sign-in attempt's outcome: a good one clears the count, a failed
// one counts and locks the account until lockedUntil (zero: not locked).
func (tx *Tx) RecordSignIn(ctx context.Context, username string, ok bool, lockedUntil time.Time) error {
	q, args := `UPDATE staff SET failed_signins = 0, locked_until = 0 WHERE username = ?`, []any{username}
	if !ok {
		var until int64
		if !lockedUntil.IsZero() {
			until = unix(lockedUntil)
		}
		q, args = `UPDATE staff SET failed_signins = failed_signins + 1, locked_until = ? WHERE username = ?`, []any{until, username}
	}
	return tx.exec1(ctx, "record a sign-in of "+username, q, args...)
}

// StaffSession is one signed-in browser.
type StaffSession struct {
	TokenHash  []byte
	Username   string
	CSRF       string
	CreatedAt  time.Time
	SeenAt     time.Time
	RemoteAddr string
}

// CreateSession records a new session.
func (tx *Tx) CreateSession(ctx context.Context, s StaffSession) error {
	const q = `INSERT INTO staff_sessions (token_hash, username, csrf, created_at, seen_at, remote_addr) VALUES (?, ?, ?, ?, ?, ?)`
	if _, err := tx.exec(ctx, q, s.TokenHash, s.Username, s.CSRF, unix(tx.now), unix(tx.now), s.RemoteAddr); err != nil {
		return fmt.Errorf("start a session for %s: %w", s.Username, err)
	}
	return nil
}

// StaffSession loads the session whose token hashes to hash.
func (tx *Tx) StaffSession(ctx context.Context, hash []byte) (StaffSession, error) {
	const q = `SELECT token_hash, username, csrf, created_at, seen_at, remote_addr FROM staff_sessions WHERE token_hash = ?`
	return one(ctx, tx, "staff session", q, func(r row) (StaffSession, error) {
		var s StaffSession
		var created, seen int64
		err := r.Scan(&s.TokenHash, &s.Username, &s.CSRF, &created, &seen, &s.RemoteAddr)
		s.CreatedAt, s.SeenAt = fromUnix(created), fromUnix(seen)
		return s, err
	}, hash)
}

// TouchSession records that the session was used now.
func (tx *Tx) TouchSession(ctx context.Context, hash []byte) error {
	_, err := tx.exec(ctx, `UPDATE staff_sessions SET seen_at = ? WHERE token_hash = ?`, unix(tx.now), hash)
	if err != nil {
		return fmt.Errorf("touch staff session: %w", err)
	}
	return nil
}

// EndSession deletes the session (signing out, or found expired).
func (tx *Tx) EndSession(ctx context.Context, hash []byte) error {
	if _, err := tx.exec(ctx, `DELETE FROM staff_sessions WHERE token_hash = ?`, hash); err != nil {
		return fmt.Errorf("end staff session: %w", err)
	}
	return nil
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID      int64
	At      time.Time
	Actor   string
	Action  string
	Subject string
	Branch  string
	Via     string
	Origin  string
	Detail  string
}

// AddAudit appends e to the audit log, at the transaction's time.
func (tx *Tx) AddAudit(ctx context.Context, e AuditEntry) error {
	const q = `INSERT INTO audit_log (at, actor, action, subject, branch_id, via, origin, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	if _, err := tx.exec(ctx, q, unix(tx.now), e.Actor, e.Action, e.Subject, e.Branch, e.Via, e.Origin, e.Detail); err != nil {
		return fmt.Errorf("audit %s %s by %s: %w", e.Action, e.Subject, e.Actor, err)
	}
	return nil
}

// AuditFilter narrows the audit log; zero fields do not filter.
type AuditFilter struct {
	Branch   string
	Actor    string
	From, To time.Time // To is exclusive
	Limit    int       // 0: no limit
}

// Audit lists the audit log, newest first.
func (tx *Tx) Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	q := `SELECT id, at, actor, action, subject, branch_id, via, origin, detail FROM audit_log WHERE 1 = 1`
	var args []any
	for _, c := range []struct {
		on   bool
		cond string
		arg  any
	}{
		{f.Branch != "", ` AND branch_id = ?`, f.Branch},
		{f.Actor != "", ` AND actor = ?`, f.Actor},
		{!f.From.IsZero(), ` AND at >= ?`, unix(f.From)},
		{!f.To.IsZero(), ` AND at < ?`, unix(f.To)},
	} {
		if c.on {
			q += c.cond
			args = append(args, c.arg)
		}
	}
	q += ` ORDER BY at DESC, id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	var out []AuditEntry
	err := eachRow(ctx, tx, "list the audit log", q, func(r row) error {
		var e AuditEntry
		var at int64
		err := r.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Subject, &e.Branch, &e.Via, &e.Origin, &e.Detail)
		e.At = fromUnix(at)
		out = append(out, e)
		return err
	}, args...)
	return out, err
}

// EndSessionsOf ends every session of username.
func (tx *Tx) EndSessionsOf(ctx context.Context, username string) error {
	if _, err := tx.exec(ctx, `DELETE FROM staff_sessions WHERE username = ?`, username); err != nil {
		return fmt.Errorf("end the sessions of %s: %w", username, err)
	}
	return nil
}
