package store

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
)

// maxGroup is the most steps one group commit takes: enough to share an fsync widely,
// few enough that the last step in a group does not wait long for the first ones.
const maxGroup = 64

// groupCommit queues UpdateGrouped's callers; one of them at a time leads, committing for
// everyone queued.
type groupCommit struct {
	mu      sync.Mutex
	queue   []*groupStep
	leading bool
}

// groupStep is one caller's fn waiting for (or done with) its group.
type groupStep struct {
	ctx     context.Context
	fn      func(tx *Tx) error
	err     error
	panic   any    // what fn panicked with, to panic again in its caller's goroutine
	stack   []byte // where
	done    chan struct{}
	promote chan struct{} // this caller leads the next group
}

// UpdateGrouped is Update with group commit: callers arriving while a commit is under way
// share the next transaction, so one fsync (synchronous=FULL) makes many members' steps
// durable at once. Each fn is still all or nothing on its own: it runs inside a SAVEPOINT,
// and an fn that returns an error leaves nothing behind, as with Update, while the others in
// its group commit. UpdateGrouped returns only once the group's commit is durable, so what
// fn queued (replies in the outbox) is never seen, let alone sent, before then. A group
// whose commit itself fails is retried one fn at a time, so one fn cannot fail another's.
//
// fns in one group run one after the other, in arrival order, and see each other's writes,
// exactly as if each had its own transaction in turn.
func (db *DB) UpdateGrouped(ctx context.Context, fn func(tx *Tx) error) error {
	s := &groupStep{ctx: ctx, fn: fn, done: make(chan struct{}), promote: make(chan struct{}, 1)}
	g := &db.group
	g.mu.Lock()
	g.queue = append(g.queue, s)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if lead {
		db.leadGroup()
	}
	for {
		select {
		case <-s.done:
			if s.panic != nil {
				panic(fmt.Sprintf("%v\n\n(in a group commit)\n%s", s.panic, s.stack))
			}
			return s.err
		case <-s.promote:
			db.leadGroup()
		}
	}
}

// leadGroup commits one group: everything queued, up to maxGroup. Then it hands the lead
// to the first caller still queued, so no caller waits for groups after its own.
func (db *DB) leadGroup() {
	g := &db.group
	g.mu.Lock()
	n := min(len(g.queue), maxGroup)
	steps := g.queue[:n:n]
	g.queue = g.queue[n:]
	g.mu.Unlock()

	db.commitGroup(steps)
	for _, s := range steps {
		close(s.done)
	}

	g.mu.Lock()
	if len(g.queue) > 0 {
		g.queue[0].promote <- struct{}{}
	} else {
		g.leading = false
		g.queue = nil
	}
	g.mu.Unlock()
}

// commitGroup runs steps in one write transaction, each in a savepoint, and commits.
func (db *DB) commitGroup(steps []*groupStep) {
	db.wmu.Lock()
	defer db.wmu.Unlock()
	// The transaction outlives any one caller's context: a caller giving up must not roll
	// back the others' steps.
	ctx := context.WithoutCancel(steps[0].ctx)
	err := db.runGroup(ctx, steps)
	if err == nil {
		return
	}
	if len(steps) == 1 {
		if s := steps[0]; s.err == nil && s.panic == nil {
			s.err = err
		}
		return
	}
	// The group as a whole failed (its commit, or a savepoint could not be undone): give
	// each step that had not failed on its own a transaction of its own.
	for _, s := range steps {
		if s.err != nil || s.panic != nil {
			continue
		}
		if err := db.runGroup(ctx, []*groupStep{s}); err != nil && s.err == nil && s.panic == nil {
			s.err = err
		}
	}
}

// runGroup runs the steps in one transaction; s.err is each step's own outcome, and the
// error returned is the group's (nil when it committed).
func (db *DB) runGroup(ctx context.Context, steps []*groupStep) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	for _, s := range steps {
		tx := &Tx{tx: sqlTx, now: db.Now(), db: db, pool: db.write}
		if _, err := tx.exec(ctx, `SAVEPOINT step`); err != nil {
			_ = sqlTx.Rollback()
			return fmt.Errorf("savepoint: %w", err)
		}
		s.err = db.runStep(func() error { return s.fn(tx) }, s)
		if s.err != nil || s.panic != nil {
			if _, err := tx.exec(ctx, `ROLLBACK TO step`); err != nil {
				_ = sqlTx.Rollback()
				return fmt.Errorf("undo a failed step: %w", err)
			}
		}
		if _, err := tx.exec(ctx, `RELEASE step`); err != nil {
			_ = sqlTx.Rollback()
			return fmt.Errorf("release savepoint: %w", err)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// runStep runs f, catching a panic so that it fails only its own step; the caller panics again.
func (db *DB) runStep(f func() error, s *groupStep) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.panic, s.stack = r, debug.Stack()
			err = errors.New("panic")
		}
	}()
	return f()
}
