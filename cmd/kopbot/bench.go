package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/outbox"
	"github.com/kopbot/kopbot/qris"
	"github.com/kopbot/kopbot/store"
)

// runBench measures the whole pipeline in one process (in-process transport -> runner ->
// SQLite -> outbox -> outbox worker -> in-process transport) on a fresh temporary database, against the storage's own limit:
// single-row committed INSERTs a second with the same driver and pragmas.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newBareSubcommand("", "bench", "Measures the whole pipeline on a fresh temporary database, on the built-in defaults:\n"+
		"messages a second, latency, memory. It takes no -config.", stderr).fs
	var o benchOptions
	fs.IntVar(&o.Members, "members", 10_000, "members (with their savings accounts) in the fresh database")
	fs.IntVar(&o.Concurrent, "concurrent", 200, "members chatting at once")
	fs.DurationVar(&o.Duration, "duration", 20*time.Second, "how long members chat")
	fs.DurationVar(&o.Think, "think", 0, "how long a member pauses, on average, between reading a reply and writing again")
	mix := fs.String("mix", defaultMix, "what members do, as `conversation=weight,...`")
	asJSON := fs.Bool("json", false, "write the results as one JSON object")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the chatting to `file`")
	memProfile := fs.String("memprofile", "", "write a heap profile at the end to `file`")
	keep := fs.Bool("keep", false, "keep the temporary database and print where it is")
	reminderMembers := fs.Int("reminder-members", 100_000, "then time selecting the day's reminders among this many members, on a database of its own (seeding takes about a minute for 100,000); 0 skips it")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("bench: unexpected %q", strings.Join(fs.Args(), " "))
	}
	if o.Members < 2 || o.Concurrent < 1 || o.Duration <= 0 {
		return errors.New("bench: -members must be at least 2, -concurrent at least 1 and -duration positive")
	}
	o.Concurrent = min(o.Concurrent, o.Members)
	var err error
	if o.Mix, err = parseMix(*mix); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "kopbot-bench-")
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if !*keep {
		defer os.RemoveAll(dir)
	}
	o.Dir = dir
	if *cpuProfile != "" {
		o.BeforeChat = func() error {
			f, err := os.Create(*cpuProfile)
			if err != nil {
				return err
			}
			return pprof.StartCPUProfile(f)
		}
		defer pprof.StopCPUProfile()
	}
	b, err := newBench(ctx, o, stderr)
	if err != nil {
		return err
	}
	defer b.close()
	res, err := b.run(ctx)
	if err != nil {
		return err
	}
	pprof.StopCPUProfile()
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err != nil {
			return err
		}
		runtime.GC()
		if err := pprof.WriteHeapProfile(f); err != nil {
			f.Close()
			return err
		}
		f.Close()
	}
	b.close()
	if err := b.ledgerCheck(ctx, &res, stderr); err != nil {
		return err
	}
	if *keep {
		res.Database = b.app.Config.DatabasePath()
	}
	if *reminderMembers > 0 {
		fmt.Fprintf(stderr, "Seeding %d members for the reminder selection...\n", *reminderMembers)
		rb, err := benchReminders(ctx, dir, *reminderMembers, time.Now(), stderr)
		if err != nil {
			return fmt.Errorf("bench: reminders: %w", err)
		}
		res.Reminders = &rb
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(res)
	} else {
		err = writeBenchTable(stdout, res)
	}
	if err != nil {
		return err
	}
	if !res.Ledger.OK {
		return errors.New("bench: kopbot ledger check failed on the bench's database")
	}
	if res.Unanswered > 0 || res.Errors > 0 {
		return fmt.Errorf("bench: %d messages failed and %d went unanswered", res.Errors, res.Unanswered)
	}
	return nil
}

// benchOptions say what to run.
type benchOptions struct {
	Members    int
	Concurrent int
	Duration   time.Duration
	Think      time.Duration
	Mix        map[string]int // conversation -> weight
	Dir        string         // a fresh directory for the database and media
	// BeforeChat runs once seeding is done, just before members start chatting (a CPU profile).
	BeforeChat func() error
	// Background are extra loops run beside the chatting until it ends (the soak's session
	// expiry); each returns when ctx is done.
	Background []func(ctx context.Context, b *bench)
}

