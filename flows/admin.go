package flows

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"

	"github.com/kopbot/kopbot/store"
)

type adminData struct {
	Items   []string `json:"items,omitempty"` // registration numbers or loan application IDs, as listed
	Pick    string   `json:"pick,omitempty"`
	Op      string   `json:"op,omitempty"` // the teller operation under way: deposit, withdraw
	Account string   `json:"account,omitempty"`
	Amount  int64    `json:"amount,omitempty"`
}

// admin is the branch admins' menu: pending applications and loan requests to approve or
// reject, members to find, PINs to reset. Anyone else is told it is for staff.
func admin(ctx context.Context, c *Convo[adminData], in Input) Result {
	if !c.IsAdmin() {
		return c.Done(c.Msg.AdminOnly())
	}
	by := coop.Staff(in.From)
	switch c.Step {
	case "":
		pending, err := c.Tx.PendingWork(ctx, in.Branch)
		if err != nil {
			return c.Fail(err)
		}
		return c.Ask("choose", c.Msg.AdminMenu(pending))
	case "choose":
		n, _ := c.Choice(13)
		switch n {
		case 1:
			apps, err := c.Tx.ApplicantsOf(ctx, in.Branch, 10)
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
		case 2:
			list, err := c.Tx.PendingLoanApplicationsOf(ctx, in.Branch, 10)
			if err != nil {
				return c.Fail(err)
			}
			if len(list) == 0 {
				return c.Done(c.Msg.AdminNothingPending())
			}
			loans, names := unnamed(list)
			c.Data.Items = nil
			for _, a := range loans {
				c.Data.Items = append(c.Data.Items, fmt.Sprint(a.ID))
			}
			return c.Ask("loan", c.Msg.AdminLoanApplications(loans, names))
		case 3:
			return c.Ask("find", c.Msg.AdminAskQuery())
		case 4:
			return c.Ask("reset", c.Msg.AdminAskMemberNo())
		case 5, 6:
			c.Data.Op = map[int]string{5: "deposit", 6: "withdraw"}[n]
			return c.Ask("teller-account", c.Msg.AdminAskSavingsAccount())
		case 7:
			return c.Ask("installment", c.Msg.AdminAskLoanAccount())
		case 8:
			return c.Ask("reverse", c.Msg.AdminAskReference())
		case 9:
			return c.Ask("disburse-loan", c.Msg.AdminAskLoanAccount())
		case 10:
			list, err := c.Tx.KTPReviewsOf(ctx, in.Branch, 10)
			if err != nil {
				return c.Fail(err)
			}
			if len(list) == 0 {
				return c.Done(c.Msg.AdminNothingPending())
			}
			vs, names := unnamed(list)
			c.Data.Items = nil
			for _, v := range vs {
				c.Data.Items = append(c.Data.Items, fmt.Sprint(v.ID))
			}
			return c.Ask("ktp", c.Msg.AdminKTPList(vs, names, c.Loc))
		case 11:
			list, err := c.Tx.PendingDepositsOf(ctx, in.Branch, 10)
			if err != nil {
				return c.Fail(err)
			}
			if len(list) == 0 {
				return c.Done(c.Msg.AdminNothingPending())
			}
			ds, names := unnamed(list)
			c.Data.Items = nil
			for _, d := range ds {
				c.Data.Items = append(c.Data.Items, fmt.Sprint(d.ID))
			}
			return c.Ask("deposit", c.Msg.AdminDepositList(ds, names))
		case 12:
			list, err := c.Tx.PendingWithdrawalsOf(ctx, in.Branch, 10)
			if err != nil {
				return c.Fail(err)
			}
			if len(list) == 0 {
				return c.Done(c.Msg.AdminNothingPending())
			}
			ws, names := unnamed(list)
			c.Data.Items = nil
			for _, w := range ws {
				c.Data.Items = append(c.Data.Items, fmt.Sprint(w.ID))
			}
			return c.Ask("withdrawal", c.Msg.AdminWithdrawalList(ws, names))
		case 13:
			hs, err := c.Tx.OpenHandovers(ctx, in.Branch, 10)
			if err != nil {
				return c.Fail(err)
			}
			if len(hs) == 0 {
				return c.Done(c.Msg.AdminNothingPending())
			}
			list := make([]catalog.HandoverNotice, len(hs))
			c.Data.Items = nil
			for i, h := range hs {
				list[i] = handoverNotice(h, "", c.Now, c.Loc)
				c.Data.Items = append(c.Data.Items, h.Phone)
			}
			return c.Ask("handover", c.Msg.AdminHandoverList(list))
		}
		return c.Retry(c.Msg.PickNumber(13))

	// Chats waiting for a person (handover.go): staff answer from the branch's phone, then
	// hand the member back to the bot here.
	case "handover":
		phone, ok := c.pickFrom(c.Data.Items)
		if !ok {
			return c.Retry(c.Msg.PickNumber(len(c.Data.Items)))
		}
		h, err := c.Tx.OpenHandover(ctx, in.Branch, phone)
		if errors.Is(err, store.ErrNotFound) {
			return c.Done(c.Msg.AdminHandoverGone(phone))
		}
		if err != nil {
			return c.Fail(err)
		}
		recent, err := c.Tx.RecentOf(ctx, in.Branch, phone)
		if err != nil {
			return c.Fail(err)
		}
		c.Data.Pick = phone
		return c.Ask("handover-decide", c.Msg.AdminHandoverDetail(handoverNotice(h, recent, c.Now, c.Loc)))
	case "handover-decide":
		switch c.option("kembalikan release", "biarkan keep") {
		case 1:
			h, err := coop.ReleaseHandover(ctx, c.Tx, in.Branch, c.Data.Pick, by, c.Lang())
			if errors.Is(err, store.ErrNotFound) {
				return c.Done(c.Msg.AdminHandoverGone(c.Data.Pick))
			}
			if err != nil {
				return c.Fail(err)
			}
			return c.Done(c.Msg.AdminHandoverReleased(handoverWho(h), h.Phone))
		case 2:
			return c.Done(c.Msg.AdminHandoverKept())
		}
		return c.Retry(c.Msg.PickNumber(2))

	// Deposits members reported with a transfer proof, and withdrawals to their bank
	// accounts: staff check the bank statement, then decide here as on the command line.
	case "deposit":
		id, ok := c.pickFrom(c.Data.Items)
		if !ok {
			return c.Retry(c.Msg.PickNumber(len(c.Data.Items)))
		}
		d, err := c.Tx.DepositRequest(ctx, atoi64(id))
		if err != nil {
			return c.Fail(err)
		}
		m, err := c.Tx.MemberByID(ctx, d.MemberID)
		if err != nil {
			return c.Fail(err)
		}
		c.Data.Pick = id
		res := c.Ask("deposit-decide", c.Msg.AdminDepositDetail(d, m))
		if d.ProofPhoto != "" {
			res = res.WithImage(d.ProofPhoto, c.Msg.AdminProofCaption(d.No()))
		}
		return res
	case "deposit-decide":
		switch c.option("verifikasi verify", "batalkan cancel") {
		case 1:
			d, ref, err := coop.VerifyDeposit(ctx, c.Tx, atoi64(c.Data.Pick), by, c.Lang())
			if stop, ok := c.requestDecided(err, store.DepositRequest{ID: atoi64(c.Data.Pick)}.No()); !ok {
				return stop
			}
			return c.Done(c.Msg.AdminDepositVerified(d, ref))
		case 2:
			return c.Ask("deposit-reason", c.Msg.AdminAskReason(coop.MinReasonLetters))
		}
		return c.Retry(c.Msg.PickNumber(2))
	case "deposit-reason":
		if coop.CheckReason(in.Text) != nil {
			return c.Retry(c.Msg.AdminAskReason(coop.MinReasonLetters))
		}
		d, err := coop.CancelDeposit(ctx, c.Tx, atoi64(c.Data.Pick), in.Text, by, c.Lang())
		if stop, ok := c.requestDecided(err, store.DepositRequest{ID: atoi64(c.Data.Pick)}.No()); !ok {
			return stop
		}
		m, err := c.Tx.MemberByID(ctx, d.MemberID)
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminDepositCancelled(d.No(), m.Name))
	case "withdrawal":
		id, ok := c.pickFrom(c.Data.Items)
		if !ok {
			return c.Retry(c.Msg.PickNumber(len(c.Data.Items)))
		}
		w, err := c.Tx.WithdrawalRequest(ctx, atoi64(id))
		if err != nil {
			return c.Fail(err)
		}
		m, err := c.Tx.MemberByID(ctx, w.MemberID)
		if err != nil {
			return c.Fail(err)
		}
		c.Data.Pick = id
		return c.Ask("withdrawal-decide", c.Msg.AdminWithdrawalDetail(w, m))
	case "withdrawal-decide":
		switch c.option("tandai sudah dibayar bayar pay paid", "tolak reject") {
		case 1:
			w, ref, err := coop.PayWithdrawal(ctx, c.Tx, atoi64(c.Data.Pick), by, c.Lang())
			if stop, ok := c.requestDecided(err, store.WithdrawalRequest{ID: atoi64(c.Data.Pick)}.No()); !ok {
				return stop
			}
			return c.Done(c.Msg.AdminWithdrawalPaid(w, ref))
		case 2:
			return c.Ask("withdrawal-reason", c.Msg.AdminAskReason(coop.MinReasonLetters))
		}
		return c.Retry(c.Msg.PickNumber(2))
	case "withdrawal-reason":
		if coop.CheckReason(in.Text) != nil {
			return c.Retry(c.Msg.AdminAskReason(coop.MinReasonLetters))
		}
		w, err := coop.RejectWithdrawal(ctx, c.Tx, atoi64(c.Data.Pick), in.Text, by, c.Lang())
		if stop, ok := c.requestDecided(err, store.WithdrawalRequest{ID: atoi64(c.Data.Pick)}.No()); !ok {
			return stop
		}
		m, err := c.Tx.MemberByID(ctx, w.MemberID)
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminWithdrawalRejected(w.No(), m.Name))

	// KTP verifications staff review: the photos, the data, approve or reject with a reason.
	case "ktp":
		id, ok := c.pickFrom(c.Data.Items)
		if !ok {
			return c.Retry(c.Msg.PickNumber(len(c.Data.Items)))
		}
		v, err := c.Tx.KTPVerification(ctx, atoi64(id))
		if err != nil {
			return c.Fail(err)
		}
		m, err := c.Tx.MemberByID(ctx, v.MemberID)
		if err != nil {
			return c.Fail(err)
		}
		c.Data.Pick = id
		res := c.Ask("ktp-decide", c.Msg.AdminKTPDetail(v, m, c.Loc))
		if v.KTPPhoto != "" {
			res = res.WithImage(v.KTPPhoto, c.Msg.AdminKTPPhotoCaption(v.No(), false))
		}
		if v.SelfiePhoto != "" {
			res = res.WithImage(v.SelfiePhoto, c.Msg.AdminKTPPhotoCaption(v.No(), true))
		}
		return res
	case "ktp-decide":
		switch c.option("setujui approve", "tolak reject") {
		case 1:
			return decideKTP(ctx, c, true, "", by)
		case 2:
			return c.Ask("ktp-reason", c.Msg.AdminAskReason(coop.MinReasonLetters))
		}
		return c.Retry(c.Msg.PickNumber(2))
	case "ktp-reason":
		if coop.CheckReason(in.Text) != nil {
			return c.Retry(c.Msg.AdminAskReason(coop.MinReasonLetters))
		}
		return decideKTP(ctx, c, false, in.Text, by)

	// Teller operations at the counter, each journaled with this admin and the confirming
	// message as its idempotency key.
	case "teller-account":
		a, err := c.Tx.AccountByNumber(ctx, digitsOnly(in.Text))
		if errors.Is(err, store.ErrNotFound) || err == nil && (a.Kind != store.AccountSavings || a.MemberID == 0) {
			return c.Retry(c.Msg.AdminAskSavingsAccount())
		}
		if err != nil {
			return c.Fail(err)
		}
		owner, err := c.Tx.MemberByID(ctx, a.MemberID)
		if err != nil {
			return c.Fail(err)
		}
		c.Data.Account = a.Number
		return c.Ask("teller-amount", c.Msg.AdminAskCashAmount(c.Data.Op, a, owner.Name))
	case "teller-amount":
		amount, err := c.Amount(in.Text)
		if err != nil {
			return c.Retry(c.Msg.BadAmount())
		}
		c.Data.Amount = amount
		return c.Ask("teller-confirm", c.Msg.AdminConfirmCash(c.Data.Op, c.Data.Account, amount))
	case "teller-confirm":
		if yes, ok := c.YesNo(); !ok {
			return c.Retry(c.Msg.AskYesNo())
		} else if !yes {
			return c.Done(c.Msg.Cancelled())
		}
		op := c.tellerOp(in)
		var r store.Receipt
		var err error
		if c.Data.Op == "deposit" {
			r, err = coop.CashDeposit(ctx, c.Tx, op, c.Data.Account, c.Data.Amount, "Setoran tunai")
		} else {
			r, err = coop.CashWithdrawal(ctx, c.Tx, op, c.Data.Account, c.Data.Amount, "Penarikan tunai")
		}
		if stop, ok := c.tellerRefusal(err); !ok {
			return stop
		}
		return c.Done(c.Msg.AdminTellerDone(r.Ref, r.Amount))
	case "installment":
		number := digitsOnly(in.Text)
		due, err := coop.LoanDueOn(ctx, c.Tx, number, c.Now.In(c.Loc), c.Rules().LateFeeBP)
		if err != nil {
			return c.Retry(c.Msg.AdminAskLoanAccount())
		}
		if due.Now <= 0 {
			return c.Done(c.Msg.NothingDue())
		}
		c.Data.Account, c.Data.Amount = number, due.Now
		return c.Ask("installment-confirm", c.Msg.AdminConfirmInstallment(due))
	case "installment-confirm":
		if yes, ok := c.YesNo(); !ok {
			return c.Retry(c.Msg.AskYesNo())
		} else if !yes {
			return c.Done(c.Msg.Cancelled())
		}
		p, err := coop.PayInstallments(ctx, c.Tx, c.tellerOp(in), c.Data.Account, coop.PayCash, c.Data.Amount, c.Now.In(c.Loc))
		if stop, ok := c.tellerRefusal(err); !ok {
			return stop
		}
		return c.Done(c.Msg.AdminTellerDone(p.Ref, p.Amount))
	case "disburse-loan":
		l, err := c.Tx.LoanByAccount(ctx, digitsOnly(in.Text))
		if errors.Is(err, store.ErrNotFound) {
			return c.Retry(c.Msg.AdminAskLoanAccount())
		}
		if err != nil {
			return c.Fail(err)
		}
		owner, err := c.Tx.MemberByID(ctx, l.Account.MemberID)
		if err != nil {
			return c.Fail(err)
		}
		c.Data.Pick = l.Account.Number
		return c.Ask("disburse-to", c.Msg.AdminAskDisburseSavings(l.Account.Number, l.Principal, owner.Name))
	case "disburse-to":
		r, err := coop.DisburseLoan(ctx, c.Tx, c.tellerOp(in), c.Data.Pick, digitsOnly(in.Text))
		switch {
		case errors.Is(err, coop.OtherMember), errors.Is(err, coop.NotSavings), errors.Is(err, coop.BadAccountNumber), errors.Is(err, store.ErrNotFound):
			return c.Retry(c.Msg.AdminDisburseToOwnSavings())
		case errors.Is(err, coop.AlreadyDisbursed):
			return c.Done(c.Msg.AdminAlreadyDisbursed(c.Data.Pick))
		}
		if stop, ok := c.tellerRefusal(err); !ok {
			return stop
		}
		return c.Done(c.Msg.AdminTellerDone(r.Ref, r.Amount))
	case "reverse":
		ref, err := store.ParseRef(in.Text) // TRF-, as transfer receipts printed it, reads too
		if err != nil || ref.Kind != store.RefJournal {
			return c.Retry(c.Msg.AdminAskReference())
		}
		c.Data.Pick = ref.String()
		return c.Ask("reverse-reason", c.Msg.AdminAskReversalReason(coop.MinReasonLetters))
	case "reverse-reason":
		if coop.CheckReason(in.Text) != nil {
			return c.Retry(c.Msg.AdminAskReversalReason(coop.MinReasonLetters))
		}
		r, err := coop.Reverse(ctx, c.Tx, c.tellerOp(in), c.Data.Pick, strings.TrimSpace(in.Text))
		if stop, ok := c.tellerRefusal(err); !ok {
			return stop
		}
		return c.Done(c.Msg.AdminTellerDone(r.Ref, r.Amount))

	case "app":
		regNo, ok := c.pickFrom(c.Data.Items)
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
		switch c.option("setujui approve", "tolak reject") {
		case 1:
			m, err := coop.ApproveApplication(ctx, c.Tx, c.Data.Pick, by, c.Lang())
			if errors.Is(err, coop.NotPending) {
				return c.Done(c.Msg.AdminAlreadyDecided(c.Data.Pick))
			}
			if err != nil {
				return c.Fail(err)
			}
			return c.Done(c.Msg.AdminApproved(m.RegNo, m.Name, m.No))
		case 2:
			return c.Ask("app-reason", c.Msg.AdminAskReason(coop.MinReasonLetters))
		}
		return c.Retry(c.Msg.PickNumber(2))
	case "app-reason":
		if coop.CheckReason(in.Text) != nil {
			return c.Retry(c.Msg.AdminAskReason(coop.MinReasonLetters))
		}
		m, err := coop.RejectApplication(ctx, c.Tx, c.Data.Pick, in.Text, by, c.Lang())
		if errors.Is(err, coop.NotPending) {
			return c.Done(c.Msg.AdminAlreadyDecided(c.Data.Pick))
		}
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminRejected(m.RegNo, m.Name))

	case "loan":
		id, ok := c.pickFrom(c.Data.Items)
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
		switch c.option("setujui approve", "tolak reject") {
		case 1:
			a, err := coop.DecideLoanApplication(ctx, c.Tx, appID, true, "", by, c.Lang())
			if errors.Is(err, coop.NotPending) {
				return c.Done(c.Msg.AdminAlreadyDecided(a.No()))
			}
			if err != nil {
				return c.Fail(err)
			}
			return c.Done(c.Msg.AdminLoanApproved(a.No(), a.LoanAccount))
		case 2:
			return c.Ask("loan-reason", c.Msg.AdminAskReason(coop.MinReasonLetters))
		}
		return c.Retry(c.Msg.PickNumber(2))
	case "loan-reason":
		if coop.CheckReason(in.Text) != nil {
			return c.Retry(c.Msg.AdminAskReason(coop.MinReasonLetters))
		}
		var appID int64
		fmt.Sscan(c.Data.Pick, &appID)
		a, err := coop.DecideLoanApplication(ctx, c.Tx, appID, false, in.Text, by, c.Lang())
		if errors.Is(err, coop.NotPending) {
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
		if err := coop.ResetPIN(ctx, c.Tx, m, by, c.Lang()); err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.AdminPINReset(m.No, m.Name))
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

