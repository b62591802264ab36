package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// The demo is one place: the branch and products of the default config, and the members
// `kopbot demo` loads into them. The default config, `kopbot demo`, the bench and the
// conversation tests all read them from here.

// DemoBranch is the branch of the default config, where the demo members belong.
var DemoBranch = Branch{ID: "pusat", Code: "01", Name: "Kantor Pusat"}

// DemoBankAccounts is the demo branch's bank account members transfer to (a number no one holds).
var DemoBankAccounts = []BankAccount{{Bank: "BRI", Number: "000101000000300", Name: "Koperasi Simpan Pinjam Sejahtera"}}

// DemoProduct is one of the products of the default config (config.example.yaml has
// them too), which the demo members' accounts are opened in.
type DemoProduct struct {
	Code, Kind, Name       string
	MinOpening, MinBalance int64
	RateBP                 int64
	Settings               ProductParams
}

// Product is p as the store keeps it.
func (p DemoProduct) Product() Product {
	return Product{Code: p.Code, Kind: p.Kind, Name: p.Name, MinOpening: p.MinOpening, MinBalance: p.MinBalance, RateBP: p.RateBP,
		Params: p.Settings.JSON()}
}

// DemoProducts are the products of the default config.
var DemoProducts = []DemoProduct{
	{Code: "SP", Kind: ProductPokok, Name: "Simpanan Pokok", Settings: ProductParams{Amount: 100_000}},
	{Code: "SW", Kind: ProductWajib, Name: "Simpanan Wajib", Settings: ProductParams{Amount: 50_000}},
	{Code: "SS", Kind: ProductSukarela, Name: "Simpanan Sukarela", MinOpening: 10_000, RateBP: 200, Settings: ProductParams{InterestMethod: "daily_balance"}},
	{Code: "TAB", Kind: ProductTabungan, Name: "Tabungan Sejahtera", MinOpening: 50_000, MinBalance: 25_000, RateBP: 300,
		Settings: ProductParams{InterestMethod: "daily_balance"}},
	{Code: "DEP", Kind: ProductDeposito, Name: "Deposito Berjangka", MinOpening: 1_000_000, RateBP: 550, Settings: ProductParams{Tenors: []int{3, 6, 12}, InterestPayout: PayoutMaturity, EarlyPenaltyBP: 100}},
	{Code: "PIN", Kind: ProductPinjaman, Name: "Pinjaman Usaha", RateBP: 1200, Settings: ProductParams{Method: "flat", MaxTenor: 36, MaxAmount: 50_000_000, FeeCollection: "deduct", Prepayment: "shorten_tenor"}},
}

// DemoMember is one of the demo members, listed in README.
type DemoMember struct {
	Phone, No, Name, NIK, Birth, Gender, Address, Occupation string
	// Shop, when not empty, is the name the member takes QRIS payments under: the demo
	// merchant of Terima QRIS and Saldo Soundbox.
	Shop string
}

// DemoMembers are the people `kopbot demo` loads.
var DemoMembers = []DemoMember{
	{"6281200000001", "01.00001", "Budi Santoso", "3204011708900001", "1990-08-17", "L", "Jl. Merdeka No. 10, Bandung", "Pedagang", ""},
	{"6281200000002", "01.00002", "Siti Rahmawati", "3204015503880002", "1988-03-15", "P", "Jl. Asia Afrika No. 5, Bandung", "Guru", ""},
	{"6281200000003", "01.00003", "Agus Wijaya", "3204010201850003", "1985-01-02", "L", "Jl. Braga No. 21, Bandung", "Pemilik warung", "WARUNG AGUS WIJAYA"},
	{"6281200000004", "01.00004", "Dewi Lestari", "3204016412920004", "1992-12-24", "P", "Jl. Dago No. 3, Bandung", "Karyawan swasta", ""},
	{"6281200000005", "01.00005", "Rina Marlina", "3204014706950005", "1995-06-07", "P", "Jl. Cihampelas No. 8, Bandung", "Penjahit", ""},
}

