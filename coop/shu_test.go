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

// shuWorld is the branch's products and a few members of our own, no demo history, so every
// figure of the year can be computed by hand.
type shuWorld struct {
	t      *testing.T
	loc    *time.Location
	now    time.Time
	db     *store.DB
	office *coop.Office
	cash   store.Account
	n      int
}

func newSHUWorld(t *testing.T) *shuWorld {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	w := &shuWorld{t: t, loc: loc, now: time.Date(2027, 1, 20, 10, 0, 0, 0, loc), db: storetest.Open(t)}
	w.db.Now = func() time.Time { return w.now }
	w.office = &coop.Office{DB: w.db, Now: func() time.Time { return w.now }, Language: "id", Location: loc, Books: coop.DefaultBooks}
	w.update(func(ctx context.Context, tx *store.Tx) (err error) {
		if err := tx.SyncDemoSetup(ctx); err != nil {
			return err
		}
		w.cash, err = tx.SystemAccount(ctx, "pusat", store.AccountCash)
		return err
	})
	return w
}

func (w *shuWorld) update(do func(ctx context.Context, tx *store.Tx) error) {
	w.t.Helper()
	ctx := context.Background()
	if err := w.db.Update(ctx, func(tx *store.Tx) error { return do(ctx, tx) }); err != nil {
		w.t.Fatal(err)
	}
}

// at is a moment of a day in Jakarta.
func (w *shuWorld) at(y int, m time.Month, d, hour int) time.Time {
	return time.Date(y, m, d, hour, 0, 0, 0, w.loc)
}

func (w *shuWorld) member(name, phone string) store.Member {
	var m store.Member
	w.update(func(ctx context.Context, tx *store.Tx) (err error) {
		m, err = tx.CreateMember(ctx, store.Member{Branch: "pusat", No: "01-" + phone[len(phone)-4:], NIK: "32040000000" + phone[len(phone)-5:],
			Name: name, Phone: phone, Status: store.MemberActive})
		return err
	})
	return m
}

func (w *shuWorld) account(m store.Member, product string) store.Account {
	var a store.Account
	w.update(func(ctx context.Context, tx *store.Tx) error {
		p, err := tx.ProductByCode(ctx, product)
		if err != nil {
			return err
		}
		a, err = tx.OpenAccount(ctx, store.OpenAccount{Branch: "pusat", MemberID: m.ID, Product: p, Name: m.Name, At: w.at(2025, 1, 2, 9)})
		return err
	})
	return a
}

// post moves amount (credit positive) onto account against cash, at.
func (w *shuWorld) post(account int64, amount int64, at time.Time) int64 {
	var id int64
	w.update(func(ctx context.Context, tx *store.Tx) (err error) {
		w.n++
		id, _, err = tx.Post(ctx, store.Entry{Key: fmt.Sprintf("test:%d", w.n), Branch: "pusat", Kind: store.KindCashDeposit,
			Memo: store.Memo{Kind: store.MemoCashDeposit}, AuthorKind: store.AuthorSystem, At: at,
			Postings: []store.Posting{{Account: account, Amount: amount}, {Account: w.cash.ID, Amount: -amount}}})
		return err
	})
	return id
}

// own moves amount (credit positive) onto the branch's own account of kind against cash, at.
func (w *shuWorld) own(kind string, amount int64, at time.Time) int64 {
	var a store.Account
	w.update(func(ctx context.Context, tx *store.Tx) (err error) {
		a, err = tx.SystemAccount(ctx, "pusat", kind)
		return err
	})
	return w.post(a.ID, amount, at)
}

// interestPaid books a payment of loan interest by m at at, split as a teller's payment records it.
func (w *shuWorld) interestPaid(m store.Member, interest int64, at time.Time) {
	loanAcc := w.account(m, "PIN")
	var l store.Loan
	w.update(func(ctx context.Context, tx *store.Tx) (err error) {
		start := w.at(2025, 12, 1, 0)
		l, err = tx.CreateLoan(ctx, store.Loan{Account: loanAcc, Principal: 10_000_000, RateBP: 1200, Method: "flat", TenorMonths: 12, Start: start},
			store.FlatSchedule(10_000_000, 1200, 12, start))
		return err
	})
	id := w.own(store.AccountIncome, interest, at)
	w.update(func(ctx context.Context, tx *store.Tx) error {
		return tx.RecordAllocations(ctx, id, []store.InstallmentAllocation{{LoanID: l.ID, No: 1, Interest: interest}})
	})
}

