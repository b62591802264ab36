package flows

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/store"
)

type pinjamanData struct {
	Products []string `json:"products,omitempty"`
	Product  string   `json:"product,omitempty"`
	Amount   int64    `json:"amount,omitempty"`
	Tenor    int      `json:"tenor,omitempty"`
	Pending  string   `json:"pending,omitempty"` // an application waiting for staff: simulating only
}

// pinjaman simulates a loan (product, amount, tenor -> installment, interest, first rows)
// and, if the member applies, checks the cooperative's rules before the PIN.
func pinjaman(ctx context.Context, c *Convo[pinjamanData], m store.Member, in Input) Result {
	switch c.Step {
	case "":
		c.Data = pinjamanData{}
		// One application at a time: say so first, and let the member simulate anyway.
		pending, err := c.Tx.LoanApplications(ctx, store.ApplicationPending, m.ID, 1)
		if err != nil {
			return c.Fail(err)
		}
		if len(pending) > 0 {
			c.Data.Pending = pending[0].No()
			return c.Ask("pending", c.Msg.LoanPendingStart(pending[0], c.Loc))
		}
		return loanProducts(ctx, c, in)
	case "pending":
		switch c.option(c.Msg.LoanPendingOptions()) {
		case 1:
			return loanProducts(ctx, c, in)
		case 2:
			return c.Done(c.Msg.SimulationDone())
		}
		return c.Retry(c.Msg.PickNumber(2))
	case "product":
		code, ok := c.pickFrom(c.Data.Products)
		if !ok {
			return c.Retry(c.Msg.PickNumber(len(c.Data.Products)))
		}
		c.Data.Product = code
		p, err := c.Tx.ProductByCode(ctx, code)
		if err != nil {
			return c.Fail(err)
		}
		return c.Ask("amount", c.Msg.AskLoanAmount(p, p.Settings().MaxAmount))
	case "amount":
		p, err := c.Tx.ProductByCode(ctx, c.Data.Product)
		if err != nil {
			return c.Fail(err)
		}
		amount, err := c.Amount(in.Text)
		if err != nil {
			return c.Retry(c.Msg.BadAmount())
		}
		if max := p.Settings().MaxAmount; max > 0 && amount > max {
			return c.Retry(c.Msg.LoanAmountTooLarge(max))
		}
		if amount < minLoan {
			return c.Retry(c.Msg.LoanAmountTooSmall(minLoan))
		}
		c.Data.Amount = amount
		return c.Ask("tenor", c.Msg.AskTenor(p.Settings().MaxTenor))
	case "tenor":
		p, err := c.Tx.ProductByCode(ctx, c.Data.Product)
		if err != nil {
			return c.Fail(err)
		}
		maxTenor := p.Settings().MaxTenor
		tenor, ok := readMonths(in.Text)
		if !ok || tenor < 1 || maxTenor > 0 && tenor > maxTenor {
			return c.Retry(c.Msg.BadTenor(maxTenor))
		}
		c.Data.Tenor = tenor
		sim, err := coop.Simulate(p, c.Data.Amount, tenor, c.Now.In(c.Loc))
		if err != nil {
			return c.Fail(err)
		}
		return c.Ask("decide", c.Msg.LoanSimulation(sim))
	case "decide":
		switch n, _ := c.Pick(c.Msg.LoanDecideOptions()...); n {
		case 1:
		case 2:
			p, err := c.Tx.ProductByCode(ctx, c.Data.Product)
			if err != nil {
				return c.Fail(err)
			}
			return c.Ask("amount", c.Msg.AskLoanAmount(p, p.Settings().MaxAmount))
		case 3:
			return c.Done(c.Msg.SimulationDone())
		default:
			return c.Retry(c.Msg.PickNumber(3))
		}
		return checkLoan(ctx, c, m)
	case stepPIN:
		if stop, ok := c.confirmPIN(ctx, m, in.Text); !ok {
			return stop
		}
		return fileLoanApplication(ctx, c, m)
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// simulated is the loan the member chose (product, amount, tenor) simulated from today.
func simulated(ctx context.Context, c *Convo[pinjamanData]) (store.Product, catalog.Simulation, error) {
	p, err := c.Tx.ProductByCode(ctx, c.Data.Product)
	if err != nil {
		return p, catalog.Simulation{}, err
	}
	sim, err := coop.Simulate(p, c.Data.Amount, c.Data.Tenor, c.Now.In(c.Loc))
	return p, sim, err
}

// checkLoan applies the cooperative's rules to the loan simulated, when the member asks
// for it: one application at a time, a verified KTP when the cooperative requires one, the
// ceiling, savings and retirement; then the PIN.
func checkLoan(ctx context.Context, c *Convo[pinjamanData], m store.Member) Result {
	_, sim, err := simulated(ctx, c)
	if err != nil {
		return c.Fail(err)
	}
	pending, err := c.Tx.LoanApplications(ctx, store.ApplicationPending, m.ID, 1)
	if err != nil {
		return c.Fail(err)
	}
	if len(pending) > 0 {
		// Still in the flow: 2 and 3 mean what the simulation said, never the menu's.
		return c.Ask("decide", c.Msg.LoanAlreadyPending(pending[0].No()))
	}
	if stop, ok := c.ktpGate(ctx, m, KTPLoanApplication, c.Msg.KTPLoanApplication()); !ok {
		return stop
	}
	checks, err := loanChecks(ctx, c.Tx, m, sim, c.Rules(), c.Now.In(c.Loc))
	if err != nil {
		return c.Fail(err)
	}
	for _, ch := range checks {
		if !ch.OK {
			return c.Done(c.Msg.LoanChecksFailed(checks))
		}
	}
	if !m.HasPIN() || m.PINLockedUntil.After(c.Now) {
		return c.askPIN(m)
	}
	return c.Ask(stepPIN, c.Msg.LoanChecksPassed()+"\n\n"+c.Msg.AskPIN())
}

// fileLoanApplication files the application the member confirmed with their PIN, and
// tells the branch's admins.
func fileLoanApplication(ctx context.Context, c *Convo[pinjamanData], m store.Member) Result {
	p, sim, err := simulated(ctx, c)
	if err != nil {
		return c.Fail(err)
	}
	a, err := c.Tx.CreateLoanApplication(ctx, store.LoanApplication{MemberID: m.ID, Product: p, Amount: sim.Amount,
		TenorMonths: sim.Tenor, Installment: sim.Installment})
	if err != nil {
		return c.Fail(err)
	}
	if err := c.TellAdmins(ctx, func(msg catalog.Messages) string {
		return msg.AdminNewLoanApplication(a.No(), m.Name, a.Amount, a.TenorMonths)
	}); err != nil {
		return c.Fail(err)
	}
	branch, err := c.Branch(ctx)
	if err != nil {
		return c.Fail(err)
	}
	return c.Done(c.Msg.LoanApplied(a.No(), branch.Name))
}

// loanChecks applies the cooperative's rules to a loan a member asks for.
func loanChecks(ctx context.Context, tx *store.Tx, m store.Member, sim catalog.Simulation, rules Rules, today time.Time) ([]catalog.LoanCheck, error) {
	// Plafon: the installment must fit in what is left of the member's monthly ceiling.
	ceiling := coop.InstallmentCeiling(m, rules.DefaultCeiling)
	loans, err := tx.LoansOfMember(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	var committed int64
	for _, l := range loans {
		if l.Status == store.LoanApproved {
			// Not paid out yet: the installment its disbursement would set.
			terms, err := coop.LoanTerms(ctx, tx, l, today)
			if err != nil {
				return nil, err
			}
			committed += terms.Installment
			continue
		}
		sched, err := tx.Installments(ctx, l.ID)
		if err != nil {
			return nil, err
		}
		for _, in := range sched {
			if in.Paid < in.Total() {
				committed += in.Total()
				break
			}
		}
	}
	remaining := max(ceiling-committed, 0)
	checks := []catalog.LoanCheck{{Kind: "ceiling", OK: sim.Installment <= remaining, Need: sim.Installment, Have: remaining}}

	// Savings: at least a share of the amount.
	accounts, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
	if err != nil {
		return nil, err
	}
	var savings int64
	for _, a := range accounts {
		savings += a.Amount()
	}
	need := (sim.Amount*rules.LoanMinSavings + 99) / 100 // rounded up: the rule is "at least"
	checks = append(checks, catalog.LoanCheck{Kind: "savings", OK: savings >= need, Need: need, Have: savings})

	// Retirement: the last installment falls before the member reaches retirement age.
	if !m.BirthDate.IsZero() && rules.RetirementAge > 0 {
		end := loan.AddMonths(today, sim.Tenor)
		retire := m.BirthDate.AddDate(rules.RetirementAge, 0, 0)
		checks = append(checks, catalog.LoanCheck{Kind: "retirement", OK: end.Before(retire), RetirementAge: rules.RetirementAge, EndsAt: end})
	}
	return checks, nil
}

// readMonths reads a tenor such as "12", "12 bulan", "12 bln", "1 tahun".
func readMonths(s string) (int, bool) {
	f := strings.Fields(normalize(s))
	if len(f) == 0 || len(f) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(f[0])
	if err != nil {
		return 0, false
	}
	if len(f) == 2 {
		switch f[1] {
		case "bulan", "bln", "months", "month", "bl":
		case "tahun", "thn", "years", "year", "th":
			n *= 12
		default:
			return 0, false
		}
	}
	return n, true
}

// loanProducts offers the loan products; with one, it asks the amount at once, or goes
// straight to the tenor when the member already said how much ("pinjam 5jt").
func loanProducts(ctx context.Context, c *Convo[pinjamanData], in Input) Result {
	all, err := c.Tx.Products(ctx)
	if err != nil {
		return c.Fail(err)
	}
	var offer []store.Product
	for _, p := range all {
		if p.Kind == store.ProductPinjaman {
			offer = append(offer, p)
			c.Data.Products = append(c.Data.Products, p.Code)
		}
	}
	switch len(offer) {
	case 0:
		return c.Done(c.Msg.NoLoanProducts())
	case 1:
		p := offer[0]
		c.Data.Product = p.Code
		if amount, err := c.Amount(in.Text); err == nil && amount >= minLoan && (p.Settings().MaxAmount == 0 || amount <= p.Settings().MaxAmount) {
			c.Data.Amount = amount
			return c.Ask("tenor", c.Msg.LoanAmountTaken(p, amount)+"\n\n"+c.Msg.AskTenor(p.Settings().MaxTenor))
		}
		return c.Ask("amount", c.Msg.AskLoanAmount(p, p.Settings().MaxAmount))
	}
	return c.Ask("product", c.Msg.ChooseLoanProduct(offer))
}

// minLoan is the smallest loan worth an application.
const minLoan = 100_000
