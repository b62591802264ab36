package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/store"
)

// testProducts is one product of each kind, as a cooperative's config would list them.
var testProducts = []store.Product{
	{Code: "SP", Kind: store.ProductPokok, Name: "Simpanan Pokok", MinOpening: 100_000},
	{Code: "SW", Kind: store.ProductWajib, Name: "Simpanan Wajib", MinOpening: 50_000},
	{Code: "SS", Kind: store.ProductSukarela, Name: "Simpanan Sukarela"},
	{Code: "TAB", Kind: store.ProductTabungan, Name: "Tabungan Anggota", MinOpening: 50_000, MinBalance: 25_000, RateBP: 300},
	{Code: "DEP", Kind: store.ProductDeposito, Name: "Deposito Berjangka", MinOpening: 1_000_000, RateBP: 550},
	{Code: "PIN", Kind: store.ProductPinjaman, Name: "Pinjaman Anggota", RateBP: 1200},
}

// fixture builds members and accounts inside one transaction, failing the test on any error.
type fixture struct {
	ctx context.Context
	tb  testing.TB
	tx  *store.Tx
}

func newFixture(ctx context.Context, tb testing.TB, tx *store.Tx) *fixture {
	return &fixture{ctx: ctx, tb: tb, tx: tx}
}

// withFixture runs build with a fixture over one transaction on db, committed after it.
func withFixture(tb testing.TB, db *store.DB, build func(f *fixture)) {
	tb.Helper()
	mustUpdate(tb, db, func(tx *store.Tx) error {
		build(newFixture(context.Background(), tb, tx))
		return nil
	})
}

func (f *fixture) check(err error) {
	f.tb.Helper()
	if err != nil {
		f.tb.Fatal(err)
	}
}

// syncProducts syncs testProducts and returns them by kind.
func (f *fixture) syncProducts() map[string]store.Product {
	f.tb.Helper()
	out := map[string]store.Product{}
	for _, p := range testProducts {
		p, err := f.tx.SyncProduct(f.ctx, p)
		f.check(err)
		out[p.Kind] = p
	}
	return out
}

func (f *fixture) product(kind string) store.Product {
	f.tb.Helper()
	return f.syncProducts()[kind]
}

// member returns the member with phone, creating an active member on first use.
func (f *fixture) member(phone string) store.Member {
	f.tb.Helper()
	m, err := f.tx.MemberByPhone(f.ctx, phone)
	if err == nil {
		return m
	}
	if !errors.Is(err, store.ErrNotFound) {
		f.tb.Fatal(err)
	}
	m, err = f.tx.CreateMember(f.ctx, store.Member{Branch: "pusat", Name: "Anggota " + phone[len(phone)-4:], Phone: phone, Status: store.MemberActive})
	f.check(err)
	return m
}

// open opens an account of product kind for the member with phone.
func (f *fixture) open(phone, kind string) store.Account {
	f.tb.Helper()
	p := f.product(kind)
	a, err := f.tx.OpenAccount(f.ctx, store.OpenAccount{Branch: "pusat", MemberID: f.member(phone).ID, Product: p, Name: p.Name})
	f.check(err)
	return a
}

func (f *fixture) savings(phone string) store.Account {
	f.tb.Helper()
	return f.open(phone, store.ProductTabungan)
}

func (f *fixture) system(kind string) store.Account {
	f.tb.Helper()
	a, err := f.tx.SystemAccount(f.ctx, "pusat", kind)
	f.check(err)
	return a
}

// deposit credits a member's savings with cash paid in at the counter.
func (f *fixture) deposit(a store.Account, amount int64, key string) {
	f.tb.Helper()
	cash := f.system(store.AccountCash)
	_, _, err := f.tx.Post(f.ctx, store.Entry{Key: key, Branch: "pusat", Kind: store.KindCashDeposit, AuthorKind: store.AuthorAdmin,
		Postings: []store.Posting{{Account: a.ID, Amount: amount}, {Account: cash.ID, Amount: -amount}}})
	f.check(err)
}

func (f *fixture) reload(a store.Account) store.Account {
	f.tb.Helper()
	got, err := f.tx.AccountByNumber(f.ctx, a.Number)
	f.check(err)
	return got
}

