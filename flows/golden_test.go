package flows_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/qris"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the bot's lines in testdata/*.txtar from what the bot says now")

// TestGolden replays each conversation in testdata/*.txtar through the real runner
// and a real SQLite file, and compares what the bot said with the transcript.
//
// A transcript file has a "seed" part (one directive a line: "demo" loads the demo
// members, all but the last with PIN 147258; "member PHONE STATUS NAME" adds one;
// "admin PHONE" makes PHONE an admin of the branch; "office PHONE" gives the branch an office phone
// (config branches[].phone); "cash ACCOUNT RUPIAH" deposits cash into an account; "ceiling PHONE RUPIAH" sets a
// member's installment ceiling; "birth PHONE YYYY-MM-DD" their birth date; "status ACCOUNT frozen" an account's status; "now RFC3339" sets the clock;
// "import-loan ROW" brings in a running loan as kopbot loans import does, ROW a line of its file;
// "ktp http" has a Dukcapil aggregator verify KTPs, "ktp selfie" asks for a selfie too,
// "ktp PHONE verified|review|rejected [REASON]" gives a member a KTP verification;
// "aggregator STATUS BODY" or "aggregator slow" queues the aggregator's next answer;
// "loan-fees PRODUCT PROVISI_BP ADMIN_FEE INSURANCE_BP deduct|charge" sets a loan product's disbursement fees;
// "qris-paid PHONE RUPIAH YYYY-MM-DDTHH:MM" has a merchant paid by QRIS at that time (Jakarta);
// "approved-loan PHONE AMOUNT TENOR" approves a loan application of the member, not disbursed;
// "staff-pin PHONE" gives a staff member the PIN 147258 of their own; "four-eyes" holds every
// disbursement and reversal, and cash out or withdrawals paid above Rp10.000.000, for a second staff member) and a "chat" part:
//
//	[from 6281200000001]   who speaks next (default 6281200000001)
//	> text                 the member sends text
//	> [image FILE] caption the member sends a photo
//	> [media voice] caption a voice note, sticker, video, document, location or contact
//	[dup]                  WhatsApp delivers the previous message again, same ID
//	[wait 16m]             time passes; quiet sessions are ended as serve does
//	[clock 16m]            time passes with nothing running in between
//	[ktp]                  the aggregator is asked about KTPs waiting for it, as serve does; says how many calls it made
//	[job installment-due]  a scheduled job runs now (settings as config.example.yaml has them)
//	[staff]                staff write to the member from the branch's own phone (kopbot serve sees it on WhatsApp)
//	[members VERB NO ...]  staff change a member's record, as kopbot members VERB does: change-phone NO PHONE,
//	                       suspend NO REASON..., reactivate NO, leave NO (paid in cash)
//	[shu 2026]             staff post the SHU of 2026 (kopbot shu post, the default shares); members are told
//	[phrases]              what staff see with kopbot phrases: the phrases not understood, most often first
//	< text                 what the bot said (rewritten by -update); "< ---" between replies
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no transcripts in testdata")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var seed, chat []byte
			chatIdx := -1
			for i, f := range ar.Files {
				switch f.Name {
				case "seed":
					seed = f.Data
				case "chat":
					chat, chatIdx = f.Data, i
				default:
					t.Fatalf("unknown part %q (want seed and chat)", f.Name)
				}
			}
			if chatIdx < 0 {
				t.Fatal("no chat part")
			}
			got := replay(t, seed, chat)
			if *update {
				ar.Files[chatIdx].Data = got
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !bytes.Equal(got, chat) {
				t.Errorf("the conversation changed; run go test ./flows -update and read the diff.\n%s", lineDiff(string(chat), string(got)))
			}
		})
	}
}

