package coop

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/store"
)

// Leaving the cooperative. What a member is owed back is every savings account (pokok, wajib,
// sukarela, tabungan) less every loan's payoff amount today (payoff.go: principal, interest
// to date, late fees) and the administration fees owed. Loans are paid off from the savings
// first, voluntary savings before wajib before pokok; the rest is paid to the member in cash
// or by bank transfer. A member whose loans and fees exceed their savings cannot leave until
// the shortfall is paid; a time deposit, a withdrawal waiting on savings or a loan approved
// and not disbursed must be settled first. Each movement is one journal transaction with its
// own key (leave:MEMBER-ID:...); then every account is closed, the member's status is
// closed with left_at, and they are told the figures.

// LeaveOp is who lets a member leave, and how the net is paid.
type LeaveOp struct {
	By        Actor
	Lang      string
	ToBank    bool  // the net paid from the branch's bank account, not its cash
	LateFeeBP int64 // Rules.LateFeeBP, for the loans' payoff amounts
}

// leavePlan is a LeaveQuote with what it needs to post.
type leavePlan struct {
	catalog.Leave
	loans []*payoffState
	fees  map[int64]int64 // fees owed per savings account
}

// LeaveQuote is what the member with number no would be owed back on leaving today, moving
// nothing: what staff show the member and confirm. It refuses as Leave would.
func LeaveQuote(ctx context.Context, tx *store.Tx, no string, today time.Time, lateFeeBP int64) (catalog.Leave, error) {
	p, err := planLeave(ctx, tx, no, today, lateFeeBP)
	if err != nil {
		return catalog.Leave{}, err
	}
	return p.Leave, nil
}

func planLeave(ctx context.Context, tx *store.Tx, no string, today time.Time, lateFeeBP int64) (*leavePlan, error) {
	m, err := lifecycleMember(ctx, tx, no)
	if err != nil {
		return nil, err
	}
	p := &leavePlan{Leave: catalog.Leave{Member: m, Day: civilDay(today)}, fees: map[int64]int64{}}
	if ds, err := tx.TimeDepositsOfMember(ctx, m.ID); err != nil {
		return nil, err
	} else if len(ds) > 0 {
		return nil, &Refusal{Code: LeaveBlocked, Subject: m.No, Status: "time_deposit", Other: ds[0].Account.Masked()}
	}
	if err := p.planSavings(ctx, tx); err != nil {
		return nil, err
	}
	if err := p.planLoans(ctx, tx, today, lateFeeBP); err != nil {
		return nil, err
	}
	p.Net = p.Total - p.Owed
	if p.Net < 0 {
		return nil, &Refusal{Code: LeaveShortfall, Subject: m.No, Got: p.Owed, Max: p.Total, Min: -p.Net}
	}
	return p, nil
}

// planSavings lists the member's savings, voluntary first (what settles loans first), with
// the fees each owes.
func (p *leavePlan) planSavings(ctx context.Context, tx *store.Tx) error {
	savings, err := tx.AccountsOfMember(ctx, p.Member.ID, store.AccountSavings)
	if err != nil {
		return err
	}
	rank := func(a store.Account) int {
		return map[string]int{store.ProductPokok: 2, store.ProductWajib: 1}[a.ProductKind]
	}
	slices.SortStableFunc(savings, func(a, b store.Account) int { return rank(a) - rank(b) })
	for _, a := range savings {
		if a.Held > 0 {
			return &Refusal{Code: LeaveBlocked, Subject: p.Member.No, Status: "pending_withdrawal", Other: a.Masked()}
		}
		owed, err := tx.FeesOwedOf(ctx, a.ID)
		if err != nil {
			return err
		}
		p.fees[a.ID] = owed
		p.FeesOwed += owed
		p.Total += a.Amount()
	}
	p.Savings = savings
	p.Owed += p.FeesOwed
	return nil
}

// planLoans works out each active loan's payoff amount today.
func (p *leavePlan) planLoans(ctx context.Context, tx *store.Tx, today time.Time, lateFeeBP int64) error {
	loans, err := tx.LoansOfMember(ctx, p.Member.ID)
	if err != nil {
		return err
	}
	for _, l := range loans {
		if l.Status == store.LoanApproved {
			return &Refusal{Code: LeaveBlocked, Subject: p.Member.No, Status: "loan_not_disbursed", Other: l.Account.Masked()}
		}
		st, err := payoffStateOf(ctx, tx, l, today, lateFeeBP)
		if errors.Is(err, NothingOwed) {
			continue // paid; the close settles it, and leaving closes its account
		}
		if err != nil {
			return err
		}
		p.loans = append(p.loans, st)
		p.Loans = append(p.Loans, catalog.LeaveLoan{Account: l.Account, Principal: st.payoff.Principal, Interest: st.payoff.Interest,
			LateFees: st.payoff.LateFees, Total: st.payoff.Total})
		p.Owed += st.payoff.Total
	}
	return nil
}

