package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SHU (sisa hasil usaha) is the year's surplus shared among members by their participation
// (coop/shu.go). The store keeps the figures it reads from the ledger, the funds' accounts,
// and what each year's sharing posted.

// KindSHU is the journal kind of a year's SHU: a member's share credited, a fund allocated.
const KindSHU JournalKind = "shu"

// Memos of SHU; the comments give the Indonesian line.
const (
	MemoSHU     MemoKind = "shu"      // SHU tahun 2026
	MemoSHUFund MemoKind = "shu_fund" // SHU 2026: dana pendidikan
)

// Accounts of SHU, the branch's own.
const (
	// AccountSHUDistributed is what was shared of each year's surplus (debit): the books'
	// running surplus (income less expenses, never closed) less this is what is not yet shared.
	AccountSHUDistributed = "shu_distributed"
	// AccountReserve is dana cadangan, the part of the surplus the cooperative keeps as equity.
	AccountReserve = "reserve"
	// AccountSHUFund is one fund the AD/ART gives a part of the surplus to (SHUFund), owed
	// until the fund is spent.
	AccountSHUFund = "shu_fund"
)

// SHUFund is a part of the surplus the cooperative allocates rather than pays to members.
type SHUFund string

// The funds, as an AD/ART names them (UU 25/1992 pasal 45: a reserve first, then the
// funds the members decide).
const (
	FundReserve   SHUFund = "cadangan"                 // dana cadangan: equity, never paid out
	FundBoard     SHUFund = "pengurus"                 // dana pengurus
	FundStaff     SHUFund = "karyawan"                 // dana karyawan
	FundEducation SHUFund = "pendidikan"               // dana pendidikan
	FundSocial    SHUFund = "sosial"                   // dana sosial
	FundRegion    SHUFund = "pembangunan_daerah_kerja" // dana pembangunan daerah kerja
)

// SHUFunds are every fund, in the order of the books.
var SHUFunds = []SHUFund{FundReserve, FundBoard, FundStaff, FundEducation, FundSocial, FundRegion}

// fundSerials fix the serial of each fund's account after the branch's other own accounts.
var fundSerials = map[SHUFund]int{FundBoard: 52, FundStaff: 53, FundEducation: 54, FundSocial: 55, FundRegion: 56}

// FundAccount returns the branch's account of fund (the reserve for cadangan), creating it on first use.
func (tx *Tx) FundAccount(ctx context.Context, branch string, fund SHUFund) (Account, error) {
	if fund == FundReserve {
		return tx.SystemAccount(ctx, branch, AccountReserve)
	}
	serial, ok := fundSerials[fund]
	if !ok {
		return Account{}, fmt.Errorf("%q is not a fund of the SHU", fund)
	}
	return tx.ownAccount(ctx, branch, AccountSHUFund, serial, "dana "+string(fund)+" "+branch)
}

// KindTotals are the sums of the postings (credit positive) at or after from and before to
// on the branch's own accounts of each of kinds: what an income statement adds up.
func (tx *Tx) KindTotals(ctx context.Context, branch string, kinds []string, from, to time.Time) (map[string]int64, error) {
	const q = `SELECT a.kind, SUM(p.amount) FROM postings p JOIN journal j ON j.id = p.journal_id JOIN accounts a ON a.id = p.account_id
		WHERE a.branch_id = ? AND a.member_id IS NULL AND instr(?, ',' || a.kind || ',') > 0 AND j.at >= ? AND j.at < ?
		GROUP BY a.kind`
	out := map[string]int64{}
	err := eachRow(ctx, tx, "totals of branch "+branch, q, func(r row) error {
		var kind string
		var n int64
		err := r.Scan(&kind, &n)
		out[kind] = n
		return err
	}, branch, listParam(kinds), unix(from), unix(to))
	return out, err
}

// listParam is a list as one parameter that instr(?, ',' || x || ',') searches.
func listParam(items []string) string { return "," + strings.Join(items, ",") + "," }

// MemberPosting is money moved on one of a member's accounts, as the member reads it.
type MemberPosting struct {
	Member int64
	At     time.Time
	Amount int64
}

// SavingsMovements are the movements on the savings of the branch's members whose product is
// of one of productKinds (pokok, wajib, sukarela): first each member's balance before from,
// as one movement at from, then each posting at or after from and before to, in no order.
func (tx *Tx) SavingsMovements(ctx context.Context, branch string, productKinds []string, from, to time.Time) ([]MemberPosting, error) {
	const q = `SELECT a.member_id, ?3, SUM(p.amount) FROM postings p JOIN journal j ON j.id = p.journal_id
			JOIN accounts a ON a.id = p.account_id JOIN products pr ON pr.id = a.product_id
		WHERE a.branch_id = ?1 AND a.kind = 'savings' AND a.member_id IS NOT NULL AND instr(?2, ',' || pr.kind || ',') > 0 AND j.at < ?3
		GROUP BY a.member_id
		UNION ALL
		SELECT a.member_id, j.at, p.amount FROM postings p JOIN journal j ON j.id = p.journal_id
			JOIN accounts a ON a.id = p.account_id JOIN products pr ON pr.id = a.product_id
		WHERE a.branch_id = ?1 AND a.kind = 'savings' AND a.member_id IS NOT NULL AND instr(?2, ',' || pr.kind || ',') > 0
			AND j.at >= ?3 AND j.at < ?4`
	return collect(ctx, tx, "savings movements of branch "+branch, q, func(r row) (MemberPosting, error) {
		var m MemberPosting
		var at int64
		err := r.Scan(&m.Member, &at, &m.Amount)
		m.At = fromUnix(at)
		return m, err
	}, branch, listParam(productKinds), unix(from), unix(to))
}

