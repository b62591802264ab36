package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// OpenCopy opens an existing database file, a backup, to check or read it: it is never
// migrated nor written (query_only), and a path where there is no file is refused rather
// than created. Only View works on it.
func OpenCopy(ctx context.Context, path string) (*DB, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open copy %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("open copy %s: not a file", path)
	}
	q := url.Values{}
	q.Add("_pragma", "query_only(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Set("_txlock", "deferred")
	db := &DB{Path: path, Now: time.Now, stmts: newStmtCache()}
	if db.read, err = sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode()); err != nil {
		return nil, fmt.Errorf("open copy %s: %w", path, err)
	}
	db.read.SetMaxOpenConns(1)
	if err := db.read.PingContext(ctx); err != nil {
		db.read.Close()
		return nil, fmt.Errorf("open copy %s: %w", path, err)
	}
	return db, nil
}

// IntegrityCheck runs SQLite's integrity_check over the whole file and returns what it
// found wrong; none when the file is sound. A file that is not a database at all is an error.
func (db *DB) IntegrityCheck(ctx context.Context) ([]string, error) {
	pool := db.read
	if db.write != nil {
		pool = db.write
	}
	rows, err := pool.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, fmt.Errorf("integrity check of %s: %w", db.Path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, fmt.Errorf("integrity check of %s: %w", db.Path, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("integrity check of %s: %w", db.Path, err)
	}
	return problems, nil
}

// SchemaKnown reports whether this kopbot can serve a database at schema version v: one
// written by a newer kopbot (a migration this one lacks) cannot be.
func SchemaKnown(v int) bool { return v <= latestMigration() }

// latestMigration is the number of the last embedded migration.
func latestMigration() int {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	last := 0
	for _, name := range names {
		if n, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0]); err == nil && n > last {
			last = n
		}
	}
	return last
}
