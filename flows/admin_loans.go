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
	list: waiting((*store.Tx).PendingLoanApplicationsOf, func(n store.Named[store.LoanApplication]) string { return fmt.Sprint(n.Item.ID) },
		func(c *Convo[decisionData], list []store.Named[store.LoanApplication]) string {
			loans, names := unnamed(list)
			return c.Msg.AdminLoanApplications(loans, names)
		}),
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
		m.Ceiling = coop.InstallmentCeiling(m, c.Rules().DefaultCeiling)
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
