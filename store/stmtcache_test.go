package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Close while a statement is being prepared for the cache, waiting for a connection of a
// pool whose only connection a transaction holds: Close does not wait for that connection,
// the preparation gives up and leaves nothing running, the transaction carries on with the
// statements it has, and the cache then says ErrClosed.
func TestStmtCacheCloseDuringPreparation(t *testing.T) {
	ctx := context.Background()
	pool, err := sql.Open("sqlite", dsn(filepath.Join(t.TempDir(), "cache.db"), "deferred"))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	pool.SetMaxOpenConns(1)
	c := newStmtCache()
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	s, err := c.stmt(ctx, pool, tx, `SELECT 1 + ?`) // prepared in tx; the cache's waits for tx's connection
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the cache's preparation to start", func() bool { return countGoroutines("(*stmtCache).prepare") == 1 })

	closed := make(chan error, 1)
	go func() { closed <- c.close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Errorf("close: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("close waited for the connection the preparation was waiting for")
	}
	waitFor(t, "the preparation to be gone", func() bool { return countGoroutines("(*stmtCache).prepare") == 0 })

	var n int
	if err := s.QueryRowContext(ctx, 1).Scan(&n); err != nil || n != 2 {
		t.Errorf("the transaction's own statement after close: %d, %v", n, err)
	}
	if _, err := c.stmt(ctx, pool, tx, `SELECT 1 + ?`); !errors.Is(err, ErrClosed) {
		t.Errorf("the cache after close: %v, want ErrClosed", err)
	}
	if err := c.close(); err != nil {
		t.Errorf("a second close: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Errorf("commit after the cache closed: %v", err)
	}
}

// A statement from the cache that Close closes while a transaction holds it stays usable
// in that transaction.
func TestStmtCacheCloseWhileStatementInUse(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "kopbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const q = `SELECT COUNT(*) FROM branches WHERE id <> ?`
	for db.stmts.cached(db.read, q) == nil {
		if err := db.View(ctx, func(tx *Tx) error { var n int; return tx.queryRow(ctx, q, "x").Scan(&n) }); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Millisecond)
	}
	err = db.View(ctx, func(tx *Tx) error {
		s, err := tx.stmt(ctx, q)
		if err != nil {
			return err
		}
		if err := db.stmts.close(); err != nil {
			return fmt.Errorf("close: %w", err)
		}
		var n int
		if err := s.QueryRowContext(ctx, "x").Scan(&n); err != nil {
			return fmt.Errorf("the statement after close: %w", err)
		}
		if _, err := tx.stmt(ctx, q); !errors.Is(err, ErrClosed) {
			return fmt.Errorf("another statement after close: %v, want ErrClosed", err)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}

// Close while many transactions prepare and use many statements (run with -race): no
// panic, nothing left running, every failure is the database being closed, and later
// use says ErrClosed.
func TestStmtCacheCloseUnderLoad(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "kopbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	start := make(chan struct{})
	for g := range 8 {
		wg.Go(func() {
			<-start
			for i := range 200 {
				q := fmt.Sprintf(`SELECT %d + ?`, i%50)
				run := db.View
				if g%4 == 0 {
					run = db.Update
				}
				err := run(ctx, func(tx *Tx) error {
					var n int
					return tx.queryRow(ctx, q, g).Scan(&n)
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	close(start)
	time.Sleep(20 * time.Millisecond)
	if err := db.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	wg.Wait()
	close(errs)
	t.Logf("%d of 8 workers were stopped by the close", len(errs))
	for err := range errs {
		if !errors.Is(err, ErrClosed) && !strings.Contains(err.Error(), "closed") {
			t.Errorf("a transaction failed otherwise than by the database being closed: %v", err)
		}
	}
	if err := db.View(ctx, func(*Tx) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("a transaction after close: %v, want ErrClosed", err)
	}
	waitFor(t, "the preparations to be gone", func() bool { return countGoroutines("(*stmtCache).prepare") == 0 })
}

// cached is the cache's statement for q on pool, nil when there is none yet.
func (c *stmtCache) cached(pool *sql.DB, q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stmts[prepKey{pool, q}]
}

// countGoroutines counts the goroutines with a frame of fn.
func countGoroutines(fn string) int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Count(string(buf[:n]), fn+"(")
		}
		buf = make([]byte, 2*len(buf))
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 5s for %s", what)
		}
	}
}
