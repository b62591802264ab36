package coop

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/store"
)

// DepositOrder is a member's placement of a time deposit from their savings (Buka Deposito).
type DepositOrder struct {
	Key         string // idempotency key of the placement: the member's message ID
	Product     store.Product
	From        store.Account // the member's savings: pays the principal, receives the interest and payouts
	Amount      int64
	Tenor       int // months, one of the product's tenors
	Instruction store.DepositInstruction
	Today       time.Time // the day it starts, in the cooperative's time zone
	AuthorID    string    // the member's number as the ledger keeps it
}

// QuoteDeposit checks an order and works out what it would earn: each period's interest (a
// month of the term when the product pays monthly, else the whole term) by the deposit
// interest rule, less the tax books withholds from each.
func QuoteDeposit(o DepositOrder, books Books) (catalog.DepositQuote, error) {
	pp := o.Product.Settings()
	switch {
	case o.Product.Kind != store.ProductDeposito:
		return catalog.DepositQuote{}, fmt.Errorf("quote deposit: product %s is a %s", o.Product.Code, o.Product.Kind)
	case o.Amount < o.Product.MinOpening || o.Amount <= 0:
		return catalog.DepositQuote{}, &Refusal{Code: BelowMinOpening, Subject: o.Product.Name, Got: o.Amount, Min: o.Product.MinOpening}
	case !slices.Contains(pp.Tenors, o.Tenor):
		return catalog.DepositQuote{}, &Refusal{Code: BadTenor, Subject: o.Product.Name, Got: int64(o.Tenor)}
	case !o.Instruction.Valid():
		return catalog.DepositQuote{}, fmt.Errorf("quote deposit: unknown instruction %q", o.Instruction)
	}
	start := dateOf(o.Today)
	q := catalog.DepositQuote{Product: o.Product, Amount: o.Amount, Tenor: o.Tenor, Instruction: o.Instruction, From: o.From,
		Start: start, Maturity: store.AddMonths(start, o.Tenor), Monthly: pp.InterestPayout == store.PayoutMonthly, PenaltyBP: pp.EarlyPenaltyBP}
	periods := []time.Time{start, q.Maturity}
	if q.Monthly {
		periods = periods[:1]
		for k := 1; k <= o.Tenor; k++ {
			periods = append(periods, store.AddMonths(start, k))
		}
	}
	for i := 1; i < len(periods); i++ {
		gross := loan.DepositPeriodInterest(o.Amount, o.Product.RateBP, int(periods[i].Sub(periods[i-1]).Hours()/24))
		tax := loan.WithholdingTax(gross, books.TaxThreshold, books.TaxRateBP)
		if i == 1 {
			q.FirstMonth = gross - tax
		}
		q.Interest, q.Tax = q.Interest+gross, q.Tax+tax
	}
	return q, nil
}

// OpenDeposit places a time deposit: a new deposit account of the product, the principal
// moved to it from the member's savings in one journal transaction, and the deposit's terms
// (the product's rate today, maturity tenor months on, the instruction, the savings account
// that receives interest and payouts). The amount must be at least the product's minimum
// opening and at most what may leave the savings account; the tenor one the product offers.
func OpenDeposit(ctx context.Context, tx *store.Tx, o DepositOrder, books Books) (store.TimeDeposit, error) {
	q, err := QuoteDeposit(o, books)
	if err != nil {
		return store.TimeDeposit{}, err
	}
	if _, err := tx.PostedByKey(ctx, o.Key); err == nil {
		return store.TimeDeposit{}, &Refusal{Code: KeyUsed, Subject: o.Key}
	} else if !errors.Is(err, store.ErrNotFound) {
		return store.TimeDeposit{}, err
	}
	from, err := tx.AccountByNumber(ctx, o.From.Number)
	if err != nil {
		return store.TimeDeposit{}, err
	}
	if err := spendable(from); err != nil {
		return store.TimeDeposit{}, err
	}
	if err := withinWithdrawable(from, o.Amount); err != nil {
		return store.TimeDeposit{}, err
	}
	acct, err := tx.OpenAccount(ctx, store.OpenAccount{Branch: from.Branch, MemberID: from.MemberID, Product: o.Product, Name: o.Product.Name})
	if err != nil {
		return store.TimeDeposit{}, err
	}
	if _, _, err := tx.Post(ctx, store.Entry{Key: o.Key, Branch: from.Branch, Kind: store.KindPlacement,
		Memo: store.Memo{Kind: store.MemoPlacement, Months: o.Tenor}, AuthorKind: store.AuthorMember, AuthorID: o.AuthorID,
		Postings: []store.Posting{{Account: from.ID, Amount: -o.Amount}, {Account: acct.ID, Amount: o.Amount}}}); err != nil {
		return store.TimeDeposit{}, err
	}
	return tx.CreateTimeDeposit(ctx, store.TimeDeposit{Account: acct, Principal: o.Amount, RateBP: o.Product.RateBP, TenorMonths: o.Tenor,
		Start: q.Start, Maturity: q.Maturity, Instruction: o.Instruction, Payout: from, InterestPayout: o.Product.Settings().InterestPayout})
}
