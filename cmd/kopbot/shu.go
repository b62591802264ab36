package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// shuCommands are kopbot shu: the year's surplus shared among members (coop/shu.go).
func shuCommands() []command {
	return []command{
		{Name: "shu", Doc: "SHU (sisa hasil usaha): the year's surplus from the ledger, shared among members and funds by the config's shares",
			About: `The surplus of a year is its income less its expenses (the income statement's bottom line).
	Members get jasa simpanan by their average savings over the year and jasa pinjaman by the
	loan interest they paid in it; the rest goes to the funds (cadangan, pengurus, karyawan,
	pendidikan, sosial...). compute shows it all and changes nothing; post shares it, once.`,
			Notes: `Every subcommand takes -config FILE and -log-level LEVEL. The shares are config's shu section.`},
		{Group: "shu", Name: "compute", Args: "YEAR [-branch ID] [-csv]", Run: noStdin(shuCompute),
			Doc: "the year's surplus, its split and each member's share with the figures it is computed from; -csv for a spreadsheet"},
		{Group: "shu", Name: "post", Args: "YEAR [-branch ID] [-by NAME]", Run: noStdin(shuPost),
			Doc: "share the year's SHU once: each member's share credited to their savings and told on WhatsApp, the funds booked, the year closed for SHU"},
	}
}

// shuArgs reads the flags and YEAR.
func shuArgs(c *subcommand, args []string) (int, error) {
	arg, err := c.parseOne(args, "year", "2026")
	if err != nil {
		return 0, err
	}
	year, err := strconv.Atoi(arg)
	if err != nil || year < 2000 || year > 2999 {
		return 0, fmt.Errorf("%s: %q is not a year (write it like 2026)", c.fs.Name(), arg)
	}
	return year, nil
}

// shuBranch is the branch -branch names, or the only one.
func shuBranch(c *subcommand, app *App, id string) (BranchConfig, error) {
	if id == "" && len(app.Config.Branches) > 1 {
		ids := make([]string, len(app.Config.Branches))
		for i, b := range app.Config.Branches {
			ids[i] = b.ID
		}
		return BranchConfig{}, fmt.Errorf("%s: say which branch with -branch (%s)", c.fs.Name(), strings.Join(ids, ", "))
	}
	return app.branch(id)
}

func shuCompute(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("shu", "compute", "Computes the SHU of YEAR from the ledger and shows the surplus, its split and each\n"+
		"member's share with what it is computed from, so a treasurer can check every figure. Changes nothing.", stderr)
	branchID := c.fs.String("branch", "", "the branch's `ID` (needed when the config has several)")
	asCSV := c.fs.Bool("csv", false, "write one CSV row a member, with the pools and totals the formula uses, instead of the report")
	year, err := shuArgs(c, args)
	if err != nil {
		return err
	}
	return c.view(ctx, func(ctx context.Context, tx *store.Tx, app *App) error {
		b, err := shuBranch(c, app, *branchID)
		if err != nil {
			return err
		}
		p, err := app.Office.ComputeSHU(ctx, tx, b.ID, year, app.Config.SHU.Rules(), progressOn(stderr, fmt.Sprintf("SHU %d: members", year)))
		if err != nil {
			return err
		}
		if *asCSV {
			return writeSHUCSV(stdout, p)
		}
		return writeSHUText(stdout, app, b, p)
	})
}

func shuPost(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("shu", "post", "Shares the SHU of YEAR once, in one transaction: each member's share is credited to their\n"+
		"savings (sukarela, else tabungan; a Simpanan Sukarela is opened for a member with neither)\n"+
		"and they are told on WhatsApp (kopbot serve sends it); each fund's part is booked to its\n"+
		"account; the year is closed for SHU. The books must be closed through 31 December.", stderr)
	branchID := c.fs.String("branch", "", "the branch's `ID` (needed when the config has several)")
	by := c.fs.String("by", "cli", "`name` of the staff member posting, recorded with every movement")
	year, err := shuArgs(c, args)
	if err != nil {
		return err
	}
	if strings.TrimSpace(*by) == "" {
		return errors.New("shu post: -by is empty; say who posts the SHU")
	}
	return c.update(ctx, "", func(ctx context.Context, tx *store.Tx, app *App) error {
		b, err := shuBranch(c, app, *branchID)
		if err != nil {
			return err
		}
		p, err := app.Office.PostSHU(ctx, tx, b.ID, year, app.Config.SHU.Rules(), strings.TrimSpace(*by), progressOn(stderr, fmt.Sprintf("SHU %d: posting", year)))
		var refused *coop.Refusal
		if errors.As(err, &refused) {
			refused.At = refused.At.In(app.Config.Location())
			return fmt.Errorf("shu post %d: %s", year, refusalText(refused, app.Config.Location()))
		}
		if err != nil {
			return err
		}
		var funds []string
		var kept int64
		for _, f := range p.Funds {
			funds = append(funds, fmt.Sprintf("%s %s", f.Fund, parse.Rupiah(f.Amount)))
			kept += f.Amount
		}
		credited := 0
		for _, m := range p.Members {
			if m.Total() > 0 {
				credited++
			}
		}
		_, err = fmt.Fprintf(stdout, "SHU %d of %s posted: surplus %s.\n%s to %s' savings; %s to the funds (%s).\n"+
			"Each member is told on WhatsApp (kopbot serve sends the notices).\n",
			year, b.ID, parse.Rupiah(p.Surplus), parse.Rupiah(p.Shared()), countOf(credited, "member", "members"),
			parse.Rupiah(kept), strings.Join(funds, ", "))
		return err
	})
}

