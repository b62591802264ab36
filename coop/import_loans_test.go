package coop_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// loanFile is a loan import file of three running loans of demo members: Budi's with 3 of
// 12 installments paid, Siti's new one at a rate of its own, and Dewi's overdue since its
// third installment.
const loanFile = "member_no,product,principal,tenor,rate,disbursed_at,installments_paid,outstanding\n" +
	"01.00001,PIN,12.000.000,12,,2026-09-05,3,9.000.000\n" +
	"01.00002,pin,6000000,6,18%,01-12-2026,0,6000000\n" +
	"01.00004,PIN,5.000.000,10,12,2026-05-20,2,4.000.000\n"

// importLoans brings the loans of body in, as ana, on the world's today.
func (w *bookWorld) importLoans(body string, progress coop.Progress) (coop.LoanImport, error) {
	var imp coop.LoanImport
	now := w.now.In(w.loc)
	today := w.day(now.Year(), now.Month(), now.Day())
	err := w.db.Update(context.Background(), func(tx *store.Tx) (err error) {
		imp, err = coop.ImportLoans(context.Background(), tx, coop.LoanImportFile{CSV: []byte(body), Branch: "pusat", Today: today, By: "ana", Progress: progress})
		return err
	})
	return imp, err
}

// loanOfMember is the member's newest loan (the one brought in), and its schedule.
func (w *bookWorld) loanOfMember(no string) (store.Loan, []store.Installment) {
	w.t.Helper()
	var l store.Loan
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByNo(ctx, no)
		if err != nil {
			return err
		}
		loans, err := tx.LoansOfMember(ctx, m.ID)
		if err != nil || len(loans) == 0 {
			return fmt.Errorf("member %s has no loan (%v)", no, err)
		}
		l = loans[len(loans)-1]
		return nil
	})
	return w.loanOf(l.Account.Number)
}

// Loans running in the old books come in with kopbot's own schedule, the installments paid
// before marked paid without any money moving for them, and what each still owes on its
// loan account against the branch's equity; the ledger balances, and the day's close grades
// the overdue one by its first unpaid installment.
func TestImportLoansBringsRunningLoansIn(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 12, 11, 9, 0, 0, 0, time.UTC))
	equityBefore := w.branchAmount(store.AccountEquity)
	cashBefore := w.branchAmount(store.AccountCash)
	var steps []string
	imp, err := w.importLoans(loanFile, func(done, total int) { steps = append(steps, fmt.Sprintf("%d/%d", done, total)) })
	if err != nil {
		t.Fatal(err)
	}
	if imp.Total != 19_000_000 || len(imp.Rows) != 3 {
		t.Errorf("brought in %d loans owing %d, want 3 owing 19,000,000", len(imp.Rows), imp.Total)
	}
	if got := strings.Join(steps, " "); got != "0/3 1/3 2/3 3/3" {
		t.Errorf("progress %s", got)
	}
	if got := w.branchAmount(store.AccountEquity); got != equityBefore+19_000_000 {
		t.Errorf("equity %d, want %d: the outstanding principal comes in against it", got, equityBefore+19_000_000)
	}
	if got := w.branchAmount(store.AccountCash); got != cashBefore {
		t.Errorf("cash %d, want %d: installments paid before kopbot move no money", got, cashBefore)
	}
	w.ledgerOK()

	for _, c := range []struct {
		no             string
		owed           int64
		paid, next     int
		nextDue        time.Time
		nextAmount     int64
		rateBP, tenor  int64
		disbursed      time.Time
		scheduleLength int
	}{
		{"01.00001", 9_000_000, 3, 4, w.day(2027, 1, 5), 1_120_000, 1200, 12, w.day(2026, 9, 5), 12},
		{"01.00002", 6_000_000, 0, 1, w.day(2027, 1, 1), 1_090_000, 1800, 6, w.day(2026, 12, 1), 6},
		{"01.00004", 4_000_000, 2, 3, w.day(2026, 8, 20), 550_000, 1200, 10, w.day(2026, 5, 20), 10},
	} {
		l, sched := w.loanOfMember(c.no)
		if l.Status != store.LoanActive || l.Account.Amount() != c.owed || l.RateBP != c.rateBP || int64(l.TenorMonths) != c.tenor {
			t.Errorf("%s: %s owing %d at %d bp over %d months, want active owing %d at %d bp over %d", c.no, l.Status, l.Account.Amount(),
				l.RateBP, l.TenorMonths, c.owed, c.rateBP, c.tenor)
		}
		if l.Start.Format(time.DateOnly) != c.disbursed.Format(time.DateOnly) || l.DisbursedAt.IsZero() {
			t.Errorf("%s: disbursed %s (at %s), want %s", c.no, l.Start.Format(time.DateOnly), l.DisbursedAt, c.disbursed.Format(time.DateOnly))
		}
		if len(sched) != c.scheduleLength {
			t.Fatalf("%s: %d installments, want %d", c.no, len(sched), c.scheduleLength)
		}
		for i, in := range sched {
			if paid := in.Paid == in.Total() && !in.PaidAt.IsZero(); paid != (i < c.paid) {
				t.Errorf("%s: installment %d paid %d of %d at %s", c.no, in.No, in.Paid, in.Total(), in.PaidAt)
			}
		}
		next := sched[c.paid]
		if next.No != c.next || next.Due.Format(time.DateOnly) != c.nextDue.Format(time.DateOnly) || next.Total() != c.nextAmount {
			t.Errorf("%s: next installment %d due %s for %d, want %d due %s for %d", c.no, next.No, next.Due.Format(time.DateOnly), next.Total(),
				c.next, c.nextDue.Format(time.DateOnly), c.nextAmount)
		}
	}

	// The day's close grades Dewi's loan from its third installment, due 20 August: 113
	// days past due at the end of 11 December, substandard (kurang lancar) from 91 days.
	w.closeDay(w.day(2026, 12, 11))
	w.ledgerOK()
	dewi, _ := w.loanOfMember("01.00004")
	if dewi.DaysPastDue != 113 || dewi.Grade != store.GradeSubstandard {
		t.Errorf("Dewi's loan after the close: %d days past due, %s; want 113, substandard", dewi.DaysPastDue, dewi.Grade)
	}
	budi, _ := w.loanOfMember("01.00001")
	if budi.DaysPastDue != 0 || budi.Grade != store.GradeCurrent {
		t.Errorf("Budi's loan after the close: %d days past due, %s; want current", budi.DaysPastDue, budi.Grade)
	}
}

