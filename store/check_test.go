package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// checkLedger runs CheckLedger in a read transaction.
func checkLedger(tb testing.TB, db *store.DB) store.LedgerReport {
	tb.Helper()
	var r store.LedgerReport
	mustView(tb, db, func(tx *store.Tx) (err error) {
		r, err = tx.CheckLedger(context.Background())
		return err
	})
	return r
}

// violationsOf returns the report's violations of kind.
func violationsOf(r store.LedgerReport, kind string) []store.Violation {
	var out []store.Violation
	for _, v := range r.Violations {
		if v.Kind == kind {
			out = append(out, v)
		}
	}
	return out
}

// wantOnly fails unless the report holds exactly one violation of each kind in kinds, and no other,
// and returns them by kind.
func wantOnly(tb testing.TB, r store.LedgerReport, kinds ...string) map[string]store.Violation {
	tb.Helper()
	got := map[string]store.Violation{}
	for _, v := range r.Violations {
		if _, dup := got[v.Kind]; dup {
			tb.Errorf("two violations of kind %s: %+v", v.Kind, r.Violations)
		}
		got[v.Kind] = v
	}
	for _, k := range kinds {
		if _, ok := got[k]; !ok {
			tb.Errorf("no %s violation; the report has %+v", k, r.Violations)
		}
	}
	if len(got) != len(kinds) {
		tb.Errorf("violations %+v, want only %v", r.Violations, kinds)
	}
	for _, v := range r.Violations {
		if v.Account != "" && !strings.Contains(v.Account, "******") {
			tb.Errorf("violation %s shows account %q unmasked", v.Kind, v.Account)
		}
	}
	return got
}

// ledgerFixture is a small healthy ledger: members with savings, a time deposit and a loan.
type ledgerFixture struct {
	budi, siti, cash store.Account
}

func seedLedger(tb testing.TB, db *store.DB) ledgerFixture {
	tb.Helper()
	ctx := context.Background()
	var l ledgerFixture
	mustUpdate(tb, db, func(tx *store.Tx) error {
		f := newFixture(ctx, tb, tx)
		old := testNow.AddDate(0, -6, 0)
		l.budi = f.openAt("6281211120001", store.ProductTabungan, old)
		l.siti = f.openAt("6281211120002", store.ProductTabungan, old)
		l.cash = f.system(store.AccountCash)
		f.deposit(l.budi, 1_000_000, "seed-1")
		f.deposit(l.siti, 500_000, "seed-2")
		_, _, err := tx.Post(ctx, transfer("seed-3", l.budi, l.siti, 250_000))
		f.check(err)
		dep := f.openAt("6281211120001", store.ProductDeposito, old)
		f.deposit(dep, 5_000_000, "seed-4")
		loan := f.openAt("6281211120002", store.ProductPinjaman, old)
		income := f.system(store.AccountIncome)
		_, _, err = tx.Post(ctx, store.Entry{Key: "seed-5", Branch: "pusat", Kind: store.KindDisbursement, AuthorKind: store.AuthorAdmin,
			Postings: []store.Posting{{Account: loan.ID, Amount: -3_000_000}, {Account: l.cash.ID, Amount: 3_000_000}}})
		f.check(err)
		_, _, err = tx.Post(ctx, store.Entry{Key: "seed-6", Branch: "pusat", Kind: store.KindInstallment, AuthorKind: store.AuthorAdmin,
			Postings: []store.Posting{{Account: l.cash.ID, Amount: -280_000}, {Account: loan.ID, Amount: 250_000}, {Account: income.ID, Amount: 30_000}}})
		f.check(err)
		l.budi, l.siti, l.cash = f.reload(l.budi), f.reload(l.siti), f.reload(l.cash)
		return nil
	})
	return l
}

// openAt opens an account of product kind for the member with phone, dated at.
func (f *fixture) openAt(phone, kind string, at time.Time) store.Account {
	f.tb.Helper()
	p := f.product(kind)
	a, err := f.tx.OpenAccount(f.ctx, store.OpenAccount{Branch: "pusat", MemberID: f.member(phone).ID, Product: p, Name: p.Name, At: at})
	f.check(err)
	return a
}

