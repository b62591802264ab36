package coop

import (
	"fmt"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/store"
)

// Simulate works out the schedule of a loan of product p: amount over tenor months from
// today, by the product's method (flat when it names none).
func Simulate(p store.Product, amount int64, tenor int, today time.Time) (catalog.Simulation, error) {
	method := loan.Method(p.Settings().Method)
	if method == "" {
		method = loan.Flat
	}
	sched, err := loan.Schedule(method, amount, p.RateBP, tenor, today)
	if err != nil {
		return catalog.Simulation{}, fmt.Errorf("simulate %s: %w", p.Code, err)
	}
	sum := loan.Summarize(sched)
	return catalog.Simulation{Product: p, Method: method, Amount: amount, Tenor: tenor, Schedule: sched, Summary: sum,
		Installment: sum.FirstInstallment, Last: sched[len(sched)-1].Total()}, nil
}
