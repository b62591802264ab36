package coop_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// history is the member's record of changes.
func (w *tellerWorld) history(no string) []store.MemberChange {
	w.t.Helper()
	var out []store.MemberChange
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		_, out, err = coop.MemberHistory(ctx, tx, no)
		return err
	})
	return out
}

func (w *tellerWorld) member(no string) store.Member {
	w.t.Helper()
	var m store.Member
	w.must(func(ctx context.Context, tx *store.Tx) (err error) {
		m, err = tx.MemberByNo(ctx, no)
		return err
	})
	return m
}

// A phone change: the old number is no member's any more and its conversation ends, the new
// one is Budi's with no PIN until he links it, both are told, another member's number is
// refused, and the history keeps who did it.
func TestChangePhone(t *testing.T) {
	w := newTellerWorld(t)
	const fresh = "6281399991111"
	w.must(func(ctx context.Context, tx *store.Tx) error {
		return tx.SaveSession(ctx, store.Session{Branch: "pusat", Phone: budi, Flow: "transfer", Step: "pin", Data: `{"amount":50000}`}, w.now)
	})
	err := w.update(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.ChangePhone(ctx, tx, "01.00001", "0812-0000-0002", coop.Named("ani"), "id")
		return err
	})
	wantRefusal(t, err, coop.PhoneTaken)
	w.must(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.ChangePhone(ctx, tx, "01.00001", "0813 9999 1111", coop.Named("ani"), "id")
		return err
	})
	w.must(func(ctx context.Context, tx *store.Tx) error {
		if _, err := tx.MemberByPhone(ctx, budi); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the old number still finds a member (%v)", err)
		}
		m, err := tx.MemberByPhone(ctx, fresh)
		if err != nil || m.No != "01.00001" || m.HasPIN() {
			t.Errorf("the new number: %s, PIN set %v (%v); want Budi, no PIN until he links it", m.No, m.HasPIN(), err)
		}
		s, err := tx.Session(ctx, "pusat", budi)
		if err != nil || s.Flow != "" {
			t.Errorf("the old number's transfer goes on: flow %q (%v)", s.Flow, err)
		}
		return nil
	})
	if old := w.told(budi); len(old) != 1 || !strings.Contains(old[0], "0813••••1111") {
		t.Errorf("the old number was told %q, want the new number masked", old)
	}
	if got := w.told(fresh); len(got) != 1 || !strings.Contains(got[0], "01.00001") || !strings.Contains(got[0], "*registrasi*") {
		t.Errorf("the new number was told %q, want how to link it", got)
	}
	h := w.history("01.00001")
	if len(h) != 1 || h[0].Field != store.FieldPhone || h[0].Old != budi || h[0].New != fresh || h[0].By != "ani" {
		t.Errorf("history %+v", h)
	}
}

