package main

import (
	"context"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// The example file is what an IT person starts from: it must load, and say exactly what the defaults are.
func TestConfigExampleIsTheDefaults(t *testing.T) {
	f, err := os.Open("../../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := LoadConfig(f)
	if err != nil {
		t.Fatalf("config.example.yaml: %v", err)
	}
	want := DefaultConfig()
	if err := want.Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	// An empty admins list in YAML and a nil one in Go mean the same.
	for i := range got.Branches {
		if len(got.Branches[i].Admins) == 0 {
			got.Branches[i].Admins = nil
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("config.example.yaml and DefaultConfig differ:\n file:     %+v\n defaults: %+v", got, want)
	}
}

func TestConfigEmptyFileIsDefaults(t *testing.T) {
	cfg := mustLoadConfig(t, "")
	if cfg.Branches[0].ID != "pusat" || cfg.DataDir != "./data" || cfg.Location().String() != "Asia/Jakarta" || cfg.Language != "id" {
		t.Errorf("defaults: branch %s, data %s, tz %s, lang %s", cfg.Branches[0].ID, cfg.DataDir, cfg.Location(), cfg.Language)
	}
	if cfg.DatabasePath() != "./data/kopbot.db" {
		t.Errorf("database path %s", cfg.DatabasePath())
	}
}

func TestConfigOverrides(t *testing.T) {
	t.Setenv("KOPBOT_TEST_COOP", "KSP Maju Jaya")
	t.Setenv("KOPBOT_TEST_MINUTES", "30")
	cfg, err := LoadConfig(strings.NewReader(`
cooperative:
  name: ${KOPBOT_TEST_COOP}
timezone: Asia/Makassar
session:
  timeout: ${KOPBOT_TEST_MINUTES}m
data_dir: ${KOPBOT_TEST_UNSET:-/var/lib/kopbot}
branches:
  - id: pusat
    code: "01"
    name: Kantor Pusat
    phone: 0812-3456-7890
    admins: ["+62 811 1111 111"]
  - id: cabang-bogor
    code: "02"
    name: Cabang Bogor
`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Cooperative.Name != "KSP Maju Jaya" {
		t.Errorf("env expansion: name %q", cfg.Cooperative.Name)
	}
	if time.Duration(cfg.Session.Timeout) != 30*time.Minute {
		t.Errorf("timeout %s", time.Duration(cfg.Session.Timeout))
	}
	if cfg.DataDir != "/var/lib/kopbot" {
		t.Errorf("default in ${VAR:-default}: %q", cfg.DataDir)
	}
	if len(cfg.Branches) != 2 || cfg.Branches[0].Phone != "6281234567890" || cfg.Branches[0].Admins[0] != "628111111111" {
		t.Errorf("branches: %+v", cfg.Branches)
	}
	if len(cfg.Products) != len(DefaultConfig().Products) {
		t.Errorf("products not given should stay the defaults, got %d", len(cfg.Products))
	}
	if cfg.Location().String() != "Asia/Makassar" {
		t.Errorf("timezone %s", cfg.Location())
	}
}

// Every mistake names its key and says what is wrong, all of them at once.
func TestConfigErrorsNameTheKey(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       []string
	}{
		{"unknown key", "cooperative:\n  nama: X\n", []string{"cooperative.nama: unknown key", "known keys here: name"}},
		{"value for a section", "cooperative: KSP Maju\n", []string{`cooperative: "KSP Maju" is not a section (write its keys under it)`}},
		{"section for a value", "language:\n  id: ya\n", []string{`language: a section is not text`}},
		{"list for a number", "session:\n  timeout: [1, 2]\n", []string{`session.timeout: `}},
		{"several at once", "cooperative: X\nlog:\n  level: [a]\n", []string{`cooperative: "X" is not a section`, `log.level: a list is not text`}},
		{"unknown nested in list", "branches:\n  - id: pusat\n    code: \"01\"\n    name: P\n    telpon: 1\n", []string{"branches[0].telpon: unknown key"}},
		{"bad phone", "branches:\n  - id: pusat\n    code: \"01\"\n    name: P\n  - id: b\n    code: \"02\"\n    name: B\n    phone: 0812abc\n",
			[]string{`branches[1].phone: "0812abc" is not a phone number`}},
		{"bad duration", "session:\n  timeout: lima belas\n", []string{`session.timeout: "lima belas" is not a duration`}},
		{"short duration", "session:\n  timeout: 10s\n", []string{"session.timeout: 10s is too short"}},
		{"bad zone", "timezone: Jakarta\n", []string{`timezone: "Jakarta" is not a time zone`}},
		{"bad language", "language: jv\n", []string{`language: "jv" is not a language`}},
		{"bad level", "log:\n  level: loud\n", []string{`log.level: "loud" is not a log level`}},
		{"not a number", "products:\n  - code: D\n    kind: deposito\n    name: D\n    tenors: [tiga]\n", []string{`products[0].tenors`, `"tiga" is not a whole number`}},
		{"bad amount", "products:\n  - code: W\n    kind: wajib\n    name: W\n    amount: lima puluhan\n", []string{`products[0].amount: "lima puluhan" is not an amount`}},
		{"bad rate", "products:\n  - code: T\n    kind: tabungan\n    name: T\n    rate: tiga persen\n", []string{`products[0].rate: "tiga persen" is not a yearly rate`}},
		{"bad kind", "products:\n  - code: X\n    kind: saham\n    name: X\n", []string{`products[0].kind: "saham" is not a product kind`}},
		{"duplicate branch", "branches:\n  - {id: a, code: \"01\", name: A}\n  - {id: a, code: \"01\", name: B}\n",
			[]string{`branches[1].id: "a" is used by another branch`, `branches[1].code: "01" is used by another branch`}},
		{"no branches", "branches: []\n", []string{"branches: is empty"}},
		{"bad bank account", "branches:\n  - id: pusat\n    code: \"01\"\n    name: P\n    bank_accounts:\n      - {bank: BRI, number: 0001-01-000000-30-0, name: KSP}\n      - {bank: \" \", number: 12ab, name: \"\"}\n",
			[]string{"branches[0].bank_accounts[1].bank: is empty", `branches[0].bank_accounts[1].number: "12ab" is not a bank account number`,
				"branches[0].bank_accounts[1].name: is empty"}},
		{"section as scalar", "log: verbose\n", []string{"log:"}},
		// A valid Thai PromptPay QR (github.com/dtinth/promptpay-qr, index.test.js) is not a QRIS.
		{"branch QR of another scheme", "branches:\n  - id: pusat\n    code: \"01\"\n    name: P\n    qris_payload: \"00020101021129370016A000000677010111011300668012345675802TH530376463046197\"\n",
			[]string{`branches[0].qris_payload: is not a valid QRIS payload: tag 58: the payload is PromptPay (country "TH"), not QRIS`}},
		{"SHU shares not 100%", "shu:\n  shares:\n    jasa_simpanan: 30%\n", []string{"shu.shares: they add up to 105.00%; the parts of the surplus must add up to 100%"}},
		{"SHU without a reserve", "shu:\n  shares:\n    cadangan: 0%\n    jasa_simpanan: 65%\n", []string{"shu.shares.cadangan: give the reserve"}},
		{"SHU share misspelt", "shu:\n  shares:\n    jasa_modal: 25%\n", []string{"shu.shares.jasa_modal: unknown key", "jasa_simpanan"}},
		{"SHU savings of no kind", "shu:\n  savings_counted: [wajib, deposito, wajib]\n",
			[]string{`shu.savings_counted: "deposito" is not a kind of savings`, `shu.savings_counted: "wajib" is listed twice`}},
		{"one-letter secrets", "web:\n  admin_token: x\n  metrics_token: y\nqris:\n  webhook_secret: z\n",
			[]string{"web.admin_token: is 1 characters long", "web.metrics_token: is 1 characters long", "qris.webhook_secret: is 1 characters long", "at least 32"}},
		{"understanding of no service", "understanding:\n  words:\n    cek-saldo: [duit aku]\n", []string{"understanding:", `"cek-saldo"`, "cek-tabungan"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadConfig(strings.NewReader(tc.yaml))
			if err == nil {
				t.Fatal("loaded without error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not say %q", err, w)
				}
			}
		})
	}
}

func TestLoadConfigFileNamesTheFile(t *testing.T) {
	path := t.TempDir() + "/kopbot.yaml"
	if err := os.WriteFile(path, []byte("language: xx\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadConfigFile(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "language") {
		t.Errorf("error %v should name the file and the key", err)
	}
	if _, err := LoadConfigFile(t.TempDir() + "/missing.yaml"); err == nil {
		t.Error("a missing config file loaded without error")
	}
}

func TestConfigHandover(t *testing.T) {
	wantConfigErrors(t, []struct{ yaml, want string }{
		{"handover:\n  office_hours: pagi\n", `handover.office_hours: "pagi" is not the office's opening hours`},
		{"handover:\n  office_hours: \"16:00-08:00\"\n", `handover.office_hours: "16:00-08:00" is not the office's opening hours`},
		{"handover:\n  office_days: []\n", "handover.office_days: is empty"},
		{"handover:\n  office_days: [senin, libur]\n", `handover.office_days[1]: "libur" is not a day of the week`},
		{"handover:\n  office_days: [senin, Monday]\n", `handover.office_days[1]: "Monday" is listed twice`},
		{"handover:\n  answer_within: 0s\n", "handover.answer_within: 0s is out of range"},
		{"handover:\n  timeout: 1m\n", "handover.timeout: 1m0s is out of range"},
		{"handover:\n  answer_within: 2h\n  timeout: 1h\n", "handover.timeout: 1h0m0s is shorter than answer_within"},
		{"handover:\n  staff_quiet: 1m\n", "handover.staff_quiet: 1m0s is out of range"},
	})
	cfg := mustLoadConfig(t, "handover:\n  office_hours: \"07.30-15.00\"\n  office_days: [Sen, selasa, SABTU]\n  answer_within: 1h\n  timeout: 8h\n")
	r := cfg.Handover.Rules()
	if r.OfficeOpen != 7*time.Hour+30*time.Minute || r.OfficeClose != 15*time.Hour || r.AnswerWithin != time.Hour || r.Timeout != 8*time.Hour ||
		!reflect.DeepEqual(r.OfficeDays, []time.Weekday{time.Monday, time.Tuesday, time.Saturday}) || r.StaffQuiet != 2*time.Hour {
		t.Errorf("handover rules = %+v (staff_quiet defaults to 2h)", r)
	}
}

// The default config's branch and products are the demo's, as the store defines them: what
// `kopbot demo` loads into is what the conversation tests (which sync store.DemoProducts)
// run against, setting for setting.
func TestDefaultConfigIsTheDemo(t *testing.T) {
	config := writeConfig(t, "")
	ctx := context.Background()
	app, err := openApp(ctx, commonFlags{config: config, create: true}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		got, err := tx.Products(ctx)
		if err != nil {
			return err
		}
		if len(got) != len(store.DemoProducts) {
			t.Fatalf("%d products, want the %d demo products", len(got), len(store.DemoProducts))
		}
		for i, p := range store.DemoProducts {
			want := p.Product()
			want.ID = got[i].ID
			if got[i] != want {
				t.Errorf("product %d:\n got  %+v\n want %+v", i, got[i], want)
			}
		}
		b, err := tx.Branch(ctx, store.DemoBranch.ID)
		if err != nil {
			return err
		}
		if b != store.DemoBranch {
			t.Errorf("branch %+v, want %+v", b, store.DemoBranch)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// wantConfigErrors checks that each config is refused with an error saying want.
func wantConfigErrors(t *testing.T, cases []struct{ yaml, want string }) {
	t.Helper()
	for _, tc := range cases {
		_, err := LoadConfig(strings.NewReader(tc.yaml))
		wantError(t, tc.yaml, err, tc.want)
	}
}

// mustLoadConfig is the config yaml says, which must load.
func mustLoadConfig(t *testing.T, yaml string) Config {
	t.Helper()
	cfg, err := LoadConfig(strings.NewReader(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// A branch's bank accounts are read with their numbers as digits only, for the flows.
func TestConfigBankAccounts(t *testing.T) {
	cfg, err := LoadConfig(strings.NewReader("branches:\n  - id: pusat\n    code: \"01\"\n    name: P\n    bank_accounts:\n      - {bank: BRI, number: 0001-01 000000.30-0, name: KSP Maju}\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.Branches[0].bankAccounts()
	if len(got) != 1 || got[0] != (store.BankAccount{Bank: "BRI", Number: "000101000000300", Name: "KSP Maju"}) {
		t.Errorf("bank accounts = %+v", got)
	}
}
