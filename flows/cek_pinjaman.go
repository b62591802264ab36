package flows

import (
	"context"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

type cekPinjamanData struct {
	Loans []int64 `json:"loans,omitempty"` // loan IDs in the order shown
}

// cekPinjaman shows each loan's standing; "jadwal" (or its number) shows the full schedule.
func cekPinjaman(ctx context.Context, c *Convo[cekPinjamanData], m store.Member, in Input) Result {
	switch c.Step {
	case "":
		loans, err := c.Tx.LoansOfMember(ctx, m.ID)
		if err != nil {
			return c.Fail(err)
		}
		if len(loans) == 0 {
			return c.Done(c.Msg.NoLoans())
		}
		lines := make([]catalog.LoanLine, len(loans))
		c.Data.Loans = c.Data.Loans[:0]
		for i, l := range loans {
			c.Data.Loans = append(c.Data.Loans, l.ID)
			if l.Status == store.LoanApproved {
				// Approved, not paid out: no standing yet, only the terms the akad will make.
				terms, err := coop.LoanTerms(ctx, c.Tx, l, c.Now.In(c.Loc))
				if err != nil {
					return c.Fail(err)
				}
				lines[i] = catalog.LoanLine{Loan: l, Waiting: true, Terms: terms}
				continue
			}
			sched, err := c.Tx.Installments(ctx, l.ID)
			if err != nil {
				return c.Fail(err)
			}
			paidFees, err := c.Tx.LateFeesPaid(ctx, l.ID)
			if err != nil {
				return c.Fail(err)
			}
			lines[i] = standing(l, sched, paidFees, c.Now.In(c.Loc), c.Rules().LateFeeBP)
		}
		if !anyPaidOut(loans) {
			return c.Done(c.Msg.Loans(m.Name, lines))
		}
		return c.Ask("schedule", c.Msg.Loans(m.Name, lines))
	case "schedule":
		labels := make([]string, len(c.Data.Loans))
		for i := range labels {
			labels[i] = c.Msg.ScheduleOption(i+1, len(labels))
		}
		n, ok := c.Pick(labels...)
		if !ok {
			return c.NotAPick(c.Msg.AskSchedule(len(c.Data.Loans)))
		}
		pick := n - 1
		loans, err := c.Tx.LoansOfMember(ctx, m.ID)
		if err != nil {
			return c.Fail(err)
		}
		for _, l := range loans {
			if l.ID == c.Data.Loans[pick] {
				if l.Status == store.LoanApproved {
					return c.Done(c.Msg.ScheduleAfterDisbursement())
				}
				sched, err := c.Tx.Installments(ctx, l.ID)
				if err != nil {
					return c.Fail(err)
				}
				return c.Done(c.Msg.Schedule(l, sched, c.Now.In(c.Loc)))
			}
		}
		return c.Done(c.Msg.NoLoans())
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// anyPaidOut reports whether any of loans was disbursed, so has a schedule to show.
func anyPaidOut(loans []store.Loan) bool {
	for _, l := range loans {
		if l.Status != store.LoanApproved {
			return true
		}
	}
	return false
}

// standing works out where a loan stands on day today. Late fees: each overdue
// installment's unpaid amount × lateFeeBP/10,000 a day since its due date, rounded half
// up per installment, less the late fees already paid on it (as teller payments allocate them).
func standing(l store.Loan, sched []store.Installment, paidFees map[int]int64, today time.Time, lateFeeBP int64) catalog.LoanLine {
	line := catalog.LoanLine{Loan: l, Outstanding: l.Account.Amount(), Count: len(sched)}
	for _, in := range sched {
		unpaid := in.Total() - in.Paid
		if unpaid <= 0 {
			line.Paid++
			continue
		}
		if !line.HasNext {
			line.Next, line.HasNext = in, true
		}
		if days := catalog.DaysBetween(in.Due, today); days > 0 {
			line.Overdue++
			line.Arrears += unpaid
			line.LateFees += max((unpaid*lateFeeBP*int64(days)+5_000)/10_000-paidFees[in.No], 0)
		}
	}
	return line
}
