package coop

import (
	"context"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/store"
)

// ReportTakingsByDay is the QRIS takings (the merchants' soundbox payments) of the period's
// branch ("" for every branch) on each day of the period, a day without payments included
// as nothing. Its sum is ReportQRIS's total.
func ReportTakingsByDay(ctx context.Context, tx *store.Tx, p Period) ([]DayTakings, error) {
	paid, err := tx.PaidQRIS(ctx, p.Branch, p.start(), p.end())
	if err != nil {
		return nil, err
	}
	return spreadByDay(p.start(), p.end(), paid)
}

// spreadByDay sums payments into the days from from up to, not including, to (both
// midnights, in the time zone the days are counted in).
func spreadByDay(from, to time.Time, paid []store.PaidAmount) ([]DayTakings, error) {
	var days []DayTakings
	index := map[string]int{}
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		index[d.Format(time.DateOnly)] = len(days)
		days = append(days, DayTakings{Day: d})
	}
	for _, p := range paid {
		i, ok := index[p.At.In(from.Location()).Format(time.DateOnly)]
		if !ok {
			return nil, fmt.Errorf("a payment at %s is outside %s to %s", p.At, from, to)
		}
		days[i].Count++
		days[i].Total += p.Amount
	}
	return days, nil
}
