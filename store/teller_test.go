package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// demoLoan returns Siti's demo loan: 10,000,000 over 12 months, 3 installments paid.
func demoLoan(t *testing.T, tx *store.Tx) store.Loan {
	t.Helper()
	loans, err := tx.LoansOfMember(context.Background(), demoMember(t, tx, "6281200000002").ID)
	if err != nil || len(loans) != 1 {
		t.Fatalf("demo loans: %v, %v", loans, err)
	}
	return loans[0]
}

func installment(t *testing.T, tx *store.Tx, loanID int64, no int) store.Installment {
	t.Helper()
	sched, err := tx.Installments(context.Background(), loanID)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range sched {
		if in.No == no {
			return in
		}
	}
	t.Fatalf("loan %d has no installment %d", loanID, no)
	return store.Installment{}
}

func TestPayInstallment(t *testing.T) {
	ctx := context.Background()
	db := openDemo(t)
	at := testNow.Add(time.Hour)
	mustUpdate(t, db, func(tx *store.Tx) error {
		l := demoLoan(t, tx)
		total := installment(t, tx, l.ID, 4).Total() // 833,333 principal + 100,000 interest
		if total != 933_333 {
			t.Fatalf("installment 4 asks for %d, want 933333", total)
		}
		if err := tx.PayInstallment(ctx, l.ID, 4, 500_000, at); err != nil {
			return err
		}
		if in := installment(t, tx, l.ID, 4); in.Paid != 500_000 || !in.PaidAt.IsZero() {
			t.Errorf("after a part payment: paid %d, paid at %v; want 500000 and no date", in.Paid, in.PaidAt)
		}
		if err := tx.PayInstallment(ctx, l.ID, 4, 433_334, at); err == nil {
			t.Error("paying past the installment's total was accepted")
		}
		if err := tx.PayInstallment(ctx, l.ID, 4, 433_333, at); err != nil {
			return err
		}
		if in := installment(t, tx, l.ID, 4); in.Paid != total || !in.PaidAt.Equal(at) {
			t.Errorf("after paying the rest: paid %d, paid at %v; want %d at %v", in.Paid, in.PaidAt, total, at)
		}
		// Undoing part of it leaves it short again, without a payment date.
		if err := tx.PayInstallment(ctx, l.ID, 4, -433_333, at); err != nil {
			return err
		}
		if in := installment(t, tx, l.ID, 4); in.Paid != 500_000 || !in.PaidAt.IsZero() {
			t.Errorf("after an undo: paid %d, paid at %v; want 500000 and no date", in.Paid, in.PaidAt)
		}
		if err := tx.PayInstallment(ctx, l.ID, 4, -500_001, at); err == nil {
			t.Error("undoing more than was paid was accepted")
		}
		if err := tx.PayInstallment(ctx, l.ID, 99, 1, at); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("paying installment 99 of a 12-month loan: %v, want ErrNotFound", err)
		}
		return nil
	})
}

func TestLoanLookupsAndDisbursed(t *testing.T) {
	ctx := context.Background()
	db := openDemo(t)
	mustUpdate(t, db, func(tx *store.Tx) error {
		l := demoLoan(t, tx)
		byAccount, err := tx.LoanByAccount(ctx, l.Account.Number)
		if err != nil {
			return err
		}
		byID, err := tx.LoanByID(ctx, l.ID)
		if err != nil {
			return err
		}
		if byAccount.ID != l.ID || byID.Account.Number != l.Account.Number || byID.Principal != 10_000_000 || !byID.Start.Equal(l.Start) {
			t.Errorf("lookups disagree: %+v, %+v, %+v", l, byAccount, byID)
		}
		if done, err := tx.Disbursed(ctx, l.Account.ID); err != nil || !done {
			t.Errorf("the demo loan disbursed: %v, %v; want true", done, err)
		}
		if _, err := tx.LoanByAccount(ctx, "0199999990"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("loan in no account: %v, want ErrNotFound", err)
		}

		// A loan recorded but not paid out yet.
		f := newFixture(ctx, t, tx)
		acct := f.open("6281200000003", store.ProductPinjaman)
		fresh, err := tx.CreateLoan(ctx, store.Loan{Account: acct, Principal: 2_000_000, RateBP: 1200, Method: "flat", TenorMonths: 6, Start: testNow},
			store.FlatSchedule(2_000_000, 1200, 6, testNow))
		if err != nil {
			return err
		}
		if done, err := tx.Disbursed(ctx, fresh.Account.ID); err != nil || done {
			t.Errorf("a fresh loan disbursed: %v, %v; want false", done, err)
		}
		if err := tx.SetLoanStatus(ctx, fresh.ID, store.LoanPaid); err != nil {
			return err
		}
		if got, _ := tx.LoanByID(ctx, fresh.ID); got.Status != store.LoanPaid {
			t.Errorf("status %q after SetLoanStatus(paid)", got.Status)
		}
		return nil
	})
}

func TestPostedByKey(t *testing.T) {
	ctx := context.Background()
	db := openDemo(t)
	mustView(t, db, func(tx *store.Tx) error {
		// Siti's 14th demo movement is her loan's disbursement.
		p, err := tx.PostedByKey(ctx, "demo:01.00002:14")
		if err != nil {
			return err
		}
		if p.Kind != store.KindDisbursement || p.AuthorKind != store.AuthorSystem || len(p.Lines) != 2 {
			t.Fatalf("posted = %+v", p)
		}
		var sum int64
		for _, l := range p.Lines {
			sum += l.Amount
		}
		loan, ok := p.Line(demoLoan(t, tx).Account.ID)
		if sum != 0 || !ok || loan.Amount != -10_000_000 || loan.Account.Kind != store.AccountLoan {
			t.Errorf("lines = %+v", p.Lines)
		}
		byID, err := tx.PostedByID(ctx, p.ID)
		if err != nil || byID.Key != p.Key || !byID.At.Equal(p.At) {
			t.Errorf("by ID: %+v, %v", byID, err)
		}
		if _, err := tx.PostedByKey(ctx, "no such key"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown key: %v, want ErrNotFound", err)
		}
		return nil
	})
}

