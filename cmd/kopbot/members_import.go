package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// Bringing in a cooperative's existing members from a CSV file.

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")

func membersImport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "import", "Brings in a cooperative's existing members, with their savings accounts and opening\n"+
		"balances. Every row is checked first: one bad row and nothing is imported, with every problem\n"+
		"listed. The rows then go in 500 at a time, so members are answered meanwhile.\n"+
		"Columns (header row required, any order, any case): member_no, name, nik, phone (required);\n"+
		"birth_date, gender (L/P), address, occupation, joined_at, ceiling, wajib_paid_through (the\n"+
		"last month of simpanan wajib paid, 2026-11, or exempt; empty: owed from joining); and one\n"+
		"per savings product code (SP, SW, ...) holding that account's opening balance (empty: no\n"+
		"account). -dry-run lists what would be imported, or every problem. A FILE of - reads\n"+
		"standard input.", stderr)
	branchID := c.fs.String("branch", "", "`branch` the members belong to (default: the first branch)")
	dryRun := c.fs.Bool("dry-run", false, "check the file and say what would be imported, without importing")
	ctx, in, err := openImport(ctx, c, args, stdin, "import", "members.csv", branchID)
	if err != nil {
		return err
	}
	app, b, path := in.app, in.branch, in.path
	defer app.Close()
	loc := app.Config.Location()
	now := app.Now().In(loc)
	file := coop.ImportFile{CSV: in.body, Branch: b.ID, Today: calendarDay(now, loc), Progress: progressOn(stderr, "Importing members")}
	started := time.Now()
	var res coop.Import
	if *dryRun {
		err = inImport(ctx, app, true, func(tx *store.Tx) (err error) {
			res, err = coop.ImportMembers(ctx, tx, file, now)
			return err
		})
	} else { // in batches: members' messages are answered meanwhile
		res, err = coop.ImportMembersInBatches(ctx, app.DB, file, now, importBatch)
	}
	if err := importFailure("import", "members import", path, err, *dryRun); err != nil {
		return err
	}
	msg := "Imported members."
	if *dryRun {
		msg = "Checked a member import file; nothing was imported."
	}
	app.Log.Info().Int("members", res.Members).Int("accounts", res.Accounts).Int64("total", res.Total()).
		Dur("took", time.Since(started)).Str("file", path).Msg(msg)
	if *dryRun {
		if err := writeImportRows(stdout, res, loc); err != nil {
			return err
		}
	}
	return writeImportSummary(stdout, res.ImportResult, b, *dryRun)
}

// importInput is what an import command works on: its file, the app, the branch.
type importInput struct {
	path   string
	body   []byte
	app    *App // the caller closes it
	branch BranchConfig
}

// openImport parses an import command's flags and its one FILE (- reads stdin), reads the
// file, opens the app and finds the -branch given in branchID; what begins its errors.
func openImport(ctx context.Context, c *subcommand, args []string, stdin io.Reader, what, example string, branchID *string) (context.Context, importInput, error) {
	var in importInput
	var err error
	if in.path, err = c.parseOne(args, "file", example); err != nil {
		return ctx, in, err
	}
	if in.body, err = readInput(in.path, stdin); err != nil {
		return ctx, in, fmt.Errorf("%s: %w", what, err)
	}
	if ctx, in.app, err = c.open(ctx); err != nil {
		return ctx, in, err
	}
	if in.branch, err = in.app.branch(*branchID); err != nil {
		in.app.Close()
		return ctx, in, fmt.Errorf("%s: -branch: %w", what, err)
	}
	return ctx, in, nil
}

// inImport runs fn in one transaction, rolled back after (errDryRun) for a dry run.
func inImport(ctx context.Context, app *App, dryRun bool, fn func(tx *store.Tx) error) error {
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
}

// importFailure is what an import command (kopbot cmd, its errors said as what) says of
// err, nil when there is none or it is its dry run's rollback: a dry run lists every problem
// of a refused file, a real run the first MaxProblemsListed and how to see the rest.
func importFailure(what, cmd, path string, err error, dryRun bool) error {
	var problems *coop.ImportError
	switch {
	case errors.As(err, &problems) && dryRun:
		return fmt.Errorf("%s %s: %s", what, path, problems.List(-1))
	case errors.As(err, &problems) && len(problems.Problems) > coop.MaxProblemsListed:
		return fmt.Errorf("%s %s: %w\n(kopbot %s -dry-run lists every problem)", what, path, err, cmd)
	case err != nil && !errors.Is(err, errDryRun):
		return fmt.Errorf("%s %s: %w", what, path, err)
	}
	return nil
}

