// Package storetest opens real SQLite databases for tests, as net/http/httptest serves
// real HTTP: a fresh file in the test's temporary directory, closed when the test ends.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kopbot/kopbot/store"
)

// Open opens a fresh, migrated database file, closed when the test ends.
//
// The file starts as a copy of one migrated once per test binary: running every migration
// for each of a package's hundreds of tests cost most of their time under the race detector
// (each ALTER TABLE reparses the schema). Migrations themselves are tested in store.
func Open(tb testing.TB) *store.DB {
	tb.Helper()
	image, err := migrated()
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "kopbot.db")
	if err := os.WriteFile(path, image, 0o600); err != nil {
		tb.Fatal(err)
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// migrated returns the bytes of a freshly migrated database, made on first use.
var migrated = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "kopbot-storetest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "kopbot.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		return nil, fmt.Errorf("migrate a template database: %w", err)
	}
	if err := db.Close(); err != nil { // the last connection closing checkpoints the WAL into the file
		return nil, err
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return nil, fmt.Errorf("the template database left a WAL behind: the copy would miss it")
	}
	return os.ReadFile(path)
})

// Raw opens a side connection to db's file for what no store operation does (freezing an
// account, checking a column with plain SQL), closed when the test ends.
func Raw(tb testing.TB, db *store.DB) *sql.DB {
	tb.Helper()
	raw, err := sql.Open("sqlite", store.DSN(db.Path))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { raw.Close() })
	return raw
}