func TestOpenAccountNumbers(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var numbers []string
	withFixture(t, db, func(f *fixture) {
		kinds := []string{store.ProductPokok, store.ProductWajib, store.ProductSukarela, store.ProductTabungan, store.ProductDeposito, store.ProductPinjaman}
		for i := range 240 {
			a := f.open(fmt.Sprintf("62812%08d", i%40), kinds[i%len(kinds)])
			numbers = append(numbers, a.Number)
		}
	})
	seen := map[string]bool{}
	for _, n := range numbers {
		if len(n) != 10 || strings.Trim(n, "0123456789") != "" {
			t.Errorf("account number %q is not ten digits", n)
		}
		if !strings.HasPrefix(n, pusat.Code) {
			t.Errorf("account number %s does not start with the branch code %s", n, pusat.Code)
		}
		if !store.ValidAccountNumber(n) {
			t.Errorf("account number %s fails its own check digit", n)
		}
		if seen[n] {
			t.Errorf("account number %s given twice", n)
		}
		seen[n] = true
	}
	// Each number finds the account it was given to.
	mustView(t, db, func(tx *store.Tx) error {
		for _, n := range numbers {
			a, err := tx.AccountByNumber(ctx, n)
			if err != nil {
				return err
			}
			if a.Number != n {
				t.Errorf("AccountByNumber(%s) = %s", n, a.Number)
			}
		}
		return nil
	})
}

// A member who mistypes one digit of an account number is told so before any lookup.
func TestValidAccountNumberCatchesEverySingleDigitError(t *testing.T) {
	db := MustOpenDB(t)
	var numbers []string
	withFixture(t, db, func(f *fixture) {
		for i := range 30 {
			numbers = append(numbers, f.savings(fmt.Sprintf("62813%08d", i)).Number)
		}
		for _, kind := range []string{store.AccountCash, store.AccountBank, store.AccountIncome} {
			numbers = append(numbers, f.system(kind).Number)
		}
	})
	for _, n := range numbers {
		if !store.ValidAccountNumber(n) {
			t.Fatalf("%s is not valid", n)
		}
		for pos := range len(n) {
			for d := byte('0'); d <= '9'; d++ {
				if n[pos] == d {
					continue
				}
				typo := n[:pos] + string(d) + n[pos+1:]
				if store.ValidAccountNumber(typo) {
					t.Errorf("%s (digit %d of %s changed) passes the check", typo, pos+1, n)
				}
			}
		}
	}
}

func TestValidAccountNumberRejectsMalformed(t *testing.T) {
	for _, s := range []string{"", "012345678", "01234567890", "01234-6789", "01234 6789", "0123456７89", "abcdefghij"} {
		if store.ValidAccountNumber(s) {
			t.Errorf("ValidAccountNumber(%q) = true", s)
		}
	}
}

func TestSystemAccountIsStable(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var first store.Account
	withFixture(t, db, func(f *fixture) {
		first = f.system(store.AccountCash)
		again := f.system(store.AccountCash)
		if again.ID != first.ID || again.Number != first.Number {
			t.Errorf("second call in the same transaction: %s (id %d), first %s (id %d)", again.Number, again.ID, first.Number, first.ID)
		}
		if bank := f.system(store.AccountBank); bank.ID == first.ID || bank.Number == first.Number {
			t.Errorf("bank and cash share account %s", bank.Number)
		}
	})
	mustUpdate(t, db, func(tx *store.Tx) error {
		later := newFixture(ctx, t, tx).system(store.AccountCash)
		if later.ID != first.ID || later.Number != first.Number {
			t.Errorf("cash in a later transaction: %s (id %d), first %s (id %d)", later.Number, later.ID, first.Number, first.ID)
		}
		if later.MemberID != 0 || later.Kind != store.AccountCash || later.Branch != "pusat" {
			t.Errorf("cash account = %+v", later)
		}
		return nil
	})
	if !strings.HasPrefix(first.Number, pusat.Code) || !store.ValidAccountNumber(first.Number) {
		t.Errorf("cash account number %s: want a valid number starting with %s", first.Number, pusat.Code)
	}
	err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.SystemAccount(ctx, "pusat", store.AccountSavings)
		return err
	})
	if err == nil {
		t.Error("SystemAccount(savings) succeeded: savings are members' accounts, not the cooperative's own")
	}
}

