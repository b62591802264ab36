package store

import (
	"context"
	"fmt"
	"time"
)

// What the reports read (coop/reports.go): the ledger over a period [from, to) and as it
// stood at to, summed in SQL, one statement per report whatever the number of accounts.
// branch "" reads every branch.

// AccountTotal is one group of a branch's accounts over a period: one of the cooperative's
// own accounts (by kind), or the members' accounts of one product. Amounts are signed,
// credit positive, as Account.Balance.
type AccountTotal struct {
	Kind        string
	ProductCode string // "" for the cooperative's own accounts
	ProductName string
	ProductKind string
	Normal      Side
	Own         bool  // the cooperative's own account, not a member's
	Accounts    int   // open at to: opened before it, and not closed (or closed with a balance then)
	Opened      int   // opened in the period
	Opening     int64 // the balance before from
	Debits      int64 // debits in the period, positive
	Credits     int64 // credits in the period, positive
}

// Closing is the balance at to, credit positive.
func (t AccountTotal) Closing() int64 { return t.Opening + t.Credits - t.Debits }

// AccountTotals sums every account of branch by group over [from, to): the cooperative's own
// accounts first by number, then the members' savings, deposits and loans by product. A
// group with no account opened before to is left out.
func (tx *Tx) AccountTotals(ctx context.Context, branch string, from, to time.Time) ([]AccountTotal, error) {
	const q = `WITH mv AS (
			SELECT p.account_id,
				SUM(CASE WHEN j.at < ?2 THEN p.amount ELSE 0 END) AS opening,
				SUM(CASE WHEN j.at >= ?2 AND p.amount < 0 THEN -p.amount ELSE 0 END) AS debits,
				SUM(CASE WHEN j.at >= ?2 AND p.amount > 0 THEN p.amount ELSE 0 END) AS credits
			FROM postings p JOIN journal j ON j.id = p.journal_id JOIN accounts a ON a.id = p.account_id
			WHERE (?1 = '' OR a.branch_id = ?1) AND j.at < ?3 GROUP BY p.account_id
		)
		SELECT a.kind, COALESCE(pr.code, ''), COALESCE(pr.name, ''), COALESCE(pr.kind, ''), a.normal, a.member_id IS NULL,
			SUM(a.opened_at < ?3 AND (a.status != 'closed' OR COALESCE(mv.opening + mv.credits - mv.debits, 0) != 0)),
			SUM(a.opened_at >= ?2 AND a.opened_at < ?3),
			COALESCE(SUM(mv.opening), 0), COALESCE(SUM(mv.debits), 0), COALESCE(SUM(mv.credits), 0)
		FROM accounts a LEFT JOIN products pr ON pr.id = a.product_id LEFT JOIN mv ON mv.account_id = a.id
		WHERE (?1 = '' OR a.branch_id = ?1) AND (a.opened_at < ?3 OR mv.account_id IS NOT NULL)
		GROUP BY a.member_id IS NULL, a.kind, a.product_id
		ORDER BY a.member_id IS NULL DESC, CASE a.kind WHEN 'savings' THEN 0 WHEN 'deposit' THEN 1 WHEN 'loan' THEN 2 ELSE 3 END,
			MIN(substr(a.number, 3)), a.product_id`
	return collect(ctx, tx, "account totals of branch "+branch, q, func(r row) (t AccountTotal, err error) {
		err = r.Scan(&t.Kind, &t.ProductCode, &t.ProductName, &t.ProductKind, &t.Normal, &t.Own, &t.Accounts, &t.Opened,
			&t.Opening, &t.Debits, &t.Credits)
		return t, err
	}, branch, unix(from), unix(to))
}

// JournalCount counts the journal transactions of branch in [from, to).
func (tx *Tx) JournalCount(ctx context.Context, branch string, from, to time.Time) (int, error) {
	const q = `SELECT COUNT(*) FROM journal WHERE (?1 = '' OR branch_id = ?1) AND at >= ?2 AND at < ?3`
	var n int
	if err := tx.queryRow(ctx, q, branch, unix(from), unix(to)).Scan(&n); err != nil {
		return 0, fmt.Errorf("count journal of %s: %w", branch, err)
	}
	return n, nil
}

