package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kopbot/kopbot/store"
)

// statusList is a `kopbot GROUP NAME [-status STATUS]` that lists what members asked for
// (deposits, withdrawals, loan applications), oldest first, one row each with its member.
type statusList[T any] struct {
	Group, Name, Doc string
	Statuses         []string
	What             string // "deposits": with -status, "No pending deposits."
	Only             string // what -status's doc says it filters (default What)
	None             string // said when there are none at all
	Header           string // the table's header, tab-separated
	One, Many        string // for the count line: "1 deposit", "3 deposits"
	Read             func(ctx context.Context, tx *store.Tx, status string) ([]T, error)
	MemberOf         func(T) int64
	Row              func(w io.Writer, loc *time.Location, m store.Member, item T) // one tab-separated line
}

func (l statusList[T]) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand(l.Group, l.Name, l.Doc, stderr)
	only := l.Only
	if only == "" {
		only = l.What
	}
	status := c.fs.String("status", "", "only "+only+" with this `status`: "+strings.Join(l.Statuses, ", "))
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%s %s: unexpected %q", l.Group, l.Name, strings.Join(rest, " "))
	}
	*status = strings.ToLower(strings.TrimSpace(*status))
	if *status != "" && !slices.Contains(l.Statuses, *status) {
		return fmt.Errorf("%s %s: -status %q is not a status (write one of %s)", l.Group, l.Name, *status, strings.Join(l.Statuses, ", "))
	}
	return c.view(ctx, func(ctx context.Context, tx *store.Tx, app *App) error {
		loc := app.Config.Location()
		items, err := l.Read(ctx, tx, *status)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			if *status != "" {
				fmt.Fprintf(stdout, "No %s %s.\n", *status, l.What)
			} else {
				fmt.Fprintln(stdout, l.None)
			}
			return nil
		}
		members := memberCache{}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, l.Header)
		for _, item := range items {
			m, err := members.get(ctx, tx, l.MemberOf(item))
			if err != nil {
				return err
			}
			l.Row(tw, loc, m, item)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(stdout, countOf(len(items), l.One, l.Many)+".")
		return nil
	})
}

// requestNote is what a list says about a decided request: by whom, when (in layout), why.
func requestNote(decided bool, by, reason string, at time.Time, loc *time.Location, layout string) string {
	if !decided {
		return ""
	}
	note := "by " + by + " " + at.In(loc).Format(layout)
	if reason != "" {
		note += ": " + reason
	}
	return note
}

// memberCache looks members up once per listing.
type memberCache map[int64]store.Member

func (mc memberCache) get(ctx context.Context, tx *store.Tx, id int64) (store.Member, error) {
	if m, ok := mc[id]; ok {
		return m, nil
	}
	m, err := tx.MemberByID(ctx, id)
	if err == nil {
		mc[id] = m
	}
	return m, err
}