// rawExec runs statements on a side connection, as a bug or a hand edit would change the file.
func rawExec(tb testing.TB, db *store.DB, stmts ...string) {
	tb.Helper()
	raw := rawDB(tb, db.Path)
	for _, s := range stmts {
		if _, err := raw.Exec(s); err != nil {
			tb.Fatalf("%s: %v", s, err)
		}
	}
	if err := raw.Close(); err != nil {
		tb.Fatal(err)
	}
}

func TestCheckLedgerHealthy(t *testing.T) {
	db := MustOpenDB(t)
	seedLedger(t, db)
	r := checkLedger(t, db)
	if !r.OK() {
		t.Fatalf("a healthy ledger has violations: %+v", r.Violations)
	}
	// 6 journals (one with three postings); budi, siti, deposit, loan, cash, income.
	if r.Journals != 6 || r.Postings != 13 || r.Accounts != 6 || r.Total != 0 || r.PostingsTotal != 0 {
		t.Errorf("report = %d journals, %d postings, %d accounts, total %d, postings total %d; want 6, 13, 6, 0, 0",
			r.Journals, r.Postings, r.Accounts, r.Total, r.PostingsTotal)
	}
}

func TestCheckLedgerEmpty(t *testing.T) {
	r := checkLedger(t, MustOpenDB(t))
	if !r.OK() || r.Journals != 0 || r.Postings != 0 || r.Accounts != 0 {
		t.Errorf("empty database: %+v", r)
	}
}

// A lost counterpart: one posting in its own journal, with the balance updated as Post would.
func TestCheckLedgerUnbalancedJournal(t *testing.T) {
	db := MustOpenDB(t)
	l := seedLedger(t, db)
	rawExec(t, db,
		`INSERT INTO journal (key, branch_id, kind, author_kind, at) VALUES ('lone-1', 'pusat', 'setoran', 'admin', 0)`,
		fmt.Sprintf(`INSERT INTO postings (journal_id, account_id, amount) VALUES ((SELECT id FROM journal WHERE key = 'lone-1'), %d, 5000)`, l.siti.ID),
		fmt.Sprintf(`UPDATE accounts SET balance = balance + 5000 WHERE id = %d`, l.siti.ID))
	r := checkLedger(t, db)
	got := wantOnly(t, r, store.ViolationJournalUnbalanced, store.ViolationLedgerNotZero)
	v := got[store.ViolationJournalUnbalanced]
	if v.Journal != "lone-1" || v.Account != l.siti.Masked() {
		t.Errorf("unbalanced journal reported as %+v, want journal lone-1 on account %s", v, l.siti.Masked())
	}
	if !strings.Contains(v.Detail, "Rp5.000") || !strings.Contains(v.Detail, "single posting") {
		t.Errorf("detail %q does not say the amount and the posting count", v.Detail)
	}
	if r.Total != 5000 {
		t.Errorf("Total = %d, want 5000", r.Total)
	}
}

// Both sides of a journal are changed but no longer match: the journal names both accounts.
func TestCheckLedgerUnbalancedJournalOfTwoAccounts(t *testing.T) {
	db := MustOpenDB(t)
	l := seedLedger(t, db)
	rawExec(t, db,
		`UPDATE postings SET amount = amount + 1 WHERE amount > 0 AND journal_id = (SELECT id FROM journal WHERE key = 'seed-3')`,
		fmt.Sprintf(`UPDATE accounts SET balance = balance + 1 WHERE id = %d`, l.siti.ID))
	got := wantOnly(t, checkLedger(t, db), store.ViolationJournalUnbalanced, store.ViolationLedgerNotZero)
	v := got[store.ViolationJournalUnbalanced]
	if v.Journal != "seed-3" || v.Account != "" {
		t.Errorf("reported as %+v, want journal seed-3 and no single account", v)
	}
	for _, a := range []store.Account{l.budi, l.siti} {
		if !strings.Contains(v.Detail, a.Masked()) {
			t.Errorf("detail %q does not name %s", v.Detail, a.Masked())
		}
	}
}