// benchResult is what the bench measured; -json writes it as is.
type benchResult struct {
	Machine      benchMachine     `json:"machine"`
	Members      int              `json:"members"`
	Concurrent   int              `json:"concurrent"`
	Seconds      float64          `json:"seconds"`
	SeedSeconds  float64          `json:"seed_seconds"`
	Messages     int64            `json:"messages"`
	MessagesPerS float64          `json:"messages_per_s"`
	LatencyMS    benchLatency     `json:"latency_ms"`             // handling: from handing the message over to its replies being committed to the outbox
	LatencyNoPIN benchLatency     `json:"latency_without_pin_ms"` // the same, for messages other than PINs
	PINChecks    int64            `json:"pin_checks"`             // messages that were a PIN (an argon2id check each)
	PINChecksPS  float64          `json:"pin_checks_per_s"`
	Transfers    int64            `json:"transfers"`
	TransfersPS  float64          `json:"transfers_per_s"`
	QRISInvoices int64            `json:"qris_invoices"`
	Conversation map[string]int64 `json:"conversations"`
	OpenSessions int64            `json:"open_sessions"`  // sessions waiting for an answer at the end
	PeakRSSMB    float64          `json:"peak_rss_mb"`    // the process's peak resident memory (VmHWM), seeding included
	PeakGoSysMB  float64          `json:"peak_go_sys_mb"` // the most memory the Go runtime held from the OS while chatting
	PeakHeapMB   float64          `json:"peak_heap_mb"`   // the largest Go heap in use while chatting
	DBBytes      int64            `json:"db_bytes"`       // database file plus its WAL at the end
	BaselinePS   float64          `json:"baseline_inserts_per_s"`
	Ratio        float64          `json:"ratio"` // messages_per_s / baseline_inserts_per_s
	Errors       int64            `json:"errors"`
	Unanswered   int64            `json:"unanswered"`
	OutboxLeft   int64            `json:"outbox_left"` // queued messages not delivered when the bench stopped
	Ledger       benchLedger      `json:"ledger"`
	Database     string           `json:"database,omitempty"`
	Reminders    *reminderBench   `json:"reminders,omitempty"` // selecting the day's reminders, on a database of its own
}

