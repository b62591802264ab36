package flows

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// pelunasan repays a loan early from the member's savings: the payoff amount today broken
// down, all of it or a part (whose effect on the schedule is shown), the account, the
// summary, the PIN; the receipt goes out with the repayment.
func pelunasan(ctx context.Context, c *Convo[loanPayData], m store.Member, in Input) Result {
	today := c.Now.In(c.Loc)
	switch c.Step {
	case "", "loan":
		return chooseLoan(ctx, c, m, c.Msg.ChooseLoanToRepay, func() Result { return showPayoff(ctx, c, m, today) })
	case "choice", "amount":
		return repayChoice(ctx, c, m, in.Text, today)
	case "from", "confirm", stepPIN:
		// A refusal now means the loan changed since the summary (a payment came in, midnight passed).
		return payLoanSteps(ctx, c, m, in, store.KeyPayoff, func(op coop.TellerOp) error {
			_, err := coop.RepayEarly(ctx, c.Tx, op, c.Data.Loan, coop.PayFromSavings(c.Data.From), c.Data.Amount, today)
			return err
		}, c.Msg.RepayRefused)
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// showPayoff shows what paying the loan off today costs and asks: all, or a part.
func showPayoff(ctx context.Context, c *Convo[loanPayData], m store.Member, today time.Time) Result {
	q, err := coop.PayoffQuote(ctx, c.Tx, c.Data.Loan, today, c.Rules().LateFeeBP)
	if refused, ok := asRefusal(err); ok {
		return c.Done(c.Msg.RepayRefused(refused))
	}
	if err != nil {
		return c.Fail(err)
	}
	offer, numbers, err := c.savingsOffered(ctx, m, paysFrom)
	if err != nil {
		return c.Fail(err)
	}
	if len(offer) == 0 {
		return c.Done(c.Msg.DueNoSource(q.Total))
	}
	c.Data.Sources = numbers
	return c.Ask("choice", c.Msg.PayoffQuote(q, offer))
}

// repayChoice reads "all" or "a part" (step choice), or the amount of a part (step
// amount; an amount typed straight at the choice counts too), and shows what it does.
func repayChoice(ctx context.Context, c *Convo[loanPayData], m store.Member, text string, today time.Time) Result {
	q, err := coop.PayoffQuote(ctx, c.Tx, c.Data.Loan, today, c.Rules().LateFeeBP)
	if refused, ok := asRefusal(err); ok {
		return c.Done(c.Msg.RepayRefused(refused))
	}
	if err != nil {
		return c.Fail(err)
	}
	var amount int64
	if c.Step == "choice" {
		labels := []string{c.Msg.RepayOption(1), c.Msg.RepayOption(2)}
		if q.Least >= q.Total {
			labels = labels[:1] // nothing less than all of it can be repaid
		}
		if n, ok := c.Pick(labels...); ok {
			if n == 2 {
				return c.Ask("amount", c.Msg.AskRepayAmount(q))
			}
			amount = q.Total
		} else if amount, err = c.Amount(text); err != nil {
			return c.Retry(c.Msg.PickNumber(len(labels)))
		}
	} else if amount, err = c.Amount(text); err != nil || amount <= 0 {
		return c.Retry(c.Msg.RepayAmountHelp(q))
	}
	preview, err := coop.PreviewEarlyRepayment(ctx, c.Tx, c.Data.Loan, amount, today, c.Rules().LateFeeBP)
	if refused, ok := asRefusal(err); ok {
		return c.Retry(c.Msg.RepayRefused(refused))
	}
	if err != nil {
		return c.Fail(err)
	}
	c.Data.Amount = preview.Amount
	offer, _, err := c.savingsOffered(ctx, m, paysFrom)
	if err != nil {
		return c.Fail(err)
	}
	best := int64(0)
	for _, a := range offer {
		best = max(best, a.Available())
	}
	if best < preview.Amount {
		branch, err := c.Branch(ctx)
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.RepayShort(preview.Amount, best, branch.Name))
	}
	return c.Ask("from", c.Msg.EarlyRepayPreview(preview, q, offer))
}

// asRefusal reports whether err is a refusal of the cooperative's rules.
func asRefusal(err error) (*coop.Refusal, bool) {
	var r *coop.Refusal
	return r, errors.As(err, &r)
}
