package coop

import (
	"context"
	"fmt"
	"math/bits"
	"strconv"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// SHU (sisa hasil usaha) is the cooperative's surplus of a year, shared once the year's
// books are closed, by the shares of the AD/ART (SHURules):
//
//   - the surplus is the year's income statement's bottom line, read from the ledger: loan
//     interest and late fees (income) and fees (fee_income) less the interest paid on
//     savings and time deposits (interest_expense), over the postings dated in the year in
//     the cooperative's time zone;
//   - each share is the surplus × its basis points ÷ 10,000, rounded down;
//   - jasa simpanan is shared by each member's average savings over the year: the sum of
//     the end-of-day balances of the savings kinds counted, over every day of the year,
//     divided by the days of the year, rounded down; a member's part is
//     jasa simpanan × their average ÷ all members' averages, rounded down;
//   - jasa pinjaman is shared by the loan interest each member paid in the year (late fees
//     not counted): jasa pinjaman × their interest ÷ all members' interest, rounded down;
//   - the rupiah the rounding leaves (and a members' part no member earned) go to cadangan,
//     so what is shared never exceeds the surplus and the whole surplus is accounted for.
//
// Members are those of the branch when the SHU is computed (active or suspended, not left).
// Posting credits each member's share to their voluntary savings (sukarela, else tabungan;
// a member with neither gets a Simpanan Sukarela opened) under store.SHUKey, books each
// fund to its account, debits the whole surplus to shu_distributed, and closes the year for SHU.

// SHURules are the shares of the year's surplus, in basis points of it, summing to 10,000.
type SHURules struct {
	SavingsBP int64                   // jasa simpanan, for members by average savings
	LoansBP   int64                   // jasa pinjaman, for members by loan interest paid
	Funds     map[store.SHUFund]int64 // what the cooperative keeps: cadangan and the funds
	// SavingsKinds are the product kinds whose balances make a member's average savings.
	SavingsKinds []string
}

// DefaultSHU are the shares when config gives none: a common AD/ART's.
var DefaultSHU = SHURules{SavingsBP: 2500, LoansBP: 2000,
	Funds:        map[store.SHUFund]int64{store.FundReserve: 4000, store.FundBoard: 500, store.FundStaff: 500, store.FundEducation: 250, store.FundSocial: 250},
	SavingsKinds: []string{store.ProductPokok, store.ProductWajib, store.ProductSukarela, store.ProductTabungan}}

// SHU refusals. Subject: the year.
const (
	SHUPosted    RefusalCode = "shu_posted"     // At: when it was posted; By: who posted it
	SHUYearOpen  RefusalCode = "shu_year_open"  // Other: the last day closed ("" when none)
	SHUNoSurplus RefusalCode = "shu_no_surplus" // Got: the year's result, zero or a loss
	SHUNoAccount RefusalCode = "shu_no_account" // Other: the member number, whose voluntary savings are all frozen
)

// SHUFundPart is what one fund gets.
type SHUFundPart struct {
	Fund   store.SHUFund
	BP     int64
	Amount int64 // the share; cadangan's includes the rounding's remainder
}

// SHUMember is one member's part of a year's SHU and what it is computed from.
type SHUMember struct {
	Member      store.Member
	BalanceDays int64 // the end-of-day balances of the year added up
	store.SHUShare
}

// SHUPlan is a year's SHU of a branch: the surplus, the split, each member's share.
type SHUPlan struct {
	Branch   string
	Year     int
	Days     int   // days in the year
	Income   int64 // interest, late fees and fees
	Expenses int64 // interest paid on savings and deposits
	Surplus  int64 // Income - Expenses
	// SavingsPool and LoansPool are jasa simpanan and jasa pinjaman before sharing.
	SavingsPool, LoansPool int64
	BPs                    SHURules
	Funds                  []SHUFundPart // every fund of the rules, in store.SHUFunds order
	Remainder              int64         // left by the rounding, in cadangan's part
	TotalAverage           int64         // the members' average savings added up
	TotalInterest          int64         // the members' loan interest paid added up
	Members                []SHUMember   // members with a share in either part, by member number
	ClosedThrough          time.Time     // the last day the books closed; zero when never
	Posted                 *store.SHUYear
}

// BooksClosed reports whether the day's close has closed the year's last day: until then
// the year's figures may still change.
func (p SHUPlan) BooksClosed() bool {
	return !p.ClosedThrough.IsZero() && p.ClosedThrough.Format(store.DateLayout) >= fmt.Sprintf("%04d-12-31", p.Year)
}

// Shared is what goes to members.
func (p SHUPlan) Shared() int64 {
	var n int64
	for _, m := range p.Members {
		n += m.Total()
	}
	return n
}

// yearBounds are the first instant of year and of the next, in loc.
func yearBounds(year int, loc *time.Location) (from, to time.Time) {
	return time.Date(year, 1, 1, 0, 0, 0, 0, loc), time.Date(year+1, 1, 1, 0, 0, 0, 0, loc)
}

// ComputeSHU works out the branch's SHU of year by rules, changing nothing. progress hears
// of each member counted.
func (o *Office) ComputeSHU(ctx context.Context, tx *store.Tx, branch string, year int, rules SHURules, progress Progress) (SHUPlan, error) {
	loc := o.location()
	from, to := yearBounds(year, loc)
	p := SHUPlan{Branch: branch, Year: year, Days: to.AddDate(0, 0, -1).YearDay(), BPs: rules}
	posted, ok, err := tx.SHUYearOf(ctx, branch, year)
	if err != nil {
		return SHUPlan{}, err
	}
	if ok {
		p.Posted = &posted
	}
	if p.ClosedThrough, _, err = tx.LastClosedDay(ctx); err != nil {
		return SHUPlan{}, err
	}
	totals, err := tx.KindTotals(ctx, branch, []string{store.AccountIncome, store.AccountFeeIncome, store.AccountInterestExpense}, from, to)
	if err != nil {
		return SHUPlan{}, err
	}
	p.Income = totals[store.AccountIncome] + totals[store.AccountFeeIncome]
	p.Expenses = -totals[store.AccountInterestExpense]
	p.Surplus = p.Income - p.Expenses
	if err := p.participation(ctx, tx, loc, from, to, progress); err != nil {
		return SHUPlan{}, err
	}
	p.split()
	return p, nil
}

// participation reads each member's average savings and interest paid in the year.
func (p *SHUPlan) participation(ctx context.Context, tx *store.Tx, loc *time.Location, from, to time.Time, progress Progress) error {
	moves, err := tx.SavingsMovements(ctx, p.Branch, p.BPs.SavingsKinds, from, to)
	if err != nil {
		return err
	}
	balanceDays := map[int64]int64{}
	for _, m := range moves {
		// A movement counts in the end-of-day balance of its day and every day after it in the year.
		balanceDays[m.Member] += m.Amount * int64(p.Days-(m.At.In(loc).YearDay()-1))
	}
	interest, err := tx.InterestPaid(ctx, p.Branch, from, to)
	if err != nil {
		return err
	}
	members, err := tx.MembersOfBranch(ctx, p.Branch)
	if err != nil {
		return err
	}
	for i, m := range members {
		progress.Step(i+1, len(members))
		bd := max(balanceDays[m.ID], 0)
		s := SHUMember{Member: m, BalanceDays: bd, SHUShare: store.SHUShare{Year: p.Year, Member: m.ID,
			AverageSavings: bd / int64(p.Days), InterestPaid: max(interest[m.ID], 0)}}
		if s.AverageSavings == 0 && s.InterestPaid == 0 {
			continue
		}
		p.TotalAverage += s.AverageSavings
		p.TotalInterest += s.InterestPaid
		p.Members = append(p.Members, s)
	}
	return nil
}

// split shares the surplus: each part rounded down, each member's share rounded down, the
// remainder to cadangan. A loss or nothing shares nothing.
func (p *SHUPlan) split() {
	if p.Surplus <= 0 {
		return
	}
	part := func(bp int64) int64 { return mulDiv(p.Surplus, bp, 10_000) }
	p.SavingsPool, p.LoansPool = part(p.BPs.SavingsBP), part(p.BPs.LoansBP)
	allocated := p.SavingsPool + p.LoansPool
	for _, f := range store.SHUFunds {
		if bp, ok := p.BPs.Funds[f]; ok || f == store.FundReserve {
			p.Funds = append(p.Funds, SHUFundPart{Fund: f, BP: bp, Amount: part(bp)})
			allocated += part(bp)
		}
	}
	var shared int64
	for i := range p.Members {
		m := &p.Members[i]
		if p.TotalAverage > 0 {
			m.SavingsShare = mulDiv(p.SavingsPool, m.AverageSavings, p.TotalAverage)
		}
		if p.TotalInterest > 0 {
			m.LoansShare = mulDiv(p.LoansPool, m.InterestPaid, p.TotalInterest)
		}
		shared += m.Total()
	}
	// What the rounding leaves, and a pool no member earned, stays with the cooperative.
	p.Remainder = p.SavingsPool + p.LoansPool - shared + p.Surplus - allocated
	for i := range p.Funds {
		if p.Funds[i].Fund == store.FundReserve {
			p.Funds[i].Amount += p.Remainder
		}
	}
}

// mulDiv is a × b ÷ c rounded down, for 0 <= a, 0 <= b <= c, without overflow.
func mulDiv(a, b, c int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	q, _ := bits.Div64(hi, lo, uint64(c))
	return int64(q)
}

// PostSHU computes the branch's SHU of year and posts it, in tx: each member's share
// credited to their savings and told on WhatsApp, each fund booked, the year closed for SHU.
// A year posted already (SHUPosted), not yet closed by the day's close (SHUYearOpen) or
// without a surplus (SHUNoSurplus) is refused with nothing changed.
func (o *Office) PostSHU(ctx context.Context, tx *store.Tx, branch string, year int, rules SHURules, by string, progress Progress) (SHUPlan, error) {
	p, err := o.ComputeSHU(ctx, tx, branch, year, rules, nil)
	if err != nil {
		return SHUPlan{}, err
	}
	subject := strconv.Itoa(year)
	switch {
	case p.Posted != nil:
		return p, &Refusal{Code: SHUPosted, Subject: subject, At: p.Posted.PostedAt, By: p.Posted.PostedBy}
	case !p.BooksClosed() || tx.Now().Before(time.Date(year+1, 1, 1, 0, 0, 0, 0, o.location())):
		return p, &Refusal{Code: SHUYearOpen, Subject: subject, Other: closedText(p.ClosedThrough)}
	case p.Surplus <= 0:
		return p, &Refusal{Code: SHUNoSurplus, Subject: subject, Got: p.Surplus}
	}
	// The year is closed for SHU first: the shares recorded below belong to it.
	y := store.SHUYear{Branch: branch, Year: year, Surplus: p.Surplus, SavingsPool: p.SavingsPool, LoansPool: p.LoansPool,
		TotalAverage: p.TotalAverage, TotalInterest: p.TotalInterest, PostedAt: tx.Now(), PostedBy: by}
	if err := tx.RecordSHUYear(ctx, y); err != nil {
		return SHUPlan{}, err
	}
	distributed, err := tx.SystemAccount(ctx, branch, store.AccountSHUDistributed)
	if err != nil {
		return SHUPlan{}, err
	}
	entry := func(key string, memo store.Memo, to store.Account, amount int64) error {
		_, _, err := tx.Post(ctx, store.Entry{Key: key, Branch: branch, Kind: store.KindSHU, Memo: memo, AuthorKind: store.AuthorAdmin, AuthorID: by,
			Postings: []store.Posting{{Account: distributed.ID, Amount: -amount}, {Account: to.ID, Amount: amount}}})
		return err
	}
	for i := range p.Members {
		progress.Step(i+1, len(p.Members))
		if err := o.creditSHU(ctx, tx, &p, &p.Members[i], entry); err != nil {
			return SHUPlan{}, err
		}
	}
	for _, f := range p.Funds {
		if f.Amount == 0 {
			continue
		}
		acc, err := tx.FundAccount(ctx, branch, f.Fund)
		if err != nil {
			return SHUPlan{}, err
		}
		if err := entry(store.SHUFundKey(year, branch, f.Fund), store.Memo{Kind: store.MemoSHUFund, Year: year, Fund: f.Fund}, acc, f.Amount); err != nil {
			return SHUPlan{}, err
		}
	}
	p.Posted = &y
	return p, nil
}

// closedText is the last day closed as a refusal names it.
func closedText(day time.Time) string {
	if day.IsZero() {
		return ""
	}
	return day.Format(store.DateLayout)
}

// creditSHU credits one member's share to their voluntary savings, keeps what it was
// computed from, and tells them.
func (o *Office) creditSHU(ctx context.Context, tx *store.Tx, p *SHUPlan, m *SHUMember, entry func(string, store.Memo, store.Account, int64) error) error {
	if m.Total() == 0 {
		return nil
	}
	acc, err := shuAccount(ctx, tx, m.Member)
	if err != nil {
		return err
	}
	m.Account = acc.ID
	if err := entry(store.SHUKey(p.Year, m.Member.ID), store.Memo{Kind: store.MemoSHU, Year: p.Year}, acc, m.Total()); err != nil {
		return err
	}
	if err := tx.RecordSHUShare(ctx, p.Branch, m.SHUShare); err != nil {
		return err
	}
	notice := store.SHUNotice{Name: m.Member.Name, Account: acc, Share: m.SHUShare, SavingsPool: p.SavingsPool, LoansPool: p.LoansPool,
		TotalAverage: p.TotalAverage, TotalInterest: p.TotalInterest, Days: p.Days}
	return NotifyBulk(ctx, tx, p.Branch, m.Member.Phone, o.lang(""), func(msg catalog.Messages) string { return msg.SHUNotice(notice) })
}

// shuAccount is the savings a member's SHU goes to: their first active Simpanan Sukarela,
// else their first active tabungan, else a Simpanan Sukarela opened for it.
func shuAccount(ctx context.Context, tx *store.Tx, m store.Member) (store.Account, error) {
	accounts, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
	if err != nil {
		return store.Account{}, err
	}
	voluntary := 0
	for _, kind := range []string{store.ProductSukarela, store.ProductTabungan} {
		for _, a := range accounts {
			if a.ProductKind != kind {
				continue
			}
			voluntary++
			if a.Status == store.AccountActive {
				return a, nil
			}
		}
	}
	if voluntary > 0 {
		return store.Account{}, &Refusal{Code: SHUNoAccount, Other: m.No}
	}
	products, err := tx.Products(ctx)
	if err != nil {
		return store.Account{}, err
	}
	for _, pr := range products {
		if pr.Kind == store.ProductSukarela {
			a, err := tx.OpenAccount(ctx, store.OpenAccount{Branch: m.Branch, MemberID: m.ID, Product: pr, Name: m.Name})
			if err != nil {
				return store.Account{}, err
			}
			return tx.AccountByNumber(ctx, a.Number) // with its product's name, for the notice
		}
	}
	return store.Account{}, fmt.Errorf("SHU of member %s: no voluntary savings, and no Simpanan Sukarela product to open one", m.No)
}

// shuError is an SHU refusal as one English sentence.
func (r *Refusal) shuError() (string, bool) {
	switch r.Code {
	case SHUPosted:
		return fmt.Sprintf("the SHU of %s was posted already, at %s by %s: each member's share is credited once; nothing changed",
			r.Subject, r.At.Format("2006-01-02 15:04"), r.By), true
	case SHUYearOpen:
		if r.Other == "" {
			return fmt.Sprintf("the books of %s are not closed: the day's close has never run; close every day through 31 December first", r.Subject), true
		}
		return fmt.Sprintf("the books of %s are not closed: the day's close has run through %s; close every day through 31 December first", r.Subject, r.Other), true
	case SHUNoSurplus:
		return fmt.Sprintf("%s has no surplus to share: income less expenses is %s", r.Subject, parse.Rupiah(r.Got)), true
	case SHUNoAccount:
		return fmt.Sprintf("member %s's voluntary savings are all frozen: make one active, then post the SHU again", r.Other), true
	}
	return "", false
}
