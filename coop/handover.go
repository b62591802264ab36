package coop

import (
	"context"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/store"
)

// ReleaseHandover hands phone's chat with branch back to the bot, ending its open handover
// (store.ErrNotFound when there is none), and tells the member. by is the staff member;
// lang is the language for a member who chose none.
func ReleaseHandover(ctx context.Context, tx *store.Tx, branch, phone string, by Actor, lang string) (store.Handover, error) {
	h, err := tx.OpenHandover(ctx, branch, phone)
	if err != nil {
		return store.Handover{}, err
	}
	if by, err = decided(ctx, tx, by, AuditHandoverRelease, phone, branch); err != nil {
		return store.Handover{}, err
	}
	at := tx.Now()
	if err := tx.ReleaseHandover(ctx, h.ID, at, by.String(), store.HandoverByStaff); err != nil {
		return store.Handover{}, err
	}
	h.ReleasedAt, h.ReleasedBy, h.How = at, by.String(), store.HandoverByStaff
	return h, Notify(ctx, tx, branch, phone, lang, func(m catalog.Messages) string { return m.HandoverReleased() })
}
