package coop

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/kopbot/kopbot/store"
)

// OpensAdminMenu reports whether staff account s's WhatsApp number opens branch's admin
// menu: an active account of a manager or an admin that sees branch. A teller's does not:
// the admin menu decides applications, loans and disbursements, which are a manager's on
// the web too; tellers work the counter on the web's teller page or the CLI.
func OpensAdminMenu(s store.StaffAccount, branch string) bool {
	return !s.Disabled && s.Phone != "" && s.Role.Rank() >= store.RoleManager.Rank() && s.SeesBranch(branch)
}

// IsBranchAdmin reports whether phone is one of branch's admins on WhatsApp: a number of
// configured (the branch's admins: in config), or the phone of a staff account that
// opens the branch's admin menu (OpensAdminMenu).
func IsBranchAdmin(ctx context.Context, tx *store.Tx, configured []string, branch, phone string) (bool, error) {
	if slices.Contains(configured, phone) {
		return true, nil
	}
	s, err := tx.StaffByPhone(ctx, phone)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("is %s an admin of %s: %w", MaskPhone(phone), branch, err)
	}
	return OpensAdminMenu(s, branch), nil
}

// BranchAdmins are the WhatsApp numbers of branch's admins, who are told of new work:
// configured first, then the phones of staff accounts that open its admin menu.
func BranchAdmins(ctx context.Context, tx *store.Tx, configured []string, branch string) ([]string, error) {
	all, err := tx.StaffAccounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("the admins of %s: %w", branch, err)
	}
	phones := slices.Clone(configured)
	for _, s := range all {
		if OpensAdminMenu(s, branch) && !slices.Contains(phones, s.Phone) {
			phones = append(phones, s.Phone)
		}
	}
	return phones, nil
}