// replay runs the member's side of chat and returns chat with the bot's side as it is now.
func replay(t *testing.T, seed, chat []byte) []byte {
	t.Helper()
	ctx := context.Background()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, loc)
	for _, line := range strings.Split(string(seed), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "now "); ok {
			if now, err = time.Parse(time.RFC3339, v); err != nil {
				t.Fatalf("seed: %v", err)
			}
			now = now.In(loc)
		}
	}
	clock := func() time.Time { return now }
	db := openDB(t, clock)
	seedDB(t, db, seed, now)
	r := newRunner(t, db, clock)
	r.MediaDir = t.TempDir()
	goldenMedia = r.MediaDir
	r.Admins = map[string][]string{"pusat": seedAdmins(seed)}
	agg := newAggregator(t, seed)
	if seedHas(seed, "ktp http") {
		r.Rules.KTPVerifier = coop.KTPByHTTP
	}
	r.Rules.KTPSelfie = seedHas(seed, "ktp selfie")
	if seedHas(seed, "four-eyes") {
		r.Rules.FourEyes = coop.FourEyes{On: true, CashWithdrawal: 10_000_000, Withdrawal: 10_000_000, Expire: 72 * time.Hour}
	}

	jobs := &coop.Jobs{Office: r.Office(), Settings: goldenJobSettings, Chats: r, SessionTimeout: r.SessionTimeout}

	var out bytes.Buffer
	from := "6281200000001"
	var last flows.Input
	n := 0
	send := func(in flows.Input) {
		if err := r.Handle(ctx, in); err != nil {
			t.Errorf("handle %q: %v", in.Text, err)
		}
		writeReplies(t, &out, db, from)
	}
	for _, line := range strings.Split(strings.TrimSuffix(string(chat), "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "<"):
			continue // the bot's side is regenerated
		case strings.HasPrefix(line, "> "):
			out.WriteString(line + "\n")
			n++
			now = now.Add(10 * time.Second)
			in := flows.Input{Branch: "pusat", From: from, MessageID: fmt.Sprintf("GOLDEN%04d", n), Text: line[2:], At: now}
			if rest, ok := strings.CutPrefix(in.Text, "[image "); ok {
				path, caption, _ := strings.Cut(rest, "]")
				in.Image, in.Text = path, strings.TrimSpace(caption)
			}
			if rest, ok := strings.CutPrefix(in.Text, "[media "); ok {
				kind, caption, _ := strings.Cut(rest, "]")
				in.Media, in.Text = kind, strings.TrimSpace(caption)
			}
			last = in
			send(in)
		case line == "[dup]":
			out.WriteString(line + "\n")
			send(last)
		case strings.HasPrefix(line, "[from ") && strings.HasSuffix(line, "]"):
			out.WriteString(line + "\n")
			from = strings.TrimSuffix(strings.TrimPrefix(line, "[from "), "]")
		case strings.HasPrefix(line, "[wait ") || strings.HasPrefix(line, "[clock "):
			out.WriteString(line + "\n")
			word, arg, _ := strings.Cut(strings.Trim(line, "[]"), " ")
			d, err := time.ParseDuration(arg)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			now = now.Add(d)
			if word == "wait" {
				if _, err := r.ExpireSessions(ctx); err != nil {
					t.Fatal(err)
				}
				writeReplies(t, &out, db, from)
			}
		case line == "[ktp]":
			out.WriteString(line + "\n")
			before := agg.calls()
			if _, err := r.Office().CheckKTP(ctx, agg.verifier); err != nil {
				t.Fatalf("[ktp]: %v", err)
			}
			fmt.Fprintf(&out, "< [aggregator calls: %d]\n", agg.calls()-before)
			writeReplies(t, &out, db, from)
		case (strings.HasPrefix(line, "[job ") || strings.HasPrefix(line, "[members ")) && strings.HasSuffix(line, "]"):
			out.WriteString(line + "\n")
			officeDid(t, jobs, db, r, strings.Fields(strings.Trim(line, "[]")), now)
			writeReplies(t, &out, db, from)
		case line == "[staff]":
			out.WriteString(line + "\n")
			if err := r.StaffWrote(ctx, "pusat", from, now); err != nil {
				t.Fatalf("[staff]: %v", err)
			}
			writeReplies(t, &out, db, from)
		case line == "[phrases]":
			out.WriteString(line + "\n")
			writePhrases(t, &out, db, now)
		case strings.HasPrefix(line, "[shu ") && strings.HasSuffix(line, "]"):
			out.WriteString(line + "\n")
			postSHU(t, &out, r.Office(), strings.TrimSuffix(strings.TrimPrefix(line, "[shu "), "]"))
			writeReplies(t, &out, db, from)
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#"):
			out.WriteString(line + "\n")
		default:
			t.Fatalf("cannot read transcript line %q", line)
		}
	}
	return out.Bytes()
}

