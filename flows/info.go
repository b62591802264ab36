package flows

import "context"

type infoData struct{}

// cooperativeInfo tells anyone what the cooperative offers and how to join.
func cooperativeInfo(ctx context.Context, c *Convo[infoData], in Input) Result {
	branch, err := c.Branch(ctx)
	if err != nil {
		return c.Fail(err)
	}
	products, err := c.Tx.Products(ctx)
	if err != nil {
		return c.Fail(err)
	}
	return c.Done(c.Msg.CooperativeInfo(c.Cooperative(), branch, products))
}
