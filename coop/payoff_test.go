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

func init() {
	fingerprintQueries = append(fingerprintQueries,
		`SELECT loan_id, no, due_date, principal, interest, paid, COALESCE(paid_at, 0) FROM loan_installments ORDER BY loan_id, no`,
		`SELECT id, status FROM loans ORDER BY id`)
}

const (
	// siti (teller_test.go) is the demo borrower: Rp10.000.000 flat over 12 months from 10 Oct 2025, 3 installments paid.
	budi3 = agus
	dewi4 = "6281200000004"
)

// payoffWorld is the demo on the injected clock with two more flat loans disbursed on
// 20 Jan 2026: Rp12.000.000 over 12 months at 12% a year, Rp1.000.000 principal and
// Rp120.000 interest a month; one on the demo product (shorten_tenor, the default), one
// on a product whose partial repayments lower the installment.
type payoffWorld struct {
	*bookWorld
	teller         *tellerWorld // its helpers, on the same database
	shorten, lower string       // the two loans' account numbers
}

func newPayoffWorld(t *testing.T) *payoffWorld {
	b := newBookWorld(t, time.Date(2026, 1, 15, 2, 0, 0, 0, time.UTC))
	return &payoffWorld{bookWorld: b, teller: &tellerWorld{t: t, db: b.db, loc: b.loc}}
}

// newLoan records the 12,000,000 loan for the member on the product and, if paidOut,
// disburses it into their savings.
func (w *payoffWorld) newLoan(phone, product string, paidOut bool) string {
	w.t.Helper()
	var number string
	w.teller.must(func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, phone)
		if err != nil {
			return err
		}
		p, err := tx.ProductByCode(ctx, product)
		if err != nil {
			return err
		}
		a, err := tx.OpenAccount(ctx, store.OpenAccount{Branch: "pusat", MemberID: m.ID, Product: p, Name: p.Name, At: w.now})
		if err != nil {
			return err
		}
		// Approved with no schedule yet; the disbursement (on 20 January) makes it from that day.
		start := time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)
		if _, err := tx.CreateLoan(ctx, store.Loan{Account: a, Principal: 12_000_000, RateBP: 1200, Method: "flat", TenorMonths: 12, Start: start}, nil); err != nil {
			return err
		}
		number = a.Number
		if !paidOut {
			return nil
		}
		_, err = coop.DisburseLoan(ctx, tx, w.teller.op("disburse-"+phone), a.Number, w.savingsNumber(phone, "TAB"))
		return err
	})
	return number
}

func (w *payoffWorld) quote(number string) (store.PayoffQuote, error) {
	var q store.PayoffQuote
	err := w.teller.update(func(ctx context.Context, tx *store.Tx) (err error) {
		q, err = coop.PayoffQuote(ctx, tx, number, w.now, 10)
		return err
	})
	return q, err
}

func (w *payoffWorld) repay(key, number, from string, amount int64) (store.EarlyRepayment, error) {
	var r store.EarlyRepayment
	err := w.teller.update(func(ctx context.Context, tx *store.Tx) (err error) {
		r, err = coop.RepayEarly(ctx, tx, w.teller.op(key), number, coop.PayFromSavings(from), amount, w.now)
		return err
	})
	return r, err
}

// schedule is the loan's installments as "no due principal+interest paid" lines, and its status.
func (w *payoffWorld) schedule(number string) (string, store.LoanStatus) {
	w.t.Helper()
	var b strings.Builder
	var l store.Loan
	w.teller.must(func(ctx context.Context, tx *store.Tx) (err error) {
		if l, err = tx.LoanByAccount(ctx, number); err != nil {
			return err
		}
		sched, err := tx.Installments(ctx, l.ID)
		for _, in := range sched {
			fmt.Fprintf(&b, "%d %s %d+%d %d\n", in.No, in.Due.Format("2006-01-02"), in.Principal, in.Interest, in.Paid)
		}
		return err
	})
	return b.String(), l.Status
}