// writePhrases writes what staff see with kopbot phrases: the phrases not understood, most often first.
func writePhrases(t *testing.T, out *bytes.Buffer, db *store.DB, now time.Time) {
	t.Helper()
	ctx := context.Background()
	err := db.View(ctx, func(tx *store.Tx) error {
		top, err := tx.TopMisunderstood(ctx, "pusat", now.AddDate(0, 0, -30), 20)
		for _, p := range top {
			fmt.Fprintf(out, "< %d× %s\n", p.Count, p.Phrase)
		}
		return err
	})
	if err != nil {
		t.Fatalf("[phrases]: %v", err)
	}
}

// postSHU shares the SHU of year as kopbot shu post does, by the default shares, and says what it shared.
func postSHU(t *testing.T, out *bytes.Buffer, o *coop.Office, year string) {
	t.Helper()
	y, err := strconv.Atoi(year)
	if err != nil {
		t.Fatalf("[shu %s]: %v", year, err)
	}
	ctx := context.Background()
	err = o.DB.Update(ctx, func(tx *store.Tx) error {
		p, err := o.PostSHU(ctx, tx, "pusat", y, coop.DefaultSHU, "golden", nil)
		if err == nil {
			fmt.Fprintf(out, "< [SHU %d: surplus %d, %d to %d members]\n", y, p.Surplus, p.Shared(), len(p.Members))
		}
		return err
	})
	if err != nil {
		t.Fatalf("[shu %s]: %v", year, err)
	}
}

// officeDid runs a [job NAME] line (a scheduled job) or a [members ...] line (staff at the
// office changing a member's record); words are the line's, brackets dropped.
func officeDid(t *testing.T, jobs *coop.Jobs, db *store.DB, r *flows.Runner, words []string, now time.Time) {
	t.Helper()
	ctx := context.Background()
	if words[0] == "job" {
		if _, err := jobs.Run(ctx, strings.Join(words[1:], " "), now, false); err != nil {
			t.Fatalf("[%s]: %v", strings.Join(words, " "), err)
		}
		return
	}
	args := words[1:]
	if len(args) < 2 {
		t.Fatalf("[members %s]: say what and whose", strings.Join(args, " "))
	}
	by := coop.Named("ani")
	err := db.Update(ctx, func(tx *store.Tx) (err error) {
		switch verb, no, rest := args[0], args[1], strings.Join(args[2:], " "); verb {
		case "change-phone":
			_, err = coop.ChangePhone(ctx, tx, no, rest, by, "id")
		case "suspend":
			_, err = coop.Suspend(ctx, tx, no, rest, by, "id")
		case "reactivate":
			_, err = coop.Reactivate(ctx, tx, no, rest, by, "id")
		case "leave":
			_, err = coop.Leave(ctx, tx, no, coop.LeaveOp{By: by, Lang: "id", LateFeeBP: r.Rules.LateFeeBP}, now)
		default:
			t.Fatalf("[members %s]: no such change", verb)
		}
		return err
	})
	if err != nil {
		t.Fatalf("[members %s]: %v", strings.Join(args, " "), err)
	}
}

