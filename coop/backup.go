package coop

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/store"
)

// JobBackup copies the database into the backup directory, checks the copy and prunes old ones.
const JobBackup = "backup"

// A good copy is named for the time it was taken; one that failed its check keeps that name
// with backupFailedSuffix, so it is never mistaken for a good one nor restored by accident.
const (
	backupPrefix       = "kopbot-"
	backupLayout       = "20060102-150405Z" // UTC: a name means one moment wherever it is read
	backupExt          = ".db"
	backupFailedSuffix = ".failed"
)

// BackupCopy is what one run of the backup job wrote.
type BackupCopy struct {
	Path   string
	Bytes  int64
	Pruned int // older copies deleted to keep the configured number
}

// BackupFile is one good copy in the backup directory.
type BackupFile struct {
	Path  string
	Taken time.Time
}

// backup writes a consistent copy of the database under a temporary name, checks it
// (integrity_check, then the ledger's invariants as kopbot ledger check proves them), and
// only then gives it its good name and prunes the good copies beyond BackupKeep. A copy
// that fails is kept beside them as .failed and the run fails: staff digest and /metrics say so.
func (j *Jobs) backup(ctx context.Context, rep *JobReport) error {
	dir := j.Settings.BackupDir
	if dir == "" {
		rep.Note = "backups are off: jobs.backup.dir is empty"
		return nil
	}
	name := backupPrefix + rep.At.UTC().Format(backupLayout) + backupExt
	final := filepath.Join(dir, name)
	if rep.DryRun {
		rep.Note = fmt.Sprintf("would write %s and keep the newest %d", final, j.Settings.BackupKeep)
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create backup directory: %w", err)
	}
	// Copies half-written by a run that was killed midway are never good: clear them away.
	if stale, err := filepath.Glob(filepath.Join(dir, "."+backupPrefix+"*"+backupExt+".partial")); err == nil {
		for _, p := range stale {
			_ = os.Remove(p)
		}
	}
	partial := filepath.Join(dir, "."+name+".partial")
	if err := j.Office.DB.Backup(ctx, partial); err != nil {
		return err
	}
	problems, err := j.Office.CheckCopy(ctx, partial)
	if err != nil || len(problems) > 0 {
		if rerr := os.Rename(partial, final+backupFailedSuffix); rerr != nil {
			_ = os.Remove(partial)
		}
		if err == nil {
			err = fmt.Errorf("%d problems, first: %s", len(problems), problems[0])
		}
		return fmt.Errorf("the copy %s failed its check: %w", final+backupFailedSuffix, err)
	}
	if err := os.Rename(partial, final); err != nil {
		return fmt.Errorf("name the checked copy: %w", err)
	}
	st, err := os.Stat(final)
	if err != nil {
		return err
	}
	rep.Backup = BackupCopy{Path: final, Bytes: st.Size()}
	rep.Backup.Pruned, err = pruneBackups(dir, j.Settings.BackupKeep)
	return err
}

// CheckCopy proves a database file sound, as a backup or before a restore: SQLite's
// integrity_check, a schema this kopbot knows, and every invariant kopbot ledger check
// proves. It returns what is wrong (nothing when the copy is good); an error when the file
// cannot be read as a database at all.
func (o *Office) CheckCopy(ctx context.Context, path string) ([]string, error) {
	db, err := store.OpenCopy(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	problems, err := db.IntegrityCheck(ctx)
	if err != nil || len(problems) > 0 {
		return problems, err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	if v == 0 {
		return []string{"it is not a kopbot database (schema version 0)"}, nil
	}
	if !store.SchemaKnown(v) {
		return []string{fmt.Sprintf("it is at schema version %d, newer than this kopbot knows", v)}, nil
	}
	err = db.View(ctx, func(tx *store.Tx) error {
		r, err := tx.CheckLedger(ctx)
		if err != nil {
			return err
		}
		accruals, err := o.CheckAccruals(ctx, tx)
		for _, v := range append(r.Violations, accruals...) {
			problems = append(problems, v.Kind+": "+v.Detail)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("check the ledger of %s: %w", path, err)
	}
	return problems, nil
}

// BackupFiles lists the good copies in dir, newest first; none when dir does not exist.
func BackupFiles(dir string) ([]BackupFile, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	var out []BackupFile
	for _, e := range entries {
		if t, ok := backupTime(e.Name(), backupExt); ok && e.Type().IsRegular() {
			out = append(out, BackupFile{Path: filepath.Join(dir, e.Name()), Taken: t})
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Taken.After(out[b].Taken) })
	return out, nil
}

// backupTime reads the time a copy named kopbot-20261205-183000Z<ext> was taken.
func backupTime(name, ext string) (time.Time, bool) {
	stamp, ok := strings.CutPrefix(name, backupPrefix)
	if !ok || !strings.HasSuffix(stamp, ext) {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(backupLayout, strings.TrimSuffix(stamp, ext), time.UTC)
	return t, err == nil
}

// pruneBackups deletes the good copies beyond the newest keep, and the failed ones beyond
// the newest keep, returning how many it deleted; keep 0 deletes none.
func pruneBackups(dir string, keep int) (int, error) {
	if keep <= 0 {
		return 0, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("prune backups: %w", err)
	}
	var good, failed []string
	for _, e := range entries {
		if _, ok := backupTime(e.Name(), backupExt); ok {
			good = append(good, e.Name())
		} else if _, ok := backupTime(e.Name(), backupExt+backupFailedSuffix); ok {
			failed = append(failed, e.Name())
		}
	}
	n := 0
	for _, names := range [][]string{good, failed} {
		sort.Sort(sort.Reverse(sort.StringSlice(names))) // the stamp sorts as the time
		for _, old := range names[min(keep, len(names)):] {
			if err := os.Remove(filepath.Join(dir, old)); err != nil {
				return n, fmt.Errorf("prune backups: %w", err)
			}
			n++
		}
	}
	return n, nil
}

// backupAlert is what the staff digest says of backups: nothing while the last run was
// good; the failure and the last good copy's time when it was not.
func (j *Jobs) backupAlert(ctx context.Context, tx *store.Tx) (*catalog.BackupAlert, error) {
	if j.Settings.BackupDir == "" {
		return nil, nil
	}
	runs, err := tx.JobRuns(ctx)
	if err != nil {
		return nil, err
	}
	run, ok := runs[JobBackup]
	if !ok || run.Status != store.JobFailed {
		return nil, nil
	}
	a := &catalog.BackupAlert{Failed: run.Started.In(j.Office.location()), Reason: capText(run.Summary, 200)}
	files, err := BackupFiles(j.Settings.BackupDir)
	if err != nil {
		return nil, err
	}
	if len(files) > 0 {
		a.LastGood = files[0].Taken.In(j.Office.location())
	}
	return a, nil
}

// capText cuts s to at most n runes, marking the cut.
func capText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