func (c *Convo[T]) tellerOp(in Input) coop.TellerOp {
	return coop.TellerOp{Key: store.KeyAdminMenu.Key(in.Branch, in.MessageID), By: coop.Staff(in.From), Lang: c.Lang(), Loc: c.Loc, LateFeeBP: c.Rules().LateFeeBP}
}

// tellerRefusal turns a teller operation's refusal into an answer for the admin; a fault fails the step.
func (c *Convo[T]) tellerRefusal(err error) (Result, bool) {
	var refused *coop.Refusal
	switch {
	case err == nil:
		return Result{}, true
	case errors.As(err, &refused) && refused.Code == coop.OverWithdrawable:
		return c.Done(c.Msg.AdminWithdrawable(refused.Max)), false
	case errors.Is(err, store.ErrAccountInactive):
		return c.Done(c.Msg.AdminTellerRefused(err.Error())), false
	case errors.Is(err, store.ErrNotFound), errors.Is(err, coop.AlreadyReversed), errors.Is(err, coop.IsReversal),
		errors.Is(err, coop.CannotReverse), errors.Is(err, coop.NothingOwed), errors.Is(err, coop.LockedSavings),
		errors.Is(err, coop.Overpayment):
		return c.Done(c.Msg.AdminTellerRefused(err.Error())), false
	}
	return c.Fail(err), false
}

