package coop_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

// tellerWorld is the demo laid out on 21 November 2026 in Jakarta: Siti's loan started on
// 10 August 2026, installments 1-3 (due 10 Sep, 10 Oct, 10 Nov) paid, 4 due 10 December.
type tellerWorld struct {
	t   *testing.T
	db  *store.DB
	loc *time.Location
	now time.Time
}

const (
	budi = "6281200000001"
	siti = "6281200000002"
	agus = "6281200000003"
)

func newTellerWorld(t *testing.T) *tellerWorld {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	w := &tellerWorld{t: t, loc: loc, now: time.Date(2026, 11, 21, 9, 0, 0, 0, loc)}
	w.db = storetest.Open(t)
	w.db.Now = func() time.Time { return w.now }
	if err := w.db.Update(context.Background(), func(tx *store.Tx) error { return tx.SyncDemoSetup(context.Background()) }); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.SeedDemo(context.Background(), "pusat", w.now, ""); err != nil {
		t.Fatal(err)
	}
	return w
}

// op is a teller operation under key by the test's staff member, in Bahasa Indonesia,
// with the default late fee of 0.1% a day.
func (w *tellerWorld) op(key string) coop.TellerOp {
	return coop.TellerOp{Key: key, By: "test", Lang: "id", Loc: w.loc, LateFeeBP: 10}
}

func (w *tellerWorld) update(fn func(ctx context.Context, tx *store.Tx) error) error {
	ctx := context.Background()
	return w.db.Update(ctx, func(tx *store.Tx) error { return fn(ctx, tx) })
}

func (w *tellerWorld) must(fn func(ctx context.Context, tx *store.Tx) error) {
	w.t.Helper()
	if err := w.update(fn); err != nil {
		w.t.Fatal(err)
	}
}

// account returns the member's account of the product (SP, SW, TAB, PIN).
func (w *tellerWorld) account(phone, product string) store.Account {
	w.t.Helper()
	var out store.Account
	w.must(func(ctx context.Context, tx *store.Tx) error {
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
					out = a
				}
			}
		}
		return nil
	})
	if out.ID == 0 {
		w.t.Fatalf("%s has no %s account", phone, product)
	}
	return out
}

// amount is an account's balance as its owner reads it: savings held, principal owed,
// cash in the drawer, income earned.
// wantAmount checks what the account holds; what names it in the failure ("savings").
func (w *tellerWorld) wantAmount(number string, want int64, what string) {
	w.t.Helper()
	if got := w.amount(number); got != want {
		w.t.Errorf("%s %d, want %d", what, got, want)
	}
}

func (w *tellerWorld) amount(number string) int64 {
	w.t.Helper()
	var n int64
	w.must(func(ctx context.Context, tx *store.Tx) error {
		a, err := tx.AccountByNumber(ctx, number)
		n = a.Amount()
		return err
	})
	return n
}

func (w *tellerWorld) system(kind string) string {
	w.t.Helper()
	var number string
	w.must(func(ctx context.Context, tx *store.Tx) error {
		a, err := tx.SystemAccount(ctx, "pusat", kind)
		number = a.Number
		return err
	})
	return number
}

func (w *tellerWorld) schedule(loanNumber string) []store.Installment {
	w.t.Helper()
	var sched []store.Installment
	w.must(func(ctx context.Context, tx *store.Tx) error {
		l, err := tx.LoanByAccount(ctx, loanNumber)
		if err != nil {
			return err
		}
		sched, err = tx.Installments(ctx, l.ID)
		return err
	})
	return sched
}

func (w *tellerWorld) loanStatus(loanNumber string) store.LoanStatus {
	w.t.Helper()
	var status store.LoanStatus
	w.must(func(ctx context.Context, tx *store.Tx) error {
		l, err := tx.LoanByAccount(ctx, loanNumber)
		status = l.Status
		return err
	})
	return status
}

// told returns the messages queued for phone.
func (w *tellerWorld) told(phone string) []string {
	w.t.Helper()
	var texts []string
	var queued []store.OutMessage
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		queued, err = tx.Queued(ctx, "pusat", 1_000_000)
		return err
	})
	for _, m := range queued {
		if m.To == phone {
			texts = append(texts, m.Text)
		}
	}
	return texts
}