// payDue pays what is due on the loan today from the borrower's savings, as Bayar Angsuran does.
func (w *payoffWorld) payDue(number, phone string) {
	w.t.Helper()
	w.teller.must(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.PayInstallments(ctx, tx, w.teller.op("pay-"+number+w.now.Format("20060102")), number, coop.PayFromSavings(w.savingsNumber(phone, "TAB")), 0, w.now)
		return err
	})
}

func (w *payoffWorld) lastTold(phone string) string {
	w.t.Helper()
	var text string
	if err := storetest.Raw(w.t, w.db).QueryRow(`SELECT text FROM outbox WHERE to_phone = ? ORDER BY id DESC LIMIT 1`, phone).Scan(&text); err != nil {
		w.t.Fatal(err)
	}
	return text
}

// A year of days on demo data, each closed twice, the ledger checked after every month:
// the demo loan paid off early mid-period with an installment overdue, a partial repayment
// that shortens the tenor and one that lowers the installment, then both paid to the end.
func TestPelunasanThroughAYear(t *testing.T) {
	w := newPayoffWorld(t)
	w.teller.must(func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.SyncProduct(ctx, store.Product{Code: "PKL", Kind: store.ProductPinjaman, Name: "Pinjaman Ringan", RateBP: 1200,
			Params: store.ProductParams{Method: "flat", MaxTenor: 24, MaxAmount: 20_000_000, Prepayment: coop.PrepayLowerInstallment}.JSON()})
		return err
	})
	sitiLoan := w.teller.account(siti, "PIN").Number
	events := map[string]func(){
		"2026-01-20": func() { w.shorten, w.lower = w.newLoan(budi3, "PIN", true), w.newLoan(dewi4, "PKL", true) },
		"2026-02-25": func() { w.payOffSiti(sitiLoan) },
		"2026-05-05": func() { w.partialBoth() },
	}
	for d := w.day(2026, 1, 15); !d.After(w.day(2027, 1, 20)); d = d.AddDate(0, 0, 1) {
		w.now = d.Add(10 * time.Hour)
		if ev, ok := events[d.Format("2006-01-02")]; ok {
			ev()
		}
		if d.Day() == 20 && d.After(w.day(2026, 1, 20)) {
			for _, l := range []struct{ number, phone string }{{w.shorten, budi3}, {w.lower, dewi4}} {
				if _, st := w.schedule(l.number); st == store.LoanActive {
					w.payDue(l.number, l.phone)
				}
			}
		}
		w.closeDayTwice(d)
		if d.AddDate(0, 0, 1).Day() == 1 {
			w.ledgerOK()
		}
	}
	// Shortened: the 6 new installments paid on their dates, the last on 20 Oct 2026.
	if _, st := w.schedule(w.shorten); st != store.LoanPaid || w.teller.amount(w.shorten) != 0 {
		t.Errorf("the shortened loan: %s, owes %d; want paid by 20 Oct 2026", st, w.teller.amount(w.shorten))
	}
	// Lowered: the 9 new installments paid, the last on 20 Jan 2027 as before.
	if _, st := w.schedule(w.lower); st != store.LoanPaid || w.teller.amount(w.lower) != 0 {
		t.Errorf("the lowered loan: %s, owes %d; want paid on 20 Jan 2027", st, w.teller.amount(w.lower))
	}
	w.ledgerOK()
}

