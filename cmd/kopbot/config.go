package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"
	"go.yaml.in/yaml/v3"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/intent"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/qris"
	"github.com/kopbot/kopbot/store"
)

// Config is everything kopbot reads from its YAML file; config.example.yaml documents each field.
type Config struct {
	Cooperative Cooperative       `yaml:"cooperative"`
	DataDir     string            `yaml:"data_dir"`
	Database    string            `yaml:"database"`
	Timezone    string            `yaml:"timezone"`
	Language    string            `yaml:"language"`
	Log         LogConfig         `yaml:"log"`
	Session     SessionConfig     `yaml:"session"`
	Members     MembersConfig     `yaml:"members"`
	Transfers   TransfersConfig   `yaml:"transfers"`
	Withdrawals WithdrawalsConfig `yaml:"withdrawals"`
	WhatsApp    WhatsAppConfig    `yaml:"whatsapp"`
	Web         WebConfig         `yaml:"web"`
	QRIS        QRISConfig        `yaml:"qris"`
	KTP         KTPConfig         `yaml:"ktp"`
	Jobs        JobsConfig        `yaml:"jobs"`
	Handover    HandoverConfig    `yaml:"handover"`
	Books       BooksConfig       `yaml:"books"`
	SHU         SHUConfig         `yaml:"shu"`
	FourEyes    FourEyesConfig    `yaml:"four_eyes"`
	// Understanding is the cooperative's own words for services and answers.
	Understanding intent.Extra    `yaml:"understanding"`
	Branches      []BranchConfig  `yaml:"branches"`
	Products      []ProductConfig `yaml:"products"`

	location *time.Location
	words    *intent.Lexicon
}

type Cooperative struct {
	Name string `yaml:"name"`
}

type LogConfig struct {
	Level  string `yaml:"level"`
	Format string `yaml:"format"`
}

type SessionConfig struct {
	Timeout Duration `yaml:"timeout"`
}

type MembersConfig struct {
	PINAttempts      int      `yaml:"pin_attempts"`
	PINLock          Duration `yaml:"pin_lock"`
	DefaultCeiling   Amount   `yaml:"default_ceiling"`
	LoanMinSavingsPc int      `yaml:"loan_min_savings_percent"`
	RetirementAge    int      `yaml:"retirement_age"`
	LateFeePerDay    Rate     `yaml:"late_fee_per_day"`
}

type TransfersConfig struct {
	MaxPerTransfer Amount `yaml:"max_per_transfer"`
	MaxPerDay      Amount `yaml:"max_per_day"`
}

// WithdrawalsConfig is Penarikan Simpanan: withdrawals to a member's bank account.
type WithdrawalsConfig struct {
	MinAmount Amount `yaml:"min_amount"`
}

type WhatsAppConfig struct {
	DeviceDB   string     `yaml:"device_db"`
	MaxImageMB int        `yaml:"max_image_mb"`
	Send       SendConfig `yaml:"send"`
}

type SendConfig struct {
	InteractivePerMinute int      `yaml:"interactive_per_minute"`
	BulkPerMinute        int      `yaml:"bulk_per_minute"`
	MaxAttempts          int      `yaml:"max_attempts"`
	RetryBase            Duration `yaml:"retry_base"`
	RetryMax             Duration `yaml:"retry_max"`
}

type WebConfig struct {
	Listen       string `yaml:"listen"`
	AdminToken   string `yaml:"admin_token"`
	MetricsToken string `yaml:"metrics_token"`
}

// QRISConfig is Terima QRIS: how long an invoice may be paid, and the payment gateway's webhook secret.
type QRISConfig struct {
	InvoiceValidity Duration `yaml:"invoice_validity"`
	WebhookSecret   string   `yaml:"webhook_secret"`
}

// KTPConfig is Verifikasi KTP: who verifies, what needs a verified KTP, how long photos are kept.
type KTPConfig struct {
	Verifier       string        `yaml:"verifier"`
	RequireSelfie  bool          `yaml:"require_selfie"`
	RequiredFor    []string      `yaml:"required_for"`
	TransferAbove  Amount        `yaml:"transfer_above"`
	PhotoRetention Duration      `yaml:"photo_retention"`
	HTTP           KTPHTTPConfig `yaml:"http"`
}

// KTPHTTPConfig is the Dukcapil aggregator the http verifier calls.
type KTPHTTPConfig struct {
	URL      string   `yaml:"url"`
	APIKey   string   `yaml:"api_key"`
	Timeout  Duration `yaml:"timeout"`
	Attempts int      `yaml:"attempts"`
	Backoff  Duration `yaml:"backoff"`
}

// JobsConfig is the scheduled reminders and housekeeping (scheduler.go, jobs.go).
type JobsConfig struct {
	QuietHours      string             `yaml:"quiet_hours"`
	CatchUp         Duration           `yaml:"catch_up"`
	OnlyChatted     bool               `yaml:"only_chatted"`
	InstallmentDue  DaysBeforeJob      `yaml:"installment_due"`
	Overdue         OverdueJob         `yaml:"overdue"`
	DepositMaturity DaysBeforeJob      `yaml:"deposit_maturity"`
	SimpananWajib   WajibJob           `yaml:"simpanan_wajib"`
	StaffDigest     StaffDigestJob     `yaml:"staff_digest"`
	Housekeeping    HousekeepingConfig `yaml:"housekeeping"`
	DayClose        DayCloseJob        `yaml:"day_close"`
	Backup          BackupJob          `yaml:"backup"`

	quietStart, quietEnd time.Duration
}

type DaysBeforeJob struct {
	Schedule   string `yaml:"schedule"`
	DaysBefore []int  `yaml:"days_before"`
}

type OverdueJob struct {
	Schedule string `yaml:"schedule"`
	Days     int    `yaml:"days"`
}

type WajibJob struct {
	Schedule string `yaml:"schedule"`
	Day      int    `yaml:"day"`
}

// DayCloseJob is the day's close: interest, fees, maturities and loan grades (coop/close.go).
type DayCloseJob struct {
	Schedule string `yaml:"schedule"`
}

