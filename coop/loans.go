package coop

import (
	"fmt"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/store"
)

// Simulate works out the schedule of a loan of product p: amount over tenor months from
// today, by the product's method (flat when it names none) and rate, with the product's
// disbursement fees and what the member would receive.
func Simulate(p store.Product, amount int64, tenor int, today time.Time) (catalog.Simulation, error) {
	return simulate(p, loan.Method(p.Settings().Method), p.RateBP, amount, tenor, today)
}

func simulate(p store.Product, method loan.Method, rateBP, amount int64, tenor int, today time.Time) (catalog.Simulation, error) {
	if method == "" {
		method = loan.Flat
	}
	sched, err := loan.Schedule(method, amount, rateBP, tenor, today)
	if err != nil {
		return catalog.Simulation{}, fmt.Errorf("simulate %s: %w", p.Code, err)
	}
	sum := loan.Summarize(sched)
	fees := DisbursementFees(p, amount)
	return catalog.Simulation{Product: p, Method: method, Amount: amount, Tenor: tenor, Schedule: sched, Summary: sum,
		Installment: sum.FirstInstallment, Last: sched[len(sched)-1].Total(), Fees: fees, Net: amount - fees.Total()}, nil
}