// Editing data: each changed field is kept old -> new, a NIK only masked; an invalid NIK,
// one that disagrees with the birth date, or another member's is refused and changes nothing.
func TestEditMember(t *testing.T) {
	w := newTellerWorld(t)
	edit := func(e coop.MemberEdit) ([]store.MemberChange, error) {
		var ch []store.MemberChange
		err := w.update(func(ctx context.Context, tx *store.Tx) (err error) {
			_, ch, err = coop.EditMember(ctx, tx, "01.00001", e, coop.Named("ani"))
			return err
		})
		return ch, err
	}
	str := func(s string) *string { return &s }
	for _, c := range []struct {
		nik  string
		code coop.RefusalCode
	}{{"3204011708900", coop.BadNIK}, {"3204011808900001", coop.NIKDisagrees}} {
		_, err := edit(coop.MemberEdit{NIK: str(c.nik), Address: str("Jl. Melati 5")})
		wantRefusal(t, err, c.code)
	}
	sitiBorn := time.Date(1988, 3, 15, 0, 0, 0, 0, time.UTC)
	_, err := edit(coop.MemberEdit{NIK: str("3204015503880002"), BirthDate: &sitiBorn, Gender: str("P")})
	wantRefusal(t, err, coop.NIKTaken)
	if h := w.history("01.00001"); len(h) != 0 {
		t.Fatalf("refused edits left history %+v", h)
	}
	ch, err := edit(coop.MemberEdit{NIK: str("3204011708900099"), Address: str(" Jl. Melati 5 "), Occupation: str("Pedagang")})
	if err != nil {
		t.Fatal(err)
	}
	if len(ch) != 2 {
		t.Fatalf("changes %+v, want the NIK and the address (the occupation is what it was)", ch)
	}
	m := w.member("01.00001")
	if m.NIK != "3204011708900099" || m.Address != "Jl. Melati 5" {
		t.Errorf("record %s %q", m.NIK, m.Address)
	}
	h := w.history("01.00001")
	if len(h) != 2 || h[0].Field != store.FieldNIK || h[0].Old != "3204********0001" || h[0].New != "3204********0099" ||
		h[1].Old != "Jl. Merdeka No. 10, Bandung" || h[1].New != "Jl. Melati 5" {
		t.Errorf("history %+v", h)
	}
	for _, c := range h {
		if strings.Contains(c.Old+c.New, "3204011708900") {
			t.Errorf("history holds a full NIK: %+v", c)
		}
	}
}

// The ceiling: the member's own when set, the default when put back.
func TestSetCeiling(t *testing.T) {
	w := newTellerWorld(t)
	set := func(c int64) store.Member {
		var m store.Member
		w.must(func(ctx context.Context, tx *store.Tx) (err error) {
			m, err = coop.SetCeiling(ctx, tx, "01.00002", c, coop.CLI)
			return err
		})
		return m
	}
	if got := coop.InstallmentCeiling(w.member("01.00002"), 3_000_000); got != 3_000_000 {
		t.Errorf("demo member's ceiling %d, want the default", got)
	}
	if got := coop.InstallmentCeiling(set(2_500_000), 3_000_000); got != 2_500_000 {
		t.Errorf("ceiling %d after setting 2.500.000", got)
	}
	if got := coop.InstallmentCeiling(set(0), 3_000_000); got != 3_000_000 {
		t.Errorf("ceiling %d after putting back the default", got)
	}
	h := w.history("01.00002")
	if len(h) != 2 || h[0].Old != "default" || h[0].New != "Rp2.500.000" || h[1].New != "default" {
		t.Errorf("history %+v", h)
	}
}

// Suspending needs a reason the member reads; a suspended member cannot be suspended again;
// reactivating brings them back; both are told.
func TestSuspendAndReactivate(t *testing.T) {
	w := newTellerWorld(t)
	suspend := func(reason string) error {
		return w.update(func(ctx context.Context, tx *store.Tx) error {
			_, err := coop.Suspend(ctx, tx, "01.00003", reason, coop.Named("ani"), "id")
			return err
		})
	}
	wantRefusal(t, suspend("Tunggak"), coop.ReasonTooShort)
	if err := suspend("Tunggakan angsuran 3 bulan"); err != nil {
		t.Fatal(err)
	}
	if m := w.member("01.00003"); m.Status != store.MemberSuspended {
		t.Errorf("status %s", m.Status)
	}
	wantRefusal(t, suspend("Tunggakan angsuran 3 bulan"), coop.MemberNotActive)
	w.must(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.Reactivate(ctx, tx, "01.00003", "", coop.Named("ani"), "id")
		return err
	})
	if m := w.member("01.00003"); m.Status != store.MemberActive {
		t.Errorf("status %s after reactivating", m.Status)
	}
	told := w.told(agus)
	if len(told) != 2 || !strings.Contains(told[0], "Tunggakan angsuran 3 bulan") || !strings.Contains(told[1], "aktif kembali") {
		t.Errorf("Agus was told %q", told)
	}
	if h := w.history("01.00003"); len(h) != 2 || h[0].New != "suspended" || h[0].Reason != "Tunggakan angsuran 3 bulan" || h[1].New != "active" {
		t.Errorf("history %+v", h)
	}
}

