// Package storetest opens real SQLite databases for tests, as net/http/httptest serves
// real HTTP: a fresh file in the test's temporary directory, closed when the test ends.
package storetest

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/kopbot/kopbot/store"
)

// Open opens a fresh, migrated database file, closed when the test ends.
func Open(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "kopbot.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

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
