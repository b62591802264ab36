package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// faultsClose is when the killed closes run: sixty days after the demo, so a close has
// many days to do and a kill lands in the middle of it.
var faultsClose = time.Now().AddDate(0, 0, 60)

// TestFaultsChild is not a test: the fault tests run this test binary as a child process
// doing one thing (KOPBOT_FAULTS_CHILD), so they can kill it with SIGKILL halfway.
func TestFaultsChild(t *testing.T) {
	config := os.Getenv("KOPBOT_FAULTS_CHILD")
	if config == "" {
		t.Skip("only run as a child of a fault test")
	}
	ctx := context.Background()
	app, err := openApp(ctx, commonFlags{config: config}, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	at, err := time.Parse(time.RFC3339, os.Getenv("KOPBOT_FAULTS_NOW"))
	if err != nil {
		t.Fatal(err)
	}
	app.Now = func() time.Time { return at }
	app.DB.Now, app.Runner.Now, app.Office.Now = app.Now, app.Now, app.Now
	jobs := app.Jobs()
	jobs.Clock = app.Now // the close's own day is "now" for this child, as in serve on that day
	if _, err := jobs.Run(app.Log.WithContext(ctx), coop.JobDayClose, at, false); err != nil {
		t.Fatal(err)
	}
}

// closeChild starts the day's close of config as at faultsClose in a child process.
func closeChild(t *testing.T, config string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestFaultsChild$")
	cmd.Env = append(os.Environ(), "KOPBOT_FAULTS_CHILD="+config, "KOPBOT_FAULTS_NOW="+faultsClose.Format(time.RFC3339))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// SIGKILL during the daily close (issue 16), again and again: the close run afterwards
// finishes the days, the ledger holds, and the books are exactly those of a close never
// killed: nothing booked twice, nothing missed.
func TestFaultsDayCloseKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills the day's close several times")
	}
	killed := testConfig(t)
	// The first close of a new database closes just the day before; from then on every day.
	if out, err := closeChildOutput(t, killed, time.Now()); err != nil {
		t.Fatalf("the first close failed: %v\n%s", err, out)
	}
	clean := writeConfig(t, "log:\n  level: warn\n  format: json\n")
	copyDatabase(t, killed, clean) // the same books before the close, to compare after
	rng := rand.New(rand.NewPCG(16, 20))
	kills := 0
	for round := 0; round < 5; round++ {
		before := daysClosed(t, killed)
		cmd := closeChild(t, killed)
		// Kill it once it is closing days, at a random moment of the close.
		for deadline := time.Now().Add(20 * time.Second); daysClosed(t, killed) == before && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
		time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond)
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			kills++
		}
		_ = cmd.Wait()
	}
	midway := daysClosed(t, killed)
	for _, config := range []string{killed, clean} {
		if out, err := closeChildOutput(t, config, faultsClose); err != nil {
			t.Fatalf("the close after the kills failed: %v\n%s", err, out)
		}
	}
	if all := daysClosed(t, clean); kills == 0 || midway >= all {
		t.Fatalf("%d kills left %d of %d days closed: no close was cut short, the test proved nothing", kills, midway, all)
	}
	want, got := books(t, clean), books(t, killed)
	if got != want {
		t.Errorf("after %d kills the books differ from a close never killed:\n got: %s\nwant: %s", kills, got, want)
	}
	ledgerHolds(t, killed)
	t.Logf("%d kills; %d days closed when the last was killed, %d in all", kills, midway, daysClosed(t, killed))
}

// closeChildOutput runs the close to its end.
func closeChildOutput(t *testing.T, config string, at time.Time) ([]byte, error) {
	t.Helper()
	exe, _ := os.Executable()
	cmd := exec.Command(exe, "-test.run=^TestFaultsChild$")
	cmd.Env = append(os.Environ(), "KOPBOT_FAULTS_CHILD="+config, "KOPBOT_FAULTS_NOW="+at.Format(time.RFC3339))
	return cmd.CombinedOutput()
}

