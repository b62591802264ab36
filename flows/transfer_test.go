package flows_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

// transferWorld is n members with a Tabungan Sejahtera of start rupiah each and PIN 147258.
func transferWorld(t testing.TB, n int, start int64) (*store.DB, []string, []string) {
	t.Helper()
	db := openDB(t, time.Now)
	phones, accounts := tabMembers(t, db, n, "62814000", "01.8", flows.CheapPINHash("147258"), func(int) int64 { return start })
	return db, phones, accounts
}

// tabMembers adds n active members (phone phonePrefix and number noPrefix followed by i,
// named Anggota i), each with a PIN of hash unless it is empty and a Tabungan Sejahtera
// of amount(i) rupiah paid in cash. It returns their phones and account numbers.
func tabMembers(t testing.TB, db *store.DB, n int, phonePrefix, noPrefix, hash string, amount func(i int) int64) (phones, accounts []string) {
	t.Helper()
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		cash, err := tx.SystemAccount(ctx, "pusat", store.AccountCash)
		if err != nil {
			return err
		}
		tab, err := tx.ProductByCode(ctx, "TAB")
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			phone := fmt.Sprintf("%s%05d", phonePrefix, i)
			m, err := tx.CreateMember(ctx, store.Member{Branch: "pusat", No: fmt.Sprintf("%s%04d", noPrefix, i), Name: fmt.Sprintf("Anggota %02d", i),
				Phone: phone, Status: store.MemberActive})
			if err != nil {
				return err
			}
			if hash != "" {
				if err := tx.SetPIN(ctx, m.ID, hash); err != nil {
					return err
				}
			}
			a, err := tx.OpenAccount(ctx, store.OpenAccount{Branch: "pusat", MemberID: m.ID, Product: tab, Name: tab.Name})
			if err != nil {
				return err
			}
			if _, _, err := tx.Post(ctx, store.Entry{Key: "seed:" + phone, Branch: "pusat", Kind: store.KindCashDeposit, AuthorKind: store.AuthorSystem,
				Postings: []store.Posting{{Account: a.ID, Amount: amount(i)}, {Account: cash.ID, Amount: -amount(i)}}}); err != nil {
				return err
			}
			phones, accounts = append(phones, phone), append(accounts, a.Number)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return phones, accounts
}

func scalar(t *testing.T, raw *sql.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := raw.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// Members transfer at once through the real runner and SQLite: money is conserved, no
// balance goes below zero, and every transfer a member got a receipt for is in the journal
// exactly once.
func TestConcurrentTransfersConserveMoney(t *testing.T) {
	goroutines, perGoroutine := 50, 100
	switch {
	case testing.Short():
		goroutines, perGoroutine = 10, 20
	case raceDetector:
		// 50 goroutines still race each other; 5,000 transfers would take minutes.
		goroutines, perGoroutine = 50, 5
	}
	const members, start = 20, 1_000_000
	db, phones, accounts := transferWorld(t, members, start)
	r := newRunner(t, db, time.Now)
	ctx := context.Background()
	var locks [members]sync.Mutex // a member holds one conversation at a time, as a person does
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []error
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 7))
			for k := 0; k < perGoroutine; k++ {
				from, to := rng.IntN(members), rng.IntN(members-1)
				if to >= from {
					to++
				}
				amount := 1 + rng.Int64N(120_000)
				locks[from].Lock()
				for i, text := range []string{"transfer", accounts[to], fmt.Sprint(amount), "ya", "147258"} {
					in := flows.Input{Branch: "pusat", From: phones[from], MessageID: fmt.Sprintf("g%d-k%d-%d", g, k, i), Text: text}
					if err := r.Handle(ctx, in); err != nil {
						mu.Lock()
						failures = append(failures, err)
						mu.Unlock()
					}
				}
				locks[from].Unlock()
			}
		}()
	}
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d messages failed; first: %v", len(failures), failures[0])
	}
	raw := storetest.Raw(t, db)
	if total := scalar(t, raw, `SELECT SUM(balance) FROM accounts WHERE kind = 'savings'`); total != members*start {
		t.Errorf("members' savings total %d, want %d: money was made or lost", total, members*start)
	}
	if neg := scalar(t, raw, `SELECT COUNT(*) FROM accounts WHERE kind = 'savings' AND balance < 0`); neg != 0 {
		t.Errorf("%d savings accounts went below zero", neg)
	}
	receipts := scalar(t, raw, `SELECT COUNT(*) FROM outbox WHERE text LIKE '%Transfer berhasil%'`)
	journals := scalar(t, raw, `SELECT COUNT(*) FROM journal WHERE kind = 'transfer'`)
	distinctRefs := scalar(t, raw, `SELECT COUNT(DISTINCT substr(text, instr(text, 'TRX-'), 10)) FROM outbox WHERE text LIKE '%Transfer berhasil%'`)
	if receipts == 0 || receipts != journals || distinctRefs != receipts {
		t.Errorf("%d receipts (%d distinct references) for %d transfers in the journal: each receipt must be one transfer", receipts, distinctRefs, journals)
	}
	if unbalanced := scalar(t, raw, `SELECT COUNT(*) FROM (SELECT journal_id FROM postings GROUP BY journal_id HAVING SUM(amount) != 0)`); unbalanced != 0 {
		t.Errorf("%d journal transactions do not balance", unbalanced)
	}
	t.Logf("%d transfers applied of %d attempted", journals, goroutines*perGoroutine)
}

