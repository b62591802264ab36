package flows

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/store"
)

// Who verifies a KTP, as config names them.
const (
	KTPByStaff = "manual" // staff review every request
	KTPByHTTP  = "http"   // a Dukcapil aggregator first; staff review what it does not fully match
)

// KTPLoanApplication is the gate name of loan applications: simulating stays open to all.
const KTPLoanApplication = "pengajuan-pinjaman"

// KTPGates are the names config may list as needing a verified KTP: loan applications, or
// any member service of the menu by its flow name.
func KTPGates() []string {
	gates := []string{KTPLoanApplication}
	for _, s := range services {
		if s.members && s.flow != flowVerifikasi {
			gates = append(gates, s.flow)
		}
	}
	return gates
}

// A member's KTP status as they read it.
const (
	ktpNone     = catalog.KTPNone
	ktpWaiting  = catalog.KTPWaiting
	ktpVerified = catalog.KTPVerified
	ktpRejected = catalog.KTPRejected
)

func ktpStatus(ctx context.Context, tx *store.Tx, memberID int64) (string, error) {
	v, err := tx.LatestKTP(ctx, memberID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return ktpNone, nil
	case err != nil:
		return "", err
	case v.Status == store.KTPVerified:
		return ktpVerified, nil
	case v.Status == store.KTPRejected:
		return ktpRejected, nil
	}
	return ktpWaiting, nil
}

// needsKTP says why a member may not use gate yet: the text to send, or "" when they may.
func (r *Runner) needsKTP(ctx context.Context, tx *store.Tx, msg catalog.Messages, m store.Member, gate, service string) (string, error) {
	if !slices.Contains(r.Rules.KTPRequiredFor, gate) {
		return "", nil
	}
	status, err := ktpStatus(ctx, tx, m.ID)
	if err != nil || status == ktpVerified {
		return "", err
	}
	return msg.KTPRequired(service, status), nil
}

// ktpGate stops a step of a flow when its service needs a verified KTP the member lacks.
func (c *Convo[T]) ktpGate(ctx context.Context, m store.Member, gate, service string) (Result, bool) {
	text, err := c.c.runner.needsKTP(ctx, c.Tx, c.Msg, m, gate, service)
	switch {
	case err != nil:
		return c.Fail(err), false
	case text != "":
		return c.Done(text), false
	}
	return Result{}, true
}

// ErrKTPTaken means the NIK is already verified for another member.
var ErrKTPTaken = errors.New("NIK is already verified for another member")

// DecideKTP approves or rejects (with a reason the member can act on) an open KTP
// verification inside the caller's transaction, and tells the member. by names the staff
// member ("cli", "wa:6281...", "web").
func DecideKTP(ctx context.Context, tx *store.Tx, id int64, approve bool, reason, by, lang string) (store.KTPVerification, error) {
	reason = strings.TrimSpace(reason)
	if !approve {
		if err := coop.CheckReason(reason); err != nil {
			return store.KTPVerification{}, fmt.Errorf("a rejection needs a reason: %w", err)
		}
	}
	v, err := tx.KTPVerification(ctx, id)
	if err != nil {
		return store.KTPVerification{}, err
	}
	if !v.Open() {
		return v, fmt.Errorf("KTP verification %s %w (it is %s)", v.No(), ErrNotPending, v.Status)
	}
	status := store.KTPRejected
	if approve {
		status, reason = store.KTPVerified, ""
		if _, err := tx.KTPVerifiedFor(ctx, v.NIK, v.MemberID); err == nil {
			return v, fmt.Errorf("KTP verification %s: NIK %s: %w", v.No(), ktp.Mask(v.NIK), ErrKTPTaken)
		} else if !errors.Is(err, store.ErrNotFound) {
			return v, err
		}
	}
	return settleKTP(ctx, tx, v, status, reason, by, lang)
}

