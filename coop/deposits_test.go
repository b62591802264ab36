package coop_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

func init() {
	fingerprintQueries = append(fingerprintQueries,
		`SELECT id, principal, rate_bp, term, start_date, maturity_date, paid_through, next_event, status, ended_at FROM time_deposits ORDER BY id`)
}

// dewi is the fourth demo member (teller_test.go names the others): Budi has the demo's
// time deposit; Siti, Agus and Dewi place their own.
const dewi = "6281200000004"

// depositWorld is a bookWorld with the helpers of the time deposit tests.
type depositWorld struct{ *bookWorld }

func (w depositWorld) update(fn func(ctx context.Context, tx *store.Tx) error) {
	w.t.Helper()
	ctx := context.Background()
	if err := w.db.Update(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		w.t.Fatal(err)
	}
}

// tabungan is the member's Tabungan Sejahtera as it stands now.
func (w depositWorld) tabungan(phone string) (a store.Account) {
	w.t.Helper()
	w.update(func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, phone)
		if err != nil {
			return err
		}
		as, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		for _, x := range as {
			if x.ProductCode == "TAB" {
				a = x
			}
		}
		return err
	})
	return a
}

func (w depositWorld) deposit(number string) (d store.TimeDeposit) {
	w.t.Helper()
	w.update(func(ctx context.Context, tx *store.Tx) (err error) {
		d, err = tx.TimeDepositByAccount(ctx, number)
		return err
	})
	return d
}

func (w depositWorld) system(kind string) (a store.Account) {
	w.t.Helper()
	w.update(func(ctx context.Context, tx *store.Tx) (err error) {
		a, err = tx.SystemAccount(ctx, "pusat", kind)
		return err
	})
	return a
}

// cashIn pays cash into the member's tabungan at the counter.
func (w depositWorld) cashIn(phone string, amount int64) {
	w.t.Helper()
	tab := w.tabungan(phone)
	w.update(func(ctx context.Context, tx *store.Tx) error {
		_, err := coop.CashDeposit(ctx, tx, coop.TellerOp{Key: "cash:" + phone + w.now.String(), By: coop.Named("Teller"), Loc: w.loc}, tab.Number, amount, "")
		return err
	})
}

// place opens a time deposit of the product from the member's tabungan today.
func (w depositWorld) place(phone, product string, amount int64, tenor int, ins store.DepositInstruction) (d store.TimeDeposit) {
	w.t.Helper()
	tab := w.tabungan(phone)
	w.update(func(ctx context.Context, tx *store.Tx) error {
		p, err := tx.ProductByCode(ctx, product)
		if err != nil {
			return err
		}
		d, err = coop.OpenDeposit(ctx, tx, coop.DepositOrder{Key: "place:" + phone + w.now.String(), Product: p, From: tab, Amount: amount,
			Tenor: tenor, Instruction: ins, Today: w.now, AuthorID: phone}, coop.DefaultBooks)
		return err
	})
	return d
}

func (w depositWorld) breakDeposit(key, number string) (coop.DepositBreak, error) {
	var b coop.DepositBreak
	err := w.db.Update(context.Background(), func(tx *store.Tx) (err error) {
		b, err = coop.BreakDeposit(context.Background(), tx, coop.TellerOp{Key: key, By: coop.Named("Teller"), Loc: w.loc}, number, w.now)
		return err
	})
	return b, err
}

// told is every message queued to phone, in order, joined.
func (w depositWorld) told(phone string) string {
	w.t.Helper()
	var texts []string
	rows, err := storetest.Raw(w.t, w.db).Query(`SELECT text FROM outbox WHERE to_phone = ? ORDER BY id`, phone)
	if err != nil {
		w.t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			w.t.Fatal(err)
		}
		texts = append(texts, s)
	}
	return strings.Join(texts, "\n---\n")
}

func (w depositWorld) want(what string, got, want int64) {
	w.t.Helper()
	if got != want {
		w.t.Errorf("%s on %s: %d, want %d", what, w.now.Format("2006-01-02"), got, want)
	}
}

