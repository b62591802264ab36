package coop

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/store"
)

// Who verifies a KTP, as config names them.
const (
	KTPByStaff = "manual" // staff review every request
	KTPByHTTP  = "http"   // a Dukcapil aggregator first; staff review what it does not fully match
)

// DecideKTP approves or rejects (with a reason the member can act on) an open KTP
// verification inside the caller's transaction, and tells the member. by names the staff
// member ("cli", "wa:6281...", "web").
func DecideKTP(ctx context.Context, tx *store.Tx, id int64, approve bool, reason string, by Actor, lang string) (store.KTPVerification, error) {
	reason = strings.TrimSpace(reason)
	if !approve {
		if err := CheckReason(reason); err != nil {
			return store.KTPVerification{}, fmt.Errorf("a rejection needs a reason: %w", err)
		}
	}
	v, err := tx.KTPVerification(ctx, id)
	if err != nil {
		return store.KTPVerification{}, err
	}
	if !v.Open() {
		return v, &Refusal{Code: NotPending, What: "KTP verification", Subject: v.No(), Status: string(v.Status), By: v.DecidedBy, At: v.DecidedAt}
	}
	status := store.KTPRejected
	if approve {
		status, reason = store.KTPVerified, ""
		if _, err := tx.KTPVerifiedFor(ctx, v.NIK, v.MemberID); err == nil {
			return v, &Refusal{Code: KTPTaken, What: "KTP verification", Subject: v.No(), Other: ktp.Mask(v.NIK)}
		} else if !errors.Is(err, store.ErrNotFound) {
			return v, err
		}
	}
	return settleKTP(ctx, tx, v, status, reason, by, lang)
}

// settleKTP records the decision on v and tells the member.
func settleKTP(ctx context.Context, tx *store.Tx, v store.KTPVerification, status store.KTPStatus, reason string, by Actor, lang string) (store.KTPVerification, error) {
	action := AuditKTPReject
	if status == store.KTPVerified {
		action = AuditKTPApprove
	}
	by, err := decided(ctx, tx, by, action, v.No(), v.Branch)
	if err != nil {
		return v, err
	}
	if err := tx.DecideKTP(ctx, v.ID, status, reason, string(by)); err != nil {
		return v, err
	}
	v.Status, v.Reason, v.DecidedBy, v.DecidedAt = status, reason, string(by), tx.Now()
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
	return v, Notify(ctx, tx, v.Branch, m.Phone, lang, func(msg catalog.Messages) string {
		if status == store.KTPVerified {
			return msg.KTPVerifiedNotice(v.No(), m.Name)
		}
		return msg.KTPRejectedNotice(v.No(), m.Name, reason)
	})
}

// toReview hands v to staff with a note (see catalog.Messages.KTPNote) and tells staff and member.
func (o *Office) toReview(ctx context.Context, tx *store.Tx, v store.KTPVerification, note string) error {
	if err := tx.SendKTPToReview(ctx, v.ID, note); err != nil {
		return err
	}
	v.Status, v.Note = store.KTPReview, note
	m, err := tx.MemberByID(ctx, v.MemberID)
	if err != nil {
		return err
	}
	if err := o.tellAdmins(ctx, tx, v.Branch, func(msg catalog.Messages) string { return msg.AdminKTPToReview(v, m, note) }); err != nil {
		return err
	}
	b, err := tx.Branch(ctx, v.Branch)
	if err != nil {
		return err
	}
	return Notify(ctx, tx, v.Branch, m.Phone, o.lang(""), func(msg catalog.Messages) string { return msg.KTPToReviewNotice(v.No(), b.Name) })
}

// CheckKTP asks the aggregator about every verification waiting for it, outside any
// transaction (a call may take seconds), then records each answer: a full match is
// verified, anything less goes to staff, a failure is tried again with backoff until
// Office.KTPAttempts calls have failed. It returns how many it settled or rescheduled.
func (o *Office) CheckKTP(ctx context.Context, verifier ktp.Verifier) (int, error) {
	var due []store.KTPVerification
	err := o.DB.View(ctx, func(tx *store.Tx) error {
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
		err := o.DB.Update(ctx, func(tx *store.Tx) error {
			return o.recordKTPCheck(ctx, tx, v.ID, ref, took, match, callErr)
		})
		if err != nil {
			return i, fmt.Errorf("check KTP %s: %w", v.No(), err)
		}
	}
	return len(due), nil
}

func (o *Office) recordKTPCheck(ctx context.Context, tx *store.Tx, id int64, ref string, took time.Duration, match ktp.Match, callErr error) error {
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
	case callErr != nil && ktp.Temporary(callErr) && v.Attempts < o.ktpAttempts():
		next := tx.Now().Add(o.ktpBackoff() << (v.Attempts - 1))
		log.Warn().Err(callErr).Int("attempt", v.Attempts).Time("next_at", next).Msg("KTP aggregator did not answer; asking again later.")
		return tx.RetryKTPAt(ctx, v.ID, next)
	case callErr != nil:
		log.Error().Err(callErr).Int("attempt", v.Attempts).Msg("KTP aggregator failed; staff will review the KTP.")
		note := "unreachable:" + strconv.Itoa(v.Attempts)
		var ce *ktp.CallError
		if errors.As(callErr, &ce) && !ce.Temporary && ce.Status != 0 {
			note = "refused:" + strconv.Itoa(ce.Status)
		}
		return o.toReview(ctx, tx, v, note)
	case match.Full():
		log.Info().Msg("KTP verified by the aggregator.")
		_, err := settleKTP(ctx, tx, v, store.KTPVerified, "", Actor(KTPByHTTP), o.lang(""))
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
	return o.toReview(ctx, tx, v, "mismatch:"+strings.Join(off, ","))
}

// PruneKTPPhotos deletes the photos of KTP verifications, and the KTP photos sent with
// membership applications, decided longer than retention ago, and returns how many it
// cleared. Only files inside MediaDir are removed: a path elsewhere is not kopbot's to delete.
func (o *Office) PruneKTPPhotos(ctx context.Context, retention time.Duration) (int, error) {
	return o.PruneKTPPhotosBefore(ctx, o.Now().Add(-retention))
}

// PruneKTPPhotosBefore is PruneKTPPhotos for the photos decided before cutoff.
func (o *Office) PruneKTPPhotosBefore(ctx context.Context, cutoff time.Time) (int, error) {
	n := 0
	err := o.DB.Update(ctx, func(tx *store.Tx) error {
		old, err := tx.KTPPhotosToDelete(ctx, cutoff, 200)
		if err != nil {
			return err
		}
		for _, v := range old {
			for _, p := range []string{v.KTPPhoto, v.SelfiePhoto} {
				if err := o.removeMedia(p); err != nil {
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
			if err := o.removeMedia(p.Path); err != nil {
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

func (o *Office) removeMedia(path string) error {
	if path == "" || o.MediaDir == "" {
		return nil
	}
	rel, err := filepath.Rel(o.MediaDir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return nil
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

func (o *Office) ktpAttempts() int {
	if o.KTPAttempts > 0 {
		return o.KTPAttempts
	}
	return DefaultKTPAttempts
}

func (o *Office) ktpBackoff() time.Duration {
	if o.KTPBackoff > 0 {
		return o.KTPBackoff
	}
	return DefaultKTPBackoff
}

// maskedError is an error whose text has every NIK in it masked.
type maskedError struct{ err error }

func (e maskedError) Error() string { return ktp.MaskAll(e.err.Error()) }
func (e maskedError) Unwrap() error { return e.err }
