package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// ErrClosed is what the store's operations return once the database is closed.
var ErrClosed = errors.New("the database is closed")

// stmtCache keeps the prepared statements of each connection pool: every message runs the
// same few dozen queries, and preparing them again each time was a third of the work.
//
// A statement is prepared for the cache in the background, once, the first time it is
// used; until then each transaction prepares its own. Close stops the preparations still
// waiting for a connection, waits for those under way, and closes the cached statements;
// after it, the cache prepares nothing and says ErrClosed.
type stmtCache struct {
	ctx  context.Context // the preparations'; cancelled by close
	stop context.CancelFunc

	mu        sync.Mutex
	stmts     map[prepKey]*sql.Stmt
	preparing map[prepKey]bool // statements being prepared for the cache
	inflight  sync.WaitGroup   // those preparations
	closed    bool
}

type prepKey struct {
	pool *sql.DB
	q    string
}

func newStmtCache() *stmtCache {
	c := &stmtCache{stmts: map[prepKey]*sql.Stmt{}, preparing: map[prepKey]bool{}}
	c.ctx, c.stop = context.WithCancel(context.Background())
	return c
}

// stmt returns tx's handle on the statement for q, tx being a transaction of pool's.
func (c *stmtCache) stmt(ctx context.Context, pool *sql.DB, tx *sql.Tx, q string) (*sql.Stmt, error) {
	key := prepKey{pool, q}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, ErrClosed
	}
	s, ok := c.stmts[key]
	if !ok {
		c.startLocked(key)
	}
	c.mu.Unlock()
	if !ok {
		// Preparing on the pool needs a free connection of the pool's; when every connection
		// is held by a transaction waiting here for the same, none is ever freed (seen with
		// four readers at once under the race detector). So this transaction prepares its
		// own, and the pool's is made in the background, once a connection is free.
		return tx.PrepareContext(ctx, q)
	}
	// Should close close s meanwhile, database/sql prepares q again on tx's connection.
	return tx.StmtContext(ctx, s), nil
}

// startLocked prepares key's statement for the cache in the background, unless it is
// being prepared already. c.mu is held.
func (c *stmtCache) startLocked(key prepKey) {
	if c.preparing[key] || c.closed {
		return
	}
	c.preparing[key] = true
	c.inflight.Add(1)
	go c.prepare(key)
}

func (c *stmtCache) prepare(key prepKey) {
	defer c.inflight.Done()
	s, err := key.pool.PrepareContext(c.ctx, key.q)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.preparing, key)
	if err != nil {
		return // the cache is closing, or the next use will say what is wrong with q
	}
	if c.closed {
		s.Close()
		return
	}
	c.stmts[key] = s
}

// isClosed says whether close has begun.
func (c *stmtCache) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// close stops the preparations (one opening a connection after the pools are closed would
// leave files behind it), waits for them and closes the cached statements. Only the first
// call does anything.
func (c *stmtCache) close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.mu.Unlock()
	c.stop() // a preparation waiting for a connection gives up
	c.inflight.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, s := range c.stmts {
		errs = append(errs, s.Close())
	}
	c.stmts = nil
	return errors.Join(errs...)
}