// closeYear marks the books closed through 31 December 2026, as the day's close does.
func (w *shuWorld) closeYear() {
	w.update(func(ctx context.Context, tx *store.Tx) error {
		day := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
		if err := tx.StartDayClose(ctx, day); err != nil {
			return err
		}
		return tx.FinishDayClose(ctx, day, "test")
	})
}

// The SHU of 2026 (365 days) by the default shares, on figures chosen to be checked by hand:
//
//	surplus: interest 600,000 (Budi) + 300,000 (Siti) + fees 150,003 - interest expense 50,000 = 1,000,003
//	(income of 2025 and 2027 left out)
//	shares, rounded down: jasa simpanan 25% 250,000; jasa pinjaman 20% 200,000; cadangan 40% 400,001;
//	pengurus 5% 50,000; karyawan 5% 50,000; pendidikan 2.5% 25,000; sosial 2.5% 25,000 (1,000,001; 2 left)
//	average savings: Agus 3,650,000 in sukarela all year (his deposito not counted): 3,650,000;
//	Budi 7,300,000 in tabungan from 2 July (day 183, so 183 days): 7,300,000 × 183 / 365 = 3,660,000;
//	Siti 365,000 wajib all year, 365,000 more on 31 December (one day): (365,000 × 365 + 365,000) / 365 = 366,000;
//	all members: 7,676,000 (Dewi left the cooperative: not counted)
//	jasa simpanan: Agus 250,000 × 3,650,000 / 7,676,000 = 118,877.02 -> 118,877; Budi 119,202.71 -> 119,202;
//	Siti 11,920.79 -> 11,920 (249,999; 1 left)
//	jasa pinjaman: Budi 200,000 × 600,000 / 900,000 = 133,333; Siti 66,666 (199,999; 1 left)
//	cadangan: 400,001 + the 4 rupiah left = 400,005
//	members: Agus 118,877; Budi 252,535; Siti 78,586 (449,998) + funds 550,005 = 1,000,003
func TestSHUHandComputed(t *testing.T) {
	w := newSHUWorld(t)
	ctx := context.Background()
	agus, budi, siti, dewi := w.member("Agus", "6281300000001"), w.member("Budi", "6281300000002"),
		w.member("Siti", "6281300000003"), w.member("Dewi", "6281300000004")
	agusSS, budiTab, sitiSW, dewiSS := w.account(agus, "SS"), w.account(budi, "TAB"), w.account(siti, "SW"), w.account(dewi, "SS")
	w.post(agusSS.ID, 3_650_000, w.at(2025, 12, 1, 9))
	w.post(w.account(agus, "DEP").ID, 50_000_000, w.at(2025, 12, 1, 9))
	w.post(budiTab.ID, 7_300_000, w.at(2026, 7, 2, 9))
	w.post(sitiSW.ID, 365_000, w.at(2025, 6, 1, 9))
	w.post(sitiSW.ID, 365_000, w.at(2026, 12, 31, 15))
	w.post(dewiSS.ID, 1_000_000, w.at(2025, 6, 1, 9))
	w.interestPaid(budi, 600_000, w.at(2026, 3, 10, 9))
	w.interestPaid(siti, 300_000, w.at(2026, 11, 10, 9))
	w.own(store.AccountIncome, 77_777, w.at(2025, 12, 31, 23)) // 2025's, not counted
	w.own(store.AccountIncome, 88_888, w.at(2027, 1, 1, 0))    // 2027's, not counted
	w.own(store.AccountFeeIncome, 150_003, w.at(2026, 5, 5, 9))
	w.own(store.AccountInterestExpense, -50_000, w.at(2026, 12, 31, 23))
	raw := storetest.Raw(t, w.db)
	if _, err := raw.Exec(`UPDATE members SET status = 'closed', left_at = ? WHERE id = ?`, w.at(2026, 12, 1, 9).Unix(), dewi.ID); err != nil {
		t.Fatal(err)
	}

	var plan coop.SHUPlan
	w.update(func(ctx context.Context, tx *store.Tx) (err error) {
		plan, err = w.office.ComputeSHU(ctx, tx, "pusat", 2026, coop.DefaultSHU, nil)
		return err
	})
	if plan.Income != 1_050_003 || plan.Expenses != 50_000 || plan.Surplus != 1_000_003 || plan.Days != 365 {
		t.Fatalf("income %d, expenses %d, surplus %d over %d days; want 1,050,003, 50,000, 1,000,003 over 365", plan.Income, plan.Expenses, plan.Surplus, plan.Days)
	}
	if plan.SavingsPool != 250_000 || plan.LoansPool != 200_000 || plan.TotalAverage != 7_676_000 || plan.TotalInterest != 900_000 || plan.Remainder != 4 {
		t.Fatalf("pools %d and %d, averages %d, interest %d, remainder %d", plan.SavingsPool, plan.LoansPool, plan.TotalAverage, plan.TotalInterest, plan.Remainder)
	}
	funds := map[store.SHUFund]int64{}
	for _, f := range plan.Funds {
		funds[f.Fund] = f.Amount
	}
	wantFunds := map[store.SHUFund]int64{store.FundReserve: 400_005, store.FundBoard: 50_000, store.FundStaff: 50_000, store.FundEducation: 25_000, store.FundSocial: 25_000}
	if fmt.Sprint(funds) != fmt.Sprint(wantFunds) {
		t.Errorf("funds %v, want %v", funds, wantFunds)
	}
	type row struct{ avg, interest, js, jp int64 }
	got := map[string]row{}
	for _, m := range plan.Members {
		got[m.Member.Name] = row{m.AverageSavings, m.InterestPaid, m.SavingsShare, m.LoansShare}
	}
	want := map[string]row{"Agus": {3_650_000, 0, 118_877, 0}, "Budi": {3_660_000, 600_000, 119_202, 133_333}, "Siti": {366_000, 300_000, 11_920, 66_666}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("members\n got %v\nwant %v", got, want)
	}
	if plan.Shared()+funds[store.FundReserve]+100_000+50_000 != plan.Surplus {
		t.Fatalf("members %d and funds do not add up to the surplus", plan.Shared())
	}

	// Before the books of 31 December are closed the year cannot be shared.
	err := w.db.Update(ctx, func(tx *store.Tx) error {
		_, err := w.office.PostSHU(ctx, tx, "pusat", 2026, coop.DefaultSHU, "test", nil)
		return err
	})
	wantRefusal(t, err, coop.SHUYearOpen)

	w.closeYear()
	steps := 0
	w.update(func(ctx context.Context, tx *store.Tx) (err error) {
		_, err = w.office.PostSHU(ctx, tx, "pusat", 2026, coop.DefaultSHU, "test", func(done, total int) { steps++ })
		return err
	})
	if steps != 3 {
		t.Errorf("progress heard %d steps, want one per member (3)", steps)
	}
	w.checkPosted(agus, budi, siti, agusSS, budiTab)

	// Posting again is refused, and changes nothing.
	err = w.db.Update(ctx, func(tx *store.Tx) error {
		_, err := w.office.PostSHU(ctx, tx, "pusat", 2026, coop.DefaultSHU, "test", nil)
		return err
	})
	wantRefusal(t, err, coop.SHUPosted)
	if !strings.Contains(err.Error(), "posted already") {
		t.Errorf("the refusal says %q", err)
	}
	w.checkPosted(agus, budi, siti, agusSS, budiTab)
}

