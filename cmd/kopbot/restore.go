package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopbot/kopbot/coop"
)

// runRestore makes a checked backup the database of the config's data directory. A
// database already there is replaced only with -force, and then kept aside, never deleted.
func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("", "restore", "Checks FILE (a copy made by kopbot backup, the backup job or Litestream) and makes it the\n"+
		"database of the data directory. Stop kopbot serve first. A database already there is\n"+
		"replaced only with -force, and kept beside it as kopbot.db.before-restore-TIME.", stderr)
	force := c.fs.Bool("force", false, "replace the database already in the data directory (kept aside)")
	from, err := c.parseOne(args, "backup file", "kopbot restore data/backups/kopbot-20261206-190000Z.db")
	if err != nil {
		return err
	}
	cfg, err := LoadConfigFile(c.common.config)
	if err != nil {
		return err
	}
	release, err := holdDataDir(&cfg, "restore") // a serve running would write to the file moved aside
	if err != nil {
		return err
	}
	defer release()
	office := &coop.Office{Location: cfg.Location(), Books: cfg.Books.Rules()}
	if err := checkRestorable(ctx, office, from); err != nil {
		return err
	}
	target := cfg.DatabasePath()
	aside, err := moveAside(target, *force, time.Now())
	if err != nil {
		return err
	}
	if err := copyInto(from, target); err != nil {
		return err
	}
	if err := checkRestorable(ctx, office, target); err != nil { // what landed on disk, not only what was read
		_ = os.Remove(target)
		return fmt.Errorf("after copying: %w", err)
	}
	fmt.Fprintf(stdout, "Restored %s into %s: integrity and ledger checked.\n", from, target)
	if aside != "" {
		fmt.Fprintf(stdout, "The database that was there is kept as %s.\n", aside)
	}
	if _, err := os.Stat(cfg.PINKeyPath()); err != nil && os.Getenv("KOPBOT_PIN_KEY") == "" {
		fmt.Fprintf(stdout, "Put the PIN key back first: copy pin.key from where you keep it to %s (mode 0600),\n"+
			"or set KOPBOT_PIN_KEY; without it kopbot does not start, and no member's PIN could be checked.\n", cfg.PINKeyPath())
	}
	fmt.Fprintln(stdout, "Start kopbot serve; branches whose WhatsApp pairing was lost are paired again with kopbot pair.")
	return nil
}

// checkRestorable refuses a file that is not a sound kopbot database.
func checkRestorable(ctx context.Context, office *coop.Office, path string) error {
	problems, err := office.CheckCopy(ctx, path)
	if err != nil {
		return fmt.Errorf("restore: %s cannot be read as a kopbot database: %w", path, err)
	}
	if len(problems) > 0 {
		shown := problems[:min(len(problems), 5)]
		return fmt.Errorf("restore: %s failed its check (%d problems), nothing was restored:\n  %s", path, len(problems), strings.Join(shown, "\n  "))
	}
	return nil
}

// moveAside renames the database at target (with its -wal and -shm: a WAL left beside the
// restored file would be replayed into it) to target.before-restore-TIME, when force; it
// refuses when there is one and not force. It returns the new name, "" when there was none.
func moveAside(target string, force bool, now time.Time) (string, error) {
	var present []string
	for _, p := range []string{target, target + "-wal", target + "-shm"} {
		if _, err := os.Lstat(p); err == nil {
			present = append(present, p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("restore: %w", err)
		}
	}
	if len(present) == 0 {
		return "", nil
	}
	if !force {
		return "", fmt.Errorf("restore: %s already holds a database; stop kopbot serve, then run again with -force to replace it (it is kept aside, not deleted)", target)
	}
	aside := target + ".before-restore-" + now.UTC().Format("20060102-150405Z")
	for _, p := range present {
		if err := os.Rename(p, aside+strings.TrimPrefix(p, target)); err != nil {
			return "", fmt.Errorf("restore: keep the current database aside: %w", err)
		}
	}
	return aside, nil
}

// copyInto copies the file from to target, created 0600 in a directory 0700, through a
// temporary name so target is either absent or whole.
func copyInto(from, target string) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return fmt.Errorf("restore: create data directory: %w", err)
	}
	src, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer src.Close()
	tmp := target + ".restoring"
	_ = os.Remove(tmp) // left by a restore that was interrupted
	dst, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	_, err = io.Copy(dst, src)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, target)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("restore: copy %s to %s: %w", from, target, err)
	}
	if dir, err := os.Open(filepath.Dir(target)); err == nil { // the rename survives a power cut
		_ = dir.Sync()
		dir.Close()
	}
	return nil
}
