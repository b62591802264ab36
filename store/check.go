package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kinds of ledger violation CheckLedger reports, grouped by the invariant they break.
const (
	// Every journal transaction's postings sum to zero, and it has at least two.
	ViolationJournalUnbalanced  = "journal_unbalanced"
	ViolationJournalFewPostings = "journal_too_few_postings"
	// Every account's balance is the sum of its postings.
	ViolationBalanceMismatch = "balance_mismatch"
	// Savings never go below zero or below what is held on them, and stay at or above
	// their product's minimum balance (with the exceptions CheckLedger documents).
	ViolationSavingsNegative     = "savings_negative"
	ViolationSavingsBelowHeld    = "savings_below_held"
	ViolationSavingsBelowMinimum = "savings_below_minimum"
	// Every idempotency key is present and unique.
	ViolationKeyEmpty     = "key_empty"
	ViolationKeyDuplicate = "key_duplicate"
	// The whole ledger sums to zero.
	ViolationLedgerNotZero = "ledger_not_zero"
	// Every posting belongs to a journal transaction and an account that exist.
	ViolationPostingWithoutJournal = "posting_without_journal"
	ViolationPostingWithoutAccount = "posting_without_account"
)

// NewAccountGrace is how long a new savings account may stay under its product's minimum
// while it waits for its first deposits, as long as it has never reached the minimum.
const NewAccountGrace = 30 * 24 * time.Hour

// LedgerReport is what CheckLedger found.
type LedgerReport struct {
	Journals int64
	Postings int64
	Accounts int64
	// Total is the sum of every account's balance (credit positive): zero when the books balance.
	Total int64
	// PostingsTotal is the sum of every posting: zero when every journal balances.
	PostingsTotal int64
	Violations    []Violation
}

// OK reports whether every invariant holds.
func (r LedgerReport) OK() bool { return len(r.Violations) == 0 }

// Violation is one broken invariant. Account numbers are masked.
type Violation struct {
	Kind    string // one of the Violation* constants
	Account string // masked account number, when one account is concerned
	Journal string // idempotency key of the journal transaction, when one is concerned
	Detail  string // what is wrong and what it affects, for staff
}

// CheckLedger proves the ledger's invariants on the snapshot tx reads:
//
//  1. every journal transaction's postings sum to zero, and it has at least two postings;
//  2. every account's balance equals the sum of its postings;
//  3. no savings account is below zero or below its held amount, ever; and none is below its
//     product's minimum balance, except an account with no postings yet, an account opened
//     within NewAccountGrace whose balance (after any of its postings) has never reached the
//     minimum, and a closed account with balance zero;
//  4. every idempotency key is non-blank and unique;
//  5. all balances together sum to zero;
//  6. every posting refers to an existing journal transaction and account.
//
// Each check is one set-based query, so its cost grows with the size of the tables, not with
// a query per account. Run it in a View: a read transaction sees one consistent snapshot
// while members keep posting.
func (tx *Tx) CheckLedger(ctx context.Context) (LedgerReport, error) {
	var r LedgerReport
	const qCounts = `SELECT (SELECT COUNT(*) FROM journal), (SELECT COUNT(*) FROM postings), (SELECT COUNT(*) FROM accounts),
		(SELECT COALESCE(SUM(balance), 0) FROM accounts), (SELECT COALESCE(SUM(amount), 0) FROM postings)`
	if err := tx.queryRow(ctx, qCounts).Scan(&r.Journals, &r.Postings, &r.Accounts, &r.Total, &r.PostingsTotal); err != nil {
		return LedgerReport{}, fmt.Errorf("check ledger: count: %w", err)
	}
	for _, check := range []func(context.Context, *LedgerReport) error{
		tx.checkJournals, tx.checkBalances, tx.checkSavings, tx.checkKeys, tx.checkTotal, tx.checkOrphans,
	} {
		if err := check(ctx, &r); err != nil {
			return LedgerReport{}, fmt.Errorf("check ledger: %w", err)
		}
	}
	return r, nil
}