// writeImportRows lists, for a dry run, each member the file would bring in: when they
// joined, what they would owe of simpanan wajib today, their ceiling and each opening balance.
func writeImportRows(w io.Writer, res coop.Import, loc *time.Location) error {
	codes := make([]string, 0, len(res.Products))
	for _, p := range res.Products {
		codes = append(codes, p.Code)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "LINE\tMEMBER\tNAME\tJOINED\tSIMPANAN WAJIB TODAY\tCEILING\t%s\n", strings.Join(codes, "\t"))
	for k, r := range res.Rows {
		m := r.Member
		cells := make([]string, len(codes))
		for i, code := range codes {
			cells[i] = "-"
			for _, o := range r.Openings {
				if o.Product == code {
					cells[i] = parse.Rupiah(o.Amount)
				}
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Line, m.No, m.Name, m.JoinedAt.In(loc).Format(time.DateOnly),
			wajibToday(r.Wajib, res.Wajib[k]), parse.Rupiah(m.Ceiling), strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// wajibToday says what a member brought in would owe of simpanan wajib today.
func wajibToday(t store.WajibTerms, due store.WajibDue) string {
	switch {
	case t.Exempt:
		return "exempt"
	case due.Account.ProductCode == "":
		return "no account"
	case len(due.Unpaid) == 0:
		return "paid up"
	}
	return fmt.Sprintf("%s unpaid from %s", countOf(len(due.Unpaid), "month", "months"), due.Unpaid[0].Format("2006-01"))
}

// wajibStanding says, for members show, what a member owes of simpanan wajib today and,
// for one brought in, how far they had paid before; empty without a wajib account.
func wajibStanding(ctx context.Context, tx *store.Tx, m store.Member, loc *time.Location) (string, error) {
	due, ok, err := coop.WajibDue(ctx, tx, m, tx.Now().In(loc))
	if err != nil || !ok {
		return "", err
	}
	terms, err := tx.WajibTerms(ctx, m.ID)
	if err != nil {
		return "", err
	}
	if terms.Exempt {
		return "exempt: owes none", nil
	}
	s := "paid up"
	if n := len(due.Unpaid); n > 0 {
		months := due.Unpaid[0].Format("2006-01")
		if n > 1 {
			months += " to " + due.Unpaid[n-1].Format("2006-01")
		}
		s = fmt.Sprintf("%s unpaid (%s), %s", countOf(n, "month", "months"), months, parse.Rupiah(int64(n)*due.Monthly))
	}
	if !terms.PaidThrough.IsZero() {
		s += fmt.Sprintf("; paid through %s before kopbot", terms.PaidThrough.Format("2006-01"))
	}
	return s, nil
}

func writeImportSummary(w io.Writer, res store.ImportResult, b BranchConfig, dryRun bool) error {
	if dryRun {
		fmt.Fprintf(w, "Dry run: the file is good and nothing was imported. It would import %s into %s (%s), with %s:\n",
			countOf(res.Members, "member", "members"), b.ID, b.Name, countOf(res.Accounts, "savings account", "savings accounts"))
	} else {
		fmt.Fprintf(w, "Imported %s into %s (%s), with %s:\n",
			countOf(res.Members, "member", "members"), b.ID, b.Name, countOf(res.Accounts, "savings account", "savings accounts"))
	}
	// Text left, counts and money right, as on a ledger sheet.
	type line struct{ code, name, count, total string }
	lines := []line{}
	for _, p := range res.Products {
		lines = append(lines, line{p.Code, p.Name, countOf(p.Accounts, "account", "accounts"), parse.Rupiah(p.Total)})
	}
	lines = append(lines, line{"", "Total opening balance", "", parse.Rupiah(res.Total())})
	var wc, wn, wk, wt int
	for _, l := range lines {
		wc, wn = max(wc, len(l.code)), max(wn, utf8.RuneCountInString(l.name))
		wk, wt = max(wk, len(l.count)), max(wt, len(l.total))
	}
	for _, l := range lines {
		if _, err := fmt.Fprintf(w, "  %-*s  %-*s  %*s  %*s\n", wc, l.code, wn, l.name, wk, l.count, wt, l.total); err != nil {
			return err
		}
	}
	if !dryRun && res.Total() > 0 {
		fmt.Fprintln(w, "Opening balances are posted from the branch's equity account (journal kind \"opening\").")
	}
	return nil
}
