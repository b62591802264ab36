package coop

import (
	"context"
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

// wajibDueOnImport is what each row's member owes of simpanan wajib on today once imported,
// as WajibDue will count it: the zero WajibDue for a member without a wajib account.
func wajibDueOnImport(ctx context.Context, tx *store.Tx, rows []store.ImportRow, today time.Time) ([]store.WajibDue, error) {
	products, err := tx.Products(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(products, func(p store.Product) bool { return p.Kind == store.ProductWajib })
	out := make([]store.WajibDue, len(rows))
	if i < 0 {
		return out, nil
	}
	wajib := products[i]
	for k, r := range rows {
		j := slices.IndexFunc(r.Openings, func(o store.Opening) bool { return o.Product == wajib.Code })
		if j < 0 {
			continue
		}
		terms := r.Wajib
		if !terms.PaidThrough.IsZero() {
			terms.Opening = r.Openings[j].Amount
		}
		a := store.Account{ProductCode: wajib.Code, Kind: store.AccountSavings, Normal: store.Credit, Balance: r.Openings[j].Amount}
		out[k] = WajibDueOf(a, wajib.Settings().Amount, r.Member.JoinedAt, terms, today)
	}
	return out, nil
}
