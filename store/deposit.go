package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// DepositInstruction says what happens to a time deposit at maturity.
type DepositInstruction string

// What a time deposit does at maturity.
const (
	AROPrincipal DepositInstruction = "aro_principal" // renewed with the principal; the interest goes to savings
	AROTotal     DepositInstruction = "aro_total"     // renewed with the principal and the interest after tax
	PayOut       DepositInstruction = "payout"        // principal (and interest) paid into savings, the deposit closed
)

// Valid reports whether i is one of the instructions.
func (i DepositInstruction) Valid() bool { return i == AROPrincipal || i == AROTotal || i == PayOut }

// DepositStatus is where a time deposit stands.
type DepositStatus string

// Time deposit statuses: an active one earns; one paid out at maturity or withdrawn early is closed.
const (
	DepositActive    DepositStatus = "active"
	DepositPaidOut   DepositStatus = "paid_out"
	DepositWithdrawn DepositStatus = "withdrawn"
)

// How a time deposit's interest is paid (ProductParams.InterestPayout).
const (
	PayoutMonthly  = "monthly"  // on each monthiversary of the term's start, to the savings account
	PayoutMaturity = "maturity" // all at maturity
)

// Journal kinds and memos of time deposits.
const (
	KindDepositInterest JournalKind = "bunga_deposito"     // interest of a time deposit, tax withheld
	KindDepositPayout   JournalKind = "pencairan_deposito" // a deposit paid out at maturity or withdrawn early

	MemoDepositInterest MemoKind = "deposit_interest" // Bunga deposito 0105000012 (Months: the term)
	MemoDepositPayout   MemoKind = "deposit_payout"   // Pencairan deposito 0105000012
	MemoDepositBreak    MemoKind = "deposit_break"    // Pencairan deposito sebelum jatuh tempo 0105000012
)

// TimeDeposit is a deposito: a sum placed for a fixed tenor at a fixed rate.
type TimeDeposit struct {
	ID          int64
	Account     Account
	Principal   int64
	RateBP      int64 // yearly, in basis points
	TenorMonths int
	Start       time.Time // the current term's first day
	Maturity    time.Time // the current term's last day is the day before
	Instruction DepositInstruction
	// Payout is the savings account that receives interest and payouts; ID 0 when the member had none.
	Payout         Account
	InterestPayout string // PayoutMonthly or PayoutMaturity, fixed at placement
	Term           int    // 1 for the first term; each rollover adds one
	PaidThrough    time.Time
	NextEvent      time.Time // the next monthiversary (monthly interest) or the maturity
	Status         DepositStatus
	Ended          time.Time
}

// Rollover reports whether the deposit renews itself at maturity.
func (d TimeDeposit) Rollover() bool { return d.Instruction != PayOut }

// Monthly reports whether the deposit pays its interest each month.
func (d TimeDeposit) Monthly() bool { return d.InterestPayout == PayoutMonthly }

// CreateTimeDeposit records the terms of a time deposit held in account d.Account; the
// next event is worked out from the interest payout.
func (tx *Tx) CreateTimeDeposit(ctx context.Context, d TimeDeposit) (TimeDeposit, error) {
	const q = `INSERT INTO time_deposits (account_id, principal, rate_bp, tenor_months, start_date, maturity_date, instruction,
			payout_account_id, interest_payout, term, paid_through, next_event)
		VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, 1, ?, ?) RETURNING id`
	if d.InterestPayout == "" {
		d.InterestPayout = PayoutMaturity
	}
	if !d.Instruction.Valid() {
		return TimeDeposit{}, fmt.Errorf("create time deposit on %s: unknown instruction %q", d.Account.Masked(), d.Instruction)
	}
	d.Start, d.Maturity = dateOnly(d.Start), dateOnly(d.Maturity)
	d.Term, d.PaidThrough, d.Status = 1, d.Start, DepositActive
	d.NextEvent = d.nextEvent()
	err := tx.queryRow(ctx, q, d.Account.ID, d.Principal, d.RateBP, d.TenorMonths, d.Start.Format(dateLayout), d.Maturity.Format(dateLayout),
		d.Instruction, d.Payout.ID, d.InterestPayout, d.PaidThrough.Format(dateLayout), d.NextEvent.Format(dateLayout)).Scan(&d.ID)
	if err != nil {
		return TimeDeposit{}, fmt.Errorf("create time deposit on %s: %w", d.Account.Masked(), err)
	}
	return d, nil
}