// BackupJob is the scheduled backup: a checked copy of the database in Dir, the newest Keep kept.
type BackupJob struct {
	Schedule string `yaml:"schedule"`
	Dir      string `yaml:"dir"` // "" is <data_dir>/backups
	Keep     int    `yaml:"keep"`
}

type StaffDigestJob struct {
	Schedule string `yaml:"schedule"`
}

type HousekeepingConfig struct {
	Schedule      string   `yaml:"schedule"`
	KeepProcessed Duration `yaml:"keep_processed"`
	KeepPhrases   Duration `yaml:"keep_phrases"`
}

// Schedule is the cron spec of the named job (coop.JobNames), "off" when it does not run.
func (c JobsConfig) Schedule(name string) string {
	spec := map[string]string{coop.JobInstallmentDue: c.InstallmentDue.Schedule, coop.JobOverdue: c.Overdue.Schedule,
		coop.JobMaturity: c.DepositMaturity.Schedule, coop.JobWajib: c.SimpananWajib.Schedule,
		coop.JobStaffDigest: c.StaffDigest.Schedule, coop.JobHousekeeping: c.Housekeeping.Schedule,
		coop.JobDayClose: c.DayClose.Schedule, coop.JobBackup: c.Backup.Schedule}[name]
	if strings.TrimSpace(spec) == "" {
		return "off"
	}
	return spec
}

// Settings are what the jobs need to know; valid after Validate.
func (c JobsConfig) Settings() coop.JobSettings {
	return coop.JobSettings{InstallmentDays: c.InstallmentDue.DaysBefore, OverdueLimit: c.Overdue.Days, MaturityDays: c.DepositMaturity.DaysBefore,
		WajibDay: c.SimpananWajib.Day, QuietStart: c.quietStart, QuietEnd: c.quietEnd, OnlyChatted: c.OnlyChatted,
		KeepProcessed: time.Duration(c.Housekeeping.KeepProcessed), KeepPhrases: time.Duration(c.Housekeeping.KeepPhrases)}
}

// JobSettings are what the jobs need from the whole config: the jobs section, and how long
// KTP photos are kept (housekeeping deletes them).
func (c *Config) JobSettings() coop.JobSettings {
	s := c.Jobs.Settings()
	s.KTPPhotoRetention = time.Duration(c.KTP.PhotoRetention)
	s.BackupDir, s.BackupKeep = c.BackupDir(), c.Jobs.Backup.Keep
	return s
}

var quietRE = regexp.MustCompile(`^([01]?\d|2[0-3])[:.]([0-5]\d)\s*-\s*([01]?\d|2[0-3])[:.]([0-5]\d)$`)

// parseQuietHours reads "21:00-07:00" as times of day; "" is none.
func parseQuietHours(s string) (start, end time.Duration, ok bool) {
	if strings.TrimSpace(s) == "" {
		return 0, 0, true
	}
	m := quietRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, 0, false
	}
	n := func(i int) time.Duration { v, _ := strconv.Atoi(m[i]); return time.Duration(v) }
	return n(1)*time.Hour + n(2)*time.Minute, n(3)*time.Hour + n(4)*time.Minute, true
}

// BooksConfig is the cooperative-wide rules of the books that run by themselves: the tax on
// members' interest and the days past due of each loan grade (coop.Books).
type BooksConfig struct {
	InterestTax    InterestTaxConfig    `yaml:"interest_tax"`
	Collectibility CollectibilityConfig `yaml:"collectibility"`
}

// InterestTaxConfig is the final tax withheld from members' interest above a monthly threshold.
type InterestTaxConfig struct {
	Threshold Amount `yaml:"threshold"`
	Rate      Rate   `yaml:"rate"`
}

// CollectibilityConfig is the days past due from which a loan is in each grade below current.
type CollectibilityConfig struct {
	SpecialMention int `yaml:"special_mention"`
	Substandard    int `yaml:"substandard"`
	Doubtful       int `yaml:"doubtful"`
	Loss           int `yaml:"loss"`
}

// Rules are the books' settings as coop applies them.
func (b BooksConfig) Rules() coop.Books {
	c := b.Collectibility
	return coop.Books{TaxThreshold: int64(b.InterestTax.Threshold), TaxRateBP: int64(b.InterestTax.Rate),
		Grades: [4]int{c.SpecialMention, c.Substandard, c.Doubtful, c.Loss}}
}

// validateBooks checks the tax and that each grade starts after the one before it.
func (c *Config) validateBooks(bad complaint) {
	b := c.Books
	if b.InterestTax.Threshold < 0 {
		bad("books.interest_tax.threshold", "%d is below zero; write the monthly interest free of tax, like 240000", b.InterestTax.Threshold)
	}
	if b.InterestTax.Rate < 0 || b.InterestTax.Rate > 5000 {
		bad("books.interest_tax.rate", "%d.%02d%% is not a tax rate from 0%% to 50%%", b.InterestTax.Rate/100, b.InterestTax.Rate%100)
	}
	g := b.Rules().Grades
	names := [4]string{"special_mention", "substandard", "doubtful", "loss"}
	if g[0] < 1 {
		bad("books.collectibility.special_mention", "%d: a loan is special mention from at least 1 day past due", g[0])
	}
	for i := 1; i < 4; i++ {
		if g[i] <= g[i-1] {
			bad("books.collectibility."+names[i], "%d days must be more than %s's %d", g[i], names[i-1], g[i-1])
		}
	}
}

// HandoverConfig is when staff answer members who ask for a person (flows/handover.go).
type HandoverConfig struct {
	OfficeHours  string   `yaml:"office_hours"`
	OfficeDays   []string `yaml:"office_days"`
	AnswerWithin Duration `yaml:"answer_within"`
	Timeout      Duration `yaml:"timeout"`
	// StaffQuiet is how long the bot keeps quiet for a member after staff wrote to them
	// from the branch's own phone.
	StaffQuiet Duration `yaml:"staff_quiet"`

	rules flows.HandoverRules
}