// TestDepositsOverAYear closes every day of a year on the demo with four time deposits:
// Budi's (the demo's: 12 months ARO of the principal, interest at maturity), Siti's (6
// months ARO of principal and interest, rolled over twice), Dewi's (monthly interest above
// the tax threshold, paid out at maturity) and Agus's (monthly interest, withdrawn early).
func TestDepositsOverAYear(t *testing.T) {
	w := depositWorld{newBookWorld(t, time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC))}
	w.update(func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.SyncProduct(ctx, store.Product{Code: "DEPB", Kind: store.ProductDeposito, Name: "Deposito Bulanan", MinOpening: 1_000_000, RateBP: 600,
			Params: store.ProductParams{Tenors: []int{6, 12}, InterestPayout: store.PayoutMonthly, EarlyPenaltyBP: 100}.JSON()})
		if err != nil {
			return err
		}
		// Savings earn nothing here, so every rupiah of interest and tax below is the deposits'
		// (savings interest has its own year: TestSavingsInterestTaxAndFeesOverAYear).
		for _, code := range []string{"SS", "TAB"} {
			p, err := tx.ProductByCode(ctx, code)
			if err != nil {
				return err
			}
			p.RateBP = 0
			if _, err := tx.SyncProduct(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	budiDep := w.deposit("0105000012")
	if budiDep.Maturity.Format("2006-01-02") != "2026-10-15" || budiDep.Instruction != store.AROPrincipal {
		t.Fatalf("the demo deposit: %+v", budiDep)
	}
	tax, expense := w.system(store.AccountTaxPayable), w.system(store.AccountInterestExpense)
	var sitiDep, dewiDep, agusDep store.TimeDeposit
	var dewiTab, agusTab int64
	for day := w.day(2026, 1, 5); !day.After(w.day(2027, 1, 9)); day = day.AddDate(0, 0, 1) {
		w.now = day.Add(9 * time.Hour)
		switch day.Format("2006-01-02") {
		case "2026-01-10":
			w.cashIn(siti, 5_000_000)
			sitiDep = w.place(siti, "DEP", 6_000_000, 6, store.AROTotal)
		case "2026-02-01":
			w.cashIn(dewi, 100_000_000)
			dewiDep = w.place(dewi, "DEPB", 100_000_000, 6, store.PayOut)
			dewiTab = w.tabungan(dewi).Amount()
		case "2026-03-01":
			// Feb 1 to Mar 1, 28 days: 100,000,000 × 600 × 28 / 3,650,000 = 460,273.97 -> 460,273,
			// above Rp240.000: 10% of all of it withheld, 46,027; 414,246 to savings.
			w.want("Dewi's tabungan after February's interest", w.tabungan(dewi).Amount()-dewiTab, 414_246)
			w.want("tax withheld from it", w.system(store.AccountTaxPayable).Amount(), 46_027)
		case "2026-03-15":
			agusTab = w.tabungan(agus).Amount()
			agusDep = w.place(agus, "DEPB", 2_000_000, 12, store.AROPrincipal)
		case "2026-06-20":
			w.earlyWithdrawal(agusDep, agusTab)
		case "2026-07-09":
			// Siti's first term ends tomorrow: just after midnight, before the close pays it, staff may not break it.
			w.now = day.AddDate(0, 0, 1).Add(10 * time.Minute)
			_, err := w.breakDeposit("break-siti", sitiDep.Account.Number)
			wantRefusal(t, err, coop.DepositMatured)
			w.now = day.Add(9 * time.Hour)
		case "2026-09-01":
			// The product's rate goes up: terms that start from now on earn 6%.
			w.update(func(ctx context.Context, tx *store.Tx) error {
				p := store.DemoProducts[4].Product()
				p.RateBP = 600
				_, err := tx.SyncProduct(ctx, p)
				return err
			})
		}
		w.closeDayTwice(day)
		if day.AddDate(0, 0, 1).Day() == 1 {
			w.ledgerOK()
		}
		switch day.Format("2006-01-02") {
		case "2026-07-09":
			w.sitiFirstRollover(sitiDep)
		case "2026-07-31":
			w.dewiPaidOut(dewiDep, dewiTab)
		case "2026-10-14":
			w.budiRolledOver(budiDep, tax, expense)
		case "2027-01-09":
			w.sitiSecondRollover(sitiDep)
		}
	}
	w.ledgerOK()
}

// aTerm is what a deposit should look like after a rollover.
type aTerm struct {
	term            int
	principal, rate int64
	start, maturity string
}

// rolledOver checks the deposit's new term: its principal, its account, its rate and dates.
func (w depositWorld) rolledOver(who string, dep store.TimeDeposit, want aTerm) {
	w.t.Helper()
	d := w.deposit(dep.Account.Number)
	w.want(who+"'s principal", d.Principal, want.principal)
	w.want(who+"'s deposit account", d.Account.Amount(), want.principal)
	w.want(who+"'s term", int64(d.Term), int64(want.term))
	w.want(who+"'s rate", d.RateBP, want.rate)
	if got := d.Start.Format("2006-01-02") + " " + d.Maturity.Format("2006-01-02"); got != want.start+" "+want.maturity {
		w.t.Errorf("%s's term %d runs %s, want %s %s", who, want.term, got, want.start, want.maturity)
	}
}

func (w depositWorld) sitiFirstRollover(dep store.TimeDeposit) {
	w.t.Helper()
	// 10 Jan to 10 Jul 2026 is 181 days: 6,000,000 × 550 × 181 / 3,650,000 = 163,643.84 ->
	// 163,643, under Rp240.000 so no tax; ARO principal and interest: 6,163,643 from 10 Jul.
	w.rolledOver("Siti", dep, aTerm{term: 2, principal: 6_163_643, rate: 550, start: "2026-07-10", maturity: "2027-01-10"})
	if told := w.told(siti); !strings.Contains(told, "Deposito diperpanjang otomatis") || !strings.Contains(told, "Rp163.643, ditambahkan ke pokok") {
		w.t.Errorf("Siti was told:\n%s", told)
	}
}

func (w depositWorld) sitiSecondRollover(dep store.TimeDeposit) {
	w.t.Helper()
	// 10 Jul 2026 to 10 Jan 2027 is 184 days at the 5,5% fixed when the term started:
	// 6,163,643 × 550 × 184 / 3,650,000 = 170,893.2 -> 170,893; 6,334,536 from 10 Jan 2027
	// at the product's rate that day, 6% since September.
	w.rolledOver("Siti", dep, aTerm{term: 3, principal: 6_334_536, rate: 600, start: "2027-01-10", maturity: "2027-07-10"})
}

func (w depositWorld) dewiPaidOut(dep store.TimeDeposit, before int64) {
	w.t.Helper()
	// Six monthly postings of 100,000,000 at 6%, each above Rp240.000 so taxed 10%:
	// 28 days 460,273 - 46,027 = 414,246; 31 days (Mar, May, Jul) 509,589 - 50,958 = 458,631;
	// 30 days (Apr, Jun) 493,150 - 49,315 = 443,835; net 414,246 + 3 × 458,631 + 2 × 443,835
	// = 2,677,809, then the principal at maturity on 1 Aug.
	w.want("Dewi's tabungan after the payout", w.tabungan(dewi).Amount()-before, 2_677_809+100_000_000)
	d := w.deposit(dep.Account.Number)
	if d.Status != store.DepositPaidOut || d.Account.Status != store.AccountClosed || d.Account.Amount() != 0 {
		w.t.Errorf("Dewi's deposit after maturity: %s, account %s holding %d", d.Status, d.Account.Status, d.Account.Amount())
	}
	if told := w.told(dewi); !strings.Contains(told, "Deposito dicairkan") || !strings.Contains(told, "Pokok: *Rp100.000.000*") {
		w.t.Errorf("Dewi was told:\n%s", told)
	}
	_, err := w.breakDeposit("break-dewi", dep.Account.Number)
	wantRefusal(w.t, err, coop.DepositClosed)
	err = w.db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := coop.ChangeInstruction(context.Background(), tx, "id", dep.Account.Number, store.AROPrincipal, w.now)
		return err
	})
	wantRefusal(w.t, err, coop.DepositClosed)
}

