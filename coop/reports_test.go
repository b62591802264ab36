package coop_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

// The demo, laid out on 5 January 2026 (Jakarta), as the reports must read it:
//
//   - five members joined on 3 July 2025: simpanan pokok 5 × 100,000 = 500,000; simpanan
//     wajib 4 × 6 × 50,000 + 4 × 50,000 (Rina, two months behind) = 1,400,000;
//   - four tabungan: opened with 500,000, 1,000,000, 1,500,000 and 2,000,000, then each
//   - 750,000 - 200,000 + 1,250,000 - 300,000 + 400,000: 5,000,000 + 4 × 1,900,000 = 12,600,000;
//   - Budi's time deposit, 10,000,000 (15 October 2025);
//   - Siti's loan, 10,000,000 on 10 October 2025, flat 12% over 12 months: 833,333
//     principal and 100,000 interest a month; installments 1 to 3 (10 November, 10 December,
//     10 January) paid: 2,499,999 principal and 300,000 interest, 7,500,001 owed;
//   - all of it through the branch's cash: 500,000 + 1,400,000 + 12,600,000 + 10,000,000 -
//     10,000,000 + 2,799,999 = 17,299,999.
//
// reportWorld adds, on 5 January: Ani takes 250,000 cash into Budi's tabungan, Dodi pays out
// 100,000 from Siti's, and Agus is paid 75,000 by QRIS into his tabungan.
func reportWorld(t *testing.T) *bookWorld {
	t.Helper()
	w := newBookWorld(t, time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC))
	budiTab, sitiTab := w.savingsAccount(budi, "TAB").Number, w.savingsAccount(siti, "TAB").Number
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		op := coop.TellerOp{Key: "ani-1", By: coop.Named("ani"), Lang: "id", Loc: w.loc}
		if _, err := coop.CashDeposit(ctx, tx, op, budiTab, 250_000, ""); err != nil {
			return err
		}
		op.Key, op.By = "dodi-1", coop.Named("dodi")
		_, err := coop.CashWithdrawal(ctx, tx, op, sitiTab, 100_000, "")
		return err
	})
	tab := w.savingsAccount(agus, "TAB")
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.CreateInvoice(ctx, store.Invoice{Ref: "QR-000001", Branch: "pusat", MemberID: tab.MemberID, AccountID: tab.ID,
			Amount: 75_000, Payload: "x", ValidUntil: w.now.Add(15 * time.Minute)})
		return err
	})
	if _, err := w.office.SettleQRIS(context.Background(), coop.QRISPayment{Reference: "QR-000001", TransactionID: "T1", Amount: 75_000,
		PaidAt: w.now, PayerName: "Pembeli", Issuer: "GoPay"}); err != nil {
		t.Fatal(err)
	}
	return w
}