// Rules are the handover settings the runner applies; valid after Validate.
func (h HandoverConfig) Rules() flows.HandoverRules { return h.rules }

// weekdays are the names office_days takes, in Indonesian and English, whole or short.
var weekdays = map[string]time.Weekday{
	"senin": time.Monday, "sen": time.Monday, "monday": time.Monday, "mon": time.Monday,
	"selasa": time.Tuesday, "sel": time.Tuesday, "tuesday": time.Tuesday, "tue": time.Tuesday,
	"rabu": time.Wednesday, "rab": time.Wednesday, "wednesday": time.Wednesday, "wed": time.Wednesday,
	"kamis": time.Thursday, "kam": time.Thursday, "thursday": time.Thursday, "thu": time.Thursday,
	"jumat": time.Friday, "jum'at": time.Friday, "jum": time.Friday, "friday": time.Friday, "fri": time.Friday,
	"sabtu": time.Saturday, "sab": time.Saturday, "saturday": time.Saturday, "sat": time.Saturday,
	"minggu": time.Sunday, "ahad": time.Sunday, "min": time.Sunday, "sunday": time.Sunday, "sun": time.Sunday,
}

// validateHandover checks the handover section and works out its rules.
func (c *Config) validateHandover(bad complaint) {
	h := &c.Handover
	h.rules = flows.HandoverRules{AnswerWithin: time.Duration(h.AnswerWithin), Timeout: time.Duration(h.Timeout), StaffQuiet: time.Duration(h.StaffQuiet)}
	if start, end, ok := parseQuietHours(h.OfficeHours); ok && strings.TrimSpace(h.OfficeHours) != "" && start < end {
		h.rules.OfficeOpen, h.rules.OfficeClose = start, end
	} else {
		bad("handover.office_hours", "%q is not the office's opening hours (write them like 08:00-16:00, opening before closing)", h.OfficeHours)
	}
	if len(h.OfficeDays) == 0 {
		bad("handover.office_days", "is empty; list the days the office is open, like [senin, selasa, rabu, kamis, jumat]")
	}
	seen := map[time.Weekday]bool{}
	for i, d := range h.OfficeDays {
		w, ok := weekdays[strings.ToLower(strings.TrimSpace(d))]
		switch {
		case !ok:
			bad(fmt.Sprintf("handover.office_days[%d]", i), "%q is not a day of the week (write senin ... minggu, or monday ... sunday)", d)
		case seen[w]:
			bad(fmt.Sprintf("handover.office_days[%d]", i), "%q is listed twice", d)
		default:
			seen[w] = true
			h.rules.OfficeDays = append(h.rules.OfficeDays, w)
		}
	}
	if a := time.Duration(h.AnswerWithin); a < time.Minute || a > 24*time.Hour {
		bad("handover.answer_within", "%s is out of range; write between 1m and 24h", a)
	}
	if t := time.Duration(h.Timeout); t < 10*time.Minute || t > 7*24*time.Hour {
		bad("handover.timeout", "%s is out of range; write between 10m and 168h", t)
	} else if t < time.Duration(h.AnswerWithin) {
		bad("handover.timeout", "%s is shorter than answer_within: the bot would be back before staff are due to answer", t)
	}
	if q := time.Duration(h.StaffQuiet); q < 5*time.Minute || q > 7*24*time.Hour {
		bad("handover.staff_quiet", "%s is out of range; write between 5m and 168h (how long the bot keeps quiet for a member after staff wrote to them from the branch's phone)", q)
	}
}

type BranchConfig struct {
	ID          string   `yaml:"id"`
	Code        string   `yaml:"code"`
	Name        string   `yaml:"name"`
	Phone       string   `yaml:"phone"`
	Admins      []string `yaml:"admins"`
	QRISPayload string   `yaml:"qris_payload"`
	// BankAccounts are where members transfer deposits; Buka Tabungan and Setoran show them.
	BankAccounts []BankAccountConfig `yaml:"bank_accounts"`
}

// BankAccountConfig is one of a branch's bank accounts: the bank, the number, the holder's name.
type BankAccountConfig struct {
	Bank   string `yaml:"bank"`
	Number string `yaml:"number"`
	Name   string `yaml:"name"`
}

// bankAccounts are the branch's bank accounts as flows show them.
func (b BranchConfig) bankAccounts() []store.BankAccount {
	var out []store.BankAccount
	for _, a := range b.BankAccounts {
		out = append(out, store.BankAccount{Bank: a.Bank, Number: a.Number, Name: a.Name})
	}
	return out
}

type ProductConfig struct {
	Code       string `yaml:"code"`
	Kind       string `yaml:"kind"`
	Name       string `yaml:"name"`
	Amount     Amount `yaml:"amount"`
	MinOpening Amount `yaml:"min_opening"`
	MinBalance Amount `yaml:"min_balance"`
	Rate       Rate   `yaml:"rate"`
	Tenors     []int  `yaml:"tenors"`
	Method     string `yaml:"method"`
	MaxTenor   int    `yaml:"max_tenor"`
	MaxAmount  Amount `yaml:"max_amount"`
	// Savings interest and fees.
	InterestMethod     string `yaml:"interest_method"`
	InterestMinBalance Amount `yaml:"interest_min_balance"`
	PostingDay         int    `yaml:"posting_day"`
	MonthlyFee         Amount `yaml:"monthly_fee"`
	FeeDay             int    `yaml:"fee_day"`
	FeeFreeBalance     Amount `yaml:"fee_free_balance"`
	// Time deposits.
	InterestPayout string `yaml:"interest_payout"`
	EarlyPenalty   Rate   `yaml:"early_withdrawal_penalty"`
	// Loans.
	Provisi       Rate   `yaml:"provisi"`
	AdminFee      Amount `yaml:"admin_fee"`
	Insurance     Rate   `yaml:"insurance"`
	FeeCollection string `yaml:"fee_collection"`
	Prepayment    string `yaml:"prepayment"`
}