func TestCheckLedgerJournalWithoutPostings(t *testing.T) {
	db := MustOpenDB(t)
	seedLedger(t, db)
	rawExec(t, db, `INSERT INTO journal (key, branch_id, kind, author_kind, at) VALUES ('empty-1', 'pusat', 'transfer', 'member', 0)`)
	got := wantOnly(t, checkLedger(t, db), store.ViolationJournalFewPostings)
	if v := got[store.ViolationJournalFewPostings]; v.Journal != "empty-1" {
		t.Errorf("reported as %+v, want journal empty-1", v)
	}
}

func TestCheckLedgerBalanceMismatch(t *testing.T) {
	db := MustOpenDB(t)
	l := seedLedger(t, db)
	rawExec(t, db, fmt.Sprintf(`UPDATE accounts SET balance = balance + 5000 WHERE id = %d`, l.budi.ID))
	got := wantOnly(t, checkLedger(t, db), store.ViolationBalanceMismatch, store.ViolationLedgerNotZero)
	v := got[store.ViolationBalanceMismatch]
	if v.Account != l.budi.Masked() {
		t.Errorf("reported account %q, want %s", v.Account, l.budi.Masked())
	}
	for _, want := range []string{"Rp755.000", "Rp750.000", "off by Rp5.000"} {
		if !strings.Contains(v.Detail, want) {
			t.Errorf("detail %q does not say %s", v.Detail, want)
		}
	}
	if strings.Contains(v.Detail, l.budi.Number) {
		t.Errorf("detail %q shows the full account number", v.Detail)
	}
}

// The minimum balance and its exceptions, each case on a database of its own.
func TestCheckLedgerSavingsMinimum(t *testing.T) {
	old := testNow.AddDate(0, 0, -60)
	recent := testNow.AddDate(0, 0, -29)
	for _, c := range []struct {
		name   string
		opened time.Time
		moves  []int64 // deposits (+) and withdrawals (-), in order
		status string  // set afterwards when not empty
		want   string  // violation kind, or "" for none
	}{
		{name: "new without postings", opened: testNow},
		{name: "old without postings", opened: old},
		{name: "new under its minimum", opened: recent, moves: []int64{10_000}},
		{name: "new under its minimum after two deposits", opened: testNow, moves: []int64{10_000, 14_999}},
		{name: "new at its minimum", opened: testNow, moves: []int64{25_000}},
		{name: "new that fell below after reaching it", opened: recent, moves: []int64{100_000, -90_000}, want: store.ViolationSavingsBelowMinimum},
		{name: "old that never reached it", opened: old, moves: []int64{10_000}, want: store.ViolationSavingsBelowMinimum},
		{name: "old that fell below", opened: old, moves: []int64{100_000, -90_000}, want: store.ViolationSavingsBelowMinimum},
		{name: "closed and paid out", opened: old, moves: []int64{100_000, -100_000}, status: "closed"},
		{name: "closed with money left", opened: old, moves: []int64{100_000, -90_000}, status: "closed", want: store.ViolationSavingsBelowMinimum},
		{name: "frozen below", opened: old, moves: []int64{100_000, -90_000}, status: "frozen", want: store.ViolationSavingsBelowMinimum},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := MustOpenDB(t)
			var a store.Account
			withFixture(t, db, func(f *fixture) {
				a = f.openAt("6281211130001", store.ProductTabungan, c.opened)
				for i, m := range c.moves {
					f.deposit(a, m, fmt.Sprintf("move-%d", i))
				}
			})
			if c.status != "" {
				setStatus(t, db, a, c.status)
			}
			r := checkLedger(t, db)
			if c.want == "" {
				wantOnly(t, r)
				return
			}
			v := wantOnly(t, r, c.want)[c.want]
			if v.Account != a.Masked() {
				t.Errorf("reported account %q, want %s", v.Account, a.Masked())
			}
			if !strings.Contains(v.Detail, "Rp25.000") {
				t.Errorf("detail %q does not say the minimum", v.Detail)
			}
		})
	}
}

