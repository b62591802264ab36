package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/mdp/qrterminal/v3"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/zerolog"
	"golang.org/x/term"

	"github.com/kopbot/kopbot/bot"
	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/outbox"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/web"
)

// runServe runs every branch on WhatsApp with the outbox and the admin web server until
// SIGINT or SIGTERM; then it lets messages being handled finish and closes cleanly.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("", "serve", "Runs every branch of the config on WhatsApp, with the outbox, the scheduled jobs and the\n"+
		"admin web pages (web.listen), until SIGINT or SIGTERM; then lets the messages being\n"+
		"handled finish and stops.", stderr)
	if err := c.parseNone(args); err != nil {
		return err
	}
	cfg, err := LoadConfigFile(c.common.config)
	if err != nil {
		return err
	}
	release, err := holdDataDir(&cfg, "serve") // for serve's whole life: no restore, no second serve under it
	if err != nil {
		return err
	}
	defer release()
	app, err := openApp(ctx, c.common, stderr)
	if err != nil {
		return err
	}
	defer app.Close()
	defer func() {
		if beforeCloseDB != nil {
			beforeCloseDB()
		}
	}()
	log := app.Log
	ctx = log.WithContext(ctx)
	cfg = app.Config

	ln, err := net.Listen("tcp", cfg.Web.Listen)
	if err != nil {
		return fmt.Errorf("web.listen %s: %w", cfg.Web.Listen, err)
	}
	devices, err := bot.OpenDevices(ctx, cfg.DeviceDBPath(), log)
	if err != nil {
		ln.Close()
		return err
	}
	defer devices.Close()
	bot.SetDeviceName(cfg.Cooperative.Name)
	bot.UseLatestVersion(ctx, log)

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := bot.NewMetrics(reg)
	b := newBot(app, devices, metrics)

	if cfg.Web.AdminToken == "" {
		log.Info().Msg("No admin token is set (KOPBOT_ADMIN_TOKEN): /setup cannot create the first staff account (kopbot staff add can).")
	}
	site := &web.Server{DB: app.DB, Token: cfg.Web.AdminToken, MetricsToken: cfg.Web.MetricsToken, Branches: webBranches{b, app.DB}, Now: func() time.Time { return app.Now().In(cfg.Location()) },
		Metrics: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), Payments: app.Office, QRISSecret: cfg.QRIS.WebhookSecret,
		KTP: ktpReviews{app: app, bot: b}, Office: app.Office, Wake: func() { wakeAll(b) }, Log: &log}
	sched, err := newScheduler(app, func() { wakeAll(b) })
	if err != nil {
		ln.Close()
		return err
	}
	sched.Ran = newBackupMetrics(reg, cfg.BackupDir()).ran
	site.Jobs = webJobs{app: app, sched: sched} // /jobs runs them through this scheduler, never beside it

	// Everything serve starts is joined before it returns, so nothing uses the database
	// (closed by the deferred app.Close) or the device store once they are closed.
	var background sync.WaitGroup
	defer background.Wait() // on an early return too
	var requests requestGate
	srv := newWebServer(requests.Handler(site.Handler()))
	background.Go(func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error().Err(err).Msg("The admin web server stopped.")
		}
	})
	log.Info().Str("listen", "http://"+ln.Addr().String()).Msg("Admin pages are up.")
	if err := sched.Start(ctx); err != nil {
		srv.Close()
		requests.CloseAndWait()
		return err
	}
	background.Go(func() { expireSessions(ctx, app, b) })
	background.Go(func() { verifyKTPs(ctx, app, b) })
	background.Go(func() { updateOutboxGauges(ctx, app.DB, b, metrics) })
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		background.Go(func() { showQRCodes(ctx, b, stderr) })
	}

	// Until SIGINT/SIGTERM, which stops taking messages in; returns when the messages being
	// handled are handled.
	b.Run(ctx)
	log.Info().Msg("Stopping.")
	// Then the admin pages and the QRIS webhook: requests being answered get a few seconds.
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		log.Warn().Err(err).Msg("The admin web server did not stop cleanly.")
		srv.Close() // cancels the requests still being answered
	}
	requests.CloseAndWait()
	// Then the scheduled jobs (a run in progress finishes) and the background loops, which
	// stopped with ctx; the deferred closes of the device store and the database come last.
	sched.Stop()
	background.Wait()
	return nil
}

// How long the web server waits on a client; the tests shorten them. A client that never
// sends the body it announced is cut off after webReadTimeout; webWriteTimeout leaves room
// for the longest answer (a job run from /jobs, a year's report); webIdleTimeout closes idle keep-alives.
var (
	webReadHeaderTimeout = 10 * time.Second
	webReadTimeout       = 30 * time.Second
	webWriteTimeout      = 5 * time.Minute
	webIdleTimeout       = 2 * time.Minute
)