// dateOnly is t's calendar date as dates read back from the store are: midnight UTC.
func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// nextEvent is the first day after PaidThrough the close acts on: the next monthiversary of
// Start for monthly interest, never past the maturity.
func (d TimeDeposit) nextEvent() time.Time {
	if d.Monthly() {
		for k := 1; k <= d.TenorMonths; k++ {
			if e := AddMonths(d.Start, k); e.After(d.PaidThrough) && e.Before(d.Maturity) {
				return e
			}
		}
	}
	return d.Maturity
}

// DepositPaid records that the deposit's interest is paid through the day through.
func (tx *Tx) DepositPaid(ctx context.Context, d TimeDeposit, through time.Time) (TimeDeposit, error) {
	d.PaidThrough = through
	d.NextEvent = d.nextEvent()
	const q = `UPDATE time_deposits SET paid_through = ?, next_event = ? WHERE id = ?`
	if _, err := tx.exec(ctx, q, through.Format(dateLayout), d.NextEvent.Format(dateLayout), d.ID); err != nil {
		return TimeDeposit{}, fmt.Errorf("time deposit %d paid through %s: %w", d.ID, through.Format(dateLayout), err)
	}
	return d, nil
}

// RollDeposit starts the deposit's next term on its maturity day, with principal and the rate rateBP.
func (tx *Tx) RollDeposit(ctx context.Context, d TimeDeposit, principal, rateBP int64) (TimeDeposit, error) {
	d.Start, d.Maturity = d.Maturity, AddMonths(d.Maturity, d.TenorMonths)
	d.Principal, d.RateBP, d.Term, d.PaidThrough = principal, rateBP, d.Term+1, d.Start
	d.NextEvent = d.nextEvent()
	const q = `UPDATE time_deposits SET principal = ?, rate_bp = ?, term = ?, start_date = ?, maturity_date = ?, paid_through = ?, next_event = ?
		WHERE id = ? AND status = 'active'`
	if _, err := tx.exec(ctx, q, d.Principal, d.RateBP, d.Term, d.Start.Format(dateLayout), d.Maturity.Format(dateLayout),
		d.PaidThrough.Format(dateLayout), d.NextEvent.Format(dateLayout), d.ID); err != nil {
		return TimeDeposit{}, fmt.Errorf("roll time deposit %d over: %w", d.ID, err)
	}
	return d, nil
}

// SetDepositInstruction changes what the active deposit does at its next maturity.
func (tx *Tx) SetDepositInstruction(ctx context.Context, d TimeDeposit, ins DepositInstruction) error {
	if !ins.Valid() {
		return fmt.Errorf("time deposit %d: unknown instruction %q", d.ID, ins)
	}
	const q = `UPDATE time_deposits SET instruction = ? WHERE id = ? AND status = 'active'`
	if _, err := tx.exec(ctx, q, ins, d.ID); err != nil {
		return fmt.Errorf("time deposit %d: set instruction %s: %w", d.ID, ins, err)
	}
	return nil
}

