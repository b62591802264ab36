package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// Four eyes on the command line: the teller commands it holds print the request's number
// (waiting), and kopbot approvals lists and decides the requests.

// waiting says that an operation waits for a second staff member, and how they approve it.
func waiting(w io.Writer, a store.Approval) {
	fmt.Fprintf(w, "Waiting for a second approval: %s (%s %s, %s). Nothing moved.\n", a.No(), kindText(a.Kind), a.Subject, parse.Rupiah(a.Amount))
	fmt.Fprintf(w, "Another staff member approves it: kopbot approvals approve %s -by NAME\n", a.No())
}

// kindText names an approval's operation in English.
func kindText(k store.ApprovalKind) string {
	return strings.ToLower(catalog.For("en").AdminApprovalKind(k))
}

// guarded is move for an operation four eyes may hold: when it waits for a second
// approval, it says so and held is true (nothing moved, the receipt is empty).
func (c *tellerCommand) guarded(ctx context.Context, stdout io.Writer, o coop.Operation) (r store.Receipt, held bool, err error) {
	var out coop.Outcome
	r, err = c.move(ctx, stdout, func(ctx context.Context, tx *store.Tx, app *App, op coop.TellerOp) (store.Receipt, error) {
		out, err = coop.Run(ctx, tx, app.Runner.Rules.FourEyes, op, o)
		return out.Receipt, err
	})
	if err == nil && out.Held() {
		waiting(stdout, out.Waiting)
	}
	return r, out.Held(), err
}

var approvalStatuses = []string{string(store.ApprovalPending), string(store.ApprovalApproved), string(store.ApprovalRejected), string(store.ApprovalExpired), "all"}

func approvalsList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("approvals", "list", "Lists the operations waiting for a second staff member's approval, oldest first (those past\n"+
		"four_eyes.expire_after are recorded as expired on the way), or those with another -status.", stderr)
	status := c.fs.String("status", "pending", "the `status` to list: "+strings.Join(approvalStatuses, ", "))
	branch := c.fs.String("branch", "", "only this branch's (default: every branch)")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("approvals list: unexpected %q", strings.Join(rest, " "))
	}
	if !slices.Contains(approvalStatuses, *status) {
		return fmt.Errorf("approvals list: -status %q is not a status (write one of %s)", *status, strings.Join(approvalStatuses, ", "))
	}
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	var list []store.Approval
	err = app.DB.Update(ctx, func(tx *store.Tx) (err error) {
		if list, err = coop.WaitingApprovals(ctx, tx, app.Runner.Rules.FourEyes, *branch); err != nil || *status == string(store.ApprovalPending) {
			return err
		}
		only := store.ApprovalStatus(*status)
		if *status == "all" {
			only = ""
		}
		list, err = tx.Approvals(ctx, *branch, only)
		return err
	})
	if err != nil {
		return fmt.Errorf("approvals list: %w", err)
	}
	if len(list) == 0 {
		fmt.Fprintf(stdout, "No %s approvals.\n", strings.ReplaceAll(*status, "all", "requests for"))
		return nil
	}
	loc := app.Config.Location()
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NO\tBRANCH\tOPERATION\tON\tAMOUNT\tASKED BY\tASKED\tSTATUS\tDECIDED BY\tNOTE")
	for _, a := range list {
		decided := ""
		if !a.DecidedAt.IsZero() {
			decided = a.Checker + " " + a.DecidedAt.In(loc).Format("2006-01-02 15:04")
		}
		note := a.Reason
		if a.JournalKey != "" {
			note = "key " + a.JournalKey
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.No(), a.Branch, kindText(a.Kind), a.Subject, parse.Rupiah(a.Amount),
			a.Maker, a.MadeAt.In(loc).Format("2006-01-02 15:04"), a.Status, decided, note)
	}
	return tw.Flush()
}

func approvalsDecide(ctx context.Context, name string, args []string, stdout, stderr io.Writer) error {
	cmd := decideCommand{Group: "approvals", Name: name, What: "approval number", Example: "APV-000001", Ref: store.RefApproval,
		ListCmd: "kopbot approvals list", Doc: "Approves an operation another staff member asked for: it runs now, once, as theirs, and\n" +
			"the approval records you as the checker. You cannot approve your own. -by is required."}
	if name == "reject" {
		cmd.Refusal, cmd.ReasonExample = true, "Anggota tidak hadir di kantor"
		cmd.Doc = "Turns down an operation waiting for approval; nothing moves. The staff member who asked is\n" +
			"told the reason on WhatsApp when they asked from there. -by is required."
	}
	var a store.Approval
	var out coop.Outcome
	_, m, err := cmd.run(ctx, args, stderr, func(ctx context.Context, tx *store.Tx, app *App, dec decision) (_ int64, err error) {
		checker := coop.Checker{By: coop.Named(dec.By), Lang: app.Config.Language, Loc: app.Config.Location(), LateFeeBP: app.Runner.Rules.LateFeeBP}
		if name == "approve" {
			a, out, err = coop.Approve(ctx, tx, app.Runner.Rules.FourEyes, dec.ID, checker)
			return out.Receipt.Member.ID, err
		}
		a, err = coop.RejectApproval(ctx, tx, app.Runner.Rules.FourEyes, dec.ID, dec.Reason, checker)
		return 0, err
	})
	if err != nil {
		return err
	}
	if name == "reject" {
		fmt.Fprintf(stdout, "Rejected %s (%s %s, %s, asked by %s). Nothing moved: %s\n", a.No(), kindText(a.Kind), a.Subject, parse.Rupiah(a.Amount), a.Maker, a.Reason)
		return nil
	}
	fmt.Fprintf(stdout, "Approved %s: %s %s, %s, asked by %s, booked as %s (journal key %s).\n", a.No(), kindText(a.Kind), a.Subject,
		parse.Rupiah(a.Amount), a.Maker, out.Receipt.Ref, a.JournalKey)
	toldLine(stdout, m)
	return nil
}

func approvalsApprove(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return approvalsDecide(ctx, "approve", args, stdout, stderr)
}

func approvalsReject(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return approvalsDecide(ctx, "reject", args, stdout, stderr)
}