// The confirming message delivered twice, even at the same moment, moves money once.
func TestConfirmingMessageTwiceMovesMoneyOnce(t *testing.T) {
	db, phones, accounts := transferWorld(t, 2, 500_000)
	r := newRunner(t, db, time.Now)
	ctx := context.Background()
	for i, text := range []string{"transfer", accounts[1], "100rb", "ya"} {
		if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: phones[0], MessageID: fmt.Sprint("m", i), Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	pin := flows.Input{Branch: "pusat", From: phones[0], MessageID: "PIN-ONCE", Text: "147258"}
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.Handle(ctx, pin); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	raw := storetest.Raw(t, db)
	if n := scalar(t, raw, `SELECT COUNT(*) FROM journal WHERE kind = 'transfer'`); n != 1 {
		t.Fatalf("%d transfers for one confirming message delivered three times", n)
	}
	if b := scalar(t, raw, `SELECT balance FROM accounts WHERE number = ?`, accounts[1]); b != 600_000 {
		t.Errorf("recipient has %d, want 600000", b)
	}
}

// The daily limit counts every transfer of the day, and a new day starts afresh.
func TestDailyTransferLimit(t *testing.T) {
	db, phones, accounts := transferWorld(t, 2, 5_000_000)
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	r := newRunner(t, db, func() time.Time { return now })
	r.Rules.TransferMax, r.Rules.TransferDailyMax = 1_000_000, 1_500_000
	ctx := context.Background()
	n := 0
	say := func(texts ...string) string {
		for _, text := range texts {
			n++
			if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: phones[0], MessageID: fmt.Sprint("d", n), Text: text, At: now}); err != nil {
				t.Fatal(err)
			}
		}
		msgs := outbox(t, db)
		return msgs[len(msgs)-1].Text
	}
	send := func(amount string) string { return say("transfer", accounts[1], amount, "ya", "147258") }
	if got := send("1jt"); !strings.Contains(got, "Transfer berhasil") {
		t.Fatalf("first transfer: %q", got)
	}
	// Over the limit, a smaller amount is asked right there: the transfer goes on.
	if got := say("transfer", accounts[1], "600rb"); !strings.Contains(got, "Hari ini Anda masih bisa mengirim sampai Rp500.000") {
		t.Fatalf("over the daily limit: %q", got)
	}
	if got := say("500rb", "ya", "147258"); !strings.Contains(got, "Transfer berhasil") {
		t.Fatalf("the smaller amount: %q", got)
	}
	if got := say("transfer"); !strings.Contains(got, "sudah terpakai semua hari ini") {
		t.Fatalf("with the limit used up: %q", got)
	}
	now = now.Add(24 * time.Hour)
	if got := send("600rb"); !strings.Contains(got, "Transfer berhasil") {
		t.Fatalf("next day: %q", got)
	}
}

// A suspended or departed member's account receives no transfers: the sender hears why when giving the
// number, or at the PIN when the member was suspended meanwhile, and no money moves.
func TestTransferToSuspendedOrDepartedMemberRefused(t *testing.T) {
	db, phones, accounts := transferWorld(t, 3, 500_000)
	r := newRunner(t, db, time.Now)
	ctx := context.Background()
	raw := storetest.Raw(t, db)
	setStatus := func(phone string, status store.MemberStatus) {
		t.Helper()
		if _, err := raw.Exec(`UPDATE members SET status = ? WHERE phone = ?`, string(status), phone); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	say := func(texts ...string) string {
		t.Helper()
		for _, text := range texts {
			n++
			if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: phones[0], MessageID: fmt.Sprint("s", n), Text: text}); err != nil {
				t.Fatal(err)
			}
		}
		msgs := outbox(t, db)
		return msgs[len(msgs)-1].Text
	}
	setStatus(phones[1], store.MemberSuspended)
	got := say("transfer", accounts[1])
	if !strings.Contains(got, "sedang dibekukan keanggotaannya") || !strings.Contains(got, "tidak bisa menerima transfer") {
		t.Fatalf("to a suspended member: %q", got)
	}
	if strings.Contains(got, accounts[1]) {
		t.Errorf("the full account number in the answer: %q", got)
	}
	// Gone between the destination and the PIN.
	if got := say("transfer", accounts[2], "100rb", "ya"); !strings.Contains(got, "PIN") {
		t.Fatalf("before the PIN: %q", got)
	}
	setStatus(phones[2], store.MemberClosed)
	if got := say("147258"); !strings.Contains(got, "sudah tidak menjadi anggota koperasi") {
		t.Fatalf("to a member who left meanwhile: %q", got)
	}
	if k := scalar(t, raw, `SELECT COUNT(*) FROM journal WHERE kind = 'transfer'`); k != 0 {
		t.Errorf("%d transfers booked to members who may not receive", k)
	}
}