// payOffSiti pays the demo loan off on 25 Feb 2026, installment 4 (due 10 Feb) unpaid.
func (w *payoffWorld) payOffSiti(loan string) {
	t := w.t
	t.Helper()
	tab := w.savingsNumber(siti, "TAB")
	q, err := w.quote(loan)
	if err != nil {
		t.Fatal(err)
	}
	// Principal: 10.000.000 − 3 × 833.333 = 7.500.001.
	// Interest: installment 4's 100.000 in full (due 10 Feb, unpaid), and the current period
	// 10 Feb–10 Mar (28 days), 15 days elapsed: round(100.000 × 15/28) = round(53.571,43) = 53.571;
	// 153.571 in all.
	// Late fees: installment 4's 933.333 unpaid 15 days at 0,1% a day:
	// round(933.333 × 0,001 × 15) = round(13.999,995) = 14.000.
	// Total: 7.500.001 + 153.571 + 14.000 = 7.667.572.
	want := store.PayoffQuote{Principal: 7_500_001, Interest: 153_571, LateFees: 14_000, Total: 7_667_572, Arrears: 947_333, Least: 947_334}
	if q.Principal != want.Principal || q.Interest != want.Interest || q.LateFees != want.LateFees || q.Total != want.Total || q.Arrears != want.Arrears || q.Least != want.Least {
		t.Fatalf("quote on 25 Feb: %+v\nwant %+v", q, want)
	}
	// Arrears 933.333 + 14.000 = 947.333; the least partial repayment adds 1 rupiah of
	// principal, whose flat interest to date rounds to 0.
	_, err = w.repay("siti-1", loan, tab, 947_333)
	wantRefusal(t, err, coop.PrepayTooSmall)
	_, err = w.repay("siti-1", loan, tab, 7_667_573)
	wantRefusal(t, err, coop.OverPayoff)
	_, err = w.repay("siti-1", loan, tab, 7_667_572) // the demo savings hold Rp1.000.000
	wantRefusal(t, err, coop.OverWithdrawable)
	w.teller.must(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.CashDeposit(ctx, tx, w.teller.op("siti-topup"), tab, 7_000_000, "")
		return err
	})
	before := w.teller.amount(tab)
	r, err := w.repay("siti-1", loan, tab, 7_667_572)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Full || r.Amount != 7_667_572 || r.Principal != 7_500_001 || r.Interest != 153_571 || r.LateFees != 14_000 || r.Remaining != 0 {
		t.Fatalf("payoff: %+v", r)
	}
	if got := w.teller.amount(tab); got != before-7_667_572 {
		t.Errorf("savings after the payoff: %d, want %d", got, before-7_667_572)
	}
	sched, st := w.schedule(loan)
	if st != store.LoanPaid || w.teller.amount(loan) != 0 {
		t.Errorf("after the payoff the loan is %s owing %d", st, w.teller.amount(loan))
	}
	// Installment 4 paid with its interest, 5 with the 53.571 to date, 6-12 principal only.
	for _, line := range []string{"4 2026-02-10 833333+100000 933333", "5 2026-03-10 833333+53571 886904", "6 2026-04-10 833333+0 833333", "12 2026-10-10 833337+0 833337"} {
		if !strings.Contains(sched, line+"\n") {
			t.Errorf("schedule after the payoff lacks %q:\n%s", line, sched)
		}
	}
	if told := w.lastTold(siti); !strings.Contains(told, "Pelunasan pinjaman diterima") || !strings.Contains(told, "*lunas*") || !strings.Contains(told, "Rp7.667.572") {
		t.Errorf("the member was told:\n%s", told)
	}
	again, err := w.repay("siti-1", loan, tab, 7_667_572)
	if err != nil || !again.Duplicate || again.Ref != r.Ref {
		t.Errorf("the same key again: %+v, %v", again, err)
	}
	_, err = w.repay("siti-2", loan, tab, 100_000)
	wantRefusal(t, err, coop.LoanNotActive)
	_, err = w.quote(loan)
	wantRefusal(t, err, coop.LoanNotActive)
}