type benchMachine struct {
	CPUs       int    `json:"cpus"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	OS         string `json:"os"`
	Arch       string `json:"arch"`
	Go         string `json:"go"`
}

type benchLatency struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

type benchLedger struct {
	OK         bool  `json:"ok"`
	Journals   int64 `json:"journals"`
	Postings   int64 `json:"postings"`
	Accounts   int64 `json:"accounts"`
	Violations int   `json:"violations"`
}

// benchPIN is every bench member's PIN.
const benchPIN = flows.DemoPIN

// bench is one run: the app on a fresh database, its members and the in-process transport.
type bench struct {
	opts   benchOptions
	app    *App
	config string // the config file naming the bench's database, for kopbot ledger check
	phones []string
	tabs   []string // each member's Tabungan account number
	merch  []bool   // members who take QRIS payments
	branch string

	dispatch flows.Dispatcher[flows.Input]
	mu       sync.Mutex
	handled  map[string]chan struct{} // message ID -> closed when the runner has handled it
	out      *benchTransport
	workers  []*outbox.Worker // the real outbox worker, delivering to out
	closed   bool

	seedTook time.Duration
}

// newBench opens a fresh database in o.Dir with the built-in config and seeds o.Members
// members, each with simpanan pokok and wajib and a Tabungan, and the same PIN.
func newBench(ctx context.Context, o benchOptions, stderr io.Writer) (*bench, error) {
	config := filepath.Join(o.Dir, "kopbot.yaml")
	body := "data_dir: " + strconv.Quote(filepath.Join(o.Dir, "data")) + "\nlog:\n  level: warn\n  format: json\n"
	if err := os.WriteFile(config, []byte(body), 0o600); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	app, err := openApp(ctx, commonFlags{config: config, create: true}, stderr)
	if err != nil {
		return nil, err
	}
	b := &bench{opts: o, app: app, config: config, branch: app.Config.Branches[0].ID}
	start := time.Now()
	if err := b.seed(ctx); err != nil {
		app.Close()
		return nil, err
	}
	b.seedTook = time.Since(start)
	b.out = &benchTransport{waiting: map[string]chan struct{}{}}
	// The bench's conversations, and WhatsApp's: members who never wrote in the bench are
	// written to on WhatsApp (reminders, a transfer's notice), which the bench stands in for.
	for _, via := range []string{benchTransportName, ""} {
		b.workers = append(b.workers, &outbox.Worker{DB: app.DB, Branch: b.branch, Via: via, Transport: b.out, Now: app.Now, Limits: outbox.Unlimited})
	}
	return b, nil
}

// wake tells the outbox workers replies were queued.
func (b *bench) wake() {
	for _, w := range b.workers {
		w.Wake()
	}
}

func (b *bench) close() {
	if !b.closed {
		b.closed = true
		b.app.Close()
	}
}

// seed imports the members in one transaction (as kopbot members import does) and gives
// them all one PIN, hashed once: argon2id is slow on purpose, 10,000 hashes would take minutes.
func (b *bench) seed(ctx context.Context) error {
	hash, err := flows.HashPIN(b.app.Runner.PINKeys, benchPIN)
	if err != nil {
		return err
	}
	n := b.opts.Members
	rows := make([]store.ImportRow, n)
	b.phones, b.tabs, b.merch = make([]string, n), make([]string, n), make([]bool, n)
	for i := range rows {
		b.phones[i] = fmt.Sprintf("62857%08d", i)
		wajib := int64(300_000)
		if i%10 == 3 {
			wajib = 0 // behind on simpanan wajib: the soak's scheduled jobs remind them
		}
		rows[i] = store.ImportRow{Line: i + 2,
			Member: store.Member{Branch: b.branch, No: fmt.Sprintf("01.%06d", i+1), NIK: fmt.Sprintf("3204%012d", i+1),
				Name: fmt.Sprintf("Anggota Bench %05d", i+1), Phone: b.phones[i], Gender: "L",
				BirthDate: time.Date(1980+i%25, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)},
			Openings: []store.Opening{{Product: "SP", Amount: 100_000}, {Product: "SW", Amount: wajib}, {Product: "TAB", Amount: 5_000_000}}}
		b.merch[i] = i%5 == 2
	}
	// A thousand members a transaction: one transaction of 10,000 would hold every
	// statement it ran in memory until its commit, and the peak would be the seeding's.
	for lo := 0; lo < n; lo += 1000 {
		hi := min(lo+1000, n)
		err := b.app.DB.Update(ctx, func(tx *store.Tx) error {
			if _, err := tx.ImportMembers(ctx, rows[lo:hi], b.app.Now().AddDate(0, -1, 0), nil); err != nil {
				return fmt.Errorf("bench: seed members: %w", err)
			}
			for i := lo; i < hi; i++ {
				m, err := tx.MemberByPhone(ctx, b.phones[i])
				if err != nil {
					return err
				}
				if err := tx.SetPIN(ctx, m.ID, hash); err != nil {
					return err
				}
				if b.merch[i] {
					if err := tx.SetMerchant(ctx, m.ID, true, qris.DemoStatic(fmt.Sprintf("WARUNG BENCH %05d", i+1))); err != nil {
						return err
					}
				}
				accounts, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
				if err != nil {
					return err
				}
				for _, a := range accounts {
					if a.ProductKind == store.ProductTabungan {
						b.tabs[i] = a.Number
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// conversation is one thing a member does, message by message.
type conversation struct {
	name  string
	texts func(b *bench, member int, rng *rand.Rand) []string
}

// conversations are what bench members do, message by message.
var conversations = []conversation{
	{"menu", func(*bench, int, *rand.Rand) []string { return []string{"menu"} }},
	{"cek-tabungan", func(_ *bench, _ int, rng *rand.Rand) []string {
		return []string{"cek tabungan", strconv.Itoa(1 + rng.IntN(3))}
	}},
	{"transfer", func(b *bench, member int, rng *rand.Rand) []string {
		to := rng.IntN(len(b.phones) - 1)
		if to >= member {
			to++
		}
		dest := b.tabs[to]
		if rng.IntN(2) == 0 {
			dest = "0" + strings.TrimPrefix(b.phones[to], "62") // members often give the phone number
		}
		return []string{"transfer", dest, strconv.Itoa(1+rng.IntN(50)) + "rb", "ya", benchPIN}
	}},
	{"qris", func(_ *bench, _ int, rng *rand.Rand) []string {
		return []string{"qris", strconv.Itoa(5+rng.IntN(200)) + ".000", "-"}
	}},
	{"simulasi-pinjaman", func(_ *bench, _ int, rng *rand.Rand) []string {
		return []string{"simulasi", strconv.Itoa(1+rng.IntN(20)) + "jt", strconv.Itoa(6*(1+rng.IntN(4))) + " bulan", "3"}
	}},
}

// defaultMix is how often members start each conversation: mostly looking (the menu, their
// savings, a loan worked out), merchants charging by QRIS, and some moving money with their PIN.
const defaultMix = "menu=25,cek-tabungan=35,simulasi-pinjaman=15,qris=15,transfer=10"

func parseMix(s string) (map[string]int, error) {
	mix := map[string]int{}
	total := 0
	for _, part := range strings.Split(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(w)
		known := slices.ContainsFunc(conversations, func(c conversation) bool { return c.name == name })
		if !ok || err != nil || n < 0 || !known {
			var names []string
			for _, c := range conversations {
				names = append(names, c.name)
			}
			return nil, fmt.Errorf("bench: -mix: %q is not conversation=weight (conversations: %s)", part, strings.Join(names, ", "))
		}
		mix[name] = n
		total += n
	}
	if total == 0 {
		return nil, errors.New("bench: -mix: give at least one conversation a weight")
	}
	return mix, nil
}

func pickConversation(b *bench, member int, rng *rand.Rand) conversation {
	total := 0
	for _, c := range conversations {
		if c.name != "qris" || b.merch[member] {
			total += b.opts.Mix[c.name]
		}
	}
	if total == 0 {
		return conversations[0]
	}
	n := rng.IntN(total)
	for _, c := range conversations {
		if c.name == "qris" && !b.merch[member] {
			continue // only merchants take QRIS payments
		}
		if n < b.opts.Mix[c.name] {
			return c
		}
		n -= b.opts.Mix[c.name]
	}
	return conversations[0]
}

// run lets opts.Concurrent members chat for opts.Duration and measures it.
func (b *bench) run(ctx context.Context) (benchResult, error) {
	res := benchResult{Members: b.opts.Members, Concurrent: b.opts.Concurrent, SeedSeconds: b.seedTook.Seconds(),
		Machine:      benchMachine{CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), OS: runtime.GOOS, Arch: runtime.GOARCH, Go: runtime.Version()},
		Conversation: map[string]int64{}}
	var err error
	// Two seconds measure it well; a tiny bench (its test) takes less.
	if res.BaselinePS, err = baselineInserts(ctx, filepath.Join(b.opts.Dir, "baseline.db"), min(2*time.Second, max(b.opts.Duration/2, 300*time.Millisecond))); err != nil {
		return res, err
	}
	ctx = b.app.Log.WithContext(ctx)

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var loops sync.WaitGroup
	for _, w := range b.workers {
		loops.Go(func() { w.Run(runCtx) })
	}
	for _, bg := range b.opts.Background {
		loops.Go(func() { bg(runCtx, b) })
	}
	mem := &memSampler{}
	loops.Go(func() { mem.run(runCtx) })

	var handleErrs atomic.Int64
	b.startDispatch(&handleErrs)
	if b.opts.BeforeChat != nil {
		if err := b.opts.BeforeChat(); err != nil {
			return res, err
		}
	}
	start := time.Now()
	stats := b.chatters(ctx, start.Add(b.opts.Duration))
	elapsed := time.Since(start)
	b.dispatch.Wait()
	stop()
	loops.Wait()
	// What the workers have not delivered yet, they deliver now: the outbox must drain.
	for _, w := range b.workers {
		if _, err := w.Step(ctx); err != nil {
			return res, err
		}
	}

	var all, noPIN []time.Duration
	for _, st := range stats {
		all = append(all, st.latencies...)
		noPIN = append(noPIN, st.noPIN...)
		res.Unanswered += st.unanswered
		for k, v := range st.convs {
			res.Conversation[k] += v
		}
	}
	res.Seconds = elapsed.Seconds()
	res.Messages = int64(len(all))
	res.MessagesPerS = float64(res.Messages) / res.Seconds
	res.PINChecks = int64(len(all) - len(noPIN))
	res.PINChecksPS = float64(res.PINChecks) / res.Seconds
	res.LatencyMS, res.LatencyNoPIN = percentiles(all), percentiles(noPIN)
	res.Errors = handleErrs.Load()
	res.PeakGoSysMB, res.PeakHeapMB = mb(mem.sys.Load()), mb(mem.heap.Load())
	res.PeakRSSMB = peakRSSMB()
	if res.BaselinePS > 0 {
		res.Ratio = res.MessagesPerS / res.BaselinePS
	}
	return res, b.measureDatabase(ctx, &res)
}

// startDispatch readies the dispatcher that hands members' messages to the runner, as bot
// does with WhatsApp's, counting the messages whose handling failed in errs.
func (b *bench) startDispatch(errs *atomic.Int64) {
	b.handled = map[string]chan struct{}{}
	handle := func(ctx context.Context, in flows.Input) error {
		err := b.app.Runner.Handle(ctx, in)
		b.wake()
		b.mu.Lock()
		done := b.handled[in.MessageID]
		delete(b.handled, in.MessageID)
		b.mu.Unlock()
		close(done)
		return err
	}
	b.dispatch = flows.Dispatcher[flows.Input]{Key: flows.InputKey, Handle: handle, OnError: func(in flows.Input, err error) {
		errs.Add(1)
		b.app.Log.Warn().Err(err).Msg("Bench: handling a message failed.")
	}}
}

// memberStats is what one chatter measured.
type memberStats struct {
	latencies  []time.Duration
	noPIN      []time.Duration
	unanswered int64
	convs      map[string]int64
}

// chatters lets opts.Concurrent members chat until deadline, each waiting for its reply
// before writing again, and returns what each measured.
func (b *bench) chatters(ctx context.Context, deadline time.Time) []memberStats {
	stats := make([]memberStats, b.opts.Concurrent)
	var chatters sync.WaitGroup
	for g := 0; g < b.opts.Concurrent; g++ {
		chatters.Go(func() {
			st := &stats[g]
			st.convs = map[string]int64{}
			rng := rand.New(rand.NewPCG(uint64(g), 2026))
			seq := 0
			for time.Now().Before(deadline) && ctx.Err() == nil {
				// Chatter g speaks for members g, g+N, g+2N...: one member is never in two places at once.
				member := g + b.opts.Concurrent*rng.IntN((b.opts.Members-g+b.opts.Concurrent-1)/b.opts.Concurrent)
				conv := pickConversation(b, member, rng)
				st.convs[conv.name]++
				for _, text := range conv.texts(b, member, rng) {
					if !time.Now().Before(deadline) {
						break
					}
					seq++
					in := flows.Input{Branch: b.branch, From: b.phones[member], MessageID: fmt.Sprintf("BENCH-%d-%d", g, seq), Text: text,
						Transport: benchTransportName}
					b.say(ctx, in, st, rng)
				}
			}
		})
	}
	chatters.Wait()
	return stats
}

// say sends one member's message, waits until it is handled and its reply delivered, and
// records how long the handling took.
func (b *bench) say(ctx context.Context, in flows.Input, st *memberStats, rng *rand.Rand) {
	replied := b.out.expect(in.MessageID)
	t0 := time.Now()
	handled := make(chan struct{})
	b.submit(ctx, in, handled)
	<-handled
	took := time.Since(t0)
	st.latencies = append(st.latencies, took)
	if in.Text != benchPIN {
		st.noPIN = append(st.noPIN, took)
	}
	select {
	case <-replied:
	case <-time.After(10 * time.Second):
		st.unanswered++
		b.out.forget(in.MessageID)
	}
	if b.opts.Think > 0 {
		time.Sleep(time.Duration(rng.ExpFloat64() * float64(b.opts.Think)))
	}
}

// measureDatabase records what the chatting left in the database and how large it is.
func (b *bench) measureDatabase(ctx context.Context, res *benchResult) error {
	var st store.Stats
	if err := b.app.DB.View(ctx, func(tx *store.Tx) (err error) { st, err = tx.Stats(ctx); return err }); err != nil {
		return err
	}
	res.Transfers, res.QRISInvoices, res.OpenSessions, res.OutboxLeft = st.Transfers, st.Invoices, st.OpenSessions, st.OutboxQueued
	res.TransfersPS = float64(res.Transfers) / res.Seconds
	for _, suffix := range []string{"", "-wal"} {
		if st, err := os.Stat(b.app.DB.Path + suffix); err == nil {
			res.DBBytes += st.Size()
		}
	}
	return nil
}

// submit hands a message to the dispatcher, as bot does with WhatsApp's, and closes done when it is handled.
func (b *bench) submit(ctx context.Context, in flows.Input, done chan struct{}) {
	b.mu.Lock()
	b.handled[in.MessageID] = done
	b.mu.Unlock()
	b.dispatch.Submit(ctx, in)
}

// ledgerCheck runs `kopbot ledger check -json` on the bench's database, as staff would.
func (b *bench) ledgerCheck(ctx context.Context, res *benchResult, stderr io.Writer) error {
	var out bytes.Buffer
	err := ledgerCheck(ctx, []string{"-json", "-config", b.config}, &out, stderr)
	var rep ledgerReportJSON
	if jerr := json.Unmarshal(out.Bytes(), &rep); jerr != nil {
		return errors.Join(fmt.Errorf("bench: read ledger check: %w", jerr), err)
	}
	res.Ledger = benchLedger{OK: rep.OK && err == nil, Journals: rep.Journals, Postings: rep.Postings, Accounts: rep.Accounts, Violations: len(rep.Violations)}
	return nil
}

// baselineInserts measures single-row INSERTs, each committed on its own, for d: the
// storage's limit for work that commits once per message, with the same driver and pragmas.
func baselineInserts(ctx context.Context, path string, d time.Duration) (float64, error) {
	db, err := sql.Open("sqlite", store.DSN(path))
	if err != nil {
		return 0, fmt.Errorf("baseline: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("baseline: %w", err)
	}
	start := time.Now()
	n := 0
	for time.Since(start) < d {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return 0, fmt.Errorf("baseline: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO t (v) VALUES (?)`, "Rp1.250.000"); err != nil {
			tx.Rollback()
			return 0, fmt.Errorf("baseline: %w", err)
		}
		if err := tx.Commit(); err != nil {
			return 0, fmt.Errorf("baseline: %w", err)
		}
		n++
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

