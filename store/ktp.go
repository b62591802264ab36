package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/ktp"
)

// KTPStatus is where a KTP verification stands. Members read checking and review both as "menunggu".
type KTPStatus string

// Statuses of a KTP verification.
const (
	KTPChecking KTPStatus = "checking" // waiting for the Dukcapil aggregator
	KTPReview   KTPStatus = "review"   // waiting for staff
	KTPVerified KTPStatus = "verified"
	KTPRejected KTPStatus = "rejected"

	KTPOpen KTPStatus = "open" // never stored: checking or review, for KTPVerifications
)

// KTPVerification is one request of a member to have their KTP verified.
type KTPVerification struct {
	ID          int64
	Branch      string
	MemberID    int64
	NIK         string
	Name        string    // as on the KTP
	BirthDate   time.Time // midnight UTC; read its Year, Month, Day
	KTPPhoto    string    // path; empty once deleted
	SelfiePhoto string
	Verifier    string // manual or http
	Status      KTPStatus
	Note        string // why staff review it
	Reason      string // why it was rejected
	Attempts    int
	NextAt      time.Time
	CreatedAt   time.Time
	DecidedAt   time.Time // zero while open
	DecidedBy   string
}

// No is how staff and the member refer to it: KTP-000001.
func (v KTPVerification) No() string { return NewRef(RefKTP, v.ID).String() }

// Open reports whether the verification still waits for a decision.
func (v KTPVerification) Open() bool { return v.Status == KTPChecking || v.Status == KTPReview }

// KTPCheck is one call to the aggregator and its outcome: match, partial or error.
type KTPCheck struct {
	VerificationID int64
	ReferenceID    string
	At             time.Time
	Duration       time.Duration
	Outcome        string
	NIK            bool
	Name           bool
	BirthDate      bool
	Error          string
}

const ktpColumns = `id, branch_id, member_id, nik, name, birth_date, ktp_photo, selfie_photo, verifier, status, note, reason,
	attempts, next_at, created_at, decided_at, decided_by`

func scanKTP(r row) (KTPVerification, error) {
	var v KTPVerification
	var birth string
	var next, created, decided int64
	err := r.Scan(&v.ID, &v.Branch, &v.MemberID, &v.NIK, &v.Name, &birth, &v.KTPPhoto, &v.SelfiePhoto, &v.Verifier, &v.Status,
		&v.Note, &v.Reason, &v.Attempts, &next, &created, &decided, &v.DecidedBy)
	if err != nil {
		return KTPVerification{}, err
	}
	v.NextAt, v.CreatedAt = fromUnix(next), fromUnix(created)
	if decided != 0 {
		v.DecidedAt = fromUnix(decided)
	}
	if v.BirthDate, err = time.Parse(dateLayout, birth); err != nil {
		return KTPVerification{}, fmt.Errorf("KTP verification %d birth date %q: %w", v.ID, birth, err)
	}
	return v, nil
}

