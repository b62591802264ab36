package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"sync"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// transfer moves amount from one account to another, as a member's transfer does.
func transfer(key string, from, to store.Account, amount int64) store.Entry {
	return store.Entry{Key: key, Branch: "pusat", Kind: store.KindTransfer, AuthorKind: store.AuthorMember,
		Postings: []store.Posting{{Account: from.ID, Amount: -amount}, {Account: to.ID, Amount: amount}}}
}

// amounts reads the named accounts' balances as their owners read them.
func amounts(tb testing.TB, db *store.DB, accts ...store.Account) []int64 {
	tb.Helper()
	ctx := context.Background()
	out := make([]int64, len(accts))
	mustView(tb, db, func(tx *store.Tx) error {
		for i, a := range accts {
			got, err := tx.AccountByNumber(ctx, a.Number)
			if err != nil {
				return err
			}
			out[i] = got.Amount()
		}
		return nil
	})
	return out
}

// allMovements returns every movement on a, newest first.
func allMovements(tb testing.TB, tx *store.Tx, a store.Account) []store.Movement {
	tb.Helper()
	ms, err := tx.Movements(context.Background(), a, 1_000_000)
	if err != nil {
		tb.Fatal(err)
	}
	return ms
}

// checkMovementsAddUp fails unless a's balance is the sum of its movements.
func checkMovementsAddUp(tb testing.TB, tx *store.Tx, a store.Account) {
	tb.Helper()
	var sum int64
	for _, m := range allMovements(tb, tx, a) {
		sum += m.Amount
	}
	if sum != a.Amount() {
		tb.Errorf("account %s: balance %d, but its movements sum to %d", a.Number, a.Amount(), sum)
	}
}

func TestPostBalancedEntry(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var savings, cash, loan, income store.Account
	withFixture(t, db, func(f *fixture) {
		savings = f.savings("6281211110001")
		loan = f.open("6281211110001", store.ProductPinjaman)
		cash = f.system(store.AccountCash)
		income = f.system(store.AccountIncome)
	})
	post := func(e store.Entry) {
		t.Helper()
		mustUpdate(t, db, func(tx *store.Tx) error {
			id, applied, err := tx.Post(ctx, e)
			if err != nil {
				return err
			}
			if !applied || id == 0 {
				t.Errorf("Post(%s) = %d, %v; want a new journal entry", e.Key, id, applied)
			}
			return nil
		})
	}
	// Rp1.500.000 paid in at the counter: the member has it in savings, the till holds it.
	post(store.Entry{Key: "dep-1", Branch: "pusat", Kind: store.KindCashDeposit, AuthorKind: store.AuthorAdmin,
		Postings: []store.Posting{{Account: savings.ID, Amount: 1_500_000}, {Account: cash.ID, Amount: -1_500_000}}})
	if got := amounts(t, db, savings, cash); got[0] != 1_500_000 || got[1] != 1_500_000 {
		t.Errorf("after deposit: savings %d, cash %d; want 1500000 each", got[0], got[1])
	}
	// A loan of Rp5.000.000 paid out in cash: the member owes it, the till lost it.
	post(store.Entry{Key: "loan-1", Branch: "pusat", Kind: store.KindDisbursement, AuthorKind: store.AuthorAdmin,
		Postings: []store.Posting{{Account: loan.ID, Amount: -5_000_000}, {Account: cash.ID, Amount: 5_000_000}}})
	if got := amounts(t, db, loan, cash); got[0] != 5_000_000 || got[1] != -3_500_000 {
		t.Errorf("after disbursement: loan %d, cash %d; want 5000000, -3500000", got[0], got[1])
	}
	// An installment of Rp450.000 paid from savings: 400.000 principal, 50.000 interest.
	post(store.Entry{Key: "inst-1", Branch: "pusat", Kind: store.KindInstallment, AuthorKind: store.AuthorMember,
		Postings: []store.Posting{{Account: savings.ID, Amount: -450_000}, {Account: loan.ID, Amount: 400_000}, {Account: income.ID, Amount: 50_000}}})
	got := amounts(t, db, savings, loan, income, cash)
	want := []int64{1_050_000, 4_600_000, 50_000, -3_500_000}
	for i, name := range []string{"savings", "loan", "income", "cash"} {
		if got[i] != want[i] {
			t.Errorf("after installment: %s = %d, want %d", name, got[i], want[i])
		}
	}
	mustView(t, db, func(tx *store.Tx) error {
		var total int64
		for _, a := range []store.Account{savings, loan, income, cash} {
			a, err := tx.AccountByNumber(ctx, a.Number)
			if err != nil {
				return err
			}
			total += a.Balance
			checkMovementsAddUp(t, tx, a)
		}
		if total != 0 {
			t.Errorf("balances sum to %d, want 0", total)
		}
		return nil
	})
}