// EachJournal hands every journal transaction of branch in [from, to) to fn, oldest first,
// with its lines in the order they were posted (their accounts as they stand now).
func (tx *Tx) EachJournal(ctx context.Context, branch string, from, to time.Time, fn func(Posted) error) error {
	const q = `SELECT j.id, j.key, j.branch_id, j.kind, j.memo, j.memo_detail, j.author_kind, j.author_id, j.at, ps.amount, ` + accountColumns + `
		FROM journal j JOIN postings ps ON ps.journal_id = j.id JOIN accounts a ON a.id = ps.account_id LEFT JOIN products p ON p.id = a.product_id
		WHERE (?1 = '' OR j.branch_id = ?1) AND j.at >= ?2 AND j.at < ?3 ORDER BY j.at, j.id, ps.id`
	var cur Posted
	flush := func() error {
		if cur.ID == 0 {
			return nil
		}
		return fn(cur)
	}
	err := eachRow(ctx, tx, "journal of "+branch, q, func(r row) error {
		var p Posted
		var at, amount int64
		var memo, detail string
		var l PostedLine
		a, err := scanAccount(scanFirst{r, []any{&p.ID, &p.Key, &p.Branch, &p.Kind, &memo, &detail, &p.AuthorKind, &p.AuthorID, &at, &amount}})
		if err != nil {
			return err
		}
		l.Account, l.Amount = a, amount
		if p.ID != cur.ID {
			if err := flush(); err != nil {
				return err
			}
			p.At = fromUnix(at)
			if p.Memo, err = memoOf(p.Kind, memo, detail); err != nil {
				return fmt.Errorf("journal %d: %w", p.ID, err)
			}
			cur = p
		}
		cur.Lines = append(cur.Lines, l)
		return nil
	}, branch, unix(from), unix(to))
	if err != nil {
		return err
	}
	return flush()
}

// scanFirst scans a row into first and then into the columns asked for.
type scanFirst struct {
	r     row
	first []any
}

func (s scanFirst) Scan(dest ...any) error { return s.r.Scan(append(s.first, dest...)...) }

// AuthorCash is the cash one author (a teller, the gateway, a job) moved on a branch's
// cash account in a period.
type AuthorCash struct {
	AuthorKind AuthorKind
	AuthorID   string
	Journals   int
	In, Out    int64 // cash received (the account debited) and paid out (credited), positive
	Opening    bool  // opening balances brought in (books open, imports), not cash at the counter
}

// CashByAuthor sums the postings on the cash accounts of branch in [from, to) by who made them,
// by author kind and then name; opening balances brought in come first, apart.
func (tx *Tx) CashByAuthor(ctx context.Context, branch string, from, to time.Time) ([]AuthorCash, error) {
	const q = `SELECT j.author_kind, j.author_id, COUNT(DISTINCT j.id),
			COALESCE(SUM(CASE WHEN p.amount < 0 THEN -p.amount ELSE 0 END), 0), COALESCE(SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END), 0),
			j.kind = 'opening' AS opening
		FROM postings p JOIN journal j ON j.id = p.journal_id JOIN accounts a ON a.id = p.account_id
		WHERE a.kind = 'cash' AND a.member_id IS NULL AND (?1 = '' OR a.branch_id = ?1) AND j.at >= ?2 AND j.at < ?3
		GROUP BY opening, j.author_kind, j.author_id ORDER BY opening DESC, j.author_kind, j.author_id`
	return collect(ctx, tx, "cash by author of "+branch, q, func(r row) (c AuthorCash, err error) {
		return c, r.Scan(&c.AuthorKind, &c.AuthorID, &c.Journals, &c.In, &c.Out, &c.Opening)
	}, branch, unix(from), unix(to))
}

// LoanGroup is a branch's loans of one product in one status.
type LoanGroup struct {
	ProductCode, ProductName string
	Status                   LoanStatus // as it stands now: the ledger keeps no history of statuses
	Loans                    int
	Principal                int64 // as agreed
	Disbursed                int   // disbursed in the period
	DisbursedAmount          int64
	Outstanding              int64 // principal owed at to, from the postings
}