// Below zero and below what is held are never excused, not even on a new account.
func TestCheckLedgerSavingsNegativeAndHeld(t *testing.T) {
	for _, c := range []struct {
		name string
		sql  string // %d is the account ID
		want string
	}{
		{"below held", `UPDATE accounts SET held = 60000 WHERE id = %d`, store.ViolationSavingsBelowHeld},
		{"held is fine", `UPDATE accounts SET held = 50000 WHERE id = %d`, ""},
		{"negative", `UPDATE accounts SET balance = -1 WHERE id = %d`, store.ViolationSavingsNegative},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := MustOpenDB(t)
			var a store.Account
			withFixture(t, db, func(f *fixture) {
				a = f.savings("6281211140001") // opened today: the new-account exception does not cover these
				f.deposit(a, 50_000, "dep-1")
			})
			rawExec(t, db, fmt.Sprintf(c.sql, a.ID))
			r := checkLedger(t, db)
			if c.want == "" {
				wantOnly(t, r)
				return
			}
			var v store.Violation
			if c.want == store.ViolationSavingsNegative {
				// The raw edit also breaks the balance and the total; the savings rule is what matters here.
				vs := violationsOf(r, c.want)
				if len(vs) != 1 {
					t.Fatalf("violations %+v, want one %s", r.Violations, c.want)
				}
				v = vs[0]
			} else {
				v = wantOnly(t, r, c.want)[c.want]
			}
			if v.Account != a.Masked() {
				t.Errorf("reported account %q, want %s", v.Account, a.Masked())
			}
		})
	}
}

func TestCheckLedgerBlankKey(t *testing.T) {
	db := MustOpenDB(t)
	l := seedLedger(t, db)
	rawExec(t, db,
		`INSERT INTO journal (key, branch_id, kind, author_kind, at) VALUES (' ', 'pusat', 'transfer', 'member', 0)`,
		fmt.Sprintf(`INSERT INTO postings (journal_id, account_id, amount) VALUES ((SELECT id FROM journal WHERE key = ' '), %d, -1000), ((SELECT id FROM journal WHERE key = ' '), %d, 1000)`, l.budi.ID, l.siti.ID),
		fmt.Sprintf(`UPDATE accounts SET balance = balance - 1000 WHERE id = %d`, l.budi.ID),
		fmt.Sprintf(`UPDATE accounts SET balance = balance + 1000 WHERE id = %d`, l.siti.ID))
	wantOnly(t, checkLedger(t, db), store.ViolationKeyEmpty)
}