// checkLedger fails unless every journal transaction sums to zero, the whole ledger sums
// to zero, and each account's balance is the sum of its postings (kopbot ledger check).
func (w *tellerWorld) checkLedger() {
	w.t.Helper()
	err := w.db.View(context.Background(), func(tx *store.Tx) error {
		r, err := tx.CheckLedger(context.Background())
		if err != nil {
			return err
		}
		if !r.OK() || r.Total != 0 {
			w.t.Errorf("ledger check: total %d, violations %+v", r.Total, r.Violations)
		}
		return nil
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

func wantText(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(got, want) {
			t.Errorf("%s does not contain %q:\n%s", what, want, got)
		}
	}
}

func TestCashDeposit(t *testing.T) {
	w := newTellerWorld(t)
	tab := w.account(budi, "TAB")
	cash := w.system(store.AccountCash)
	before, cashBefore := w.amount(tab.Number), w.amount(cash)

	var r store.Receipt
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		r, err = coop.CashDeposit(ctx, tx, w.op("dep-1"), tab.Number, 1_500_000, "")
		return err
	})
	if r.Duplicate || r.Amount != 1_500_000 || r.Account.Amount() != before+1_500_000 || !strings.HasPrefix(r.Ref, "TRX-") || r.Member.Phone != budi {
		t.Errorf("receipt = %+v", r)
	}
	w.wantAmount(tab.Number, before+1_500_000, "savings")
	// Cash is debit-normal: money into the drawer raises what the drawer holds.
	w.wantAmount(cash, cashBefore+1_500_000, "cash")

	// The same key again moves nothing and tells nobody, and says so.
	var again store.Receipt
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		again, err = coop.CashDeposit(ctx, tx, w.op("dep-1"), tab.Number, 1_500_000, "")
		return err
	})
	if !again.Duplicate || again.Ref != r.Ref || again.Amount != 1_500_000 {
		t.Errorf("second run's receipt = %+v, want a duplicate of %s", again, r.Ref)
	}
	w.wantAmount(tab.Number, before+1_500_000, "after the same key twice: savings")
	told := w.told(budi)
	if len(told) != 1 {
		t.Fatalf("Budi was told %d times, want once: %q", len(told), told)
	}
	wantText(t, "receipt", told[0], "Setoran tunai diterima", r.Ref, "Rp1.500.000", "Saldo sekarang: Rp3.900.000", tab.Number)

	// In English, with the staff's note.
	w.must(func(ctx context.Context, tx *store.Tx) error {
		op := w.op("dep-2")
		op.Lang = "en"
		_, err := coop.CashDeposit(ctx, tx, op, tab.Number, 100_000, "Setoran arisan")
		return err
	})
	wantText(t, "English receipt", w.told(budi)[1], "Cash deposit received", "Rp100.000", "Note: Setoran arisan", "Balance now: Rp4.000.000")
	w.checkLedger()
}

func TestCashDepositRefusals(t *testing.T) {
	w := newTellerWorld(t)
	tab := w.account(budi, "TAB")
	loan := w.account(siti, "PIN")
	deposit := func(key, number string, amount int64) error {
		return w.update(func(ctx context.Context, tx *store.Tx) error {
			_, err := coop.CashDeposit(ctx, tx, w.op(key), number, amount, "")
			return err
		})
	}
	if err := deposit("a", "0104000011", 1000); !errors.Is(err, coop.BadAccountNumber) && !strings.Contains(err.Error(), "no account") {
		t.Errorf("a mistyped number: %v", err)
	}
	if err := deposit("a", "12345", 1000); !errors.Is(err, coop.BadAccountNumber) {
		t.Errorf("five digits: %v, want ErrBadAccountNumber", err)
	}
	if err := deposit("a", loan.Number, 1000); !errors.Is(err, coop.NotSavings) {
		t.Errorf("into a loan account: %v, want ErrNotSavingsAccount", err)
	}
	if err := deposit("a", tab.Number, 0); err == nil {
		t.Error("a deposit of nothing was accepted")
	}
	if _, err := storetest.Raw(t, w.db).Exec(`UPDATE accounts SET status = 'frozen' WHERE id = ?`, tab.ID); err != nil {
		t.Fatal(err)
	}
	err := deposit("a", tab.Number, 1000)
	var inactive *coop.Refusal
	if !errors.Is(err, store.ErrAccountInactive) || !errors.As(err, &inactive) || inactive.Code != coop.AccountInactive || inactive.Status != string(store.AccountFrozen) {
		t.Errorf("into a frozen account: %v, want it refused as inactive", err)
	}
	// A key used for another account is refused, not taken as done.
	sw := w.account(budi, "SW")
	if err := deposit("b", sw.Number, 1000); err != nil {
		t.Fatal(err)
	}
	if err := deposit("b", w.account(agus, "TAB").Number, 1000); !errors.Is(err, coop.KeyUsed) {
		t.Errorf("a key reused for another account: %v, want ErrKeyUsed", err)
	}
	if n := len(w.told(budi)); n != 1 {
		t.Errorf("Budi was told %d times, want once", n)
	}
	w.checkLedger()
}

