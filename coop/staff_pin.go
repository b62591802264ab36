package coop

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/store"
)

// StaffPINReset is what ResetStaffPIN did.
type StaffPINReset struct {
	Phone    string   // the staff member's WhatsApp number
	Subject  string   // as the audit log names them: their username, or their masked number
	Branches []string // where they had a staff PIN; none: nothing changed
}

// ResetStaffPIN forgets the staff PIN of who (a staff account's username, or the WhatsApp
// number of an admin named in the config) at every branch, with its lockout: the next
// admin-menu step that needs it asks them to choose a new one, as the first time. Only an
// admin's staff account may (by); each branch's reset is audited, and they are told there.
func ResetStaffPIN(ctx context.Context, tx *store.Tx, who string, by Actor, lang string) (StaffPINReset, error) {
	admin, err := onlyAdmin(ctx, tx, by)
	if err != nil {
		return StaffPINReset{}, err
	}
	r, err := staffPINHolder(ctx, tx, who)
	if err != nil {
		return r, err
	}
	if r.Branches, err = tx.ResetStaffPINs(ctx, r.Phone); err != nil {
		return r, err
	}
	for _, b := range r.Branches {
		if _, err := decided(ctx, tx, by, AuditStaffPINReset, r.Subject, b); err != nil {
			return r, err
		}
		err := Notify(ctx, tx, b, r.Phone, lang, func(m catalog.Messages) string { return m.StaffPINWasReset(admin.Name) })
		if err != nil {
			return r, fmt.Errorf("tell %s their staff PIN was reset: %w", r.Subject, err)
		}
	}
	return r, nil
}

// onlyAdmin is by's staff account when it is an active admin's; anyone else is refused.
func onlyAdmin(ctx context.Context, tx *store.Tx, by Actor) (store.StaffAccount, error) {
	resolved, err := Resolve(ctx, tx, by)
	if err != nil {
		return store.StaffAccount{}, err
	}
	username, ok := strings.CutPrefix(string(resolved), string(StaffAccount("")))
	if !ok {
		return store.StaffAccount{}, &Refusal{Code: AdminOnly, Subject: string(by)}
	}
	s, err := tx.Staff(ctx, username)
	if err != nil {
		return s, err
	}
	if s.Role != store.RoleAdmin {
		return s, &Refusal{Code: AdminOnly, Subject: s.Username, Status: string(s.Role)}
	}
	return s, nil
}

// staffPINHolder is whose staff PIN who names: a WhatsApp number as it is, a username by
// its account's number.
func staffPINHolder(ctx context.Context, tx *store.Tx, who string) (StaffPINReset, error) {
	who = strings.ToLower(strings.TrimSpace(who))
	if staffPhone.MatchString(who) {
		return StaffPINReset{Phone: who, Subject: MaskPhone(who)}, nil
	}
	s, err := tx.Staff(ctx, who)
	if errors.Is(err, store.ErrNotFound) {
		return StaffPINReset{}, fmt.Errorf("there is no staff account %q (name a username, or the WhatsApp number 62... of an admin in the config)", who)
	} else if err != nil {
		return StaffPINReset{}, err
	}
	if s.Phone == "" {
		return StaffPINReset{}, fmt.Errorf("staff account %s has no WhatsApp number, so no staff PIN: nothing to reset", s.Username)
	}
	return StaffPINReset{Phone: s.Phone, Subject: s.Username}, nil
}
