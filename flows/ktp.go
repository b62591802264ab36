package flows

import (
	"context"
	"errors"
	"slices"

	"github.com/kopbot/kopbot/catalog"

	"github.com/kopbot/kopbot/store"
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
