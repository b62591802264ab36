package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/store"
)

// commonFlags are the flags every subcommand takes.
type commonFlags struct {
	config   string
	logLevel string
	// create lets the command start a database where there is none (serve, demo, imports);
	// every other command refuses a missing one rather than read an empty database it made.
	create bool
}

func (f *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.config, "config", os.Getenv("KOPBOT_CONFIG"), "config `file` (default: $KOPBOT_CONFIG, else built-in defaults)")
	fs.StringVar(&f.logLevel, "log-level", "", "log `level`: debug, info, warn or error (default: from config)")
}

// App is what a subcommand works with: config, logger, database and runner.
type App struct {
	Config Config
	Log    zerolog.Logger
	DB     *store.DB
	Runner *flows.Runner
	// Office is the cooperative's operations outside a member's message: KTP checks, jobs,
	// QRIS settlement, notices to staff. Built from the same config as Runner.
	Office *coop.Office
	Now    func() time.Time
	// KTPVerifier is the Dukcapil aggregator when ktp.verifier is http; nil when staff verify.
	KTPVerifier ktp.Verifier
}

// openApp loads the config, opens the database and brings its branches and products in line with the config.
func openApp(ctx context.Context, f commonFlags, stderr io.Writer) (*App, error) {
	cfg, err := LoadConfigFile(f.config)
	if err != nil {
		return nil, err
	}
	if err := catalog.Override(cfg.DataDir); err != nil { // the cooperative's own texts, if it wrote any
		return nil, err
	}
	level := cfg.Log.Level
	if f.logLevel != "" {
		level = f.logLevel
	}
	log, err := newLogger(stderr, cfg.Log.Format, level)
	if err != nil {
		return nil, fmt.Errorf("-log-level: %q is not a log level (write debug, info, warn or error)", f.logLevel)
	}
	a := &App{Config: cfg, Log: log, Now: time.Now}
	if !f.create {
		if err := databaseExists(cfg.DatabasePath()); err != nil {
			return nil, err
		}
	}
	if a.DB, err = store.Open(ctx, cfg.DatabasePath()); err != nil {
		return nil, err
	}
	a.DB.Now = a.Now
	// The data directory is kopbot's alone: one made by an older kopbot is narrowed too.
	if err := os.Chmod(cfg.DataDir, store.PrivateDirMode); err != nil && !errors.Is(err, os.ErrNotExist) {
		log.Warn().Err(err).Str("data_dir", cfg.DataDir).Msg("Could not make the data directory owner-only (chmod 700 it).")
	}
	if err := a.syncConfig(ctx); err != nil {
		a.DB.Close()
		return nil, err
	}
	keys, err := loadPINKeys(&a.Config, func() (int, error) { return a.keyedPINs(ctx) })
	if err != nil {
		a.DB.Close()
		return nil, err
	}
	a.Runner = &flows.Runner{
		PINKeys:        keys,
		DB:             a.DB,
		Now:            a.Now,
		SessionTimeout: time.Duration(cfg.Session.Timeout),
		Language:       cfg.Language,
		Cooperative:    cfg.Cooperative.Name,
		Location:       cfg.Location(),
		Rules: flows.Rules{PINAttempts: cfg.Members.PINAttempts, PINLock: time.Duration(cfg.Members.PINLock),
			LoanMinSavings: int64(cfg.Members.LoanMinSavingsPc), RetirementAge: cfg.Members.RetirementAge,
			DefaultCeiling: int64(cfg.Members.DefaultCeiling), LateFeeBP: int64(cfg.Members.LateFeePerDay),
			TransferMax: int64(cfg.Transfers.MaxPerTransfer), TransferDailyMax: int64(cfg.Transfers.MaxPerDay),
			WithdrawMin: int64(cfg.Withdrawals.MinAmount), Books: cfg.Books.Rules(),
			KTPVerifier: cfg.KTP.Verifier, KTPSelfie: cfg.KTP.RequireSelfie, KTPRequiredFor: cfg.KTP.RequiredFor,
			KTPTransferAbove: int64(cfg.KTP.TransferAbove), KTPAttempts: cfg.KTP.HTTP.Attempts, KTPBackoff: time.Duration(cfg.KTP.HTTP.Backoff),
			FourEyes: cfg.FourEyes.Rules()},
		Admins:          map[string][]string{},
		MediaDir:        cfg.MediaDir(),
		InvoiceValidity: time.Duration(cfg.QRIS.InvoiceValidity),
		Words:           cfg.Words(),
		Handover:        cfg.Handover.Rules(),
	}
	if cfg.KTP.Verifier == coop.KTPByHTTP {
		a.KTPVerifier = &ktp.HTTP{URL: cfg.KTP.HTTP.URL, APIKey: cfg.KTP.HTTP.APIKey, Timeout: time.Duration(cfg.KTP.HTTP.Timeout)}
	}
	a.Runner.BranchQRIS = map[string]string{}
	a.Runner.Rules.BankAccounts = map[string][]store.BankAccount{}
	for _, b := range cfg.Branches {
		a.Runner.Admins[b.ID] = b.Admins
		a.Runner.BranchQRIS[b.ID] = b.QRISPayload
		a.Runner.Rules.BankAccounts[b.ID] = b.bankAccounts()
	}
	a.Office = a.Runner.Office()
	return a, nil
}

// databaseExists refuses a database path where there is no file: a mistyped -config or
// data_dir would otherwise get a new empty database, reported on as if it were the real one.
func databaseExists(path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no database at %s: run kopbot demo or kopbot serve first, or check -config and data_dir", path)
	} else if err != nil {
		return fmt.Errorf("database %s: %w", path, err)
	}
	return nil
}

func (a *App) Close() error { return a.DB.Close() }

// keyedPINs counts the PINs in the database hashed under a key.
func (a *App) keyedPINs(ctx context.Context) (n int, err error) {
	err = a.DB.View(ctx, func(tx *store.Tx) error {
		n, err = tx.PINHashesLike(ctx, flows.KeyedPINPrefix)
		return err
	})
	return n, err
}

// syncConfig writes the configured branches and products into the database.
func (a *App) syncConfig(ctx context.Context) error {
	return a.DB.Update(ctx, func(tx *store.Tx) error {
		for _, b := range a.Config.Branches {
			if err := tx.SyncBranch(ctx, store.Branch{ID: b.ID, Code: b.Code, Name: b.Name, Phone: b.Phone}); err != nil {
				return err
			}
		}
		for _, p := range a.Config.Products {
			if _, err := tx.SyncProduct(ctx, p.Product()); err != nil {
				return err
			}
		}
		return nil
	})
}

// branch returns the configured branch with id, or the first branch when id is empty.
func (a *App) branch(id string) (BranchConfig, error) {
	if id == "" {
		return a.Config.Branches[0], nil
	}
	for _, b := range a.Config.Branches {
		if b.ID == id {
			return b, nil
		}
	}
	return BranchConfig{}, fmt.Errorf("no branch %q in the config", id)
}

// realClock is the time in the world, whatever -now says; tests set it.
var realClock = time.Now

// Jobs are the scheduled jobs as config sets them, run through the app's office and runner.
func (a *App) Jobs() *coop.Jobs {
	return &coop.Jobs{Office: a.Office, Settings: a.Config.JobSettings(), Chats: a.Runner, SessionTimeout: a.Runner.SessionTimeout, Clock: realClock}
}