// SyncDemoSetup syncs the demo branch and products, as the default config does at start:
// what SeedDemo needs, for tests that start from the demo without a config.
func (tx *Tx) SyncDemoSetup(ctx context.Context) error {
	if err := tx.SyncBranch(ctx, DemoBranch); err != nil {
		return err
	}
	for _, p := range DemoProducts {
		if _, err := tx.SyncProduct(ctx, p.Product()); err != nil {
			return err
		}
	}
	return nil
}

// SeedDemo loads the demo members, their accounts with a few months of history,
// a time deposit and a loan into branch, laid out around now. Members already
// present are left as they are, so running it twice changes nothing.
// It reports how many members it added.
//
// pinHash, when not empty, becomes the PIN of every demo member but the last, who is left
// without one to show how a member links their WhatsApp and sets a PIN.
func (db *DB) SeedDemo(ctx context.Context, branch string, now time.Time, pinHash string) (int, error) {
	added := 0
	for i, dm := range DemoMembers {
		err := db.Update(ctx, func(tx *Tx) error {
			if _, err := tx.MemberByPhone(ctx, dm.Phone); err == nil {
				return nil
			} else if !errors.Is(err, ErrNotFound) {
				return err
			}
			if err := tx.seedDemoMember(ctx, branch, now, i, dm); err != nil {
				return err
			}
			// The first four have used the branch's WhatsApp (they set their PIN there), so
			// reminders may write to them; the last never has.
			if i < len(DemoMembers)-1 {
				if err := tx.MarkChatted(ctx, branch, dm.Phone, now); err != nil {
					return err
				}
			}
			if pinHash != "" && i < len(DemoMembers)-1 {
				m, err := tx.MemberByPhone(ctx, dm.Phone)
				if err != nil {
					return err
				}
				if err := tx.SetPIN(ctx, m.ID, pinHash); err != nil {
					return err
				}
			}
			added++
			return nil
		})
		if err != nil {
			return added, fmt.Errorf("demo member %s: %w", dm.No, err)
		}
	}
	return added, nil
}

// seedDemoMember loads demo member i: the member, their KTP verified (all but the last),
// pokok and wajib, and for all but the last a savings history; the first has a time
// deposit and the second a loan.
func (tx *Tx) seedDemoMember(ctx context.Context, branch string, now time.Time, i int, dm DemoMember) error {
	byKind, err := tx.demoProductsByKind(ctx)
	if err != nil {
		return err
	}
	birth, err := time.Parse(dateLayout, dm.Birth)
	if err != nil {
		return err
	}
	loc := now.Location()
	month0 := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	joined := month0.AddDate(0, -6, 2).Add(9 * time.Hour)
	m, err := tx.CreateMember(ctx, Member{Branch: branch, No: dm.No, NIK: dm.NIK, Name: dm.Name, BirthDate: birth, Gender: dm.Gender,
		Address: dm.Address, Occupation: dm.Occupation, Phone: dm.Phone, Status: MemberActive, JoinedAt: joined})
	if err != nil {
		return err
	}
	if i < 4 { // Rina, the last demo member, has neither linked her WhatsApp nor verified her KTP yet
		v, err := tx.CreateKTPVerification(ctx, KTPVerification{Branch: branch, MemberID: m.ID, NIK: dm.NIK, Name: dm.Name,
			BirthDate: birth, Verifier: "manual", Status: KTPReview})
		if err != nil {
			return err
		}
		if err := tx.DecideKTP(ctx, v.ID, KTPVerified, "", "demo"); err != nil {
			return err
		}
	}
	cash, err := tx.SystemAccount(ctx, branch, AccountCash)
	if err != nil {
		return err
	}
	s := &demoSeed{tx: tx, branch: branch, no: dm.No, member: m.ID, cash: cash, byKind: byKind, now: now, month0: month0, joined: joined}
	// Simpanan wajib paid each month since joining; the last demo member is two months behind.
	if i == 4 {
		return s.pokokAndWajib(ctx, 4)
	}
	if err := s.pokokAndWajib(ctx, 6); err != nil {
		return err
	}
	if err := s.tabungan(ctx, int64(500_000*(i+1))); err != nil {
		return err
	}
	switch i {
	case 0:
		return s.timeDeposit(ctx)
	case 1:
		return s.loan(ctx)
	}
	return nil
}