// LoanGroups sums the loans of branch whose account was opened before to, by product and
// status (approved, active, paid, written off).
func (tx *Tx) LoanGroups(ctx context.Context, branch string, from, to time.Time) ([]LoanGroup, error) {
	const q = `SELECT COALESCE(pr.code, ''), COALESCE(pr.name, ''), l.status, COUNT(*), SUM(l.principal),
			SUM(l.disbursed_at >= ?2 AND l.disbursed_at < ?3), SUM(CASE WHEN l.disbursed_at >= ?2 AND l.disbursed_at < ?3 THEN l.principal ELSE 0 END),
			-COALESCE(SUM((SELECT SUM(p.amount) FROM postings p JOIN journal j ON j.id = p.journal_id WHERE p.account_id = a.id AND j.at < ?3)), 0)
		FROM loans l JOIN accounts a ON a.id = l.account_id LEFT JOIN products pr ON pr.id = a.product_id
		WHERE (?1 = '' OR a.branch_id = ?1) AND a.opened_at < ?3
		GROUP BY a.product_id, l.status
		ORDER BY a.product_id, CASE l.status WHEN 'approved' THEN 0 WHEN 'active' THEN 1 WHEN 'paid' THEN 2 ELSE 3 END`
	return collect(ctx, tx, "loans of "+branch, q, func(r row) (g LoanGroup, err error) {
		return g, r.Scan(&g.ProductCode, &g.ProductName, &g.Status, &g.Loans, &g.Principal, &g.Disbursed, &g.DisbursedAmount, &g.Outstanding)
	}, branch, unix(from), unix(to))
}

// MembersJoined lists the members of branch who joined in [from, to) (applicants and
// rejected applications are not members), oldest first.
func (tx *Tx) MembersJoined(ctx context.Context, branch string, from, to time.Time) ([]Member, error) {
	const q = `SELECT ` + memberColumns + ` FROM members WHERE (?1 = '' OR branch_id = ?1) AND status IN ('active', 'suspended', 'closed')
		AND joined_at >= ?2 AND joined_at < ?3 ORDER BY joined_at, id`
	return tx.listMembers(ctx, "members joined", q, branch, unix(from), unix(to))
}

// MembersLeft lists the members of branch who left the cooperative in [from, to), oldest first.
func (tx *Tx) MembersLeft(ctx context.Context, branch string, from, to time.Time) ([]Member, error) {
	const q = `SELECT ` + memberColumns + ` FROM members WHERE (?1 = '' OR branch_id = ?1) AND status = 'closed'
		AND left_at >= ?2 AND left_at < ?3 ORDER BY left_at, id`
	return tx.listMembers(ctx, "members left", q, branch, unix(from), unix(to))
}

// MembersAt counts the members of branch at t: joined before it and not left before it.
func (tx *Tx) MembersAt(ctx context.Context, branch string, t time.Time) (int, error) {
	const q = `SELECT COUNT(*) FROM members WHERE (?1 = '' OR branch_id = ?1) AND status IN ('active', 'suspended', 'closed')
		AND joined_at < ?2 AND NOT (status = 'closed' AND left_at != 0 AND left_at < ?2)`
	var n int
	if err := tx.queryRow(ctx, q, branch, unix(t)).Scan(&n); err != nil {
		return 0, fmt.Errorf("count members of %s: %w", branch, err)
	}
	return n, nil
}

// MerchantTakings is what one merchant member took by QRIS in a period.
type MerchantTakings struct {
	Member   Member
	Payments int
	Total    int64
}

// TakingsByMerchant sums the QRIS invoices paid in [from, to) per merchant member of
// branch, the most taken first.
func (tx *Tx) TakingsByMerchant(ctx context.Context, branch string, from, to time.Time) ([]MerchantTakings, error) {
	const q = `SELECT ` + memberColumns + `, t.n, t.total FROM (
			SELECT member_id, COUNT(*) AS n, SUM(amount) AS total FROM qris_invoices
			WHERE (?1 = '' OR branch_id = ?1) AND status = 'paid' AND paid_at >= ?2 AND paid_at < ?3 GROUP BY member_id
		) t JOIN members ON members.id = t.member_id ORDER BY t.total DESC, members.id`
	return collect(ctx, tx, "QRIS takings of "+branch, q, func(r row) (m MerchantTakings, err error) {
		m.Member, err = scanMember(scanPlus{r, []any{&m.Payments, &m.Total}})
		return m, err
	}, branch, unix(from), unix(to))
}
