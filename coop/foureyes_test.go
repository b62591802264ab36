package coop_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

const makerPhone = "6281299990099"

var (
	maker   = coop.Staff(makerPhone)
	checker = coop.Named("manager")
	// fourEyes holds every disbursement and reversal, and cash out above Rp1.000.000.
	fourEyes = coop.FourEyes{On: true, CashWithdrawal: 1_000_000, Withdrawal: 1_000_000, Expire: 24 * time.Hour}
)

// run runs o as the maker under four eyes.
func (w *bookWorld) run(key string, o coop.Operation) (coop.Outcome, error) {
	var out coop.Outcome
	err := w.db.Update(context.Background(), func(tx *store.Tx) (err error) {
		op := w.tellerOp(key)
		op.By = maker
		out, err = coop.Run(context.Background(), tx, fourEyes, op, o)
		return err
	})
	return out, err
}

func (w *bookWorld) approve(id int64, by coop.Actor) (store.Approval, coop.Outcome, error) {
	var a store.Approval
	var out coop.Outcome
	err := w.db.Update(context.Background(), func(tx *store.Tx) (err error) {
		a, out, err = coop.Approve(context.Background(), tx, fourEyes, id, coop.Checker{By: by, Lang: "id", Loc: w.loc, LateFeeBP: 10})
		return err
	})
	return a, out, err
}

func (w *bookWorld) approval(id int64) store.Approval {
	w.t.Helper()
	var a store.Approval
	w.inTx(func(ctx context.Context, tx *store.Tx) (err error) {
		a, err = tx.Approval(ctx, id)
		return err
	})
	return a
}

// A disbursement under four eyes: nothing moves on the maker's request; the maker cannot
// approve it; a second staff member does, and the loan is paid out once, the maker told.
func TestFourEyesDisbursement(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	loanNo := w.approveLoan(10_000_000, 12)
	tab := w.savingsAccount(agus, "TAB")

	out, err := w.run("req-1", coop.Disbursement(loanNo, tab.Number))
	if err != nil {
		t.Fatal(err)
	}
	if !out.Held() || out.Waiting.No() != "APV-000001" || out.Waiting.Amount != 10_000_000 || out.Waiting.Maker != string(maker) {
		t.Fatalf("the request = %+v, want APV-000001 of Rp10.000.000 by the maker, waiting", out)
	}
	if l, _ := w.loanOf(loanNo); l.Status != store.LoanApproved || w.savingsAccount(agus, "TAB").Balance != tab.Balance {
		t.Fatalf("money moved on the request alone: loan %s, savings %d -> %d", l.Status, tab.Balance, w.savingsAccount(agus, "TAB").Balance)
	}

	if _, _, err := w.approve(out.Waiting.ID, maker); !errors.Is(err, coop.OwnApproval) {
		t.Fatalf("the maker approving their own = %v, want own_approval", err)
	}
	a, done, err := w.approve(out.Waiting.ID, checker)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != store.ApprovalApproved || a.Checker != "manager" || a.JournalKey != "approval:1" || done.Receipt.Ref == "" {
		t.Fatalf("approved = %+v, receipt %+v", a, done.Receipt)
	}
	if l, _ := w.loanOf(loanNo); l.Status != store.LoanActive {
		t.Fatalf("after approval the loan is %s, want active", l.Status)
	}
	credited := w.savingsAccount(agus, "TAB").Balance - tab.Balance
	if credited != 10_000_000 {
		t.Fatalf("savings credited %d, want 10.000.000", credited)
	}
	if _, _, err := w.approve(out.Waiting.ID, coop.Named("another")); !errors.Is(err, coop.NotPending) {
		t.Fatalf("approving twice = %v, want not_pending", err)
	}
	if got := w.savingsAccount(agus, "TAB").Balance - tab.Balance; got != credited {
		t.Fatalf("a second approval moved money again: %d", got)
	}
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		p, err := tx.PostedByKey(ctx, "approval:1")
		if err == nil && p.AuthorID != string(maker) {
			t.Errorf("the journal's author = %q, want the maker", p.AuthorID)
		}
		return err
	})
	if told := w.lastToldTo(makerPhone); !strings.Contains(told, "APV-000001") || !strings.Contains(told, "disetujui oleh manager") {
		t.Errorf("the maker was told %q", told)
	}
	w.ledgerOK()
}