func TestCashWithdrawal(t *testing.T) {
	w := newTellerWorld(t)
	tab := w.account(budi, "TAB")
	// Budi's demo savings: 500,000 + 750,000 - 200,000 + 1,250,000 - 300,000 + 400,000.
	if got := w.amount(tab.Number); got != 2_400_000 {
		t.Fatalf("Budi's savings %d, want 2400000", got)
	}
	if _, err := storetest.Raw(t, w.db).Exec(`UPDATE accounts SET held = 100000 WHERE id = ?`, tab.ID); err != nil {
		t.Fatal(err)
	}
	withdraw := func(key, number string, amount int64) (store.Receipt, error) {
		var r store.Receipt
		err := w.update(func(ctx context.Context, tx *store.Tx) (err error) {
			r, err = coop.CashWithdrawal(ctx, tx, w.op(key), number, amount, "")
			return err
		})
		return r, err
	}
	// What may go: 2,400,000 - 100,000 held - 25,000 minimum balance.
	_, err := withdraw("w-1", tab.Number, 2_275_001)
	var limit *coop.Refusal
	if !errors.As(err, &limit) || limit.Code != coop.OverWithdrawable || limit.Max != 2_275_000 || limit.Held != 100_000 || limit.Min != 25_000 ||
		!errors.Is(err, store.ErrInsufficientFunds) {
		t.Fatalf("past the limit: %v, want it refused over the 2275000 that may be withdrawn", err)
	}
	wantText(t, "the refusal", err.Error(), "at most Rp2.275.000 can be withdrawn")
	if _, err := withdraw("w-2", w.account(budi, "SW").Number, 10_000); !errors.Is(err, coop.LockedSavings) {
		t.Errorf("from simpanan wajib: %v, want ErrLockedSavings", err)
	}

	cash := w.system(store.AccountCash)
	cashBefore := w.amount(cash)
	r, err := withdraw("w-1", tab.Number, 2_275_000) // the refused try moved nothing, so its key is free
	if err != nil {
		t.Fatal(err)
	}
	if r.Account.Amount() != 125_000 || w.amount(tab.Number) != 125_000 || w.amount(cash) != cashBefore-2_275_000 {
		t.Errorf("after withdrawing: savings %d, cash %d (was %d)", w.amount(tab.Number), w.amount(cash), cashBefore)
	}
	if again, err := withdraw("w-1", tab.Number, 2_275_000); err != nil || !again.Duplicate {
		t.Errorf("the same key again: %+v, %v", again, err)
	}
	if got := w.amount(tab.Number); got != 125_000 {
		t.Errorf("after the same key twice: savings %d, want 125000", got)
	}
	told := w.told(budi)
	if len(told) != 1 {
		t.Fatalf("Budi was told %d times, want once: %q", len(told), told)
	}
	wantText(t, "receipt", told[0], "Penarikan tunai", "Rp2.275.000", "Saldo sekarang: Rp125.000")
	w.checkLedger()
}

// agusLoan records a 6,000,000 loan over 6 months for Agus, not yet disbursed.
func (w *tellerWorld) agusLoan() string {
	w.t.Helper()
	var number string
	w.must(func(ctx context.Context, tx *store.Tx) error {
		m, p, err := agusAndLoanProduct(ctx, tx)
		if err != nil {
			return err
		}
		a, err := tx.OpenAccount(ctx, store.OpenAccount{Branch: "pusat", MemberID: m.ID, Product: p, Name: p.Name})
		if err != nil {
			return err
		}
		start := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
		// Approved today: the disbursement makes the schedule from its own day.
		_, err = tx.CreateLoan(ctx, store.Loan{Account: a, Principal: 6_000_000, RateBP: 1200, Method: "flat", TenorMonths: 6, Start: start}, nil)
		number = a.Number
		return err
	})
	return number
}

