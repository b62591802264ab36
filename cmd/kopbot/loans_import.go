package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// Bringing in the loans running in a cooperative's old books, after its members.

// importBatch is how many rows members import and loans import commit at a time (tests make it small).
var importBatch = coop.ImportBatch

func loansImport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c := newSubcommand("loans", "import", "Brings in the loans running in the old books, once the members are in (kopbot members\n"+
		"import): one bad row and nothing is imported, with every problem listed; a good file goes in\n"+
		"in batches, so members are answered meanwhile (a failed batch says from which line to resume).\n"+
		"Columns (header row required, any order, any case): member_no, product (a loan product code),\n"+
		"principal (as disbursed), tenor (months), rate (yearly, like 18%; empty or left out: the\n"+
		"product's), disbursed_at, installments_paid (how many), outstanding (the principal still owed\n"+
		"per the old books). kopbot makes each schedule again by the product's method, marks the\n"+
		"installments paid, refuses a row whose outstanding principal differs from the schedule's,\n"+
		"and posts what each loan owes against the branch's equity account (journal key\n"+
		"import-loan:MEMBER:DISBURSED:PRINCIPAL). The same loan again is refused. -dry-run lists\n"+
		"what would be imported, or every problem. A FILE of - reads standard input.", stderr)
	branchID := c.fs.String("branch", "", "`branch` whose members' loans these are (default: the first branch)")
	dryRun := c.fs.Bool("dry-run", false, "check the file and say what would be imported, without importing")
	by := c.fs.String("by", "cli", "`name` of the staff member bringing them in")
	ctx, in, err := openImport(ctx, c, args, stdin, "loans import", "loans.csv", branchID)
	if err != nil {
		return err
	}
	app, b, path := in.app, in.branch, in.path
	defer app.Close()
	file := coop.LoanImportFile{CSV: in.body, Branch: b.ID, Today: calendarDay(app.Now(), app.Config.Location()), By: coop.Named(strings.TrimSpace(*by)),
		Progress: progressOn(stderr, "Importing loans")}
	var res coop.LoanImport
	if *dryRun {
		err = inImport(ctx, app, true, func(tx *store.Tx) (err error) {
			res, err = coop.ImportLoans(ctx, tx, file)
			return err
		})
	} else { // in batches: members' messages are answered meanwhile
		res, err = coop.ImportLoansInBatches(ctx, app.DB, file, importBatch)
	}
	if err := importFailure("loans import", "loans import", path, err, *dryRun); err != nil {
		return err
	}
	msg := "Imported loans."
	if *dryRun {
		msg = "Checked a loan import file; nothing was imported."
	}
	app.Log.Info().Int("loans", len(res.Rows)).Int64("outstanding", res.Total).Str("file", path).Msg(msg)
	return writeLoanImport(stdout, res, b, *dryRun)
}

// readInput is the file at path, or standard input when path is -.
func readInput(path string, stdin io.Reader) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(path)
}

// calendarDay is t's date at midnight in loc.
func calendarDay(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// writeLoanImport lists each loan brought in (or that would be): its member, product, what
// it owes and its next installment, then the total.
func writeLoanImport(w io.Writer, res coop.LoanImport, b BranchConfig, dryRun bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LINE\tMEMBER\tNAME\tPRODUCT\tLOAN\tPAID\tOUTSTANDING\tNEXT DUE\tNEXT AMOUNT")
	for _, r := range res.Rows {
		account := "(new)"
		if !dryRun {
			account = r.Loan.Account.Number
		}
		next := r.Next()
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d/%d\t%s\t%s\t%s\n", r.Line, r.Member.No, r.Member.Name, r.Product.Code, account,
			r.Paid, len(r.Schedule), parse.Rupiah(r.Outstanding), next.Due.Format(time.DateOnly), parse.Rupiah(next.Total()))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	loans := countOf(len(res.Rows), "loan", "loans")
	if dryRun {
		_, err := fmt.Fprintf(w, "Dry run: the file is good and nothing was imported. It would bring in %s of %s (%s) owing %s.\n",
			loans, b.ID, b.Name, parse.Rupiah(res.Total))
		return err
	}
	_, err := fmt.Fprintf(w, "Imported %s of %s (%s) owing %s, posted against the branch's equity account (journal kind \"opening\").\n",
		loans, b.ID, b.Name, parse.Rupiah(res.Total))
	return err
}
