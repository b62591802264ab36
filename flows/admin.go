package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kopbot/kopbot/store"
)

type adminData struct {
	Items []string `json:"items,omitempty"` // registration numbers or loan application IDs, as listed
	Pick  string   `json:"pick,omitempty"`
}

// admin is the branch admins' menu: pending applications and loan requests to approve or
// reject, members to find, PINs to reset. Anyone else is told it is for staff.
func admin(ctx context.Context, c *Convo[adminData], in Input) Result {
	if !c.IsAdmin() {
		return c.Done(c.Msg.AdminOnly())
	}
	by := "wa:" + in.From
	switch c.Step {
	case "":
		apps, err := c.Tx.MembersByStatus(ctx, store.MemberApplicant, 1000)
		if err != nil {
			return c.Fail(err)
		}
		loans, err := c.Tx.LoanApplications(ctx, store.ApplicationPending, 0, 1000)
		if err != nil {
			return c.Fail(err)
		}
		return c.Ask("choose", c.Msg.AdminMenu(len(apps), len(loans)))
	case "choose":
		switch normalize(in.Text) {
		case "1":
			apps, err := c.Tx.MembersByStatus(ctx, store.MemberApplicant, 10)
			if err != nil {
				return c.Fail(err)
			}
			if len(apps) == 0 {
				return c.Done(c.Msg.AdminNothingPending())
			}
			c.Data.Items = nil
			for _, a := range apps {
				c.Data.Items = append(c.Data.Items, a.RegNo)
			}
			return c.Ask("app", c.Msg.AdminApplications(apps, c.Loc))
		case "2":
			loans, err := c.Tx.LoanApplications(ctx, store.ApplicationPending, 0, 10)
			if err != nil {
				return c.Fail(err)
			}
			if len(loans) == 0 {
				return c.Done(c.Msg.AdminNothingPending())
			}
			c.Data.Items = nil
			var names []string
			for _, a := range loans {
				c.Data.Items = append(c.Data.Items, fmt.Sprint(a.ID))
				m, err := c.Tx.MemberByID(ctx, a.MemberID)
				if err != nil {
					return c.Fail(err)
				}
				names = append(names, m.Name)
			}
			return c.Ask("loan", c.Msg.AdminLoanApplications(loans, names))
		case "3":
			return c.Ask("find", c.Msg.AdminAskQuery())
		case "4":
			return c.Ask("reset", c.Msg.AdminAskMemberNo())
		}
		return c.Retry(c.Msg.PickNumber(4))

	case "app":
		regNo, ok := pickFromList(c.Data.Items, strings.ToUpper(in.Text))
		if !ok {
			return c.Retry(c.Msg.PickNumber(len(c.Data.Items)))
		}
		m, err := c.Tx.MemberByRegNo(ctx, regNo)
		if err != nil {
			return c.Fail(err)
		}
		c.Data.Pick = regNo
		res := c.Ask("app-decide", c.Msg.AdminApplication(m, c.Loc))
		if m.KTPPhoto != "" {
			res = res.WithImage(m.KTPPhoto, c.Msg.AdminKTPCaption(m.RegNo))
		}
		return res
	case "app-decide":
		switch normalize(in.Text) {
		case "1", "setujui", "approve":
			m, err := ApproveApplication(ctx, c.Tx, c.Data.Pick, by, c.Lang())
			if errors.Is(err, ErrNotPending) {
				return c.Done(c.Msg.AdminAlreadyDecided(c.Data.Pick))
			}
			if err != nil {
				return c.Fail(err)
			}
			return c.Done(c.Msg.AdminApproved(m.RegNo, m.Name, m.No))
		case "2", "tolak", "reject":
			return c.Ask("app-reason", c.Msg.AdminAskReason())
		}
		return c.Retry(c.Msg.PickNumber(2))
	case "app-reason":
		if len([]rune(strings.TrimSpace(in.Text))) < 10 {
			return c.Retry(c.Msg.AdminAskReason())
		}
		m, err := RejectApplication(ctx, c.Tx, c.Data.Pick, in.Text, by, c.Lang())
		if errors.Is(err, ErrNotPending) {
			return c.Done(c.Msg.AdminAlreadyDecided(c.Data.Pick))
		}
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminRejected(m.RegNo, m.Name))

	case "loan":
		id, ok := pickFromList(c.Data.Items, in.Text)
		if !ok {
			return c.Retry(c.Msg.PickNumber(len(c.Data.Items)))
		}
		var appID int64
		fmt.Sscan(id, &appID)
		a, err := c.Tx.LoanApplication(ctx, appID)
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
		c.Data.Pick = id
		if m.Ceiling == 0 {
			m.Ceiling = c.Rules().DefaultCeiling
		}
		return c.Ask("loan-decide", c.Msg.AdminLoanApplication(a, m, savings))
	case "loan-decide":
		var appID int64
		fmt.Sscan(c.Data.Pick, &appID)
		switch normalize(in.Text) {
		case "1", "setujui", "approve":
			a, err := DecideLoanApplication(ctx, c.Tx, appID, true, "", by, c.Lang())
			if errors.Is(err, ErrNotPending) {
				return c.Done(c.Msg.AdminAlreadyDecided(a.No()))
			}
			if err != nil {
				return c.Fail(err)
			}
			return c.Done(c.Msg.AdminLoanDecided(a.No(), true))
		case "2", "tolak", "reject":
			return c.Ask("loan-reason", c.Msg.AdminAskReason())
		}
		return c.Retry(c.Msg.PickNumber(2))
	case "loan-reason":
		if len([]rune(strings.TrimSpace(in.Text))) < 10 {
			return c.Retry(c.Msg.AdminAskReason())
		}
		var appID int64
		fmt.Sscan(c.Data.Pick, &appID)
		a, err := DecideLoanApplication(ctx, c.Tx, appID, false, in.Text, by, c.Lang())
		if errors.Is(err, ErrNotPending) {
			return c.Done(c.Msg.AdminAlreadyDecided(a.No()))
		}
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminLoanDecided(a.No(), false))

	case "find":
		q := strings.TrimSpace(in.Text)
		if len(q) < 3 {
			return c.Retry(c.Msg.AdminAskQuery())
		}
		found, err := c.Tx.FindMembers(ctx, q, 10)
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminFound(found))
	case "reset":
		m, err := c.Tx.MemberByNo(ctx, strings.TrimSpace(in.Text))
		if errors.Is(err, store.ErrNotFound) {
			return c.Retry(c.Msg.AdminNoSuchMember(strings.TrimSpace(in.Text)))
		}
		if err != nil {
			return c.Fail(err)
		}
		if err := ResetPIN(ctx, c.Tx, m, by, c.Lang()); err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminPINReset(m.No, m.Name))
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}
