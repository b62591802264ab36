package coop

import (
	"context"

	"github.com/kopbot/kopbot/store"
)

// The books: trial balance (neraca saldo), balance sheet (neraca) and income statement
// (perhitungan hasil usaha), all from store.AccountTotals.

// Section is where a group of accounts stands in the cooperative's statements.
type Section int

// Sections, in the order of the statements.
const (
	SectionAssets      Section = iota // aset lancar
	SectionLiabilities                // kewajiban
	SectionEquity                     // ekuitas
	SectionIncome                     // pendapatan
	SectionExpenses                   // beban
)

// ownPlaces are the cooperative's own accounts in its statements, by kind.
var ownPlaces = map[string]struct {
	section Section
	name    string
}{
	store.AccountCash:             {SectionAssets, "Kas"},
	store.AccountBank:             {SectionAssets, "Bank"},
	store.AccountQRISSettlement:   {SectionAssets, "Piutang QRIS dalam penyelesaian"},
	store.AccountFeeReceivable:    {SectionAssets, "Piutang biaya administrasi"},
	store.AccountSuspense:         {SectionLiabilities, "Titipan (rekening penampungan)"},
	store.AccountTaxPayable:       {SectionLiabilities, "Utang pajak atas bunga simpanan"},
	store.AccountInsurancePayable: {SectionLiabilities, "Utang premi asuransi pinjaman"},
	store.AccountEquity:           {SectionEquity, "Modal dan cadangan"},
	store.AccountReserve:          {SectionEquity, "Cadangan"},
	store.AccountSHUDistributed:   {SectionEquity, "SHU dibagikan"},
	store.AccountSHUFund:          {SectionLiabilities, "Dana SHU (pengurus, karyawan, pendidikan, sosial)"},
	store.AccountIncome:           {SectionIncome, "Pendapatan jasa pinjaman (bunga dan denda)"},
	store.AccountFeeIncome:        {SectionIncome, "Pendapatan administrasi dan provisi"},
	store.AccountInterestExpense:  {SectionExpenses, "Beban jasa simpanan dan deposito"},
}

// placeOf is where a group of accounts stands and its name: members' loans are assets
// (piutang), simpanan pokok and wajib are the members' equity, other savings and time
// deposits are owed to them. A kind not known here stands by its normal side, as an other
// asset or liability, so the statements still balance.
func placeOf(t store.AccountTotal) (Section, string) {
	if t.Own {
		if p, ok := ownPlaces[t.Kind]; ok {
			return p.section, p.name
		}
	} else {
		switch {
		case t.Kind == store.AccountLoan:
			return SectionAssets, "Piutang " + t.ProductName
		case t.ProductKind == store.ProductPokok || t.ProductKind == store.ProductWajib:
			return SectionEquity, t.ProductName
		case t.Kind == store.AccountSavings || t.Kind == store.AccountDeposit:
			return SectionLiabilities, t.ProductName
		}
	}
	if t.Normal == store.Debit {
		return SectionAssets, "Aset lain (" + t.Kind + ")"
	}
	return SectionLiabilities, "Kewajiban lain (" + t.Kind + ")"
}

// debitNormal reports whether a section's figures are read debit positive.
func (s Section) debitNormal() bool { return s == SectionAssets || s == SectionExpenses }

// TrialLine is one group of accounts in the trial balance; amounts signed, credit positive.
type TrialLine struct {
	Name                              string
	Section                           Section
	Accounts                          int
	Opening, Debits, Credits, Closing int64
}

// TrialBalance is the neraca saldo: every group of accounts' balance at the start, its
// debits and credits in the period, and its balance at the end. Every column of debits
// equals its column of credits when the books balance.
type TrialBalance struct {
	Period Period
	Lines  []TrialLine
	// Totals, positive: opening debit and credit balances, debits and credits, closing ones.
	OpeningDebit, OpeningCredit, Debits, Credits, ClosingDebit, ClosingCredit int64
}

// Balanced reports whether every pair of columns agrees.
func (b TrialBalance) Balanced() bool {
	return b.OpeningDebit == b.OpeningCredit && b.Debits == b.Credits && b.ClosingDebit == b.ClosingCredit
}

