package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// runBackup copies the live database to a new file, safely while the bot runs.
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("", "backup", "Writes a consistent copy of the database to FILE (which must not exist) while kopbot keeps running.", stderr)
	fs := c.fs
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("backup: give the file to write, like kopbot backup backups/kopbot-2026-11-21.db")
	}
	app, err := openApp(ctx, c.common, stderr)
	if err != nil {
		return err
	}
	defer app.Close()
	if err := app.DB.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up %s to %s.\n", app.DB.Path, fs.Arg(0))
	return nil
}

// backupMetrics put the backup job's results on /metrics: when the newest good copy was
// taken (read from the backup directory, so it holds across restarts) and how many runs failed.
type backupMetrics struct{ failures prometheus.Counter }

func newBackupMetrics(reg prometheus.Registerer, dir string) *backupMetrics {
	m := &backupMetrics{failures: prometheus.NewCounter(prometheus.CounterOpts{Name: "kopbot_backup_failures_total",
		Help: "Backup job runs that failed (the copy could not be written, or failed its integrity or ledger check) since kopbot started."})}
	lastGood := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kopbot_backup_last_good_timestamp_seconds",
		Help: "When the newest good (checked) copy in the backup directory was taken, Unix time; 0 when there is none."},
		func() float64 {
			files, err := coop.BackupFiles(dir)
			if err != nil || len(files) == 0 {
				return 0
			}
			return float64(files[0].Taken.Unix())
		})
	reg.MustRegister(m.failures, lastGood)
	return m
}

// ran counts a failed run of the backup job.
func (m *backupMetrics) ran(name string, run store.JobRun) {
	if name == coop.JobBackup && run.Status == store.JobFailed {
		m.failures.Inc()
	}
}
