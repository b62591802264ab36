package main

import (
	"context"
	"fmt"
	"io"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/qris"
	"github.com/kopbot/kopbot/store"
)

// runDemo loads the demo members, the demo's staff accounts and the work waiting for the
// branch into the configured database; running it again changes nothing.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("", "demo", "Loads the demo members, with a few months of history before today, into the configured\n"+
		"database; makes a demo manager (whose WhatsApp, "+DemoAdminPhone+", opens the admin menu), a teller\n"+
		"and, when there is none, an admin, printing their passwords once; and leaves work in every queue\n"+
		"of the back office, as members leave it. Running it again changes nothing. Not for a cooperative's\n"+
		"real database.", stderr)
	fs := c.fs
	branchID := fs.String("branch", "", "`branch` the demo members belong to (default: the first branch)")
	queues := fs.Bool("queues", true, "leave work in the back office's queues (false: the members and staff only)")
	if err := c.parseNone(args); err != nil {
		return err
	}
	app, err := openApp(ctx, c.common, stderr)
	if err != nil {
		return err
	}
	defer app.Close()
	b, err := app.branch(*branchID)
	if err != nil {
		return err
	}
	hash, err := flows.HashPIN(app.Runner.PINKeys, flows.DemoPIN)
	if err != nil {
		return err
	}
	added, err := app.DB.SeedDemo(ctx, b.ID, app.Now().In(app.Config.Location()), hash)
	if err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}
	// Agus Wijaya keeps a warung: the demo merchant for Terima QRIS and Saldo Soundbox.
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		for _, dm := range store.DemoMembers {
			if dm.Shop == "" {
				continue
			}
			m, err := tx.MemberByPhone(ctx, dm.Phone)
			if err != nil {
				return err
			}
			if err := tx.SetMerchant(ctx, m.ID, true, qris.DemoStatic(dm.Shop)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark the demo merchant: %w", err)
	}
	if added == 0 {
		fmt.Fprintf(stdout, "Demo members are already in %s.\n", app.DB.Path)
	} else {
		fmt.Fprintf(stdout, "Loaded %d demo members into %s (branch %s); their PIN is %s.\n", added, app.DB.Path, b.ID, flows.DemoPIN)
	}
	if err := addDemoStaff(ctx, app, b.ID, stdout); err != nil {
		return err
	}
	if err := writeDemoSecrets(app.Config.DataDir, stdout); err != nil {
		return err
	}
	filled := false
	if *queues {
		if filled, err = fillDemoQueues(ctx, app, b.ID); err != nil {
			return fmt.Errorf("fill the demo's queues: %w", err)
		}
	}
	if filled {
		fmt.Fprintln(stdout, "Work waits for the branch: a membership application, a loan application, a loan to pay out,\n"+
			"a deposit and a withdrawal, a KTP to review and a chat handed to staff.")
	}
	fmt.Fprintf(stdout, "Try a member:    kopbot chat -from 6281200000001\n"+
		"Try the staff:   kopbot serve, open http://%s and sign in as manajer (or kasir)\n"+
		"The admin menu:  kopbot chat -from %s, then type admin\n", app.Config.Web.Listen, DemoAdminPhone)
	return nil
}
