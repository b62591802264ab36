// Package store keeps the cooperative's data in one SQLite file: members, products,
// the double-entry ledger, conversation sessions, processed message IDs and the outbox.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// DB is the cooperative's database. Write transactions take turns on a Go mutex, so they
// queue in Go instead of failing with SQLITE_BUSY; reads use a pool of their own.
type DB struct {
	Path string
	// Now is the clock for timestamps written by the store.
	Now func() time.Time

	write *sql.DB
	read  *sql.DB
	wmu   sync.Mutex  // one write transaction at a time
	group groupCommit // UpdateGrouped's queue

	stmts *stmtCache // prepared statements, per pool
}

// DSN returns the connection string DESIGN.md prescribes for path.
func DSN(path string) string { return dsn(path, "immediate") }

// dsn builds a connection string with the given transaction lock mode and extra pragmas.
func dsn(path, txlock string, extra ...string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "busy_timeout(10000)")
	for _, p := range extra {
		q.Add("_pragma", p)
	}
	// Savepoint journals (one per posting) stay in memory rather than in temp files;
	// they never outlive their transaction, so durability is unchanged.
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Set("_txlock", txlock)
	// The path is escaped so that '?', '#' and '%' in a directory name stay part of it.
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path and applies pending migrations.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := PrepareFile(path); err != nil {
		return nil, err
	}
	db := &DB{Path: path, Now: time.Now, stmts: newStmtCache()}
	var err error
	if db.write, err = sql.Open("sqlite", DSN(path)); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// Two connections, one writing at a time (wmu): the other lets a statement be prepared
	// for the cache while a transaction holds the first.
	db.write.SetMaxOpenConns(2)
	db.write.SetMaxIdleConns(2)
	db.write.SetConnMaxLifetime(0)
	db.write.SetConnMaxIdleTime(0)
	if err := db.write.PingContext(ctx); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := db.migrate(ctx); err != nil {
		db.write.Close()
		return nil, err
	}
	if db.read, err = sql.Open("sqlite", dsn(path, "deferred", "query_only(1)")); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open %s for reading: %w", path, err)
	}
	db.read.SetMaxOpenConns(4)
	db.read.SetMaxIdleConns(4)
	return db, nil
}

// Close closes both connection pools, once statements still being prepared for the cache
// are done. Later operations return ErrClosed.
func (db *DB) Close() error {
	errs := []error{db.stmts.close()}
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	return errors.Join(errs...)
}

// Tx is one database transaction; every store operation hangs off it.
type Tx struct {
	tx   *sql.Tx
	now  time.Time
	db   *DB
	pool *sql.DB
}

// stmt returns the transaction's handle on the pool's prepared statement for q.
func (tx *Tx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	return tx.db.stmts.stmt(ctx, tx.pool, tx.tx, q)
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	s, err := tx.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	s, err := tx.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// row is a *sql.Row or *sql.Rows being read.
type row = interface{ Scan(...any) error }

// errRow is a *sql.Row-like value that reports an error from preparing its statement.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) row {
	s, err := tx.stmt(ctx, q)
	if err != nil {
		return errRow{err}
	}
	return s.QueryRowContext(ctx, args...)
}

// Now is the time the transaction started, by the store's clock.
func (tx *Tx) Now() time.Time { return tx.now }

// Update runs fn in a write transaction (BEGIN IMMEDIATE) and commits if fn returns nil.
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	db.wmu.Lock()
	defer db.wmu.Unlock()
	return db.run(ctx, db.write, fn)
}

// View runs fn in a read-only transaction on a snapshot of the database.
func (db *DB) View(ctx context.Context, fn func(tx *Tx) error) error {
	return db.run(ctx, db.read, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, fn func(tx *Tx) error) error {
	if db.stmts.isClosed() {
		return fmt.Errorf("begin transaction: %w", ErrClosed)
	}
	sqlTx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	tx := &Tx{tx: sqlTx, now: db.Now(), db: db, pool: pool}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// migrate applies the embedded migrations newer than PRAGMA user_version, each in its own transaction.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	var current int
	if err := db.write.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if last := len(names); last > 0 {
		if n, err := strconv.Atoi(strings.SplitN(filepath.Base(names[last-1]), "_", 2)[0]); err == nil && current > n {
			return fmt.Errorf("the database is at schema version %d but this kopbot knows only up to %d: run the newer kopbot that last used it", current, n)
		}
	}
	for _, name := range names {
		base := filepath.Base(name)
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", base)
		}
		if n <= current {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("read migration %s: %w", base, err)
		}
		if err := db.migrateOne(ctx, base, string(body), n); err != nil {
			return err
		}
		current = n
	}
	return nil
}