// Product is p as the store keeps it, its kind's settings as JSON.
func (p ProductConfig) Product() store.Product {
	params := store.ProductParams{Amount: int64(p.Amount), Tenors: p.Tenors, Method: p.Method,
		MaxTenor: p.MaxTenor, MaxAmount: int64(p.MaxAmount),
		InterestMethod: p.InterestMethod, InterestMinBalance: int64(p.InterestMinBalance), PostingDay: p.PostingDay,
		MonthlyFee: int64(p.MonthlyFee), FeeDay: p.FeeDay, FeeFreeBalance: int64(p.FeeFreeBalance),
		InterestPayout: p.InterestPayout, EarlyPenaltyBP: int64(p.EarlyPenalty),
		ProvisiBP: int64(p.Provisi), AdminFee: int64(p.AdminFee), InsuranceBP: int64(p.Insurance),
		FeeCollection: p.FeeCollection, Prepayment: p.Prepayment}
	return store.Product{Code: p.Code, Kind: p.Kind, Name: p.Name,
		MinOpening: int64(p.MinOpening), MinBalance: int64(p.MinBalance), RateBP: int64(p.Rate), Params: params.JSON()}
}

// Duration is a time.Duration written as "15m" or "1h30m".
type Duration time.Duration

func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return lineError(n, fmt.Sprintf("%q is not a duration (write it like 15m or 1h30m)", n.Value))
	}
	*d = Duration(v)
	return nil
}

func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

// Amount is whole rupiah, written as 100000 or "Rp100.000" or "1,5jt".
type Amount int64

func (a *Amount) UnmarshalYAML(n *yaml.Node) error {
	if n.Value == "0" {
		*a = 0
		return nil
	}
	v, err := parse.Amount(n.Value)
	if err != nil {
		return lineError(n, fmt.Sprintf("%q is not an amount of rupiah (write it like 100000 or Rp100.000)", n.Value))
	}
	*a = Amount(v)
	return nil
}

// Rate is a yearly rate in basis points, written as "3.5%" or "3,5%" or 3.5.
type Rate int64

var rateRE = regexp.MustCompile(`^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$`)

func (r *Rate) UnmarshalYAML(n *yaml.Node) error {
	m := rateRE.FindStringSubmatch(strings.TrimSpace(n.Value))
	if m == nil {
		return lineError(n, fmt.Sprintf("%q is not a yearly rate (write it like 3.5%%)", n.Value))
	}
	whole, _ := strconv.Atoi(m[1])
	frac := 0
	if m[2] != "" {
		frac, _ = strconv.Atoi((m[2] + "0")[:2])
	}
	*r = Rate(whole*100 + frac)
	return nil
}

// valueError is a value a key cannot take, said in words; the decoder adds the key's path.
type valueError string

func (e valueError) Error() string { return string(e) }

func lineError(_ *yaml.Node, msg string) error { return valueError(msg) }

// Words is the vocabulary members are read with, the cooperative's words included; valid after Validate.
func (c *Config) Words() *intent.Lexicon { return c.words }

// Location is the cooperative's time zone; valid after Validate.
func (c *Config) Location() *time.Location { return c.location }

// DatabasePath is where the cooperative's SQLite file lives.
func (c *Config) DatabasePath() string {
	if c.Database != "" {
		return c.Database
	}
	return strings.TrimSuffix(c.DataDir, "/") + "/kopbot.db"
}

// DeviceDBPath is where WhatsApp's device keys live: a file of its own, with its own backup rules.
func (c *Config) DeviceDBPath() string {
	if c.WhatsApp.DeviceDB != "" {
		return c.WhatsApp.DeviceDB
	}
	return strings.TrimSuffix(c.DataDir, "/") + "/whatsapp.db"
}

// BackupDir is where the backup job writes its copies: jobs.backup.dir, else <data_dir>/backups.
func (c *Config) BackupDir() string {
	if c.Jobs.Backup.Dir != "" {
		return c.Jobs.Backup.Dir
	}
	return strings.TrimSuffix(c.DataDir, "/") + "/backups"
}

// MediaDir is where photos members send are kept.
func (c *Config) MediaDir() string {
	return strings.TrimSuffix(c.DataDir, "/") + "/media"
}

// DefaultConfig is what kopbot runs on without a config file; config.example.yaml says the same.
func DefaultConfig() Config {
	return Config{
		Cooperative: Cooperative{Name: "Koperasi Simpan Pinjam Sejahtera"},
		DataDir:     "./data",
		Timezone:    "Asia/Jakarta",
		Language:    "id",
		Log:         LogConfig{Level: "info", Format: "auto"},
		Session:     SessionConfig{Timeout: Duration(15 * time.Minute)},
		Members: MembersConfig{PINAttempts: coop.DefaultPINAttempts, PINLock: Duration(30 * time.Minute), DefaultCeiling: 3_000_000,
			LoanMinSavingsPc: 10, RetirementAge: 56, LateFeePerDay: 10},
		Transfers:   TransfersConfig{MaxPerTransfer: 10_000_000, MaxPerDay: 25_000_000},
		Withdrawals: WithdrawalsConfig{MinAmount: 10_000},
		WhatsApp: WhatsAppConfig{MaxImageMB: 10, Send: SendConfig{
			InteractivePerMinute: 30, BulkPerMinute: 6, MaxAttempts: 8,
			RetryBase: Duration(5 * time.Second), RetryMax: Duration(10 * time.Minute),
		}},
		Web:  WebConfig{Listen: "127.0.0.1:8080", AdminToken: os.Getenv("KOPBOT_ADMIN_TOKEN"), MetricsToken: os.Getenv("KOPBOT_METRICS_TOKEN")},
		QRIS: QRISConfig{InvoiceValidity: Duration(15 * time.Minute), WebhookSecret: os.Getenv("KOPBOT_QRIS_SECRET")},
		KTP: KTPConfig{Verifier: coop.KTPByStaff, RequiredFor: []string{flows.KTPLoanApplication}, TransferAbove: 5_000_000,
			PhotoRetention: Duration(30 * 24 * time.Hour), HTTP: KTPHTTPConfig{APIKey: os.Getenv("KOPBOT_KTP_API_KEY"),
				Timeout: Duration(10 * time.Second), Attempts: coop.DefaultKTPAttempts, Backoff: Duration(coop.DefaultKTPBackoff)}},
		Jobs: defaultJobsConfig(),
		Books: BooksConfig{InterestTax: InterestTaxConfig{Threshold: Amount(coop.DefaultBooks.TaxThreshold), Rate: Rate(coop.DefaultBooks.TaxRateBP)},
			Collectibility: CollectibilityConfig{SpecialMention: coop.DefaultBooks.Grades[0], Substandard: coop.DefaultBooks.Grades[1],
				Doubtful: coop.DefaultBooks.Grades[2], Loss: coop.DefaultBooks.Grades[3]}},
		SHU:      defaultSHUConfig(),
		FourEyes: FourEyesConfig{ExpireAfter: Duration(72 * time.Hour)},
		Handover: HandoverConfig{OfficeHours: "08:00-16:00", OfficeDays: []string{"senin", "selasa", "rabu", "kamis", "jumat"},
			AnswerWithin: Duration(30 * time.Minute), Timeout: Duration(4 * time.Hour), StaffQuiet: Duration(flows.DefaultStaffQuiet)},
		Understanding: intent.Extra{Words: map[string][]string{}, Abbreviations: map[string]string{}},
		Branches: []BranchConfig{{ID: store.DemoBranch.ID, Code: store.DemoBranch.Code, Name: store.DemoBranch.Name,
			BankAccounts: []BankAccountConfig{{Bank: store.DemoBankAccounts[0].Bank, Number: store.DemoBankAccounts[0].Number, Name: store.DemoBankAccounts[0].Name}}}},
		Products: defaultProducts(),
	}
}

