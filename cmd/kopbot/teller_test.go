package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"regexp"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// accountNumber returns the number of the member's account of the product (TAB, SW, PIN).
func accountNumber(t *testing.T, config, phone, product string) string {
	t.Helper()
	var number string
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, phone)
		if err != nil {
			return err
		}
		for _, kind := range []string{store.AccountSavings, store.AccountLoan} {
			accts, err := tx.AccountsOfMember(ctx, m.ID, kind)
			if err != nil {
				return err
			}
			for _, a := range accts {
				if a.ProductCode == product {
					number = a.Number
				}
			}
		}
		return nil
	})
	if number == "" {
		t.Fatalf("%s has no %s account", phone, product)
	}
	return number
}

// accountByNumber is the account with number as it stands.
func accountByNumber(t *testing.T, config, number string) store.Account {
	t.Helper()
	var a store.Account
	withStore(t, config, func(ctx context.Context, tx *store.Tx) (err error) {
		a, err = tx.AccountByNumber(ctx, number)
		return err
	})
	return a
}

// balance is an account's balance as its owner reads it.
func balance(t *testing.T, config, number string) int64 {
	t.Helper()
	return accountByNumber(t, config, number).Amount()
}

func TestTellerDepositTwiceMovesMoneyOnce(t *testing.T) {
	config := testConfig(t)
	tab := accountNumber(t, config, "6281200000001", "TAB")
	out := mustCmd(t, config, "teller deposit", tab, "Rp1.500.000", "-key", "K1", "-memo", "Setoran arisan", "-by", "ani")
	wantContains(t, "deposit", out, "Deposited Rp1.500.000 into "+tab+" (Tabungan Sejahtera, Budi Santoso): TRX-", "Balance now Rp3.900.000.",
		"Note for the member: Setoran arisan\n", "Budi Santoso is told on WhatsApp (6281200000001).")
	again := mustCmd(t, config, "teller deposit", tab, "Rp1.500.000", "-key", "K1", "-memo", "Setoran arisan", "-by", "ani")
	wantContains(t, "the same command again", again, "Already done with key K1: TRX-", " (Setoran arisan) on ", "Nothing moved this time")
	if got := balance(t, config, tab); got != 3_900_000 {
		t.Errorf("balance %d after the same deposit twice, want 3900000", got)
	}
	told := queuedTo(t, config, "6281200000001")
	if len(told) != 1 {
		t.Fatalf("Budi was told %d times, want once: %q", len(told), told)
	}
	wantContains(t, "receipt", told[0], "Setoran tunai diterima", "Keterangan: Setoran arisan")
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		p, err := tx.PostedByKey(ctx, "K1")
		if err != nil {
			return err
		}
		if p.AuthorKind != store.AuthorAdmin || p.AuthorID != "ani" || p.Kind != store.KindCashDeposit {
			t.Errorf("journal = %+v", p)
		}
		return nil
	})

	// Without -key, a fresh key is printed, and running again with it is safe.
	out = mustCmd(t, config, "teller deposit", tab, "1,5jt")
	key := regexp.MustCompile(`-key (\S+)\)`).FindStringSubmatch(out)
	if key == nil {
		t.Fatalf("no key printed:\n%s", out)
	}
	again = mustCmd(t, config, "teller deposit", tab, "1,5jt", "-key", key[1])
	wantContains(t, "the command again with the printed key", again, "Already done with key "+key[1]+": TRX-", " (Cash deposit) on ")
	if got := balance(t, config, tab); got != 5_400_000 {
		t.Errorf("balance %d, want 5400000", got)
	}
}

func TestTellerWithdraw(t *testing.T) {
	config := testConfig(t)
	tab := accountNumber(t, config, "6281200000001", "TAB")
	// 2,400,000 in the account, 25,000 must stay.
	_, err := kopbotCmd(t, config, "teller withdraw", tab, "2.375.001", "-key", "W1")
	wantError(t, "past the minimum balance", err, "at most Rp2.375.000 can be withdrawn", "minimum balance Rp25.000")
	_, err = kopbotCmd(t, config, "teller withdraw", accountNumber(t, config, "6281200000001", "SW"), "10rb", "-key", "W2")
	wantError(t, "from simpanan wajib", err, "stays until the member leaves")
	_, err = kopbotCmd(t, config, "teller withdraw", tab, "sejutaan", "-key", "W3")
	wantError(t, "an amount in words", err, "1,5jt")
	out := mustCmd(t, config, "teller withdraw", tab, "Rp2.375.000,-", "-key", "W1")
	wantContains(t, "withdraw", out, "Withdrew Rp2.375.000 from "+tab, "Balance now Rp25.000.")
	if got := balance(t, config, tab); got != 25_000 {
		t.Errorf("balance %d, want 25000", got)
	}
	if told := queuedTo(t, config, "6281200000001"); len(told) != 1 {
		t.Errorf("Budi was told %d times, want once: %q", len(told), told)
	}
}

