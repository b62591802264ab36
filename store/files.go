package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The data directory and every file kopbot keeps in it are its owner's only: a database,
// its -wal and -shm, a backup, a photo or a key read by anyone else on the machine would be
// every member's books and secrets.
const (
	PrivateDirMode  fs.FileMode = 0o700
	PrivateFileMode fs.FileMode = 0o600
)

// PrepareFile makes a database file at path ready to open, owner-only: its directory made
// 0700 when missing, the file created empty 0600 when missing (SQLite then creates -wal
// and -shm with the database's mode), and a file or its -wal and -shm made before this
// rule narrowed to 0600.
func PrepareFile(path string) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, PrivateDirMode); err != nil {
			return fmt.Errorf("create data directory %s: %w", dir, err)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, PrivateFileMode)
	if err == nil {
		return f.Close()
	}
	if !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, PrivateFileMode); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("make %s owner-only: %w", p, err)
		}
	}
	return nil
}