// Leave lets the member with number no leave the cooperative on day today, as LeaveQuote
// showed it: loans paid off and fees paid from the savings, the rest paid out, accounts
// closed, the member closed and told. It returns what was paid.
func Leave(ctx context.Context, tx *store.Tx, no string, op LeaveOp, today time.Time) (catalog.Leave, error) {
	p, err := planLeave(ctx, tx, no, today, op.LateFeeBP)
	if err != nil {
		return catalog.Leave{}, err
	}
	p.ToBank = op.ToBank
	left := map[int64]int64{} // what each savings account still holds as the movements take from it
	for _, a := range p.Savings {
		left[a.ID] = a.Amount()
	}
	key := func(what string, id int64) string {
		return "leave:" + strconv.FormatInt(p.Member.ID, 10) + ":" + what + ":" + strconv.FormatInt(id, 10)
	}
	for _, st := range p.loans {
		if err := p.payLoan(ctx, tx, st, left, op, key("loan", st.loan.Account.ID)); err != nil {
			return catalog.Leave{}, err
		}
	}
	for _, a := range p.Savings {
		if err := p.payFees(ctx, tx, a, left, op, key("fees", a.ID)); err != nil {
			return catalog.Leave{}, err
		}
	}
	if err := p.payOut(ctx, tx, left, op, key); err != nil {
		return catalog.Leave{}, err
	}
	if err := p.close(ctx, tx, op); err != nil {
		return catalog.Leave{}, err
	}
	return p.Leave, Notify(ctx, tx, p.Member.Branch, p.Member.Phone, op.Lang, func(msg catalog.Messages) string { return msg.LeftCooperative(p.Leave) })
}

// takeFromSavings is the postings taking amount from the savings in order, updating left.
func (p *leavePlan) takeFromSavings(amount int64, left map[int64]int64) []store.Posting {
	var out []store.Posting
	for _, a := range p.Savings {
		take := min(left[a.ID], amount)
		if take <= 0 {
			continue
		}
		out = append(out, store.Posting{Account: a.ID, Amount: -take})
		left[a.ID] -= take
		amount -= take
	}
	return out
}

// payLoan pays one loan off from the savings: principal to the loan, interest and late fees to income.
func (p *leavePlan) payLoan(ctx context.Context, tx *store.Tx, st *payoffState, left map[int64]int64, op LeaveOp, key string) error {
	w := st.payoffWork()
	postings := append(p.takeFromSavings(w.amount(), left), store.Posting{Account: st.loan.Account.ID, Amount: w.principal()})
	if inc := w.income(); inc > 0 {
		income, err := tx.SystemAccount(ctx, st.loan.Account.Branch, store.AccountIncome)
		if err != nil {
			return err
		}
		postings = append(postings, store.Posting{Account: income.ID, Amount: inc})
	}
	id, _, err := tx.Post(ctx, store.Entry{Key: key, Branch: st.loan.Account.Branch, Kind: store.KindPrepayment,
		Memo: store.Memo{Kind: store.MemoLeavePayoff}, AuthorKind: store.AuthorAdmin, AuthorID: op.By.String(), Postings: postings})
	if err != nil {
		return err
	}
	return st.apply(ctx, tx, w, id, tx.Now())
}

// payFees pays what account a owes in fees, from the savings in order.
func (p *leavePlan) payFees(ctx context.Context, tx *store.Tx, a store.Account, left map[int64]int64, op LeaveOp, key string) error {
	owed := p.fees[a.ID]
	if owed == 0 {
		return nil
	}
	recv, err := tx.SystemAccount(ctx, a.Branch, store.AccountFeeReceivable)
	if err != nil {
		return err
	}
	postings := append(p.takeFromSavings(owed, left), store.Posting{Account: recv.ID, Amount: owed})
	if _, _, err := tx.Post(ctx, store.Entry{Key: key, Branch: a.Branch, Kind: store.KindFee, Memo: store.Memo{Kind: store.MemoFeeArrears},
		AuthorKind: store.AuthorAdmin, AuthorID: op.By.String(), Postings: postings}); err != nil {
		return err
	}
	return tx.SetFeesOwed(ctx, a.ID, 0)
}

// payOut pays what each savings account still holds to the member, from cash or bank.
func (p *leavePlan) payOut(ctx context.Context, tx *store.Tx, left map[int64]int64, op LeaveOp, key func(string, int64) string) error {
	kind := store.AccountCash
	if op.ToBank {
		kind = store.AccountBank
	}
	for _, a := range p.Savings {
		if left[a.ID] == 0 {
			continue
		}
		from, err := tx.SystemAccount(ctx, a.Branch, kind)
		if err != nil {
			return err
		}
		postings := []store.Posting{{Account: a.ID, Amount: -left[a.ID]}, {Account: from.ID, Amount: left[a.ID]}}
		if _, _, err := tx.Post(ctx, store.Entry{Key: key("payout", a.ID), Branch: a.Branch, Kind: store.KindCashWithdrawal,
			Memo: store.Memo{Kind: store.MemoLeavePayout}, AuthorKind: store.AuthorAdmin, AuthorID: op.By.String(), Postings: postings}); err != nil {
			return err
		}
		left[a.ID] = 0
	}
	return nil
}

// close closes every account of the member (each holds nothing now) and the membership.
func (p *leavePlan) close(ctx context.Context, tx *store.Tx, op LeaveOp) error {
	for _, kind := range []string{store.AccountSavings, store.AccountLoan} {
		accts, err := tx.AccountsOfMember(ctx, p.Member.ID, kind)
		if err != nil {
			return err
		}
		for _, a := range accts {
			if err := tx.CloseAccount(ctx, a.ID); err != nil {
				return err
			}
		}
	}
	if err := tx.SetMemberStatus(ctx, p.Member.ID, store.MemberClosed); err != nil {
		return err
	}
	if err := tx.EndConversations(ctx, p.Member.Phone); err != nil {
		return err
	}
	return record(ctx, tx, p.Member, op.By, store.FieldStatus, string(p.Member.Status), string(store.MemberClosed), "left the cooperative")
}