func TestAllocationsAndReversals(t *testing.T) {
	ctx := context.Background()
	db := openDemo(t)
	at := testNow.Add(time.Hour)
	mustUpdate(t, db, func(tx *store.Tx) error {
		f := newFixture(ctx, t, tx)
		l := demoLoan(t, tx)
		cash, income := f.system(store.AccountCash), f.system(store.AccountIncome)
		pay := func(key string, fees, interest, principal int64) int64 {
			t.Helper()
			id, _, err := tx.Post(ctx, store.Entry{Key: key, Branch: "pusat", Kind: store.KindInstallment, AuthorKind: store.AuthorAdmin, AuthorID: "test",
				Postings: []store.Posting{{Account: cash.ID, Amount: -(fees + interest + principal)}, {Account: income.ID, Amount: fees + interest}, {Account: l.Account.ID, Amount: principal}}})
			f.check(err)
			return id
		}
		first := pay("p1", 5_000, 100_000, 833_333)
		f.check(tx.PayInstallment(ctx, l.ID, 4, 933_333, at))
		f.check(tx.RecordAllocations(ctx, first, []store.InstallmentAllocation{{LoanID: l.ID, No: 4, LateFee: 5_000, Interest: 100_000, Principal: 833_333}}))
		second := pay("p2", 0, 100_000, 100_000)
		f.check(tx.PayInstallment(ctx, l.ID, 5, 200_000, at))
		f.check(tx.RecordAllocations(ctx, second, []store.InstallmentAllocation{{LoanID: l.ID, No: 5, Interest: 100_000, Principal: 100_000}}))

		fees, err := tx.LateFeesPaid(ctx, l.ID)
		f.check(err)
		if fees[4] != 5_000 || fees[5] != 0 {
			t.Errorf("late fees paid = %v", fees)
		}
		later, err := tx.PaymentsAfter(ctx, l.ID, first)
		f.check(err)
		if len(later) != 1 || later[0] != second {
			t.Errorf("payments after the first = %v, want [%d]", later, second)
		}

		// Reverse the second payment: it comes off the schedule and out of the later payments.
		rev, _, err := tx.Post(ctx, store.Entry{Key: "reversal:p2", Branch: "pusat", Kind: store.KindReversal, AuthorKind: store.AuthorAdmin, AuthorID: "test",
			Postings: []store.Posting{{Account: cash.ID, Amount: 200_000}, {Account: income.ID, Amount: -100_000}, {Account: l.Account.ID, Amount: -100_000}}})
		f.check(err)
		f.check(tx.RecordReversal(ctx, store.JournalReversal{OriginalID: second, ReversalID: rev, RequestKey: "req-1", Reason: "salah input"}))
		undone, err := tx.UndoAllocations(ctx, second, rev, at)
		f.check(err)
		if len(undone) != 1 || undone[0].No != 5 {
			t.Errorf("undone = %+v", undone)
		}
		if in := installment(t, tx, l.ID, 5); in.Paid != 0 || !in.PaidAt.IsZero() {
			t.Errorf("installment 5 after the undo: %+v", in)
		}
		if in := installment(t, tx, l.ID, 4); in.Paid != 933_333 {
			t.Errorf("installment 4 changed: %+v", in)
		}
		if later, _ := tx.PaymentsAfter(ctx, l.ID, first); len(later) != 0 {
			t.Errorf("a reversed payment still counts as standing: %v", later)
		}
		for _, lookup := range []func() (store.JournalReversal, error){
			func() (store.JournalReversal, error) { return tx.ReversalOf(ctx, second) },
			func() (store.JournalReversal, error) { return tx.ReversalBy(ctx, rev) },
			func() (store.JournalReversal, error) { return tx.ReversalByRequest(ctx, "req-1") },
		} {
			if r, err := lookup(); err != nil || r.OriginalID != second || r.ReversalID != rev || r.Reason != "salah input" {
				t.Errorf("reversal lookup = %+v, %v", r, err)
			}
		}
		if _, err := tx.ReversalOf(ctx, first); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("reversal of a standing payment: %v, want ErrNotFound", err)
		}
		// A journal is reversed once.
		if err := tx.RecordReversal(ctx, store.JournalReversal{OriginalID: second, ReversalID: first, RequestKey: "req-2", Reason: "lagi"}); err == nil {
			t.Error("a second reversal of the same journal was recorded")
		}

		// Undoing the first payment nets its late fee out and reopens a finished loan.
		f.check(tx.SetLoanStatus(ctx, l.ID, store.LoanPaid))
		rev1, _, err := tx.Post(ctx, store.Entry{Key: "reversal:p1", Branch: "pusat", Kind: store.KindReversal, AuthorKind: store.AuthorAdmin, AuthorID: "test",
			Postings: []store.Posting{{Account: cash.ID, Amount: 938_333}, {Account: income.ID, Amount: -105_000}, {Account: l.Account.ID, Amount: -833_333}}})
		f.check(err)
		_, err = tx.UndoAllocations(ctx, first, rev1, at)
		f.check(err)
		if fees, _ := tx.LateFeesPaid(ctx, l.ID); fees[4] != 0 {
			t.Errorf("late fees paid after the undo = %v", fees)
		}
		if got, _ := tx.LoanByID(ctx, l.ID); got.Status != store.LoanActive {
			t.Errorf("loan status after undoing a payment: %q, want active", got.Status)
		}
		return nil
	})
}