func (w depositWorld) budiRolledOver(dep store.TimeDeposit, tax, expense store.Account) {
	w.t.Helper()
	// 15 Oct 2025 to 15 Oct 2026, 365 days: 10,000,000 × 550 × 365 / 3,650,000 = 550,000,
	// 55,000 withheld, 495,000 to his tabungan; the principal rolls over at 6%, the rate on 15 Oct.
	w.rolledOver("Budi", dep, aTerm{term: 2, principal: 10_000_000, rate: 600, start: "2026-10-15", maturity: "2027-10-15"})
	// Tax so far: Dewi's 297,531 (46,027 + 3 × 50,958 + 2 × 49,315) and Budi's 55,000.
	w.want("tax payable", w.system(store.AccountTaxPayable).Amount()-tax.Amount(), 297_531+55_000)
	// Interest paid so far: Siti's 163,643, Dewi's 2,975,340 (gross), Agus's 30,245, Budi's 550,000.
	w.want("interest expense", w.system(store.AccountInterestExpense).Amount()-expense.Amount(), 163_643+2_975_340+30_245+550_000)
	if told := w.told(budi); !strings.Contains(told, "Rp550.000 − pajak Rp55.000 = Rp495.000, masuk ke Tabungan Sejahtera") {
		w.t.Errorf("Budi was told:\n%s", told)
	}
}