func TestDisburseLoan(t *testing.T) {
	w := newTellerWorld(t)
	loan := w.agusLoan()
	tab := w.account(agus, "TAB")
	before := w.amount(tab.Number)
	disburse := func(key, loanNumber, savings string) (store.Receipt, error) {
		var r store.Receipt
		err := w.update(func(ctx context.Context, tx *store.Tx) (err error) {
			r, err = coop.DisburseLoan(ctx, tx, w.op(key), loanNumber, savings)
			return err
		})
		return r, err
	}
	if _, err := disburse("d-1", loan, w.account(budi, "TAB").Number); !errors.Is(err, coop.OtherMember) {
		t.Errorf("into another member's savings: %v, want ErrOtherMember", err)
	}
	if _, err := disburse("d-1", loan, w.account(agus, "SW").Number); !errors.Is(err, coop.LockedSavings) {
		t.Errorf("into simpanan wajib: %v, want ErrLockedSavings", err)
	}
	r, err := disburse("d-1", loan, tab.Number)
	if err != nil {
		t.Fatal(err)
	}
	if r.Amount != 6_000_000 || r.Loan.Amount() != 6_000_000 || r.Account.Amount() != before+6_000_000 {
		t.Errorf("receipt = %+v", r)
	}
	if w.amount(loan) != 6_000_000 || w.amount(tab.Number) != before+6_000_000 {
		t.Errorf("after disbursing: loan owes %d, savings %d", w.amount(loan), w.amount(tab.Number))
	}
	if again, err := disburse("d-1", loan, tab.Number); err != nil || !again.Duplicate || again.Ref != r.Ref {
		t.Errorf("the same key again: %+v, %v", again, err)
	}
	if _, err := disburse("d-2", loan, tab.Number); !errors.Is(err, coop.AlreadyDisbursed) {
		t.Errorf("a second disbursement: %v, want ErrAlreadyDisbursed", err)
	}
	if _, err := disburse("d-3", w.account(siti, "PIN").Number, w.account(siti, "TAB").Number); !errors.Is(err, coop.AlreadyDisbursed) {
		t.Errorf("the demo loan, disbursed in August: %v, want ErrAlreadyDisbursed", err)
	}
	if w.amount(loan) != 6_000_000 {
		t.Errorf("loan owes %d after the refusals, want 6000000", w.amount(loan))
	}
	told := w.told(agus)
	if len(told) != 1 {
		t.Fatalf("Agus was told %d times, want once: %q", len(told), told)
	}
	// 6,000,000 / 6 + 6,000,000 × 1% a month.
	wantText(t, "receipt", told[0], "Pinjaman dicairkan", "Rp6.000.000", "Angsuran pertama: Rp1.060.000, jatuh tempo 21 Des 2026")
	w.checkLedger()

	// Reversed, the loan can be disbursed again.
	w.must(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.Reverse(ctx, tx, w.op("rev-d-1"), "d-1", "Salah rekening tujuan")
		return err
	})
	if w.amount(loan) != 0 || w.amount(tab.Number) != before {
		t.Errorf("after the reversal: loan owes %d, savings %d (want 0 and %d)", w.amount(loan), w.amount(tab.Number), before)
	}
	if _, err := disburse("d-4", loan, tab.Number); err != nil {
		t.Errorf("disbursing again after the reversal: %v", err)
	}
	w.checkLedger()
}

// Siti pays on 25 January 2027: installment 4 (due 10 December) is 46 days late and
// installment 5 (due 10 January) 15 days late; each asks 833,333 principal + 100,000
// interest = 933,333. Late fees at 0.1% a day, rounded half up:
//
//	4: 933,333 × 10 × 46 / 10,000 = 42,933.32 -> 42,933
//	5: 933,333 × 10 × 15 / 10,000 = 13,999.995 -> 14,000
const (
	fee4 = 42_933
	fee5 = 14_000
)