// checkJournals finds journal transactions whose postings do not sum to zero or that have fewer than two.
func (tx *Tx) checkJournals(ctx context.Context, r *LedgerReport) error {
	// The accounts are listed only for the journals found, so the correlated subquery runs rarely.
	const q = `WITH sums AS (SELECT journal_id, COUNT(*) AS n, SUM(amount) AS total FROM postings GROUP BY journal_id)
		SELECT j.key, j.kind, COALESCE(s.n, 0), COALESCE(s.total, 0),
			COALESCE((SELECT group_concat(a.number, ',') FROM postings p JOIN accounts a ON a.id = p.account_id WHERE p.journal_id = j.id), '')
		FROM journal j LEFT JOIN sums s ON s.journal_id = j.id
		WHERE s.journal_id IS NULL OR s.n < 2 OR s.total != 0
		ORDER BY j.id`
	rows, err := tx.query(ctx, q)
	if err != nil {
		return fmt.Errorf("journals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, kind, numbers string
		var n, total int64
		if err := rows.Scan(&key, &kind, &n, &total, &numbers); err != nil {
			return fmt.Errorf("journals: %w", err)
		}
		v := Violation{Kind: ViolationJournalUnbalanced, Journal: key}
		var accounts []string
		if numbers != "" {
			accounts = strings.Split(numbers, ",")
		}
		if distinct := uniqueMasked(accounts); len(distinct) == 1 {
			v.Account = distinct[0]
		}
		on := ""
		if len(accounts) > 0 {
			on = ", on " + strings.Join(uniqueMasked(accounts), ", ")
		}
		switch {
		case total != 0:
			v.Detail = fmt.Sprintf("%s transaction: its %s add up to %s, not Rp0%s: money was created or lost without another side, and the books are off by %s",
				kind, plural(n, "posting", "postings"), rupiah(total), on, rupiah(total))
		default:
			v.Kind = ViolationJournalFewPostings
			v.Detail = fmt.Sprintf("%s transaction with %s%s: a movement needs at least two sides, so its other side is missing from the books",
				kind, plural(n, "posting", "postings"), on)
		}
		r.Violations = append(r.Violations, v)
	}
	return rows.Err()
}

// checkBalances finds accounts whose balance is not the sum of their postings.
func (tx *Tx) checkBalances(ctx context.Context, r *LedgerReport) error {
	const q = `WITH sums AS (SELECT account_id, SUM(amount) AS total FROM postings GROUP BY account_id)
		SELECT a.number, a.kind, a.name, a.balance, COALESCE(s.total, 0)
		FROM accounts a LEFT JOIN sums s ON s.account_id = a.id
		WHERE a.balance != COALESCE(s.total, 0)
		ORDER BY a.number`
	rows, err := tx.query(ctx, q)
	if err != nil {
		return fmt.Errorf("balances: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var number, kind, name string
		var balance, sum int64
		if err := rows.Scan(&number, &kind, &name, &balance, &sum); err != nil {
			return fmt.Errorf("balances: %w", err)
		}
		affects := "the balance its owner sees, and what may be withdrawn, is wrong"
		if kind != AccountSavings && kind != AccountDeposit && kind != AccountLoan {
			affects = "the branch's books show a wrong balance for it"
		}
		r.Violations = append(r.Violations, Violation{Kind: ViolationBalanceMismatch, Account: MaskNumber(number),
			Detail: fmt.Sprintf("%s (%s): balance %s, but its postings sum to %s (off by %s): %s",
				name, kind, rupiah(balance), rupiah(sum), rupiah(balance-sum), affects)})
	}
	return rows.Err()
}

// checkSavings finds savings accounts below zero, below what is held on them, or below their product's minimum.
func (tx *Tx) checkSavings(ctx context.Context, r *LedgerReport) error {
	// Only accounts already below a limit are candidates; for those alone, a window over their
	// postings finds the highest balance they ever had, to tell a new account that has not
	// reached its minimum yet from one that fell below it.
	const q = `WITH low AS (
			SELECT a.id, a.number, a.name, a.balance, a.held, a.status, a.opened_at, COALESCE(p.min_balance, 0) AS min_balance
			FROM accounts a LEFT JOIN products p ON p.id = a.product_id
			WHERE a.kind = 'savings' AND (a.balance < 0 OR a.balance < a.held OR a.balance < COALESCE(p.min_balance, 0))
		),
		runs AS (
			SELECT account_id, COUNT(*) AS n, MAX(running) AS peak FROM (
				SELECT account_id, SUM(amount) OVER (PARTITION BY account_id ORDER BY journal_id, id) AS running
				FROM postings WHERE account_id IN (SELECT id FROM low)
			) GROUP BY account_id
		)
		SELECT l.number, l.name, l.balance, l.held, l.status, l.opened_at, l.min_balance, COALESCE(r.n, 0), COALESCE(r.peak, 0)
		FROM low l LEFT JOIN runs r ON r.account_id = l.id
		ORDER BY l.number`
	rows, err := tx.query(ctx, q)
	if err != nil {
		return fmt.Errorf("savings: %w", err)
	}
	defer rows.Close()
	graceFrom := tx.now.Add(-NewAccountGrace)
	for rows.Next() {
		var number, name, status string
		var balance, held, opened, minBalance, postings, peak int64
		if err := rows.Scan(&number, &name, &balance, &held, &status, &opened, &minBalance, &postings, &peak); err != nil {
			return fmt.Errorf("savings: %w", err)
		}
		masked := MaskNumber(number)
		if balance < 0 {
			r.Violations = append(r.Violations, Violation{Kind: ViolationSavingsNegative, Account: masked,
				Detail: fmt.Sprintf("%s: balance %s is below zero: the cooperative has paid out money the member does not have", name, rupiah(balance))})
			continue
		}
		if balance < held {
			r.Violations = append(r.Violations, Violation{Kind: ViolationSavingsBelowHeld, Account: masked,
				Detail: fmt.Sprintf("%s: balance %s is below the %s held on it: the withdrawals it is held for cannot all be paid", name, rupiah(balance), rupiah(held))})
		}
		if balance >= minBalance {
			continue
		}
		openedAt := fromUnix(opened)
		switch {
		case postings == 0: // opened, no deposit yet
			continue
		case openedAt.After(graceFrom) && peak < minBalance: // new, still filling up to its minimum
			continue
		case status == "closed" && balance == 0: // closed and paid out
			continue
		}
		why := "it fell below the minimum after reaching it"
		if peak < minBalance {
			why = fmt.Sprintf("it has never reached the minimum in the %d days since it was opened", int(NewAccountGrace.Hours()/24))
		}
		r.Violations = append(r.Violations, Violation{Kind: ViolationSavingsBelowMinimum, Account: masked,
			Detail: fmt.Sprintf("%s (%s, opened %s): balance %s is below the product's minimum balance %s; %s: the account breaks its product's terms",
				name, status, openedAt.UTC().Format(dateLayout), rupiah(balance), rupiah(minBalance), why)})
	}
	return rows.Err()
}

// checkKeys finds blank and repeated idempotency keys, which the schema should already prevent.
func (tx *Tx) checkKeys(ctx context.Context, r *LedgerReport) error {
	const qCount = `SELECT COUNT(*), COUNT(DISTINCT key), COALESCE(SUM(trim(key) = ''), 0) FROM journal`
	var all, distinct, blank int64
	if err := tx.queryRow(ctx, qCount).Scan(&all, &distinct, &blank); err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	if blank > 0 {
		const qBlank = `SELECT id, key, kind FROM journal WHERE trim(key) = '' ORDER BY id`
		rows, err := tx.query(ctx, qBlank)
		if err != nil {
			return fmt.Errorf("blank keys: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var key, kind string
			if err := rows.Scan(&id, &key, &kind); err != nil {
				return fmt.Errorf("blank keys: %w", err)
			}
			r.Violations = append(r.Violations, Violation{Kind: ViolationKeyEmpty, Journal: key,
				Detail: fmt.Sprintf("%s transaction number %d has no idempotency key: the same request could be applied twice", kind, id)})
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("blank keys: %w", err)
		}
	}
	if distinct != all {
		const qDup = `SELECT key, COUNT(*) FROM journal WHERE trim(key) != '' GROUP BY key HAVING COUNT(*) > 1 ORDER BY key`
		rows, err := tx.query(ctx, qDup)
		if err != nil {
			return fmt.Errorf("duplicate keys: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var key string
			var n int64
			if err := rows.Scan(&key, &n); err != nil {
				return fmt.Errorf("duplicate keys: %w", err)
			}
			r.Violations = append(r.Violations, Violation{Kind: ViolationKeyDuplicate, Journal: key,
				Detail: fmt.Sprintf("the idempotency key is used by %d journal transactions: one request was applied more than once", n)})
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("duplicate keys: %w", err)
		}
	}
	return nil
}

// checkTotal reports a ledger whose balances do not add up to zero.
func (*Tx) checkTotal(_ context.Context, r *LedgerReport) error {
	if r.Total != 0 {
		r.Violations = append(r.Violations, Violation{Kind: ViolationLedgerNotZero,
			Detail: fmt.Sprintf("the balances of all %d accounts add up to %s, not Rp0 (the postings add up to %s): the books do not balance; the other checks say where",
				r.Accounts, rupiah(r.Total), rupiah(r.PostingsTotal))})
	}
	return nil
}

// checkOrphans finds postings whose journal transaction or account does not exist, which foreign keys should prevent.
func (tx *Tx) checkOrphans(ctx context.Context, r *LedgerReport) error {
	const q = `SELECT p.id, p.journal_id, p.account_id, p.amount, j.key, a.number
		FROM postings p LEFT JOIN journal j ON j.id = p.journal_id LEFT JOIN accounts a ON a.id = p.account_id
		WHERE j.id IS NULL OR a.id IS NULL
		ORDER BY p.id`
	rows, err := tx.query(ctx, q)
	if err != nil {
		return fmt.Errorf("postings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, journalID, accountID, amount int64
		var key, number sql.NullString
		if err := rows.Scan(&id, &journalID, &accountID, &amount, &key, &number); err != nil {
			return fmt.Errorf("postings: %w", err)
		}
		if !key.Valid {
			v := Violation{Kind: ViolationPostingWithoutJournal,
				Detail: fmt.Sprintf("posting %d of %s refers to journal transaction %d, which does not exist: the movement has no date, kind or idempotency key", id, rupiah(amount), journalID)}
			if number.Valid {
				v.Account = MaskNumber(number.String)
			}
			r.Violations = append(r.Violations, v)
		}
		if !number.Valid {
			r.Violations = append(r.Violations, Violation{Kind: ViolationPostingWithoutAccount, Journal: key.String,
				Detail: fmt.Sprintf("posting %d of %s refers to account %d, which does not exist: the amount is in no account's balance", id, rupiah(amount), accountID)})
		}
	}
	return rows.Err()
}

// Reconciliation

// MemberTotal is what the members of a branch hold in (or owe on) one product.
type MemberTotal struct {
	Kind        string // savings, deposit or loan
	ProductCode string
	ProductName string
	Accounts    int   // accounts not closed
	Amount      int64 // as the members read it: savings held, principal still owed
}

// BranchBalances is a branch's books for reconciliation: the cooperative's own accounts
// (cash to compare with the drawer, bank with the statement) and its members' totals.
type BranchBalances struct {
	Branch  string
	Own     []Account     // accounts with no member, by number
	Members []MemberTotal // savings, then deposits, then loans, by product
}

// BranchBalances reads the branch's own accounts and its members' totals per product.
// Unlike SystemAccount it creates nothing: an own account never used is not listed.
func (tx *Tx) BranchBalances(ctx context.Context, branch string) (BranchBalances, error) {
	out := BranchBalances{Branch: branch}
	const qOwn = `SELECT ` + accountColumns + accountFrom + ` WHERE a.branch_id = ? AND a.member_id IS NULL ORDER BY a.number`
	rows, err := tx.query(ctx, qOwn, branch)
	if err != nil {
		return BranchBalances{}, fmt.Errorf("balances of branch %s: %w", branch, err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return BranchBalances{}, fmt.Errorf("balances of branch %s: %w", branch, err)
		}
		out.Own = append(out.Own, a)
	}
	if err := rows.Err(); err != nil {
		return BranchBalances{}, fmt.Errorf("balances of branch %s: %w", branch, err)
	}
	const qMembers = `SELECT a.kind, COALESCE(p.code, ''), COALESCE(p.name, ''), SUM(a.status != 'closed'),
			SUM(CASE a.normal WHEN 'D' THEN -a.balance ELSE a.balance END)
		FROM accounts a LEFT JOIN products p ON p.id = a.product_id
		WHERE a.branch_id = ? AND a.member_id IS NOT NULL AND a.kind IN ('savings', 'deposit', 'loan')
		GROUP BY a.kind, a.product_id
		ORDER BY CASE a.kind WHEN 'savings' THEN 0 WHEN 'deposit' THEN 1 ELSE 2 END, a.product_id`
	mrows, err := tx.query(ctx, qMembers, branch)
	if err != nil {
		return BranchBalances{}, fmt.Errorf("members' totals of branch %s: %w", branch, err)
	}
	defer mrows.Close()
	for mrows.Next() {
		var t MemberTotal
		if err := mrows.Scan(&t.Kind, &t.ProductCode, &t.ProductName, &t.Accounts, &t.Amount); err != nil {
			return BranchBalances{}, fmt.Errorf("members' totals of branch %s: %w", branch, err)
		}
		out.Members = append(out.Members, t)
	}
	if err := mrows.Err(); err != nil {
		return BranchBalances{}, fmt.Errorf("members' totals of branch %s: %w", branch, err)
	}
	return out, nil
}

// uniqueMasked masks account numbers and drops repeats, keeping their order.
func uniqueMasked(numbers []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range numbers {
		if !seen[n] {
			seen[n] = true
			out = append(out, MaskNumber(n))
		}
	}
	return out
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.FormatInt(n, 10) + " " + many
}

// rupiah writes n as staff read money, Rp1.250.000 or -Rp5.000 (the same as parse.Rupiah,
// which store may not import).
func rupiah(n int64) string {
	u := uint64(n)
	sign := ""
	if n < 0 {
		u = -u
		sign = "-"
	}
	d := strconv.FormatUint(u, 10)
	var b strings.Builder
	b.WriteString(sign + "Rp")
	for i := 0; i < len(d); i++ {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteByte(d[i])
	}
	return b.String()
}