// Siti leaves with her loan outstanding: refused while the loan exceeds her savings (with
// the shortfall), then, with more saved, the loan is paid off from her savings at its payoff
// amount, the rest paid in cash, every account closed, she is closed and told the figures,
// and the ledger holds, before and after the day's close.
func TestLeaveWithLoanOutstanding(t *testing.T) {
	w := newPayoffWorld(t)
	loan := w.teller.account(siti, "PIN").Number
	tab := w.teller.account(siti, "TAB").Number
	quote := func() (l catalog.Leave, err error) {
		err = w.teller.update(func(ctx context.Context, tx *store.Tx) (err error) {
			l, err = coop.LeaveQuote(ctx, tx, "01.00002", w.now, 10)
			return err
		})
		return l, err
	}
	_, err := quote()
	wantRefusal(t, err, coop.LeaveShortfall)
	var r *coop.Refusal
	if errors.As(err, &r); r.Min != r.Got-r.Max || r.Min <= 0 {
		t.Errorf("shortfall %d of owed %d less savings %d", r.Min, r.Got, r.Max)
	}
	w.teller.must(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.CashDeposit(ctx, tx, w.teller.op("more"), tab, r.Min+1_000_000, "")
		return err
	})
	q, err := quote()
	if err != nil {
		t.Fatal(err)
	}
	payoff, err := w.quote(loan)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Loans) != 1 || q.Loans[0].Total != payoff.Total || q.Net != 1_000_000 || q.Total-q.Owed != q.Net {
		t.Fatalf("quote: loans %+v (payoff %d), savings %d, owed %d, net %d; want Rp1.000.000 net", q.Loans, payoff.Total, q.Total, q.Owed, q.Net)
	}
	cash := w.teller.system(store.AccountCash)
	drawer := w.teller.amount(cash)
	var done catalog.Leave
	w.teller.must(func(ctx context.Context, tx *store.Tx) (err error) {
		done, err = coop.Leave(ctx, tx, "01.00002", coop.LeaveOp{By: coop.Named("ani"), Lang: "id", LateFeeBP: 10}, w.now)
		return err
	})
	if got := w.teller.amount(cash); got != drawer-done.Net {
		t.Errorf("cash %d after paying %d out of %d", got, done.Net, drawer)
	}
	if _, st := w.schedule(loan); st != store.LoanPaid {
		t.Errorf("loan %s, want paid", st)
	}
	m := w.teller.member("01.00002")
	if m.Status != store.MemberClosed || !m.LeftAt.Equal(w.now.Truncate(time.Second)) {
		t.Errorf("Siti %s, left %v; want closed now", m.Status, m.LeftAt)
	}
	w.teller.must(func(ctx context.Context, tx *store.Tx) error {
		for _, kind := range []string{store.AccountSavings, store.AccountLoan} {
			if open, err := tx.AccountsOfMember(ctx, m.ID, kind); err != nil || len(open) != 0 {
				t.Errorf("%s accounts still open: %+v (%v)", kind, open, err)
			}
		}
		return nil
	})
	told := w.teller.told(siti)
	if last := told[len(told)-1]; !strings.Contains(last, "berhenti") || !strings.Contains(last, parse.Rupiah(payoff.Total)) || !strings.Contains(last, "Rp1.000.000") {
		t.Errorf("Siti was told %q", last)
	}
	w.ledgerOK()
	err = w.teller.update(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.Leave(ctx, tx, "01.00002", coop.LeaveOp{By: coop.CLI, Lang: "id"}, w.now)
		return err
	})
	wantRefusal(t, err, coop.MemberNotActive)
	w.closeDay(w.day(2026, 1, 15))
	w.ledgerOK()
}

// A time deposit must end before its holder can leave.
func TestLeaveWithDepositRefused(t *testing.T) {
	w := newTellerWorld(t)
	err := w.update(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.LeaveQuote(ctx, tx, "01.00001", w.now, 10)
		return err
	})
	wantRefusal(t, err, coop.LeaveBlocked)
}
