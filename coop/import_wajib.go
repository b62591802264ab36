package coop

import (
	"slices"
	"strings"
	"time"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// The simpanan wajib a member brought in still owes: the wajib_paid_through column holds the
// last month they paid in the old books, or exempt.

// wajibExemptWords are what wajib_paid_through may say for a member who owes no simpanan wajib.
var wajibExemptWords = []string{"exempt", "bebas"}

// wajibAhead is how far ahead a member may have paid simpanan wajib: further is a typing mistake.
const wajibAhead = 24

// wajibTerms reads a wajib_paid_through cell: empty (dues from joining), exempt, or a month
// from the one before joining (nothing paid yet) to wajibAhead months ahead, for a member with
// a simpanan wajib account (a balance in the wajib column, 0 if none).
func (c *rowChecker) wajibTerms(line int, v string, joined time.Time, openings []store.Opening) store.WajibTerms {
	if v == "" {
		return store.WajibTerms{}
	}
	if slices.Contains(wajibExemptWords, strings.ToLower(v)) {
		return store.WajibTerms{Exempt: true}
	}
	m, err := parse.Month(v, time.UTC)
	if err != nil {
		c.bad(line, "wajib_paid_through", "%q is not a month (%s); write the last month paid, like 2026-11 or 11-2026, or exempt", clipCell(v), parseReason(err))
		return store.WajibTerms{}
	}
	joined = joined.In(c.today.Location())
	before := time.Date(joined.Year(), joined.Month()-1, 1, 0, 0, 0, 0, time.UTC)
	latest := time.Date(c.today.Year(), c.today.Month()+wajibAhead, 1, 0, 0, 0, 0, time.UTC)
	switch {
	case m.Before(before):
		c.bad(line, "wajib_paid_through", "%s is before the member joined (%s); write %s if nothing was paid since joining",
			v, joined.Format(time.DateOnly), before.Format("2006-01"))
	case m.After(latest):
		c.bad(line, "wajib_paid_through", "%s is more than %d months ahead; write the last month actually paid, like %s",
			v, wajibAhead, c.today.Format("2006-01"))
	case c.wajib == nil:
		c.bad(line, "wajib_paid_through", "the cooperative has no simpanan wajib product; leave the column empty")
	case !slices.ContainsFunc(openings, func(o store.Opening) bool { return o.Product == c.wajib.Code }):
		c.bad(line, "wajib_paid_through", "is %s but the %s column is empty; write the %s balance there (0 if none), so the member has the account",
			v, c.wajib.Code, c.wajib.Name)
	default:
		return store.WajibTerms{PaidThrough: m}
	}
	return store.WajibTerms{}
}