// Below its limit a cash withdrawal runs at once; above it, it waits. A checker rejects it
// with a reason: nothing moves, the maker is told why, and it cannot be approved after.
func TestFourEyesCashWithdrawalLimitAndReject(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	tab := w.savingsAccount(budi, "TAB")

	small, err := w.run("small", coop.CashOut(tab.Number, 500_000, ""))
	if err != nil || small.Held() || small.Receipt.Amount != 500_000 {
		t.Fatalf("Rp500.000 (under the limit) = %+v, %v; want paid at once", small, err)
	}
	big, err := w.run("big", coop.CashOut(tab.Number, 1_500_000, ""))
	if err != nil || !big.Held() {
		t.Fatalf("Rp1.500.000 (over the limit) = %+v, %v; want waiting", big, err)
	}
	if got := w.savingsAccount(budi, "TAB").Balance; got != tab.Balance-500_000 {
		t.Fatalf("balance %d, want only the small withdrawal out (%d)", got, tab.Balance-500_000)
	}
	var rejected store.Approval
	err = w.db.Update(context.Background(), func(tx *store.Tx) (err error) {
		rejected, err = coop.RejectApproval(context.Background(), tx, fourEyes, big.Waiting.ID, "the member did not come to the counter", coop.Checker{By: checker, Lang: "id"})
		return err
	})
	if err != nil || rejected.Status != store.ApprovalRejected || rejected.Reason != "the member did not come to the counter" {
		t.Fatalf("reject = %+v, %v", rejected, err)
	}
	if told := w.lastToldTo(makerPhone); !strings.Contains(told, "ditolak oleh manager: the member did not come") {
		t.Errorf("the maker was told %q", told)
	}
	if _, _, err := w.approve(big.Waiting.ID, checker); !errors.Is(err, coop.NotPending) {
		t.Fatalf("approving a rejected request = %v, want not_pending", err)
	}
	if got := w.savingsAccount(budi, "TAB").Balance; got != tab.Balance-500_000 {
		t.Fatalf("balance %d after the rejection, want %d", got, tab.Balance-500_000)
	}
	w.ledgerOK()
}

// What changed between the request and the approval is refused at the approval, as it
// would be at the counter, and nothing is half done: the request still waits.
func TestFourEyesStateChangedMeanwhile(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	loanNo := w.approveLoan(10_000_000, 12)
	tab := w.savingsAccount(agus, "TAB")
	req, err := w.run("req-1", coop.Disbursement(loanNo, tab.Number))
	if err != nil || !req.Held() {
		t.Fatalf("request = %+v, %v", req, err)
	}
	if _, err := w.disburseLoan("counter", loanNo, tab.Number); err != nil { // four eyes off: at once
		t.Fatal(err)
	}
	after := w.savingsAccount(agus, "TAB").Balance
	if _, _, err := w.approve(req.Waiting.ID, checker); !errors.Is(err, coop.AlreadyDisbursed) {
		t.Fatalf("approving a disbursement of a loan disbursed meanwhile = %v, want already_disbursed", err)
	}
	if a := w.approval(req.Waiting.ID); a.Status != store.ApprovalPending || w.savingsAccount(agus, "TAB").Balance != after {
		t.Fatalf("after the refused approval: %s, balance %d (want pending, %d)", a.Status, w.savingsAccount(agus, "TAB").Balance, after)
	}

	budiTab := w.savingsAccount(budi, "TAB")
	cash, err := w.run("cash", coop.CashOut(budiTab.Number, budiTab.Available(), ""))
	if err != nil || !cash.Held() {
		t.Fatalf("withdrawing everything = %+v, %v; want waiting", cash, err)
	}
	if _, err := w.run("first", coop.CashOut(budiTab.Number, 100_000, "")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.approve(cash.Waiting.ID, checker); !errors.Is(err, coop.OverWithdrawable) {
		t.Fatalf("approving more than is left = %v, want over_withdrawable", err)
	}
	w.ledgerOK()
}

// What could not run is refused at the request, and a request needs a named maker.
func TestFourEyesRefusedAtRequest(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	tab := w.savingsAccount(budi, "TAB")
	if _, err := w.run("too-much", coop.CashOut(tab.Number, tab.Available()+1_000_000, "")); !errors.Is(err, coop.OverWithdrawable) {
		t.Fatalf("asking more than may be withdrawn = %v, want over_withdrawable now", err)
	}
	err := w.db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := coop.Run(context.Background(), tx, fourEyes, w.tellerOp("x"), coop.CashOut(tab.Number, 2_000_000, ""))
		return err
	})
	if err != nil {
		t.Fatalf("a named teller's request: %v", err)
	}
	err = w.db.Update(context.Background(), func(tx *store.Tx) error {
		op := w.tellerOp("y")
		op.By = coop.CLI
		_, err := coop.Run(context.Background(), tx, fourEyes, op, coop.CashOut(tab.Number, 2_000_000, ""))
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "-by") {
		t.Fatalf("a request by nobody in particular = %v, want one asking for -by", err)
	}
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		all, err := tx.Approvals(ctx, "pusat", "")
		if len(all) != 1 {
			t.Errorf("%d approvals recorded, want only the named teller's", len(all))
		}
		return err
	})
}

