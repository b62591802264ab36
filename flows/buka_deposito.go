package flows

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

type bukaDepositoData struct {
	Products    []string `json:"products,omitempty"` // deposit product codes offered
	Product     string   `json:"product,omitempty"`
	Accounts    []string `json:"accounts,omitempty"` // savings accounts offered to pay from
	Account     string   `json:"account,omitempty"`
	Amount      int64    `json:"amount,omitempty"`
	Tenor       int      `json:"tenor,omitempty"`
	Options     []string `json:"options,omitempty"` // the instructions offered, in order
	Instruction string   `json:"instruction,omitempty"`
}

// bukaDeposito places a time deposit from the member's savings (Buka Deposito): the product
// (when there are several), the savings account it comes from (when several have enough),
// the amount (at least the product's minimum opening, at most what is available), the
// tenor (one the product offers), what happens at maturity, a summary with the interest
// expected, the PIN; then the money moves to the new deposit account in one journal
// transaction.
func bukaDeposito(ctx context.Context, c *Convo[bukaDepositoData], m store.Member, in Input) Result {
	switch c.Step {
	case "":
		c.Data = bukaDepositoData{}
		products, err := depositProducts(ctx, c.Tx)
		if err != nil {
			return c.Fail(err)
		}
		switch len(products) {
		case 0:
			return c.Done(c.Msg.NoDepositProducts())
		case 1:
			return askPlacementSource(ctx, c, m, products[0])
		}
		c.Data.Products = productCodes(products)
		return c.Ask("product", c.Msg.ChooseDepositProduct(products))
	case "product":
		p, res, ok := c.pickProduct(ctx, c.Data.Products)
		if !ok {
			return res
		}
		return askPlacementSource(ctx, c, m, p)
	case "account":
		p, err := c.Tx.ProductByCode(ctx, c.Data.Product)
		if err != nil {
			return c.Fail(err)
		}
		return c.pickAccount(ctx, m, c.Data.Accounts, &c.Data.Account, func(a store.Account) string { return c.Msg.AskPlacementAmount(p, a) })
	case "amount":
		return placementAmount(ctx, c, m)
	case "tenor":
		p, err := c.Tx.ProductByCode(ctx, c.Data.Product)
		if err != nil {
			return c.Fail(err)
		}
		months, ok := tenorOf(c.Said().Words)
		if !ok || !slices.Contains(p.Settings().Tenors, months) {
			return c.Retry(c.Msg.PlacementTenorBad(p))
		}
		c.Data.Tenor = months
		return askPlacementInstruction(ctx, c, m, p)
	case "instruction":
		n, ok := c.Choice(len(c.Data.Options))
		if !ok {
			return c.Retry(c.Msg.PickNumber(len(c.Data.Options)))
		}
		c.Data.Instruction = c.Data.Options[n-1]
		q, _, err := placementQuote(ctx, c, m)
		if err != nil {
			return c.Fail(err)
		}
		return c.Ask("confirm", c.Msg.PlacementSummary(q))
	case "confirm":
		return c.confirmThenPIN(m, c.Msg.Cancelled())
	case stepPIN:
		if stop, ok := c.confirmPIN(ctx, m, in.Text); !ok {
			return stop
		}
		return placeDeposit(ctx, c, m, in)
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// productCodes are the products' codes, which a flow keeps to read the member's pick.
func productCodes(ps []store.Product) []string {
	codes := make([]string, len(ps))
	for i, p := range ps {
		codes[i] = p.Code
	}
	return codes
}

// pickProduct reads which of the products offered (their codes) was picked, and loads it;
// when ok is false, res asks again.
func (c *Convo[T]) pickProduct(ctx context.Context, offered []string) (p store.Product, res Result, ok bool) {
	code, ok := c.pickFrom(offered)
	if !ok {
		return p, c.Retry(c.Msg.PickNumber(len(offered))), false
	}
	p, err := c.Tx.ProductByCode(ctx, code)
	if err != nil {
		return p, c.Fail(err), false
	}
	return p, Result{}, true
}

// depositProducts are the deposit products offered.
func depositProducts(ctx context.Context, tx *store.Tx) ([]store.Product, error) {
	all, err := tx.Products(ctx)
	if err != nil {
		return nil, err
	}
	var out []store.Product
	for _, p := range all {
		if p.Kind == store.ProductDeposito && len(p.Settings().Tenors) > 0 {
			out = append(out, p)
		}
	}
	return out, nil
}

// askPlacementSource offers the member's voluntary savings holding at least the product's
// minimum opening; with one, it is taken and the amount asked.
func askPlacementSource(ctx context.Context, c *Convo[bukaDepositoData], m store.Member, p store.Product) Result {
	offer, numbers, err := c.savingsOffered(ctx, m, func(a store.Account) bool {
		return spendableNow(a) && a.Available() >= max(p.MinOpening, 1)
	})
	if err != nil {
		return c.Fail(err)
	}
	c.Data.Product, c.Data.Accounts = p.Code, numbers
	return c.askAccount(offer, &c.Data.Account, c.Msg.NothingToPlace(p),
		func(as []store.Account) string { return c.Msg.ChoosePlacementSource(p, as) },
		func(a store.Account) string { return c.Msg.AskPlacementAmount(p, a) })
}

// placementAmount reads the amount: at least the product's minimum opening, at most what
// the savings account has available; anything else is answered with both bounds.
func placementAmount(ctx context.Context, c *Convo[bukaDepositoData], m store.Member) Result {
	p, err := c.Tx.ProductByCode(ctx, c.Data.Product)
	if err != nil {
		return c.Fail(err)
	}
	a, err := c.ownAccount(ctx, m, c.Data.Account)
	if err != nil {
		return c.Fail(err)
	}
	amount, err := c.Amount(c.c.in.Text)
	if err != nil {
		return c.Retry(c.Msg.PlacementAmountBad(p, a, true))
	}
	if amount < p.MinOpening || amount > a.Available() {
		return c.Retry(c.Msg.PlacementAmountBad(p, a, false))
	}
	c.Data.Amount = amount
	return c.Ask("tenor", c.Msg.AskPlacementTenor(p))
}

// askPlacementInstruction offers what may happen at maturity: a deposit paying interest
// monthly has none left to add to the principal, so it is renewed with the principal or paid out.
func askPlacementInstruction(ctx context.Context, c *Convo[bukaDepositoData], m store.Member, p store.Product) Result {
	options := []store.DepositInstruction{store.AROPrincipal, store.AROTotal, store.PayOut}
	if p.Settings().InterestPayout == store.PayoutMonthly {
		options = []store.DepositInstruction{store.AROPrincipal, store.PayOut}
	}
	c.Data.Options = c.Data.Options[:0]
	for _, o := range options {
		c.Data.Options = append(c.Data.Options, string(o))
	}
	c.Data.Instruction = string(options[0]) // for the quote's maturity; the member picks next
	q, _, err := placementQuote(ctx, c, m)
	if err != nil {
		return c.Fail(err)
	}
	return c.Ask("instruction", c.Msg.AskPlacementInstruction(q, options))
}

// placementQuote is the order the member has described so far and what it would earn.
func placementQuote(ctx context.Context, c *Convo[bukaDepositoData], m store.Member) (catalog.DepositQuote, coop.DepositOrder, error) {
	p, err := c.Tx.ProductByCode(ctx, c.Data.Product)
	if err != nil {
		return catalog.DepositQuote{}, coop.DepositOrder{}, err
	}
	a, err := c.ownAccount(ctx, m, c.Data.Account)
	if err != nil {
		return catalog.DepositQuote{}, coop.DepositOrder{}, err
	}
	o := coop.DepositOrder{Product: p, From: a, Amount: c.Data.Amount, Tenor: c.Data.Tenor,
		Instruction: store.DepositInstruction(c.Data.Instruction), Today: c.Now.In(c.Loc), AuthorID: m.No}
	q, err := coop.QuoteDeposit(o, c.Rules().Books)
	return q, o, err
}

// placeDeposit opens the deposit the member confirmed with their PIN, if the savings still
// have the amount available.
func placeDeposit(ctx context.Context, c *Convo[bukaDepositoData], m store.Member, in Input) Result {
	_, o, err := placementQuote(ctx, c, m)
	if err != nil {
		return c.Fail(err)
	}
	o.Key = store.KeyPlacement.Key(in.Branch, in.MessageID)
	d, err := coop.OpenDeposit(ctx, c.Tx, o, c.Rules().Books)
	if errors.Is(err, coop.OverWithdrawable) || errors.Is(err, coop.AccountInactive) {
		return c.Done(c.Msg.PlacementNoLonger(o.From))
	}
	if err != nil {
		return c.Fail(err)
	}
	q, after, err := placementQuote(ctx, c, m)
	if err != nil {
		return c.Fail(err)
	}
	c.Data = bukaDepositoData{}
	return c.Done(c.Msg.PlacementDone(d, q, after.From))
}

// tenorOf reads a tenor as members write it: "6", "6 bulan", "12 bln", "1 tahun" (12 months).
func tenorOf(words []string) (int, bool) {
	if len(words) == 0 || len(words) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(words[0])
	if err != nil || n <= 0 {
		return 0, false
	}
	if len(words) == 1 {
		return n, true
	}
	switch words[1] {
	case "bulan", "bln", "month", "months":
		return n, true
	case "tahun", "thn", "year", "years":
		return n * 12, true
	}
	return 0, false
}