// defaultProducts are the products of DefaultConfig: the demo's.
func defaultProducts() []ProductConfig {
	var out []ProductConfig
	for _, p := range store.DemoProducts {
		s := p.Settings
		out = append(out, ProductConfig{Code: p.Code, Kind: p.Kind, Name: p.Name, Amount: Amount(s.Amount),
			MinOpening: Amount(p.MinOpening), MinBalance: Amount(p.MinBalance), Rate: Rate(p.RateBP), Tenors: slices.Clone(s.Tenors),
			Method: s.Method, MaxTenor: s.MaxTenor, MaxAmount: Amount(s.MaxAmount),
			InterestMethod: s.InterestMethod, InterestMinBalance: Amount(s.InterestMinBalance), PostingDay: s.PostingDay,
			MonthlyFee: Amount(s.MonthlyFee), FeeDay: s.FeeDay, FeeFreeBalance: Amount(s.FeeFreeBalance),
			InterestPayout: s.InterestPayout, EarlyPenalty: Rate(s.EarlyPenaltyBP),
			Provisi: Rate(s.ProvisiBP), AdminFee: Amount(s.AdminFee), Insurance: Rate(s.InsuranceBP),
			FeeCollection: s.FeeCollection, Prepayment: s.Prepayment})
	}
	return out
}

// defaultJobsConfig is the jobs: section of DefaultConfig.
func defaultJobsConfig() JobsConfig {
	return JobsConfig{QuietHours: "21:00-07:00", CatchUp: Duration(6 * time.Hour), OnlyChatted: true,
		InstallmentDue:  DaysBeforeJob{Schedule: "0 8 * * *", DaysBefore: []int{3, 1, 0}},
		Overdue:         OverdueJob{Schedule: "15 8 * * *", Days: 7},
		DepositMaturity: DaysBeforeJob{Schedule: "30 8 * * *", DaysBefore: []int{7, 0}},
		SimpananWajib:   WajibJob{Schedule: "45 8 * * *", Day: 10},
		StaffDigest:     StaffDigestJob{Schedule: "0 9 * * *"},
		Housekeeping:    HousekeepingConfig{Schedule: "*/15 * * * *", KeepProcessed: Duration(30 * 24 * time.Hour), KeepPhrases: Duration(90 * 24 * time.Hour)},
		DayClose:        DayCloseJob{Schedule: "30 0 * * *"},
		Backup:          BackupJob{Schedule: "0 2 * * *", Keep: 14},
	}
}

// LoadConfig reads YAML from r over the defaults, expanding ${VAR} from the environment,
// and validates it. Every problem found is reported, each naming its key.
func LoadConfig(r io.Reader) (Config, error) {
	body, err := io.ReadAll(r)
	if err != nil {
		return Config{}, fmt.Errorf("read config: %w", err)
	}
	cfg := DefaultConfig()
	var doc yaml.Node
	if err := yaml.Unmarshal(body, &doc); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	if len(doc.Content) == 0 { // an empty file means all defaults
		return cfg, cfg.Validate()
	}
	root := doc.Content[0]
	if err := expandEnv(root); err != nil {
		return Config{}, err
	}
	var errs []error
	decodeInto(root, reflect.ValueOf(&cfg).Elem(), "", &errs)
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	return cfg, cfg.Validate()
}

