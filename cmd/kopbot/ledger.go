package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// ledgerChecks are the invariants CheckLedger proves, in its order, with the kinds of
// violation that break each.
var ledgerChecks = []struct {
	name  string // in -json
	title string
	kinds []string
}{
	{"journals", "Every journal transaction's postings sum to zero, and it has at least two",
		[]string{store.ViolationJournalUnbalanced, store.ViolationJournalFewPostings}},
	{"balances", "Every account's balance equals the sum of its postings",
		[]string{store.ViolationBalanceMismatch}},
	{"savings", "No savings account is below zero, below what is held on it, or below its product's minimum",
		[]string{store.ViolationSavingsNegative, store.ViolationSavingsBelowHeld, store.ViolationSavingsBelowMinimum}},
	{"keys", "Every idempotency key is present and unique",
		[]string{store.ViolationKeyEmpty, store.ViolationKeyDuplicate}},
	{"total", "The whole ledger sums to zero",
		[]string{store.ViolationLedgerNotZero}},
	{"postings", "Every posting belongs to a journal transaction and an account that exist",
		[]string{store.ViolationPostingWithoutJournal, store.ViolationPostingWithoutAccount}},
	{"accruals", "Savings interest accrued and not yet posted is what the postings give; fees owed are the fees receivable",
		[]string{coop.ViolationAccrualMismatch, coop.ViolationFeesOwedMismatch}},
}

// checkOf names the check a kind of violation breaks; "other" for a kind this command does not know yet.
func checkOf(kind string) string {
	for _, c := range ledgerChecks {
		for _, k := range c.kinds {
			if k == kind {
				return c.name
			}
		}
	}
	return "other"
}

// maxListed is how many violations of one check the text report lists; -json lists them all.
const maxListed = 50

func ledgerCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("ledger", "check", "Proves the ledger's invariants on the live database and lists every violation,\n"+
		"with account numbers masked. Exit status 0 when all hold, 1 when any does not.", stderr)
	asJSON := c.fs.Bool("json", false, "write the report as one JSON object")
	ctx, app, err := c.openNoArgs(ctx, args, "")
	if err != nil {
		return err
	}
	defer app.Close()
	var r store.LedgerReport
	start := time.Now()
	if err := app.DB.View(ctx, func(tx *store.Tx) (err error) {
		if r, err = tx.CheckLedger(ctx); err != nil {
			return err
		}
		accruals, err := app.Office.CheckAccruals(ctx, tx)
		r.Violations = append(r.Violations, accruals...)
		return err
	}); err != nil {
		return err
	}
	app.Log.Debug().Dur("took", time.Since(start)).Int("violations", len(r.Violations)).Msg("Ledger checked.")
	if *asJSON {
		err = writeLedgerJSON(stdout, app.DB.Path, r)
	} else {
		err = writeLedgerText(stdout, app.DB.Path, r)
	}
	if err != nil {
		return err
	}
	if !r.OK() {
		return fmt.Errorf("ledger check: %s: the ledger does not hold", countOf(len(r.Violations), "violation", "violations"))
	}
	return nil
}

