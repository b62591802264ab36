package coop_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// deposit records a pending deposit of amount into the account, as Setoran does.
func (w *tellerWorld) deposit(phone, number string, amount int64) store.DepositRequest {
	w.t.Helper()
	var d store.DepositRequest
	w.must(func(ctx context.Context, tx *store.Tx) error {
		m, a, err := memberAndAccount(ctx, tx, phone, number)
		if err != nil {
			return err
		}
		d, err = tx.CreateDepositRequest(ctx, store.DepositRequest{Branch: "pusat", MemberID: m.ID, Account: a, Amount: amount,
			TransferDate: w.now.AddDate(0, 0, -1), SenderBank: "BCA", SenderName: m.Name, ProofPhoto: "data/media/bukti.jpg"})
		return err
	})
	return d
}

// withdrawal records a pending withdrawal of amount from the account with its hold, as Penarikan does.
func (w *tellerWorld) withdrawal(phone, number string, amount int64) store.WithdrawalRequest {
	w.t.Helper()
	var r store.WithdrawalRequest
	w.must(func(ctx context.Context, tx *store.Tx) error {
		m, a, err := memberAndAccount(ctx, tx, phone, number)
		if err != nil {
			return err
		}
		if err := tx.AddHold(ctx, a.ID, amount); err != nil {
			return err
		}
		r, err = tx.CreateWithdrawalRequest(ctx, store.WithdrawalRequest{Branch: "pusat", MemberID: m.ID, Account: a, Amount: amount,
			Bank: "BRI", BankAccount: "0012345678", Holder: m.Name})
		return err
	})
	return r
}

// memberAndAccount loads the member with the phone and the account with the number.
func memberAndAccount(ctx context.Context, tx *store.Tx, phone, number string) (store.Member, store.Account, error) {
	m, err := tx.MemberByPhone(ctx, phone)
	if err != nil {
		return m, store.Account{}, err
	}
	a, err := tx.AccountByNumber(ctx, number)
	return m, a, err
}

func (w *tellerWorld) held(number string) int64 {
	w.t.Helper()
	var n int64
	w.must(func(ctx context.Context, tx *store.Tx) error {
		a, err := tx.AccountByNumber(ctx, number)
		n = a.Held
		return err
	})
	return n
}

func wantAlreadyDecided(t *testing.T, what string, err error, status store.RequestStatus) {
	t.Helper()
	var decided *coop.Refusal
	if !errors.Is(err, coop.NotPending) || !errors.As(err, &decided) || decided.Status != string(status) {
		t.Errorf("%s: err = %v, want it already %s", what, err, status)
	}
}

func TestVerifyDepositCreditsOnce(t *testing.T) {
	w := newTellerWorld(t)
	tab := w.account(budi, "TAB")
	bank := w.system(store.AccountBank)
	before, bankBefore := w.amount(tab.Number), w.amount(bank)
	d := w.deposit(budi, tab.Number, 500_000)
	if d.No() != "SET-000001" || d.Status != store.RequestPending {
		t.Fatalf("deposit = %+v", d)
	}
	w.wantAmount(tab.Number, before, "a pending deposit moved money: savings")

	var after store.DepositRequest
	var ref string
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		after, ref, err = coop.VerifyDeposit(ctx, tx, d.ID, "ani", "id")
		return err
	})
	if after.Status != store.DepositVerified || after.DecidedBy != "ani" || after.JournalKey != "setoran:1" || !strings.HasPrefix(ref, "TRX-") {
		t.Errorf("verified deposit = %+v, ref %q", after, ref)
	}
	w.wantAmount(tab.Number, before+500_000, "savings")
	// The bank account is debit-normal: money in the cooperative's bank raises what it holds.
	w.wantAmount(bank, bankBefore+500_000, "bank")
	w.must(func(ctx context.Context, tx *store.Tx) error {
		p, err := tx.PostedByKey(ctx, "setoran:1")
		if err != nil {
			return err
		}
		if p.Kind != store.KindCashDeposit || p.AuthorKind != store.AuthorAdmin || p.AuthorID != "ani" || len(p.Lines) != 2 {
			t.Errorf("journal = %+v", p)
		}
		return nil
	})
	told := w.told(budi)
	if len(told) != 1 {
		t.Fatalf("budi was told %d messages, want 1: %q", len(told), told)
	}
	wantText(t, "the member's message", told[0], "Setoran diverifikasi", "SET-000001", ref, "Rp500.000", "Rp2.900.000")

	// Verifying again moves nothing, tells nobody, and says it was decided.
	err := w.verify(d.ID)
	wantAlreadyDecided(t, "verify twice", err, store.DepositVerified)
	err = w.cancelDeposit(d.ID, "Transfer tidak ditemukan di mutasi")
	wantAlreadyDecided(t, "cancel after verify", err, store.DepositVerified)
	w.wantAmount(tab.Number, before+500_000, "after deciding twice: savings")
	if n := len(w.told(budi)); n != 1 {
		t.Errorf("deciding twice told the member again (%d messages)", n)
	}
	w.checkLedger()
}

