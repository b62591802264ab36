package store

import (
	"context"
	"fmt"
	"time"
)

// Savings interest accrues each day the books close and is posted on the product's posting
// day (issue 16). savings_accruals keeps, per earning account, the open period and what its
// days add up to; the day's close counts every account of a product in one statement.

// Journal kinds of the savings close.
const (
	KindInterest JournalKind = "bunga"       // savings interest credited, and the tax withheld from it
	KindFee      JournalKind = "biaya_admin" // a monthly administration fee, and fees owed collected
)

// Memos of the savings close; the comments give the Indonesian line.
const (
	MemoInterest    MemoKind = "interest"     // Bunga 11-2026
	MemoInterestTax MemoKind = "interest_tax" // Pajak bunga 11-2026
	MemoFee         MemoKind = "fee"          // Biaya administrasi 11-2026
	MemoFeeArrears  MemoKind = "fee_arrears"  // Tunggakan biaya administrasi
)

// MonthMemo is the memo of kind (interest, its tax, a fee) for month.
func MonthMemo(kind MemoKind, month time.Time) Memo {
	return Memo{Kind: kind, From: month.Format(monthLayout)}
}

// AccrualDay is one product's accounts counted for one closed day.
type AccrualDay struct {
	Product int64
	Day     time.Time // the calendar day counted
	// End is the first instant after Day: the day's end-of-day balance leaves out what was
	// posted at or after it, so a day closed late counts exactly what it held.
	End time.Time
	// PeriodStart and PeriodEnd are the posting period Day falls in, for an account that has
	// no open period yet (an account already counting keeps the period it started).
	PeriodStart, PeriodEnd time.Time
	// MinBalance: a day whose end-of-day balance is below it (or not above zero) earns nothing
	// by the daily-balance method.
	MinBalance int64
}

// laterPostings is each account's sum of postings at or after the instant of parameter param.
func laterPostings(param string) string {
	return `(SELECT p.account_id, SUM(p.amount) AS later FROM journal j JOIN postings p ON p.journal_id = j.id
	WHERE j.at >= ` + param + ` GROUP BY p.account_id)`
}

// AccrueSavings counts d.Day for every active member savings account of d.Product opened
// before d.End: its end-of-day balance is added to its open period (the sum of earning days
// and the lowest balance), and the day is marked counted. A day already counted (through is
// at or after it) changes nothing, so running it again is safe. It returns how many
// accounts it counted.
func (tx *Tx) AccrueSavings(ctx context.Context, d AccrualDay) (int64, error) {
	q := `INSERT INTO savings_accruals (account_id, period_start, period_end, through, counted, earning, lowest)
		SELECT e.id, ?1, ?2, ?3, 1 << CAST(julianday(?3) - julianday(?1) AS INTEGER),
			CASE WHEN e.eod > 0 AND e.eod >= ?4 THEN e.eod ELSE 0 END, e.eod
		FROM (SELECT a.id, a.balance - COALESCE(l.later, 0) AS eod FROM accounts a LEFT JOIN ` + laterPostings("?5") + ` l ON l.account_id = a.id
			WHERE a.product_id = ?6 AND a.kind = 'savings' AND a.member_id IS NOT NULL AND a.status = 'active' AND a.opened_at < ?5) e
		WHERE true
		ON CONFLICT (account_id) DO UPDATE SET through = excluded.through,
			counted = savings_accruals.counted | (1 << CAST(julianday(excluded.through) - julianday(savings_accruals.period_start) AS INTEGER)),
			earning = savings_accruals.earning + excluded.earning,
			lowest = CASE WHEN savings_accruals.counted = 0 THEN excluded.lowest ELSE MIN(savings_accruals.lowest, excluded.lowest) END
		WHERE savings_accruals.through < excluded.through AND savings_accruals.period_start <= excluded.through
			AND savings_accruals.period_end >= excluded.through`
	day := calendarDay(d.Day).Format(dateLayout)
	res, err := tx.exec(ctx, q, calendarDay(d.PeriodStart).Format(dateLayout), calendarDay(d.PeriodEnd).Format(dateLayout), day,
		d.MinBalance, unix(d.End), d.Product)
	if err != nil {
		return 0, fmt.Errorf("accrue interest of product %d for %s: %w", d.Product, day, err)
	}
	n, err := res.RowsAffected()
	return n, err
}