// demoProductsByKind is the first product of each kind, checking the demo has every kind it uses.
func (tx *Tx) demoProductsByKind(ctx context.Context) (map[string]Product, error) {
	products, err := tx.Products(ctx)
	if err != nil {
		return nil, err
	}
	byKind := map[string]Product{}
	for _, p := range products {
		if _, ok := byKind[p.Kind]; !ok {
			byKind[p.Kind] = p
		}
	}
	for _, k := range []string{ProductPokok, ProductWajib, ProductTabungan, ProductDeposito, ProductPinjaman} {
		if _, ok := byKind[k]; !ok {
			return nil, fmt.Errorf("the demo needs a product of kind %s in config", k)
		}
	}
	return byKind, nil
}

// demoSeed is one demo member's history being written: every movement comes from the
// branch's cash, under the key demo:<member no>:<n>, n counting the member's movements.
type demoSeed struct {
	tx                  *Tx
	branch, no          string
	member              int64
	cash                Account
	byKind              map[string]Product
	now, month0, joined time.Time
	seq                 int
	tab                 Account // the member's tabungan, once opened
}

// key is the idempotency key of the member's next movement.
func (s *demoSeed) key() string {
	s.seq++
	return fmt.Sprintf("demo:%s:%d", s.no, s.seq)
}

// post moves amount from the branch's cash to the account to.
func (s *demoSeed) post(ctx context.Context, kind JournalKind, memo Memo, at time.Time, to Account, amount int64) error {
	_, _, err := s.tx.Post(ctx, Entry{Key: s.key(), Branch: s.branch, Kind: kind, Memo: memo,
		AuthorKind: AuthorSystem, AuthorID: "demo", At: at,
		Postings: []Posting{{Account: to.ID, Amount: amount}, {Account: s.cash.ID, Amount: -amount}}})
	return err
}

func (s *demoSeed) open(ctx context.Context, p Product, at time.Time) (Account, error) {
	return s.tx.OpenAccount(ctx, OpenAccount{Branch: s.branch, MemberID: s.member, Product: p, Name: p.Name, At: at})
}

// pokokAndWajib opens simpanan pokok, paid on joining, and simpanan wajib, paid for the
// first paidMonths months since.
func (s *demoSeed) pokokAndWajib(ctx context.Context, paidMonths int) error {
	pokok, err := s.open(ctx, s.byKind[ProductPokok], s.joined)
	if err != nil {
		return err
	}
	if err := s.post(ctx, KindCashDeposit, Memo{Kind: MemoPokokDeposit}, s.joined, pokok, 100_000); err != nil {
		return err
	}
	wajib, err := s.open(ctx, s.byKind[ProductWajib], s.joined)
	if err != nil {
		return err
	}
	for k := 0; k < paidMonths; k++ {
		at := s.month0.AddDate(0, k-6, 4).Add(10 * time.Hour)
		if err := s.post(ctx, KindCashDeposit, WajibDepositMemo(at), at, wajib, 50_000); err != nil {
			return err
		}
	}
	return nil
}

// tabungan opens a savings account with base and five months of deposits and withdrawals.
func (s *demoSeed) tabungan(ctx context.Context, base int64) error {
	tab, err := s.open(ctx, s.byKind[ProductTabungan], s.joined)
	if err != nil {
		return err
	}
	s.tab = tab
	history := []struct {
		day    int
		memo   MemoKind
		amount int64
	}{
		{-160, MemoFirstDeposit, base},
		{-120, MemoCashDeposit, 750_000},
		{-95, MemoCashWithdrawal, -200_000},
		{-60, MemoCashDeposit, 1_250_000},
		{-33, MemoCashWithdrawal, -300_000},
		{-12, MemoCashDeposit, 400_000},
	}
	for _, h := range history {
		at := time.Date(s.now.Year(), s.now.Month(), s.now.Day(), 11, 0, 0, 0, s.now.Location()).AddDate(0, 0, h.day)
		kind := KindCashDeposit
		if h.amount < 0 {
			kind = KindCashWithdrawal
		}
		if err := s.post(ctx, kind, Memo{Kind: h.memo}, at, tab, h.amount); err != nil {
			return err
		}
	}
	return nil
}