// The same file again brings nothing in twice: every loan is refused, by its line, as
// brought in already, and nothing changes.
func TestImportLoansTwiceIsRefused(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 12, 11, 9, 0, 0, 0, time.UTC))
	if _, err := w.importLoans(loanFile, nil); err != nil {
		t.Fatal(err)
	}
	equity := w.branchAmount(store.AccountEquity)
	_, err := w.importLoans(loanFile, nil)
	var ie *coop.ImportError
	if !errors.As(err, &ie) || len(ie.Problems) != 3 {
		t.Fatalf("second import: %v", err)
	}
	for i, p := range ie.Problems {
		if p.Line != i+2 || !strings.Contains(p.Problem, "brought in already") || !strings.Contains(p.Problem, "by ana") {
			t.Errorf("problem %d: %v", i, p)
		}
	}
	if got := w.branchAmount(store.AccountEquity); got != equity {
		t.Errorf("equity %d after the refused import, want %d", got, equity)
	}
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		loans, err := tx.LoansOf(ctx, "pusat", store.LoanActive)
		if len(loans) != 4 { // the demo's and the three brought in once
			t.Errorf("%d active loans after importing the file twice, want 4", len(loans))
		}
		return err
	})
}

// A bad file is refused whole, every problem by its line and with what to write instead;
// an outstanding principal the schedule does not leave says both figures.
func TestImportLoansRefusesBadRows(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 12, 11, 9, 0, 0, 0, time.UTC))
	equity := w.branchAmount(store.AccountEquity)
	body := "member_no,product,principal,tenor,disbursed_at,installments_paid,outstanding\n" +
		"01.00001,PIN,12.000.000,12,2026-09-05,3,9.000.000\n" + // good, yet not brought in
		"09.99999,PIN,1000000,10,2026-09-05,0,1000000\n" +
		"01.00002,TAB,1000000,10,2026-09-05,0,1000000\n" +
		"01.00004,PIN,5.000.000,10,2026-05-20,2,3.500.000\n" +
		"01.00005,PIN,5.000.000,10,2027-05-20,10,1.000.000\n"
	_, err := w.importLoans(body, nil)
	var ie *coop.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("bad file: %v", err)
	}
	want := []string{
		`line 3, member_no: no member is numbered "09.99999"; import the members first (kopbot members import), or correct the number`,
		`line 4, product: "TAB" is not a loan product; write one of PIN`,
		"line 5, outstanding: the old books say Rp3.500.000 but kopbot's schedule (Rp5.000.000, 10 months at 12% a year by flat) leaves Rp4.000.000 after 2 installments paid; " +
			"check the principal, tenor, rate, disbursement date and installments paid against the old loan card, or correct the old books' figure",
		"line 6, disbursed_at: 2027-05-20 is in the future; write the day the loan was paid out",
		"line 6, installments_paid: 10 is not from 0 to 9; write how many installments the member has paid, 0 for none (a loan with every installment paid is not brought in)",
	}
	var got []string
	for _, p := range ie.Problems {
		got = append(got, p.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := w.branchAmount(store.AccountEquity); got != equity {
		t.Errorf("equity %d after a refused file, want %d", got, equity)
	}
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByNo(ctx, "01.00001")
		if err != nil {
			return err
		}
		if loans, err := tx.LoansOfMember(ctx, m.ID); err != nil || len(loans) != 0 {
			t.Errorf("Budi has %d loans after a refused file (%v)", len(loans), err)
		}
		return nil
	})
}