// A reversal waits, then runs once when approved; a request left undecided expires.
func TestFourEyesReversalAndExpiry(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	tab := w.savingsAccount(budi, "TAB")
	var dep store.Receipt
	w.inTx(func(ctx context.Context, tx *store.Tx) (err error) {
		dep, err = coop.CashDeposit(ctx, tx, w.tellerOp("dep"), tab.Number, 300_000, "")
		return err
	})
	rev, err := w.run("rev", coop.Reversal(dep.Ref, "typed the wrong account"))
	if err != nil || !rev.Held() || rev.Waiting.Subject != dep.Ref || rev.Waiting.Amount != 300_000 {
		t.Fatalf("reversal request = %+v, %v", rev, err)
	}
	if _, out, err := w.approve(rev.Waiting.ID, checker); err != nil || out.Receipt.Reverses != dep.Ref {
		t.Fatalf("approve the reversal = %+v, %v", out.Receipt, err)
	}
	if got := w.savingsAccount(budi, "TAB").Balance; got != tab.Balance {
		t.Fatalf("balance after the reversal %d, want %d", got, tab.Balance)
	}

	late, err := w.run("late", coop.CashOut(tab.Number, 2_000_000, ""))
	if err != nil || !late.Held() {
		t.Fatal(late, err)
	}
	w.now = w.now.Add(25 * time.Hour)
	if _, _, err := w.approve(late.Waiting.ID, checker); !errors.Is(err, coop.ApprovalExpired) {
		t.Fatalf("approving after a day = %v, want approval_expired", err)
	}
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		waiting, err := coop.WaitingApprovals(ctx, tx, fourEyes, "pusat")
		if len(waiting) != 0 {
			t.Errorf("%d still waiting, want none", len(waiting))
		}
		return err
	})
	if a := w.approval(late.Waiting.ID); a.Status != store.ApprovalExpired {
		t.Errorf("the old request is %s, want expired", a.Status)
	}
	w.ledgerOK()
}