// newWebServer serves h with every timeout set, so no client holds a connection forever.
func newWebServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: webReadHeaderTimeout, ReadTimeout: webReadTimeout,
		WriteTimeout: webWriteTimeout, IdleTimeout: webIdleTimeout}
}

// requestGate counts the requests its handler is answering, so serve can wait for them
// before closing the database, even when a request outlasts the web server's shutdown.
type requestGate struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

func (g *requestGate) Handler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		if g.closed {
			g.mu.Unlock()
			http.Error(w, "kopbot is stopping", http.StatusServiceUnavailable)
			return
		}
		g.wg.Add(1)
		g.mu.Unlock()
		defer g.wg.Done()
		h.ServeHTTP(w, r)
	})
}

// CloseAndWait refuses the requests still to come and waits for those being answered.
func (g *requestGate) CloseAndWait() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	g.wg.Wait()
}

// Hooks for the end-to-end tests, which run kopbot against a fake WhatsApp server (in this
// process, or in the test that started this binary as kopbot to kill it). Never set otherwise.
var (
	configureWhatsApp bot.ClientHook
	wrapHandle        func(handle func(context.Context, flows.Input) error) func(context.Context, flows.Input) error
	adjustBot         func(b *bot.Bot)
	// beforeCloseDB is called as serve closes its database, after everything else stopped.
	beforeCloseDB func()
)

// newBot builds the bot of the configured branches.
func newBot(app *App, devices *bot.Devices, metrics *bot.Metrics) *bot.Bot {
	cfg := app.Config
	send := cfg.WhatsApp.Send
	handle := app.Runner.Handle
	if wrapHandle != nil {
		handle = wrapHandle(handle)
	}
	b := &bot.Bot{DB: app.DB, Devices: devices, Handle: handle, StaffWrote: app.Runner.StaffWrote, Now: app.Now, Metrics: metrics, Log: app.Log,
		ConfigureClient: configureWhatsApp,
		Settings: bot.Settings{
			MediaDir:      cfg.MediaDir(),
			MaxImageBytes: int64(cfg.WhatsApp.MaxImageMB) << 20,
			Limits: outbox.SendLimits{InteractivePerMinute: send.InteractivePerMinute, BulkPerMinute: send.BulkPerMinute,
				MaxAttempts: send.MaxAttempts, RetryBase: time.Duration(send.RetryBase), RetryMax: time.Duration(send.RetryMax),
				QuietUntil: func(t time.Time) time.Time { return cfg.Jobs.Settings().QuietUntil(t.In(cfg.Location())) }},
		}}
	for _, br := range cfg.Branches {
		b.AddBranch(br.ID, br.Name)
	}
	b.OnOutdated = tellAdminsOutdated(app)
	if adjustBot != nil {
		adjustBot(b)
	}
	return b
}

// tellAdminsOutdated queues, once per branch while kopbot runs, a message to the branch's
// admins that WhatsApp refuses this kopbot as outdated. It goes out through the branch,
// so only once WhatsApp takes kopbot again (after an upgrade, or when a fresh version
// number is accepted): the message says since when. Until then the branch page,
// /healthz and the log are where it shows.
func tellAdminsOutdated(app *App) func(ctx context.Context, branch, detail string) {
	var mu sync.Mutex
	told := map[string]bool{}
	return func(ctx context.Context, branch, detail string) {
		mu.Lock()
		first := !told[branch]
		told[branch] = true
		mu.Unlock()
		if !first {
			return
		}
		name := branch
		for _, br := range app.Config.Branches {
			if br.ID == branch && br.Name != "" {
				name = br.Name
			}
		}
		since := app.Now().In(app.Config.Location()).Format("2006-01-02 15:04 MST")
		err := app.Office.TellAdmins(ctx, branch, func(m catalog.Messages) string {
			return m.AdminWhatsAppOutdated(name, bot.WhatsmeowVersion(), since)
		})
		if err != nil {
			zerolog.Ctx(ctx).Error().Err(err).Msg("Could not queue the outdated notice to the branch's admins.")
		}
	}
}

// How often serve's background loops run; the tests shorten them.
var (
	expireEvery    = 30 * time.Second
	verifyKTPEvery = 5 * time.Second
	gaugesEvery    = 15 * time.Second
)

// every runs f each interval until ctx is done.
func every(ctx context.Context, interval time.Duration, f func()) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f()
		}
	}
}

// wakeAll wakes every branch's outbox worker: something was queued outside a member's message.
func wakeAll(b *bot.Bot) {
	for _, br := range b.Branches() {
		br.Wake()
	}
}

// expireSessions ends quiet conversations every half minute and tells their members.
func expireSessions(ctx context.Context, app *App, b *bot.Bot) {
	every(ctx, expireEvery, func() {
		n, err := app.Runner.ExpireSessions(ctx)
		if err != nil && ctx.Err() != nil {
			return // stopping
		} else if err != nil {
			app.Log.Error().Err(err).Msg("Ending quiet sessions failed.")
			return
		}
		if n > 0 {
			wakeAll(b)
		}
	})
}

