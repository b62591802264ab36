package coop

import (
	"context"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/store"
)

// ImportBatch is how many rows a long import commits at a time. SQLite has one writer: a
// member's message waits while a transaction holds it, and 2,000 rows take about a tenth of
// a second.
const ImportBatch = 2000

// importPause is the import's rest between batches. A writer waiting for SQLite's lock
// sleeps and retries (its busy handler waits up to 100 ms between tries): without a rest
// longer than that, the next batch takes the lock again first, and a member's message
// waits for the whole import after all.
const importPause = 150 * time.Millisecond

// ImportMembersInBatches is ImportMembers for a file that would hold the database too long
// in one transaction: every row is checked first, as ImportMembers does (one bad row and
// nothing is imported), then the rows go in batch at a time, each batch a transaction of its
// own, so members' messages are answered in between. Should a batch fail (the disk full, a
// phone taken meanwhile), the rows before it stay imported and the error says up to which line.
func ImportMembersInBatches(ctx context.Context, db *store.DB, f ImportFile, at time.Time, batch int) (Import, error) {
	var rows []store.ImportRow
	err := db.View(ctx, func(tx *store.Tx) (err error) {
		rows, err = CheckImport(ctx, tx, f)
		return err
	})
	if err != nil {
		return Import{}, err
	}
	res := Import{Rows: rows}
	err = inBatches(ctx, db, rows, batch, func(r store.ImportRow) int { return r.Line }, func(tx *store.Tx, start int, chunk []store.ImportRow) error {
		got, err := tx.ImportMembers(ctx, chunk, at, func(done, _ int) { f.Progress.Step(start+done, len(rows)) })
		if err == nil {
			res.ImportResult = addImported(res.ImportResult, got)
		}
		return err
	})
	if err != nil {
		return res, err
	}
	f.Progress.Step(len(rows), len(rows))
	err = db.View(ctx, func(tx *store.Tx) (err error) {
		res.Wajib, err = wajibDueOnImport(ctx, tx, rows, f.Today)
		return err
	})
	return res, err
}

// inBatches applies rows batch at a time, each batch a transaction of its own (apply gets
// the index of the batch's first row and the batch), resting between batches so members'
// messages are answered meanwhile. A batch that fails, or a cancelled ctx, leaves the batches
// before it in, and the error says up to which line (line reads a row's) and where to resume.
func inBatches[R any](ctx context.Context, db *store.DB, rows []R, batch int, line func(R) int, apply func(tx *store.Tx, start int, chunk []R) error) error {
	batch = max(batch, 1)
	for start := 0; start < len(rows); start += batch {
		chunk := rows[start:min(start+batch, len(rows))]
		err := db.Update(ctx, func(tx *store.Tx) error { return apply(tx, start, chunk) })
		if err != nil && start > 0 {
			return fmt.Errorf("%w (the rows up to line %d are imported: import the rest from line %d)", err, line(rows[start-1]), line(chunk[0]))
		}
		if err != nil {
			return err
		}
		if next := start + len(chunk); next < len(rows) {
			select {
			case <-ctx.Done():
				return fmt.Errorf("%w (the rows up to line %d are imported: import the rest from line %d)", ctx.Err(), line(chunk[len(chunk)-1]), line(rows[next]))
			case <-time.After(importPause):
			}
		}
	}
	return nil
}

// addImported is what two batches of one import brought in together, products in order.
func addImported(a, b store.ImportResult) store.ImportResult {
	a.Members += b.Members
	a.Accounts += b.Accounts
	for _, p := range b.Products {
		found := false
		for i := range a.Products {
			if a.Products[i].Code == p.Code {
				a.Products[i].Accounts += p.Accounts
				a.Products[i].Total += p.Total
				found = true
			}
		}
		if !found {
			a.Products = append(a.Products, p)
		}
	}
	return a
}
