package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// DemoAdminPhone is the demo manager's WhatsApp number: from it, kopbot chat opens the
// branch's admin menu without any admins: in config (the staff account's phone is enough).
const DemoAdminPhone = "6281299990099"

// demoStaff is a staff account kopbot demo makes.
type demoStaff struct {
	Username, Name string
	Role           store.StaffRole
	Phone          string
	// OnlyFirstAdmin: made only when the database has no admin account yet.
	OnlyFirstAdmin bool
}

// demoStaffAccounts are the demo's staff: a manager with the demo admin phone and a teller,
// both of the demo branch, and an admin of the cooperative when there is none yet.
var demoStaffAccounts = []demoStaff{
	{Username: "manajer", Name: "Sari Wulandari", Role: store.RoleManager, Phone: DemoAdminPhone},
	{Username: "kasir", Name: "Tono Prasetyo", Role: store.RoleTeller},
	{Username: "pengurus", Name: "Hendra Gunawan", Role: store.RoleAdmin, OnlyFirstAdmin: true},
}

// demoManager is the demo account the demo's own decisions (a loan approved) are made by.
const demoManager = "manajer"

// randomPassword is 15 random letters and digits (base32: a-z, 2-7; 75 bits) in three
// groups: easy to type from the screen, shown once and kept nowhere but as a hash.
func randomPassword() string {
	t := strings.ToLower(rand.Text())
	return t[0:5] + "-" + t[5:10] + "-" + t[10:15]
}

// addDemoStaff makes the demo's staff accounts of branch and prints each new one with its
// password, once, after they are committed; an account already there is said to be there,
// with how to get a new password.
func addDemoStaff(ctx context.Context, app *App, branch string, stdout io.Writer) error {
	var said strings.Builder
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		said.Reset() // a transaction tried again says it all again
		all, err := tx.StaffAccounts(ctx)
		if err != nil {
			return err
		}
		printed := false
		for _, d := range demoStaffAccounts {
			if d.OnlyFirstAdmin && hasAdmin(all) && !slices.ContainsFunc(all, func(s store.StaffAccount) bool { return s.Username == d.Username }) {
				continue // the cooperative has its admin: the demo adds no other
			}
			if !printed {
				fmt.Fprintf(&said, "Staff accounts of the back office (branch %s); a password is shown only now, when it is made:\n", branch)
				printed = true
			}
			if err := addOneDemoStaff(ctx, tx, d, branch, app.Runner.Admins[branch], &said); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(stdout, said.String())
	return err
}

// addOneDemoStaff makes one demo account, or says it is there already. Its phone, unless
// one of the branch's configured admins (a number someone holds), is told things in kopbot chat.
func addOneDemoStaff(ctx context.Context, tx *store.Tx, d demoStaff, branch string, configured []string, stdout io.Writer) error {
	what := fmt.Sprintf("%s of %s", d.Role, branch)
	if d.Role == store.RoleAdmin {
		what = "admin of every branch"
	}
	if d.Phone != "" {
		what += ", WhatsApp " + d.Phone
	}
	if _, err := tx.Staff(ctx, d.Username); err == nil {
		fmt.Fprintf(stdout, "  %-9s %-42s already there (a new password: kopbot staff reset-password %s)\n", d.Username, what, d.Username)
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	n := coop.NewStaff{Username: d.Username, Name: d.Name, Role: d.Role, Phone: d.Phone, Password: randomPassword()}
	if d.Role != store.RoleAdmin {
		n.Branches = []string{branch}
	}
	if _, err := coop.AddStaff(ctx, tx, n, coop.Named("kopbot demo")); err != nil {
		return fmt.Errorf("demo staff account %s: %w", d.Username, err)
	}
	if d.Phone != "" && !slices.Contains(configured, d.Phone) {
		if err := chatOnly(ctx, tx, branch, d.Phone); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "  %-9s %-42s password: %s\n", d.Username, what, n.Password)
	return nil
}

// hasAdmin reports whether any active account is an admin of the cooperative.
func hasAdmin(all []store.StaffAccount) bool {
	for _, s := range all {
		if s.Role == store.RoleAdmin && !s.Disabled {
			return true
		}
	}
	return false
}

// chatOnly has what the bot tells phone (the demo admin phone: new applications, chats to
// answer) go to kopbot chat, not to WhatsApp, until phone writes on WhatsApp itself: the
// demo's number may be someone's.
func chatOnly(ctx context.Context, tx *store.Tx, branch, phone string) error {
	s, err := tx.Session(ctx, branch, phone)
	if err != nil || !s.New {
		return err
	}
	s.Transport = chatTransport
	return tx.SaveSession(ctx, s, tx.Now())
}
