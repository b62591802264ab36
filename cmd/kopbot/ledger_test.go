package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// ledgerRun runs `kopbot ledger ARGS -config config` and returns what it printed and its error.
func ledgerRun(t *testing.T, config string, args ...string) (string, error) {
	t.Helper()
	return kopbotCmd(t, config, "ledger "+args[0], args[1:]...)
}

// demoLedger is the demo database behind a test config, with a side connection for breaking it.
type demoLedger struct {
	config string
	raw    *sql.DB
}

func newDemoLedger(t *testing.T) demoLedger {
	t.Helper()
	config := testConfig(t)
	raw := rawConfigDB(t, config) // faults_test.go
	raw.SetMaxOpenConns(1)
	t.Cleanup(func() { raw.Close() })
	return demoLedger{config: config, raw: raw}
}

func (d demoLedger) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if _, err := d.raw.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// account returns the ID, number and balance of a demo member's account of a product.
func (d demoLedger) account(t *testing.T, phone, product string) (id int64, number string, balance int64) {
	t.Helper()
	const q = `SELECT a.id, a.number, a.balance FROM accounts a JOIN members m ON m.id = a.member_id JOIN products p ON p.id = a.product_id
		WHERE m.phone = ? AND p.code = ?`
	if err := d.raw.QueryRow(q, phone, product).Scan(&id, &number, &balance); err != nil {
		t.Fatalf("account %s of %s: %v", product, phone, err)
	}
	return id, number, balance
}

func (d demoLedger) cash(t *testing.T) (id int64, number string, balance int64) {
	t.Helper()
	const q = `SELECT id, number, balance FROM accounts WHERE member_id IS NULL AND kind = 'cash' AND branch_id = 'pusat'`
	if err := d.raw.QueryRow(q).Scan(&id, &number, &balance); err != nil {
		t.Fatalf("cash account: %v", err)
	}
	return id, number, balance
}

// post writes a journal transaction with its postings and balances, as the store would, but without its checks.
func (d demoLedger) post(t *testing.T, key string, postings map[int64]int64) {
	t.Helper()
	d.exec(t, `INSERT INTO journal (key, branch_id, kind, author_kind, at) VALUES (?, 'pusat', 'penarikan', 'admin', unixepoch())`, key)
	for account, amount := range postings {
		d.exec(t, `INSERT INTO postings (journal_id, account_id, amount) VALUES ((SELECT id FROM journal WHERE key = ?), ?, ?)`, key, account, amount)
		d.exec(t, `UPDATE accounts SET balance = balance + ? WHERE id = ?`, amount, account)
	}
}

// checkJSON runs `ledger check -json` and returns the report and the command's error.
func checkJSON(t *testing.T, config string) (ledgerReportJSON, error) {
	t.Helper()
	out, err := ledgerRun(t, config, "check", "-json")
	var r ledgerReportJSON
	if jerr := json.Unmarshal([]byte(out), &r); jerr != nil {
		t.Fatalf("ledger check -json wrote %q: %v", out, jerr)
	}
	return r, err
}

// wantViolation fails unless the failed check lists exactly the given kinds, the first naming account,
// and says so in its text, its JSON and its error; full account numbers never appear.
func wantViolation(t *testing.T, d demoLedger, number string, kinds ...string) {
	t.Helper()
	out, err := ledgerRun(t, d.config, "check")
	if err == nil {
		t.Fatalf("ledger check succeeded on a broken ledger:\n%s", out)
	}
	if want := countOf(len(kinds), "violation", "violations"); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %s", err, want)
	}
	masked := store.MaskNumber(number)
	line := ""
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, kinds[0]) {
			line = l
		}
	}
	if !strings.Contains(line, "account "+masked) {
		t.Errorf("no %s line naming account %s in:\n%s", kinds[0], masked, out)
	}
	if strings.Contains(out, number) {
		t.Errorf("the report shows the full account number %s:\n%s", number, out)
	}
	if n := strings.Count(out, "✓"); n != len(ledgerChecks)-len(failedChecks(kinds)) {
		t.Errorf("%d checks marked ✓, want %d:\n%s", n, len(ledgerChecks)-len(failedChecks(kinds)), out)
	}

	r, err := checkJSON(t, d.config)
	if err == nil || r.OK {
		t.Errorf("ledger check -json: ok %v, err %v; want a failure", r.OK, err)
	}
	var got []string
	for _, v := range r.Violations {
		got = append(got, v.Kind)
	}
	if strings.Join(got, ",") != strings.Join(kinds, ",") {
		t.Errorf("violations %v, want %v", got, kinds)
	}
	if len(r.Violations) > 0 && (r.Violations[0].Account != masked || r.Violations[0].Check != checkOf(kinds[0])) {
		t.Errorf("first violation %+v, want account %s in check %s", r.Violations[0], masked, checkOf(kinds[0]))
	}
	t.Logf("ledger check:\n%s", out)
}

