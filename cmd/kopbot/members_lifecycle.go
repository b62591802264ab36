package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// kopbot members change-phone, edit, ceiling, suspend, reactivate, leave, history: a
// member's record over their membership (coop/lifecycle.go, coop/leave.go).

// lifecycleCommand is one of these commands: its flags (with -by), the member number and
// the arguments after it, as staff type them.
type lifecycleCommand struct {
	*subcommand
	by *string
}

func newLifecycleCommand(name, doc string, stderr io.Writer) lifecycleCommand {
	c := newSubcommand("members", name, doc, stderr)
	return lifecycleCommand{c, c.fs.String("by", "cli", "`name` of the staff member who does it, recorded in the member's history")}
}

// args reads the flags, the member number and want arguments after it (what they are, for the error).
func (c lifecycleCommand) args(args []string, want int, what string) (string, []string, error) {
	rest, err := c.parse(args)
	if err != nil {
		return "", nil, err
	}
	if len(rest) != 1+want {
		c.fs.Usage()
		return "", nil, fmt.Errorf("%s: give %s", c.fs.Name(), what)
	}
	return strings.TrimSpace(rest[0]), rest[1:], nil
}

func (c lifecycleCommand) actor() coop.Actor { return coop.Named(*c.by) }

// run runs do on member no in one write transaction; an unknown number says where to find one.
func (c lifecycleCommand) run(ctx context.Context, no string, do func(ctx context.Context, tx *store.Tx, app *App) error) error {
	return c.update(ctx, c.fs.Name()+" "+no, func(ctx context.Context, tx *store.Tx, app *App) error {
		if _, err := memberByNo(ctx, tx, no); err != nil {
			return err
		}
		return do(ctx, tx, app)
	})
}

