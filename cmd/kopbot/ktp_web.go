package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/kopbot/kopbot/coop"

	"github.com/kopbot/kopbot/bot"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/web"
)

// ktpReviews lets staff review KTP verifications on the admin pages, through the same
// flows.DecideKTP as the admin menu on WhatsApp.
type ktpReviews struct {
	app *App
	bot *bot.Bot // wakes the branch's sender so the member hears at once; nil sends on its next round
}

var _ web.KTPReviews = ktpReviews{}

// ktpWebLanguage is the language of the admin pages, so notes read as the page around them.
const ktpWebLanguage = "en"

func (k ktpReviews) Waiting(ctx context.Context) ([]web.KTPReview, error) {
	var out []web.KTPReview
	err := k.app.DB.View(ctx, func(tx *store.Tx) error {
		vs, err := tx.KTPVerifications(ctx, store.KTPOpen, -1)
		if err != nil {
			return err
		}
		for _, v := range vs {
			m, err := tx.MemberByID(ctx, v.MemberID)
			if err != nil {
				return fmt.Errorf("member of %s: %w", v.No(), err)
			}
			note := flows.KTPNoteText(ktpWebLanguage, v.Note)
			if note == "" {
				note = v.Note // a code this version does not know still says something
			}
			out = append(out, web.KTPReview{ID: v.ID, No: v.No(), Branch: v.Branch, Status: v.Status,
				MemberName: m.Name, MemberNo: m.No, MemberPhone: m.Phone, NIK: ktp.Mask(v.NIK), Name: v.Name,
				BirthDate: v.BirthDate, SentAt: v.CreatedAt, Note: note,
				KTPPhoto: v.KTPPhoto != "", SelfiePhoto: v.SelfiePhoto != "", Attempts: v.Attempts})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list KTP verifications for review: %w", err)
	}
	return out, nil
}

func (k ktpReviews) Photo(ctx context.Context, id int64, selfie bool) (string, error) {
	var v store.KTPVerification
	err := k.app.DB.View(ctx, func(tx *store.Tx) (err error) { v, err = tx.KTPVerification(ctx, id); return })
	switch {
	case errors.Is(err, store.ErrNotFound):
		return "", nil
	case err != nil:
		return "", err
	case selfie:
		return v.SelfiePhoto, nil
	}
	return v.KTPPhoto, nil
}

func (k ktpReviews) Decide(ctx context.Context, id int64, approve bool, reason string) (string, error) {
	if !approve && coop.CheckReason(reason) != nil {
		return "", inputError{fmt.Errorf("a rejection needs a reason of at least %d letters that tells the member what to do", coop.MinReasonLetters)}
	}
	var v store.KTPVerification
	err := k.app.DB.Update(ctx, func(tx *store.Tx) (err error) {
		v, err = flows.DecideKTP(ctx, tx, id, approve, reason, "web", k.app.Config.Language)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return "", inputError{fmt.Errorf("there is no KTP verification %d; nothing changed", id)}
	case errors.Is(err, flows.ErrNotPending):
		return "", inputError{fmt.Errorf("%s was already %s by %s at %s; nothing changed", v.No(), v.Status, v.DecidedBy,
			v.DecidedAt.In(k.app.Config.Location()).Format("2006-01-02 15:04"))}
	case errors.Is(err, flows.ErrKTPTaken):
		return "", inputError{fmt.Errorf("%s cannot be approved: NIK %s is already verified for another member; reject it, and look into it with the member",
			v.No(), ktp.Mask(v.NIK))}
	case err != nil:
		return "", fmt.Errorf("decide KTP verification %d: %w", id, err)
	}
	if k.bot != nil {
		if br, ok := k.bot.Branch(v.Branch); ok {
			br.Wake()
		}
	}
	return v.No(), nil
}