// InterestPaid is the loan interest each of the branch's members paid at or after from and
// before to (installments and early repayments, net of reversals; late fees not counted).
func (tx *Tx) InterestPaid(ctx context.Context, branch string, from, to time.Time) (map[int64]int64, error) {
	const q = `SELECT a.member_id, SUM(ia.interest) FROM installment_allocations ia JOIN journal j ON j.id = ia.journal_id
			JOIN loans l ON l.id = ia.loan_id JOIN accounts a ON a.id = l.account_id
		WHERE a.branch_id = ? AND j.at >= ? AND j.at < ? GROUP BY a.member_id`
	out := map[int64]int64{}
	err := eachRow(ctx, tx, "interest paid in branch "+branch, q, func(r row) error {
		var m, n int64
		err := r.Scan(&m, &n)
		out[m] = n
		return err
	}, branch, unix(from), unix(to))
	return out, err
}

// MembersOfBranch are the branch's members now (active or suspended; not applicants, not
// those who left), by member number.
func (tx *Tx) MembersOfBranch(ctx context.Context, branch string) ([]Member, error) {
	q := `SELECT ` + memberColumns + ` FROM members WHERE branch_id = ? AND status IN ('active', 'suspended') AND left_at = 0
		ORDER BY member_no, id`
	return collect(ctx, tx, "members of branch "+branch, q, scanMember, branch)
}

// SHUYear is a year's SHU of a branch as it was shared.
type SHUYear struct {
	Branch        string
	Year          int
	Surplus       int64
	SavingsPool   int64 // jasa simpanan
	LoansPool     int64 // jasa pinjaman
	TotalAverage  int64 // the members' average savings added up
	TotalInterest int64 // the members' loan interest paid added up
	PostedAt      time.Time
	PostedBy      string
}

// SHUShare is one member's share of a year's SHU and what it was computed from.
type SHUShare struct {
	Year           int
	Member         int64
	Account        int64 // the savings credited
	AverageSavings int64
	InterestPaid   int64
	SavingsShare   int64 // jasa simpanan
	LoansShare     int64 // jasa pinjaman
}

// Total is the member's whole share.
func (s SHUShare) Total() int64 { return s.SavingsShare + s.LoansShare }

// SHUYearOf returns the branch's SHU of year as shared; ok false when it has not been.
func (tx *Tx) SHUYearOf(ctx context.Context, branch string, year int) (y SHUYear, ok bool, err error) {
	const q = `SELECT branch_id, year, surplus, savings_pool, loans_pool, total_average, total_interest, posted_at, posted_by
		FROM shu_years WHERE branch_id = ? AND year = ?`
	var at int64
	err = tx.queryRow(ctx, q, branch, year).Scan(&y.Branch, &y.Year, &y.Surplus, &y.SavingsPool, &y.LoansPool,
		&y.TotalAverage, &y.TotalInterest, &at, &y.PostedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return SHUYear{}, false, nil
	}
	if err != nil {
		return SHUYear{}, false, fmt.Errorf("SHU %d of branch %s: %w", year, branch, err)
	}
	y.PostedAt = fromUnix(at)
	return y, true, nil
}

// RecordSHUYear closes year for SHU in branch: it is shared once.
func (tx *Tx) RecordSHUYear(ctx context.Context, y SHUYear) error {
	const q = `INSERT INTO shu_years (branch_id, year, surplus, savings_pool, loans_pool, total_average, total_interest, posted_at, posted_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	if _, err := tx.exec(ctx, q, y.Branch, y.Year, y.Surplus, y.SavingsPool, y.LoansPool, y.TotalAverage, y.TotalInterest,
		unix(y.PostedAt), y.PostedBy); err != nil {
		return fmt.Errorf("record SHU %d of branch %s: %w", y.Year, y.Branch, err)
	}
	return nil
}

// RecordSHUShare keeps what a member's share was computed from.
func (tx *Tx) RecordSHUShare(ctx context.Context, branch string, s SHUShare) error {
	const q = `INSERT INTO shu_shares (branch_id, year, member_id, account_id, average_savings, interest_paid, savings_share, loans_share)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	if _, err := tx.exec(ctx, q, branch, s.Year, s.Member, s.Account, s.AverageSavings, s.InterestPaid, s.SavingsShare, s.LoansShare); err != nil {
		return fmt.Errorf("record SHU %d of member %d: %w", s.Year, s.Member, err)
	}
	return nil
}

// SHUKey is the idempotency key of a member's share of year: credited once.
func SHUKey(year int, member int64) string {
	return "shu:" + strconv.Itoa(year) + ":" + strconv.FormatInt(member, 10)
}

// SHUFundKey is the idempotency key of fund's part of the branch's SHU of year.
func SHUFundKey(year int, branch string, fund SHUFund) string {
	return "shu:" + strconv.Itoa(year) + ":" + branch + ":" + string(fund)
}

// SHUNotice is what a member is told of their share: what it was computed from.
type SHUNotice struct {
	Name    string
	Account Account // the savings credited
	Share   SHUShare
	Days    int // days in the year
	// The parts shared among members, and all members' averages and interest added up.
	SavingsPool, LoansPool      int64
	TotalAverage, TotalInterest int64
}