// Accrual is one account's open interest period.
type Accrual struct {
	Account                int64
	Number                 string
	Branch                 string
	Status                 AccountStatus
	Product                int64
	PeriodStart, PeriodEnd time.Time // calendar days, midnight UTC
	Through                time.Time // the last day counted or posted
	Counted                uint32    // bit i: the period's day i was counted
	Earning                int64     // the sum of the earning days' end-of-day balances (daily-balance method)
	Lowest                 int64     // the lowest end-of-day balance counted (lowest-balance method)
	Balance                int64     // the account's balance now
}

// Days is how many days of the period were counted.
func (a Accrual) Days() int {
	n := 0
	for c := a.Counted; c != 0; c &= c - 1 {
		n++
	}
	return n
}

const accrualColumns = `s.account_id, a.number, a.branch_id, a.status, COALESCE(a.product_id, 0), s.period_start, s.period_end, s.through,
	s.counted, s.earning, s.lowest, a.balance`

func scanAccrual(r row) (Accrual, error) {
	var a Accrual
	var start, end, through string
	if err := r.Scan(&a.Account, &a.Number, &a.Branch, &a.Status, &a.Product, &start, &end, &through, &a.Counted, &a.Earning, &a.Lowest, &a.Balance); err != nil {
		return Accrual{}, err
	}
	var err error
	if a.PeriodStart, err = time.Parse(dateLayout, start); err != nil {
		return Accrual{}, err
	}
	if a.PeriodEnd, err = time.Parse(dateLayout, end); err != nil {
		return Accrual{}, err
	}
	a.Through, err = time.Parse(dateLayout, through)
	return a, err
}

// DueAccruals are up to limit open periods that end on or before day, of accounts with IDs
// above after, by account; not those of frozen accounts: they wait until it is active again.
func (tx *Tx) DueAccruals(ctx context.Context, day time.Time, after int64, limit int) ([]Accrual, error) {
	const q = `SELECT ` + accrualColumns + ` FROM savings_accruals s JOIN accounts a ON a.id = s.account_id
		WHERE s.account_id > ? AND s.period_end <= ? AND a.status != 'frozen' ORDER BY s.account_id LIMIT ?`
	return collect(ctx, tx, "accruals due", q, scanAccrual, after, calendarDay(day).Format(dateLayout), limit)
}

// OpenAccruals are every account's open period with at least one day counted.
func (tx *Tx) OpenAccruals(ctx context.Context) ([]Accrual, error) {
	const q = `SELECT ` + accrualColumns + ` FROM savings_accruals s JOIN accounts a ON a.id = s.account_id
		WHERE s.counted != 0 ORDER BY s.account_id`
	return collect(ctx, tx, "open accruals", q, scanAccrual)
}

// RestartAccrual starts account's next period, start to end, with nothing counted; through
// is the day just posted, so that day is never counted again.
func (tx *Tx) RestartAccrual(ctx context.Context, account int64, start, end, through time.Time) error {
	const q = `UPDATE savings_accruals SET period_start = ?, period_end = ?, through = ?, counted = 0, earning = 0, lowest = 0 WHERE account_id = ?`
	if _, err := tx.exec(ctx, q, calendarDay(start).Format(dateLayout), calendarDay(end).Format(dateLayout), calendarDay(through).Format(dateLayout), account); err != nil {
		return fmt.Errorf("restart accrual of account %d: %w", account, err)
	}
	return nil
}