// period is the days from and to of pusat, in Jakarta.
func (w *bookWorld) period(from, to time.Time) coop.Period {
	w.t.Helper()
	p, err := coop.NewPeriod("pusat", from, to, w.loc)
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

// report computes a report in one read transaction.
func report[R any](w *bookWorld, compute func(ctx context.Context, tx *store.Tx) (R, error)) R {
	w.t.Helper()
	var r R
	err := w.db.View(context.Background(), func(tx *store.Tx) (err error) {
		r, err = compute(context.Background(), tx)
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

// lines are a statement's lines as "name amount", to compare with what is written by hand.
func lines(ls []coop.SheetLine) string {
	var out []string
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%s %d", l.Name, l.Amount))
	}
	return strings.Join(out, "; ")
}

func TestReportBooksOnTheDemo(t *testing.T) {
	w := reportWorld(t)
	all := w.period(w.day(2025, 7, 1), w.day(2026, 1, 31))

	tb := report(w, func(ctx context.Context, tx *store.Tx) (coop.TrialBalance, error) {
		return coop.ReportTrialBalance(ctx, tx, all)
	})
	// Debit: cash 17,299,999 + 250,000 - 100,000, QRIS receivable 75,000, loan 7,500,001.
	if !tb.Balanced() || tb.ClosingDebit != 25_025_000 || tb.OpeningDebit != 0 || tb.Debits != tb.Credits {
		t.Errorf("trial balance: opening %d/%d, moved %d/%d, closing %d/%d; want nothing before July, closing 25025000 each side",
			tb.OpeningDebit, tb.OpeningCredit, tb.Debits, tb.Credits, tb.ClosingDebit, tb.ClosingCredit)
	}

	bs := report(w, func(ctx context.Context, tx *store.Tx) (coop.BalanceSheet, error) {
		return coop.ReportBalanceSheet(ctx, tx, all)
	})
	for _, c := range []struct{ what, got, want string }{
		{"assets", lines(bs.Assets), "Kas 17449999; Piutang QRIS dalam penyelesaian 75000; Piutang Pinjaman Usaha 7500001"},
		{"liabilities", lines(bs.Liabilities), "Tabungan Sejahtera 12825000; Deposito Berjangka 10000000"},
		{"equity", lines(bs.Equity), "Simpanan Pokok 500000; Simpanan Wajib 1400000"},
		// Interest of November and December is last year's surplus; January's this year's.
		{"surplus", fmt.Sprint(bs.SurplusEarlier, bs.SurplusYear), "200000 100000"},
		{"totals", fmt.Sprint(bs.TotalAssets, bs.TotalLiabilities, bs.TotalEquity), "25025000 22825000 2200000"},
	} {
		if c.got != c.want {
			t.Errorf("balance sheet %s: %s, want %s", c.what, c.got, c.want)
		}
	}
	if !bs.Balanced() {
		t.Error("the balance sheet does not balance")
	}

	is := report(w, func(ctx context.Context, tx *store.Tx) (coop.IncomeStatement, error) {
		return coop.ReportIncomeStatement(ctx, tx, w.period(w.day(2026, 1, 1), w.day(2026, 1, 31)))
	})
	if got := lines(is.Income); got != "Pendapatan jasa pinjaman (bunga dan denda) 100000" || is.Surplus() != bs.SurplusYear {
		t.Errorf("income statement of January: %s, SHU %d; want January's interest, 100000, the balance sheet's SHU tahun berjalan", got, is.Surplus())
	}
}

func TestReportActivityOnTheDemo(t *testing.T) {
	w := reportWorld(t)
	today := w.period(w.day(2026, 1, 5), w.day(2026, 1, 5))

	teller := report(w, func(ctx context.Context, tx *store.Tx) (coop.TellerReport, error) {
		return coop.ReportTeller(ctx, tx, today)
	})
	var got []string
	for _, l := range teller.Lines {
		got = append(got, fmt.Sprintf("%s %d in %d out %d", l.Author, l.Journals, l.In, l.Out))
	}
	// Before today: 17,299,999 less the installment of 10 January (posted ahead by the demo).
	if fmt.Sprint(got) != "[petugas ani 1 in 250000 out 0 petugas dodi 1 in 0 out 100000]" || teller.Opening != 16_366_666 || teller.Closing != 16_516_666 {
		t.Errorf("teller report: %v, cash %d to %d; want Ani's 250000 in and Dodi's 100000 out, 16366666 to 16516666", got, teller.Opening, teller.Closing)
	}
	if cash := w.branchAmount(store.AccountCash); teller.Closing+933_333 != cash {
		t.Errorf("the teller report's closing cash %d and the installment of 10 January are not the cash account's %d", teller.Closing, cash)
	}

	var steps []string
	j := report(w, func(ctx context.Context, tx *store.Tx) (coop.Journal, error) {
		return coop.ReportJournal(ctx, tx, today, "id", func(done, total int) { steps = append(steps, fmt.Sprintf("%d/%d", done, total)) })
	})
	if fmt.Sprint(steps) != "[1/3 2/3 3/3]" {
		t.Errorf("the journal told its progress as %v, want each of its 3 transactions", steps)
	}
	got = nil
	for _, e := range j.Entries {
		for _, l := range e.Lines {
			got = append(got, fmt.Sprintf("%s %s %s %d/%d", e.Memo, e.Author, l.Name, l.Debit, l.Credit))
		}
	}
	want := []string{
		"Setoran tunai petugas ani Budi Santoso, Tabungan Sejahtera 0/250000", "Setoran tunai petugas ani Kas 250000/0",
		"Penarikan tunai petugas dodi Siti Rahmawati, Tabungan Sejahtera 100000/0", "Penarikan tunai petugas dodi Kas 0/100000",
		"QRIS QR-000001 gateway GoPay Piutang QRIS dalam penyelesaian 75000/0", "QRIS QR-000001 gateway GoPay Agus Wijaya, Tabungan Sejahtera 0/75000",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || j.Debits != 425_000 || j.Credits != 425_000 {
		t.Errorf("journal of 5 January:\n%s\ndebits %d, credits %d; want\n%s\nand 425000 each", strings.Join(got, "\n"), j.Debits, j.Credits, strings.Join(want, "\n"))
	}

	q := report(w, func(ctx context.Context, tx *store.Tx) (coop.QRISReport, error) {
		return coop.ReportQRIS(ctx, tx, today)
	})
	if len(q.Merchants) != 1 || q.Merchants[0].Member.Name != "Agus Wijaya" || q.Payments != 1 || q.Total != 75_000 {
		t.Errorf("QRIS takings: %+v, %d payments, %d; want Agus's one payment of 75000", q.Merchants, q.Payments, q.Total)
	}
	if q.Total != w.branchAmount(store.AccountQRISSettlement) {
		t.Errorf("QRIS takings %d, the settlement account %d", q.Total, w.branchAmount(store.AccountQRISSettlement))
	}
}

func TestReportPortfoliosOnTheDemo(t *testing.T) {
	w := reportWorld(t)
	today := w.period(w.day(2026, 1, 5), w.day(2026, 1, 5))
	s := report(w, func(ctx context.Context, tx *store.Tx) (coop.SavingsPortfolio, error) {
		return coop.ReportSavings(ctx, tx, today)
	})
	var got []string
	for _, l := range s.Lines {
		got = append(got, fmt.Sprintf("%s %d %d %d>%d", l.ProductCode, l.Accounts, l.Opened, l.Opening, l.Closing))
	}
	// Tabungan: + 250,000 - 100,000 + 75,000 today.
	if want := "[SP 5 0 500000>500000 SW 5 0 1400000>1400000 TAB 4 0 12600000>12825000 DEP 1 0 10000000>10000000]"; fmt.Sprint(got) != want {
		t.Errorf("savings portfolio: %v, want %s", got, want)
	}
	if s.Accounts != 15 || s.Closing != 24_725_000 {
		t.Errorf("savings portfolio totals: %d accounts, %d; want 15, 24725000", s.Accounts, s.Closing)
	}

	all := w.period(w.day(2025, 7, 1), w.day(2026, 1, 31))
	l := report(w, func(ctx context.Context, tx *store.Tx) (coop.LoanPortfolio, error) {
		return coop.ReportLoans(ctx, tx, all)
	})
	if len(l.Groups) != 1 || fmt.Sprintf("%+v", l.Groups[0]) != "{ProductCode:PIN ProductName:Pinjaman Usaha Status:active Loans:1 Principal:10000000 Disbursed:1 DisbursedAmount:10000000 Outstanding:7500001}" {
		t.Errorf("loans portfolio: %+v; want Siti's loan, 7500001 owed", l.Groups)
	}

	// Savings and loans at the end of the period are the ledger's balances now.
	books := report(w, func(ctx context.Context, tx *store.Tx) (store.BranchBalances, error) {
		return tx.BranchBalances(ctx, "pusat")
	})
	for _, m := range books.Members {
		want := m.Amount
		var have int64
		switch m.Kind {
		case store.AccountLoan:
			have = l.Outstanding
		default:
			for _, sl := range s.Lines {
				if sl.ProductCode == m.ProductCode {
					have = sl.Closing
				}
			}
		}
		if have != want {
			t.Errorf("%s %s: the report has %d, the ledger %d", m.Kind, m.ProductCode, have, want)
		}
	}
}

// The members report counts who joined and who left in the period: Wati joins on 5
// January, and Rina leaves (the lifecycle sets status and left_at; here the test does).
func TestReportMembers(t *testing.T) {
	w := reportWorld(t)
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.CreateMember(ctx, store.Member{Branch: "pusat", No: "01.00006", Name: "Wati", Phone: "6281200000006", Status: store.MemberActive})
		return err
	})
	raw := storetest.Raw(t, w.db)
	if _, err := raw.Exec(`UPDATE members SET status = 'closed', left_at = ? WHERE phone = '6281200000005'`, w.now.Unix()); err != nil {
		t.Fatal(err)
	}
	r := report(w, func(ctx context.Context, tx *store.Tx) (coop.MemberReport, error) {
		return coop.ReportMembers(ctx, tx, w.period(w.day(2026, 1, 1), w.day(2026, 1, 31)))
	})
	if len(r.Joined) != 1 || r.Joined[0].Name != "Wati" || len(r.Left) != 1 || r.Left[0].Name != "Rina Marlina" || r.AtStart != 5 || r.AtEnd != 5 {
		t.Errorf("January: joined %v, left %v, %d members before and %d after; want Wati, Rina, 5 and 5", r.Joined, r.Left, r.AtStart, r.AtEnd)
	}
	r = report(w, func(ctx context.Context, tx *store.Tx) (coop.MemberReport, error) {
		return coop.ReportMembers(ctx, tx, w.period(w.day(2025, 7, 1), w.day(2025, 12, 31)))
	})
	if len(r.Joined) != 5 || len(r.Left) != 0 || r.AtStart != 0 || r.AtEnd != 5 {
		t.Errorf("the second half of 2025: %d joined, %d left, %d before, %d after; want 5, 0, 0, 5", len(r.Joined), len(r.Left), r.AtStart, r.AtEnd)
	}
}

// Over three months of closed days: Agus borrows 6,000,000 on 6 January and pays each
// installment on its day; Siti pays nothing after the demo's third installment. On 15 April
// Agus's loan is lancar, owing 6,000,000 - 3 × 500,000 = 4,500,000 and nothing overdue;
// Siti's is 64 days past due (since 10 February), dalam perhatian khusus, with installments 4
// to 6 overdue: 3 × 833,333 = 2,499,999 principal, 3 × 100,000 interest, and late fees of
// 0.1% a day on 933,333: 64 days 59,733, 36 days 33,600, 5 days 4,667: 98,000. The books the
// closes wrote (savings and deposit interest, tax) balance in every report.
func TestReportArrearsAndBooksAfterMonths(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC))
	loanNo := w.approveLoan(6_000_000, 12)
	tab := w.savingsAccount(agus, "TAB").Number
	for day := w.day(2026, 1, 5); !day.After(w.day(2026, 4, 15)); day = day.AddDate(0, 0, 1) {
		w.now = day.Add(10 * time.Hour)
		switch day.Format(time.DateOnly) {
		case "2026-01-06":
			if _, err := w.disburseLoan("akad", loanNo, tab); err != nil {
				t.Fatal(err)
			}
		case "2026-02-06", "2026-03-06", "2026-04-06":
			if _, err := w.payLoan("pay-"+day.Format(time.DateOnly), loanNo, 0); err != nil {
				t.Fatal(err)
			}
		}
		w.closeDay(day)
	}
	w.ledgerOK()

	var steps []string
	p := w.period(w.day(2026, 4, 15), w.day(2026, 4, 15))
	a := report(w, func(ctx context.Context, tx *store.Tx) (coop.Arrears, error) {
		return coop.ReportArrears(ctx, tx, p, w.office.LateFeeBP, func(done, total int) { steps = append(steps, fmt.Sprintf("%d/%d", done, total)) })
	})
	var got []string
	for _, g := range a.Grades {
		got = append(got, fmt.Sprintf("%s: %d loans, %d owed, %d overdue", coop.GradeNames[g.Grade], g.Loans, g.Outstanding, g.Owed()))
		for _, l := range g.InArrears {
			got = append(got, fmt.Sprintf("  %s %s %d days: %d + %d + %d", l.MemberNo, l.Name, l.DaysPastDue, l.Principal, l.Interest, l.LateFees))
		}
	}
	want := []string{
		"lancar: 1 loans, 4500000 owed, 0 overdue",
		"dalam perhatian khusus: 1 loans, 7500001 owed, 2897999 overdue",
		"  01.00002 Siti Rahmawati 64 days: 2499999 + 300000 + 98000",
		"kurang lancar: 0 loans, 0 owed, 0 overdue", "diragukan: 0 loans, 0 owed, 0 overdue", "macet: 0 loans, 0 owed, 0 overdue",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("arrears on 15 April:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if total := a.Total(); total.Loans != 2 || total.Outstanding != w.branchLoans() {
		t.Errorf("arrears total: %d loans owing %d; want 2, the ledger's loans outstanding %d", total.Loans, total.Outstanding, w.branchLoans())
	}
	if fmt.Sprint(steps) != "[1/2 2/2]" {
		t.Errorf("progress told %v, want each of the 2 loans", steps)
	}

	year := w.period(w.day(2026, 1, 1), w.day(2026, 4, 15))
	tb := report(w, func(ctx context.Context, tx *store.Tx) (coop.TrialBalance, error) {
		return coop.ReportTrialBalance(ctx, tx, year)
	})
	bs := report(w, func(ctx context.Context, tx *store.Tx) (coop.BalanceSheet, error) {
		return coop.ReportBalanceSheet(ctx, tx, year)
	})
	is := report(w, func(ctx context.Context, tx *store.Tx) (coop.IncomeStatement, error) {
		return coop.ReportIncomeStatement(ctx, tx, year)
	})
	teller := report(w, func(ctx context.Context, tx *store.Tx) (coop.TellerReport, error) {
		return coop.ReportTeller(ctx, tx, year)
	})
	switch {
	case !tb.Balanced():
		t.Errorf("trial balance: %+v", tb)
	case !bs.Balanced():
		t.Errorf("balance sheet: assets %d, liabilities %d, equity %d", bs.TotalAssets, bs.TotalLiabilities, bs.TotalEquity)
	case bs.SurplusEarlier != 200_000 || is.Surplus() != bs.SurplusYear:
		t.Errorf("SHU: %d of 2025 (want 200000), %d this year, the income statement's %d", bs.SurplusEarlier, bs.SurplusYear, is.Surplus())
	case is.TotalExpenses == 0 || is.TotalExpenses != w.branchAmount(store.AccountInterestExpense):
		t.Errorf("expenses %d, want the interest paid on savings and deposits, %d", is.TotalExpenses, w.branchAmount(store.AccountInterestExpense))
	case is.TotalIncome+200_000 != w.branchAmount(store.AccountIncome)+w.branchAmount(store.AccountFeeIncome):
		t.Errorf("income %d and 2025's 200000, want the income accounts' %d", is.TotalIncome, w.branchAmount(store.AccountIncome)+w.branchAmount(store.AccountFeeIncome))
	case teller.Closing != w.branchAmount(store.AccountCash) || teller.Opening+teller.In-teller.Out != teller.Closing:
		t.Errorf("teller: cash %d + %d - %d = %d, the cash account %d", teller.Opening, teller.In, teller.Out, teller.Closing, w.branchAmount(store.AccountCash))
	}
}

// branchLoans is what pusat's members owe on their loans, by the ledger.
func (w *bookWorld) branchLoans() int64 {
	books := report(w, func(ctx context.Context, tx *store.Tx) (store.BranchBalances, error) {
		return tx.BranchBalances(ctx, "pusat")
	})
	var n int64
	for _, m := range books.Members {
		if m.Kind == store.AccountLoan {
			n += m.Amount
		}
	}
	return n
}