func TestPostRefusesMalformedEntries(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var savings, cash store.Account
	withFixture(t, db, func(f *fixture) {
		savings = f.savings("6281211110002")
		cash = f.system(store.AccountCash)
		f.deposit(savings, 200_000, "seed")
	})
	for _, c := range []struct {
		name       string
		entry      store.Entry
		unbalanced bool
	}{
		{"unbalanced", store.Entry{Key: "k-unbalanced", Postings: []store.Posting{{savings.ID, 100_000}, {cash.ID, -90_000}}}, true},
		{"single posting", store.Entry{Key: "k-single", Postings: []store.Posting{{savings.ID, 100_000}}}, true},
		{"zero posting", store.Entry{Key: "k-zero", Postings: []store.Posting{{savings.ID, 100_000}, {cash.ID, -100_000}, {savings.ID, 0}}}, false},
		{"no key", store.Entry{Postings: []store.Posting{{savings.ID, 100_000}, {cash.ID, -100_000}}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := c.entry
			e.Branch, e.Kind, e.AuthorKind = "pusat", store.KindCashDeposit, store.AuthorAdmin
			// A good entry earlier in the same transaction is rolled back with it.
			err := db.Update(ctx, func(tx *store.Tx) error {
				if _, _, err := tx.Post(ctx, transfer("before-"+c.name, cash, savings, 10_000)); err != nil {
					t.Errorf("good entry: %v", err)
					return err
				}
				_, _, err := tx.Post(ctx, e)
				return err
			})
			if err == nil {
				t.Fatal("Post succeeded")
			}
			if c.unbalanced && !errors.Is(err, store.ErrUnbalanced) {
				t.Errorf("err = %v, want ErrUnbalanced", err)
			}
			if got := amounts(t, db, savings, cash); got[0] != 200_000 || got[1] != 200_000 {
				t.Errorf("balances after refused entry: savings %d, cash %d; want 200000 each", got[0], got[1])
			}
			mustView(t, db, func(tx *store.Tx) error {
				a, err := tx.AccountByNumber(ctx, savings.Number)
				if err != nil {
					return err
				}
				if n := len(allMovements(t, tx, a)); n != 1 {
					t.Errorf("savings shows %d movements, want only the first deposit", n)
				}
				return nil
			})
		})
	}
}

// A member who sends the same transfer twice (WhatsApp redelivers, the member taps again
// with the same message ID) is charged once.
func TestPostIsIdempotent(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var a, b store.Account
	withFixture(t, db, func(f *fixture) {
		a = f.savings("6281211110003")
		b = f.savings("6281211110004")
		f.deposit(a, 1_000_000, "seed")
	})
	var firstID int64
	mustUpdate(t, db, func(tx *store.Tx) error {
		id, applied, err := tx.Post(ctx, transfer("wamid-ABC", a, b, 300_000))
		if err != nil {
			return err
		}
		if !applied {
			t.Error("first Post: applied = false")
		}
		firstID = id
		return nil
	})
	for range 2 {
		mustUpdate(t, db, func(tx *store.Tx) error {
			id, applied, err := tx.Post(ctx, transfer("wamid-ABC", a, b, 300_000))
			if err != nil {
				return err
			}
			if applied || id != firstID {
				t.Errorf("repeated Post = %d, %v; want %d, false", id, applied, firstID)
			}
			return nil
		})
	}
	if got := amounts(t, db, a, b); got[0] != 700_000 || got[1] != 300_000 {
		t.Errorf("after the same transfer three times: %v, want [700000 300000]", got)
	}
	// Another transfer with a different key does move money.
	mustUpdate(t, db, func(tx *store.Tx) error {
		id, applied, err := tx.Post(ctx, transfer("wamid-DEF", a, b, 300_000))
		if err != nil {
			return err
		}
		if !applied || id == firstID {
			t.Errorf("Post with a new key = %d, %v; want a new entry", id, applied)
		}
		return nil
	})
	if got := amounts(t, db, a, b); got[0] != 400_000 || got[1] != 600_000 {
		t.Errorf("after a second transfer: %v, want [400000 600000]", got)
	}
}

