package flows

import (
	"context"
	"errors"
	"fmt"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// loansDecision: loan applications waiting at the admin's branch, shown with the member's
// ceiling and savings, approved or rejected with a reason.
var loansDecision = decision{
	list: func(ctx context.Context, c *Convo[decisionData], in Input) ([]string, string, error) {
		list, err := c.Tx.PendingLoanApplicationsOf(ctx, in.Branch, 10)
		if err != nil || len(list) == 0 {
			return nil, "", err
		}
		loans, names := unnamed(list)
		keys := make([]string, len(loans))
		for i, a := range loans {
			keys[i] = fmt.Sprint(a.ID)
		}
		return keys, c.Msg.AdminLoanApplications(loans, names), nil
	},
	show: func(ctx context.Context, c *Convo[decisionData], in Input, id string) Result {
		a, err := c.Tx.LoanApplication(ctx, atoi64(id))
		if err != nil {
			return c.Fail(err)
		}
		m, err := c.Tx.MemberByID(ctx, a.MemberID)
		if err != nil {
			return c.Fail(err)
		}
		accounts, err := c.Tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		if err != nil {
			return c.Fail(err)
		}
		var savings int64
		for _, acc := range accounts {
			savings += acc.Amount()
		}
		if m.Ceiling == 0 {
			m.Ceiling = c.Rules().DefaultCeiling
		}
		return c.Ask(stepDecide, c.Msg.AdminLoanApplication(a, m, savings))
	},
	options: [2]string{approveWords, rejectWords},
	approve: func(ctx context.Context, c *Convo[decisionData], in Input, id string) Result {
		a, err := coop.DecideLoanApplication(ctx, c.Tx, atoi64(id), true, "", staffBy(in), c.Lang())
		if errors.Is(err, coop.NotPending) {
			return c.Done(c.Msg.AdminAlreadyDecided(a.No()))
		}
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminLoanApproved(a.No(), a.LoanAccount))
	},
	reject: func(ctx context.Context, c *Convo[decisionData], in Input, id, reason string) Result {
		a, err := coop.DecideLoanApplication(ctx, c.Tx, atoi64(id), false, reason, staffBy(in), c.Lang())
		if errors.Is(err, coop.NotPending) {
			return c.Done(c.Msg.AdminAlreadyDecided(a.No()))
		}
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminLoanDecided(a.No(), false))
	},
}
