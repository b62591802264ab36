package store

import (
	"context"
	"fmt"
	"time"
)

// TimeDeposit is a deposito: a sum placed for a fixed tenor at a fixed rate.
type TimeDeposit struct {
	ID          int64
	Account     Account
	Principal   int64
	RateBP      int64 // yearly, in basis points
	TenorMonths int
	Start       time.Time
	Maturity    time.Time
	Rollover    bool // renewed automatically at maturity
}

// CreateTimeDeposit records the terms of a time deposit held in account d.Account.
func (tx *Tx) CreateTimeDeposit(ctx context.Context, d TimeDeposit) (TimeDeposit, error) {
	const q = `INSERT INTO time_deposits (account_id, principal, rate_bp, tenor_months, start_date, maturity_date, rollover)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`
	err := tx.queryRow(ctx, q, d.Account.ID, d.Principal, d.RateBP, d.TenorMonths,
		d.Start.Format(dateLayout), d.Maturity.Format(dateLayout), d.Rollover).Scan(&d.ID)
	if err != nil {
		return TimeDeposit{}, fmt.Errorf("create time deposit on %s: %w", d.Account.Masked(), err)
	}
	return d, nil
}

// TimeDepositsOfMember returns the member's open time deposits, earliest maturity first.
func (tx *Tx) TimeDepositsOfMember(ctx context.Context, memberID int64) ([]TimeDeposit, error) {
	const q = `SELECT ` + accountColumns + `, d.id, d.principal, d.rate_bp, d.tenor_months, d.start_date, d.maturity_date, d.rollover` +
		accountFrom + ` JOIN time_deposits d ON d.account_id = a.id
		WHERE a.member_id = ? AND a.status != 'closed' ORDER BY d.maturity_date, d.id`
	return collect(ctx, tx, fmt.Sprintf("list time deposits of member %d", memberID), q, scanTimeDeposit, memberID)
}

func scanTimeDeposit(r row) (TimeDeposit, error) {
	var d TimeDeposit
	var start, maturity string
	a, err := scanAccount(scanPlus{r, []any{&d.ID, &d.Principal, &d.RateBP, &d.TenorMonths, &start, &maturity, &d.Rollover}})
	if err != nil {
		return TimeDeposit{}, err
	}
	d.Account = a
	d.Start, _ = time.Parse(dateLayout, start)
	d.Maturity, _ = time.Parse(dateLayout, maturity)
	return d, nil
}
