package store

import (
	"context"
	"fmt"
)

// collect runs q and reads every row with scan: the loop every list query shares. what
// names the list in errors ("list loans of member 7").
func collect[T any](ctx context.Context, tx *Tx, what, q string, scan func(row) (T, error), args ...any) ([]T, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}