func TestPayOverdueInstallments(t *testing.T) {
	w := newTellerWorld(t)
	loan := w.account(siti, "PIN")
	cash, income := w.system(store.AccountCash), w.system(store.AccountIncome)
	cashBefore, incomeBefore := w.amount(cash), w.amount(income)
	today := time.Date(2027, 1, 25, 10, 0, 0, 0, w.loc)
	w.now = today

	var due store.LoanDue
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		due, err = coop.LoanDueOn(ctx, tx, loan.Number, today, 10)
		return err
	})
	if due.Overdue != 2 || due.LateFees != fee4+fee5 || due.Now != 2*933_333+fee4+fee5 {
		t.Fatalf("due = overdue %d, late fees %d, now %d; want 2, %d, %d", due.Overdue, due.LateFees, due.Now, fee4+fee5, 2*933_333+fee4+fee5)
	}

	pay := func(key string) store.Payment {
		t.Helper()
		var p store.Payment
		w.must(func(ctx context.Context, tx *store.Tx) (err error) {
			p, err = coop.PayInstallments(ctx, tx, w.op(key), loan.Number, coop.PayCash, 0, today)
			return err
		})
		return p
	}
	p := pay("pay-1")
	if p.Amount != 1_923_599 || p.LateFees != fee4+fee5 || p.Interest != 200_000 || p.Principal != 1_666_666 {
		t.Errorf("payment = %d: fees %d, interest %d, principal %d; want 1923599: %d, 200000, 1666666", p.Amount, p.LateFees, p.Interest, p.Principal, fee4+fee5)
	}
	// 10,000,000 less five installments' principal of 833,333.
	if p.Remaining != 5_833_335 || w.amount(loan.Number) != 5_833_335 {
		t.Errorf("principal still owed: receipt %d, ledger %d; want 5833335", p.Remaining, w.amount(loan.Number))
	}
	if len(p.Cleared) != 2 || p.Cleared[0] != 4 || p.Cleared[1] != 5 || p.Next.No != 6 || p.Settled {
		t.Errorf("cleared %v, next %d, settled %v", p.Cleared, p.Next.No, p.Settled)
	}
	if w.amount(cash) != cashBefore+1_923_599 || w.amount(income) != incomeBefore+fee4+fee5+200_000 {
		t.Errorf("cash %d (was %d), income %d (was %d)", w.amount(cash), cashBefore, w.amount(income), incomeBefore)
	}
	for _, in := range w.schedule(loan.Number)[3:5] {
		if in.Paid != 933_333 || in.PaidAt.IsZero() {
			t.Errorf("installment %d: paid %d at %v", in.No, in.Paid, in.PaidAt)
		}
	}
	if again := pay("pay-1"); !again.Duplicate || again.Ref != p.Ref || again.LateFees != p.LateFees || again.Principal != p.Principal {
		t.Errorf("the same key again: %+v", again)
	}
	if w.amount(loan.Number) != 5_833_335 {
		t.Errorf("after the same key twice the loan owes %d", w.amount(loan.Number))
	}
	told := w.told(siti)
	if len(told) != 1 {
		t.Fatalf("Siti was told %d times, want once: %q", len(told), told)
	}
	wantText(t, "receipt", told[0], "Pembayaran angsuran diterima", "Rp1.923.599", "Denda: Rp56.933", "Bunga: Rp200.000",
		"Pokok: Rp1.666.666", "Angsuran lunas: ke-4, ke-5", "Sisa pokok pinjaman: Rp5.833.335", "ke-6, Rp933.333, jatuh tempo 10 Feb 2027")
	w.checkLedger()
}

