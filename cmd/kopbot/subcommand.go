package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kopbot/kopbot/store"
)

// subcommand is one command of the table, as it runs: its flags, and how to open the app.
type subcommand struct {
	fs     *flag.FlagSet
	common commonFlags
	stderr io.Writer
}

// parse reads flags wherever they are among the arguments (`reject REG-000001 -reason "..."`)
// and returns the other arguments.
func (c *subcommand) parse(args []string) ([]string, error) {
	var rest []string
	for {
		if err := c.fs.Parse(args); err != nil {
			return nil, err
		}
		left := c.fs.Args()
		if len(left) == 0 {
			return rest, nil
		}
		if n := len(args) - len(left); n > 0 && args[n-1] == "--" {
			return append(rest, left...), nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

// parseNone reads the flags of a command that takes no arguments, and refuses any: a
// config file given without -config would otherwise run kopbot on the built-in defaults.
func (c *subcommand) parseNone(args []string) error {
	rest, err := c.parse(args)
	if err != nil || len(rest) == 0 {
		return err
	}
	hint := ""
	if strings.HasSuffix(rest[0], ".yaml") || strings.HasSuffix(rest[0], ".yml") {
		hint = fmt.Sprintf("; for a config file write -config %s", rest[0])
	}
	return fmt.Errorf("%s takes no arguments (got %q)%s", c.fs.Name(), strings.Join(rest, " "), hint)
}

// open loads the config and database; ctx carries the logger.
func (c *subcommand) open(ctx context.Context) (context.Context, *App, error) {
	app, err := openApp(ctx, c.common, c.stderr)
	if err != nil {
		return ctx, nil, err
	}
	return app.Log.WithContext(ctx), app, nil
}

// openBranch is open for a command with -branch: a branch given must be in the config.
func (c *subcommand) openBranch(ctx context.Context, branch string) (context.Context, *App, error) {
	ctx, app, err := c.open(ctx)
	if err != nil || branch == "" {
		return ctx, app, err
	}
	if _, err := app.branch(branch); err != nil {
		app.Close()
		return ctx, nil, fmt.Errorf("%s: %w", c.fs.Name(), err)
	}
	return ctx, app, nil
}

// view opens the app and runs do in one read-only transaction.
func (c *subcommand) view(ctx context.Context, do func(ctx context.Context, tx *store.Tx, app *App) error) error {
	return c.inTx(ctx, false, "", do)
}

// update opens the app and runs do in one write transaction; what fails there is named by
// failing ("approve REG-000001: ...").
func (c *subcommand) update(ctx context.Context, failing string, do func(ctx context.Context, tx *store.Tx, app *App) error) error {
	return c.inTx(ctx, true, failing, do)
}

func (c *subcommand) inTx(ctx context.Context, write bool, failing string, do func(ctx context.Context, tx *store.Tx, app *App) error) error {
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	run := app.DB.View
	if write {
		run = app.DB.Update
	}
	err = run(ctx, func(tx *store.Tx) error { return do(ctx, tx, app) })
	if err != nil && failing != "" {
		return fmt.Errorf("%s: %w", failing, err)
	}
	return err
}

// openNoArgs reads the flags (up to the first argument) of a command that takes no
// arguments, and opens the app; an argument is refused as unexpected, after the usage, with
// hint (if any) saying what to do instead.
func (c *subcommand) openNoArgs(ctx context.Context, args []string, hint string) (context.Context, *App, error) {
	if err := c.fs.Parse(args); err != nil {
		return ctx, nil, err
	}
	if c.fs.NArg() > 0 {
		c.fs.Usage()
		return ctx, nil, fmt.Errorf("%s: unexpected %q%s", c.fs.Name(), strings.Join(c.fs.Args(), " "), hint)
	}
	return c.open(ctx)
}

// parseOne reads the flags and the one argument a command takes (what it is, and an example).
func (c *subcommand) parseOne(args []string, what, example string) (string, error) {
	rest, err := c.parse(args)
	if err != nil {
		return "", err
	}
	return c.oneArg(rest, what, example)
}

// oneArg checks that exactly one argument was given.
func (c *subcommand) oneArg(args []string, what, example string) (string, error) {
	switch {
	case len(args) == 0:
		c.fs.Usage()
		return "", fmt.Errorf("%s: give the %s, like %s", c.fs.Name(), what, example)
	case len(args) > 1:
		hint := ""
		if c.fs.Lookup("reason") != nil {
			hint = `; put the reason in quotes: -reason "..."`
		}
		return "", fmt.Errorf("%s: one %s at a time (got %q)%s", c.fs.Name(), what, strings.Join(args, " "), hint)
	}
	return strings.TrimSpace(args[0]), nil
}

// newSubcommand is the flag set of `kopbot GROUP NAME` (GROUP "" for a top-level command),
// with -config and -log-level; its usage is the table's synopsis and the given doc.
func newSubcommand(group, name, doc string, stderr io.Writer) *subcommand {
	c := newBareSubcommand(group, name, doc, stderr)
	c.common.register(c.fs)
	if cmd, ok := lookup(group, name); ok {
		c.common.create = cmd.Creates
	}
	return c
}

// newBareSubcommand is newSubcommand without -config and -log-level, for the commands that
// need neither config nor database.
func newBareSubcommand(group, name, doc string, stderr io.Writer) *subcommand {
	path := strings.TrimSpace(group + " " + name)
	synopsis := path
	if cmd, ok := lookup(group, name); ok && cmd.Args != "" {
		synopsis += " " + cmd.Args
	}
	c := &subcommand{fs: flag.NewFlagSet(path, flag.ContinueOnError), stderr: stderr}
	c.fs.SetOutput(stderr)
	c.fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: kopbot %s\n\n%s\n", synopsis, doc)
		flags := 0
		c.fs.VisitAll(func(*flag.Flag) { flags++ })
		if flags > 0 {
			fmt.Fprint(stderr, "\nFlags:\n")
			c.fs.PrintDefaults()
		}
	}
	return c
}

// countOf is n with the noun it counts: 1 member, 3 members.
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
