package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/kopbot/kopbot/coop"

	"github.com/kopbot/kopbot/bot"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/web"
)

// ktpReviews lets staff review KTP verifications on the admin pages, through the same
// coop.DecideKTP as the admin menu on WhatsApp.
type ktpReviews struct {
	app *App
	bot *bot.Bot // wakes the branch's sender so the member hears at once; nil sends on its next round
}

var _ web.KTPReviews = ktpReviews{}

func (k ktpReviews) Waiting(ctx context.Context, lang string) ([]web.KTPReview, error) {
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
			note := ktpNote(lang, v.Note)
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

func (k ktpReviews) Decide(ctx context.Context, id int64, approve bool, reason string, by coop.Actor) (string, error) {
	var v store.KTPVerification
	err := k.app.DB.Update(ctx, func(tx *store.Tx) (err error) {
		v, err = coop.DecideKTP(ctx, tx, id, approve, reason, by, k.app.Config.Language)
		return err
	})
	var refused *coop.Refusal
	switch {
	case errors.Is(err, store.ErrNotFound):
		return "", inputError{fmt.Errorf("there is no KTP verification %d; nothing changed", id)}
	case errors.As(err, &refused):
		return "", refused // the page says it (web's refusalText)
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
