package storetest

import (
	"database/sql"
	"fmt"
	"syscall"
)

// DiskFull runs f as if the disk were full: raw's database is checkpointed first (its WAL
// emptied), and while f runs no file of the process may be written past its first KiB
// (RLIMIT_FSIZE; Go ignores SIGXFSZ, so SQLite gets a short write, as on a full disk). It
// may run in any goroutine: lowering the soft limit is always allowed, so a failure to set it
// is a panic, not a skip.
func DiskFull(raw *sql.DB, f func() error) error {
	_, _ = raw.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`) // a WAL not emptied has no room either: every frame is past 1 KiB
	var limit syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		panic(fmt.Sprintf("read the file size limit: %v", err))
	}
	full := limit
	full.Cur = 1024 // the WAL is empty: not one frame fits
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &full); err != nil {
		panic(fmt.Sprintf("limit file sizes: %v", err))
	}
	defer func() {
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil { // space again
			panic(fmt.Sprintf("lift the file size limit: %v", err))
		}
	}()
	return f()
}
