package coop_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// setLoanFees gives the demo's Pinjaman Usaha disbursement fees: provisi 1%, administration
// Rp50.000, insurance 0.5%, collected as given (deduct or charge).
func (w *bookWorld) setLoanFees(collection string) {
	w.t.Helper()
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		p, err := tx.ProductByCode(ctx, "PIN")
		if err != nil {
			return err
		}
		s := p.Settings()
		s.ProvisiBP, s.AdminFee, s.InsuranceBP, s.FeeCollection = 100, 50_000, 50, collection
		p.Params = s.JSON()
		_, err = tx.SyncProduct(ctx, p)
		return err
	})
}

func (w *bookWorld) inTx(fn func(context.Context, *store.Tx) error) {
	w.t.Helper()
	ctx := context.Background()
	if err := w.db.Update(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		w.t.Fatal(err)
	}
}

// agusAndLoanProduct are Agus, the demo member who borrows in these tests, and the demo's loan product.
func agusAndLoanProduct(ctx context.Context, tx *store.Tx) (store.Member, store.Product, error) {
	m, err := tx.MemberByPhone(ctx, agus)
	if err != nil {
		return m, store.Product{}, err
	}
	p, err := tx.ProductByCode(ctx, "PIN")
	return m, p, err
}

// approveLoan files Agus's application for amount over tenor months and approves it, as
// staff do; it returns the loan account's number.
func (w *bookWorld) approveLoan(amount int64, tenor int) string {
	w.t.Helper()
	var number string
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		m, p, err := agusAndLoanProduct(ctx, tx)
		if err != nil {
			return err
		}
		a, err := tx.CreateLoanApplication(ctx, store.LoanApplication{MemberID: m.ID, Product: p, Amount: amount, TenorMonths: tenor})
		if err != nil {
			return err
		}
		a, err = coop.DecideLoanApplication(ctx, tx, a.ID, true, "", coop.CLI, "id")
		number = a.LoanAccount
		return err
	})
	return number
}

func (w *bookWorld) loanOf(number string) (store.Loan, []store.Installment) {
	w.t.Helper()
	var l store.Loan
	var sched []store.Installment
	w.inTx(func(ctx context.Context, tx *store.Tx) (err error) {
		if l, err = tx.LoanByAccount(ctx, number); err != nil {
			return err
		}
		sched, err = tx.Installments(ctx, l.ID)
		return err
	})
	return l, sched
}

func (w *bookWorld) savingsAccount(phone, code string) store.Account {
	w.t.Helper()
	var out store.Account
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, phone)
		if err != nil {
			return err
		}
		as, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		for _, a := range as {
			if a.ProductCode == code {
				out = a
			}
		}
		return err
	})
	return out
}

func (w *bookWorld) branchAmount(kind string) int64 {
	w.t.Helper()
	var n int64
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		a, err := tx.SystemAccount(ctx, "pusat", kind)
		n = a.Amount()
		return err
	})
	return n
}

func (w *bookWorld) tellerOp(key string) coop.TellerOp {
	return coop.TellerOp{Key: key, By: coop.Named("teller"), Lang: "id", Loc: w.loc, LateFeeBP: 10}
}

func (w *bookWorld) disburseLoan(key, loanNumber, savings string) (store.Receipt, error) {
	var r store.Receipt
	err := w.db.Update(context.Background(), func(tx *store.Tx) (err error) {
		r, err = coop.DisburseLoan(context.Background(), tx, w.tellerOp(key), loanNumber, savings)
		return err
	})
	return r, err
}

func (w *bookWorld) payLoan(key, loanNumber string, amount int64) (store.Payment, error) {
	var p store.Payment
	err := w.db.Update(context.Background(), func(tx *store.Tx) (err error) {
		p, err = coop.PayInstallments(context.Background(), tx, w.tellerOp(key), loanNumber, coop.PayCash, amount, w.now.In(w.loc))
		return err
	})
	return p, err
}

// lastToldTo is the last message queued for phone.
func (w *bookWorld) lastToldTo(phone string) string {
	w.t.Helper()
	var last string
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		out, err := tx.Queued(ctx, "pusat", 1_000_000)
		for _, m := range out {
			if m.To == phone {
				last = m.Text
			}
		}
		return err
	})
	return last
}

