package store_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/kopbot/kopbot/store"
)

// The data directory, the database, its -wal and -shm and a backup are readable by their
// owner only, whatever the umask; a database made before the rule is narrowed when opened.
func TestDataFilesAreOwnerOnly(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022)) // the usual umask, which leaves files readable by all
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "kopbot.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	wantModes(t, map[string]fs.FileMode{dir: fs.ModeDir | 0o700, path: 0o600, path + "-wal": 0o600, path + "-shm": 0o600, backup: 0o600})
	db.Close()

	// A database of an older kopbot, 0644 with its -wal and -shm, is made owner-only.
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o644); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	wantModes(t, map[string]fs.FileMode{path: 0o600, path + "-wal": 0o600, path + "-shm": 0o600})
}

func wantModes(t *testing.T, want map[string]fs.FileMode) {
	t.Helper()
	for p, mode := range want {
		fi, err := os.Stat(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
		} else if fi.Mode() != mode {
			t.Errorf("%s is %v, want %v", filepath.Base(p), fi.Mode(), mode)
		}
	}
}
