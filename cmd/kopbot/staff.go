package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// staffCommands are kopbot staff (the back office's accounts) and kopbot audit.
func staffCommands() []command {
	return []command{
		{Name: "staff", Doc: "staff accounts of the back office: add, list, disable, reset a password",
			About: `Named staff accounts: a teller works at the counter of their branches, a manager also
	decides and reads the audit log, an admin is the cooperative's, every branch. They sign in
	to the admin web pages with their username and password; their WhatsApp number (-phone)
	links their admin menu to the same account, and -by USERNAME on the command line names them.`,
			Notes: `Every subcommand takes -config FILE and -log-level LEVEL. A password is read from the
	terminal twice without echo, or from standard input with -password-stdin (one line); it has
	at least 10 characters.`},
		{Group: "staff", Name: "add", Creates: true, Args: `USERNAME -name "..." -role teller|manager|admin [-branches A,B] [-phone 62...] [-password-stdin] [-by NAME]`,
			Run: withStdin(staffAdd), Doc: "add a staff account (a teller or manager names their branches)"},
		{Group: "staff", Name: "list", Run: noStdin(staffList), Doc: "every staff account, its role, branches, phone and state"},
		{Group: "staff", Name: "disable", Args: "USERNAME [-by NAME]", Run: noStdin(staffDisable),
			Doc: "turn an account off: its sessions end, its phone no longer names it"},
		{Group: "staff", Name: "reset-password", Args: "USERNAME [-password-stdin] [-by NAME]", Run: withStdin(staffResetPassword),
			Doc: "give an account a new password; its lockout and sessions end"},
		{Group: "staff", Name: "reset-pin", Args: "USERNAME|62... -by ADMIN", Run: noStdin(staffResetPIN),
			Doc: "forget a staff member's own PIN of the admin menu, and its lockout; they choose a new one (an admin only)"},
		{Name: "audit", Args: "[-branch ID] [-staff USERNAME] [-from DATE] [-to DATE] [-csv]", Run: noStdin(runAudit),
			Doc: "the audit log: who decided what, on which member or account, when, from where"},
	}
}

// readPassword reads a new password: from the terminal twice without echo, or one line of
// stdin with fromStdin.
func readPassword(stdin io.Reader, stderr io.Writer, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read the password: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", errors.New("the password is read from a terminal; in a script use -password-stdin")
	}
	var twice [2]string
	for i, prompt := range []string{"Password: ", "The same password again: "} {
		fmt.Fprint(stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("read the password: %w", err)
		}
		twice[i] = string(b)
	}
	if twice[0] != twice[1] {
		return "", errors.New("the two passwords differ; nothing changed")
	}
	return twice[0], nil
}

func staffAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c := newSubcommand("staff", "add", "Adds a staff account.", stderr)
	name := c.fs.String("name", "", "the person's `name`, as staff know them")
	role := c.fs.String("role", "", "`teller`, manager or admin")
	branches := c.fs.String("branches", "", "the branches they work at, `A,B` (an admin sees every branch)")
	phone := c.fs.String("phone", "", "their WhatsApp `number`, 62..., linking their admin menu to this account")
	pwStdin := c.fs.Bool("password-stdin", false, "read the password from standard input (one line)")
	by := c.fs.String("by", "", "who adds it (a username or a name)")
	username, err := c.parseOne(args, "username", "siti")
	if err != nil {
		return err
	}
	n := coop.NewStaff{Username: username, Name: *name, Role: store.StaffRole(strings.TrimSpace(*role)), Branches: splitList(*branches)}
	if *phone != "" {
		if n.Phone, err = parse.Phone(*phone); err != nil {
			return fmt.Errorf("staff add: -phone: %w", err)
		}
	}
	if n.Password, err = readPassword(stdin, stderr, *pwStdin); err != nil {
		return fmt.Errorf("staff add: %w", err)
	}
	return c.update(ctx, "staff add "+username, func(ctx context.Context, tx *store.Tx, app *App) error {
		s, err := coop.AddStaff(ctx, tx, n, coop.Named(*by))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Added %s (%s), %s of %s. They sign in to the admin pages as %s.\n", s.Username, s.Name, s.Role, branchesText(s), s.Username)
		return nil
	})
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func branchesText(s store.StaffAccount) string {
	if s.Role == store.RoleAdmin {
		return "every branch"
	}
	return strings.Join(s.Branches, ", ")
}

func staffList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("staff", "list", "Lists the staff accounts.", stderr)
	if err := c.parseNone(args); err != nil {
		return err
	}
	return c.view(ctx, func(ctx context.Context, tx *store.Tx, app *App) error {
		all, err := tx.StaffAccounts(ctx)
		if err != nil {
			return err
		}
		if len(all) == 0 {
			fmt.Fprintln(stdout, "No staff accounts yet: kopbot staff add USERNAME -name \"...\" -role admin adds the first.")
			return nil
		}
		for _, s := range all {
			state := "active"
			switch {
			case s.Disabled:
				state = "disabled"
			case app.Now().Before(s.LockedUntil):
				state = "locked until " + s.LockedUntil.In(app.Config.Location()).Format("15:04")
			}
			phone := s.Phone
			if phone == "" {
				phone = "-"
			} else if pin, err := staffPINState(ctx, tx, app, s); err != nil {
				return err
			} else if pin != "" {
				state += ", " + pin
			}
			fmt.Fprintf(stdout, "%-16s %-24s %-8s %-20s %-15s %s\n", s.Username, s.Name, s.Role, branchesText(s), phone, state)
		}
		return nil
	})
}