// EndDeposit records that the deposit ended on day (paid out or withdrawn) and closes its account.
func (tx *Tx) EndDeposit(ctx context.Context, d TimeDeposit, status DepositStatus, day time.Time) error {
	const q = `UPDATE time_deposits SET status = ?, ended_at = ? WHERE id = ?`
	if _, err := tx.exec(ctx, q, status, day.Format(dateLayout), d.ID); err != nil {
		return fmt.Errorf("end time deposit %d: %w", d.ID, err)
	}
	const qAccount = `UPDATE accounts SET status = 'closed' WHERE id = ?`
	if _, err := tx.exec(ctx, qAccount, d.Account.ID); err != nil {
		return fmt.Errorf("close deposit account %s: %w", d.Account.Masked(), err)
	}
	return nil
}

const timeDepositColumns = `, d.id, d.principal, d.rate_bp, d.tenor_months, d.start_date, d.maturity_date, d.instruction,
	COALESCE(d.payout_account_id, 0), COALESCE(s.number, ''), COALESCE(sp.name, ''), d.interest_payout, d.term, d.paid_through, d.next_event, d.status, d.ended_at`

const timeDepositFrom = accountFrom + ` JOIN time_deposits d ON d.account_id = a.id
	LEFT JOIN accounts s ON s.id = d.payout_account_id LEFT JOIN products sp ON sp.id = s.product_id`

// TimeDepositsOfMember returns the member's open time deposits, earliest maturity first.
func (tx *Tx) TimeDepositsOfMember(ctx context.Context, memberID int64) ([]TimeDeposit, error) {
	const q = `SELECT ` + accountColumns + timeDepositColumns + timeDepositFrom + `
		WHERE a.member_id = ? AND a.status != 'closed' ORDER BY d.maturity_date, d.id`
	return collect(ctx, tx, fmt.Sprintf("list time deposits of member %d", memberID), q, scanTimeDeposit, memberID)
}

// DepositsDue returns the active time deposits with something to do on or before day
// (interest of a monthiversary, or the maturity), by id.
func (tx *Tx) DepositsDue(ctx context.Context, day time.Time) ([]TimeDeposit, error) {
	const q = `SELECT ` + accountColumns + timeDepositColumns + timeDepositFrom + `
		WHERE d.status = 'active' AND d.next_event <= ? ORDER BY d.id`
	return collect(ctx, tx, "list time deposits due by "+day.Format(dateLayout), q, scanTimeDeposit, day.Format(dateLayout))
}

// TimeDepositByAccount returns the time deposit held in the account with the given number.
func (tx *Tx) TimeDepositByAccount(ctx context.Context, number string) (TimeDeposit, error) {
	const q = `SELECT ` + accountColumns + timeDepositColumns + timeDepositFrom + ` WHERE a.number = ?`
	d, err := scanTimeDeposit(tx.queryRow(ctx, q, number))
	if errors.Is(err, sql.ErrNoRows) {
		return TimeDeposit{}, fmt.Errorf("time deposit in %s: %w", MaskNumber(number), ErrNotFound)
	}
	if err != nil {
		return TimeDeposit{}, fmt.Errorf("load time deposit in %s: %w", MaskNumber(number), err)
	}
	return d, nil
}

func scanTimeDeposit(r row) (TimeDeposit, error) {
	var d TimeDeposit
	var start, maturity, paid, next, ended string
	a, err := scanAccount(scanPlus{r, []any{&d.ID, &d.Principal, &d.RateBP, &d.TenorMonths, &start, &maturity, &d.Instruction,
		&d.Payout.ID, &d.Payout.Number, &d.Payout.ProductName, &d.InterestPayout, &d.Term, &paid, &next, &d.Status, &ended}})
	if err != nil {
		return TimeDeposit{}, err
	}
	d.Account = a
	d.Start, _ = time.Parse(dateLayout, start)
	d.Maturity, _ = time.Parse(dateLayout, maturity)
	d.PaidThrough, _ = time.Parse(dateLayout, paid)
	d.NextEvent, _ = time.Parse(dateLayout, next)
	if ended != "" {
		d.Ended, _ = time.Parse(dateLayout, ended)
	}
	return d, nil
}