// CreateKTPVerification records a member's request: checking when an aggregator is to be
// called (at once), review when staff decide.
func (tx *Tx) CreateKTPVerification(ctx context.Context, v KTPVerification) (KTPVerification, error) {
	const q = `INSERT INTO ktp_verifications (branch_id, member_id, nik, name, birth_date, ktp_photo, selfie_photo, verifier, status, note, next_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	v.CreatedAt, v.NextAt = tx.now, tx.now
	err := tx.queryRow(ctx, q, v.Branch, v.MemberID, v.NIK, v.Name, v.BirthDate.Format(dateLayout), v.KTPPhoto, v.SelfiePhoto,
		v.Verifier, v.Status, v.Note, unix(v.NextAt), unix(v.CreatedAt)).Scan(&v.ID)
	if err != nil {
		return KTPVerification{}, fmt.Errorf("record KTP verification of member %d: %w", v.MemberID, err)
	}
	return v, nil
}

// KTPVerification returns one verification by ID.
func (tx *Tx) KTPVerification(ctx context.Context, id int64) (KTPVerification, error) {
	const q = `SELECT ` + ktpColumns + ` FROM ktp_verifications WHERE id = ?`
	v, err := scanKTP(tx.queryRow(ctx, q, id))
	if err != nil {
		return KTPVerification{}, fmt.Errorf("KTP verification %d: %w", id, notFound(err))
	}
	return v, nil
}

// LatestKTP returns the member's latest verification: their KTP status. ErrNotFound when
// they never asked for one ("belum").
func (tx *Tx) LatestKTP(ctx context.Context, memberID int64) (KTPVerification, error) {
	const q = `SELECT ` + ktpColumns + ` FROM ktp_verifications WHERE member_id = ? ORDER BY id DESC LIMIT 1`
	v, err := scanKTP(tx.queryRow(ctx, q, memberID))
	if err != nil {
		return KTPVerification{}, fmt.Errorf("KTP status of member %d: %w", memberID, notFound(err))
	}
	return v, nil
}

// KTPVerified reports whether the member's latest verification is verified.
func (tx *Tx) KTPVerified(ctx context.Context, memberID int64) (bool, error) {
	const q = `SELECT status = 'verified' FROM ktp_verifications WHERE member_id = ? ORDER BY id DESC LIMIT 1`
	var ok bool
	if err := tx.queryRow(ctx, q, memberID).Scan(&ok); err != nil {
		if err = notFound(err); err == ErrNotFound {
			return false, nil
		}
		return false, fmt.Errorf("KTP status of member %d: %w", memberID, err)
	}
	return ok, nil
}

// KTPVerifiedFor returns the member other than memberID whose KTP was verified with nik, or
// ErrNotFound: one KTP belongs to one member.
func (tx *Tx) KTPVerifiedFor(ctx context.Context, nik string, memberID int64) (int64, error) {
	const q = `SELECT member_id FROM ktp_verifications WHERE nik = ? AND status = 'verified' AND member_id != ? LIMIT 1`
	var other int64
	if err := tx.queryRow(ctx, q, nik, memberID).Scan(&other); err != nil {
		return 0, fmt.Errorf("KTP verified with NIK %s: %w", ktp.Mask(nik), notFound(err))
	}
	return other, nil
}

// KTPVerifications lists verifications with the given status (every open one when status
// is "open"), oldest first; limit -1 lists them all.
func (tx *Tx) KTPVerifications(ctx context.Context, status KTPStatus, limit int) ([]KTPVerification, error) {
	const q = `SELECT ` + ktpColumns + ` FROM ktp_verifications
		WHERE status = ?1 OR (?1 = 'open' AND status IN ('checking', 'review')) ORDER BY id LIMIT ?2`
	return tx.listKTP(ctx, "list KTP verifications", q, status, limit)
}

// KTPReviews lists up to limit of the branch's verifications waiting for staff, oldest first.
func (tx *Tx) KTPReviews(ctx context.Context, branch string, limit int) ([]KTPVerification, error) {
	const q = `SELECT ` + ktpColumns + ` FROM ktp_verifications WHERE status = 'review' AND branch_id = ? ORDER BY id LIMIT ?`
	return tx.listKTP(ctx, "list KTP reviews of "+branch, q, branch, limit)
}

// KTPDue returns up to limit verifications waiting for the aggregator whose time has come.
func (tx *Tx) KTPDue(ctx context.Context, limit int) ([]KTPVerification, error) {
	const q = `SELECT ` + ktpColumns + ` FROM ktp_verifications WHERE status = 'checking' AND next_at <= ? ORDER BY next_at, id LIMIT ?`
	return tx.listKTP(ctx, "list KTP verifications due for the aggregator", q, unix(tx.now), limit)
}

func (tx *Tx) listKTP(ctx context.Context, what, q string, args ...any) ([]KTPVerification, error) {
	return collect(ctx, tx, what, q, scanKTP, args...)
}

// PendingKTPReviews counts the branch's verifications waiting for staff.
func (tx *Tx) PendingKTPReviews(ctx context.Context, branch string) (int, error) {
	const q = `SELECT count(*) FROM ktp_verifications WHERE status = 'review' AND branch_id = ?`
	var n int
	if err := tx.queryRow(ctx, q, branch).Scan(&n); err != nil {
		return 0, fmt.Errorf("count KTP reviews of %s: %w", branch, err)
	}
	return n, nil
}

// RecordKTPCheck records one call to the aggregator and counts it on its verification.
func (tx *Tx) RecordKTPCheck(ctx context.Context, c KTPCheck) error {
	const q = `INSERT INTO ktp_checks (verification_id, reference_id, at, duration_ms, outcome, nik_match, name_match, birth_match, error)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	if _, err := tx.exec(ctx, q, c.VerificationID, c.ReferenceID, unix(c.At), c.Duration.Milliseconds(), c.Outcome,
		c.NIK, c.Name, c.BirthDate, c.Error); err != nil {
		return fmt.Errorf("record KTP check of verification %d: %w", c.VerificationID, err)
	}
	const count = `UPDATE ktp_verifications SET attempts = attempts + 1 WHERE id = ?`
	return tx.exec1(ctx, fmt.Sprintf("count KTP check of verification %d", c.VerificationID), count, c.VerificationID)
}

// KTPChecks lists the calls made for one verification, oldest first.
func (tx *Tx) KTPChecks(ctx context.Context, verificationID int64) ([]KTPCheck, error) {
	const q = `SELECT verification_id, reference_id, at, duration_ms, outcome, nik_match, name_match, birth_match, error
		FROM ktp_checks WHERE verification_id = ? ORDER BY id`
	return collect(ctx, tx, fmt.Sprintf("list KTP checks of verification %d", verificationID), q, func(rs row) (KTPCheck, error) {
		var c KTPCheck
		var at, ms int64
		if err := rs.Scan(&c.VerificationID, &c.ReferenceID, &at, &ms, &c.Outcome, &c.NIK, &c.Name, &c.BirthDate, &c.Error); err != nil {
			return KTPCheck{}, err
		}
		c.At, c.Duration = fromUnix(at), time.Duration(ms)*time.Millisecond
		return c, nil
	}, verificationID)
}