// openAccountOf opens an account of product code at pusat for the member with phone.
func openAccountOf(ctx context.Context, tx *store.Tx, phone, code string) (store.Account, error) {
	m, err := tx.MemberByPhone(ctx, phone)
	if err != nil {
		return store.Account{}, err
	}
	p, err := tx.ProductByCode(ctx, code)
	if err != nil {
		return store.Account{}, err
	}
	return tx.OpenAccount(ctx, store.OpenAccount{Branch: "pusat", MemberID: m.ID, Product: p, Name: p.Name})
}

func TestTellerLoanRoundTrip(t *testing.T) {
	config := testConfig(t)
	const agus = "6281200000003"
	var loan string
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		a, err := openAccountOf(ctx, tx, agus, "PIN")
		if err != nil {
			return err
		}
		start := time.Now().UTC().Truncate(24 * time.Hour)
		// Approved: the disbursement makes the schedule from its own day.
		_, err = tx.CreateLoan(ctx, store.Loan{Account: a, Principal: 6_000_000, RateBP: 1200, Method: "flat", TenorMonths: 6, Start: start}, nil)
		loan = a.Number
		return err
	})
	tab := accountNumber(t, config, agus, "TAB")
	savings := balance(t, config, tab)

	_, err := kopbotCmd(t, config, "teller pay-installment", loan, "-key", "P0")
	wantError(t, "paying a loan not paid out", err, "has not been disbursed")

	out := mustCmd(t, config, "teller disburse", loan, tab, "-key", "D1")
	wantContains(t, "disburse", out, "Disbursed loan "+loan+" of Rp6.000.000 into "+tab, "Agus Wijaya is told")
	again := mustCmd(t, config, "teller disburse", loan, tab, "-key", "D1")
	wantContains(t, "disburse again", again, "Already done with key D1")
	_, err = kopbotCmd(t, config, "teller disburse", loan, tab, "-key", "D2")
	wantError(t, "a second disbursement", err, "already disbursed")
	if balance(t, config, loan) != 6_000_000 || balance(t, config, tab) != savings+6_000_000 {
		t.Errorf("after disbursing: loan %d, savings %d", balance(t, config, loan), balance(t, config, tab))
	}

	// The first installment: 1,000,000 principal + 60,000 interest.
	out = mustCmd(t, config, "teller pay-installment", loan, "-key", "P1")
	wantContains(t, "pay in cash", out, "Took Rp1.060.000 in cash for loan "+loan+" (Agus Wijaya): TRX-",
		"Installments paid in full: 1.", "Principal still owed: Rp5.000.000.", "Next: installment 2, Rp1.060.000")
	for _, part := range []string{`Late fees\s+Rp0\n`, `Interest\s+Rp60\.000\n`, `Principal\s+Rp1\.000\.000\n`} {
		if !regexp.MustCompile(part).MatchString(out) {
			t.Errorf("pay in cash does not match %s:\n%s", part, out)
		}
	}
	// The second from savings, by amount.
	out = mustCmd(t, config, "teller pay-installment", loan, "-from", tab, "-amount", "1,06jt", "-key", "P2")
	wantContains(t, "pay from savings", out, "Took Rp1.060.000 from "+tab, "Principal still owed: Rp4.000.000.")
	again = mustCmd(t, config, "teller pay-installment", loan, "-from", tab, "-amount", "1,06jt", "-key", "P2")
	wantContains(t, "pay again", again, "Already done with key P2")
	_, err = kopbotCmd(t, config, "teller pay-installment", loan, "-amount", "5jt", "-key", "P3")
	wantError(t, "overpaying", err, "more than everything it still owes (Rp4.240.000")
	if got := balance(t, config, loan); got != 4_000_000 {
		t.Errorf("loan owes %d, want 4000000", got)
	}

	// Reversals: the older payment waits for the newer; a reversal is done once.
	_, err = kopbotCmd(t, config, "teller reverse", "P1", "-reason", "Salah input jumlah", "-key", "R1")
	wantError(t, "reversing the older payment first", err, "reverse TRX-")
	_, err = kopbotCmd(t, config, "teller reverse", "P2", "-reason", "salah", "-key", "R2")
	wantError(t, "a short reason", err, "too short")
	out = mustCmd(t, config, "teller reverse", "P2", "-reason", "Dibayar dua kali", "-key", "R2")
	wantContains(t, "reverse", out, "Reversed TRX-", "journal key reversal:P2", tab, "+Rp1.060.000", "Each member whose accounts moved is told")
	again = mustCmd(t, config, "teller reverse", "P2", "-reason", "Dibayar dua kali", "-key", "R2")
	wantContains(t, "reverse again, same key", again, "Already done with key R2")
	_, err = kopbotCmd(t, config, "teller reverse", "P2", "-reason", "Dibayar dua kali")
	wantError(t, "reverse again, another key", err, "was already reversed by TRX-")
	if got := balance(t, config, loan); got != 5_000_000 {
		t.Errorf("loan owes %d after the reversal, want 5000000", got)
	}
	if got := balance(t, config, tab); got != savings+6_000_000 {
		t.Errorf("savings %d after the reversal, want %d", got, savings+6_000_000)
	}
	told := queuedTo(t, config, agus)
	if len(told) != 4 { // disbursement, two payments, one reversal
		t.Errorf("Agus was told %d times, want 4: %q", len(told), told)
	}
}