// timeDeposit places a time deposit of 12 months, opened three months ago.
func (s *demoSeed) timeDeposit(ctx context.Context) error {
	dp := s.byKind[ProductDeposito]
	start := s.month0.AddDate(0, -3, 14)
	acct, err := s.open(ctx, dp, start)
	if err != nil {
		return err
	}
	if err := s.post(ctx, KindPlacement, Memo{Kind: MemoPlacement, Months: 12}, start.Add(10*time.Hour), acct, 10_000_000); err != nil {
		return err
	}
	_, err = s.tx.CreateTimeDeposit(ctx, TimeDeposit{Account: acct, Principal: 10_000_000, RateBP: dp.RateBP, TenorMonths: 12,
		Start: start, Maturity: start.AddDate(1, 0, 0), Instruction: AROPrincipal, Payout: s.tab, InterestPayout: dp.Settings().InterestPayout})
	return err
}

// loan disburses 10,000,000 over 12 months three months ago, with three installments paid.
func (s *demoSeed) loan(ctx context.Context) error {
	lp := s.byKind[ProductPinjaman]
	start := s.month0.AddDate(0, -3, 9)
	acct, err := s.open(ctx, lp, start)
	if err != nil {
		return err
	}
	const principal = 10_000_000
	if err := s.post(ctx, KindDisbursement, Memo{Kind: MemoDisbursement}, start.Add(10*time.Hour), acct, -principal); err != nil {
		return err
	}
	schedule := FlatSchedule(principal, lp.RateBP, 12, start)
	income, err := s.tx.SystemAccount(ctx, s.branch, AccountIncome)
	if err != nil {
		return err
	}
	var paid [3]int64 // the installments' journal IDs
	for k := range paid {
		in := &schedule[k]
		at := in.Due.Add(9 * time.Hour)
		id, _, err := s.tx.Post(ctx, Entry{Key: s.key(), Branch: s.branch, Kind: KindInstallment,
			Memo: InstallmentMemo(in.No, in.No), AuthorKind: AuthorSystem, AuthorID: "demo", At: at,
			Postings: []Posting{{Account: s.cash.ID, Amount: -in.Total()}, {Account: acct.ID, Amount: in.Principal}, {Account: income.ID, Amount: in.Interest}}})
		if err != nil {
			return err
		}
		in.Paid, in.PaidAt, paid[k] = in.Total(), at, id
	}
	l, err := s.tx.CreateLoan(ctx, Loan{Account: acct, Principal: principal, RateBP: lp.RateBP, Method: "flat", TenorMonths: 12, Start: start}, schedule)
	if err != nil {
		return err
	}
	// Each payment's split, as a teller's payment records it: reversals and SHU's interest paid read it.
	for k, id := range paid {
		in := schedule[k]
		if err := s.tx.RecordAllocations(ctx, id, []InstallmentAllocation{{LoanID: l.ID, No: in.No, Interest: in.Interest, Principal: in.Principal}}); err != nil {
			return err
		}
	}
	return nil
}

// FlatSchedule splits a flat-rate loan into monthly installments due on the start's day of month.
// Interest each month is principal × yearly rate ÷ 12, rounded half up to the rupiah; the
// principal is divided evenly, rounded down, and the remainder is added to the last installment,
// so the principal parts always sum to the principal exactly.
func FlatSchedule(principal, rateBP int64, months int, start time.Time) []Installment {
	if months < 1 {
		return nil
	}
	interest := (principal*rateBP + 60_000) / 120_000 // ÷ 10,000 for basis points, ÷ 12 for months, half up
	part := principal / int64(months)
	out := make([]Installment, months)
	for k := range out {
		out[k] = Installment{No: k + 1, Due: AddMonths(start, k+1), Principal: part, Interest: interest}
	}
	out[months-1].Principal += principal - part*int64(months)
	return out
}

// AddMonths moves t by n calendar months, keeping its day of month but never past the
// month's last day: 31 January plus one month is 28 (or 29) February, not early March.
func AddMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month(), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location()).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	day := t.Day()
	if day > last {
		day = last
	}
	return first.AddDate(0, 0, day-1)
}