// ReportTrialBalance is the trial balance of the period.
func ReportTrialBalance(ctx context.Context, tx *store.Tx, p Period) (TrialBalance, error) {
	totals, err := tx.AccountTotals(ctx, p.Branch, p.start(), p.end())
	if err != nil {
		return TrialBalance{}, err
	}
	tb := TrialBalance{Period: p}
	for _, t := range totals {
		s, name := placeOf(t)
		l := TrialLine{Name: name, Section: s, Accounts: t.Accounts, Opening: t.Opening, Debits: t.Debits, Credits: t.Credits, Closing: t.Closing()}
		tb.Lines = append(tb.Lines, l)
		od, oc := sides(l.Opening)
		cd, cc := sides(l.Closing)
		tb.OpeningDebit, tb.OpeningCredit = tb.OpeningDebit+od, tb.OpeningCredit+oc
		tb.ClosingDebit, tb.ClosingCredit = tb.ClosingDebit+cd, tb.ClosingCredit+cc
		tb.Debits, tb.Credits = tb.Debits+l.Debits, tb.Credits+l.Credits
	}
	return tb, nil
}

// sides splits a signed balance (credit positive) into its debit and credit columns.
func sides(balance int64) (debit, credit int64) {
	if balance < 0 {
		return -balance, 0
	}
	return 0, balance
}

// Table is the trial balance for printing.
func (b TrialBalance) Table() Table {
	t := Table{Title: "Neraca saldo", Period: b.Period.String(),
		Columns: columns("Akun", "Rekening", "Saldo awal debit", "Saldo awal kredit", "Mutasi debit", "Mutasi kredit", "Saldo akhir debit", "Saldo akhir kredit")}
	for _, l := range b.Lines {
		od, oc := sides(l.Opening)
		cd, cc := sides(l.Closing)
		t.line(Text(l.Name), Count(l.Accounts), Money(od), Money(oc), Money(l.Debits), Money(l.Credits), Money(cd), Money(cc))
	}
	t.total(Text("Jumlah"), Text(""), Money(b.OpeningDebit), Money(b.OpeningCredit), Money(b.Debits), Money(b.Credits), Money(b.ClosingDebit), Money(b.ClosingCredit))
	t.Notes = append(t.Notes, balancedNote(b.Balanced(), "Debit dan kredit sama di setiap kolom: buku seimbang.",
		"Debit dan kredit TIDAK sama: jalankan kopbot ledger check."))
	return t
}

func balancedNote(ok bool, yes, no string) string {
	if ok {
		return yes
	}
	return no
}

// SheetLine is one line of a statement: a group of accounts and its amount as the section reads it.
type SheetLine struct {
	Name     string
	Accounts int
	Amount   int64
}

// BalanceSheet is the neraca at the end of the period's last day: aset lancar, kewajiban,
// and ekuitas with the surplus not yet shared (SHU): that of earlier years (income less
// expenses before 1 January), and SHU tahun berjalan (since 1 January).
type BalanceSheet struct {
	Period                        Period
	Assets, Liabilities, Equity   []SheetLine
	SurplusEarlier, SurplusYear   int64
	TotalAssets, TotalLiabilities int64
	TotalEquity                   int64 // the equity lines and both surpluses
}

// Balanced reports whether the assets are the liabilities and equity.
func (b BalanceSheet) Balanced() bool { return b.TotalAssets == b.TotalLiabilities+b.TotalEquity }

// ReportBalanceSheet is the balance sheet at the end of the period (its first day is not used).
func ReportBalanceSheet(ctx context.Context, tx *store.Tx, p Period) (BalanceSheet, error) {
	totals, err := tx.AccountTotals(ctx, p.Branch, p.yearStart(), p.end())
	if err != nil {
		return BalanceSheet{}, err
	}
	b := BalanceSheet{Period: p}
	for _, t := range totals {
		s, name := placeOf(t)
		amount := t.Closing()
		if s.debitNormal() {
			amount = -amount
		}
		l := SheetLine{Name: name, Accounts: t.Accounts, Amount: amount}
		switch s {
		case SectionAssets:
			b.Assets, b.TotalAssets = append(b.Assets, l), b.TotalAssets+amount
		case SectionLiabilities:
			b.Liabilities, b.TotalLiabilities = append(b.Liabilities, l), b.TotalLiabilities+amount
		case SectionEquity:
			b.Equity, b.TotalEquity = append(b.Equity, l), b.TotalEquity+amount
		default: // income and expenses: credit positive is surplus
			b.SurplusEarlier += t.Opening
			b.SurplusYear += t.Credits - t.Debits
		}
	}
	b.TotalEquity += b.SurplusEarlier + b.SurplusYear
	return b, nil
}