func TestPostInsufficientFunds(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var a, b store.Account
	withFixture(t, db, func(f *fixture) {
		a = f.savings("6281211110005")
		b = f.savings("6281211110006")
		f.deposit(a, 250_000, "seed")
	})
	err := db.Update(ctx, func(tx *store.Tx) error {
		_, _, err := tx.Post(ctx, transfer("too-much", a, b, 250_001))
		return err
	})
	if !errors.Is(err, store.ErrInsufficientFunds) {
		t.Fatalf("transfer of 250001 from 250000: err = %v, want ErrInsufficientFunds", err)
	}
	if got := amounts(t, db, a, b); got[0] != 250_000 || got[1] != 0 {
		t.Errorf("after refused transfer: %v, want [250000 0]", got)
	}
	// Exactly the balance is allowed, and the refused key is free to use.
	mustUpdate(t, db, func(tx *store.Tx) error {
		_, applied, err := tx.Post(ctx, transfer("too-much", a, b, 250_000))
		if err == nil && !applied {
			t.Error("the key of a refused transfer is taken")
		}
		return err
	})
	if got := amounts(t, db, a, b); got[0] != 0 || got[1] != 250_000 {
		t.Errorf("after transferring everything: %v, want [0 250000]", got)
	}
}

// A flow that tells the member "saldo tidak cukup" and carries on (saving the session,
// queueing the reply) commits the same transaction Post failed in. Post must leave
// nothing of the refused entry behind, or the member is overdrawn anyway.
func TestRefusedPostLeavesNothingWhenTheCallerCarriesOn(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		freeze bool
		amount int64
		want   error
	}{
		{"insufficient funds", false, 400_000, store.ErrInsufficientFunds},
		{"inactive account", true, 100_000, store.ErrAccountInactive},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := MustOpenDB(t)
			var a, b store.Account
			withFixture(t, db, func(f *fixture) {
				a = f.savings("6281211110007")
				b = f.savings("6281211110008")
				f.deposit(a, 300_000, "seed")
			})
			if c.freeze {
				setStatus(t, db, b, "frozen")
			}
			mustUpdate(t, db, func(tx *store.Tx) error {
				_, _, err := tx.Post(ctx, transfer("wamid-1", a, b, c.amount))
				if !errors.Is(err, c.want) {
					t.Errorf("Post: err = %v, want %v", err, c.want)
					return err
				}
				return tx.SaveSession(ctx, store.Session{Branch: "pusat", Phone: "6281211110007"}, tx.Now())
			})
			if got := amounts(t, db, a, b); got[0] != 300_000 || got[1] != 0 {
				t.Errorf("after a refused transfer in a committed transaction: balances %v, want [300000 0]", got)
			}
			mustView(t, db, func(tx *store.Tx) error {
				for _, acct := range []store.Account{a, b} {
					acct, err := tx.AccountByNumber(ctx, acct.Number)
					if err != nil {
						return err
					}
					for _, m := range allMovements(t, tx, acct) {
						if m.Kind == store.KindTransfer {
							t.Errorf("account %s shows the refused transfer: %+v", acct.Number, m)
						}
					}
				}
				return nil
			})
		})
	}
}

