package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// Opening a branch's books: its cash and bank when kopbot began keeping them.

// booksCommands are kopbot books: the branch's own books.
func booksCommands() []command {
	return []command{
		{Name: "books", Doc: "the branch's own books: its opening balances when kopbot begins keeping them",
			Notes: `Every subcommand takes -config FILE and -log-level LEVEL.`},
		{Group: "books", Name: "open", Creates: true, Args: "[-branch ID] -cash AMOUNT -bank AMOUNT [-by NAME]", Run: noStdin(booksOpen),
			Doc: "record the branch's opening cash and bank balances against its equity account, once"},
	}
}

func booksOpen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("books", "open", "Records a branch's opening balances, from the old books' last balance sheet: the cash in\n"+
		"the drawer (-cash) and the money in the bank (-bank), against the branch's equity account,\n"+
		"as one journal transaction (key books-open:BRANCH). Once per branch: a second time is\n"+
		"refused with what was recorded, when and by whom. Members' savings come in with\n"+
		"kopbot members import, the branch's loans outstanding with kopbot loans import.", stderr)
	branchID := c.fs.String("branch", "", "`branch` whose books open (default: the first branch)")
	cashArg := c.fs.String("cash", "", "the cash in the drawer, like 12.500.000 (default 0)")
	bankArg := c.fs.String("bank", "", "the bank balance, like 250jt (default 0)")
	by := c.fs.String("by", "cli", "`name` of the staff member recording them")
	ctx, app, err := c.openNoArgs(ctx, args, "")
	if err != nil {
		return err
	}
	defer app.Close()
	b, err := app.branch(*branchID)
	if err != nil {
		return fmt.Errorf("books open: -branch: %w", err)
	}
	o := coop.BranchOpening{Branch: b.ID, By: coop.Named(strings.TrimSpace(*by)), At: app.Now()}
	if o.Cash, err = openingAmount("cash", *cashArg); err != nil {
		return err
	}
	if o.Bank, err = openingAmount("bank", *bankArg); err != nil {
		return err
	}
	var done store.Posted
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		done, err = coop.OpenBooks(ctx, tx, o)
		if errors.Is(err, coop.BooksOpened) {
			// Say what is there, so staff can compare it with the balance sheet they hold.
			was, readErr := coop.BooksOpening(ctx, tx, b.ID)
			if readErr != nil {
				return errors.Join(err, readErr)
			}
			loc := app.Config.Location()
			return fmt.Errorf("the books of %s were opened already, on %s by %s, with cash %s and bank %s; nothing changed",
				b.ID, was.At.In(loc).Format("2006-01-02 15:04"), was.By, parse.Rupiah(was.Cash), parse.Rupiah(was.Bank))
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("books open: %w", err)
	}
	app.Log.Info().Str("branch", b.ID).Int64("cash", o.Cash).Int64("bank", o.Bank).Str("by", o.By.String()).Msg("Opened a branch's books.")
	return writeBooksOpened(stdout, coop.OpeningOf(done), b, app.Config.Location())
}

// openingAmount reads -cash or -bank: empty or 0 is nothing, otherwise an amount as staff write it.
func openingAmount(flag, v string) (int64, error) {
	v = strings.TrimSpace(v)
	if v == "" || strings.Trim(v, "0") == "" {
		return 0, nil
	}
	n, err := parse.Amount(v)
	if err != nil {
		return 0, fmt.Errorf("books open: -%s: %w", flag, err)
	}
	return n, nil
}

func writeBooksOpened(w io.Writer, o coop.BranchOpening, b BranchConfig, loc *time.Location) error {
	fmt.Fprintf(w, "Opened the books of %s (%s) on %s:\n", b.ID, b.Name, o.At.In(loc).Format("2006-01-02 15:04"))
	// Money right-aligned, as on a ledger sheet.
	width := len(parse.Rupiah(o.Cash + o.Bank))
	fmt.Fprintf(w, "  Cash              %*s\n", width, parse.Rupiah(o.Cash))
	fmt.Fprintf(w, "  Bank              %*s\n", width, parse.Rupiah(o.Bank))
	fmt.Fprintf(w, "  Equity, credited  %*s\n", width, parse.Rupiah(o.Cash+o.Bank))
	_, err := fmt.Fprintf(w, "Journal key %s. Members' savings come in with kopbot members import, loans outstanding with kopbot loans import.\n", store.KeyBooksOpen.Key(b.ID))
	return err
}