func TestTellerDemoInstallment(t *testing.T) {
	config := testConfig(t)
	loan := accountNumber(t, config, "6281200000002", "PIN")
	// Siti's demo loan is up to date: what is due is installment 4.
	out := mustCmd(t, config, "teller pay-installment", loan, "-key", "S4")
	wantContains(t, "pay", out, "Took Rp933.333 in cash", "Installments paid in full: 4.", "Principal still owed: Rp6.666.668.", "Siti Rahmawati is told")
	// The demo's own payments cannot be reversed: there is no record of the installments they paid.
	_, err := kopbotCmd(t, config, "teller reverse", "demo:01.00002:15", "-reason", "Coba membatalkan")
	wantError(t, "reversing a demo payment", err, "cannot be reversed")
}

func TestTellerUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"teller"}, nil, &out, &errOut); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("teller without a subcommand: %v, want flag.ErrHelp", err)
	}
	wantContains(t, "usage", errOut.String(), "pay-installment LOAN-ACCOUNT", "-key KEY")
	config := testConfig(t)
	_, err := kopbotCmd(t, config, "teller deposit", "0104000013")
	wantError(t, "a deposit without an amount", err, "give the account number and the amount")
	_, err = kopbotCmd(t, config, "teller refund")
	wantError(t, "an unknown subcommand", err, `unknown subcommand "refund"`)
}

// Siti's demo loan at the counter: the payoff quote, a partial repayment in cash that
// shortens the tenor, then the rest paid off; the same key again moves nothing. The demo is
// laid out around today, so only what does not depend on the day of the month is checked.
func TestTellerRepayEarly(t *testing.T) {
	config := testConfig(t)
	loan := accountNumber(t, config, "6281200000002", "PIN")
	out := mustCmd(t, config, "teller payoff-quote", loan)
	wantContains(t, "quote", out, "Principal", "Rp7.500.001", "Installments not yet due: 9, the next Rp933.333", "prepayment: shorten_tenor")
	out = mustCmd(t, config, "teller repay-early", loan, "2jt", "-key", "P1")
	wantContains(t, "partial", out, "Took Rp2.000.000 in cash", "Installments left: 7, the next", "Siti Rahmawati is told")
	out = mustCmd(t, config, "teller repay-early", loan, "2jt", "-key", "P1")
	wantContains(t, "again", out, "Already done with key P1")
	out = mustCmd(t, config, "teller repay-early", loan, "all", "-key", "P2")
	wantContains(t, "payoff", out, "Principal still owed: Rp0.", "The loan is paid off.")
	_, err := kopbotCmd(t, config, "teller payoff-quote", loan)
	wantError(t, "a quote for a loan paid off", err, "is not active")
}