// setStatus freezes or closes an account. No store API does this yet, so it goes
// through a side connection opened with store.DSN.
func setStatus(tb testing.TB, db *store.DB, a store.Account, status string) {
	tb.Helper()
	raw := rawDB(tb, db.Path)
	res, err := raw.Exec(`UPDATE accounts SET status = ? WHERE number = ?`, status, a.Number)
	if err != nil {
		tb.Fatalf("set status of %s: %v", a.Number, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		tb.Fatalf("set status of %s: %d rows", a.Number, n)
	}
	if err := raw.Close(); err != nil {
		tb.Fatal(err)
	}
}

func TestPostOnInactiveAccount(t *testing.T) {
	ctx := context.Background()
	for _, status := range []string{"frozen", "closed"} {
		t.Run(status, func(t *testing.T) {
			db := MustOpenDB(t)
			var a, b store.Account
			withFixture(t, db, func(f *fixture) {
				a = f.savings("6281211110009")
				b = f.savings("6281211110010")
				f.deposit(a, 500_000, "seed-a")
				f.deposit(b, 500_000, "seed-b")
			})
			setStatus(t, db, b, status)
			for _, e := range []store.Entry{transfer("to-"+status, a, b, 100_000), transfer("from-"+status, b, a, 100_000)} {
				err := db.Update(ctx, func(tx *store.Tx) error {
					_, _, err := tx.Post(ctx, e)
					return err
				})
				if !errors.Is(err, store.ErrAccountInactive) {
					t.Errorf("%s: err = %v, want ErrAccountInactive", e.Key, err)
				}
			}
			if got := amounts(t, db, a, b); got[0] != 500_000 || got[1] != 500_000 {
				t.Errorf("balances after refused postings: %v, want [500000 500000]", got)
			}
		})
	}
}

func TestMovements(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var savings, loan, cash store.Account
	withFixture(t, db, func(f *fixture) {
		savings = f.savings("6281211110011")
		loan = f.open("6281211110011", store.ProductPinjaman)
		cash = f.system(store.AccountCash)
	})
	step := 0
	post := func(key string, kind store.JournalKind, memo store.Memo, postings ...store.Posting) {
		t.Helper()
		step++
		at := testNow.Add(time.Duration(step) * time.Hour)
		mustUpdate(t, db, func(tx *store.Tx) error {
			_, _, err := tx.Post(ctx, store.Entry{Key: key, Branch: "pusat", Kind: kind, Memo: memo, AuthorKind: store.AuthorAdmin, At: at, Postings: postings})
			return err
		})
	}
	post("m1", store.KindCashDeposit, store.Memo{Kind: store.MemoCashDeposit}, store.Posting{savings.ID, 1_000_000}, store.Posting{cash.ID, -1_000_000})
	post("m2", store.KindDisbursement, store.Memo{Kind: store.MemoDisbursement}, store.Posting{loan.ID, -3_000_000}, store.Posting{cash.ID, 3_000_000})
	post("m3", store.KindCashWithdrawal, store.Memo{Kind: store.MemoCashWithdrawal, Note: "ATM rusak, tarik di kasir"}, store.Posting{savings.ID, -250_000}, store.Posting{cash.ID, 250_000})
	post("m4", store.KindCashDeposit, store.Memo{Kind: store.MemoCashDeposit}, store.Posting{savings.ID, 400_000}, store.Posting{cash.ID, -400_000})
	post("m5", store.KindInstallment, store.InstallmentMemo(1, 1), store.Posting{savings.ID, -300_000}, store.Posting{loan.ID, 300_000})

	type mv struct {
		memo    store.Memo
		amount  int64
		balance int64
		hour    int
	}
	check := func(a store.Account, n int, want []mv) {
		t.Helper()
		mustView(t, db, func(tx *store.Tx) error {
			a, err := tx.AccountByNumber(ctx, a.Number)
			if err != nil {
				return err
			}
			ms, err := tx.Movements(ctx, a, n)
			if err != nil {
				return err
			}
			if len(ms) != len(want) {
				t.Errorf("%s: %d movements, want %d: %+v", a.Name, len(ms), len(want), ms)
				return nil
			}
			for i, m := range ms {
				w := want[i]
				if m.Memo != w.memo || m.Amount != w.amount || m.Balance != w.balance || !m.At.Equal(testNow.Add(time.Duration(w.hour)*time.Hour)) {
					t.Errorf("%s movement %d = {%+v %d balance %d at %v}, want {%+v %d balance %d at +%dh}",
						a.Name, i, m.Memo, m.Amount, m.Balance, m.At, w.memo, w.amount, w.balance, w.hour)
				}
			}
			if len(ms) > 0 && ms[0].Balance != a.Amount() {
				t.Errorf("%s: newest movement shows balance %d, account holds %d", a.Name, ms[0].Balance, a.Amount())
			}
			return nil
		})
	}
	// Savings, as the member reads the statement: newest first, money in positive.
	check(savings, 10, []mv{
		{store.InstallmentMemo(1, 1), -300_000, 850_000, 5},
		{store.Memo{Kind: store.MemoCashDeposit}, 400_000, 1_150_000, 4},
		{store.Memo{Kind: store.MemoCashWithdrawal, Note: "ATM rusak, tarik di kasir"}, -250_000, 750_000, 3},
		{store.Memo{Kind: store.MemoCashDeposit}, 1_000_000, 1_000_000, 1},
	})
	check(savings, 2, []mv{
		{store.InstallmentMemo(1, 1), -300_000, 850_000, 5},
		{store.Memo{Kind: store.MemoCashDeposit}, 400_000, 1_150_000, 4},
	})
	// The loan, as the borrower reads it: what is still owed goes up with the
	// disbursement and down with each installment.
	check(loan, 10, []mv{
		{store.InstallmentMemo(1, 1), -300_000, 2_700_000, 5},
		{store.Memo{Kind: store.MemoDisbursement}, 3_000_000, 3_000_000, 2},
	})
	// The till: cash in at the counter is positive.
	check(cash, 1, []mv{{store.Memo{Kind: store.MemoCashDeposit}, 400_000, -1_850_000, 4}})
}

// A few hundred random entries among several accounts: every balance is the sum of its
// postings, the balances match an independent tally, and the whole ledger sums to zero.
func TestRandomPostingsKeepLedgerInvariants(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var accts []store.Account
	withFixture(t, db, func(f *fixture) {
		for i := range 4 {
			accts = append(accts, f.savings(fmt.Sprintf("628124444%04d", i)))
		}
		accts = append(accts, f.open("6281244440000", store.ProductPinjaman))
		for _, k := range []string{store.AccountCash, store.AccountBank, store.AccountIncome, store.AccountSuspense} {
			accts = append(accts, f.system(k))
		}
	})
	rng := rand.New(rand.NewSource(20250314))
	tally := map[int64]int64{} // account ID -> expected signed balance
	postings := map[int64]int{}
	var applied, refused int
	for i := range 300 {
		n := 2 + rng.Intn(3)
		perm := rng.Perm(len(accts))[:n]
		var ps []store.Posting
		var sum int64
		for _, j := range perm[:n-1] {
			amt := int64(rng.Intn(2_000_000)+1) * int64(1-2*rng.Intn(2))
			ps = append(ps, store.Posting{Account: accts[j].ID, Amount: amt})
			sum += amt
		}
		if sum == 0 {
			ps[0].Amount++
			sum++
		}
		ps = append(ps, store.Posting{Account: accts[perm[n-1]].ID, Amount: -sum})
		err := db.Update(ctx, func(tx *store.Tx) error {
			_, _, err := tx.Post(ctx, store.Entry{Key: fmt.Sprintf("rand-%d", i), Branch: "pusat", Kind: "test", AuthorKind: store.AuthorSystem, Postings: ps})
			return err
		})
		switch {
		case err == nil:
			applied++
			for _, p := range ps {
				tally[p.Account] += p.Amount
				postings[p.Account]++
			}
		case errors.Is(err, store.ErrInsufficientFunds):
			refused++
		default:
			t.Fatalf("entry %d: %v", i, err)
		}
	}
	if applied < 100 || refused == 0 {
		t.Fatalf("%d entries applied, %d refused: the test should exercise both", applied, refused)
	}
	t.Logf("%d entries applied, %d refused for lack of funds", applied, refused)
	mustView(t, db, func(tx *store.Tx) error {
		var total int64
		for _, a := range accts {
			a, err := tx.AccountByNumber(ctx, a.Number)
			if err != nil {
				return err
			}
			if a.Balance != tally[a.ID] {
				t.Errorf("account %s (%s): balance %d, tally of applied entries %d", a.Number, a.Kind, a.Balance, tally[a.ID])
			}
			if a.Kind == store.AccountSavings && a.Amount() < 0 {
				t.Errorf("savings %s went below zero: %d", a.Number, a.Amount())
			}
			ms := allMovements(t, tx, a)
			if len(ms) != postings[a.ID] {
				t.Errorf("account %s: %d movements, %d postings applied", a.Number, len(ms), postings[a.ID])
			}
			checkMovementsAddUp(t, tx, a)
			total += a.Balance
		}
		if total != 0 {
			t.Errorf("ledger sums to %d, want 0", total)
		}
		return nil
	})
}

// Many members transferring at once: no error but a refusal for lack of funds, no
// money created or lost, and every reader sees a consistent total.
func TestConcurrentTransfers(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	const members, perMember = 5, 100_000
	var accts []store.Account
	var cash store.Account
	withFixture(t, db, func(f *fixture) {
		for i := range members {
			a := f.savings(fmt.Sprintf("628125555%04d", i))
			f.deposit(a, perMember, fmt.Sprintf("seed-%d", i))
			accts = append(accts, a)
		}
		cash = f.system(store.AccountCash)
	})

	const workers, each = 20, 50
	var wg sync.WaitGroup
	var mu sync.Mutex
	var ok, refused int
	errs := make(chan error, workers*each)
	stop := make(chan struct{})
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(w)))
			for i := range each {
				from := rng.Intn(members)
				to := (from + 1 + rng.Intn(members-1)) % members
				amount := int64(rng.Intn(60_000) + 1)
				err := db.Update(ctx, func(tx *store.Tx) error {
					_, _, err := tx.Post(ctx, transfer(fmt.Sprintf("w%d-%d", w, i), accts[from], accts[to], amount))
					return err
				})
				mu.Lock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, store.ErrInsufficientFunds):
					refused++
				default:
					errs <- err
				}
				mu.Unlock()
			}
		}()
	}
	var readers sync.WaitGroup
	for range 2 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				err := db.View(ctx, func(tx *store.Tx) error {
					var sum int64
					for _, a := range accts {
						a, err := tx.AccountByNumber(ctx, a.Number)
						if err != nil {
							return err
						}
						sum += a.Amount()
					}
					if sum != members*perMember {
						return fmt.Errorf("a reader saw savings totalling %d, want %d", sum, members*perMember)
					}
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if ok == 0 {
		t.Fatal("no transfer went through")
	}
	t.Logf("%d transfers applied, %d refused for lack of funds", ok, refused)
	mustView(t, db, func(tx *store.Tx) error {
		var savingsTotal, ledgerTotal int64
		movements := 0
		for _, a := range append(accts, cash) {
			a, err := tx.AccountByNumber(ctx, a.Number)
			if err != nil {
				return err
			}
			if a.Kind == store.AccountSavings {
				if a.Amount() < 0 {
					t.Errorf("savings %s went below zero: %d", a.Number, a.Amount())
				}
				savingsTotal += a.Amount()
				movements += len(allMovements(t, tx, a))
			}
			checkMovementsAddUp(t, tx, a)
			ledgerTotal += a.Balance
		}
		if savingsTotal != members*perMember {
			t.Errorf("savings total %d, want %d", savingsTotal, members*perMember)
		}
		if ledgerTotal != 0 {
			t.Errorf("ledger sums to %d, want 0", ledgerTotal)
		}
		if want := members + 2*ok; movements != want {
			t.Errorf("%d movements on savings, want %d (deposits plus two per applied transfer)", movements, want)
		}
		return nil
	})
}

func BenchmarkPost(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b)
	var savings, cash store.Account
	withFixture(b, db, func(f *fixture) {
		savings = f.savings("6281299990000")
		cash = f.system(store.AccountCash)
	})
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		err := db.Update(ctx, func(tx *store.Tx) error {
			_, _, err := tx.Post(ctx, store.Entry{Key: fmt.Sprintf("bench-%d", i), Branch: "pusat", Kind: store.KindCashDeposit, AuthorKind: store.AuthorAdmin,
				Postings: []store.Posting{{Account: savings.ID, Amount: 10_000}, {Account: cash.ID, Amount: -10_000}}})
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