// A year of one loan on the demo, closing every day twice: approved (nothing to pay),
// disbursed with fees deducted, the first installment paid on time, the second four days
// late with its late fee, then nothing paid from April: the loan goes through every grade
// to loss, is paid up in October and is current again, and the ledger holds every month.
func TestLoanLifeOverAYear(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	w.setLoanFees("deduct")
	loanNo := w.approveLoan(6_000_000, 12)
	tab := w.savingsAccount(agus, "TAB")

	l, sched := w.loanOf(loanNo)
	if l.Status != store.LoanApproved || len(sched) != 0 || l.Account.Amount() != 0 {
		t.Fatalf("approved loan: status %s, %d installments, owes %d; want approved, none, nothing", l.Status, len(sched), l.Account.Amount())
	}
	// The approval notice shows the fees and what Agus will receive (below).
	wantText(t, "the approval notice", w.lastToldTo(agus), "*disetujui*", "Biaya pencairan: Rp140.000 (provisi Rp60.000, administrasi Rp50.000, asuransi Rp30.000)", "Diterima bersih: *Rp5.860.000*")
	if _, err := w.payLoan("early", loanNo, 0); !errors.Is(err, coop.NotDisbursed) {
		t.Fatalf("paying an approved loan: %v, want NotDisbursed", err)
	}

	grades := map[string]store.LoanGrade{}
	dpd := map[string]int{}
	events := map[string]func(){
		// Disbursed at the akad on 6 January. Fees: provisi 1% of 6,000,000 = 60,000;
		// administration 50,000; insurance 0.5% of 6,000,000 = 30,000; together 140,000,
		// deducted: savings get 6,000,000 - 140,000 = 5,860,000; fee income 60,000 + 50,000
		// = 110,000; insurance payable 30,000. Flat 12%: 500,000 principal + 60,000 interest
		// = 560,000 a month, the first due 6 February.
		"2026-01-06": func() {
			before, fees, ins := w.savingsAccount(agus, "TAB").Amount(), w.branchAmount(store.AccountFeeIncome), w.branchAmount(store.AccountInsurancePayable)
			r, err := w.disburseLoan("akad-1", loanNo, tab.Number)
			if err != nil {
				t.Fatal(err)
			}
			if r.Amount != 6_000_000 {
				t.Errorf("disbursed %d, want 6000000", r.Amount)
			}
			if got := w.savingsAccount(agus, "TAB").Amount() - before; got != 5_860_000 {
				t.Errorf("savings got %d, want 5860000", got)
			}
			if got := w.branchAmount(store.AccountFeeIncome) - fees; got != 110_000 {
				t.Errorf("fee income got %d, want 110000", got)
			}
			if got := w.branchAmount(store.AccountInsurancePayable) - ins; got != 30_000 {
				t.Errorf("insurance payable got %d, want 30000", got)
			}
			wantText(t, "the disbursement notice", w.lastToldTo(agus), "Jumlah pinjaman: *Rp6.000.000*", "Biaya pencairan: Rp140.000", "dipotong dari pencairan",
				"Diterima bersih: *Rp5.860.000*", "Angsuran pertama: Rp560.000, jatuh tempo 6 Feb 2026")
			l, sched := w.loanOf(loanNo)
			if l.Status != store.LoanActive || len(sched) != 12 || l.Start.Format(time.DateOnly) != "2026-01-06" || l.Account.Amount() != 6_000_000 {
				t.Fatalf("after the disbursement: %s from %s, %d installments, owes %d", l.Status, l.Start.Format(time.DateOnly), len(sched), l.Account.Amount())
			}
			if sched[0].Due.Format(time.DateOnly) != "2026-02-06" || sched[0].Total() != 560_000 || sched[11].Due.Format(time.DateOnly) != "2027-01-06" {
				t.Errorf("schedule: first %s %d, last %s", sched[0].Due.Format(time.DateOnly), sched[0].Total(), sched[11].Due.Format(time.DateOnly))
			}
			if _, err := w.disburseLoan("akad-2", loanNo, tab.Number); !errors.Is(err, coop.AlreadyDisbursed) {
				t.Errorf("a second disbursement: %v, want AlreadyDisbursed", err)
			}
		},
		"2026-02-06": func() { w.wantLoanPaid("on time", loanNo, 560_000) },
		// Four days late: 560,000 × 0.1% × 4 days = 2,240 late fee.
		"2026-03-10": func() { w.wantLoanPaid("four days late", loanNo, 560_000+2_240) },
		// Paid up on 20 October: installments 3 to 9 (due 6 April to 6 October), each
		// 560,000, with 560,000 × 0.1% = 560 a day late: 197 + 167 + 136 + 106 + 75 + 44 +
		// 14 = 739 days, 413,840; 7 × 560,000 + 413,840 = 4,333,840.
		"2026-10-20": func() { w.wantLoanPaid("in arrears", loanNo, 4_333_840) },
		"2026-11-06": func() { w.wantLoanPaid("on time again", loanNo, 560_000) },
		// The admins' digest counts the branch's loans per grade: Agus's is substandard (94
		// days), owing 6,000,000 - 2 × 500,000 = 5,000,000; Siti's demo loan, unpaid since
		// 10 January, doubtful.
		"2026-07-10": func() {
			jobs := &coop.Jobs{Office: w.office, Settings: coop.JobSettings{OverdueLimit: 7}}
			if _, err := jobs.Run(context.Background(), coop.JobStaffDigest, w.now, false); err != nil {
				t.Fatal(err)
			}
			wantText(t, "the staff digest", w.lastToldTo("6281299990099"), "Kolektibilitas pinjaman aktif", "- kurang lancar: 1 pinjaman, sisa pokok Rp5.000.000",
				"- diragukan: 1 pinjaman")
		},
	}
	for day := w.day(2026, 1, 5); day.Before(w.day(2027, 1, 1)); day = day.AddDate(0, 0, 1) {
		key := day.Format(time.DateOnly)
		if ev, ok := events[key]; ok {
			w.now = day.Add(10 * time.Hour)
			ev()
		}
		w.closeDayTwice(day)
		l, _ := w.loanOf(loanNo)
		grades[key], dpd[key] = l.Grade, l.DaysPastDue
		if day.AddDate(0, 0, 1).Day() == 1 {
			w.ledgerOK()
		}
	}
	// Days past due count from the oldest installment unpaid at the day's end.
	for _, c := range []struct {
		day   string
		dpd   int
		grade store.LoanGrade
	}{
		{"2026-02-06", 0, store.GradeCurrent},         // paid on its due day
		{"2026-03-06", 0, store.GradeCurrent},         // due today: not late yet
		{"2026-03-07", 1, store.GradeSpecialMention},  // a day late
		{"2026-03-09", 3, store.GradeSpecialMention},  //
		{"2026-03-10", 0, store.GradeCurrent},         // paid with the late fee
		{"2026-04-07", 1, store.GradeSpecialMention},  // installment 3, never paid
		{"2026-07-05", 90, store.GradeSpecialMention}, // 6 April + 90 days
		{"2026-07-06", 91, store.GradeSubstandard},    // from 91 days
		{"2026-08-04", 120, store.GradeSubstandard},   //
		{"2026-08-05", 121, store.GradeDoubtful},      // from 121 days
		{"2026-10-03", 180, store.GradeDoubtful},      //
		{"2026-10-04", 181, store.GradeLoss},          // from 181 days
		{"2026-10-19", 196, store.GradeLoss},          //
		{"2026-10-20", 0, store.GradeCurrent},         // paid up: installment 10 is due 6 November
		{"2026-12-07", 1, store.GradeSpecialMention},  // installment 11, due 6 December, not paid
		{"2026-12-31", 25, store.GradeSpecialMention}, //
	} {
		if dpd[c.day] != c.dpd || grades[c.day] != c.grade {
			t.Errorf("%s: %d days past due, %s; want %d, %s", c.day, dpd[c.day], grades[c.day], c.dpd, c.grade)
		}
	}
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		counts, err := tx.GradeCounts(ctx, "pusat")
		for _, c := range counts {
			if c.Grade == store.GradeSpecialMention && c.Loans < 1 {
				t.Errorf("grade counts %+v: Agus's loan is special mention", counts)
			}
		}
		return err
	})
}

