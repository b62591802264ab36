package flows

import (
	"context"
	"fmt"

	"github.com/kopbot/kopbot/store"
)

type bukaTabunganData struct {
	Products []string `json:"products,omitempty"` // product codes in the order shown
	Product  string   `json:"product,omitempty"`
}

// bukaTabungan opens a savings account: choose a product, read its terms, confirm with the PIN.
func bukaTabungan(ctx context.Context, c *Convo[bukaTabunganData], m store.Member, in Input) Result {
	switch c.Step {
	case "":
		offer, err := openableProducts(ctx, c.Tx, m)
		if err != nil {
			return c.Fail(err)
		}
		if len(offer) == 0 {
			return c.Done(c.Msg.NoProductsToOpen())
		}
		c.Data.Products = productCodes(offer)
		return c.Ask("product", c.Msg.ChooseSavingsProduct(offer))
	case "product":
		p, res, ok := c.pickProduct(ctx, c.Data.Products)
		if !ok {
			return res
		}
		c.Data.Product = p.Code
		return c.Ask("confirm", c.Msg.SavingsTerms(p, p.Settings().MonthlyFee))
	case "confirm":
		return c.confirmThenPIN(m, c.Msg.Cancelled())
	case stepPIN:
		if stop, ok := c.confirmPIN(ctx, m, in.Text); !ok {
			return stop
		}
		p, err := c.Tx.ProductByCode(ctx, c.Data.Product)
		if err != nil {
			return c.Fail(err)
		}
		a, err := c.Tx.OpenAccount(ctx, store.OpenAccount{Branch: m.Branch, MemberID: m.ID, Product: p, Name: p.Name})
		if err != nil {
			return c.Fail(err)
		}
		branch, err := c.Branch(ctx)
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.SavingsOpened(a.Number, p, branch.Name, c.BankAccounts()))
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// openableProducts are the voluntary savings products the member has no account of yet.
func openableProducts(ctx context.Context, tx *store.Tx, m store.Member) ([]store.Product, error) {
	all, err := tx.Products(ctx)
	if err != nil {
		return nil, err
	}
	have, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
	if err != nil {
		return nil, err
	}
	held := map[string]bool{}
	for _, a := range have {
		held[a.ProductCode] = true
	}
	var out []store.Product
	for _, p := range all {
		if (p.Kind == store.ProductSukarela || p.Kind == store.ProductTabungan) && !held[p.Code] {
			out = append(out, p)
		}
	}
	return out, nil
}