// settleKTP records the decision on v and tells the member.
func settleKTP(ctx context.Context, tx *store.Tx, v store.KTPVerification, status store.KTPStatus, reason, by, lang string) (store.KTPVerification, error) {
	if err := tx.DecideKTP(ctx, v.ID, status, reason, by); err != nil {
		return v, err
	}
	v.Status, v.Reason, v.DecidedBy, v.DecidedAt = status, reason, by, tx.Now()
	m, err := tx.MemberByID(ctx, v.MemberID)
	if err != nil {
		return v, err
	}
	if status == store.KTPVerified {
		if n, err := ktp.Parse(v.NIK, tx.Now()); err == nil {
			if err := tx.SetMemberNIK(ctx, m.ID, v.NIK, n.Gender); err != nil {
				return v, err
			}
		}
	}
	return v, notify(ctx, tx, v.Branch, m.Phone, lang, func(msg catalog.Messages) string {
		if status == store.KTPVerified {
			return msg.KTPVerifiedNotice(v.No(), m.Name)
		}
		return msg.KTPRejectedNotice(v.No(), m.Name, reason)
	})
}

// toReview hands v to staff with a note (see catalog.Messages.KTPNote) and tells staff and member.
func (r *Runner) toReview(ctx context.Context, tx *store.Tx, v store.KTPVerification, note string) error {
	if err := tx.SendKTPToReview(ctx, v.ID, note); err != nil {
		return err
	}
	v.Status, v.Note = store.KTPReview, note
	m, err := tx.MemberByID(ctx, v.MemberID)
	if err != nil {
		return err
	}
	for _, phone := range r.Admins[v.Branch] {
		if err := notify(ctx, tx, v.Branch, phone, r.lang(""), func(msg catalog.Messages) string { return msg.AdminKTPToReview(v, m, note) }); err != nil {
			return err
		}
	}
	b, err := tx.Branch(ctx, v.Branch)
	if err != nil {
		return err
	}
	return notify(ctx, tx, v.Branch, m.Phone, r.lang(""), func(msg catalog.Messages) string { return msg.KTPToReviewNotice(v.No(), b.Name) })
}

// CheckKTP asks the aggregator about every verification waiting for it, outside any
// transaction (a call may take seconds), then records each answer: a full match is
// verified, anything less goes to staff, a failure is tried again with backoff until
// Rules.KTPAttempts calls have failed. It returns how many it settled or rescheduled.
func (r *Runner) CheckKTP(ctx context.Context, verifier ktp.Verifier) (int, error) {
	var due []store.KTPVerification
	err := r.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		due, err = tx.KTPDue(ctx, 20)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("check KTPs: %w", err)
	}
	for i, v := range due {
		ref := fmt.Sprintf("%s-%d", v.No(), v.Attempts+1)
		start := time.Now()
		match, callErr := verifier.Verify(ctx, ktp.Request{ReferenceID: ref, NIK: v.NIK, Name: v.Name, BirthDate: v.BirthDate})
		took := time.Since(start)
		if ctx.Err() != nil {
			return i, ctx.Err() // shutting down: this call is made again next time
		}
		err := r.DB.Update(ctx, func(tx *store.Tx) error {
			return r.recordKTPCheck(ctx, tx, v.ID, ref, took, match, callErr)
		})
		if err != nil {
			return i, fmt.Errorf("check KTP %s: %w", v.No(), err)
		}
	}
	return len(due), nil
}