// benchTransportName marks the bench's conversations, as "chat" marks kopbot chat's.
const benchTransportName = "bench"

// benchTransport is the bench's in-memory transport: the outbox worker hands it each
// message, and it tells the member waiting for a reply that it came.
type benchTransport struct {
	mu      sync.Mutex
	waiting map[string]chan struct{} // message ID -> closed when a reply to it is delivered
}

var _ outbox.Transport = (*benchTransport)(nil)

func (t *benchTransport) expect(id string) <-chan struct{} {
	ch := make(chan struct{})
	t.mu.Lock()
	t.waiting[id] = ch
	t.mu.Unlock()
	return ch
}

func (t *benchTransport) forget(id string) {
	t.mu.Lock()
	delete(t.waiting, id)
	t.mu.Unlock()
}

// Send delivers m: the member waiting for a reply to m's message has it.
func (t *benchTransport) Send(_ context.Context, m store.OutMessage) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if ch, ok := t.waiting[m.InMessageID]; ok && m.To != "" {
		close(ch)
		delete(t.waiting, m.InMessageID)
	}
	return "", nil
}

func (t *benchTransport) Ready() (bool, time.Time) { return true, time.Time{} }

// memSampler keeps the largest Go memory figures seen.
type memSampler struct{ sys, heap atomic.Uint64 }

