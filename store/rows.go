package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// one runs q, which selects at most one row, and reads it with scan. what names the row in
// errors: no row is "<what>: ErrNotFound", any other error "load <what>: ...".
func one[T any](ctx context.Context, tx *Tx, what, q string, scan func(row) (T, error), args ...any) (T, error) {
	v, err := scan(tx.queryRow(ctx, q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		var zero T
		return zero, fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	if err != nil {
		var zero T
		return zero, fmt.Errorf("load %s: %w", what, err)
	}
	return v, nil
}

// eachRow runs q and hands every row to read: the loop every query over many rows shares.
// what names the query in errors ("list loans of member 7"); read's own error is wrapped
// in it too.
func eachRow(ctx context.Context, tx *Tx, what, q string, read func(row) error, args ...any) error {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := read(rows); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// collect runs q and reads every row with scan into a list.
func collect[T any](ctx context.Context, tx *Tx, what, q string, scan func(row) (T, error), args ...any) ([]T, error) {
	var out []T
	err := eachRow(ctx, tx, what, q, func(r row) error {
		v, err := scan(r)
		out = append(out, v)
		return err
	}, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}