// partialBoth repays part of both loans on 5 May 2026, installments 1-3 paid on time: 15
// of the 30 days of the period 20 Apr–20 May elapsed, 9.000.000 of principal owed, the
// flat interest F = 120.000 a month.
func (w *payoffWorld) partialBoth() {
	t := w.t
	t.Helper()
	q, err := w.quote(w.shorten)
	if err != nil {
		t.Fatal(err)
	}
	// Payoff: 9.000.000 + round(120.000 × 15/30) = 9.060.000; the least partial repayment is
	// 1 rupiah (its interest to date rounds to 0).
	if q.Total != 9_060_000 || q.Least != 1 || q.Installment != 1_120_000 || q.Left != 9 {
		t.Fatalf("quote on 5 May: %+v", q)
	}
	// Shorten: 3.000.000 repays principal p with its interest to date, the most p such that
	// p + round((F − F') × 15/30) <= 3.000.000, F' = round(F × (9.000.000 − p)/9.000.000):
	// p = 2.980.132: F' = round(80.264,91) = 80.265, to date round(39.735/2) = 19.868, 3.000.000.
	// (p = 2.980.133 costs 3.000.001.) Left 6.019.868: the fewest months whose installment is
	// at most 1.120.000: 6 (part floor(6.019.868/6) = 1.003.311, + 80.265 = 1.083.576; 5 months
	// would be 1.203.973 + 80.265); the last takes the remainder 2: 1.003.313.
	src := w.savingsNumber(budi3, "TAB")
	r, err := w.repay("budi-part", w.shorten, src, 3_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if r.Full || r.Amount != 3_000_000 || r.Principal != 2_980_132 || r.Interest != 19_868 || r.Remaining != 6_019_868 ||
		r.Installment != 1_083_576 || r.Left != 6 || r.LastDue.Format("2006-01-02") != "2026-10-20" {
		t.Fatalf("shorten: %+v", r)
	}
	sched, _ := w.schedule(w.shorten)
	wantSchedule(t, "shortened", sched, "3 2026-04-20 1000000+120000 1120000", "4 2026-05-20 1003311+80265 0", "9 2026-10-20 1003313+80265 0", "!10 ")
	// Lower: 2.000.000: p = 1.986.755: F' = round(120.000 × 7.013.245/9.000.000) =
	// round(93.509,93) = 93.510, to date round(26.490/2) = 13.245, 2.000.000 exactly.
	// Left 7.013.245 over the same 9 months: floor(7.013.245/9) = 779.249 (+ 93.510 = 872.759),
	// the last 779.249 + 4 = 779.253, still due 20 Jan 2027.
	lr, err := w.repay("dewi-part", w.lower, w.savingsNumber(dewi4, "TAB"), 2_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if lr.Principal != 1_986_755 || lr.Interest != 13_245 || lr.Installment != 872_759 || lr.Left != 9 || lr.LastDue.Format("2006-01-02") != "2027-01-20" {
		t.Fatalf("lower: %+v", lr)
	}
	sched, _ = w.schedule(w.lower)
	wantSchedule(t, "lowered", sched, "4 2026-05-20 779249+93510 0", "11 2026-12-20 779249+93510 0", "12 2027-01-20 779253+93510 0")
	if told := w.lastTold(dewi4); !strings.Contains(told, "Pelunasan sebagian pinjaman diterima") || !strings.Contains(told, "Rp872.759, tinggal 9 kali") {
		t.Errorf("the member was told:\n%s", told)
	}
	// A repayment too small to reach principal is refused; a partial repayment of a loan
	// whose next installment is partly paid too.
	w.teller.must(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.PayInstallments(ctx, tx, w.teller.op("dewi-bit"), w.lower, coop.PayFromSavings(w.savingsNumber(dewi4, "TAB")), 50_000, w.now)
		return err
	})
	_, err = w.repay("dewi-part-2", w.lower, w.savingsNumber(dewi4, "TAB"), 1_000_000)
	wantRefusal(t, err, coop.PrepayPartlyPaid)
}

func wantSchedule(t *testing.T, what, sched string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if strings.HasPrefix(l, "!") {
			if strings.Contains(sched, "\n"+l[1:]) {
				t.Errorf("%s schedule has %q:\n%s", what, l[1:], sched)
			}
			continue
		}
		if !strings.Contains(sched, l+"\n") {
			t.Errorf("%s schedule lacks %q:\n%s", what, l, sched)
		}
	}
}

// A loan recorded but never paid out cannot be repaid early.
func TestPelunasanRefusesALoanNotDisbursed(t *testing.T) {
	w := newPayoffWorld(t)
	number := w.newLoan(budi3, "PIN", false)
	_, err := w.quote(number)
	wantRefusal(t, err, coop.NotDisbursed)
	_, err = w.repay("nd", number, w.savingsNumber(budi3, "TAB"), 100_000)
	wantRefusal(t, err, coop.NotDisbursed)
}