// Foreign keys keep postings attached; with them off (an old tool, a hand edit) the check still finds strays.
func TestCheckLedgerOrphanPostings(t *testing.T) {
	db := MustOpenDB(t)
	l := seedLedger(t, db)
	raw := rawDB(t, db.Path)
	conn, err := raw.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		`PRAGMA foreign_keys = OFF`,
		fmt.Sprintf(`INSERT INTO postings (journal_id, account_id, amount) VALUES (999999, %d, 7000)`, l.budi.ID),
		`INSERT INTO postings (journal_id, account_id, amount) VALUES ((SELECT id FROM journal WHERE key = 'seed-1'), 888888, -7000)`,
		// As many journals have postings as before, counting the missing one: the empty one is found all the same.
		`INSERT INTO journal (key, branch_id, kind, author_kind, at) VALUES ('empty-2', 'pusat', 'transfer', 'member', 0)`,
	} {
		if _, err := conn.ExecContext(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	conn.Close()
	r := checkLedger(t, db)
	noJournal := violationsOf(r, store.ViolationPostingWithoutJournal)
	noAccount := violationsOf(r, store.ViolationPostingWithoutAccount)
	if len(noJournal) != 1 || noJournal[0].Account != l.budi.Masked() || !strings.Contains(noJournal[0].Detail, "999999") {
		t.Errorf("posting without journal: %+v", noJournal)
	}
	if len(noAccount) != 1 || noAccount[0].Journal != "seed-1" || !strings.Contains(noAccount[0].Detail, "888888") {
		t.Errorf("posting without account: %+v", noAccount)
	}
	if empty := violationsOf(r, store.ViolationJournalFewPostings); len(empty) != 1 || empty[0].Journal != "empty-2" {
		t.Errorf("journals without postings: %+v", empty)
	}
}

func TestBranchBalances(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	l := seedLedger(t, db)
	mustUpdate(t, db, func(tx *store.Tx) error {
		return tx.SyncBranch(ctx, store.Branch{ID: "cabang", Code: "02", Name: "Cabang"})
	})
	var pusatBooks, cabangBooks store.BranchBalances
	mustView(t, db, func(tx *store.Tx) (err error) {
		if pusatBooks, err = tx.BranchBalances(ctx, "pusat"); err != nil {
			return err
		}
		cabangBooks, err = tx.BranchBalances(ctx, "cabang")
		return err
	})
	var kinds []string
	for _, a := range pusatBooks.Own {
		kinds = append(kinds, a.Kind)
		if a.Kind == store.AccountCash && a.Amount() != l.cash.Amount() {
			t.Errorf("cash = %d, want %d", a.Amount(), l.cash.Amount())
		}
	}
	if got := strings.Join(kinds, ","); got != "cash,income" {
		t.Errorf("own accounts of pusat: %s, want cash,income (the ones in use)", got)
	}
	// 1,000,000 + 500,000 in savings; 5,000,000 deposited; 3,000,000 lent, 250,000 repaid.
	want := []store.MemberTotal{
		{Kind: store.AccountSavings, ProductCode: "TAB", ProductName: "Tabungan Anggota", Accounts: 2, Amount: 1_500_000},
		{Kind: store.AccountDeposit, ProductCode: "DEP", ProductName: "Deposito Berjangka", Accounts: 1, Amount: 5_000_000},
		{Kind: store.AccountLoan, ProductCode: "PIN", ProductName: "Pinjaman Anggota", Accounts: 1, Amount: 2_750_000},
	}
	if fmt.Sprint(pusatBooks.Members) != fmt.Sprint(want) {
		t.Errorf("members' totals:\n got %+v\nwant %+v", pusatBooks.Members, want)
	}
	if len(cabangBooks.Own) != 0 || len(cabangBooks.Members) != 0 {
		t.Errorf("an unused branch has books: %+v", cabangBooks)
	}
	// Reading the books created nothing.
	if r := checkLedger(t, db); r.Accounts != 6 {
		t.Errorf("%d accounts after reading the books, want 6", r.Accounts)
	}
}

// buildLargeLedger fills db with members savings accounts (three each: pokok, wajib, tabungan)
// and journals of two postings each, in one raw transaction, with balances that agree.
func buildLargeLedger(tb testing.TB, db *store.DB, members, journals int) {
	tb.Helper()
	var cash store.Account
	withFixture(tb, db, func(f *fixture) {
		f.syncProducts()
		cash = f.system(store.AccountCash)
	})
	raw := rawDB(tb, db.Path)
	rtx, err := raw.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	exec := func(q string, args ...any) sql.Result {
		tb.Helper()
		res, err := rtx.Exec(q, args...)
		if err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
		return res
	}
	opened := testNow.AddDate(-1, 0, 0).Unix()
	exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO members (branch_id, member_no, name, phone, status, joined_at, created_at)
		SELECT 'pusat', printf('01.%05d', i), 'Anggota ' || i, printf('62812%08d', i), 'active', ?, ? FROM n`, members, opened, opened)
	exec(`INSERT INTO accounts (number, branch_id, member_id, product_id, kind, normal, name, opened_at)
		SELECT printf('01%02d%05d0', p.id, m.id), 'pusat', m.id, p.id, 'savings', 'C', p.name, ?
		FROM members m CROSS JOIN products p WHERE p.code IN ('SP', 'SW', 'TAB') ORDER BY m.id, p.id`, opened)
	var first, accounts int64
	if err := rtx.QueryRow(`SELECT MIN(id), COUNT(*) FROM accounts WHERE member_id IS NOT NULL`).Scan(&first, &accounts); err != nil {
		tb.Fatal(err)
	}
	// Journal i deposits 50,000 into account (i-1) mod accounts; in the second round every
	// other one withdraws 10,000 instead, so each account ends at 40,000 or more, above the minimum.
	exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO journal (key, branch_id, kind, author_kind, author_id, at)
		SELECT 'bulk:' || i, 'pusat', CASE WHEN i > ?2 AND i <= 2 * ?2 AND i % 2 = 0 THEN 'penarikan' ELSE 'setoran' END, 'system', 'test', ?3 + i FROM n`,
		journals, accounts, opened)
	exec(`WITH amounts AS (
			SELECT id AS journal_id, CAST(substr(key, 6) AS INTEGER) AS i,
				CASE kind WHEN 'penarikan' THEN -10000 ELSE 50000 END AS amount
			FROM journal WHERE key LIKE 'bulk:%')
		INSERT INTO postings (journal_id, account_id, amount)
		SELECT journal_id, CASE side WHEN 0 THEN ?1 + (i - 1) % ?2 ELSE ?3 END, CASE side WHEN 0 THEN amount ELSE -amount END
		FROM amounts CROSS JOIN (SELECT 0 AS side UNION ALL SELECT 1) ORDER BY journal_id, side`, first, accounts, cash.ID)
	exec(`UPDATE accounts SET balance = COALESCE((SELECT SUM(amount) FROM postings WHERE account_id = accounts.id), 0)`)
	if err := rtx.Commit(); err != nil {
		tb.Fatal(err)
	}
	if err := raw.Close(); err != nil {
		tb.Fatal(err)
	}
}

