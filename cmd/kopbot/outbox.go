package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// outboxCommands are kopbot outbox: messages that failed for good, as on the back office's /outbox.
func outboxCommands() []command {
	return []command{
		{Name: "outbox", Doc: "messages to members that failed for good: list them, retry or cancel one",
			Notes: `retry and cancel are recorded in the audit log (outbox.retry, outbox.cancel) as -by's.
	kopbot serve sends a retried message at its sender's next round. Every subcommand takes
	-config FILE and -log-level LEVEL.`},
		{Group: "outbox", Name: "list", Args: "[-branch ID]", Run: noStdin(outboxList),
			Doc: "messages that failed for good, newest first, with why, and each branch's queue"},
		{Group: "outbox", Name: "retry", Args: "ID -by NAME", Run: noStdin(outboxRetry),
			Doc: "queue a failed message again, its tries from zero"},
		{Group: "outbox", Name: "cancel", Args: "ID -by NAME", Run: noStdin(outboxCancel),
			Doc: "give up on a failed message: it is never sent"},
	}
}

func outboxList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("outbox", "list", "Lists the messages that failed for good, newest first (phones masked), and each branch's queue.", stderr)
	branch := c.fs.String("branch", "", "only this branch's (default: every branch)")
	if err := c.parseNone(args); err != nil {
		return err
	}
	return c.view(ctx, func(ctx context.Context, tx *store.Tx, app *App) error {
		counts, err := tx.OutboxCountsByBranch(ctx)
		if err != nil {
			return err
		}
		failed, err := tx.FailedMessages(ctx, 1000, func(b string) bool { return *branch == "" || b == *branch })
		if err != nil {
			return err
		}
		return printOutbox(stdout, counts, failed, *branch, app)
	})
}

// printOutbox writes each branch's queue, then the failed messages.
func printOutbox(w io.Writer, counts []store.OutboxCounts, failed []store.FailedMessage, branch string, app *App) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "BRANCH\tQUEUED\tFAILED\tCANCELLED\tSENT")
	for _, c := range counts {
		if branch == "" || c.Branch == branch {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", c.Branch, c.Queued, c.Failed, c.Cancelled, c.Sent)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(failed) == 0 {
		fmt.Fprintln(w, "\nNo message failed.")
		return nil
	}
	loc := app.Config.Location()
	fmt.Fprintln(w)
	fmt.Fprintln(tw, "ID\tBRANCH\tTO\tLAST TRY\tTRIES\tWHY\tTEXT")
	for _, m := range failed {
		text := strings.Join(strings.Fields(m.Text), " ")
		if r := []rune(text); len(r) > 60 {
			text = string(r[:60]) + "…"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", m.ID, m.Branch, coop.MaskPhone(m.To), m.LastTry.In(loc).Format("2006-01-02 15:04"),
			m.Attempts, m.LastError, text)
	}
	return tw.Flush()
}

func outboxRetry(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return outboxDecide(ctx, "retry", args, stdout, stderr)
}

func outboxCancel(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return outboxDecide(ctx, "cancel", args, stdout, stderr)
}

// outboxDecide retries or cancels one failed message, as -by.
func outboxDecide(ctx context.Context, name string, args []string, stdout, stderr io.Writer) error {
	doc := "Queues a message that failed for good again, its tries counted from zero; kopbot serve sends it."
	decide, done := coop.RetryMessage, "Queued %s again: kopbot serve sends it at its next round.\n"
	if name == "cancel" {
		doc = "Gives up on a message that failed for good: it is marked cancelled, with who, and never sent."
		decide, done = coop.CancelMessage, "Cancelled %s: it will not be sent.\n"
	}
	c := newSubcommand("outbox", name, doc, stderr)
	by := c.fs.String("by", "cli", "`name` of the staff member, recorded in the audit log")
	arg, err := c.parseOne(args, "message ID (kopbot outbox list)", "12")
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("outbox %s: %q is not a message ID (a number from kopbot outbox list)", name, arg)
	}
	if *by = strings.TrimSpace(*by); *by == "" {
		return fmt.Errorf("outbox %s: -by is empty; say who decides", name)
	}
	err = c.update(ctx, "outbox "+name+" "+arg, func(ctx context.Context, tx *store.Tx, app *App) error {
		_, err := decide(ctx, tx, coop.Named(*by), id)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, done, coop.MessageSubject(id))
	return nil
}