func membersChangePhone(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newLifecycleCommand("change-phone", "Changes a member's WhatsApp number, when they come in with their KTP. The old number's link\n"+
		"ends (whatever it was doing ends, and it is no member's number any more) and the PIN is\n"+
		"cleared: the member links the new number with Registrasi (1: NIK, birth date, a new PIN).\n"+
		"Both numbers are told. A number another member uses is refused.", stderr)
	no, rest, err := c.args(args, 1, "the member number and the new phone, like 01.00001 0812-3456-7890")
	if err != nil {
		return err
	}
	var m store.Member
	err = c.run(ctx, no, func(ctx context.Context, tx *store.Tx, app *App) (err error) {
		m, err = coop.ChangePhone(ctx, tx, no, rest[0], c.actor(), app.Config.Language)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s %s now has phone %s. Both numbers are told; the member links the new one with Registrasi (1) and a new PIN.\n", m.No, m.Name, m.Phone)
	return nil
}

func membersEdit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newLifecycleCommand("edit", "Corrects a member's data. Give only what changes; each change is kept in the member's history\n"+
		"(kopbot members history), a NIK masked. A NIK is checked as registration checks it, must\n"+
		"agree with the birth date and gender, and must be no other member's.", stderr)
	var e coop.MemberEdit
	flags := map[string]*string{}
	for _, f := range []struct{ name, usage string }{{"name", "the member's `name` as on the KTP"}, {"nik", "the `NIK` (16 digits)"},
		{"birth-date", "the birth `date`, YYYY-MM-DD"}, {"gender", "L or P"}, {"address", "the `address`"}, {"occupation", "the `occupation`"}} {
		flags[f.name] = new(string)
		c.fs.Func(f.name, f.usage, func(v string) error { *flags[f.name] = v; return nil })
	}
	no, _, err := c.args(args, 0, "the member number, like 01.00001 -address \"Jl. Melati 5\"")
	if err != nil {
		return err
	}
	set := map[string]bool{}
	c.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if err := editOf(&e, flags, set); err != nil {
		return err
	}
	var m store.Member
	var changes []store.MemberChange
	err = c.run(ctx, no, func(ctx context.Context, tx *store.Tx, app *App) (err error) {
		m, changes, err = coop.EditMember(ctx, tx, no, e, c.actor())
		return err
	})
	if err != nil {
		return err
	}
	if len(changes) == 0 {
		fmt.Fprintf(stdout, "%s %s already has that; nothing changed.\n", m.No, m.Name)
		return nil
	}
	fmt.Fprintf(stdout, "Changed %s %s:\n", m.No, m.Name)
	for _, ch := range changes {
		fmt.Fprintf(stdout, "  %s: %s -> %s\n", ch.Field, orDash(ch.Old), orDash(ch.New))
	}
	return nil
}

// editOf turns the edit flags given (set) into a MemberEdit; none given is an error.
func editOf(e *coop.MemberEdit, flags map[string]*string, set map[string]bool) error {
	if len(set) == 0 || len(set) == 1 && set["by"] {
		return errors.New("members edit: say what changes, like -address \"Jl. Melati 5\" or -occupation Pedagang")
	}
	pick := func(name string) *string {
		if set[name] {
			return flags[name]
		}
		return nil
	}
	e.Name, e.NIK, e.Gender, e.Address, e.Occupation = pick("name"), pick("nik"), pick("gender"), pick("address"), pick("occupation")
	if set["birth-date"] {
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(*flags["birth-date"]))
		if err != nil {
			return fmt.Errorf("members edit: -birth-date %q: write it like 1990-08-17", *flags["birth-date"])
		}
		e.BirthDate = &d
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func membersCeiling(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newLifecycleCommand("ceiling", "Sets a member's installment ceiling (plafon angsuran): the most their loans' installments\n"+
		"may take a month. AMOUNT \"default\" puts them back on members.default_ceiling.", stderr)
	no, rest, err := c.args(args, 1, "the member number and the ceiling, like 01.00001 2.500.000 (or default)")
	if err != nil {
		return err
	}
	var ceiling int64
	if !strings.EqualFold(rest[0], "default") {
		if ceiling, err = parse.Amount(rest[0]); err != nil {
			return fmt.Errorf("members ceiling: %w (write it like 2.500.000, or default)", err)
		}
	}
	var m store.Member
	var def int64
	err = c.run(ctx, no, func(ctx context.Context, tx *store.Tx, app *App) (err error) {
		def = app.Runner.Rules.DefaultCeiling
		m, err = coop.SetCeiling(ctx, tx, no, ceiling, c.actor())
		return err
	})
	if err != nil {
		return err
	}
	note := ""
	if m.Ceiling == 0 {
		note = " (the default)"
	}
	fmt.Fprintf(stdout, "%s %s: installment ceiling %s a month%s.\n", m.No, m.Name, parse.Rupiah(coop.InstallmentCeiling(m, def)), note)
	return nil
}

func membersSuspend(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return suspendOrReactivate(ctx, args, stdout, stderr, true)
}

func membersReactivate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return suspendOrReactivate(ctx, args, stdout, stderr, false)
}

func suspendOrReactivate(ctx context.Context, args []string, stdout, stderr io.Writer, suspend bool) error {
	name, doc := "reactivate", "Lifts a member's suspension; they are told they can use every service again."
	if suspend {
		name, doc = "suspend", "Suspends a member: on WhatsApp they can still check savings, deposits, loans and their profile,\n"+
			"but move no money (transfer, withdrawal, opening products, loans, QRIS) until reactivated.\n"+
			"They are told the reason."
	}
	c := newLifecycleCommand(name, doc, stderr)
	reason := c.fs.String("reason", "", "why, in words the member can act on (required to suspend)")
	no, _, err := c.args(args, 0, "the member number, like 01.00001")
	if err != nil {
		return err
	}
	if suspend {
		if err := checkReason(*reason, "member", "Tunggakan angsuran 3 bulan, hubungi kantor"); err != nil {
			return fmt.Errorf("members suspend: %w", err)
		}
	}
	var m store.Member
	err = c.run(ctx, no, func(ctx context.Context, tx *store.Tx, app *App) (err error) {
		if suspend {
			m, err = coop.Suspend(ctx, tx, no, *reason, c.actor(), app.Config.Language)
		} else {
			m, err = coop.Reactivate(ctx, tx, no, *reason, c.actor(), app.Config.Language)
		}
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s %s is %s. They are told on WhatsApp (%s).\n", m.No, m.Name, m.Status, m.Phone)
	return nil
}

func membersHistory(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "history", "Lists what staff changed on a member's record: when, who, which field, old -> new, and why.", stderr)
	no, err := c.parseOne(args, "member number", "01.00001")
	if err != nil {
		return err
	}
	return c.view(ctx, func(ctx context.Context, tx *store.Tx, app *App) error {
		if _, err := memberByNo(ctx, tx, no); err != nil {
			return err
		}
		m, changes, err := coop.MemberHistory(ctx, tx, no)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			fmt.Fprintf(stdout, "Nothing changed on %s %s's record since they joined.\n", m.No, m.Name)
			return nil
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "WHEN\tBY\tFIELD\tOLD\tNEW\tREASON")
		for _, ch := range changes {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", ch.At.In(app.Config.Location()).Format("2006-01-02 15:04"), ch.By, ch.Field,
				orDash(ch.Old), orDash(ch.New), ch.Reason)
		}
		return tw.Flush()
	})
}

