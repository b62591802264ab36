package coop

import (
	"context"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/store"
)

// Portfolios and arrears: the members' savings and loans by product, and the loans by
// collectibility grade with what each owes.

// SavingsLine is one savings or time deposit product in the portfolio.
type SavingsLine struct {
	ProductCode, Name string
	Deposit           bool // a time deposit product (deposito)
	Accounts, Opened  int
	Opening, Closing  int64
}

// SavingsPortfolio is the members' savings and time deposits per product: the accounts
// open at the end of the period, those opened in it, and the balances before and after.
type SavingsPortfolio struct {
	Period           Period
	Lines            []SavingsLine
	Accounts, Opened int
	Opening, Closing int64
}

// ReportSavings is the savings portfolio of the period.
func ReportSavings(ctx context.Context, tx *store.Tx, p Period) (SavingsPortfolio, error) {
	totals, err := tx.AccountTotals(ctx, p.Branch, p.start(), p.end())
	if err != nil {
		return SavingsPortfolio{}, err
	}
	s := SavingsPortfolio{Period: p}
	for _, t := range totals {
		if t.Own || (t.Kind != store.AccountSavings && t.Kind != store.AccountDeposit) {
			continue
		}
		l := SavingsLine{ProductCode: t.ProductCode, Name: t.ProductName, Deposit: t.Kind == store.AccountDeposit,
			Accounts: t.Accounts, Opened: t.Opened, Opening: t.Opening, Closing: t.Closing()}
		s.Lines = append(s.Lines, l)
		s.Accounts, s.Opened, s.Opening, s.Closing = s.Accounts+l.Accounts, s.Opened+l.Opened, s.Opening+l.Opening, s.Closing+l.Closing
	}
	return s, nil
}

// Table is the savings portfolio for printing.
func (s SavingsPortfolio) Table() Table {
	t := Table{Title: "Portofolio simpanan", Period: s.Period.String(),
		Columns: columns("Kode", "Produk", "Rekening", "Dibuka", "Saldo awal", "Saldo akhir", "Perubahan")}
	for _, l := range s.Lines {
		t.line(Text(l.ProductCode), Text(l.Name), Count(l.Accounts), Count(l.Opened), Money(l.Opening), Money(l.Closing), Money(l.Closing-l.Opening))
	}
	t.total(Text("Jumlah"), Text(""), Count(s.Accounts), Count(s.Opened), Money(s.Opening), Money(s.Closing), Money(s.Closing-s.Opening))
	return t
}

// loanStatusNames are loan statuses as the reports name them.
var loanStatusNames = map[store.LoanStatus]string{
	store.LoanApproved: "disetujui, belum cair", store.LoanActive: "aktif", store.LoanPaid: "lunas", store.LoanWrittenOff: "hapus buku",
}

// LoanPortfolio is the members' loans per product and status (as it stands now): how many,
// their principal, those disbursed in the period, and the principal owed at its end.
type LoanPortfolio struct {
	Period                     Period
	Groups                     []store.LoanGroup
	Loans, Disbursed           int
	Principal, DisbursedAmount int64
	Outstanding                int64
}

// ReportLoans is the loans portfolio of the period.
func ReportLoans(ctx context.Context, tx *store.Tx, p Period) (LoanPortfolio, error) {
	groups, err := tx.LoanGroups(ctx, p.Branch, p.start(), p.end())
	if err != nil {
		return LoanPortfolio{}, err
	}
	r := LoanPortfolio{Period: p, Groups: groups}
	for _, g := range groups {
		r.Loans, r.Disbursed = r.Loans+g.Loans, r.Disbursed+g.Disbursed
		r.Principal, r.DisbursedAmount, r.Outstanding = r.Principal+g.Principal, r.DisbursedAmount+g.DisbursedAmount, r.Outstanding+g.Outstanding
	}
	return r, nil
}

// Table is the loans portfolio for printing.
func (r LoanPortfolio) Table() Table {
	t := Table{Title: "Portofolio pinjaman", Period: r.Period.String(),
		Columns: columns("Kode", "Produk", "Status", "Pinjaman", "Plafon", "Cair dlm periode", "Jumlah cair", "Sisa pokok")}
	for _, g := range r.Groups {
		t.line(Text(g.ProductCode), Text(g.ProductName), Text(loanStatusNames[g.Status]), Count(g.Loans), Money(g.Principal),
			Count(g.Disbursed), Money(g.DisbursedAmount), Money(g.Outstanding))
	}
	t.total(Text("Jumlah"), Text(""), Text(""), Count(r.Loans), Money(r.Principal), Count(r.Disbursed), Money(r.DisbursedAmount), Money(r.Outstanding))
	return t
}

// GradeNames are the collectibility grades as Indonesian staff know them (kolektibilitas 1 to 5).
var GradeNames = map[store.LoanGrade]string{
	store.GradeCurrent: "lancar", store.GradeSpecialMention: "dalam perhatian khusus", store.GradeSubstandard: "kurang lancar",
	store.GradeDoubtful: "diragukan", store.GradeLoss: "macet",
}