func (r *Runner) recordKTPCheck(ctx context.Context, tx *store.Tx, id int64, ref string, took time.Duration, match ktp.Match, callErr error) error {
	v, err := tx.KTPVerification(ctx, id)
	if err != nil {
		return err
	}
	check := store.KTPCheck{VerificationID: v.ID, ReferenceID: ref, At: tx.Now(), Duration: took,
		NIK: match.NIK, Name: match.Name, BirthDate: match.BirthDate}
	switch {
	case callErr != nil:
		callErr = maskedError{callErr} // a verifier may echo the NIK; it is logged and stored
		check.Outcome, check.Error = "error", callErr.Error()
	case match.Full():
		check.Outcome = "match"
	default:
		check.Outcome = "partial"
	}
	if err := tx.RecordKTPCheck(ctx, check); err != nil {
		return err
	}
	v.Attempts++
	log := zerolog.Ctx(ctx).With().Str("ktp", v.No()).Str("reference_id", ref).Str("outcome", check.Outcome).Logger()
	if v.Status != store.KTPChecking {
		log.Info().Str("status", string(v.Status)).Msg("KTP was decided while the aggregator was asked; its answer is only recorded.")
		return nil
	}
	switch {
	case callErr != nil && ktp.Temporary(callErr) && v.Attempts < r.Rules.ktpAttempts():
		next := tx.Now().Add(r.Rules.ktpBackoff() << (v.Attempts - 1))
		log.Warn().Err(callErr).Int("attempt", v.Attempts).Time("next_at", next).Msg("KTP aggregator did not answer; asking again later.")
		return tx.RetryKTPAt(ctx, v.ID, next)
	case callErr != nil:
		log.Error().Err(callErr).Int("attempt", v.Attempts).Msg("KTP aggregator failed; staff will review the KTP.")
		note := "unreachable:" + strconv.Itoa(v.Attempts)
		var ce *ktp.CallError
		if errors.As(callErr, &ce) && !ce.Temporary && ce.Status != 0 {
			note = "refused:" + strconv.Itoa(ce.Status)
		}
		return r.toReview(ctx, tx, v, note)
	case match.Full():
		log.Info().Msg("KTP verified by the aggregator.")
		_, err := settleKTP(ctx, tx, v, store.KTPVerified, "", KTPByHTTP, r.lang(""))
		return err
	}
	var off []string
	for _, f := range []struct {
		ok   bool
		name string
	}{{match.NIK, "nik"}, {match.Name, "name"}, {match.BirthDate, "birth_date"}} {
		if !f.ok {
			off = append(off, f.name)
		}
	}
	log.Info().Strs("mismatch", off).Msg("KTP partly matched; staff will review it.")
	return r.toReview(ctx, tx, v, "mismatch:"+strings.Join(off, ","))
}

// PruneKTPPhotos deletes the photos of KTP verifications, and the KTP photos sent with
// membership applications, decided longer than retention ago, and returns how many it
// cleared. Only files inside MediaDir are removed: a path elsewhere is not kopbot's to delete.
func (r *Runner) PruneKTPPhotos(ctx context.Context, retention time.Duration) (int, error) {
	cutoff := r.Now().Add(-retention)
	n := 0
	err := r.DB.Update(ctx, func(tx *store.Tx) error {
		old, err := tx.KTPPhotosToDelete(ctx, cutoff, 200)
		if err != nil {
			return err
		}
		for _, v := range old {
			for _, p := range []string{v.KTPPhoto, v.SelfiePhoto} {
				if err := r.removeMedia(p); err != nil {
					return fmt.Errorf("delete photo of %s: %w", v.No(), err)
				}
			}
			if err := tx.KTPPhotosDeleted(ctx, v.ID); err != nil {
				return err
			}
		}
		apps, err := tx.ApplicationPhotosToDelete(ctx, cutoff, 200)
		if err != nil {
			return err
		}
		for _, p := range apps {
			if err := r.removeMedia(p.Path); err != nil {
				return fmt.Errorf("delete application photo of member %d: %w", p.MemberID, err)
			}
			if err := tx.ApplicationPhotoDeleted(ctx, p.MemberID); err != nil {
				return err
			}
		}
		n = len(old) + len(apps)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("delete KTP photos past retention: %w", err)
	}
	return n, nil
}

func (r *Runner) removeMedia(path string) error {
	if path == "" || r.MediaDir == "" {
		return nil
	}
	rel, err := filepath.Rel(r.MediaDir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return nil
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

func (rl Rules) ktpAttempts() int {
	if rl.KTPAttempts > 0 {
		return rl.KTPAttempts
	}
	return 4
}

func (rl Rules) ktpBackoff() time.Duration {
	if rl.KTPBackoff > 0 {
		return rl.KTPBackoff
	}
	return 30 * time.Second
}

// maskedError is an error whose text has every NIK in it masked.
type maskedError struct{ err error }

func (e maskedError) Error() string { return ktp.MaskAll(e.err.Error()) }
func (e maskedError) Unwrap() error { return e.err }