func membersLeave(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c := newLifecycleCommand("leave", "Lets a member leave the cooperative. Shows what they are owed back: every savings account\n"+
		"(pokok, wajib, sukarela, tabungan) less each loan's payoff amount today and fees owed, then\n"+
		"asks to confirm. Loans are paid off from the savings, the rest is paid in cash (or -to bank),\n"+
		"every account is closed, the member is closed and told the figures on WhatsApp.", stderr)
	to := c.fs.String("to", "cash", "how the net is paid: cash, or bank (a transfer from the branch's bank account)")
	dryRun := c.fs.Bool("dry-run", false, "show what the member is owed back; change nothing")
	yes := c.fs.Bool("yes", false, "do it without asking")
	no, _, err := c.args(args, 0, "the member number, like 01.00001")
	if err != nil {
		return err
	}
	if *to != "cash" && *to != "bank" {
		return fmt.Errorf("members leave: -to %q: write cash or bank", *to)
	}
	op := coop.LeaveOp{By: c.actor(), ToBank: *to == "bank"}
	var quote catalog.Leave
	err = c.inTx(ctx, false, "leave "+no, func(ctx context.Context, tx *store.Tx, app *App) (err error) {
		if _, err := memberByNo(ctx, tx, no); err != nil {
			return err
		}
		quote, err = coop.LeaveQuote(ctx, tx, no, app.Now().In(app.Config.Location()), app.Runner.Rules.LateFeeBP)
		return err
	})
	if err != nil {
		return err
	}
	writeLeave(stdout, quote, op.ToBank)
	if *dryRun {
		fmt.Fprintln(stdout, "Dry run: nothing changed.")
		return nil
	}
	if !*yes && !confirmed(stdin, stdout, fmt.Sprintf("Let %s %s leave and pay %s? [y/N] ", quote.Member.No, quote.Member.Name, parse.Rupiah(quote.Net))) {
		fmt.Fprintln(stdout, "Nothing changed.")
		return nil
	}
	var done catalog.Leave
	err = c.run(ctx, no, func(ctx context.Context, tx *store.Tx, app *App) (err error) {
		op.Lang, op.LateFeeBP = app.Config.Language, app.Runner.Rules.LateFeeBP
		done, err = coop.Leave(ctx, tx, no, op, app.Now().In(app.Config.Location()))
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s %s has left the cooperative: %s paid %s, every account closed. They are told on WhatsApp (%s).\n",
		done.Member.No, done.Member.Name, parse.Rupiah(done.Net), map[bool]string{false: "in cash", true: "from the bank"}[done.ToBank], done.Member.Phone)
	return nil
}

// writeLeave prints what a leaving member is owed back, line by line.
func writeLeave(w io.Writer, l catalog.Leave, toBank bool) {
	fmt.Fprintf(w, "%s %s leaving on %s:\n", l.Member.No, l.Member.Name, l.Day.Format(time.DateOnly))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, a := range l.Savings {
		fmt.Fprintf(tw, "  %s %s\t%15s\n", a.ProductName, a.Masked(), parse.Rupiah(a.Amount()))
	}
	fmt.Fprintf(tw, "  Savings\t%15s\n", parse.Rupiah(l.Total))
	for _, ln := range l.Loans {
		fmt.Fprintf(tw, "  Loan %s paid off (principal %s, interest %s, late fees %s)\t%15s\n", ln.Account.Masked(),
			parse.Rupiah(ln.Principal), parse.Rupiah(ln.Interest), parse.Rupiah(ln.LateFees), "-"+parse.Rupiah(ln.Total))
	}
	if l.FeesOwed > 0 {
		fmt.Fprintf(tw, "  Administration fees owed\t%15s\n", "-"+parse.Rupiah(l.FeesOwed))
	}
	how := "in cash"
	if toBank {
		how = "by bank transfer"
	}
	fmt.Fprintf(tw, "  Paid to the member %s\t%15s\n", how, parse.Rupiah(l.Net))
	tw.Flush()
}

// confirmed asks question on stdout and reads a yes (y, yes, ya) from stdin.
func confirmed(stdin io.Reader, stdout io.Writer, question string) bool {
	fmt.Fprint(stdout, question)
	answer, _ := bufio.NewReader(stdin).ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(answer))
	return a == "y" || a == "yes" || a == "ya"
}