// A transfer may pay simpanan wajib (or pokok) as well as voluntary savings.
func TestVerifyDepositIntoWajib(t *testing.T) {
	w := newTellerWorld(t)
	sw := w.account(siti, "SW")
	before := w.amount(sw.Number)
	d := w.deposit(siti, sw.Number, 100_000)
	w.ok(w.verify(d.ID))
	w.wantAmount(sw.Number, before+100_000, "wajib")
	w.checkLedger()
}

func TestCancelDepositTellsMember(t *testing.T) {
	w := newTellerWorld(t)
	tab := w.account(budi, "TAB")
	before := w.amount(tab.Number)
	d := w.deposit(budi, tab.Number, 750_000)

	// The member reads the reason: a few letters are refused.
	err := w.cancelDeposit(d.ID, "  salah ")
	if err == nil || !strings.Contains(err.Error(), "at least 10 letters") {
		t.Errorf("a short reason: err = %v", err)
	}

	var after store.DepositRequest
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		after, err = coop.CancelDeposit(ctx, tx, d.ID, "Transfer tidak ditemukan di mutasi bank", "ani", "id")
		return err
	})
	if after.Status != store.DepositCancelled || after.Reason != "Transfer tidak ditemukan di mutasi bank" || after.JournalKey != "" {
		t.Errorf("cancelled deposit = %+v", after)
	}
	told := w.told(budi)
	if len(told) != 1 {
		t.Fatalf("budi was told %d messages, want 1: %q", len(told), told)
	}
	wantText(t, "the member's message", told[0], "SET-000001", "dibatalkan", "Alasan: Transfer tidak ditemukan di mutasi bank", "Rp750.000")

	err = w.verify(d.ID)
	wantAlreadyDecided(t, "verify after cancel", err, store.DepositCancelled)
	w.wantAmount(tab.Number, before, "a cancelled deposit moved money: savings")
	w.checkLedger()
}

func TestPayWithdrawalDebitsAndReleasesHold(t *testing.T) {
	w := newTellerWorld(t)
	tab := w.account(budi, "TAB")
	bank := w.system(store.AccountBank)
	before, bankBefore := w.amount(tab.Number), w.amount(bank)

	// The member asked (Penarikan): the amount is held at once, and nothing is debited yet.
	w.withdrawal(budi, tab.Number, 2_000_000)
	if got := w.held(tab.Number); got != 2_000_000 {
		t.Fatalf("held %d after the request, want 2000000; told %q", got, w.told(budi))
	}
	if got := w.amount(tab.Number); got != before {
		t.Errorf("savings %d while the withdrawal waits, want %d", got, before)
	}
	// What is held cannot be spent: a cash withdrawal of more than the rest is refused.
	err := w.update(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.CashWithdrawal(ctx, tx, w.op("wd-cash"), tab.Number, 400_000, "")
		return err
	})
	if !errors.Is(err, store.ErrInsufficientFunds) {
		t.Errorf("spending held money: err = %v, want insufficient funds", err)
	}

	var paid store.WithdrawalRequest
	var ref string
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		paid, ref, err = coop.PayWithdrawal(ctx, tx, 1, "ani", "id")
		return err
	})
	if paid.Status != store.WithdrawalPaid || paid.JournalKey != "penarikan:1" || paid.DecidedBy != "ani" || !strings.HasPrefix(ref, "TRX-") {
		t.Errorf("paid withdrawal = %+v, ref %q", paid, ref)
	}
	if got := w.held(tab.Number); got != 0 {
		t.Errorf("held %d after paying, want 0", got)
	}
	if got := w.amount(tab.Number); got != before-2_000_000 {
		t.Errorf("savings %d after paying, want %d", got, before-2_000_000)
	}
	if got := w.amount(bank); got != bankBefore-2_000_000 {
		t.Errorf("bank %d after paying, want %d", got, bankBefore-2_000_000)
	}
	told := w.told(budi)
	wantText(t, "the member's last message", told[len(told)-1], "Penarikan ditransfer", "TRK-000001", ref, "Rp2.000.000", "BRI 0012345678", "Saldo sekarang: Rp400.000")

	// Paying again moves nothing and tells nobody.
	n := len(told)
	err = w.pay(1)
	wantAlreadyDecided(t, "pay twice", err, store.WithdrawalPaid)
	err = w.rejectWithdrawal(1, "Rekening tujuan tidak valid")
	wantAlreadyDecided(t, "reject after pay", err, store.WithdrawalPaid)
	if got, held := w.amount(tab.Number), w.held(tab.Number); got != before-2_000_000 || held != 0 {
		t.Errorf("after deciding twice: savings %d held %d", got, held)
	}
	if len(w.told(budi)) != n {
		t.Errorf("deciding twice told the member again")
	}
	w.checkLedger()
}