// wantLoanPaid pays what is due today on the loan in cash, and checks it was amount.
func (w *bookWorld) wantLoanPaid(what, loanNo string, amount int64) {
	w.t.Helper()
	p, err := w.payLoan("pay-"+w.now.Format(time.DateOnly), loanNo, 0)
	if err != nil {
		w.t.Fatalf("pay %s: %v", what, err)
	}
	if p.Amount != amount {
		w.t.Errorf("paid %s: %d, want %d (late fees %d)", what, p.Amount, amount, p.LateFees)
	}
}

// Fees charged to savings come after the payout in a journal transaction of their own;
// reversing the disbursement waits for the fees' reversal, and then the loan is approved
// again, without a schedule, ready for a new disbursement.
func TestDisbursementFeesChargedAndReversed(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	w.setLoanFees("charge")
	loanNo := w.approveLoan(6_000_000, 12)
	tab := w.savingsAccount(agus, "TAB")
	before := tab.Amount()
	r, err := w.disburseLoan("akad-1", loanNo, tab.Number)
	if err != nil {
		t.Fatal(err)
	}
	// 6,000,000 in, then 140,000 of fees out: 5,860,000 more than before.
	if got := w.savingsAccount(agus, "TAB").Amount(); got != before+5_860_000 {
		t.Errorf("savings %d, want %d", got, before+5_860_000)
	}
	wantText(t, "the disbursement notice", w.lastToldTo(agus), "didebit dari tabungan setelah pencairan", "Diterima bersih: *Rp5.860.000*")
	if again, err := w.disburseLoan("akad-1", loanNo, tab.Number); err != nil || !again.Duplicate || again.JournalID != r.JournalID {
		t.Errorf("the same key again: %+v, %v; want the first receipt, duplicate", again, err)
	}
	if got := w.savingsAccount(agus, "TAB").Amount(); got != before+5_860_000 {
		t.Errorf("savings %d after the same disbursement again, want %d", got, before+5_860_000)
	}
	reverse := func(key, journalKey string) error {
		return w.db.Update(context.Background(), func(tx *store.Tx) error {
			_, err := coop.Reverse(context.Background(), tx, w.tellerOp(key), journalKey, "Salah nomor rekening")
			return err
		})
	}
	if err := reverse("r-1", "akad-1"); !errors.Is(err, coop.CannotReverse) {
		t.Fatalf("reversing the disbursement before its fees: %v, want CannotReverse", err)
	}
	if err := reverse("r-2", store.KeyLoanFees.Key("akad-1")); err != nil {
		t.Fatal(err)
	}
	if err := reverse("r-3", "akad-1"); err != nil {
		t.Fatal(err)
	}
	l, sched := w.loanOf(loanNo)
	if l.Status != store.LoanApproved || len(sched) != 0 || l.Account.Amount() != 0 || !l.DisbursedAt.IsZero() {
		t.Fatalf("after both reversals: %s, %d installments, owes %d; want approved, none, nothing", l.Status, len(sched), l.Account.Amount())
	}
	if got := w.savingsAccount(agus, "TAB").Amount(); got != before {
		t.Errorf("savings %d after the reversals, want %d", got, before)
	}
	w.now = w.day(2026, 1, 7).Add(10 * time.Hour)
	if _, err := w.disburseLoan("akad-2", loanNo, tab.Number); err != nil {
		t.Fatal(err)
	}
	if l, sched := w.loanOf(loanNo); l.Status != store.LoanActive || len(sched) != 12 || sched[0].Due.Format(time.DateOnly) != "2026-02-07" {
		t.Errorf("disbursed again on 7 January: %s, %d installments", l.Status, len(sched))
	}
	w.ledgerOK()
}