// RetryKTPAt sets when the aggregator is called again for a verification still checking.
func (tx *Tx) RetryKTPAt(ctx context.Context, id int64, at time.Time) error {
	const q = `UPDATE ktp_verifications SET next_at = ? WHERE id = ? AND status = 'checking'`
	return tx.exec1(ctx, fmt.Sprintf("schedule KTP verification %d", id), q, unix(at), id)
}

// SendKTPToReview hands a verification still checking to staff, saying why.
func (tx *Tx) SendKTPToReview(ctx context.Context, id int64, note string) error {
	const q = `UPDATE ktp_verifications SET status = 'review', note = ? WHERE id = ? AND status = 'checking'`
	return tx.exec1(ctx, fmt.Sprintf("send KTP verification %d to review", id), q, note, id)
}

// DecideKTP marks an open verification verified or rejected (with the reason the member is
// told). One already decided is ErrNotFound.
func (tx *Tx) DecideKTP(ctx context.Context, id int64, status KTPStatus, reason, by string) error {
	if status != KTPVerified && status != KTPRejected {
		return fmt.Errorf("decide KTP verification %d: status %q is neither verified nor rejected", id, status)
	}
	const q = `UPDATE ktp_verifications SET status = ?, reason = ?, decided_at = ?, decided_by = ?
		WHERE id = ? AND status IN ('checking', 'review')`
	return tx.exec1(ctx, fmt.Sprintf("decide open KTP verification %d", id), q, status, reason, unix(tx.now), by, id)
}

// KTPPhotosToDelete returns up to limit decided verifications, decided before cutoff, whose
// photos are still kept.
func (tx *Tx) KTPPhotosToDelete(ctx context.Context, cutoff time.Time, limit int) ([]KTPVerification, error) {
	const q = `SELECT ` + ktpColumns + ` FROM ktp_verifications
		WHERE photos_deleted_at = 0 AND status IN ('verified', 'rejected') AND decided_at < ?
		AND (ktp_photo != '' OR selfie_photo != '') ORDER BY decided_at LIMIT ?`
	return tx.listKTP(ctx, "list KTP photos past retention", q, unix(cutoff), limit)
}

// KTPPhotosDeleted records that a verification's photos are gone.
func (tx *Tx) KTPPhotosDeleted(ctx context.Context, id int64) error {
	const q = `UPDATE ktp_verifications SET ktp_photo = '', selfie_photo = '', photos_deleted_at = ? WHERE id = ?`
	return tx.exec1(ctx, fmt.Sprintf("forget photos of KTP verification %d", id), q, unix(tx.now), id)
}

// SetMemberNIK records the NIK of a member whose record had none, once their KTP is verified.
func (tx *Tx) SetMemberNIK(ctx context.Context, id int64, nik, gender string) error {
	const q = `UPDATE members SET nik = ?, gender = CASE WHEN gender = '' THEN ? ELSE gender END WHERE id = ? AND nik = ''`
	_, err := tx.exec(ctx, q, nik, gender, id)
	if err != nil {
		return fmt.Errorf("record NIK of member %d: %w", id, err)
	}
	return nil
}

// ApplicationPhoto is the KTP photo sent with a membership application.
type ApplicationPhoto struct {
	MemberID int64
	Path     string
}

// ApplicationPhotosToDelete returns up to limit KTP photos of applications decided before cutoff.
func (tx *Tx) ApplicationPhotosToDelete(ctx context.Context, cutoff time.Time, limit int) ([]ApplicationPhoto, error) {
	const q = `SELECT id, ktp_photo FROM members WHERE ktp_photo != '' AND decided_at > 0 AND decided_at < ? ORDER BY decided_at LIMIT ?`
	return collect(ctx, tx, "list application photos past retention", q, func(rs row) (ApplicationPhoto, error) {
		var p ApplicationPhoto
		if err := rs.Scan(&p.MemberID, &p.Path); err != nil {
			return ApplicationPhoto{}, err
		}
		return p, nil
	}, unix(cutoff), limit)
}

// ApplicationPhotoDeleted forgets the KTP photo of a decided application.
func (tx *Tx) ApplicationPhotoDeleted(ctx context.Context, memberID int64) error {
	const q = `UPDATE members SET ktp_photo = '' WHERE id = ?`
	return tx.exec1(ctx, fmt.Sprintf("forget application photo of member %d", memberID), q, memberID)
}
