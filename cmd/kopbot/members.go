package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

var memberStatuses = []string{string(store.MemberApplicant), string(store.MemberActive), string(store.MemberSuspended), string(store.MemberClosed), string(store.MemberRejected)}

func membersList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "list", "Lists members and applicants, oldest first. NIKs are masked.", stderr)
	status := c.fs.String("status", "", "only members with this `status`: "+strings.Join(memberStatuses, ", "))
	asJSON := c.fs.Bool("json", false, "write one JSON object a line instead of a table")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("members list: unexpected %q (to find someone, use kopbot members show %s)", strings.Join(rest, " "), strings.Join(rest, " "))
	}
	*status = strings.ToLower(strings.TrimSpace(*status))
	if *status != "" && !slices.Contains(memberStatuses, *status) {
		return fmt.Errorf("members list: -status %q is not a status (write one of %s)", *status, strings.Join(memberStatuses, ", "))
	}
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	var members []store.Member
	if err := app.DB.View(ctx, func(tx *store.Tx) (err error) {
		members, err = tx.MembersByStatus(ctx, store.MemberStatus(*status), -1)
		return err
	}); err != nil {
		return err
	}
	loc := app.Config.Location()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		for _, m := range members {
			if err := enc.Encode(memberJSON(m, loc)); err != nil {
				return err
			}
		}
		return nil
	}
	if len(members) == 0 {
		if *status != "" {
			fmt.Fprintf(stdout, "No members with status %s.\n", *status)
		} else {
			fmt.Fprintln(stdout, "No members yet.")
		}
		return nil
	}
	if err := writeMemberTable(stdout, members); err != nil {
		return err
	}
	fmt.Fprintln(stdout, countOf(len(members), "member", "members")+".")
	return nil
}

// listedMember is one line of `members list -json`.
type listedMember struct {
	MemberNo  string `json:"member_no,omitempty"`
	RegNo     string `json:"reg_no,omitempty"`
	Name      string `json:"name"`
	Phone     string `json:"phone"`
	Status    string `json:"status"`
	Branch    string `json:"branch"`
	NIKMasked string `json:"nik_masked"`
	JoinedAt  string `json:"joined_at,omitempty"` // date a member joined; empty for applicants
	AppliedAt string `json:"applied_at,omitempty"`
}

func memberJSON(m store.Member, loc *time.Location) listedMember {
	out := listedMember{MemberNo: m.No, RegNo: m.RegNo, Name: m.Name, Phone: m.Phone, Status: string(m.Status), Branch: m.Branch, NIKMasked: ktp.Mask(m.NIK)}
	if m.No != "" {
		out.JoinedAt = m.JoinedAt.In(loc).Format(time.DateOnly)
	}
	if m.RegNo != "" {
		out.AppliedAt = m.CreatedAt.In(loc).Format(time.DateOnly)
	}
	return out
}

// memberRef is how staff refer to someone: the member number, or the registration number of an applicant.
func memberRef(m store.Member) string {
	if m.No != "" {
		return m.No
	}
	return m.RegNo
}

func writeMemberTable(w io.Writer, members []store.Member) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NO\tNAME\tPHONE\tSTATUS\tBRANCH\tNIK")
	for _, m := range members {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", memberRef(m), m.Name, m.Phone, m.Status, m.Branch, ktp.Mask(m.NIK))
	}
	return tw.Flush()
}

func membersShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "show", "Shows one member: details (NIK masked), savings with balances, time deposits, loans with\n"+
		"what is still owed, and pending loan applications. QUERY is a member number (01.00000), a\n"+
		"registration number (REG-000001), a NIK, a phone number in any form, or part of a name.", stderr)
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(rest, " "))
	if query == "" {
		c.fs.Usage()
		return errors.New("members show: say whom to show, like kopbot members show 01.00000 or kopbot members show budi")
	}
	return c.view(ctx, func(ctx context.Context, tx *store.Tx, app *App) error {
		const most = 20
		found, err := findMembers(ctx, tx, query, most+1)
		if err != nil {
			return err
		}
		switch {
		case len(found) == 0:
			return fmt.Errorf("no member or applicant matches %q (try a member number, REG-000001, a NIK, a phone number or part of the name)", query)
		case len(found) > 1:
			more := ""
			if len(found) > most {
				found, more = found[:most], fmt.Sprintf(" (showing the first %d)", most)
			}
			fmt.Fprintf(stdout, "%d people match %q%s:\n\n", len(found), query, more)
			if err := writeMemberTable(stdout, found); err != nil {
				return err
			}
			fmt.Fprintln(stdout, "\nNarrow it down: give the member number, REG number, NIK or phone of the one you mean.")
			return nil
		}
		return showMember(ctx, tx, stdout, found[0], app.Config.Location(), app.Runner.Rules.DefaultCeiling)
	})
}

