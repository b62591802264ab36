package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/kopbot/kopbot/store"
)

// dataLockName is the file in the data directory that kopbot serve (and each command that
// must not run beside it) holds an exclusive flock on for as long as it runs. The kernel
// drops the lock when the process ends, however it ends: a SIGKILL leaves no stale lock.
const dataLockName = "kopbot.lock"

// errDataDirBusy is a data directory another kopbot serve, restore, pair or keys rotate holds.
var errDataDirBusy = errors.New("the data directory is in use")

// holdDataDir takes the data directory's lock for command, or refuses with who holds it
// and what to do. release gives it back; a process that ends without it loses it too.
func holdDataDir(cfg *Config, command string) (release func(), err error) {
	dir := strings.TrimSuffix(cfg.DataDir, "/")
	if err := os.MkdirAll(dir, store.PrivateDirMode); err != nil {
		return nil, fmt.Errorf("%s: make the data directory: %w", command, err)
	}
	path := filepath.Join(dir, dataLockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("%s: open %s: %w", command, path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder := readHolder(f)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s: %w: %s holds %s. Stop kopbot serve (and any restore, pair or keys rotate) first, then run %s again",
				command, errDataDirBusy, holder, path, command)
		}
		return nil, fmt.Errorf("%s: lock %s: %w", command, path, err)
	}
	// Who holds it, for the message of whoever is refused; the lock itself is the flock.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt(fmt.Appendf(nil, "kopbot %s, pid %d\n", command, os.Getpid()), 0)
	}
	return func() { f.Close() }, nil
}

// readHolder is what the lock file says about its holder, or a general guess.
func readHolder(f *os.File) string {
	b := make([]byte, 100)
	n, _ := f.ReadAt(b, 0)
	if s := strings.TrimSpace(string(b[:n])); s != "" {
		return s
	}
	return "another kopbot (serve?)"
}