func TestRejectWithdrawalReleasesHold(t *testing.T) {
	w := newTellerWorld(t)
	tab := w.account(budi, "TAB")
	before := w.amount(tab.Number)
	wd := w.withdrawal(budi, tab.Number, 1_000_000)
	if wd.No() != "TRK-000001" || w.held(tab.Number) != 1_000_000 {
		t.Fatalf("withdrawal = %+v, held %d", wd, w.held(tab.Number))
	}

	err := w.rejectWithdrawal(wd.ID, "")
	if err == nil || w.held(tab.Number) != 1_000_000 {
		t.Errorf("a rejection without a reason: err = %v, held %d", err, w.held(tab.Number))
	}

	var after store.WithdrawalRequest
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		after, err = coop.RejectWithdrawal(ctx, tx, wd.ID, "Nama pemilik rekening tidak sesuai", "ani", "id")
		return err
	})
	if after.Status != store.WithdrawalRejected || after.Reason != "Nama pemilik rekening tidak sesuai" {
		t.Errorf("rejected withdrawal = %+v", after)
	}
	if got := w.held(tab.Number); got != 0 {
		t.Errorf("held %d after rejecting, want 0", got)
	}
	if got := w.amount(tab.Number); got != before {
		t.Errorf("savings %d after rejecting, want %d", got, before)
	}
	told := w.told(budi)
	if len(told) != 1 {
		t.Fatalf("budi was told %d messages, want 1: %q", len(told), told)
	}
	wantText(t, "the member's message", told[0], "TRK-000001", "dibatalkan", "Alasan: Nama pemilik rekening tidak sesuai", "Rp2.375.000")

	err = w.rejectWithdrawal(wd.ID, "Nama pemilik rekening tidak sesuai")
	wantAlreadyDecided(t, "reject twice", err, store.WithdrawalRejected)
	err = w.pay(wd.ID)
	wantAlreadyDecided(t, "pay after reject", err, store.WithdrawalRejected)
	if got, held := w.amount(tab.Number), w.held(tab.Number); got != before || held != 0 {
		t.Errorf("after deciding twice: savings %d held %d", got, held)
	}
	w.checkLedger()
}

// A withdrawal from an account frozen meanwhile is not paid, and its hold stays in place
// even for a caller that carries on with the transaction.
func TestPayWithdrawalFromFrozenAccountKeepsHold(t *testing.T) {
	w := newTellerWorld(t)
	tab := w.account(budi, "TAB")
	wd := w.withdrawal(budi, tab.Number, 300_000)
	w.must(func(ctx context.Context, tx *store.Tx) error {
		return tx.ChangeAccountStatus(ctx, tab.Number, store.AccountFrozen)
	})
	w.must(func(ctx context.Context, tx *store.Tx) error {
		_, _, err := coop.PayWithdrawal(ctx, tx, wd.ID, "ani", "id")
		if !errors.Is(err, store.ErrAccountInactive) {
			t.Errorf("paying from a frozen account: err = %v", err)
		}
		return nil // carry on and commit
	})
	if got := w.held(tab.Number); got != 300_000 {
		t.Errorf("held %d, want 300000 still", got)
	}
	w.must(func(ctx context.Context, tx *store.Tx) error {
		got, err := tx.WithdrawalRequest(ctx, wd.ID)
		if got.Status != store.RequestPending {
			t.Errorf("status %s, want pending", got.Status)
		}
		return err
	})
	w.checkLedger()
}

