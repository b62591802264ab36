package main

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// backupScheduler is a scheduler over the config's database whose backup job keeps keep
// copies in a directory of the test's, with the backup metrics /metrics would show.
func backupScheduler(t *testing.T, config string, now *time.Time, keep int) (*Scheduler, *App, *prometheus.Registry, string) {
	t.Helper()
	s, app := testScheduler(t, config, now)
	dir := filepath.Join(t.TempDir(), "backups")
	s.Jobs.Settings.BackupDir, s.Jobs.Settings.BackupKeep = dir, keep
	reg := prometheus.NewRegistry()
	s.Ran = newBackupMetrics(reg, dir).ran
	return s, app, reg, dir
}

// branchBalances is what the books of branch pusat hold, as kopbot's reports read them.
func branchBalances(t *testing.T, db *store.DB) store.BranchBalances {
	t.Helper()
	var b store.BranchBalances
	if err := db.View(context.Background(), func(tx *store.Tx) (err error) { b, err = tx.BranchBalances(context.Background(), "pusat"); return }); err != nil {
		t.Fatal(err)
	}
	return b
}

func metricValue(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() == name {
			m := f.GetMetric()[0]
			if m.GetCounter() != nil {
				return m.GetCounter().GetValue()
			}
			return m.GetGauge().GetValue()
		}
	}
	t.Fatalf("no metric %s", name)
	return 0
}

// The scheduled backup writes a copy 0600, checks it, names it for its time, keeps the
// newest jobs.backup.keep, and /metrics tells when the newest good one was taken.
func TestScheduledBackupWritesChecksAndPrunes(t *testing.T) {
	ctx := context.Background()
	config := testConfig(t)
	now := time.Date(2026, 12, 6, 2, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	s, app, reg, dir := backupScheduler(t, config, &now, 2)
	// What a run killed midway leaves behind goes at the next run.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".kopbot-20261205-010000Z.db.partial"), []byte("half a copy"), 0o600); err != nil {
		t.Fatal(err)
	}
	var taken []time.Time
	for range 3 {
		s.RunSlot(ctx, coop.JobBackup, now)
		if r, _ := jobRun(t, app, coop.JobBackup); r.Status != store.JobOK || !strings.Contains(r.Summary, "checked: integrity and ledger good") {
			t.Fatalf("backup run %+v", r)
		}
		taken = append(taken, now)
		now = now.Add(24 * time.Hour)
	}
	files, err := coop.BackupFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || !files[0].Taken.Equal(taken[2]) || !files[1].Taken.Equal(taken[1]) {
		t.Fatalf("kept %+v, want the two newest of %v", files, taken)
	}
	if want := filepath.Join(dir, "kopbot-20261207-190000Z.db"); files[0].Path != want {
		t.Errorf("newest copy %s, want %s", files[0].Path, want)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("backup directory holds %v, want the 2 copies only", entries)
	}
	live := branchBalances(t, app.DB)
	for _, f := range files {
		st, err := os.Stat(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v, want 0600", f.Path, st.Mode().Perm())
		}
		cp, err := store.OpenCopy(ctx, f.Path)
		if err != nil {
			t.Fatal(err)
		}
		if got := branchBalances(t, cp); !reflect.DeepEqual(got, live) {
			t.Errorf("copy %s holds %+v, the live books %+v", f.Path, got, live)
		}
		cp.Close()
	}
	if got := metricValue(t, reg, "kopbot_backup_last_good_timestamp_seconds"); got != float64(taken[2].Unix()) {
		t.Errorf("last good backup metric %v, want %d", got, taken[2].Unix())
	}
	if got := metricValue(t, reg, "kopbot_backup_failures_total"); got != 0 {
		t.Errorf("failures %v, want 0", got)
	}
}