// CheckLedger on 10,000 members with 30,000 accounts and 100,000 postings. The time is
// logged, not asserted: run with -v to see it.
func TestCheckLedgerLarge(t *testing.T) {
	if testing.Short() || raceDetector {
		t.Skip("builds a large ledger: about 2s normally, a minute under -race")
	}
	db := MustOpenDB(t)
	start := time.Now()
	buildLargeLedger(t, db, 10_000, 50_000)
	t.Logf("built 10,000 members, 30,000 accounts, 100,000 postings in %v", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	r := checkLedger(t, db)
	t.Logf("CheckLedger: %d journals, %d postings, %d accounts in %v", r.Journals, r.Postings, r.Accounts, time.Since(start).Round(time.Millisecond))
	if !r.OK() {
		t.Fatalf("%d violations on the large ledger, first %+v", len(r.Violations), r.Violations[0])
	}
	if r.Journals != 50_000 || r.Postings != 100_000 || r.Accounts != 30_001 {
		t.Errorf("counted %d journals, %d postings, %d accounts; want 50000, 100000, 30001", r.Journals, r.Postings, r.Accounts)
	}
	// One account off by a rupiah among them all is found.
	var number string
	raw := rawDB(t, db.Path)
	if err := raw.QueryRow(`UPDATE accounts SET balance = balance + 1 WHERE id = (SELECT MAX(id) FROM accounts) RETURNING number`).Scan(&number); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	r = checkLedger(t, db)
	if vs := violationsOf(r, store.ViolationBalanceMismatch); len(vs) != 1 || vs[0].Account != store.MaskNumber(number) {
		t.Errorf("after changing one balance: %+v", r.Violations)
	}
}

// go test ./store -run '^$' -bench CheckLedger: 10,000 members, 30,000 accounts, 300,000 postings.
func BenchmarkCheckLedger(b *testing.B) {
	db := MustOpenDB(b)
	buildLargeLedger(b, db, 10_000, 150_000)
	for b.Loop() {
		if r := checkLedger(b, db); !r.OK() {
			b.Fatalf("violations: %+v", r.Violations[0])
		}
	}
}