// earlyWithdrawal breaks Agus's deposit on 20 June.
func (w depositWorld) earlyWithdrawal(dep store.TimeDeposit, before int64) {
	w.t.Helper()
	// Interest paid monthly: 15 Mar-15 Apr 31 days 2,000,000 × 600 × 31 / 3,650,000 = 10,191;
	// 15 Apr-15 May 30 days 9,863; 15 May-15 Jun 10,191: 30,245 kept. 15 to 20 Jun, 5 days,
	// 1,643, is forfeited; the penalty is 1% of 2,000,000 = 20,000; 1,980,000 back to savings.
	b, err := w.breakDeposit("break-agus", dep.Account.Number)
	if err != nil {
		w.t.Fatal(err)
	}
	w.want("penalty", b.Penalty, 20_000)
	w.want("paid to savings", b.Receipt.Amount, 1_980_000)
	w.want("forfeited", b.Forfeited, 1_643)
	w.want("Agus's tabungan since placing", w.tabungan(agus).Amount()-before, -2_000_000+30_245+1_980_000)
	again, err := w.breakDeposit("break-agus", dep.Account.Number)
	if err != nil || !again.Receipt.Duplicate || again.Receipt.Amount != 1_980_000 {
		w.t.Errorf("the same withdrawal again: %+v, %v", again, err)
	}
	_, err = w.breakDeposit("break-agus-2", dep.Account.Number)
	wantRefusal(w.t, err, coop.DepositClosed)
	if told := w.told(agus); !strings.Contains(told, "Penalti: Rp20.000") || !strings.Contains(told, "Bunga berjalan Rp1.643 tidak dibayarkan") {
		w.t.Errorf("Agus was told:\n%s", told)
	}
}

// Buka Deposito's summary: every month of a monthly deposit by actual days, taxed month by
// month, and the order's amount and tenor checked against the product.
func TestQuoteDeposit(t *testing.T) {
	p := store.Product{Code: "DEPB", Kind: store.ProductDeposito, Name: "Deposito Bulanan", MinOpening: 1_000_000, RateBP: 600,
		Params: store.ProductParams{Tenors: []int{6, 12}, InterestPayout: store.PayoutMonthly, EarlyPenaltyBP: 100}.JSON()}
	start := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	order := coop.DepositOrder{Product: p, Amount: 100_000_000, Tenor: 6, Instruction: store.PayOut, Today: start}
	q, err := coop.QuoteDeposit(order, coop.DefaultBooks)
	if err != nil {
		t.Fatal(err)
	}
	// As Dewi's deposit in TestDepositsOverAYear: 460,273 + 3 × 509,589 + 2 × 493,150 =
	// 2,975,340 gross, 297,531 tax; the first month (28 days) nets 414,246.
	if q.Interest != 2_975_340 || q.Tax != 297_531 || q.FirstMonth != 414_246 || !q.Monthly || q.PenaltyBP != 100 ||
		q.Maturity.Format("2006-01-02") != "2026-08-01" {
		t.Errorf("quote: %+v", q)
	}
	// At maturity instead: one period of 181 days, 100,000,000 × 600 × 181 / 3,650,000 =
	// 2,975,342.47 -> 2,975,342, taxed once: 297,534.
	p.Params = store.ProductParams{Tenors: []int{6, 12}}.JSON()
	order.Product = p
	if q, err = coop.QuoteDeposit(order, coop.DefaultBooks); err != nil || q.Interest != 2_975_342 || q.Tax != 297_534 || q.Monthly {
		t.Errorf("quote at maturity: %+v, %v", q, err)
	}
	order.Amount = 999_999
	_, err = coop.QuoteDeposit(order, coop.DefaultBooks)
	wantRefusal(t, err, coop.BelowMinOpening)
	order.Amount, order.Tenor = 1_000_000, 5
	_, err = coop.QuoteDeposit(order, coop.DefaultBooks)
	wantRefusal(t, err, coop.BadTenor)
}