func writeLedgerText(w io.Writer, path string, r store.LedgerReport) error {
	byCheck := map[string][]store.Violation{}
	for _, v := range r.Violations {
		byCheck[checkOf(v.Kind)] = append(byCheck[checkOf(v.Kind)], v)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Ledger check of %s\n", path)
	fmt.Fprintf(&b, "Checked %s, %s and %s; all balances together: %s.\n\n",
		countOf(int(r.Journals), "journal transaction", "journal transactions"), countOf(int(r.Postings), "posting", "postings"),
		countOf(int(r.Accounts), "account", "accounts"), parse.Rupiah(r.Total))
	list := func(vs []store.Violation) {
		for i, v := range vs {
			if i == maxListed {
				fmt.Fprintf(&b, "    ... and %d more; kopbot ledger check -json lists them all\n", len(vs)-maxListed)
				break
			}
			fmt.Fprintf(&b, "    - %s\n", violationLine(v))
		}
	}
	for _, c := range ledgerChecks {
		vs := byCheck[c.name]
		if len(vs) == 0 {
			fmt.Fprintf(&b, "✓ %s\n", c.title)
			continue
		}
		fmt.Fprintf(&b, "✗ %s: %s\n", c.title, countOf(len(vs), "violation", "violations"))
		list(vs)
	}
	if vs := byCheck["other"]; len(vs) > 0 {
		fmt.Fprintf(&b, "✗ Other problems: %s\n", countOf(len(vs), "violation", "violations"))
		list(vs)
	}
	if r.OK() {
		fmt.Fprintf(&b, "\nAll %d checks hold.\n", len(ledgerChecks))
	} else {
		fmt.Fprintf(&b, "\n%s found; the check changed nothing.\n", countOf(len(r.Violations), "violation", "violations"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// violationLine is one violation for staff: its kind, what it concerns and what is wrong.
func violationLine(v store.Violation) string {
	var about []string
	if v.Account != "" {
		about = append(about, "account "+v.Account)
	}
	if v.Journal != "" {
		about = append(about, "journal "+strconv.Quote(v.Journal))
	}
	if len(about) == 0 {
		return v.Kind + ": " + v.Detail
	}
	return v.Kind + " (" + strings.Join(about, ", ") + "): " + v.Detail
}

// ledgerReportJSON is `ledger check -json`.
type ledgerReportJSON struct {
	OK         bool                `json:"ok"`
	Database   string              `json:"database"`
	Journals   int64               `json:"journals"`
	Postings   int64               `json:"postings"`
	Accounts   int64               `json:"accounts"`
	Total      int64               `json:"total"` // sum of all balances, credit positive
	Checks     []ledgerCheckJSON   `json:"checks"`
	Violations []ledgerViolationJS `json:"violations"`
}

type ledgerCheckJSON struct {
	Name       string `json:"name"`
	Title      string `json:"title"`
	OK         bool   `json:"ok"`
	Violations int    `json:"violations"`
}

type ledgerViolationJS struct {
	Check   string `json:"check"`
	Kind    string `json:"kind"`
	Account string `json:"account,omitempty"` // masked
	Journal string `json:"journal,omitempty"` // idempotency key
	Detail  string `json:"detail"`
}

func writeLedgerJSON(w io.Writer, path string, r store.LedgerReport) error {
	out := ledgerReportJSON{OK: r.OK(), Database: path, Journals: r.Journals, Postings: r.Postings, Accounts: r.Accounts,
		Total: r.Total, Violations: []ledgerViolationJS{}}
	count := map[string]int{}
	for _, v := range r.Violations {
		check := checkOf(v.Kind)
		count[check]++
		out.Violations = append(out.Violations, ledgerViolationJS{Check: check, Kind: v.Kind, Account: v.Account, Journal: v.Journal, Detail: v.Detail})
	}
	for _, c := range ledgerChecks {
		out.Checks = append(out.Checks, ledgerCheckJSON{Name: c.name, Title: c.title, OK: count[c.name] == 0, Violations: count[c.name]})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// ownAccountNames are the cooperative's own accounts as staff call them.
var ownAccountNames = map[string]string{
	store.AccountCash:             "Cash (kas)",
	store.AccountBank:             "Bank",
	store.AccountQRISSettlement:   "QRIS settlement",
	store.AccountSuspense:         "Suspense",
	store.AccountEquity:           "Equity",
	store.AccountIncome:           "Income",
	store.AccountInterestExpense:  "Interest expense",
	store.AccountTaxPayable:       "Tax payable",
	store.AccountFeeIncome:        "Fee income",
	store.AccountFeeReceivable:    "Fees receivable",
	store.AccountInsurancePayable: "Insurance payable",
	store.AccountSHUDistributed:   "SHU distributed",
	store.AccountReserve:          "Reserve (dana cadangan)",
	// An SHU fund's account goes by its own name: dana pendidikan pusat.
}

func ledgerBalances(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("ledger", "balances", "Shows each branch's own accounts (cash, bank, QRIS settlement, suspense, equity, income)\n"+
		"and its members' savings, deposits and loans outstanding, per product, as the ledger has them now.\n"+
		"Compare cash with the cash in the drawer and bank with the bank statement.", stderr)
	branchID := c.fs.String("branch", "", "only this `branch` (default: every branch in the config)")
	ctx, app, err := c.openNoArgs(ctx, args, " (to pick a branch: -branch ID)")
	if err != nil {
		return err
	}
	defer app.Close()
	branches := app.Config.Branches
	if *branchID != "" {
		b, err := app.branch(*branchID)
		if err != nil {
			return fmt.Errorf("ledger balances: %w", err)
		}
		branches = []BranchConfig{b}
	}
	books := make([]store.BranchBalances, 0, len(branches))
	var at time.Time
	if err := app.DB.View(ctx, func(tx *store.Tx) error {
		at = tx.Now()
		for _, b := range branches {
			bb, err := tx.BranchBalances(ctx, b.ID)
			if err != nil {
				return err
			}
			books = append(books, bb)
		}
		return nil
	}); err != nil {
		return err
	}
	var buf strings.Builder
	fmt.Fprintf(&buf, "Balances at %s\n", at.In(app.Config.Location()).Format("02-01-2006 15:04 MST"))
	for i, bb := range books {
		if err := writeBranchBalances(&buf, branches[i], bb); err != nil {
			return err
		}
	}
	buf.WriteString("\nCompare cash with the cash in the drawer, and bank with the bank statement.\n")
	_, err = io.WriteString(stdout, buf.String())
	return err
}

func writeBranchBalances(w io.Writer, b BranchConfig, bb store.BranchBalances) error {
	// Rows of name, account or count, amount; headings have no amount.
	var rows [][3]string
	row := func(name, what, amount string) { rows = append(rows, [3]string{name, what, amount}) }
	row("The cooperative's own accounts", "", "")
	if len(bb.Own) == 0 {
		row("  none in use yet", "", "")
	}
	for _, a := range bb.Own {
		name := ownAccountNames[a.Kind]
		if name == "" {
			name = a.Name
		}
		if a.Status != store.AccountActive {
			name += " (" + string(a.Status) + ")"
		}
		row("  "+name, a.Masked(), parse.Rupiah(a.Amount()))
	}
	row("Members' accounts", "", "")
	if len(bb.Members) == 0 {
		row("  none yet", "", "")
	}
	for _, t := range []struct{ kind, label string }{
		{store.AccountSavings, "Savings"}, {store.AccountDeposit, "Time deposits"}, {store.AccountLoan, "Loans outstanding"},
	} {
		var n, products int
		var sum int64
		for _, m := range bb.Members {
			if m.Kind != t.kind {
				continue
			}
			name := m.ProductName
			if name == "" {
				name = "(no product)"
			}
			row("  "+name, countOf(m.Accounts, "account", "accounts"), parse.Rupiah(m.Amount))
			n += m.Accounts
			sum += m.Amount
			products++
		}
		if products > 0 {
			row("  "+t.label+", total", countOf(n, "account", "accounts"), parse.Rupiah(sum))
		}
	}
	var wName, wWhat, wAmount int
	for _, r := range rows {
		if r[2] == "" {
			continue
		}
		wName, wWhat, wAmount = max(wName, utf8.RuneCountInString(r[0])), max(wWhat, len(r[1])), max(wAmount, len(r[2]))
	}
	var buf strings.Builder
	fmt.Fprintf(&buf, "\nBranch %s (%s)\n", b.ID, b.Name)
	for _, r := range rows {
		if r[2] == "" {
			fmt.Fprintf(&buf, "  %s\n", r[0])
			continue
		}
		pad := strings.Repeat(" ", wName-utf8.RuneCountInString(r[0]))
		fmt.Fprintf(&buf, "  %s%s  %-*s  %*s\n", r[0], pad, wWhat, r[1], wAmount, r[2])
	}
	_, err := io.WriteString(w, buf.String())
	return err
}