// checkPosted checks the members' savings, the funds, the notices and the ledger after the post.
func (w *shuWorld) checkPosted(agus, budi, siti store.Member, agusSS, budiTab store.Account) {
	t := w.t
	t.Helper()
	ctx := context.Background()
	err := w.db.View(ctx, func(tx *store.Tx) error {
		for _, c := range []struct {
			number string
			want   int64
		}{{agusSS.Number, 3_650_000 + 118_877}, {budiTab.Number, 7_300_000 + 252_535}} {
			a, err := tx.AccountByNumber(ctx, c.number)
			if err != nil {
				return err
			}
			if a.Amount() != c.want {
				t.Errorf("savings %s hold %d, want %d", a.Masked(), a.Amount(), c.want)
			}
		}
		// Siti had no voluntary savings: a Simpanan Sukarela was opened for her share.
		accs, err := tx.AccountsOfMember(ctx, siti.ID, store.AccountSavings)
		if err != nil {
			return err
		}
		if len(accs) != 2 || accs[1].ProductKind != store.ProductSukarela || accs[1].Amount() != 78_586 {
			t.Fatalf("Siti's savings: %+v", accs)
		}
		for fund, want := range map[store.SHUFund]int64{store.FundReserve: 400_005, store.FundEducation: 25_000} {
			a, err := tx.FundAccount(ctx, "pusat", fund)
			if err != nil {
				return err
			}
			if a.Amount() != want {
				t.Errorf("fund %s holds %d, want %d", fund, a.Amount(), want)
			}
		}
		d, err := tx.SystemAccount(ctx, "pusat", store.AccountSHUDistributed)
		if err != nil {
			return err
		}
		if d.Amount() != 1_000_003 {
			t.Errorf("SHU distributed %d, want the surplus 1,000,003", d.Amount())
		}
		queued, err := tx.Queued(ctx, "pusat", 100)
		if err != nil {
			return err
		}
		if len(queued) != 3 {
			t.Fatalf("%d notices, want 3 (one a member)", len(queued))
		}
		if q := queued[2]; !q.Bulk || q.To != siti.Phone || !strings.Contains(q.Text, "*Rp78.586* sudah masuk ke Simpanan Sukarela No. "+accs[1].Number) || !strings.Contains(q.Text, "Rp200.000 × Rp300.000 ÷ Rp900.000") {
			t.Errorf("Siti's notice to %s:\n%s", q.To, q.Text)
		}
		r, err := tx.CheckLedger(ctx)
		if err != nil {
			return err
		}
		if !r.OK() {
			t.Errorf("ledger: %+v", r.Violations)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A year without a surplus shares nothing; a member whose voluntary savings are all frozen
// stops the post until staff make one active, and nothing of it stays.
func TestSHURefusals(t *testing.T) {
	w := newSHUWorld(t)
	ctx := context.Background()
	budi := w.member("Budi", "6281300000002")
	tab := w.account(budi, "TAB")
	w.post(tab.ID, 1_000_000, w.at(2026, 2, 1, 9))
	w.own(store.AccountInterestExpense, -10_000, w.at(2026, 6, 30, 23))
	w.closeYear()
	post := func() error {
		return w.db.Update(ctx, func(tx *store.Tx) error {
			_, err := w.office.PostSHU(ctx, tx, "pusat", 2026, coop.DefaultSHU, "test", nil)
			return err
		})
	}
	wantRefusal(t, post(), coop.SHUNoSurplus)

	w.own(store.AccountIncome, 100_000, w.at(2026, 7, 1, 9))
	if _, err := storetest.Raw(t, w.db).Exec(`UPDATE accounts SET status = 'frozen' WHERE id = ?`, tab.ID); err != nil {
		t.Fatal(err)
	}
	err := post()
	wantRefusal(t, err, coop.SHUNoAccount)
	if !strings.Contains(err.Error(), budi.No) {
		t.Errorf("the refusal names no member: %v", err)
	}
	var plan coop.SHUPlan
	w.update(func(ctx context.Context, tx *store.Tx) (err error) {
		plan, err = w.office.ComputeSHU(ctx, tx, "pusat", 2026, coop.DefaultSHU, nil)
		return err
	})
	if plan.Posted != nil || plan.Surplus != 90_000 {
		t.Fatalf("after the refusal: posted %v, surplus %d", plan.Posted, plan.Surplus)
	}
}
