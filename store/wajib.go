package store

import (
	"context"
	"fmt"
	"time"
)

// WajibTerms say from when a member owes simpanan wajib. A member who joined on WhatsApp owes
// it from the month they joined; one brought in from another system's books (an import) owes
// it from the month after the month they had paid through there, or not at all.
type WajibTerms struct {
	PaidThrough time.Time // the last month paid before kopbot kept the books (the 1st, UTC); zero: dues run from joining
	Exempt      bool      // owes no simpanan wajib
	Opening     int64     // the wajib balance brought in: it paid the months through PaidThrough
}

// monthText is a month as the members table keeps it (empty for none).
func monthText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(monthLayout)
}

// WajibTerms returns a member's simpanan wajib terms.
func (tx *Tx) WajibTerms(ctx context.Context, memberID int64) (WajibTerms, error) {
	const q = `SELECT wajib_paid_through, wajib_exempt, wajib_opening FROM members WHERE id = ?`
	var t WajibTerms
	var through string
	if err := tx.queryRow(ctx, q, memberID).Scan(&through, &t.Exempt, &t.Opening); err != nil {
		return WajibTerms{}, fmt.Errorf("simpanan wajib terms of member %d: %w", memberID, err)
	}
	return t, t.scanMonth(through)
}

func (t *WajibTerms) scanMonth(through string) error {
	if through == "" {
		return nil
	}
	m, err := time.Parse(monthLayout, through) // the first of the month, UTC
	if err != nil {
		return fmt.Errorf("simpanan wajib paid through %q: %w", through, err)
	}
	t.PaidThrough = m
	return nil
}