// An installment paid ahead stays paid: a partial repayment rewrites the schedule after it,
// and the principal repaid owes no interest to date (its period's interest is paid).
func TestPelunasanAfterAnInstallmentPaidAhead(t *testing.T) {
	w := newTellerWorld(t) // 21 Nov 2026: Siti's installments 1-3 paid, 4 due 10 Dec
	loan, tab := w.account(siti, "PIN").Number, w.account(siti, "TAB").Number
	w.must(func(ctx context.Context, tx *store.Tx) error {
		if _, err := coop.PayInstallments(ctx, tx, w.op("ahead"), loan, coop.PayFromSavings(tab), 0, w.now); err != nil {
			return err
		}
		_, err := coop.CashDeposit(ctx, tx, w.op("topup"), tab, 2_000_000, "")
		return err
	})
	var r store.EarlyRepayment
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		r, err = coop.RepayEarly(ctx, tx, w.op("part"), loan, coop.PayFromSavings(tab), 2_000_000, w.now)
		return err
	})
	// Owed from installment 5 on: 10.000.000 − 4 × 833.333 = 6.666.668; all 2.000.000 is
	// principal. F' = round(100.000 × 4.666.668/6.666.668) = round(70.000,006) = 70.000; the
	// installment stays at most 933.333, so at most 863.333 of principal: 6 months of
	// 4.666.668/6 = 777.778, installments of 847.778, the last on 10 Jun 2027 (was 10 Aug 2027).
	if r.Interest != 0 || r.Principal != 2_000_000 || r.Remaining != 4_666_668 || r.Installment != 847_778 || r.Left != 6 ||
		r.LastDue.Format("2006-01-02") != "2027-06-10" {
		t.Fatalf("after paying ahead: %+v", r)
	}
	// Neither the repayment nor the payment before it can be reversed: the schedule moved on.
	for _, key := range []string{"part", "ahead"} {
		err := w.update(func(ctx context.Context, tx *store.Tx) error {
			_, err := coop.Reverse(ctx, tx, w.op("undo-"+key), key, "salah input kasir")
			return err
		})
		wantRefusal(t, err, coop.CannotReverse)
	}
}

// A partial repayment with an installment overdue pays it first, with its late fee; the
// preview the member confirms says what the repayment then does.
func TestPelunasanSebagianWithArrears(t *testing.T) {
	w := newTellerWorld(t)
	loan, tab := w.account(siti, "PIN").Number, w.account(siti, "TAB").Number
	w.must(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.CashDeposit(ctx, tx, w.op("topup"), tab, 1_000_000, "")
		return err
	})
	w.now = time.Date(2026, 12, 20, 9, 0, 0, 0, w.loc) // installment 4 (10 Dec) 10 days late
	var preview, r store.EarlyRepayment
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		if preview, err = coop.PreviewEarlyRepayment(ctx, tx, loan, 3_000_000, w.now, 10); err != nil {
			return err
		}
		r, err = coop.RepayEarly(ctx, tx, w.op("part"), loan, coop.PayFromSavings(tab), 3_000_000, w.now)
		return err
	})
	// Arrears: 933.333 and its late fee round(933.333 × 0,001 × 10) = 9.333: 942.666.
	// The rest, 2.057.334, in the period 10 Dec–10 Jan (31 days, 10 elapsed) on the 6.666.668
	// owed after it: p = 2.047.427, F' = round(100.000 × 4.619.241/6.666.668) =
	// round(69.288,6) = 69.289, to date round(30.711 × 10/31) = round(9.906,8) = 9.907;
	// 2.047.427 + 9.907 = 2.057.334 exactly. Shorten: at most 933.333 − 69.289 = 864.044 of
	// principal a month: 6 months of floor(4.619.241/6) = 769.873, installments of 839.162,
	// installments 5-10, the last on 10 Jun 2027.
	if r.Amount != 3_000_000 || r.LateFees != 9_333 || r.Interest != 100_000+9_907 || r.Principal != 833_333+2_047_427 ||
		r.Remaining != 4_619_241 || r.Installment != 839_162 || r.Left != 6 || r.LastDue.Format("2006-01-02") != "2027-06-10" {
		t.Fatalf("partial with arrears: %+v", r)
	}
	if preview.Amount != r.Amount || preview.Principal != r.Principal || preview.Installment != r.Installment || preview.Left != r.Left || !preview.LastDue.Equal(r.LastDue) {
		t.Errorf("the preview %+v\nis not what was done %+v", preview, r)
	}
	w.checkLedger()
}
