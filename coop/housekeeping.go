package coop

import (
	"context"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/store"
)

// agesAt is the time housekeeping measures ages from: the run's time, but never later than
// the real clock, so a run as at a later time (-now) forgets and deletes nothing younger
// than its keep window really is. A dry run shows what the run at that time will do.
func (j *Jobs) agesAt(rep *JobReport) time.Time {
	if j.Clock != nil && !rep.DryRun {
		if real := j.Clock(); real.Before(rep.At) {
			return real
		}
	}
	return rep.At
}

// housekeeping ends quiet sessions (telling their members), hands back to the bot members
// whose handover nobody ended in time (telling them, after quiet hours), deletes KTP photos
// past their retention, closes QRIS invoices past their validity, forgets processed
// message IDs older than KeepProcessed and counts of phrases not understood on days older
// than KeepPhrases. A dry run lists or counts each of these and changes nothing.
func (j *Jobs) housekeeping(ctx context.Context, rep *JobReport) error {
	rep.AgesAt = j.agesAt(rep)
	if rep.DryRun {
		return j.each(ctx, rep, func(tx *store.Tx) error { return j.housekeepingPlan(ctx, tx, rep) })
	}
	n, err := j.Chats.ExpireSessions(ctx)
	if err != nil {
		return err
	}
	rep.SessionsEnded = n
	if rep.HandoversEnded, err = j.Chats.EndHandovers(ctx, j.Settings.QuietUntil(rep.At.In(j.Office.location()))); err != nil {
		return err
	}
	if j.Settings.KTPPhotoRetention > 0 {
		if rep.PhotosDeleted, err = j.Office.PruneKTPPhotosBefore(ctx, rep.AgesAt.Add(-j.Settings.KTPPhotoRetention)); err != nil {
			return err
		}
	}
	return j.Office.DB.Update(ctx, func(tx *store.Tx) error {
		if rep.InvoicesClosed, err = tx.ExpireInvoices(ctx, rep.AgesAt); err != nil {
			return err
		}
		if j.Settings.KeepProcessed > 0 {
			if rep.MessagesPruned, err = tx.PruneProcessed(ctx, rep.AgesAt.Add(-j.Settings.KeepProcessed)); err != nil {
				return err
			}
		}
		if j.Settings.KeepPhrases > 0 {
			if rep.PhrasesPruned, err = tx.PruneMisunderstood(ctx, rep.AgesAt.Add(-j.Settings.KeepPhrases).In(j.Office.location())); err != nil {
				return err
			}
		}
		zerolog.Ctx(ctx).Debug().Int64("invoices_closed", rep.InvoicesClosed).Int64("messages_pruned", rep.MessagesPruned).
			Int64("phrases_pruned", rep.PhrasesPruned).Msg("Housekeeping done.")
		return nil
	})
}

// housekeepingPlan fills a dry run's report with what housekeeping would do, by the same
// clock and cutoffs as the real run.
func (j *Jobs) housekeepingPlan(ctx context.Context, tx *store.Tx, rep *JobReport) error {
	at := rep.AgesAt
	stale, err := tx.StaleSessions(ctx, at.Add(-j.SessionTimeout), 500)
	if err != nil {
		return err
	}
	rep.SessionsEnded = len(stale)
	for _, s := range stale {
		rep.Stale = append(rep.Stale, QuietSession{Branch: s.Branch, Phone: MaskPhone(s.Phone), Flow: s.Flow, Since: s.UpdatedAt.In(j.Office.location())})
	}
	due, err := tx.HandoversDue(ctx, at, 500)
	if err != nil {
		return err
	}
	rep.HandoversEnded = len(due)
	if j.Settings.KTPPhotoRetention > 0 {
		if err := j.photosPlan(ctx, tx, rep, at.Add(-j.Settings.KTPPhotoRetention)); err != nil {
			return err
		}
	}
	var processed, phrases time.Time
	if j.Settings.KeepProcessed > 0 {
		processed = at.Add(-j.Settings.KeepProcessed)
	}
	if j.Settings.KeepPhrases > 0 {
		phrases = at.Add(-j.Settings.KeepPhrases).In(j.Office.location())
	}
	c, err := tx.CountHousekeeping(ctx, at, processed, phrases)
	rep.InvoicesClosed, rep.MessagesPruned, rep.PhrasesPruned = c.Invoices, c.Processed, c.Phrases
	return err
}

// photosPlan lists whose KTP photos PruneKTPPhotosBefore(cutoff) would delete.
func (j *Jobs) photosPlan(ctx context.Context, tx *store.Tx, rep *JobReport, cutoff time.Time) error {
	old, err := tx.KTPPhotosToDelete(ctx, cutoff, 200)
	if err != nil {
		return err
	}
	for _, v := range old {
		rep.Photos = append(rep.Photos, PhotoOwner{Verification: v.No()})
	}
	apps, err := tx.ApplicationPhotosToDelete(ctx, cutoff, 200)
	if err != nil {
		return err
	}
	for _, p := range apps {
		rep.Photos = append(rep.Photos, PhotoOwner{MemberID: p.MemberID})
	}
	rep.PhotosDeleted = len(rep.Photos)
	return nil
}