func (s *memSampler) run(ctx context.Context) {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	var ms runtime.MemStats
	for {
		runtime.ReadMemStats(&ms)
		if ms.Sys > s.sys.Load() {
			s.sys.Store(ms.Sys)
		}
		if ms.HeapInuse > s.heap.Load() {
			s.heap.Store(ms.HeapInuse)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// percentiles are p50, p95, p99 and the largest of ds, in milliseconds.
func percentiles(ds []time.Duration) benchLatency {
	if len(ds) == 0 {
		return benchLatency{}
	}
	slices.Sort(ds)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	at := func(p float64) float64 { return ms(ds[min(len(ds)-1, int(p*float64(len(ds))))]) }
	return benchLatency{P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: ms(ds[len(ds)-1])}
}

func mb(n uint64) float64 { return float64(n) / (1 << 20) }

// peakRSSMB is the process's peak resident set (VmHWM in /proc/self/status), 0 where there is none.
func peakRSSMB() float64 {
	body, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

func writeBenchTable(w io.Writer, r benchResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, format string, args ...any) { fmt.Fprintf(tw, "%s\t"+format+"\n", append([]any{k}, args...)...) }
	row("machine", "%d CPUs (GOMAXPROCS %d), %s/%s, %s", r.Machine.CPUs, r.Machine.GOMAXPROCS, r.Machine.OS, r.Machine.Arch, r.Machine.Go)
	row("members", "%d (seeded in %.1f s)", r.Members, r.SeedSeconds)
	row("chatting at once", "%d", r.Concurrent)
	row("duration", "%.1f s", r.Seconds)
	row("messages", "%d", r.Messages)
	row("messages/s", "%.0f", r.MessagesPerS)
	row("handling latency", "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms", r.LatencyMS.P50, r.LatencyMS.P95, r.LatencyMS.P99, r.LatencyMS.Max)
	row("  without PINs", "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms", r.LatencyNoPIN.P50, r.LatencyNoPIN.P95, r.LatencyNoPIN.P99, r.LatencyNoPIN.Max)
	row("PIN checks/s", "%.0f (%d PINs, keyed HMAC)", r.PINChecksPS, r.PINChecks)
	row("transfers/s", "%.0f (%d transfers)", r.TransfersPS, r.Transfers)
	row("QRIS invoices", "%d", r.QRISInvoices)
	var convs []string
	for _, c := range conversations {
		convs = append(convs, fmt.Sprintf("%s %d", c.name, r.Conversation[c.name]))
	}
	row("conversations", "%s", strings.Join(convs, ", "))
	row("open sessions", "%d", r.OpenSessions)
	row("peak memory", "%.0f MB resident (VmHWM); Go runtime: %.0f MB from the OS, %.0f MB heap in use", r.PeakRSSMB, r.PeakGoSysMB, r.PeakHeapMB)
	row("database size", "%.1f MB", float64(r.DBBytes)/(1<<20))
	row("baseline", "%.0f single-row committed INSERTs/s (same driver and pragmas)", r.BaselinePS)
	row("messages/s ÷ baseline", "%.2f", r.Ratio)
	row("errors", "%d failed, %d unanswered, %d left in the outbox", r.Errors, r.Unanswered, r.OutboxLeft)
	verdict := "holds"
	if !r.Ledger.OK {
		verdict = fmt.Sprintf("FAILS (%d violations)", r.Ledger.Violations)
	}
	row("kopbot ledger check", "%s (%d journal transactions, %d postings, %d accounts)", verdict, r.Ledger.Journals, r.Ledger.Postings, r.Ledger.Accounts)
	if r.Database != "" {
		row("database", "%s", r.Database)
	}
	if rm := r.Reminders; rm != nil {
		var jobs []string
		for _, j := range rm.Jobs {
			jobs = append(jobs, fmt.Sprintf("%s %.2f s (%d)", j.Name, j.Seconds, j.Selected))
		}
		row("reminder selection", "%.2f s among %d members (%d loans; seeded in %.0f s): %s", rm.TotalSeconds, rm.Members, rm.Loans,
			rm.SeedSeconds, strings.Join(jobs, ", "))
		for _, d := range rm.DayClose {
			row("day close "+d.Day, "%.2f s for %d members (target: under 30 s): %s", d.Seconds, rm.Members, strings.Join(d.Steps, "; "))
		}
	}
	return tw.Flush()
}