// decideKTP records the admin's decision on the KTP verification picked.
func decideKTP(ctx context.Context, c *Convo[adminData], approve bool, reason string, by coop.Actor) Result {
	v, err := coop.DecideKTP(ctx, c.Tx, atoi64(c.Data.Pick), approve, reason, by, c.Lang())
	switch {
	case errors.Is(err, coop.NotPending):
		return c.Done(c.Msg.AdminAlreadyDecided(v.No()))
	case errors.Is(err, coop.KTPTaken):
		return c.Done(c.Msg.AdminKTPTaken(v.No()))
	case err != nil:
		return c.Fail(err)
	}
	m, err := c.Tx.MemberByID(ctx, v.MemberID)
	if err != nil {
		return c.Fail(err)
	}
	if approve {
		return c.Done(c.Msg.AdminKTPApproved(v.No(), m.Name))
	}
	return c.Done(c.Msg.AdminKTPRejected(v.No(), m.Name))
}

func atoi64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// requestDecided turns a deposit or withdrawal decision's refusal into an answer for the
// admin (already decided by someone else, an account no longer active); a fault fails the step.
func (c *Convo[T]) requestDecided(err error, no string) (Result, bool) {
	if errors.Is(err, coop.NotPending) {
		return c.Done(c.Msg.AdminAlreadyDecided(no)), false
	}
	return c.tellerRefusal(err)
}

// unnamed splits a work list into its items and their members' names, as the catalog lists them.
func unnamed[T any](list []store.Named[T]) ([]T, []string) {
	items, names := make([]T, len(list)), make([]string, len(list))
	for i, n := range list {
		items[i], names[i] = n.Item, n.Name
	}
	return items, names
}