// A loan written off: refused while only approved, then the principal owed comes off
// against the branch's equity, the loan is written off and no longer graded, and the same
// request again changes nothing.
func TestWriteOffLoan(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	loanNo := w.approveLoan(6_000_000, 12)
	writeOff := func(key string) (store.Receipt, error) {
		var r store.Receipt
		err := w.db.Update(context.Background(), func(tx *store.Tx) (err error) {
			r, err = coop.WriteOffLoan(context.Background(), tx, w.tellerOp(key), loanNo, "Macet, usaha tutup sejak Maret")
			return err
		})
		return r, err
	}
	if _, err := writeOff("wo-0"); !errors.Is(err, coop.LoanNotActive) {
		t.Fatalf("writing off an approved loan: %v, want LoanNotActive", err)
	}
	if _, err := w.disburseLoan("akad-1", loanNo, w.savingsAccount(agus, "TAB").Number); err != nil {
		t.Fatal(err)
	}
	equity := w.branchAmount(store.AccountEquity)
	r, err := writeOff("wo-1")
	if err != nil {
		t.Fatal(err)
	}
	l, _ := w.loanOf(loanNo)
	// Nothing was paid: the whole 6,000,000 comes off the loan and out of equity.
	if r.Amount != 6_000_000 || l.Status != store.LoanWrittenOff || l.Account.Amount() != 0 || w.branchAmount(store.AccountEquity) != equity-6_000_000 {
		t.Fatalf("written off %d: loan %s owes %d, equity %d (was %d)", r.Amount, l.Status, l.Account.Amount(), w.branchAmount(store.AccountEquity), equity)
	}
	if again, err := writeOff("wo-1"); err != nil || !again.Duplicate || again.JournalID != r.JournalID {
		t.Errorf("the same write-off again: %+v, %v", again, err)
	}
	if w.branchAmount(store.AccountEquity) != equity-6_000_000 {
		t.Error("the same write-off again moved money")
	}
	if _, err := w.payLoan("after", loanNo, 0); !errors.Is(err, coop.LoanNotActive) {
		t.Errorf("paying a written-off loan: %v, want LoanNotActive", err)
	}
	// Months later it is still written off, never graded.
	for day := w.day(2026, 1, 5); day.Before(w.day(2026, 5, 1)); day = day.AddDate(0, 0, 1) {
		w.closeDay(day)
	}
	if l, _ := w.loanOf(loanNo); l.Status != store.LoanWrittenOff || l.DaysPastDue != 0 {
		t.Errorf("after the closes: %s, %d days past due", l.Status, l.DaysPastDue)
	}
	w.ledgerOK()
}