// A part payment goes to the oldest installment's late fee, then its interest, then its
// principal; a fee paid is not charged again.
func TestPartPaymentAllocation(t *testing.T) {
	w := newTellerWorld(t)
	loan := w.account(siti, "PIN")
	tab := w.account(siti, "TAB")
	owed, savings := w.amount(loan.Number), w.amount(tab.Number)
	today := time.Date(2027, 1, 25, 10, 0, 0, 0, w.loc)
	w.now = today
	pay := func(key string, from coop.PaySource, amount int64) (store.Payment, error) {
		var p store.Payment
		err := w.update(func(ctx context.Context, tx *store.Tx) (err error) {
			p, err = coop.PayInstallments(ctx, tx, w.op(key), loan.Number, from, amount, today)
			return err
		})
		return p, err
	}

	// 50,000: installment 4's late fee, then 7,067 of its interest; no principal.
	p1, err := pay("part-1", coop.PayCash, 50_000)
	if err != nil {
		t.Fatal(err)
	}
	if p1.LateFees != fee4 || p1.Interest != 50_000-fee4 || p1.Principal != 0 || len(p1.Parts) != 1 || p1.Parts[0].No != 4 {
		t.Errorf("first part payment = fees %d, interest %d, principal %d, parts %+v", p1.LateFees, p1.Interest, p1.Principal, p1.Parts)
	}
	if w.amount(loan.Number) != owed {
		t.Errorf("the loan's principal moved on a payment of fees and interest: %d, was %d", w.amount(loan.Number), owed)
	}
	if in := w.schedule(loan.Number)[3]; in.Paid != 7_067 || !in.PaidAt.IsZero() {
		t.Errorf("installment 4 after the first part: paid %d at %v, want 7067 and no date", in.Paid, in.PaidAt)
	}
	// Still owed: 926,266 of installment 4 (its fee paid) and installment 5 with its fee.
	wantText(t, "receipt", w.told(siti)[0], "Denda: Rp42.933", "Bunga: Rp7.067", "Masih tertunggak 2 angsuran: Rp1.873.599")
	// Its key again is recognised, though the payment never touched the loan account.
	if again, err := pay("part-1", coop.PayCash, 50_000); err != nil || !again.Duplicate || again.LateFees != fee4 {
		t.Errorf("the same key again: %+v, %v", again, err)
	}

	// 100,000 from savings: installment 4's fee on what is left unpaid (926,266 × 46 days is
	// 42,608) is less than the 42,933 already paid, so nothing; then the rest of its
	// interest, 92,933, then 7,067 of its principal.
	p2, err := pay("part-2", coop.PayFromSavings(tab.Number), 100_000)
	if err != nil {
		t.Fatal(err)
	}
	if p2.LateFees != 0 || p2.Interest != 92_933 || p2.Principal != 7_067 || p2.Account.Number != tab.Number {
		t.Errorf("second part payment = fees %d, interest %d, principal %d, from %q", p2.LateFees, p2.Interest, p2.Principal, p2.Account.Number)
	}
	if w.amount(tab.Number) != savings-100_000 || w.amount(loan.Number) != owed-7_067 {
		t.Errorf("savings %d (was %d), loan %d (was %d)", w.amount(tab.Number), savings, w.amount(loan.Number), owed)
	}
	var due store.LoanDue
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		due, err = coop.LoanDueOn(ctx, tx, loan.Number, today, 10)
		return err
	})
	// Installment 4: 933,333 - 107,067 paid = 826,266 left, no fee; installment 5 unchanged.
	if due.Now != 826_266+933_333+fee5 || due.LateFees != fee5 {
		t.Errorf("due now %d, late fees %d; want %d, %d", due.Now, due.LateFees, 826_266+933_333+fee5, fee5)
	}

	// From savings, no more than may be withdrawn; not past what is owed.
	if _, err := pay("part-3", coop.PayFromSavings(tab.Number), savings); !errors.Is(err, coop.OverWithdrawable) {
		t.Errorf("paying all the savings: %v, want it refused over what may be withdrawn", err)
	}
	var over *coop.Refusal
	if _, err := pay("part-3", coop.PayCash, due.Total+1); !errors.As(err, &over) || over.Code != coop.Overpayment || over.Max != due.Total {
		t.Errorf("paying past what is owed: %v, want it refused as more than the %d owed", err, due.Total)
	}

	// Reversals go newest first: the schedule follows.
	reverse := func(key, journal string) error {
		return w.update(func(ctx context.Context, tx *store.Tx) error {
			_, err := coop.Reverse(ctx, tx, w.op(key), journal, "Salah input jumlah")
			return err
		})
	}
	if err := reverse("r-1", "part-1"); !errors.Is(err, coop.CannotReverse) || !strings.Contains(err.Error(), p2.Ref) {
		t.Errorf("reversing the older payment first: %v, want ErrCannotReverse naming %s", err, p2.Ref)
	}
	if err := reverse("r-2", "part-2"); err != nil {
		t.Fatal(err)
	}
	if err := reverse("r-1", p1.Ref); err != nil { // by reference, as on the receipt
		t.Fatal(err)
	}
	if in := w.schedule(loan.Number)[3]; in.Paid != 0 || !in.PaidAt.IsZero() {
		t.Errorf("installment 4 after both reversals: paid %d at %v", in.Paid, in.PaidAt)
	}
	if w.amount(tab.Number) != savings || w.amount(loan.Number) != owed {
		t.Errorf("after both reversals: savings %d (want %d), loan %d (want %d)", w.amount(tab.Number), savings, w.amount(loan.Number), owed)
	}
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		due, err = coop.LoanDueOn(ctx, tx, loan.Number, today, 10)
		return err
	})
	if due.LateFees != fee4+fee5 {
		t.Errorf("late fees after the reversals %d, want %d again", due.LateFees, fee4+fee5)
	}
	w.checkLedger()
}