// goldenJobSettings are the jobs' settings as config.example.yaml has them.
var goldenJobSettings = coop.JobSettings{InstallmentDays: []int{3, 1, 0}, OverdueLimit: 7, MaturityDays: []int{7, 0}, WajibDay: 10,
	QuietStart: 21 * time.Hour, QuietEnd: 7 * time.Hour, OnlyChatted: true, KeepProcessed: 30 * 24 * time.Hour, KeepPhrases: 90 * 24 * time.Hour}

// writeReplies delivers the outbox as the transport would and writes each message as "<" lines.
func writeReplies(t *testing.T, out *bytes.Buffer, db *store.DB, from string) {
	t.Helper()
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		queued, err := tx.Queued(ctx, "pusat", 1000)
		if err != nil {
			return err
		}
		for i, m := range queued {
			if i > 0 {
				out.WriteString("< ---\n")
			}
			if m.To != from {
				fmt.Fprintf(out, "< [to %s]\n", m.To)
			}
			if m.ImagePath != "" {
				fmt.Fprintf(out, "< [image %s]\n", strings.Replace(m.ImagePath, goldenMedia, "MEDIA", 1))
			}
			if m.DocumentPath != "" {
				fmt.Fprintf(out, "< [document %s]\n", strings.Replace(m.DocumentPath, goldenMedia, "MEDIA", 1))
				if doc, err := os.ReadFile(m.DocumentPath); err != nil || !bytes.HasPrefix(doc, []byte("%PDF-")) {
					t.Errorf("document %s is no PDF (%v)", m.DocumentPath, err)
				}
			}
			for _, l := range strings.Split(m.Text, "\n") {
				out.WriteString(strings.TrimRight("< "+l, " ") + "\n")
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
}

// openDB opens a fresh database file with the demo products and branch of the default config.
func openDB(t testing.TB, clock func() time.Time) *store.DB {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	db.Now = clock
	err := db.Update(ctx, func(tx *store.Tx) error { return tx.SyncDemoSetup(ctx) })
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func seedDB(t testing.TB, db *store.DB, seed []byte, now time.Time) {
	t.Helper()
	ctx := context.Background()
	for _, line := range strings.Split(string(seed), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch {
		case f[0] == "demo":
			if _, err := db.SeedDemo(ctx, "pusat", now, demoPINHash(t)); err != nil {
				t.Fatal(err)
			}
		case f[0] == "ktp" && len(f) >= 3: // ktp PHONE review|verified|rejected [REASON]: the member's KTP verification
			err := db.Update(ctx, func(tx *store.Tx) error {
				m, err := tx.MemberByPhone(ctx, f[1])
				if err != nil {
					return err
				}
				v, err := tx.CreateKTPVerification(ctx, store.KTPVerification{Branch: m.Branch, MemberID: m.ID, NIK: m.NIK, Name: m.Name,
					BirthDate: m.BirthDate, Verifier: coop.KTPByStaff, Status: store.KTPReview})
				if err != nil || store.KTPStatus(f[2]) == store.KTPReview {
					return err
				}
				return tx.DecideKTP(ctx, v.ID, store.KTPStatus(f[2]), strings.Join(f[3:], " "), "seed")
			})
			if err != nil {
				t.Fatal(err)
			}
		case f[0] == "now", f[0] == "admin", f[0] == "ktp", f[0] == "aggregator", f[0] == "four-eyes":
		case f[0] == "staff-pin" && len(f) == 2: // staff-pin PHONE: the staff member's own PIN is 147258
			err := db.Update(ctx, func(tx *store.Tx) error {
				return tx.SaveStaffPIN(ctx, "pusat", f[1], store.StaffPIN{Hash: demoPINHash(t)})
			})
			if err != nil {
				t.Fatal(err)
			}
		case f[0] == "merchant" && len(f) == 2: // merchant PHONE: may take QRIS, with a constructed static payload
			err := db.Update(ctx, func(tx *store.Tx) error {
				m, err := tx.MemberByPhone(ctx, f[1])
				if err != nil {
					return err
				}
				return tx.SetMerchant(ctx, m.ID, true, qris.DemoStatic(strings.ToUpper(m.Name)))
			})
			if err != nil {
				t.Fatal(err)
			}
		case f[0] == "qris-paid" && len(f) == 4: // qris-paid PHONE RUPIAH YYYY-MM-DDTHH:MM: a QRIS payment to a merchant before the chat
			seedQRISPaid(t, db, f[1], f[2], f[3])
		case f[0] == "office" && len(f) == 2: // office PHONE: the branch's phone, which members asking for a person are told
			err := db.Update(ctx, func(tx *store.Tx) error {
				office := store.DemoBranch
				office.Phone = f[1]
				return tx.SyncBranch(ctx, office)
			})
			if err != nil {
				t.Fatal(err)
			}
		case f[0] == "status" && len(f) == 3: // status ACCOUNT frozen|closed|active
			err := db.Update(ctx, func(tx *store.Tx) error { return tx.ChangeAccountStatus(ctx, f[1], store.AccountStatus(f[2])) })
			if err != nil {
				t.Fatal(err)
			}
		case f[0] == "birth" && len(f) == 3: // birth PHONE YYYY-MM-DD
			err := db.Update(ctx, func(tx *store.Tx) error { return tx.SetBirthDate(ctx, f[1], f[2]) })
			if err != nil {
				t.Fatal(err)
			}
		case f[0] == "cash" && len(f) == 3: // cash ACCOUNT RUPIAH: deposited at the counter before the chat
			err := db.Update(ctx, func(tx *store.Tx) error {
				a, err := tx.AccountByNumber(ctx, f[1])
				if err != nil {
					return err
				}
				cash, err := tx.SystemAccount(ctx, "pusat", store.AccountCash)
				if err != nil {
					return err
				}
				var amount int64
				fmt.Sscan(f[2], &amount)
				_, _, err = tx.Post(ctx, store.Entry{Key: "seed-cash:" + f[1], Branch: "pusat", Kind: store.KindCashDeposit, Memo: store.Memo{Kind: store.MemoCashDeposit}, AuthorKind: store.AuthorSystem,
					At: now, Postings: []store.Posting{{Account: a.ID, Amount: amount}, {Account: cash.ID, Amount: -amount}}})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		case f[0] == "ceiling" && len(f) == 3: // ceiling PHONE AMOUNT
			err := db.Update(ctx, func(tx *store.Tx) error {
				m, err := tx.MemberByPhone(ctx, f[1])
				if err != nil {
					return err
				}
				var amount int64
				fmt.Sscan(f[2], &amount)
				return tx.SetCeiling(ctx, m.ID, amount)
			})
			if err != nil {
				t.Fatal(err)
			}
		case f[0] == "loan-fees" && len(f) == 6: // loan-fees PRODUCT PROVISI_BP ADMIN_FEE INSURANCE_BP deduct|charge
			err := db.Update(ctx, func(tx *store.Tx) error {
				p, err := tx.ProductByCode(ctx, f[1])
				if err != nil {
					return err
				}
				s := p.Settings()
				fmt.Sscan(f[2], &s.ProvisiBP)
				fmt.Sscan(f[3], &s.AdminFee)
				fmt.Sscan(f[4], &s.InsuranceBP)
				s.FeeCollection = f[5]
				p.Params = s.JSON()
				_, err = tx.SyncProduct(ctx, p)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		case f[0] == "approved-loan" && len(f) == 4: // approved-loan PHONE AMOUNT TENOR: a loan application approved, not disbursed
			err := db.Update(ctx, func(tx *store.Tx) error {
				m, err := tx.MemberByPhone(ctx, f[1])
				if err != nil {
					return err
				}
				p, err := tx.ProductByCode(ctx, "PIN")
				if err != nil {
					return err
				}
				a := store.LoanApplication{MemberID: m.ID, Product: p}
				fmt.Sscan(f[2], &a.Amount)
				fmt.Sscan(f[3], &a.TenorMonths)
				if a, err = tx.CreateLoanApplication(ctx, a); err != nil {
					return err
				}
				_, err = coop.DecideLoanApplication(ctx, tx, a.ID, true, "", coop.CLI, "id")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		case f[0] == "import-loan" && len(f) == 2:
			err := db.Update(ctx, func(tx *store.Tx) error {
				header := strings.Join(coop.LoanImportColumns, ",")
				_, err := coop.ImportLoans(ctx, tx, coop.LoanImportFile{CSV: []byte(header + "\n" + f[1] + "\n"), Branch: "pusat", By: "seed",
					Today: time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		case f[0] == "member" && len(f) >= 4:
			err := db.Update(ctx, func(tx *store.Tx) error {
				m := store.Member{Branch: "pusat", Phone: f[1], Status: store.MemberStatus(f[2]), Name: strings.Join(f[3:], " ")}
				if m.Status == store.MemberApplicant {
					var err error
					if m.RegNo, err = tx.NextRegNo(ctx); err != nil {
						return err
					}
				}
				_, err := tx.CreateMember(ctx, m)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("seed: cannot read %q", line)
		}
	}
}

// seedAdmins returns the phones of "admin PHONE" seed lines: the branch's admins.
func seedAdmins(seed []byte) []string {
	var admins []string
	for _, line := range strings.Split(string(seed), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "admin" {
			admins = append(admins, f[1])
		}
	}
	return admins
}

var (
	demoHashOnce sync.Once
	demoHash     string
)

// demoPINHash is the demo PIN's hash, made once: argon2id is slow on purpose.
func demoPINHash(t testing.TB) string {
	demoHashOnce.Do(func() {
		h, err := flows.HashPIN(flows.FixedPINKeys(), flows.DemoPIN)
		if err != nil {
			t.Fatal(err)
		}
		demoHash = h
	})
	return demoHash
}

// lineDiff shows the first lines where want and got part.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  transcript: %q\n  bot now:    %q", i+1, wl, gl)
		}
	}
	return "(same lines, different bytes)"
}

// goldenMedia is the replay's media directory, written as MEDIA in transcripts.
var goldenMedia = "\x00"

func seedHas(seed []byte, line string) bool {
	for _, l := range strings.Split(string(seed), "\n") {
		if strings.TrimSpace(l) == line {
			return true
		}
	}
	return false
}

// aggregator plays the Dukcapil aggregator: it gives the seed's "aggregator" answers in
// turn ("aggregator 200 {json}", "aggregator 503 busy", "aggregator slow": no answer
// before the verifier's timeout), then a full match to every further call.
type aggregator struct {
	mu       sync.Mutex
	answers  []string
	n        int
	verifier *ktp.HTTP
}

func newAggregator(t *testing.T, seed []byte) *aggregator {
	a := &aggregator{}
	for _, l := range strings.Split(string(seed), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "aggregator "); ok {
			a.answers = append(a.answers, v)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var body struct {
			ReferenceID string `json:"reference_id"`
		}
		if req.Header.Get("Authorization") != "Bearer golden-key" || json.NewDecoder(req.Body).Decode(&body) != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		a.mu.Lock()
		a.n++
		answer := `200 {"match":{"nik":true,"name":true,"birth_date":true}}`
		if len(a.answers) > 0 {
			answer, a.answers = a.answers[0], a.answers[1:]
		}
		a.mu.Unlock()
		if answer == "slow" {
			select {
			case <-req.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		code, rest, _ := strings.Cut(answer, " ")
		status, err := strconv.Atoi(code)
		if err != nil {
			t.Errorf("seed: aggregator %q: want a status code first", answer)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, strings.Replace(rest, "REF", body.ReferenceID, 1))
	}))
	t.Cleanup(srv.Close)
	a.verifier = &ktp.HTTP{URL: srv.URL, APIKey: "golden-key", Timeout: 300 * time.Millisecond, Client: srv.Client()}
	return a
}

func (a *aggregator) calls() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n
}