// findMembers searches as tx.FindMembers does, and also by the phone number when query is one in any form.
func findMembers(ctx context.Context, tx *store.Tx, query string, limit int) ([]store.Member, error) {
	found, err := tx.FindMembers(ctx, query, limit)
	if err != nil {
		return nil, err
	}
	if phone, err := parse.Phone(query); err == nil && phone != query {
		more, err := tx.FindMembers(ctx, phone, limit)
		if err != nil {
			return nil, err
		}
		for _, m := range more {
			if !slices.ContainsFunc(found, func(f store.Member) bool { return f.ID == m.ID }) {
				found = append(found, m)
			}
		}
	}
	return found, nil
}

// showMember prints one member: who they are, then what they hold and owe.
func showMember(ctx context.Context, tx *store.Tx, w io.Writer, m store.Member, loc *time.Location, defaultCeiling int64) error {
	if err := writeMemberDetails(ctx, tx, w, m, loc, defaultCeiling); err != nil {
		return err
	}
	return writeMemberHoldings(ctx, tx, w, m, loc)
}

// writeMemberDetails prints who the member is: status, branch, NIK masked, contact, PIN, and
// their installment ceiling: their own, or the default (members.default_ceiling) the loan checks use.
func writeMemberDetails(ctx context.Context, tx *store.Tx, w io.Writer, m store.Member, loc *time.Location, defaultCeiling int64) error {
	date := func(t time.Time) string { return t.In(loc).Format(time.DateOnly) }
	if m.No != "" {
		fmt.Fprintf(w, "Member %s  %s\n", m.No, m.Name)
	} else {
		fmt.Fprintf(w, "Application %s  %s\n", m.RegNo, m.Name)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  Status\t%s\n", m.Status)
	if m.No != "" && m.RegNo != "" {
		fmt.Fprintf(tw, "  Applied as\t%s\n", m.RegNo)
	}
	if m.Status == store.MemberRejected && m.Decision != "" {
		fmt.Fprintf(tw, "  Rejected because\t%s\n", m.Decision)
	}
	branch := m.Branch
	if b, err := tx.Branch(ctx, m.Branch); err == nil {
		branch = fmt.Sprintf("%s (%s)", b.ID, b.Name)
	}
	fmt.Fprintf(tw, "  Branch\t%s\n", branch)
	fmt.Fprintf(tw, "  NIK\t%s\n", ktp.Mask(m.NIK))
	fmt.Fprintf(tw, "  Phone\t%s\n", m.Phone)
	if !m.BirthDate.IsZero() || m.Gender != "" {
		born := "-"
		if !m.BirthDate.IsZero() {
			born = m.BirthDate.Format(time.DateOnly)
		}
		if m.Gender != "" {
			born += ", " + m.Gender
		}
		fmt.Fprintf(tw, "  Born\t%s\n", born)
	}
	if m.Address != "" {
		fmt.Fprintf(tw, "  Address\t%s\n", m.Address)
	}
	if m.Occupation != "" {
		fmt.Fprintf(tw, "  Occupation\t%s\n", m.Occupation)
	}
	if m.No != "" {
		fmt.Fprintf(tw, "  Joined\t%s\n", date(m.JoinedAt))
		wajib, err := wajibStanding(ctx, tx, m, loc)
		if err != nil {
			return err
		}
		if wajib != "" {
			fmt.Fprintf(tw, "  Simpanan wajib\t%s\n", wajib)
		}
	} else {
		fmt.Fprintf(tw, "  Applied\t%s\n", date(m.CreatedAt))
		if m.KTPPhoto != "" {
			fmt.Fprintf(tw, "  KTP photo\t%s\n", m.KTPPhoto)
		}
	}
	ceiling := parse.Rupiah(coop.InstallmentCeiling(m, defaultCeiling)) + " a month"
	if m.Ceiling == 0 {
		ceiling += " (the default)"
	}
	fmt.Fprintf(tw, "  Installment ceiling\t%s\n", ceiling)
	pin := "not set"
	if m.HasPIN() {
		pin = "set"
	}
	if !m.PINLockedUntil.Before(store.PINLockedForGood) {
		pin += fmt.Sprintf(", locked until reset (%d lockouts in a row): kopbot members reset-pin %s", m.PINLockouts, m.No)
	} else if m.PINLockedUntil.After(tx.Now()) {
		pin += ", locked until " + m.PINLockedUntil.In(loc).Format("2006-01-02 15:04")
	} else if m.PINFailures > 0 {
		pin += fmt.Sprintf(", %d wrong tries", m.PINFailures)
	}
	fmt.Fprintf(tw, "  PIN\t%s\n", pin)
	return tw.Flush()
}

// writeMemberHoldings prints the member's savings, time deposits, loans and pending loan applications.
func writeMemberHoldings(ctx context.Context, tx *store.Tx, w io.Writer, m store.Member, loc *time.Location) error {
	savings, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
	if err != nil {
		return err
	}
	deposits, err := tx.TimeDepositsOfMember(ctx, m.ID)
	if err != nil {
		return err
	}
	loans, err := tx.LoansOfMember(ctx, m.ID)
	if err != nil {
		return err
	}
	apps, err := tx.LoanApplications(ctx, store.ApplicationPending, m.ID, 100)
	if err != nil {
		return err
	}

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(savings) > 0 {
		fmt.Fprintln(tw, "\nSavings")
		var total int64
		for _, a := range savings {
			held := ""
			if a.Held > 0 {
				held = " (" + parse.Rupiah(a.Held) + " held)"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s%s\n", a.ProductName, a.Number, parse.Rupiah(a.Amount()), held)
			total += a.Amount()
		}
		if len(savings) > 1 {
			fmt.Fprintf(tw, "  Total\t\t%s\n", parse.Rupiah(total))
		}
	} else if m.No != "" {
		fmt.Fprintln(tw, "\nSavings: none")
	}
	if len(deposits) > 0 {
		fmt.Fprintln(tw, "\nTime deposits")
		for _, d := range deposits {
			roll := ""
			if d.Rollover() {
				roll = ", renews at maturity"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%d months at %s a year, matures %s%s\n", d.Account.ProductName, d.Account.Number,
				parse.Rupiah(d.Account.Amount()), d.TenorMonths, rateText(d.RateBP), d.Maturity.Format(time.DateOnly), roll)
		}
	}
	if len(loans) > 0 {
		fmt.Fprintln(tw, "\nLoans")
		for _, l := range loans {
			if l.Status == store.LoanApproved {
				fmt.Fprintf(tw, "  %s\t%s\tapproved %s, not disbursed\tof %s over %d months, %s %s a year\n", l.Account.ProductName, l.Account.Number,
					l.Start.Format(time.DateOnly), parse.Rupiah(l.Principal), l.TenorMonths, l.Method, rateText(l.RateBP))
				continue
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s owed\tof %s over %d months from %s, %s %s a year; %d days past due, %s\n", l.Account.ProductName, l.Account.Number,
				parse.Rupiah(l.Account.Amount()), parse.Rupiah(l.Principal), l.TenorMonths, l.Start.Format(time.DateOnly), l.Method, rateText(l.RateBP),
				l.DaysPastDue, gradeText(l))
		}
	}
	if len(apps) > 0 {
		fmt.Fprintln(tw, "\nLoan applications waiting for a decision")
		for _, a := range apps {
			fmt.Fprintf(tw, "  %s\t%s\t%s\tover %d months, installment %s, applied %s\n", a.No(), a.Product.Name,
				parse.Rupiah(a.Amount), a.TenorMonths, parse.Rupiah(a.Installment), a.CreatedAt.In(loc).Format(time.DateOnly))
		}
	}
	return tw.Flush()
}

// rateText shows a yearly rate in basis points as people write it: 12%, 5.5%.
func rateText(bp int64) string {
	s := strconv.FormatInt(bp/100, 10)
	if frac := bp % 100; frac != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%02d", frac), "0")
	}
	return s + "%"
}
