package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

func membersStatement(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "statement", "Writes a member's statement (rekening koran) as a PDF: every account of theirs with its\n"+
		"opening balance, each movement, totals and closing balance over the period, account numbers\n"+
		"masked but their last 4 digits. It is the PDF members get on WhatsApp with \"mutasi\".", stderr)
	fromFlag := c.fs.String("from", "", "the first `day` of the period, like 2026-11-01 (default: the first of this month)")
	toFlag := c.fs.String("to", "", "the last `day` of the period, included (default: today)")
	out := c.fs.String("o", "", "write the PDF to this `file` (default: under the data directory, in media/statements)")
	lang := c.fs.String("lang", "", "the `language` of the statement: id or en (default: from config)")
	no, err := c.parseOne(args, "member number", "01.00000")
	if err != nil {
		return err
	}
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	loc, now := app.Config.Location(), app.Now()
	from, end, err := statementPeriod(*fromFlag, *toFlag, now.In(loc))
	if err != nil {
		return fmt.Errorf("members statement: %w", err)
	}
	if *lang == "" {
		*lang = app.Config.Language
	}
	if *lang != "id" && *lang != "en" {
		return fmt.Errorf("members statement: -lang %q: write id or en", *lang)
	}
	var st coop.MemberStatement
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		m, err := memberByNo(ctx, tx, no)
		if err != nil {
			return err
		}
		st, err = coop.StatementOf(ctx, tx, app.Config.Cooperative.Name, m, from, end, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("members statement: %w", err)
	}
	path, err := writeStatementTo(*out, app.Config.MediaDir(), st, *lang, loc)
	if err != nil {
		return fmt.Errorf("members statement: %w", err)
	}
	fmt.Fprintf(stdout, "Statement of %s %s, %s to %s (%s): %s\n", st.Member.No, st.Member.Name, from.Format(time.DateOnly),
		end.Add(-time.Nanosecond).In(loc).Format(time.DateOnly), countOf(len(st.Accounts), "account", "accounts"), path)
	return nil
}

// statementPeriod reads -from and -to (days, both included) as the period's first instant
// and its end: midnight after the last day, or now when that is later than now.
func statementPeriod(fromText, toText string, now time.Time) (from, end time.Time, err error) {
	loc := now.Location()
	from = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	if strings.TrimSpace(fromText) != "" {
		if from, err = parse.Date(fromText, loc); err != nil {
			return from, end, fmt.Errorf("-from: %w", err)
		}
	}
	end = now
	if strings.TrimSpace(toText) != "" {
		last, err := parse.Date(toText, loc)
		if err != nil {
			return from, end, fmt.Errorf("-to: %w", err)
		}
		end = last.AddDate(0, 0, 1)
	}
	if end.After(now) {
		end = now
	}
	if !end.After(from) {
		return from, end, fmt.Errorf("the period from %s ends before it begins", from.Format(time.DateOnly))
	}
	return from, end, nil
}

// writeStatementTo writes the statement to file, or where WhatsApp's copies go when file is "".
func writeStatementTo(file, mediaDir string, st coop.MemberStatement, lang string, loc *time.Location) (string, error) {
	if file == "" {
		return coop.WriteStatement(mediaDir, st, lang, loc)
	}
	pdf, err := coop.StatementPDF(st, lang, loc)
	if err != nil {
		return "", err
	}
	if dir := filepath.Dir(file); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return "", err
		}
	}
	return file, os.WriteFile(file, pdf, 0o640)
}