func failedChecks(kinds []string) map[string]bool {
	out := map[string]bool{}
	for _, k := range kinds {
		out[checkOf(k)] = true
	}
	return out
}

func TestLedgerCheckDemo(t *testing.T) {
	config := testConfig(t)
	out, err := ledgerRun(t, config, "check")
	if err != nil {
		t.Fatalf("ledger check on the demo: %v\n%s", err, out)
	}
	if n := strings.Count(out, "✓"); n != len(ledgerChecks) || strings.Contains(out, "✗") {
		t.Errorf("want every check marked ✓:\n%s", out)
	}
	for _, want := range []string{"journal transactions", "postings", "accounts", "all balances together: Rp0", "All 7 checks hold."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	r, err := checkJSON(t, config)
	if err != nil || !r.OK || len(r.Violations) != 0 || len(r.Checks) != len(ledgerChecks) {
		t.Errorf("ledger check -json: %+v, err %v", r, err)
	}
	if r.Journals == 0 || r.Postings < 2*r.Journals || r.Accounts == 0 || r.Total != 0 {
		t.Errorf("counts: %+v", r)
	}
	t.Logf("ledger check on the demo:\n%s", out)
}

// Every kind the store reports is shown under one of the command's checks.
func TestLedgerChecksCoverEveryKind(t *testing.T) {
	for _, k := range []string{
		store.ViolationJournalUnbalanced, store.ViolationJournalFewPostings, store.ViolationBalanceMismatch,
		store.ViolationSavingsNegative, store.ViolationSavingsBelowHeld, store.ViolationSavingsBelowMinimum,
		store.ViolationKeyEmpty, store.ViolationKeyDuplicate, store.ViolationLedgerNotZero,
		store.ViolationPostingWithoutJournal, store.ViolationPostingWithoutAccount,
	} {
		if checkOf(k) == "other" {
			t.Errorf("violation kind %s belongs to no check", k)
		}
	}
}

// A lone posting in a journal of its own, its balance updated: money from nowhere.
func TestLedgerCheckUnbalancedJournal(t *testing.T) {
	d := newDemoLedger(t)
	id, number, _ := d.account(t, "6281200000001", "TAB")
	d.post(t, "lone-1", map[int64]int64{id: 5_000})
	wantViolation(t, d, number, store.ViolationJournalUnbalanced, store.ViolationLedgerNotZero)
	out, _ := ledgerRun(t, d.config, "check")
	if !strings.Contains(out, `journal "lone-1"`) || !strings.Contains(out, "Rp5.000") {
		t.Errorf("the unbalanced journal is not named with its amount:\n%s", out)
	}
}

func TestLedgerCheckBalanceMismatch(t *testing.T) {
	d := newDemoLedger(t)
	id, number, _ := d.account(t, "6281200000002", "TAB")
	d.exec(t, `UPDATE accounts SET balance = balance + 5000 WHERE id = ?`, id)
	wantViolation(t, d, number, store.ViolationBalanceMismatch, store.ViolationLedgerNotZero)
}

// The demo's Tabungan Sejahtera accounts were opened months ago; a withdrawal leaves one under its minimum.
func TestLedgerCheckBelowMinimum(t *testing.T) {
	d := newDemoLedger(t)
	id, number, balance := d.account(t, "6281200000003", "TAB")
	cash, _, _ := d.cash(t)
	d.post(t, "withdraw-1", map[int64]int64{id: -(balance - 10_000), cash: balance - 10_000})
	wantViolation(t, d, number, store.ViolationSavingsBelowMinimum)
}

func TestLedgerCheckBelowHeld(t *testing.T) {
	d := newDemoLedger(t)
	id, number, balance := d.account(t, "6281200000004", "TAB")
	d.exec(t, `UPDATE accounts SET held = ? WHERE id = ?`, balance+1, id)
	wantViolation(t, d, number, store.ViolationSavingsBelowHeld)
}

// Rina opens Tabungan Sejahtera today and pays in less than its minimum: she has 30 days to reach it.
func TestLedgerCheckNewAccountUnderMinimum(t *testing.T) {
	config := testConfig(t)
	ctx := context.Background()
	db, _ := openTestDB(t, config)
	err := db.Update(ctx, func(tx *store.Tx) error {
		a, err := openAccountOf(ctx, tx, "6281200000005", "TAB")
		if err != nil {
			return err
		}
		cash, err := tx.SystemAccount(ctx, "pusat", store.AccountCash)
		if err != nil {
			return err
		}
		_, _, err = tx.Post(ctx, store.Entry{Key: "rina-first", Branch: "pusat", Kind: store.KindCashDeposit, AuthorKind: store.AuthorAdmin,
			Postings: []store.Posting{{Account: a.ID, Amount: 10_000}, {Account: cash.ID, Amount: -10_000}}})
		return err
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	if out, err := ledgerRun(t, config, "check"); err != nil {
		t.Errorf("a new account under its minimum fails the check: %v\n%s", err, out)
	}
}

func TestLedgerCheckFlags(t *testing.T) {
	config := testConfig(t)
	if _, err := ledgerRun(t, config, "check", "extra"); err == nil || !strings.Contains(err.Error(), "extra") {
		t.Errorf("ledger check extra: err = %v", err)
	}
	if _, err := ledgerRun(t, config, "audit"); err == nil || !strings.Contains(err.Error(), "audit") {
		t.Errorf("ledger audit: err = %v", err)
	}
}

func TestLedgerBalances(t *testing.T) {
	d := newDemoLedger(t)
	_, cashNumber, cashBalance := d.cash(t)
	out, err := ledgerRun(t, d.config, "balances")
	if err != nil {
		t.Fatalf("ledger balances: %v\n%s", err, out)
	}
	var savings, loans int64
	if err := d.raw.QueryRow(`SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE member_id IS NOT NULL AND kind = 'savings'`).Scan(&savings); err != nil {
		t.Fatal(err)
	}
	if err := d.raw.QueryRow(`SELECT COALESCE(-SUM(balance), 0) FROM accounts WHERE member_id IS NOT NULL AND kind = 'loan'`).Scan(&loans); err != nil {
		t.Fatal(err)
	}
	cashLine := ""
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "Cash") {
			cashLine = l
		}
	}
	if !strings.Contains(cashLine, store.MaskNumber(cashNumber)) || !strings.HasSuffix(cashLine, " "+parse.Rupiah(-cashBalance)) {
		t.Errorf("cash line %q, want %s with %s", cashLine, store.MaskNumber(cashNumber), parse.Rupiah(-cashBalance))
	}
	for _, want := range []string{"Branch pusat (Kantor Pusat)", "Income",
		"Savings, total", parse.Rupiah(savings), "Time deposits, total", "Rp10.000.000", "Loans outstanding, total", parse.Rupiah(loans)} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, cashNumber) {
		t.Errorf("full account number %s shown:\n%s", cashNumber, out)
	}
	// Reading the balances opened none of the branch's missing own accounts.
	var n int
	if err := d.raw.QueryRow(`SELECT COUNT(*) FROM accounts WHERE member_id IS NULL`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d own accounts after ledger balances, want the demo's 2 (cash, income)", n)
	}
	if _, err := ledgerRun(t, d.config, "balances", "-branch", "nowhere"); err == nil || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("ledger balances -branch nowhere: err = %v", err)
	}
	t.Logf("ledger balances:\n%s", out)
}

// A mistyped data_dir is refused by the commands that read a database, which create
// nothing there; a command that starts a database (demo) still may.
func TestCommandsRefuseAMissingDatabase(t *testing.T) {
	config := writeConfig(t, "")
	cfg, err := LoadConfigFile(config)
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"ledger check", "members list", "jobs list"} {
		_, err := kopbotCmd(t, config, cmd)
		wantError(t, cmd, err, "no database at "+cfg.DatabasePath(), "kopbot demo", "data_dir")
	}
	_, err = kopbotCmd(t, config, "backup", filepath.Join(t.TempDir(), "copy.db"))
	wantError(t, "backup", err, "no database at")
	if _, err := os.Stat(cfg.DataDir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the refused commands left %s behind (stat: %v)", cfg.DataDir, err)
	}
	mustCmd(t, config, "demo", "-queues=false")
	wantContains(t, "ledger check on the demo", mustCmd(t, config, "ledger check"), "checks hold")
}