func TestHoldsStayWithinBalance(t *testing.T) {
	w := newTellerWorld(t)
	tab := w.account(budi, "TAB") // Rp2.400.000
	bank := w.system(store.AccountBank)
	w.must(func(ctx context.Context, tx *store.Tx) error {
		if err := tx.AddHold(ctx, tab.ID, 2_400_001); !errors.Is(err, store.ErrInsufficientFunds) {
			t.Errorf("holding more than the balance: err = %v", err)
		}
		if err := tx.AddHold(ctx, tab.ID, 0); err == nil {
			t.Error("holding nothing was accepted")
		}
		if err := tx.ReleaseHold(ctx, tab.ID, 1); err == nil {
			t.Error("releasing what is not held was accepted")
		}
		b, err := tx.AccountByNumber(ctx, bank)
		if err != nil {
			return err
		}
		if err := tx.AddHold(ctx, b.ID, 1); err == nil {
			t.Error("a hold on the cooperative's bank account was accepted")
		}
		if err := tx.AddHold(ctx, tab.ID, 2_400_000); err != nil {
			t.Errorf("holding the whole balance: %v", err)
		}
		if err := tx.AddHold(ctx, tab.ID, 1); !errors.Is(err, store.ErrInsufficientFunds) {
			t.Errorf("holding past the balance: err = %v", err)
		}
		if err := tx.ReleaseHold(ctx, tab.ID, 2_400_001); err == nil {
			t.Error("releasing more than is held was accepted")
		}
		return tx.ReleaseHold(ctx, tab.ID, 2_400_000)
	})
	if got := w.held(tab.Number); got != 0 {
		t.Errorf("held %d, want 0", got)
	}
}

// The staff's decisions on a request, each in a transaction of its own, by staff member ani.

func (w *tellerWorld) verify(id int64) error {
	return w.update(func(ctx context.Context, tx *store.Tx) error {
		return err3(coop.VerifyDeposit(ctx, tx, id, "ani", "id"))
	})
}

func (w *tellerWorld) cancelDeposit(id int64, reason string) error {
	return w.update(func(ctx context.Context, tx *store.Tx) error {
		return err2(coop.CancelDeposit(ctx, tx, id, reason, "ani", "id"))
	})
}

func (w *tellerWorld) pay(id int64) error {
	return w.update(func(ctx context.Context, tx *store.Tx) error {
		return err3(coop.PayWithdrawal(ctx, tx, id, "ani", "id"))
	})
}

func (w *tellerWorld) rejectWithdrawal(id int64, reason string) error {
	return w.update(func(ctx context.Context, tx *store.Tx) error {
		return err2(coop.RejectWithdrawal(ctx, tx, id, reason, "ani", "id"))
	})
}

// err2 and err3 keep only the error of a call's results.
func err2[A any](_ A, err error) error         { return err }
func err3[A, B any](_ A, _ B, err error) error { return err }

// ok fails the test on an error the test did not expect.
func (w *tellerWorld) ok(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

// A withdrawal the member took back is cancelled, as a deposit is, not rejected: staff
// deciding it afterwards are told it was cancelled by the member.
func TestMemberCancelledWithdrawalIsCancelled(t *testing.T) {
	w := newTellerWorld(t)
	tab := w.account(budi, "TAB")
	wd := w.withdrawal(budi, tab.Number, 500_000)
	var after store.WithdrawalRequest
	w.must(func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, budi)
		if err != nil {
			return err
		}
		after, err = coop.MemberCancelsWithdrawal(ctx, tx, wd.ID, m)
		return err
	})
	if after.Status != store.WithdrawalCancelled || after.DecidedBy != "member:01.00001" || after.Reason != "" {
		t.Errorf("cancelled by the member: %+v, want status cancelled by member:01.00001", after)
	}
	if got := w.held(tab.Number); got != 0 {
		t.Errorf("held %d after the member cancelled, want 0", got)
	}
	wantAlreadyDecided(t, "pay after the member cancelled", w.pay(wd.ID), store.WithdrawalCancelled)
	wantAlreadyDecided(t, "reject after the member cancelled", w.rejectWithdrawal(wd.ID, "Nama pemilik rekening tidak sesuai"), store.WithdrawalCancelled)
	w.checkLedger()
}