// Table is the balance sheet for printing.
func (b BalanceSheet) Table() Table {
	t := Table{Title: "Neraca", Period: "per " + b.Period.To.Format("02-01-2006"), Columns: columns("Pos", "Rekening", "Jumlah")}
	section := func(name string, lines []SheetLine, total int64, totalName string) {
		t.heading(name)
		for _, l := range lines {
			t.line(Text("  "+l.Name), Count(l.Accounts), Money(l.Amount))
		}
		if totalName != "" {
			t.total(Text(totalName), Text(""), Money(total))
		}
	}
	section("ASET LANCAR", b.Assets, b.TotalAssets, "Jumlah aset")
	section("KEWAJIBAN", b.Liabilities, b.TotalLiabilities, "Jumlah kewajiban")
	section("EKUITAS", b.Equity, 0, "")
	t.line(Text("  SHU tahun lalu belum dibagi"), Text(""), Money(b.SurplusEarlier))
	t.line(Text("  SHU tahun berjalan"), Text(""), Money(b.SurplusYear))
	t.total(Text("Jumlah ekuitas"), Text(""), Money(b.TotalEquity))
	t.total(Text("Jumlah kewajiban dan ekuitas"), Text(""), Money(b.TotalLiabilities+b.TotalEquity))
	t.Notes = append(t.Notes, balancedNote(b.Balanced(), "Aset = kewajiban + ekuitas: neraca seimbang.",
		"Aset TIDAK sama dengan kewajiban + ekuitas: jalankan kopbot ledger check."))
	return t
}

// IncomeStatement is the perhitungan hasil usaha of the period: income (pendapatan), expenses
// (beban), and what is left, the surplus (SHU) of the period.
type IncomeStatement struct {
	Period                     Period
	Income, Expenses           []SheetLine
	TotalIncome, TotalExpenses int64
}

// Surplus is the period's SHU: income less expenses.
func (s IncomeStatement) Surplus() int64 { return s.TotalIncome - s.TotalExpenses }

// ReportIncomeStatement is the income statement of the period.
func ReportIncomeStatement(ctx context.Context, tx *store.Tx, p Period) (IncomeStatement, error) {
	totals, err := tx.AccountTotals(ctx, p.Branch, p.start(), p.end())
	if err != nil {
		return IncomeStatement{}, err
	}
	s := IncomeStatement{Period: p}
	for _, t := range totals {
		sec, name := placeOf(t)
		switch sec {
		case SectionIncome:
			l := SheetLine{Name: name, Accounts: t.Accounts, Amount: t.Credits - t.Debits}
			s.Income, s.TotalIncome = append(s.Income, l), s.TotalIncome+l.Amount
		case SectionExpenses:
			l := SheetLine{Name: name, Accounts: t.Accounts, Amount: t.Debits - t.Credits}
			s.Expenses, s.TotalExpenses = append(s.Expenses, l), s.TotalExpenses+l.Amount
		}
	}
	return s, nil
}

// Table is the income statement for printing.
func (s IncomeStatement) Table() Table {
	t := Table{Title: "Perhitungan hasil usaha", Period: s.Period.String(), Columns: columns("Pos", "Jumlah")}
	t.heading("PENDAPATAN")
	for _, l := range s.Income {
		t.line(Text("  "+l.Name), Money(l.Amount))
	}
	t.total(Text("Jumlah pendapatan"), Money(s.TotalIncome))
	t.heading("BEBAN")
	for _, l := range s.Expenses {
		t.line(Text("  "+l.Name), Money(l.Amount))
	}
	t.total(Text("Jumlah beban"), Money(s.TotalExpenses))
	t.total(Text("SISA HASIL USAHA (SHU)"), Money(s.Surplus()))
	return t
}