// LoadConfigFile loads the config file at path, or the defaults when path is empty.
func LoadConfigFile(path string) (Config, error) {
	if path == "" {
		cfg := DefaultConfig()
		return cfg, cfg.Validate()
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("read config: %w", err)
	}
	cfg, err := LoadConfig(bytes.NewReader(body))
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

var envRE = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}`)

// expandEnv replaces ${VAR} and ${VAR:-default} in scalar values (never in keys or structure).
func expandEnv(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "${") {
		n.Value = envRE.ReplaceAllStringFunc(n.Value, func(s string) string {
			m := envRE.FindStringSubmatch(s)
			if v, ok := os.LookupEnv(m[1]); ok && v != "" {
				return v
			}
			return m[2]
		})
		if n.Style == 0 || n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle {
			n.Tag = "" // let the expanded value be read as a number where a number is wanted
			n.Style = 0
		}
	}
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 {
			continue
		}
		if err := expandEnv(c); err != nil {
			return err
		}
	}
	return nil
}

// decodeInto decodes n into v key by key, over the defaults v holds, so that every problem
// names its key: an unknown key (with the keys known there), or a value the key cannot take.
// It is strict from the node tree; the YAML library's error strings are never parsed. A
// list replaces the default list rather than merging into it.
func decodeInto(n *yaml.Node, v reflect.Value, path string, errs *[]error) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		decodeInto(n, v.Elem(), path, errs)
		return
	}
	if _, custom := v.Addr().Interface().(yaml.Unmarshaler); custom {
		decodeValue(n, v, path, errs)
		return
	}
	switch {
	case v.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		t := v.Type()
		fields := map[string]int{}
		var known []string
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
			if name == "" || name == "-" {
				continue
			}
			fields[name] = i
			known = append(known, name)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			p := k.Value
			if path != "" {
				p = path + "." + k.Value
			}
			f, ok := fields[k.Value]
			if !ok {
				*errs = append(*errs, fmt.Errorf("%s: unknown key (line %d; known keys here: %s)", p, k.Line, strings.Join(known, ", ")))
				continue
			}
			decodeInto(val, v.Field(f), p, errs)
		}
	case v.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		list := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			decodeInto(c, list.Index(i), fmt.Sprintf("%s[%d]", path, i), errs)
		}
		v.Set(list)
	case v.Kind() == reflect.Slice && n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		v.Set(reflect.Zero(v.Type())) // "products:" with nothing under it: no products
	default:
		decodeValue(n, v, path, errs)
	}
}

// decodeValue decodes one value (a scalar, a map, or a type that reads itself) into v.
func decodeValue(n *yaml.Node, v reflect.Value, path string, errs *[]error) {
	fresh := reflect.New(v.Type())
	if v.Kind() != reflect.Map { // a map's defaults are kept and added to
		fresh.Elem().Set(v)
	} else {
		fresh = v.Addr()
	}
	err := n.Decode(fresh.Interface())
	var ve valueError
	switch {
	case errors.As(err, &ve):
		*errs = append(*errs, fmt.Errorf("%s: %s", path, ve))
	case err != nil:
		*errs = append(*errs, fmt.Errorf("%s: %s", path, mismatch(n, v.Type())))
	default:
		v.Set(fresh.Elem())
	}
}

// mismatch says what a key takes, for a value it cannot: from the key's Go type.
func mismatch(n *yaml.Node, t reflect.Type) string {
	got := fmt.Sprintf("%q", n.Value)
	switch n.Kind {
	case yaml.MappingNode:
		got = "a section"
	case yaml.SequenceNode:
		got = "a list"
	}
	return got + " is not " + describe(t)
}

func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice:
		return "a list"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "text"
	case reflect.Struct:
		return "a section (write its keys under it)"
	case reflect.Map:
		return "a section of names and values"
	}
	return "a " + t.String()
}

var branchIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)
var twoDigitsRE = regexp.MustCompile(`^\d{2}$`)

// complaint says what is wrong with the value of one config key.
type complaint = func(key, format string, args ...any)

// Validate checks every value and fills in what is derived from them.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	c.validateBasics(bad)
	c.validateLimits(bad)
	c.validateWhatsApp(bad)
	c.validateWeb(bad)
	c.validateKTP(bad)
	c.validateUnderstanding(bad)
	c.validateJobs(bad)
	c.validateHandover(bad)
	c.validateBooks(bad)
	c.validateSHU(bad)
	c.validateFourEyes(bad)
	c.validateBranches(bad)
	c.validateProducts(bad)
	return errors.Join(errs...)
}

// validateBasics checks the cooperative's name, the data directory, the time zone, the
// language and the log.
func (c *Config) validateBasics(bad complaint) {
	if strings.TrimSpace(c.Cooperative.Name) == "" {
		bad("cooperative.name", "is empty; write the cooperative's name as members know it")
	}
	if c.DataDir == "" {
		bad("data_dir", "is empty; write a directory such as ./data")
	}
	if loc, err := time.LoadLocation(c.Timezone); err != nil || c.Timezone == "" {
		bad("timezone", "%q is not a time zone (write it like Asia/Jakarta, Asia/Makassar or Asia/Jayapura)", c.Timezone)
	} else {
		c.location = loc
	}
	if c.Language != "id" && c.Language != "en" {
		bad("language", "%q is not a language kopbot speaks (write id or en)", c.Language)
	}
	if _, err := zerolog.ParseLevel(c.Log.Level); err != nil || c.Log.Level == "" {
		bad("log.level", "%q is not a log level (write debug, info, warn or error)", c.Log.Level)
	}
	switch c.Log.Format {
	case "auto", "console", "json":
	default:
		bad("log.format", "%q is not a log format (write auto, console or json)", c.Log.Format)
	}
}

// validateLimits checks sessions, the members section and transfers.
func (c *Config) validateLimits(bad complaint) {
	if time.Duration(c.Session.Timeout) < time.Minute {
		bad("session.timeout", "%s is too short (write at least 1m)", time.Duration(c.Session.Timeout))
	}
	if c.Members.PINAttempts < 1 || c.Members.PINAttempts > 10 {
		bad("members.pin_attempts", "%d is outside 1 to 10", c.Members.PINAttempts)
	}
	if time.Duration(c.Members.PINLock) < time.Minute {
		bad("members.pin_lock", "%s is too short (write at least 1m)", time.Duration(c.Members.PINLock))
	}
	if c.Members.LoanMinSavingsPc < 0 || c.Members.LoanMinSavingsPc > 100 {
		bad("members.loan_min_savings_percent", "%d is not a percentage from 0 to 100", c.Members.LoanMinSavingsPc)
	}
	if c.Members.RetirementAge < 40 || c.Members.RetirementAge > 100 {
		bad("members.retirement_age", "%d is not an age from 40 to 100", c.Members.RetirementAge)
	}
	if c.Members.LateFeePerDay > 100 {
		bad("members.late_fee_per_day", "%d.%02d%% a day is more than 1%% a day", c.Members.LateFeePerDay/100, c.Members.LateFeePerDay%100)
	}
	if c.Transfers.MaxPerTransfer <= 0 {
		bad("transfers.max_per_transfer", "is missing; write the most one transfer may move, like Rp10.000.000")
	}
	if c.Transfers.MaxPerDay < c.Transfers.MaxPerTransfer {
		bad("transfers.max_per_day", "%d is less than max_per_transfer", c.Transfers.MaxPerDay)
	}
}

// validateWhatsApp checks the whatsapp section: images and the sender's rates and retries.
func (c *Config) validateWhatsApp(bad complaint) {
	if c.WhatsApp.MaxImageMB < 1 || c.WhatsApp.MaxImageMB > 100 {
		bad("whatsapp.max_image_mb", "%d is not a size in megabytes from 1 to 100", c.WhatsApp.MaxImageMB)
	}
	send := c.WhatsApp.Send
	if send.InteractivePerMinute < 1 || send.InteractivePerMinute > 120 {
		bad("whatsapp.send.interactive_per_minute", "%d is outside 1 to 120 messages a minute", send.InteractivePerMinute)
	}
	if send.BulkPerMinute < 1 || send.BulkPerMinute > 60 {
		bad("whatsapp.send.bulk_per_minute", "%d is outside 1 to 60 messages a minute", send.BulkPerMinute)
	}
	if send.MaxAttempts < 1 || send.MaxAttempts > 50 {
		bad("whatsapp.send.max_attempts", "%d is outside 1 to 50", send.MaxAttempts)
	}
	if time.Duration(send.RetryBase) < 2*time.Second {
		bad("whatsapp.send.retry_base", "%s is too short (write at least 2s)", time.Duration(send.RetryBase))
	}
	if send.RetryMax < send.RetryBase {
		bad("whatsapp.send.retry_max", "%s is shorter than retry_base", time.Duration(send.RetryMax))
	}
}

// validateWeb checks where the admin pages listen, how long a QRIS invoice is valid and
// that the web's secrets are long enough.
func (c *Config) validateWeb(bad complaint) {
	if _, _, err := net.SplitHostPort(c.Web.Listen); err != nil {
		bad("web.listen", "%q is not an address to listen on (write it like 127.0.0.1:8080)", c.Web.Listen)
	}
	if v := time.Duration(c.QRIS.InvoiceValidity); v < time.Minute || v > 24*time.Hour {
		bad("qris.invoice_validity", "%s is out of range; write between 1m and 24h", v)
	}
	for _, s := range []struct{ key, env, value string }{
		{"web.admin_token", "KOPBOT_ADMIN_TOKEN", c.Web.AdminToken},
		{"web.metrics_token", "KOPBOT_METRICS_TOKEN", c.Web.MetricsToken},
		{"qris.webhook_secret", "KOPBOT_QRIS_SECRET", c.QRIS.WebhookSecret},
	} {
		if s.value != "" && len(s.value) < minSecretLen {
			bad(s.key, "is %d characters long, too short to resist guessing: write at least %d random characters "+
				"(openssl rand -hex 32 makes one) or leave it empty to turn it off (%s)", len(s.value), minSecretLen, s.env)
		}
	}
}

// minSecretLen is the shortest admin token, metrics token or webhook secret taken: 32
// random characters are beyond guessing online.
const minSecretLen = 32

// validateUnderstanding reads the words a cooperative added (understanding:).
func (c *Config) validateUnderstanding(bad complaint) {
	if len(c.Understanding.Words) == 0 && len(c.Understanding.Abbreviations) == 0 {
		c.words = intent.Default()
	} else if lex, err := intent.New(c.Understanding); err != nil {
		bad("understanding", "%v", strings.TrimPrefix(err.Error(), "understanding: "))
	} else {
		c.words = lex
	}
}

// validateBranches checks each branch and that ids and codes are each one branch's.
func (c *Config) validateBranches(bad complaint) {
	if len(c.Branches) == 0 {
		bad("branches", "is empty; configure at least one branch")
	}
	ids, codes := map[string]bool{}, map[string]bool{}
	for i := range c.Branches {
		b := &c.Branches[i]
		key := fmt.Sprintf("branches[%d]", i)
		if !branchIDRE.MatchString(b.ID) {
			bad(key+".id", "%q is not a branch id (lowercase letters, digits and dashes, like pusat or cabang-2)", b.ID)
		} else if ids[b.ID] {
			bad(key+".id", "%q is used by another branch", b.ID)
		}
		ids[b.ID] = true
		if !twoDigitsRE.MatchString(b.Code) {
			bad(key+".code", "%q is not a two-digit branch code (like 01)", b.Code)
		} else if codes[b.Code] {
			bad(key+".code", "%q is used by another branch", b.Code)
		}
		codes[b.Code] = true
		if strings.TrimSpace(b.Name) == "" {
			bad(key+".name", "is empty")
		}
		if b.Phone != "" {
			p, err := parse.Phone(b.Phone)
			if err != nil {
				bad(key+".phone", "%q is not a phone number", b.Phone)
			}
			b.Phone = p
		}
		for j, a := range b.Admins {
			p, err := parse.Phone(a)
			if err != nil {
				bad(fmt.Sprintf("%s.admins[%d]", key, j), "%q is not a phone number", a)
			}
			b.Admins[j] = p
		}
		if b.QRISPayload != "" {
			if _, err := qris.DecodeQRIS(b.QRISPayload); err != nil {
				bad(key+".qris_payload", "is not a valid QRIS payload: %v", err)
			}
		}
		validateBankAccounts(key, b.BankAccounts, bad)
	}
}

// bankNumberRE is a bank account number once spaces, dots and dashes are gone.
var bankNumberRE = regexp.MustCompile(`^[0-9]{6,20}$`)

// validateBankAccounts checks a branch's bank accounts and keeps their numbers as digits only.
func validateBankAccounts(key string, accounts []BankAccountConfig, bad complaint) {
	for j := range accounts {
		a := &accounts[j]
		k := fmt.Sprintf("%s.bank_accounts[%d]", key, j)
		a.Bank, a.Name = strings.TrimSpace(a.Bank), strings.TrimSpace(a.Name)
		if a.Bank == "" {
			bad(k+".bank", "is empty; name the bank, like BRI")
		}
		if n := strings.NewReplacer(" ", "", ".", "", "-", "").Replace(a.Number); !bankNumberRE.MatchString(n) {
			bad(k+".number", "%q is not a bank account number (6 to 20 digits)", a.Number)
		} else {
			a.Number = n
		}
		if a.Name == "" {
			bad(k+".name", "is empty; write the name the bank shows for the account")
		}
	}
}

// validateProducts checks each product and that codes are each one product's.
func (c *Config) validateProducts(bad complaint) {
	pcodes := map[string]bool{}
	for i := range c.Products {
		p := &c.Products[i]
		key := fmt.Sprintf("products[%d]", i)
		if p.Code == "" {
			bad(key+".code", "is empty; give the product a short code like TAB")
		} else if pcodes[p.Code] {
			bad(key+".code", "%q is used by another product", p.Code)
		}
		pcodes[p.Code] = true
		if strings.TrimSpace(p.Name) == "" {
			bad(key+".name", "is empty")
		}
		for _, pr := range coop.CheckProduct(p.Product()) {
			bad(key+"."+pr.Field, "%s", pr.Problem)
		}
	}
}

func (c *Config) validateKTP(bad complaint) {
	k := c.KTP
	switch k.Verifier {
	case coop.KTPByStaff:
	case coop.KTPByHTTP:
		if u, err := url.Parse(k.HTTP.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("ktp.http.url", "%q is not the aggregator's address (write it like https://api.example.co.id/v1/ktp/verify)", k.HTTP.URL)
		}
		if k.HTTP.APIKey == "" {
			bad("ktp.http.api_key", "is empty; set KOPBOT_KTP_API_KEY to the aggregator's key")
		}
	default:
		bad("ktp.verifier", "%q is not a verifier (write manual or http)", k.Verifier)
	}
	gates := flows.KTPGates()
	for i, g := range k.RequiredFor {
		if !slices.Contains(gates, g) {
			bad(fmt.Sprintf("ktp.required_for[%d]", i), "%q is not a service (write one of %s)", g, strings.Join(gates, ", "))
		}
	}
	if k.TransferAbove < 0 {
		bad("ktp.transfer_above", "is negative; write 0 to let every transfer through")
	}
	if r := time.Duration(k.PhotoRetention); r < time.Hour || r > 10*365*24*time.Hour {
		bad("ktp.photo_retention", "%s is out of range; write between 1h and 87600h (10 years)", r)
	}
	if t := time.Duration(k.HTTP.Timeout); t < time.Second || t > 2*time.Minute {
		bad("ktp.http.timeout", "%s is out of range; write between 1s and 2m", t)
	}
	if k.HTTP.Attempts < 1 || k.HTTP.Attempts > 20 {
		bad("ktp.http.attempts", "%d is outside 1 to 20", k.HTTP.Attempts)
	}
	if b := time.Duration(k.HTTP.Backoff); b < time.Second || b > time.Hour {
		bad("ktp.http.backoff", "%s is out of range; write between 1s and 1h", b)
	}
}

// validateJobs checks the jobs section: schedules, days, quiet hours, the catch-up window.
func (c *Config) validateJobs(bad complaint) {
	j := &c.Jobs
	if start, end, ok := parseQuietHours(j.QuietHours); ok {
		j.quietStart, j.quietEnd = start, end
	} else {
		bad("jobs.quiet_hours", "%q is not a span of hours (write it like 21:00-07:00, or \"\" for none)", j.QuietHours)
	}
	if v := time.Duration(j.CatchUp); v < 0 || v > 7*24*time.Hour {
		bad("jobs.catch_up", "%s is out of range; write between 0s (never catch up) and 168h", v)
	}
	for _, name := range coop.JobNames {
		spec := j.Schedule(name)
		if spec == "off" {
			continue
		}
		if _, err := cron.ParseStandard(spec); err != nil {
			bad("jobs."+strings.ReplaceAll(name, "-", "_")+".schedule", "%q is not a schedule (write 5 cron fields like \"0 8 * * *\" for 08:00 daily, or off): %v", spec, err)
		}
	}
	days := func(key string, ds []int) {
		for i, d := range ds {
			if d < 0 || d > 60 {
				bad(fmt.Sprintf("%s[%d]", key, i), "%d is not a number of days before (0 to 60)", d)
			}
		}
	}
	days("jobs.installment_due.days_before", j.InstallmentDue.DaysBefore)
	days("jobs.deposit_maturity.days_before", j.DepositMaturity.DaysBefore)
	if j.Overdue.Days < 0 || j.Overdue.Days > 90 {
		bad("jobs.overdue.days", "%d is outside 0 (no overdue reminders) to 90 days", j.Overdue.Days)
	}
	if j.SimpananWajib.Day < 1 || j.SimpananWajib.Day > 31 {
		bad("jobs.simpanan_wajib.day", "%d is not a day of the month (1 to 31)", j.SimpananWajib.Day)
	}
	if time.Duration(j.Housekeeping.KeepProcessed) < 24*time.Hour {
		bad("jobs.housekeeping.keep_processed", "%s is too short (write at least 24h: WhatsApp may deliver a message again within a day)", time.Duration(j.Housekeeping.KeepProcessed))
	}
	if j.Backup.Keep < 0 || j.Backup.Keep > 1000 {
		bad("jobs.backup.keep", "%d is out of range; write how many copies to keep, 1 to 1000 (0 keeps them all)", j.Backup.Keep)
	}
	if k := time.Duration(j.Housekeeping.KeepPhrases); k < 24*time.Hour || k > 10*365*24*time.Hour {
		bad("jobs.housekeeping.keep_phrases", "%s is out of range; write between 24h and 87600h (10 years)", k)
	}
}