func TestPayOffAndReverse(t *testing.T) {
	w := newTellerWorld(t)
	loan := w.account(siti, "PIN")
	cash := w.system(store.AccountCash)
	owed, cashBefore := w.amount(loan.Number), w.amount(cash)
	before := w.schedule(loan.Number)
	today := w.now
	pay := func(key string, amount int64) (store.Payment, error) {
		var p store.Payment
		err := w.update(func(ctx context.Context, tx *store.Tx) (err error) {
			p, err = coop.PayInstallments(ctx, tx, w.op(key), loan.Number, coop.PayCash, amount, today)
			return err
		})
		return p, err
	}
	// Nothing overdue: what is due is installment 4.
	var due store.LoanDue
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		due, err = coop.LoanDueOn(ctx, tx, loan.Number, today, 10)
		return err
	})
	// Nine installments left: 7,500,001 principal (the last one's takes the remainder) and 900,000 interest.
	if due.Overdue != 0 || due.Now != 933_333 || due.Total != 8_400_001 || owed != 7_500_001 {
		t.Fatalf("due = %+v, owed %d", due, owed)
	}
	if _, err := pay("all", 8_400_002); !errors.Is(err, coop.Overpayment) {
		t.Fatalf("one rupiah too much: %v, want it refused as an overpayment", err)
	}
	p, err := pay("all", 8_400_001)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Settled || p.Remaining != 0 || p.Principal != 7_500_001 || p.Interest != 900_000 || len(p.Cleared) != 9 {
		t.Errorf("payment = %+v", p)
	}
	if w.loanStatus(loan.Number) != store.LoanPaid || w.amount(loan.Number) != 0 {
		t.Errorf("after paying everything: status %q, owed %d", w.loanStatus(loan.Number), w.amount(loan.Number))
	}
	// The same key once the loan is paid is still the same payment, not a refusal.
	if again, err := pay("all", 8_400_001); err != nil || !again.Duplicate {
		t.Errorf("the same key again: %+v, %v", again, err)
	}
	if _, err := pay("more", 0); !errors.Is(err, coop.LoanNotActive) {
		t.Errorf("paying a paid loan: %v, want ErrLoanNotActive", err)
	}
	wantText(t, "receipt", w.told(siti)[0], "lunas", "Sisa pokok pinjaman: Rp0")

	reverse := func(key, journal string) (store.Receipt, error) {
		var r store.Receipt
		err := w.update(func(ctx context.Context, tx *store.Tx) (err error) {
			r, err = coop.Reverse(ctx, tx, w.op(key), journal, "Uang palsu, pembayaran dibatalkan")
			return err
		})
		return r, err
	}
	r, err := reverse("rev", "all")
	if err != nil {
		t.Fatal(err)
	}
	if r.Reverses != p.Ref || r.Key != "reversal:all" || r.Duplicate {
		t.Errorf("reversal receipt = %+v", r)
	}
	if w.loanStatus(loan.Number) != store.LoanActive || w.amount(loan.Number) != owed || w.amount(cash) != cashBefore {
		t.Errorf("after the reversal: status %q, owed %d (want %d), cash %d (want %d)", w.loanStatus(loan.Number), w.amount(loan.Number), owed, w.amount(cash), cashBefore)
	}
	after := w.schedule(loan.Number)
	for i := range before {
		if after[i].Paid != before[i].Paid || !after[i].PaidAt.Equal(before[i].PaidAt) {
			t.Errorf("installment %d after the reversal: paid %d at %v, want %d at %v", i+1, after[i].Paid, after[i].PaidAt, before[i].Paid, before[i].PaidAt)
		}
	}
	// The same request again is answered as done; another is refused; a reversal is not reversed.
	if again, err := reverse("rev", "all"); err != nil || !again.Duplicate || again.Ref != r.Ref {
		t.Errorf("the same reversal request again: %+v, %v", again, err)
	}
	if _, err := reverse("rev-2", "all"); !errors.Is(err, coop.AlreadyReversed) || !strings.Contains(err.Error(), r.Ref) {
		t.Errorf("a second reversal: %v, want ErrAlreadyReversed naming %s", err, r.Ref)
	}
	if _, err := reverse("rev-3", "reversal:all"); !errors.Is(err, coop.IsReversal) {
		t.Errorf("reversing the reversal: %v, want ErrIsReversal", err)
	}
	// The demo's own payments have no record of installments: the schedule could not follow.
	if _, err := reverse("rev-4", "demo:01.00002:15"); !errors.Is(err, coop.CannotReverse) {
		t.Errorf("reversing a payment made outside the counter: %v, want ErrCannotReverse", err)
	}
	told := w.told(siti)
	if len(told) != 2 {
		t.Fatalf("Siti was told %d times, want twice (payment, reversal): %q", len(told), told)
	}
	wantText(t, "reversal notice", told[1], "Transaksi dibatalkan", p.Ref, r.Ref, "Uang palsu", "sisa pinjaman +Rp7.500.001, kini Rp7.500.001")
	w.checkLedger()
}

