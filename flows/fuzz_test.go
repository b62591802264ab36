package flows_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
)

// fuzzPhones are who writes in FuzzBot: the demo members (Rina without a PIN) and a stranger.
var fuzzPhones = []string{"6281200000001", "6281200000002", "6281200000003", "6281200000004", "6281200000005", "6289900000099"}

// fuzzAdmin is the branch's admin: told of members asking for a person, with their data.
const fuzzAdmin = "6281299990099"

// FuzzBot feeds whole conversations to the real runner on a real SQLite file: random text,
// numbers, emoji, very long messages and photos, from random members in random flows. Each
// input is a script, one message a line: the first byte picks the sender (fuzzPhones, by
// its value), the second what happens (t text, i photo with caption, L the text made 10 KB
// long, d the previous message delivered again, w 16 minutes pass and quiet sessions and
// handovers end),
// the rest is the text. After each script: nothing panicked or broke, every message was
// answered (a redelivered one is deliberately ignored, and so is one from a member handed
// over to staff, unless it handed them back to the bot), the ledger holds, and no member was
// told another member's name, phone or account number they had not typed themselves.
//
// The database is made once per fuzzing process and kept across inputs, so later inputs
// meet the state earlier ones left (sessions mid-flow, locked PINs, moved money).
func FuzzBot(f *testing.F) {
	for _, seed := range []string{
		"0tmenu\n0t3\n0t3\n0toktober 2026\n",
		"0ttransfer\n0t6281200000002\n0t50rb\n0tya\n0t147258\n",
		"1t7\n1t0812-0000-0001\n1tRp 1,5 jt\n1tya\n1t000000\n1t111111\n1t147258\n",
		"2tqris\n2t25.000\n2tKopi susu 🍵\n3tqris\n",
		"3t10\n3t5jt\n3t12 bulan\n3t1\n3t147258\n",
		"4tregistrasi\n4t3204014706950005\n4t07-06-1995\n4t135790\n4t135790\n",
		"5thalo\n5tdaftar\n5tSiti Rahmawati\n5t3204015503880002\n5i[KTP]\n",
		"0t🙏🙏🙏\n0t💰 saldo?\n0L🤑\n0t\n0t-1\n0t99999999999999999999\n",
		"1tsetoran\n1t1\n1t500rb\n1tBCA\n1i\n1tbatal\n",
		"0ttransfer\n0t2\n0d\nw\n0t147258\n",
		"2tganti pin\n2t147258\n2t246810\n2t246810\n2tpin\n",
		"3tbahasa en\n3tbalance\n3tmenu\n3tbantuan\n",
		"1tbayar angsuran\n1t1\n1t1\n1tya\n1t147258\n",
		"0tpenarikan\n0t1\n0t100rb\n0tBRI 1234567890 Budi\n0tya\n0t147258\n",
		"0L1.000.000\n0t" + strings.Repeat("9", 300) + "\n",
		"0tcs\n0thalo\n0i\n0tMenu!\n0tsaldo\n",
		"1ttransfer\n1thubungi petugas\n1t147258\n1d\n1tbot\n5tadmin\n5tmenu\n",
	} {
		f.Add([]byte(seed))
	}
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	clock := func() time.Time { return now }
	db := openDB(f, clock)
	// A cheap hash of the demo PIN: the real argon2id would make each PIN a 25 ms wait.
	if _, err := db.SeedDemo(ctx, "pusat", now, flows.CheapPINHash(flows.DemoPIN)); err != nil {
		f.Fatal(err)
	}
	seedDB(f, db, []byte("merchant 6281200000003\n"), now)
	r := newRunner(f, db, clock)
	r.MediaDir = f.TempDir()
	r.Admins = map[string][]string{"pusat": {fuzzAdmin}}
	// Staff answer at any hour and give up after 10 minutes, so that the database kept
	// across inputs does not fill up with members the bot keeps quiet for.
	r.Handover = flows.HandoverRules{OfficeOpen: 0, OfficeClose: 24 * time.Hour, AnswerWithin: 5 * time.Minute, Timeout: 10 * time.Minute,
		OfficeDays: []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}}
	secrets := fuzzSecrets(f, db)
	n := 0
	// phone -> what it typed lately, to tell an echo from a leak. Kept across inputs, as the
	// database is: a session left mid-flow by one input echoes what was typed in an earlier one.
	typed := map[string]string{}

	f.Fuzz(func(t *testing.T, script []byte) {
		lines := strings.Split(string(script), "\n")
		if len(lines) > 40 {
			lines = lines[:40]
		}
		var last flows.Input
		for _, line := range lines {
			if len(line) < 2 {
				continue
			}
			from := fuzzPhones[int(line[0])%len(fuzzPhones)]
			text := line[2:]
			now = now.Add(7 * time.Second)
			n++
			in := flows.Input{Branch: "pusat", From: from, MessageID: fmt.Sprintf("FUZZ%08d", n), Text: text, At: now}
			dup := false
			switch line[1] {
			case 'w':
				now = now.Add(16 * time.Minute)
				if _, err := r.ExpireSessions(ctx); err != nil {
					t.Fatalf("expire sessions: %v", err)
				}
				if _, err := r.EndHandovers(ctx, time.Time{}); err != nil {
					t.Fatalf("end handovers: %v", err)
				}
				deliverFuzz(t, db, secrets, typed)
				continue
			case 'i':
				in.Image = "testdata/ktp-joko.jpg"
			case 'L':
				in.Text = strings.Repeat(text+" ", 10_000/(len(text)+1)+1)
			case 'd':
				if last.MessageID == "" {
					continue
				}
				in, dup = last, true
			}
			remember := in.Text
			if line[1] == 'L' {
				remember = text // the long text only repeats it
			}
			if typed[in.From] += "\n" + remember; len(typed[in.From]) > 64<<10 {
				typed[in.From] = typed[in.From][len(typed[in.From])-64<<10:]
			}
			quietBefore := handedOver(t, db, in)
			if err := r.Handle(ctx, in); err != nil {
				t.Fatalf("message %q from %s: %v", in.Text, in.From, err)
			}
			replies := deliverFuzz(t, db, secrets, typed)
			answered := replies[in.MessageID]
			switch {
			case dup && answered > 0:
				t.Fatalf("message %q delivered again was answered again (%d replies)", in.Text, answered)
			case !dup && quietBefore && answered > 0 && handedOver(t, db, in):
				t.Fatalf("message %q from %s, handed over to staff, was answered by the bot", in.Text, in.From)
			case !dup && quietBefore && answered == 0 && !handedOver(t, db, in):
				t.Fatalf("message %q from %s ended the handover but got no answer", in.Text, in.From)
			case !dup && !quietBefore && answered == 0:
				t.Fatalf("message %q from %s got no answer", in.Text, in.From)
			}
			last = in
		}
		err := db.View(ctx, func(tx *store.Tx) error {
			rep, err := tx.CheckLedger(ctx)
			if err != nil {
				return err
			}
			if !rep.OK() {
				t.Fatalf("the ledger does not hold: %+v", rep.Violations)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// handedOver reports whether in's chat is handed over to staff, the bot keeping quiet.
func handedOver(t *testing.T, db *store.DB, in flows.Input) bool {
	t.Helper()
	var until time.Time
	err := db.View(context.Background(), func(tx *store.Tx) error {
		s, err := tx.Session(context.Background(), in.Branch, in.From)
		until = s.HandedOver
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return !until.IsZero() && in.At.Before(until)
}

// fuzzSecrets are, for each member, what no other member may be shown: their name, phone
// numbers and account numbers in full.
func fuzzSecrets(tb testing.TB, db *store.DB) map[string][]string {
	ctx := context.Background()
	out := map[string][]string{}
	err := db.View(ctx, func(tx *store.Tx) error {
		for _, phone := range fuzzPhones {
			m, err := tx.MemberByPhone(ctx, phone)
			if err != nil {
				continue // the stranger
			}
			out[phone] = []string{m.Name, m.Phone, "0" + strings.TrimPrefix(m.Phone, "62"), m.NIK}
			for _, kind := range []string{store.AccountSavings, store.AccountDeposit, store.AccountLoan} {
				accounts, err := tx.AccountsOfMember(ctx, m.ID, kind)
				if err != nil {
					return err
				}
				for _, a := range accounts {
					out[phone] = append(out[phone], a.Number)
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// deliverFuzz marks everything queued sent, as a transport would, checks no reply tells a
// member another's secrets (unless they typed them), and counts replies by the message answered.
func deliverFuzz(t *testing.T, db *store.DB, secrets map[string][]string, typed map[string]string) map[string]int {
	t.Helper()
	ctx := context.Background()
	replies := map[string]int{}
	var leak string // reported after the transaction: t.Fatal inside it would leave it open
	err := db.Update(ctx, func(tx *store.Tx) error {
		queued, err := tx.Queued(ctx, "pusat", 10_000)
		if err != nil {
			return err
		}
		for _, m := range queued {
			if m.To != fuzzAdmin { // staff are told who asks for a person: that is the point
				replies[m.InMessageID]++
			}
			for owner, ss := range secrets {
				if owner == m.To || m.To == fuzzAdmin {
					continue
				}
				for _, s := range ss {
					if s != "" && strings.Contains(m.Text, s) && !strings.Contains(typed[m.To], s) {
						leak = fmt.Sprintf("%s was told %q, which is %s's:\n%s", m.To, s, owner, m.Text)
					}
				}
			}
			if err := tx.MarkSent(ctx, m.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if leak != "" {
		t.Fatal(leak)
	}
	return replies
}