// DropAccrual forgets an account's open period (an account closed earns no more).
func (tx *Tx) DropAccrual(ctx context.Context, account int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM savings_accruals WHERE account_id = ?`, account); err != nil {
		return fmt.Errorf("drop accrual of account %d: %w", account, err)
	}
	return nil
}

// AccountPosting is one posting on an account at an instant.
type AccountPosting struct {
	Account int64
	At      time.Time
	Amount  int64
}

// PostingsOfAccruals are every posting at or after since on the accounts with an open period
// counted, oldest first: with the balances now they give each counted day's end-of-day balance.
func (tx *Tx) PostingsOfAccruals(ctx context.Context, since time.Time) ([]AccountPosting, error) {
	const q = `SELECT p.account_id, j.at, p.amount FROM journal j JOIN postings p ON p.journal_id = j.id
		JOIN savings_accruals s ON s.account_id = p.account_id AND s.counted != 0
		WHERE j.at >= ? ORDER BY j.at, j.id`
	return collect(ctx, tx, "postings of accruals", q, func(r row) (AccountPosting, error) {
		var p AccountPosting
		var at int64
		err := r.Scan(&p.Account, &at, &p.Amount)
		p.At = fromUnix(at)
		return p, err
	}, unix(since))
}

// FeeAccount is a member's savings account as the monthly fee sees it at the end of a day.
type FeeAccount struct {
	ID       int64
	Number   string
	Branch   string
	EndOfDay int64 // the balance at the end of the day
	Balance  int64 // the balance now
	Held     int64
	Minimum  int64 // the product's minimum balance
	Owed     int64 // fees charged before and not yet paid
}

const feeAccountQuery = `SELECT a.id, a.number, a.branch_id, a.balance - COALESCE(l.later, 0), a.balance, a.held,
		COALESCE(pr.min_balance, 0), COALESCE(f.owed, 0)
	FROM accounts a LEFT JOIN products pr ON pr.id = a.product_id LEFT JOIN savings_fees_owed f ON f.account_id = a.id LEFT JOIN `

func scanFeeAccount(r row) (FeeAccount, error) {
	var a FeeAccount
	err := r.Scan(&a.ID, &a.Number, &a.Branch, &a.EndOfDay, &a.Balance, &a.Held, &a.Minimum, &a.Owed)
	return a, err
}

// FeeAccounts are up to limit active member savings accounts of product with IDs above
// after, opened before end (the first instant after the fee day), with what each held at the
// end of that day and owes.
func (tx *Tx) FeeAccounts(ctx context.Context, product int64, end time.Time, after int64, limit int) ([]FeeAccount, error) {
	q := feeAccountQuery + laterPostings("?1") + ` l ON l.account_id = a.id
		WHERE a.product_id = ?2 AND a.kind = 'savings' AND a.member_id IS NOT NULL AND a.status = 'active' AND a.opened_at < ?1
			AND a.id > ?3 ORDER BY a.id LIMIT ?4`
	return collect(ctx, tx, "accounts charged a fee", q, scanFeeAccount, unix(end), product, after, limit)
}

// AccountsOwingFees are the active accounts that owe fees, with their end-of-day balance
// (end is the first instant after the day).
func (tx *Tx) AccountsOwingFees(ctx context.Context, end time.Time) ([]FeeAccount, error) {
	q := feeAccountQuery + laterPostings("?1") + ` l ON l.account_id = a.id
		WHERE f.owed > 0 AND a.status = 'active' ORDER BY a.id`
	return collect(ctx, tx, "accounts owing fees", q, scanFeeAccount, unix(end))
}

// SetFeesOwed records what account owes in fees now.
func (tx *Tx) SetFeesOwed(ctx context.Context, account, owed int64) error {
	const q = `INSERT INTO savings_fees_owed (account_id, owed) VALUES (?, ?) ON CONFLICT (account_id) DO UPDATE SET owed = excluded.owed`
	if _, err := tx.exec(ctx, q, account, owed); err != nil {
		return fmt.Errorf("fees owed by account %d: %w", account, err)
	}
	return nil
}

// FeesOwedByBranch is what members' accounts owe in fees, per branch.
func (tx *Tx) FeesOwedByBranch(ctx context.Context) (map[string]int64, error) {
	out := map[string]int64{}
	const q = `SELECT a.branch_id, SUM(f.owed) FROM savings_fees_owed f JOIN accounts a ON a.id = f.account_id GROUP BY a.branch_id`
	err := eachRow(ctx, tx, "fees owed", q, func(r row) error {
		var b string
		var n int64
		err := r.Scan(&b, &n)
		out[b] = n
		return err
	})
	return out, err
}

// OwnBalances are the balance of each branch's own account of kind (credit positive).
func (tx *Tx) OwnBalances(ctx context.Context, kind string) (map[string]int64, error) {
	out := map[string]int64{}
	const q = `SELECT branch_id, balance FROM accounts WHERE kind = ? AND member_id IS NULL`
	err := eachRow(ctx, tx, "own balances", q, func(r row) error {
		var b string
		var n int64
		err := r.Scan(&b, &n)
		out[b] += n
		return err
	}, kind)
	return out, err
}