// ArrearsLoan is one loan with something overdue: what it owes past its due dates.
type ArrearsLoan struct {
	Account, MemberNo, Name       string
	DaysPastDue                   int
	Outstanding                   int64 // all principal still owed
	Principal, Interest, LateFees int64 // overdue
}

// Owed is everything overdue on the loan.
func (l ArrearsLoan) Owed() int64 { return l.Principal + l.Interest + l.LateFees }

// ArrearsGrade is one grade: every active loan in it counted, those with arrears listed.
type ArrearsGrade struct {
	Grade                         store.LoanGrade
	Loans                         int
	Outstanding                   int64
	InArrears                     []ArrearsLoan
	Principal, Interest, LateFees int64
}

// Owed is everything overdue on the grade's loans.
func (g ArrearsGrade) Owed() int64 { return g.Principal + g.Interest + g.LateFees }

// Arrears is the active loans by collectibility grade (as the last day's close graded them),
// with what each loan in arrears owes on the period's last day: principal and interest of
// the installments due before it and not paid, and late fees. Payments made since that day
// count as made: the schedule keeps what is paid, not when each rupiah was.
type Arrears struct {
	Period Period
	Grades []ArrearsGrade // every grade, lancar first
}

// Total sums every grade.
func (a Arrears) Total() ArrearsGrade {
	var t ArrearsGrade
	for _, g := range a.Grades {
		t.Loans, t.Outstanding = t.Loans+g.Loans, t.Outstanding+g.Outstanding
		t.Principal, t.Interest, t.LateFees = t.Principal+g.Principal, t.Interest+g.Interest, t.LateFees+g.LateFees
	}
	return t
}

// ReportArrears is the arrears of the active loans on the period's last day, with late fees at
// lateFeeBP a day; progress is told how many loans it has worked out.
func ReportArrears(ctx context.Context, tx *store.Tx, p Period, lateFeeBP int64, progress Progress) (Arrears, error) {
	loans, err := tx.LoansOf(ctx, p.Branch, store.LoanActive)
	if err != nil {
		return Arrears{}, err
	}
	a := Arrears{Period: p}
	index := map[store.LoanGrade]int{}
	for i, g := range store.LoanGrades {
		a.Grades, index[g] = append(a.Grades, ArrearsGrade{Grade: g}), i
	}
	for k, l := range loans {
		g := &a.Grades[index[l.Grade]]
		g.Loans++
		g.Outstanding += l.Account.Amount()
		line, err := arrearsOf(ctx, tx, l, p.To, lateFeeBP)
		if err != nil {
			return Arrears{}, err
		}
		if line.Owed() > 0 || l.Grade != store.GradeCurrent {
			g.InArrears = append(g.InArrears, line)
			g.Principal, g.Interest, g.LateFees = g.Principal+line.Principal, g.Interest+line.Interest, g.LateFees+line.LateFees
		}
		progress.Step(k+1, len(loans))
	}
	return a, nil
}

// arrearsOf is what the loan has overdue on day.
func arrearsOf(ctx context.Context, tx *store.Tx, l store.Loan, day time.Time, lateFeeBP int64) (ArrearsLoan, error) {
	m, err := tx.MemberByID(ctx, l.Account.MemberID)
	if err != nil {
		return ArrearsLoan{}, err
	}
	due, err := loanDue(ctx, tx, l, day, lateFeeBP)
	if err != nil {
		return ArrearsLoan{}, err
	}
	line := ArrearsLoan{Account: l.Account.Number, MemberNo: m.No, Name: m.Name, DaysPastDue: l.DaysPastDue, Outstanding: l.Account.Amount()}
	for _, in := range due.Installments {
		if in.DaysLate > 0 {
			line.Principal, line.Interest, line.LateFees = line.Principal+in.Principal, line.Interest+in.Interest, line.LateFees+in.LateFee
		}
	}
	return line, nil
}

// Table is the arrears for printing: per grade its loans in arrears and its totals.
func (a Arrears) Table() Table {
	t := Table{Title: "Tunggakan per kolektibilitas", Period: "per " + a.Period.To.Format("02-01-2006"),
		Columns: columns("Rekening", "No. anggota", "Nama", "Hari tunggak", "Sisa pokok", "Tunggakan pokok", "Tunggakan bunga", "Denda", "Jumlah tunggakan")}
	row := func(name string, g ArrearsGrade) {
		t.total(Text(name), textf("%d pinjaman", g.Loans), Text(""), Text(""), Money(g.Outstanding), Money(g.Principal), Money(g.Interest), Money(g.LateFees), Money(g.Owed()))
	}
	for i, g := range a.Grades {
		t.heading(fmt.Sprintf("%d. %s", i+1, GradeNames[g.Grade]))
		for _, l := range g.InArrears {
			t.line(Text(l.Account), Text(l.MemberNo), Text(l.Name), Count(l.DaysPastDue), Money(l.Outstanding), Money(l.Principal), Money(l.Interest), Money(l.LateFees), Money(l.Owed()))
		}
		row("Jumlah "+GradeNames[g.Grade], g)
	}
	row("JUMLAH", a.Total())
	return t
}