// verifyKTPs asks the Dukcapil aggregator about KTPs waiting for it every few seconds, when
// ktp.verifier is http. (Photos past their retention are deleted by the housekeeping job.)
func verifyKTPs(ctx context.Context, app *App, b *bot.Bot) {
	if app.KTPVerifier == nil {
		return
	}
	every(ctx, verifyKTPEvery, func() {
		if n, err := app.Office.CheckKTP(ctx, app.KTPVerifier); err != nil && ctx.Err() == nil {
			app.Log.Error().Err(err).Msg("Checking KTPs with the aggregator failed.")
		} else if n > 0 {
			wakeAll(b)
		}
	})
}

// updateOutboxGauges keeps the outbox metrics of each branch up to date.
func updateOutboxGauges(ctx context.Context, db *store.DB, b *bot.Bot, m *bot.Metrics) {
	t := time.NewTicker(gaugesEvery)
	defer t.Stop()
	for {
		for _, br := range b.Branches() {
			var s store.OutboxStats
			err := db.View(ctx, func(tx *store.Tx) (err error) { s, err = tx.OutboxStats(ctx, br.ID); return })
			if err == nil {
				m.OutboxQueued.WithLabelValues(br.ID).Set(float64(s.Queued))
				m.OutboxFailed.WithLabelValues(br.ID).Set(float64(s.Failed))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// showQRCodes prints each unpaired branch's QR code on the terminal as it rotates.
func showQRCodes(ctx context.Context, b *bot.Bot, w io.Writer) {
	shown := map[string]string{}
	every(ctx, time.Second, func() {
		for _, br := range b.Branches() {
			st := br.State()
			if st.QR == "" || st.QR == shown[br.ID] {
				continue
			}
			shown[br.ID] = st.QR
			fmt.Fprintf(w, "\nBranch %s (%s) is not paired. On the branch's phone open WhatsApp > Linked devices > Link a device, and scan:\n", br.Name, br.ID)
			printQR(w, st.QR)
		}
	})
}

func printQR(w io.Writer, code string) {
	qrterminal.GenerateWithConfig(code, qrterminal.Config{
		Level: qrterminal.L, Writer: w, HalfBlocks: true, QuietZone: 1,
		BlackChar: qrterminal.BLACK_BLACK, WhiteBlackChar: qrterminal.WHITE_BLACK,
		WhiteChar: qrterminal.WHITE_WHITE, BlackWhiteChar: qrterminal.BLACK_WHITE,
	})
}

// webBranches shows the bot's branches to the admin pages.
type webBranches struct {
	bot *bot.Bot
	db  *store.DB
}

func (w webBranches) Status(ctx context.Context) []web.BranchStatus {
	var out []web.BranchStatus
	for _, br := range w.bot.Branches() {
		st := br.State()
		var s store.OutboxStats
		_ = w.db.View(ctx, func(tx *store.Tx) (err error) { s, err = tx.OutboxStats(ctx, br.ID); return })
		out = append(out, web.BranchStatus{ID: br.ID, Name: br.Name, State: st.Name, Problem: string(st.Problem), Detail: st.Detail, Phone: st.Phone,
			Since: st.Since, BannedUntil: st.BannedUntil, QR: st.QR, QRPaused: st.QRPaused,
			OutboxQueued: s.Queued, OutboxFailed: s.Failed, LastFailure: s.LastError})
	}
	return out
}

func (w webBranches) WantQR(_ context.Context, branch string) {
	if br, ok := w.bot.Branch(branch); ok {
		br.WantQR()
	}
}

func (w webBranches) PairPhone(ctx context.Context, branch, phone string) (string, error) {
	br, ok := w.bot.Branch(branch)
	if !ok {
		return "", inputError{fmt.Errorf("no branch %q", branch)}
	}
	p, err := parse.Phone(phone)
	if err != nil {
		return "", inputError{fmt.Errorf("%q is not a phone number; write it like 0812-3456-7890", phone)}
	}
	code, err := br.PairPhone(ctx, p)
	if errors.Is(err, bot.ErrUnreachable) {
		return "", unreachableError{err}
	}
	if errors.Is(err, bot.ErrNotPairing) {
		return "", inputError{errors.New("this branch is not showing a QR code right now, so it cannot pair by phone; wait for the QR code to appear, or unlink the device on the phone first")}
	}
	return code, err
}

// inputError marks a mistake of the person at the admin page rather than a fault.
type inputError struct{ error }

func (inputError) InvalidInput() bool { return true }

// unreachableError marks a request that could not reach WhatsApp at all.
type unreachableError struct{ error }

func (e unreachableError) Unwrap() error { return e.error }

func (unreachableError) Unreachable() bool { return true }