// migrateOne applies one migration in a transaction on a connection of its own with foreign
// keys off, as SQLite's way of changing a table (create the new one, copy, drop, rename)
// needs; before committing, PRAGMA foreign_key_check proves every reference still holds.
func (db *DB) migrateOne(ctx context.Context, base, body string, n int) error {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migration %s: %w", base, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return fmt.Errorf("migration %s: %w", base, err)
	}
	if err := db.migrateOn(ctx, conn, base, body, n); err != nil {
		return err
	}
	// The connection goes back to the pool: it must check references again.
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`); err != nil {
		return fmt.Errorf("migration %s: foreign keys back on: %w", base, err)
	}
	return nil
}

func (db *DB) migrateOn(ctx context.Context, conn *sql.Conn, base, body string, n int) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", base, err)
	}
	if _, err := tx.ExecContext(ctx, body); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("migration %s: %w", base, err)
	}
	var table, parent string
	var rowid sql.NullInt64
	var fkid int
	switch err := tx.QueryRowContext(ctx, `PRAGMA foreign_key_check`).Scan(&table, &rowid, &parent, &fkid); {
	case err == nil:
		_ = tx.Rollback()
		return fmt.Errorf("migration %s: row %d of %s refers to a missing row of %s", base, rowid.Int64, table, parent)
	case !errors.Is(err, sql.ErrNoRows):
		_ = tx.Rollback()
		return fmt.Errorf("migration %s: check references: %w", base, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, n)); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("migration %s: set version: %w", base, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", base, err)
	}
	return nil
}

// SchemaVersion reports the applied migration number.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.read.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v)
	return v, err
}

func unix(t time.Time) int64 { return t.Unix() }

func fromUnix(s int64) time.Time { return time.Unix(s, 0) }

// dateLayout is how calendar dates (birth dates, due dates) are stored.
const dateLayout = "2006-01-02"

// Backup writes a consistent copy of the live database to path, which must not exist yet.
// Members can keep chatting while it runs.
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("backup to %s: the file already exists; choose a new name", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	// Written under another name and renamed once whole and on disk, so a backup killed
	// halfway (or one that ran out of space) never leaves a file that looks like a backup.
	partial := path + ".partial"
	if err := os.Remove(partial); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup to %s: remove what a backup cut short left: %w", path, err)
	}
	// Created empty and 0600 first (VACUUM INTO fills an empty file): a copy holds every
	// member's data, so it is never readable by others, not even while it is written.
	f, err := os.OpenFile(partial, os.O_WRONLY|os.O_CREATE|os.O_EXCL, PrivateFileMode)
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	// A connection of its own: VACUUM INTO only reads this database, so writers carry on,
	// but the read pool is query_only and refuses it.
	conn, err := sql.Open("sqlite", dsn(db.Path, "deferred"))
	if err != nil {
		_ = os.Remove(partial)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, partial); err != nil {
		_ = os.Remove(partial)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := syncFile(partial); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := os.Rename(partial, path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return syncFile(filepath.Dir(path)) // the rename itself survives a power cut
}

// syncFile flushes a file (or a directory's entries) to disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// notFound turns sql.ErrNoRows into ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// DryRun runs fn inside the transaction and then undoes everything it did, whatever it
// returns: how four eyes checks that an operation could run before it waits for approval.
func (tx *Tx) DryRun(ctx context.Context, fn func() error) error {
	return tx.savepoint(ctx, "dry_run", fn, false)
}

// AllOrNothing runs fn inside the transaction and undoes everything it did when it fails,
// so a caller that carries on after the error (to answer a refusal) commits none of it.
func (tx *Tx) AllOrNothing(ctx context.Context, fn func() error) error {
	return tx.savepoint(ctx, "all_or_nothing", fn, true)
}

// savepoint runs fn in a savepoint called name, kept when keep and fn succeeds, undone otherwise.
func (tx *Tx) savepoint(ctx context.Context, name string, fn func() error, keep bool) error {
	if _, err := tx.exec(ctx, `SAVEPOINT `+name); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	err := fn()
	if err != nil || !keep {
		if _, rbErr := tx.exec(ctx, `ROLLBACK TO `+name); rbErr != nil {
			return errors.Join(err, fmt.Errorf("%s: undo: %w", name, rbErr))
		}
	}
	if _, relErr := tx.exec(ctx, `RELEASE `+name); relErr != nil {
		return errors.Join(err, fmt.Errorf("%s: %w", name, relErr))
	}
	return err
}

// Unavailable reports whether err is the database refusing work for now rather than a
// fault in what was asked: its write lock held by another process past the busy timeout,
// or the disk full or failing. Nothing of the transaction was kept; later it may succeed.
func Unavailable(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff { // the primary code, without the extended part
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR:
		return true
	}
	return false
}