// A copy that fails its check (here the ledger is out of balance) is never given a good
// copy's name nor prunes one: the run fails, /metrics counts it, and the next staff digest
// tells the branch's admins, with when the last good copy was taken.
func TestScheduledBackupFailedCheckIsReported(t *testing.T) {
	ctx := context.Background()
	d := newDemoLedger(t)
	now := time.Date(2026, 12, 6, 2, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	s, app, reg, dir := backupScheduler(t, d.config, &now, 1)
	app.Office.Admins = map[string][]string{"pusat": {"6281299990001"}}
	s.RunSlot(ctx, coop.JobBackup, now) // a good copy first
	good := now

	d.exec(t, `UPDATE accounts SET balance = balance + 5000 WHERE id = (SELECT MIN(id) FROM accounts WHERE kind = 'savings')`)
	now = now.Add(24 * time.Hour)
	s.RunSlot(ctx, coop.JobBackup, now)
	r, _ := jobRun(t, app, coop.JobBackup)
	if r.Status != store.JobFailed || !strings.Contains(r.Summary, "failed its check") || !strings.Contains(r.Summary, store.ViolationBalanceMismatch) {
		t.Fatalf("backup run %+v, want failed for the unbalanced account", r)
	}
	files, _ := coop.BackupFiles(dir)
	if len(files) != 1 || !files[0].Taken.Equal(good) {
		t.Fatalf("good copies %+v, want only the one taken before the ledger broke", files)
	}
	if _, err := os.Stat(filepath.Join(dir, "kopbot-20261206-190000Z.db.failed")); err != nil {
		t.Errorf("the failed copy is not kept for inspection: %v", err)
	}
	if got := metricValue(t, reg, "kopbot_backup_failures_total"); got != 1 {
		t.Errorf("failures %v, want 1", got)
	}
	if got := metricValue(t, reg, "kopbot_backup_last_good_timestamp_seconds"); got != float64(good.Unix()) {
		t.Errorf("last good backup metric %v, want %d", got, good.Unix())
	}

	now = now.Add(7 * time.Hour)
	s.RunSlot(ctx, coop.JobStaffDigest, now)
	got := strings.Join(queuedTo(t, d.config, "6281299990001"), "\n")
	for _, want := range []string{"Cadangan data (backup) gagal", "pukul 02.00", "failed its check", "Salinan baik terakhir dibuat 6 Des 2026 pukul 02.00"} {
		if !strings.Contains(got, want) {
			t.Errorf("staff digest lacks %q:\n%s", want, got)
		}
	}
}

// A backup restored into a fresh data directory is what kopbot serves: /healthz answers
// and a member's balances on the staff pages are those of the database backed up. A
// second restore over it is refused without -force, and with -force keeps it aside.
func TestRestoreIntoFreshDataDirThenServe(t *testing.T) {
	config := testConfig(t)
	addTestStaff(t, config, "admin", "admin")
	file := filepath.Join(t.TempDir(), "kopbot-copy.db")
	mustCmd(t, config, "backup", file)
	before := mustCmd(t, config, "members show", "01.00001")
	wantContains(t, "members show", before, "Tabungan Sejahtera", "Rp2.400.000")

	fresh := writeConfig(t, "log:\n  level: info\n  format: json\nweb:\n  listen: 127.0.0.1:0\n")
	out := mustCmd(t, fresh, "restore", file)
	wantContains(t, "restore", out, "integrity and ledger checked")
	cfg, err := LoadConfigFile(fresh)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(cfg.DatabasePath()); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("restored database: %v %v, want 0600", st, err)
	}
	if err := run(context.Background(), []string{"restore", "-config", fresh, file}, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "-force") {
		t.Fatalf("a restore over a database without -force: %v, want refused", err)
	}

	wantContains(t, "restore without the PIN key", out, "Put the PIN key back first")
	copyPINKey(t, config, &cfg) // as the recovery drill says: the key is kept apart from backups
	addr, _, cancel, done := serveConfig(t, fresh)
	defer cancel()
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("/healthz: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/members/01.00001", nil)
	req.AddCookie(webSession(t, addr, "admin"))
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	wantContains(t, "member page served from the restored database", string(page), "Budi Santoso", "Tabungan Sejahtera", "Rp2.400.000")
	stopServe(t, cancel, done)

	out = mustCmd(t, fresh, "restore", "-force", file)
	wantContains(t, "restore -force", out, "kept as "+cfg.DatabasePath()+".before-restore-")
}

// A file that is not a sound kopbot database is refused before anything is touched, even
// with -force: the database in place stays where it is. Pages overwritten make a file
// SQLite cannot read; an index out of step with its table (which no ledger query reads) is
// what only integrity_check finds.
func TestRestoreRefusesACorruptFile(t *testing.T) {
	for name, spoil := range map[string]func(t *testing.T, file string){
		"overwritten pages": func(t *testing.T, file string) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			for i := 8192; i < len(b) && i < 8192+4096; i++ { // a page in the middle of the b-trees
				b[i] ^= 0x5a
			}
			if err := os.WriteFile(file, b, 0o600); err != nil {
				t.Fatal(err)
			}
		},
		"index out of step": func(t *testing.T, file string) {
			raw, err := sql.Open("sqlite", "file:"+file)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			for _, q := range []string{`PRAGMA writable_schema = ON`,
				`UPDATE sqlite_schema SET sql = 'CREATE INDEX members_nik ON members(name)' WHERE name = 'members_nik'`} {
				if _, err := raw.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			config := testConfig(t)
			file := filepath.Join(t.TempDir(), "kopbot-copy.db")
			mustCmd(t, config, "backup", file)
			spoil(t, file)
			err := run(context.Background(), []string{"restore", "-force", "-config", config, file}, nil, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "nothing was restored") && !strings.Contains(err.Error(), "cannot be read") {
				t.Fatalf("restore of a spoilt file: %v, want refused", err)
			}
			cfg, _ := LoadConfigFile(config)
			aside, _ := filepath.Glob(cfg.DatabasePath() + ".before-restore-*")
			if len(aside) > 0 {
				t.Errorf("a refused restore moved the database aside: %v", aside)
			}
			wantContains(t, "members show after a refused restore", mustCmd(t, config, "members show", "01.00001"), "Rp2.400.000")
		})
	}
}
