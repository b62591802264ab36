package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// decideCommand is a staff decision on something a member asked for, read from the command
// line as `kopbot GROUP NAME NO [-by NAME] [-reason "..."]`: deposits verify|cancel,
// withdrawals pay|reject, ktp approve|reject, members loan-approve|loan-reject.
type decideCommand struct {
	Group, Name   string // kopbot GROUP NAME
	Doc           string
	What, Example string        // what the number is, and one: "deposit number", "SET-000001"
	Ref           store.RefKind // the kind of number it takes
	Refusal       bool          // a refusal, which needs -reason
	ReasonExample string        // a reason the member can act on, for the error that asks for one
	NoBy          bool          // the decision is recorded as by cli, with no -by flag
	ListCmd       string        // the command that lists the numbers, named when one is not found
	Subject       string        // what a failure is about, before the number (default: GROUP NAME)
}

// decision is what the command line said.
type decision struct {
	cmd    *subcommand
	ID     int64
	No     string // the number as given
	By     string // who decides: -by, default cli
	Reason string // trimmed; empty unless a refusal
}

// parse reads and checks the arguments; every problem names the command.
func (d decideCommand) parse(args []string, stderr io.Writer) (decision, error) {
	c := newSubcommand(d.Group, d.Name, d.Doc, stderr)
	var by, reason *string
	if !d.NoBy {
		by = c.fs.String("by", "cli", "`name` of the staff member who decides, recorded with the decision")
	}
	if d.Refusal {
		reason = c.fs.String("reason", "", "why, in words the member can act on (required)")
	}
	arg, err := c.parseOne(args, d.What, d.Example)
	if err != nil {
		return decision{}, err
	}
	out := decision{cmd: c, No: arg, By: "cli"}
	if out.ID, err = d.Ref.ParseID(arg); err != nil {
		return decision{}, fmt.Errorf("%s %s: %w", d.Group, d.Name, err)
	}
	if reason != nil {
		if err := checkReason(*reason, "member", d.ReasonExample); err != nil {
			return decision{}, fmt.Errorf("%s %s: %w", d.Group, d.Name, err)
		}
		out.Reason = strings.TrimSpace(*reason)
	}
	if by != nil {
		if out.By = strings.TrimSpace(*by); out.By == "" {
			return decision{}, fmt.Errorf("%s %s: -by is empty; say who decides", d.Group, d.Name)
		}
	}
	return out, nil
}

// run reads the command line, opens the app and, in one transaction, applies the decision
// and reads the member it concerns (apply returns their ID). A failure names the subject
// and the number, with a refusal or a missing number explained (decidedError).
func (d decideCommand) run(ctx context.Context, args []string, stderr io.Writer,
	apply func(ctx context.Context, tx *store.Tx, app *App, dec decision) (memberID int64, err error)) (decision, store.Member, error) {
	dec, err := d.parse(args, stderr)
	if err != nil {
		return dec, store.Member{}, err
	}
	ctx, app, err := dec.cmd.open(ctx)
	if err != nil {
		return dec, store.Member{}, err
	}
	defer app.Close()
	var m store.Member
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		id, err := apply(ctx, tx, app, dec)
		if err != nil || id == 0 { // 0: a decision about no member in particular (a request for a second approval, rejected)
			return err
		}
		m, err = tx.MemberByID(ctx, id)
		return err
	})
	if err != nil {
		subject := d.Subject
		if subject == "" {
			subject = d.Group + " " + d.Name
		}
		return dec, m, fmt.Errorf("%s %s: %w", subject, store.NewRef(d.Ref, dec.ID), decidedError(err, app.Config.Location(), d.ListCmd))
	}
	return dec, m, nil
}

// decidedError says, in the cooperative's time zone, who decided something before, or why
// it cannot be decided (coop's refusals the command line words itself, refusalText); other
// errors pass unchanged, a missing number with the command that lists them (if listCmd).
func decidedError(err error, loc *time.Location, listCmd string) error {
	var refused *coop.Refusal
	if errors.As(err, &refused) && (refused.Code == coop.NotPending || refused.Code == coop.KTPTaken) {
		return errors.New(refusalText(refused, loc))
	}
	if listCmd != "" && errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%w (%s lists them)", err, listCmd)
	}
	return err
}

// checkReason is coop's rule for a reason the member is told (coop.CheckReason), in the
// command line's words: who reads it, and an example of one they can act on.
func checkReason(reason, who, example string) error {
	err := coop.CheckReason(reason)
	var r *coop.Refusal
	switch {
	case err == nil:
		return nil
	case !errors.As(err, &r):
		return err
	case r.Got == 0:
		return fmt.Errorf("-reason is required: the %s is told why, like -reason %q", who, example)
	}
	return fmt.Errorf("-reason %q is too short: write at least %d letters the %s can act on, like -reason %q", reason, r.Min, who, example)
}
