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

// A cooperative moving to kopbot: the branch's books opened with its cash and bank, its
// members brought in with their savings and how far they had paid simpanan wajib. A member
// paid up owes nothing and is not reminded; one paid through an earlier month owes the
// months since; an exempt member owes none; one with no month given owes from joining, less
// what their wajib holds. The ledger balances throughout, and a day's close leaves the bank
// where the books opened it.
func TestMigrationInOwesOnlyWhatIsUnpaid(t *testing.T) {
	ctx := context.Background()
	w := newBookWorld(t, time.Date(2026, 12, 11, 9, 0, 0, 0, time.UTC))
	bankBefore := w.branchAmount(store.AccountBank)
	cashBefore := w.branchAmount(store.AccountCash)
	equityBefore := w.branchAmount(store.AccountEquity)

	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.OpenBooks(ctx, tx, coop.BranchOpening{Branch: "pusat", Cash: 12_500_000, Bank: 250_000_000, By: "ana", At: w.now})
		return err
	})
	err := w.db.Update(ctx, func(tx *store.Tx) error {
		_, err := coop.OpenBooks(ctx, tx, coop.BranchOpening{Branch: "pusat", Cash: 1_000_000, By: "budi", At: w.now})
		return err
	})
	var r *coop.Refusal
	if !errors.As(err, &r) || r.Code != coop.BooksOpened || r.By != "ana" || !r.At.Equal(w.now) {
		t.Fatalf("opening the books twice: %v", err)
	}
	if got := w.branchAmount(store.AccountBank); got != bankBefore+250_000_000 {
		t.Errorf("bank after the books opened %d, want %d", got, bankBefore+250_000_000)
	}
	openingCashStandsApart(t, w)

	body := "member_no,name,nik,phone,joined_at,wajib_paid_through,SP,SW\n" +
		"02.00001,Lunas Sampai Desember,3273011204790011,081311110011,2015-01-05,2026-12,100000,3.600.000\n" +
		"02.00002,Lunas Sampai September,3273014503850012,081311110012,2016-07-01,09-2026,100000,2.950.000\n" +
		"02.00003,Bebas Wajib,3273012010880013,081311110013,2018-02-01,exempt,100000,1.500.000\n" +
		"02.00004,Baru Oktober,3273016106920014,081311110014,2026-10-01,,100000,50000\n"
	var imp coop.Import
	var steps []string // the import's progress, as a terminal's bar is told it
	progress := func(done, total int) { steps = append(steps, fmt.Sprintf("%d/%d", done, total)) }
	w.inTx(func(ctx context.Context, tx *store.Tx) (err error) {
		today := time.Date(2026, 12, 11, 0, 0, 0, 0, w.loc)
		imp, err = coop.ImportMembers(ctx, tx, coop.ImportFile{CSV: []byte(body), Branch: "pusat", Today: today, Progress: progress}, w.now)
		return err
	})
	// What the import said each would owe is what they owe once in.
	var said []string
	for _, due := range imp.Wajib {
		var months []string
		for _, u := range due.Unpaid {
			months = append(months, u.Format("2006-01"))
		}
		said = append(said, strings.Join(months, " "))
	}
	if strings.Join(said, "|") != "|2026-10 2026-11 2026-12||2026-11 2026-12" {
		t.Errorf("the import said they would owe %q", said)
	}
	if strings.Join(steps, " ") != "0/4 4/4" {
		t.Errorf("progress %v", steps)
	}
	if imp.Members != 4 || imp.Total() != 400_000+3_600_000+2_950_000+1_500_000+50_000 {
		t.Errorf("imported %+v", imp.ImportResult)
	}
	w.ledgerOK()

	want := map[string]string{
		"02.00001": "",
		"02.00002": "2026-10 2026-11 2026-12",
		"02.00003": "",
		"02.00004": "2026-11 2026-12", // joined in October, one month paid
	}
	for no, months := range want {
		if got := w.wajibUnpaid(no); got != months {
			t.Errorf("%s owes simpanan wajib for %q, want %q", no, got, months)
		}
	}

	// What the member pays after the import counts for the months after the month paid through.
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByNo(ctx, "02.00002")
		if err != nil {
			return err
		}
		due, _, err := coop.WajibDue(ctx, tx, m, w.now)
		if err != nil {
			return err
		}
		cash, err := tx.SystemAccount(ctx, "pusat", store.AccountCash)
		if err != nil {
			return err
		}
		_, _, err = tx.Post(ctx, store.Entry{Key: "test:wajib-oct", Branch: "pusat", Kind: store.KindCashDeposit,
			Memo: store.WajibDepositMemo(due.Unpaid[0]), AuthorKind: store.AuthorAdmin, AuthorID: "test", At: w.now,
			Postings: []store.Posting{{Account: due.Account.ID, Amount: 50_000}, {Account: cash.ID, Amount: -50_000}}})
		return err
	})
	if got := w.wajibUnpaid("02.00002"); got != "2026-11 2026-12" {
		t.Errorf("after paying October, 02.00002 owes %q", got)
	}

	// The reminder on the 11th goes to those who owe this month, and to no one paid up or exempt.
	jobs := &coop.Jobs{Office: w.office, Settings: coop.JobSettings{WajibDay: 10}}
	rep, err := jobs.Run(ctx, coop.JobWajib, w.now, false)
	if err != nil {
		t.Fatal(err)
	}
	var reminded []string
	for _, n := range append(rep.Sent, rep.Calls...) {
		if strings.HasPrefix(n.MemberNo, "02.") {
			reminded = append(reminded, n.MemberNo)
		}
	}
	if strings.Join(reminded, " ") != "02.00002 02.00004" {
		t.Errorf("reminded %v, want 02.00002 and 02.00004", reminded)
	}

	w.closeDay(w.day(2026, 12, 11))
	w.ledgerOK()
	if got := w.branchAmount(store.AccountBank); got != bankBefore+250_000_000 || got < 0 {
		t.Errorf("bank after the day's close %d, want %d", got, bankBefore+250_000_000)
	}
	if got := w.branchAmount(store.AccountCash); got != cashBefore+12_500_000+50_000 {
		t.Errorf("cash after the day's close %d, want %d", got, cashBefore+12_500_000+50_000)
	}
	// Equity holds what the branch owns net of what it owes the members brought in.
	if got := w.branchAmount(store.AccountEquity); got != equityBefore+262_500_000-imp.Total() {
		t.Errorf("equity %d", got)
	}
}

// wajibUnpaid are the months member no owes simpanan wajib for today, as 2026-11 2026-12.
func (w *bookWorld) wajibUnpaid(no string) string {
	w.t.Helper()
	var months []string
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByNo(ctx, no)
		if err != nil {
			return err
		}
		due, _, err := coop.WajibDue(ctx, tx, m, w.now)
		for _, u := range due.Unpaid {
			months = append(months, u.Format("2006-01"))
		}
		return err
	})
	return strings.Join(months, " ")
}

// openingCashStandsApart checks that the teller report shows the cash books open recorded
// on a line of its own, not as cash the staff member took in at the counter.
func openingCashStandsApart(t *testing.T, w *bookWorld) {
	t.Helper()
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		p, err := coop.NewPeriod("pusat", w.now, w.now, w.loc)
		if err != nil {
			return err
		}
		rep, err := coop.ReportTeller(ctx, tx, p)
		if err != nil {
			return err
		}
		want := coop.TellerLine{Author: "Saldo awal dibukukan (petugas ana)", Journals: 1, In: 12_500_000}
		if len(rep.Lines) == 0 || rep.Lines[0] != want {
			t.Errorf("teller report after the books opened: %+v, want first %+v", rep.Lines, want)
		}
		return nil
	})
}
