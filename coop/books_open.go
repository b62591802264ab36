package coop

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/store"
)

// Opening a branch's books: what it held when kopbot began keeping them (the cash in the
// drawer, the money in the bank, from the old books' last balance sheet) is recorded once,
// against the branch's equity account, as members' savings brought in by an import are.
// Together they leave in equity what the cooperative owns net of what it owes its members.

// BranchOpening is a branch's opening balances.
type BranchOpening struct {
	Branch     string
	Cash, Bank int64
	By         Actor     // who recorded them
	At         time.Time // when kopbot's books of the branch begin
}

// OpenBooks records a branch's opening balances: the cash and bank accounts debited, the
// equity account credited, in one journal transaction of kind opening under the key
// books-open:<branch>. A branch's books open once: a second time is refused (BooksOpened,
// with when and by whom), whatever the figures; no figure at all is refused too
// (NoOpeningBalance). A negative figure is an error: a branch holds no negative cash.
func OpenBooks(ctx context.Context, tx *store.Tx, o BranchOpening) (store.Posted, error) {
	if o.Cash < 0 || o.Bank < 0 {
		return store.Posted{}, fmt.Errorf("open the books of %s: cash %d and bank %d cannot be negative", o.Branch, o.Cash, o.Bank)
	}
	if _, err := tx.Branch(ctx, o.Branch); err != nil {
		return store.Posted{}, err
	}
	key := store.KeyBooksOpen.Key(o.Branch)
	if done, err := tx.PostedByKey(ctx, key); err == nil {
		return store.Posted{}, &Refusal{Code: BooksOpened, Subject: o.Branch, By: done.AuthorID, At: done.At}
	} else if !errors.Is(err, store.ErrNotFound) {
		return store.Posted{}, err
	}
	if o.Cash == 0 && o.Bank == 0 {
		return store.Posted{}, &Refusal{Code: NoOpeningBalance, Subject: o.Branch}
	}
	equity, err := tx.SystemAccount(ctx, o.Branch, store.AccountEquity)
	if err != nil {
		return store.Posted{}, err
	}
	postings := []store.Posting{{Account: equity.ID, Amount: o.Cash + o.Bank}}
	for _, side := range []struct {
		kind   string
		amount int64
	}{{store.AccountCash, o.Cash}, {store.AccountBank, o.Bank}} {
		if side.amount == 0 {
			continue
		}
		a, err := tx.SystemAccount(ctx, o.Branch, side.kind)
		if err != nil {
			return store.Posted{}, err
		}
		postings = append(postings, store.Posting{Account: a.ID, Amount: -side.amount}) // an asset grows by a debit
	}
	id, _, err := tx.Post(ctx, store.Entry{Key: key, Branch: o.Branch, Kind: store.KindOpening, Memo: store.Memo{Kind: store.MemoBranchOpening},
		AuthorKind: store.AuthorAdmin, AuthorID: o.By.String(), At: o.At, Postings: postings})
	if err != nil {
		return store.Posted{}, fmt.Errorf("open the books of %s: %w", o.Branch, err)
	}
	return tx.PostedByID(ctx, id)
}

// BooksOpening is what OpenBooks recorded for a branch, read back from the journal;
// store.ErrNotFound when its books were never opened.
func BooksOpening(ctx context.Context, tx *store.Tx, branch string) (BranchOpening, error) {
	p, err := tx.PostedByKey(ctx, store.KeyBooksOpen.Key(branch))
	if err != nil {
		return BranchOpening{}, err
	}
	return OpeningOf(p), nil
}

// OpeningOf reads a branch's opening balances from the journal transaction that recorded them.
func OpeningOf(p store.Posted) BranchOpening {
	o := BranchOpening{Branch: p.Branch, By: Actor(p.AuthorID), At: p.At}
	for _, l := range p.Lines {
		switch l.Account.Kind {
		case store.AccountCash:
			o.Cash -= l.Amount
		case store.AccountBank:
			o.Bank -= l.Amount
		}
	}
	return o
}

// booksError is the English sentence of the refusals of OpenBooks.
func (r *Refusal) booksError() (string, bool) {
	switch r.Code {
	case BooksOpened:
		return fmt.Sprintf("the opening balances of branch %s were recorded already, at %s by %s; nothing changed",
			r.Subject, r.At.Format("2006-01-02 15:04"), r.By), true
	case NoOpeningBalance:
		return "no opening balance was given: give the cash, the bank balance, or both", true
	}
	return "", false
}