// staffPINState says when s's staff PIN (the admin menu's, on their WhatsApp number) is
// locked, and how to unlock it when only a reset does; "" when it is not locked.
func staffPINState(ctx context.Context, tx *store.Tx, app *App, s store.StaffAccount) (string, error) {
	until, err := tx.StaffPINLockedUntil(ctx, s.Phone)
	switch {
	case err != nil || !app.Now().Before(until):
		return "", err
	case until.Equal(store.PINLockedForGood):
		return "PIN locked until reset (kopbot staff reset-pin " + s.Username + " -by ADMIN)", nil
	}
	return "PIN locked until " + until.In(app.Config.Location()).Format("2006-01-02 15:04"), nil
}

func staffDisable(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("staff", "disable", "Turns a staff account off; its sessions end.", stderr)
	by := c.fs.String("by", "", "who turns it off (a username or a name)")
	username, err := c.parseOne(args, "username", "siti")
	if err != nil {
		return err
	}
	return c.update(ctx, "staff disable "+username, func(ctx context.Context, tx *store.Tx, app *App) error {
		if err := coop.DisableStaff(ctx, tx, username, coop.Named(*by)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Disabled %s: signed out everywhere, and their phone no longer names them.\n", username)
		return nil
	})
}

func staffResetPassword(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c := newSubcommand("staff", "reset-password", "Gives a staff account a new password.", stderr)
	pwStdin := c.fs.Bool("password-stdin", false, "read the password from standard input (one line)")
	by := c.fs.String("by", "", "who resets it (a username or a name)")
	username, err := c.parseOne(args, "username", "siti")
	if err != nil {
		return err
	}
	password, err := readPassword(stdin, stderr, *pwStdin)
	if err != nil {
		return fmt.Errorf("staff reset-password: %w", err)
	}
	return c.update(ctx, "staff reset-password "+username, func(ctx context.Context, tx *store.Tx, app *App) error {
		if err := coop.ResetStaffPassword(ctx, tx, username, password, coop.Named(*by)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Set a new password for %s; their sessions ended and any lockout is lifted.\n", username)
		return nil
	})
}

func staffResetPIN(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("staff", "reset-pin", "Forgets the PIN a staff member confirms admin-menu money actions with, and its lockout, at\n"+
		"every branch: the next time the admin menu asks for it, they choose a new one. Name a staff\n"+
		"account, or the WhatsApp number of an admin in the config. Only an admin (-by) may; it is in\n"+
		"the audit log, and the staff member is told on WhatsApp.", stderr)
	by := c.fs.String("by", "", "the admin's `USERNAME` who resets it (required)")
	who, err := c.parseOne(args, "username or number", "kopbot staff reset-pin sari -by hendra")
	if err != nil {
		return err
	}
	return c.update(ctx, "staff reset-pin "+who, func(ctx context.Context, tx *store.Tx, app *App) error {
		r, err := coop.ResetStaffPIN(ctx, tx, who, coop.Named(*by), app.Config.Language)
		if err != nil {
			return err
		}
		if len(r.Branches) == 0 {
			fmt.Fprintf(stdout, "%s has no staff PIN (never set, or reset already): nothing changed.\n", r.Subject)
			return nil
		}
		fmt.Fprintf(stdout, "Reset the staff PIN of %s at %s: they choose a new one the next time the admin menu asks for it; they are told on WhatsApp.\n",
			r.Subject, strings.Join(r.Branches, ", "))
		return nil
	})
}

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("", "audit", "Lists the audit log, newest first.", stderr)
	branch := c.fs.String("branch", "", "only this branch (`ID`)")
	staff := c.fs.String("staff", "", "only what this `USERNAME` did (or an actor as recorded: wa:62..., cli)")
	from := c.fs.String("from", "", "from this `DATE` (default: the first of this month)")
	to := c.fs.String("to", "", "to this `DATE`, included (default: today)")
	asCSV := c.fs.Bool("csv", false, "write CSV instead of a table")
	if err := c.parseNone(args); err != nil {
		return err
	}
	return c.view(ctx, func(ctx context.Context, tx *store.Tx, app *App) error {
		p, err := reportPeriod(*branch, *from, *to, app.Now(), app.Config.Location())
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		f := store.AuditFilter{Branch: *branch, Actor: coop.AuditActor(*staff), From: p.From, To: p.To.AddDate(0, 0, 1)}
		t, err := coop.AuditTable(ctx, tx, f, app.Config.Location())
		if err != nil {
			return err
		}
		if *asCSV {
			return t.WriteCSV(stdout)
		}
		return writeTableText(stdout, t, branchTitle(app, *branch))
	})
}
