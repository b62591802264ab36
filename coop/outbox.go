package coop

import (
	"context"
	"errors"
	"fmt"

	"github.com/kopbot/kopbot/store"
)

// NotFailed refuses to retry or cancel a message that has not failed for good. Subject:
// the message ("message 12"); Status: what it is (queued, sent, cancelled).
const NotFailed RefusalCode = "not_failed"

// outboxError is an outbox refusal as one English sentence.
func (r *Refusal) outboxError() (string, bool) {
	if r.Code != NotFailed {
		return "", false
	}
	return fmt.Sprintf("%s has not failed (it is %s): only a message that failed for good can be retried or cancelled; nothing changed", r.Subject, r.Status), true
}

// MessageSubject names outbox message id as the audit log and refusals do: "message 12".
func MessageSubject(id int64) string { return fmt.Sprintf("message %d", id) }

// RetryMessage puts outbox message id, which failed for good, back in the queue to be sent
// at once, its tries counted from zero, and records in the audit log that by did. A message
// that has not failed is a NotFailed refusal; one that does not exist, store.ErrNotFound.
// The caller wakes the branch's sender after the transaction commits.
func RetryMessage(ctx context.Context, tx *store.Tx, by Actor, id int64) (store.OutMessage, error) {
	m, _, err := failedMessage(ctx, tx, by, AuditOutboxRetry, id)
	if err != nil {
		return m, err
	}
	if err := tx.RequeueFailed(ctx, id); err != nil {
		return m, err
	}
	m.Status, m.Attempts = store.OutQueued, 0
	return m, nil
}

// CancelMessage marks outbox message id, which failed for good, cancelled by by, so it is
// never sent, and records it in the audit log. Refusals as RetryMessage's.
func CancelMessage(ctx context.Context, tx *store.Tx, by Actor, id int64) (store.OutMessage, error) {
	m, by, err := failedMessage(ctx, tx, by, AuditOutboxCancel, id)
	if err != nil {
		return m, err
	}
	if err := tx.CancelFailed(ctx, id, string(by)); err != nil {
		return m, err
	}
	m.Status = store.OutCancelled
	return m, nil
}

// failedMessage reads message id, refuses it unless it failed for good, and records the
// decision action on it in the audit log; by comes back resolved to the staff account.
func failedMessage(ctx context.Context, tx *store.Tx, by Actor, action AuditAction, id int64) (store.OutMessage, Actor, error) {
	m, err := tx.OutMessageByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return m, by, fmt.Errorf("no %s: %w", MessageSubject(id), store.ErrNotFound)
	}
	if err != nil {
		return m, by, err
	}
	if m.Status != store.OutFailed {
		return m, by, &Refusal{Code: NotFailed, Subject: MessageSubject(id), Status: m.Status}
	}
	by, err = decidedWith(ctx, tx, by, action, MessageSubject(id), m.Branch, "to "+MaskPhone(m.To))
	return m, by, err
}