// Each branch has its own cash account, numbered with its own code.
func TestSystemAccountPerBranch(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	mustUpdate(t, db, func(tx *store.Tx) error {
		if err := tx.SyncBranch(ctx, store.Branch{ID: "cimahi", Code: "02", Name: "Cabang Cimahi"}); err != nil {
			return err
		}
		a, err := tx.SystemAccount(ctx, "pusat", store.AccountCash)
		if err != nil {
			return err
		}
		b, err := tx.SystemAccount(ctx, "cimahi", store.AccountCash)
		if err != nil {
			return err
		}
		if a.ID == b.ID {
			t.Errorf("two branches share cash account %s", a.Number)
		}
		if !strings.HasPrefix(b.Number, "02") || b.Branch != "cimahi" {
			t.Errorf("cimahi's cash account = %s of branch %s", b.Number, b.Branch)
		}
		return nil
	})
}

// A product's number sits in two digits of an account number and "00" marks the branch's
// own accounts. However many products a cooperative configures, a member's account must
// never take the number of the branch's cash (or bank, ...) account: the product is either
// refused or numbered apart, and SystemAccount keeps returning the cooperative's own accounts.
func TestMemberAccountNeverTakesASystemAccountNumber(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	mustUpdate(t, db, func(tx *store.Tx) error {
		f := newFixture(ctx, t, tx)
		m := f.member("6281277770001")
		members := map[string]bool{}
		for i := 1; i <= 101; i++ {
			p, err := tx.SyncProduct(ctx, store.Product{Code: fmt.Sprintf("TAB%03d", i), Kind: store.ProductTabungan, Name: fmt.Sprintf("Tabungan %d", i)})
			if err != nil {
				return err
			}
			a, err := tx.OpenAccount(ctx, store.OpenAccount{Branch: "pusat", MemberID: m.ID, Product: p, Name: p.Name})
			if err != nil {
				if p.ID <= 99 {
					t.Errorf("open an account of product %d: %v", p.ID, err)
				}
				continue
			}
			members[a.Number] = true
		}
		if len(members) < 99 {
			t.Errorf("only %d accounts opened on 101 products", len(members))
		}
		for kind := range map[string]bool{store.AccountCash: true, store.AccountBank: true, store.AccountQRISSettlement: true,
			store.AccountSuspense: true, store.AccountEquity: true, store.AccountIncome: true} {
			sys := f.system(kind)
			if members[sys.Number] || sys.MemberID != 0 || sys.Kind != kind {
				t.Errorf("SystemAccount(%s) = %s (kind %s, member %d), a member's account", kind, sys.Number, sys.Kind, sys.MemberID)
			}
		}
		return nil
	})
}

func TestAccountsOfMemberOrder(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	const phone = "6281233334444"
	var memberID int64
	withFixture(t, db, func(f *fixture) {
		memberID = f.member(phone).ID
		// Opened in the reverse of the order a member expects to read them.
		f.savings(phone)
		f.open(phone, store.ProductSukarela)
		f.open(phone, store.ProductWajib)
		f.open(phone, store.ProductPokok)
		f.savings(phone)
		f.open(phone, store.ProductPinjaman)
		f.open(phone, store.ProductDeposito)
		f.savings("6281200009999") // someone else's
	})
	mustView(t, db, func(tx *store.Tx) error {
		list, err := tx.AccountsOfMember(ctx, memberID, store.AccountSavings)
		if err != nil {
			return err
		}
		var kinds []string
		for _, a := range list {
			kinds = append(kinds, a.ProductKind)
			if a.MemberID != memberID || a.Kind != store.AccountSavings {
				t.Errorf("listed %s of member %d kind %s", a.Number, a.MemberID, a.Kind)
			}
		}
		want := []string{store.ProductPokok, store.ProductWajib, store.ProductSukarela, store.ProductTabungan, store.ProductTabungan}
		if strings.Join(kinds, ",") != strings.Join(want, ",") {
			t.Errorf("savings listed as %v, want %v", kinds, want)
		}
		if len(list) == 5 && list[3].Number >= list[4].Number {
			t.Errorf("two tabungan listed as %s, %s: want by number", list[3].Number, list[4].Number)
		}
		loans, err := tx.AccountsOfMember(ctx, memberID, store.AccountLoan)
		if err != nil {
			return err
		}
		if len(loans) != 1 || loans[0].ProductKind != store.ProductPinjaman || loans[0].Normal != store.Debit {
			t.Errorf("loan accounts = %+v, want the one pinjaman, debit-normal", loans)
		}
		return nil
	})
}