// One person is one person whichever door they use: siti asks from her WhatsApp (the
// number linked to her staff account) and cannot approve her own request at the command
// line as -by siti; the request, the approval and the checker name staff accounts, and
// the audit log has both decisions.
func TestFourEyesKnowsStaffAccounts(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		for _, n := range []coop.NewStaff{
			{Username: "siti", Name: "Siti", Role: store.RoleTeller, Branches: []string{"pusat"}, Phone: makerPhone, Password: "kata-sandi-panjang"},
			{Username: "rudi", Name: "Rudi", Role: store.RoleManager, Branches: []string{"pusat"}, Password: "kata-sandi-panjang"},
		} {
			if _, err := coop.AddStaff(ctx, tx, n, coop.CLI); err != nil {
				return err
			}
		}
		return nil
	})
	loanNo := w.approveLoan(10_000_000, 12)
	tab := w.savingsAccount(agus, "TAB")
	out, err := w.run("req-1", coop.Disbursement(loanNo, tab.Number)) // from siti's WhatsApp
	if err != nil || !out.Held() || out.Waiting.Maker != "staff:siti" {
		t.Fatalf("the request = %+v, %v; want waiting, made by staff:siti", out.Waiting, err)
	}
	if _, _, err := w.approve(out.Waiting.ID, coop.Named("siti")); !errors.Is(err, coop.OwnApproval) {
		t.Fatalf("siti approving at the command line what she asked on WhatsApp = %v, want own_approval", err)
	}
	a, _, err := w.approve(out.Waiting.ID, coop.Named("rudi"))
	if err != nil || a.Checker != "staff:rudi" {
		t.Fatalf("rudi's approval = %+v, %v; want approved by staff:rudi", a, err)
	}
	if told := w.lastToldTo(makerPhone); !strings.Contains(told, "APV-000001") {
		t.Errorf("siti, on her WhatsApp, was told %q", told)
	}
	w.inTx(func(ctx context.Context, tx *store.Tx) error {
		es, err := tx.Audit(ctx, store.AuditFilter{})
		var got []string
		for _, e := range es {
			if strings.HasPrefix(e.Action, "approval.") {
				got = append(got, e.Actor+" "+e.Action+" via "+e.Via)
			}
		}
		if want := []string{"staff:rudi approval.approve via cli", "staff:siti approval.request via whatsapp"}; strings.Join(got, "; ") != strings.Join(want, "; ") {
			t.Errorf("the audit log's approvals = %q, want %q", got, want)
		}
		return err
	})
	w.ledgerOK()
}

// The same request twice (a double click, a form sent again after a restart) makes one
// approval, not two a checker could both approve.
func TestFourEyesSameRequestTwice(t *testing.T) {
	w := newBookWorld(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	tab := w.savingsAccount(budi, "TAB")
	first, err := w.run("form-7", coop.CashOut(tab.Number, 1_500_000, ""))
	if err != nil || !first.Held() {
		t.Fatalf("the request = %+v, %v; want waiting", first, err)
	}
	again, err := w.run("form-7", coop.CashOut(tab.Number, 1_500_000, ""))
	if err != nil || again.Waiting.ID != first.Waiting.ID {
		t.Fatalf("the same request again = %+v, %v; want %s again", again.Waiting, err, first.Waiting.No())
	}
	other, err := w.run("form-8", coop.CashOut(tab.Number, 1_500_000, ""))
	if err != nil || other.Waiting.ID == first.Waiting.ID {
		t.Fatalf("another request = %+v, %v; want a request of its own", other.Waiting, err)
	}
	var waiting []store.Approval
	w.inTx(func(ctx context.Context, tx *store.Tx) (err error) {
		waiting, err = coop.WaitingApprovals(ctx, tx, fourEyes, "")
		return err
	})
	if len(waiting) != 2 {
		t.Errorf("%d requests waiting, want 2 (the first asked twice, and the other)", len(waiting))
	}

	// Approved, then asked again: the movement's receipt once more, no second withdrawal.
	if _, _, err := w.approve(first.Waiting.ID, checker); err != nil {
		t.Fatal(err)
	}
	balance := w.savingsAccount(budi, "TAB").Balance
	after, err := w.run("form-7", coop.CashOut(tab.Number, 1_500_000, ""))
	if err != nil || after.Held() || !after.Receipt.Duplicate || after.Receipt.Amount != 1_500_000 {
		t.Fatalf("asked again once approved = %+v, %v; want the first receipt, a duplicate", after, err)
	}
	if got := w.savingsAccount(budi, "TAB").Balance; got != balance {
		t.Fatalf("asking again moved money: %d -> %d", balance, got)
	}
	// Rejected, then asked again: refused as decided, nothing waits anew.
	err = w.db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := coop.RejectApproval(context.Background(), tx, fourEyes, other.Waiting.ID, "the member did not come to the counter", coop.Checker{By: checker, Lang: "id"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.run("form-8", coop.CashOut(tab.Number, 1_500_000, "")); !errors.Is(err, coop.NotPending) {
		t.Fatalf("a rejected request asked again = %v, want not_pending", err)
	}
	w.ledgerOK()
}