// daysClosed is how many days config's database has closed.
func daysClosed(t *testing.T, config string) int {
	t.Helper()
	raw := rawConfigDB(t, config)
	defer raw.Close()
	n := 0
	if err := raw.QueryRow(`SELECT COUNT(*) FROM day_closes WHERE closed_at != 0`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// rawConfigDB is a plain SQL connection to config's database, for the caller to close.
func rawConfigDB(t *testing.T, config string) *sql.DB {
	t.Helper()
	cfg, err := LoadConfigFile(config)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", store.DSN(cfg.DatabasePath()))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// copyDatabase puts a consistent copy of from's database in place of to's.
func copyDatabase(t *testing.T, from, to string) {
	t.Helper()
	src, _ := openTestDB(t, from)
	cfg, err := LoadConfigFile(to)
	if err != nil {
		t.Fatal(err)
	}
	dst := cfg.DatabasePath()
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := src.Backup(context.Background(), dst); err != nil {
		t.Fatal(err)
	}
	copyPINKey(t, from, &cfg)
}

// copyPINKey puts from's PIN key beside a copy of its database (to's config): a database
// whose PINs are keyed opens only with its key, as README's recovery drill says.
func copyPINKey(t *testing.T, from string, to *Config) {
	t.Helper()
	src, err := LoadConfigFile(from)
	if err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile(src.PINKeyPath())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to.PINKeyPath(), key, 0o600); err != nil {
		t.Fatal(err)
	}
}

// books is what the close did, in a form to compare: the days closed, the journal by kind
// and every account's balance, from the postings.
func books(t *testing.T, config string) string {
	t.Helper()
	raw := rawConfigDB(t, config)
	defer raw.Close()
	var b strings.Builder
	for _, q := range []string{
		`SELECT COUNT(*) || ' days closed, last ' || MAX(day) FROM day_closes WHERE closed_at != 0`,
		`SELECT kind || ':' || COUNT(*) FROM journal GROUP BY kind ORDER BY kind`,
		`SELECT a.number || '=' || SUM(p.amount) FROM postings p JOIN accounts a ON a.id = p.account_id GROUP BY a.number ORDER BY a.number`,
	} {
		rows, err := raw.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			b.WriteString(s + " ")
		}
		rows.Close()
	}
	return b.String()
}

// ledgerHolds runs kopbot ledger check on config's database.
func ledgerHolds(t *testing.T, config string) {
	t.Helper()
	ctx := context.Background()
	db, _ := openTestDB(t, config)
	err := db.View(ctx, func(tx *store.Tx) error {
		report, err := tx.CheckLedger(ctx)
		if err != nil {
			return err
		}
		if !report.OK() {
			return fmt.Errorf("the ledger does not hold: %+v", report.Violations)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// SIGKILL during kopbot backup: what the killed backup wrote is never taken for a backup
// (no file under the backup's name, or a whole one), and the backup run again succeeds.
func TestFaultsBackupKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a backup")
	}
	config := testConfig(t)
	raw := rawConfigDB(t, config)
	// Enough pages that the copy takes a while and the kill lands in it.
	_, err := raw.Exec(`CREATE TABLE faults_ballast (b BLOB);
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
		INSERT INTO faults_ballast SELECT randomblob(100000) FROM n`)
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	exe, _ := os.Executable()
	dir := t.TempDir()
	dest := filepath.Join(dir, "kopbot-backup.db")
	cmd := exec.Command(exe, "backup", "-config", config, dest)
	cmd.Env = append(os.Environ(), "KOPBOT_TEST_RUN_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if entries, _ := os.ReadDir(dir); len(entries) > 0 {
			break // it is writing
		}
	}
	time.Sleep(20 * time.Millisecond)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the backup ended before it was killed (%s); the test proved nothing", cmd.ProcessState)
	}
	if _, err := os.Stat(dest); err == nil {
		if problem := backupProblem(dest); problem != "" {
			t.Fatalf("a backup killed halfway left %s, which looks like a backup but is not: %s", filepath.Base(dest), problem)
		}
	}
	var out, errOut strings.Builder
	if err := run(context.Background(), []string{"backup", "-config", config, dest}, nil, &out, &errOut); err != nil {
		t.Fatalf("backup again after the kill: %v\n%s", err, errOut.String())
	}
	if problem := backupProblem(dest); problem != "" {
		t.Fatalf("the backup after the kill is not whole: %s", problem)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("after the backup the directory holds %d files, want the backup alone", len(entries))
	}
}

// backupProblem says what is wrong with the backup at path: not a sound database, or not
// all of what was backed up; "" when it is whole.
func backupProblem(path string) string {
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err.Error()
	}
	defer raw.Close()
	var check string
	if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil {
		return err.Error()
	}
	if check != "ok" {
		return check
	}
	var n int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM faults_ballast`).Scan(&n); err != nil {
		return err.Error()
	}
	if n != 600 {
		return fmt.Sprintf("%d of 600 rows", n)
	}
	return ""
}
