package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kopbot/kopbot/store"
)

const phrasesDoc = `Lists what members wrote that the bot did not understand (it answered "Maaf, kami belum
mengerti"), most often first, over the last -days days: each phrase normalised (lower case,
spaces collapsed), long numbers masked (••••), with how often, on how many days, and when it
was last written. Nothing typed where a PIN was asked is ever counted. Use it to find the
words members use that the bot should know.`

// runPhrases prints the phrases the bot most often did not understand.
func runPhrases(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("", "phrases", phrasesDoc, stderr)
	branch := c.fs.String("branch", "", "only this branch's `id` (default: every branch)")
	days := c.fs.Int("days", 30, "the period: this many `days`, today included")
	top := c.fs.Int("top", 20, "at most this many `phrases`")
	asCSV := c.fs.Bool("csv", false, "write CSV (phrase, count, days, last_seen) instead of a table")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		c.fs.Usage()
		return fmt.Errorf("phrases: unexpected %q", strings.Join(rest, " "))
	}
	if *days < 1 || *days > 3650 {
		return fmt.Errorf("phrases: -days %d is out of range; write 1 to 3650", *days)
	}
	if *top < 1 || *top > 1000 {
		return fmt.Errorf("phrases: -top %d is out of range; write 1 to 1000", *top)
	}
	ctx, app, err := c.openBranch(ctx, *branch)
	if err != nil {
		return err
	}
	defer app.Close()
	loc := app.Config.Location()
	today := app.Now().In(loc)
	since := time.Date(today.Year(), today.Month(), today.Day()-(*days-1), 0, 0, 0, 0, loc)
	var list []store.PhraseCount
	if err := app.DB.View(ctx, func(tx *store.Tx) (err error) {
		list, err = tx.TopMisunderstood(ctx, *branch, since, *top)
		return err
	}); err != nil {
		return err
	}
	if *asCSV {
		w := csv.NewWriter(stdout)
		_ = w.Write([]string{"phrase", "count", "days", "last_seen"})
		for _, p := range list {
			_ = w.Write([]string{p.Phrase, strconv.FormatInt(p.Count, 10), strconv.Itoa(p.Days), p.LastSeen.In(loc).Format(time.RFC3339)})
		}
		w.Flush()
		return w.Error()
	}
	where := "every branch"
	if *branch != "" {
		where = "branch " + *branch
	}
	period := fmt.Sprintf("%s to %s, %s", since.Format(time.DateOnly), today.Format(time.DateOnly), where)
	if len(list) == 0 {
		fmt.Fprintf(stdout, "No phrases not understood (%s).\n", period)
		return nil
	}
	fmt.Fprintf(stdout, "Phrases the bot did not understand, most often first (%s):\n\n", period)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "COUNT\tDAYS\tLAST SEEN\t  PHRASE")
	for _, p := range list {
		// The phrase is the last cell: free text does not line up in a column.
		fmt.Fprintf(tw, "%d\t%d\t%s\t  %s\n", p.Count, p.Days, p.LastSeen.In(loc).Format("2006-01-02 15:04"), p.Phrase)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%s.\n", countOf(len(list), "phrase", "phrases"))
	return nil
}