// writeSHUText is the SHU report: the surplus, the split with its rounding, each member's share.
func writeSHUText(w io.Writer, app *App, b BranchConfig, p coop.SHUPlan) error {
	loc := app.Config.Location()
	var s strings.Builder
	fmt.Fprintf(&s, "SHU %d of branch %s (%s)\n", p.Year, b.ID, b.Name)
	if p.ClosedThrough.IsZero() {
		s.WriteString("The day's close has never run. ")
	} else {
		fmt.Fprintf(&s, "Books closed through %s. ", p.ClosedThrough.Format(store.DateLayout))
	}
	if !p.BooksClosed() {
		fmt.Fprintf(&s, "%d is not closed through 31 December: its figures may still change, and post waits for the close.\n", p.Year)
	}
	if p.Posted != nil {
		fmt.Fprintf(&s, "Posted %s by %s.\n\n", p.Posted.PostedAt.In(loc).Format("2006-01-02 15:04"), p.Posted.PostedBy)
	} else {
		s.WriteString("Not posted: a preview.\n\n")
	}
	tw := tabwriter.NewWriter(&s, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "Income (loan interest, late fees, fees)\t%s\t\n", parse.Rupiah(p.Income))
	fmt.Fprintf(tw, "Expenses (interest on savings and time deposits)\t%s\t\n", parse.Rupiah(p.Expenses))
	fmt.Fprintf(tw, "Surplus (SHU)\t%s\t\n", parse.Rupiah(p.Surplus))
	_ = tw.Flush()
	if p.Surplus <= 0 {
		s.WriteString("\nNo surplus: nothing to share.\n")
		_, err := io.WriteString(w, s.String())
		return err
	}
	fmt.Fprintf(&s, "\nSplit: each part is the surplus × its share, and each member's share, rounded down; the %s left over\n"+
		"goes to cadangan (included below).\n", parse.Rupiah(p.Remainder))
	tw = tabwriter.NewWriter(&s, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  jasa simpanan\t%s\t%s\tmembers, by average savings (%s)\n", rateText(p.BPs.SavingsBP), parse.Rupiah(p.SavingsPool), strings.Join(p.BPs.SavingsKinds, ", "))
	fmt.Fprintf(tw, "  jasa pinjaman\t%s\t%s\tmembers, by loan interest paid\n", rateText(p.BPs.LoansBP), parse.Rupiah(p.LoansPool))
	for _, f := range p.Funds {
		use := "a fund, owed until spent"
		if f.Fund == store.FundReserve {
			use = "kept by the cooperative (equity)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", f.Fund, rateText(f.BP), parse.Rupiah(f.Amount), use)
	}
	_ = tw.Flush()
	fmt.Fprintf(&s, "\nAverage savings = balance-days ÷ %d (rounded down); balance-days: the end-of-day balances of the year added up.\n", p.Days)
	fmt.Fprintf(&s, "Jasa simpanan = %s × average ÷ %s; jasa pinjaman = %s × interest paid ÷ %s (each rounded down).\n\n",
		parse.Rupiah(p.SavingsPool), parse.Rupiah(p.TotalAverage), parse.Rupiah(p.LoansPool), parse.Rupiah(p.TotalInterest))
	writeSHUMembers(&s, p)
	_, err := io.WriteString(w, s.String())
	return err
}

// writeSHUMembers is the table of members' shares, with the totals.
func writeSHUMembers(w io.Writer, p coop.SHUPlan) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	// The name last, left as it is, so the figures can align right.
	fmt.Fprintln(tw, "MEMBER\tBALANCE-DAYS\tAVERAGE SAVINGS\tINTEREST PAID\tJASA SIMPANAN\tJASA PINJAMAN\tTOTAL\t NAME")
	var js, jp int64
	for _, m := range p.Members {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t %s\n", memberRef(m.Member), strings.TrimPrefix(parse.Rupiah(m.BalanceDays), "Rp"),
			parse.Rupiah(m.AverageSavings), parse.Rupiah(m.InterestPaid), parse.Rupiah(m.SavingsShare), parse.Rupiah(m.LoansShare), parse.Rupiah(m.Total()), m.Member.Name)
		js += m.SavingsShare
		jp += m.LoansShare
	}
	fmt.Fprintf(tw, "TOTAL\t\t%s\t%s\t%s\t%s\t%s\t %s\n", parse.Rupiah(p.TotalAverage),
		parse.Rupiah(p.TotalInterest), parse.Rupiah(js), parse.Rupiah(jp), parse.Rupiah(js+jp), countOf(len(p.Members), "member", "members"))
	_ = tw.Flush()
}

// writeSHUCSV is one row a member, in plain integers, with the figures the formula takes.
func writeSHUCSV(w io.Writer, p coop.SHUPlan) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"year", "member_no", "name", "balance_days", "days", "average_savings", "savings_pool", "total_average",
		"jasa_simpanan", "interest_paid", "loans_pool", "total_interest", "jasa_pinjaman", "total"})
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	for _, m := range p.Members {
		_ = cw.Write([]string{strconv.Itoa(p.Year), m.Member.No, m.Member.Name, n(m.BalanceDays), strconv.Itoa(p.Days), n(m.AverageSavings),
			n(p.SavingsPool), n(p.TotalAverage), n(m.SavingsShare), n(m.InterestPaid), n(p.LoansPool), n(p.TotalInterest), n(m.LoansShare), n(m.Total())})
	}
	cw.Flush()
	return cw.Error()
}