func TestReverseDeposit(t *testing.T) {
	w := newTellerWorld(t)
	tab := w.account(budi, "TAB")
	before := w.amount(tab.Number)
	w.must(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.CashDeposit(ctx, tx, w.op("dep"), tab.Number, 250_000, "")
		return err
	})
	// Taken back, savings may not fall below the minimum balance, as with a withdrawal.
	w.must(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.CashWithdrawal(ctx, tx, w.op("wd"), tab.Number, 2_400_000, "")
		return err
	})
	reverse := func(key, journal string) (store.Receipt, error) {
		var r store.Receipt
		err := w.update(func(ctx context.Context, tx *store.Tx) (err error) {
			r, err = coop.Reverse(ctx, tx, w.op(key), journal, "Setoran tercatat dua kali")
			return err
		})
		return r, err
	}
	var limit *coop.Refusal
	if _, err := reverse("rev", "dep"); !errors.As(err, &limit) || limit.Code != coop.OverWithdrawable || limit.Max != 225_000 {
		t.Fatalf("reversing a deposit that was spent: %v, want it refused over the 225000 that may be withdrawn", err)
	}
	if _, err := reverse("rev-wd", "wd"); err != nil {
		t.Fatal(err)
	}
	r, err := reverse("rev", "dep")
	if err != nil {
		t.Fatal(err)
	}
	if w.amount(tab.Number) != before || r.Amount != 250_000 {
		t.Errorf("after the reversal: savings %d, want %d; receipt %+v", w.amount(tab.Number), before, r)
	}
	// The original stands in the journal, untouched.
	w.must(func(ctx context.Context, tx *store.Tx) error {
		orig, err := tx.PostedByKey(ctx, "dep")
		if err != nil {
			return err
		}
		if l, ok := orig.Line(tab.ID); !ok || l.Amount != 250_000 {
			t.Errorf("the original deposit changed: %+v", orig)
		}
		return nil
	})
	told := w.told(budi)
	if len(told) != 4 { // deposit, withdrawal, and their reversals
		t.Fatalf("Budi was told %d times, want 4: %q", len(told), told)
	}
	wantText(t, "reversal notice", told[3], "Transaksi dibatalkan", "Setoran tercatat dua kali", "-Rp250.000, saldo kini Rp2.400.000")
	w.checkLedger()
}

// A transfer receipt printed TRF-000064 before journal references were made one family;
// staff reversing what a member quotes from such a receipt finds the same transaction.
func TestReverseByOldReference(t *testing.T) {
	w := newTellerWorld(t)
	tab := w.account(budi, "TAB")
	before := w.amount(tab.Number)
	var dep store.Receipt
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		dep, err = coop.CashDeposit(ctx, tx, w.op("dep"), tab.Number, 250_000, "")
		return err
	})
	reverse := func(key, journal string) error {
		return w.update(func(ctx context.Context, tx *store.Tx) error {
			_, err := coop.Reverse(ctx, tx, w.op(key), journal, "Setoran tercatat dua kali")
			return err
		})
	}
	for _, ref := range []string{"TRK-" + strings.TrimPrefix(dep.Ref, "TRX-"), "TRX-999999", "TRX-abc"} {
		if err := reverse("rev-"+ref, ref); err == nil || !strings.Contains(err.Error(), "no journal transaction has the key or reference") {
			t.Errorf("reversing %q: %v, want no journal transaction found", ref, err)
		}
	}
	old := "trf-" + strings.TrimPrefix(dep.Ref, "TRX-")
	if err := reverse("rev", old); err != nil {
		t.Fatalf("reversing by the old spelling %q: %v", old, err)
	}
	if w.amount(tab.Number) != before {
		t.Errorf("after the reversal: savings %d, want %d", w.amount(tab.Number), before)
	}
	if told := w.told(budi); len(told) != 2 || !strings.Contains(told[1], dep.Ref) {
		t.Errorf("Budi was told %q; want the reversal naming %s", told, dep.Ref)
	}
}
