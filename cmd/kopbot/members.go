package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/qris"
	"github.com/kopbot/kopbot/store"
)

var memberStatuses = []string{store.MemberApplicant, store.MemberActive, store.MemberSuspended, store.MemberClosed, store.MemberRejected}

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
		members, err = tx.MembersByStatus(ctx, *status, -1)
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
	out := listedMember{MemberNo: m.No, RegNo: m.RegNo, Name: m.Name, Phone: m.Phone, Status: m.Status, Branch: m.Branch, NIKMasked: store.MaskNIK(m.NIK)}
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
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", memberRef(m), m.Name, m.Phone, m.Status, m.Branch, store.MaskNIK(m.NIK))
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
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	const most = 20
	return app.DB.View(ctx, func(tx *store.Tx) error {
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
		return showMember(ctx, tx, stdout, found[0], app.Config.Location())
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

func showMember(ctx context.Context, tx *store.Tx, w io.Writer, m store.Member, loc *time.Location) error {
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
	fmt.Fprintf(tw, "  NIK\t%s\n", store.MaskNIK(m.NIK))
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
	} else {
		fmt.Fprintf(tw, "  Applied\t%s\n", date(m.CreatedAt))
		if m.KTPPhoto != "" {
			fmt.Fprintf(tw, "  KTP photo\t%s\n", m.KTPPhoto)
		}
	}
	fmt.Fprintf(tw, "  Installment ceiling\t%s a month\n", parse.Rupiah(m.Ceiling))
	pin := "not set"
	if m.HasPIN() {
		pin = "set"
	}
	if m.PINLockedUntil.After(tx.Now()) {
		pin += ", locked until " + m.PINLockedUntil.In(loc).Format("2006-01-02 15:04")
	} else if m.PINFailures > 0 {
		pin += fmt.Sprintf(", %d wrong tries", m.PINFailures)
	}
	fmt.Fprintf(tw, "  PIN\t%s\n", pin)
	if err := tw.Flush(); err != nil {
		return err
	}

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

	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
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
			if d.Rollover {
				roll = ", renews at maturity"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%d months at %s a year, matures %s%s\n", d.Account.ProductName, d.Account.Number,
				parse.Rupiah(d.Account.Amount()), d.TenorMonths, rateText(d.RateBP), d.Maturity.Format(time.DateOnly), roll)
		}
	}
	if len(loans) > 0 {
		fmt.Fprintln(tw, "\nLoans")
		for _, l := range loans {
			fmt.Fprintf(tw, "  %s\t%s\t%s owed\tof %s over %d months from %s, %s %s a year\n", l.Account.ProductName, l.Account.Number,
				parse.Rupiah(l.Account.Amount()), parse.Rupiah(l.Principal), l.TenorMonths, l.Start.Format(time.DateOnly), l.Method, rateText(l.RateBP))
		}
	}
	if len(apps) > 0 {
		fmt.Fprintln(tw, "\nLoan applications waiting for a decision")
		for _, a := range apps {
			fmt.Fprintf(tw, "  %s\t%s\t%s\tover %d months, installment %s, applied %s\n", a.No(), a.Product.Name,
				parse.Rupiah(a.Amount), a.TenorMonths, parse.Rupiah(a.Installment), date(a.CreatedAt))
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

func membersApprove(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "approve", "Approves a membership application made on WhatsApp: the applicant gets the next member\n"+
		"number of their branch, their simpanan pokok and wajib accounts are opened, and they are told.", stderr)
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	regNo, err := c.oneArg(rest, "registration number", "REG-000001")
	if err != nil {
		return err
	}
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	var m store.Member
	var opened []store.Account
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := pendingApplication(ctx, tx, regNo); err != nil {
			return err
		}
		if m, err = flows.ApproveApplication(ctx, tx, regNo, "cli", app.Config.Language); err != nil {
			return err
		}
		opened, err = tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		return err
	})
	if err != nil {
		return fmt.Errorf("approve %s: %w", strings.ToUpper(regNo), err)
	}
	fmt.Fprintf(stdout, "Approved %s: %s is member %s.\n", m.RegNo, m.Name, m.No)
	for _, a := range opened {
		fmt.Fprintf(stdout, "  Opened %s %s\n", a.ProductName, a.Number)
	}
	fmt.Fprintf(stdout, "%s is told on WhatsApp (%s) with what to pay.\n", m.Name, m.Phone)
	return nil
}

// pendingApplication explains, better than "not found", why an application cannot be decided.
func pendingApplication(ctx context.Context, tx *store.Tx, regNo string) error {
	m, err := tx.MemberByRegNo(ctx, regNo)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("there is no application %s (registration numbers look like REG-000001; kopbot members list -status applicant lists them)", strings.ToUpper(regNo))
	}
	if err != nil {
		return err
	}
	switch m.Status {
	case store.MemberApplicant:
		return nil
	case store.MemberRejected:
		return fmt.Errorf("it was already rejected (%s)", m.Decision)
	case store.MemberActive, store.MemberSuspended, store.MemberClosed:
		return fmt.Errorf("it was already approved: %s is member %s (%s)", m.Name, m.No, m.Status)
	}
	return fmt.Errorf("it %v (it is %s)", flows.ErrNotPending, m.Status)
}

func membersReject(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "reject", "Turns down a membership application. The applicant is told the reason on WhatsApp, so\n"+
		"write one they can act on.", stderr)
	reason := c.fs.String("reason", "", "why, in words the applicant can act on (required)")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	regNo, err := c.oneArg(rest, "registration number", "REG-000001")
	if err != nil {
		return err
	}
	if err := checkReason(*reason, "applicant", "Foto KTP tidak terbaca, kirim ulang"); err != nil {
		return fmt.Errorf("members reject: %w", err)
	}
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	var m store.Member
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := pendingApplication(ctx, tx, regNo); err != nil {
			return err
		}
		m, err = flows.RejectApplication(ctx, tx, regNo, *reason, "cli", app.Config.Language)
		return err
	})
	if err != nil {
		return fmt.Errorf("reject %s: %w", strings.ToUpper(regNo), err)
	}
	fmt.Fprintf(stdout, "Rejected %s (%s). They are told on WhatsApp (%s): %s\n", m.RegNo, m.Name, m.Phone, m.Decision)
	return nil
}

func membersResetPIN(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "reset-pin", "Clears a member's PIN after they forgot it, and any lock from wrong tries. They set a new\n"+
		"PIN at their next step that needs one, and are told on WhatsApp.", stderr)
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	no, err := c.oneArg(rest, "member number", "01.00000")
	if err != nil {
		return err
	}
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	var m store.Member
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		if m, err = tx.MemberByNo(ctx, no); errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("there is no member %s (kopbot members show finds members by name or phone)", no)
		} else if err != nil {
			return err
		}
		return flows.ResetPIN(ctx, tx, m, "cli", app.Config.Language)
	})
	if err != nil {
		return fmt.Errorf("reset PIN of %s: %w", no, err)
	}
	fmt.Fprintf(stdout, "PIN of %s %s is reset. They set a new one at their next PIN step, and are told on WhatsApp (%s).\n", m.No, m.Name, m.Phone)
	return nil
}

func membersMerchant(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "merchant", "Marks a member as a merchant who takes QRIS payments (Terima QRIS), with their static QRIS\n"+
		"payload, which is validated first; -off unmarks them.", stderr)
	payload := c.fs.String("payload", "", "the member's static QRIS `payload` (the text in their printed QRIS)")
	off := c.fs.Bool("off", false, "stop the member taking QRIS payments")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	no, err := c.oneArg(rest, "member number", "01.00000")
	if err != nil {
		return err
	}
	*payload = strings.TrimSpace(*payload)
	switch {
	case *off && *payload != "":
		return errors.New("members merchant: give either -payload or -off, not both")
	case !*off && *payload == "":
		// No QRIS of their own: payments go through the branch's (branches[].qris_payload).
	case !*off:
		if _, err := qris.Decode(*payload); err != nil {
			return fmt.Errorf("members merchant: -payload is not a valid QRIS payload: %w", err)
		}
	}
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	var m store.Member
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		if m, err = tx.MemberByNo(ctx, no); errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("there is no member %s (kopbot members show finds members by name or phone)", no)
		} else if err != nil {
			return err
		}
		if !*off && *payload == "" {
			if b, err := app.branch(m.Branch); err != nil || b.QRISPayload == "" {
				return fmt.Errorf("member %s has no QRIS of their own and branch %s has none in the config: give -payload PAYLOAD, or set branches[].qris_payload", no, m.Branch)
			}
		}
		return tx.SetMerchant(ctx, m.ID, !*off, *payload)
	})
	if err != nil {
		return fmt.Errorf("members merchant %s: %w", no, err)
	}
	if *off {
		fmt.Fprintf(stdout, "%s %s no longer takes QRIS payments.\n", m.No, m.Name)
	} else {
		fmt.Fprintf(stdout, "%s %s is a merchant and can take QRIS payments.\n", m.No, m.Name)
	}
	return nil
}

var loanStatuses = []string{store.ApplicationPending, store.ApplicationApproved, store.ApplicationRejected}

func membersLoans(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "loans", "Lists loan applications, oldest first.", stderr)
	status := c.fs.String("status", "", "only applications with this `status`: "+strings.Join(loanStatuses, ", "))
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("members loans: unexpected %q", strings.Join(rest, " "))
	}
	*status = strings.ToLower(strings.TrimSpace(*status))
	if *status != "" && !slices.Contains(loanStatuses, *status) {
		return fmt.Errorf("members loans: -status %q is not a status (write one of %s)", *status, strings.Join(loanStatuses, ", "))
	}
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	loc := app.Config.Location()
	return app.DB.View(ctx, func(tx *store.Tx) error {
		apps, err := tx.LoanApplications(ctx, *status, 0, -1)
		if err != nil {
			return err
		}
		if len(apps) == 0 {
			if *status != "" {
				fmt.Fprintf(stdout, "No %s loan applications.\n", *status)
			} else {
				fmt.Fprintln(stdout, "No loan applications.")
			}
			return nil
		}
		members := map[int64]store.Member{}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NO\tMEMBER\tNAME\tPRODUCT\tAMOUNT\tTENOR\tINSTALLMENT\tSTATUS\tAPPLIED\tNOTE")
		for _, a := range apps {
			m, ok := members[a.MemberID]
			if !ok {
				if m, err = tx.MemberByID(ctx, a.MemberID); err != nil {
					return err
				}
				members[a.MemberID] = m
			}
			note := ""
			if a.Status != store.ApplicationPending {
				note = "by " + a.DecidedBy + " " + a.DecidedAt.In(loc).Format(time.DateOnly)
				if a.Reason != "" {
					note += ": " + a.Reason
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d months\t%s\t%s\t%s\t%s\n", a.No(), memberRef(m), m.Name, a.Product.Code,
				parse.Rupiah(a.Amount), a.TenorMonths, parse.Rupiah(a.Installment), a.Status, a.CreatedAt.In(loc).Format(time.DateOnly), note)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(stdout, countOf(len(apps), "loan application", "loan applications")+".")
		return nil
	})
}

// parseLoanNo reads PJ-000001 (or pj-1, or 1) as a loan application's ID.
func parseLoanNo(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimPrefix(strings.TrimPrefix(t, "PJ"), "-")
	id, err := strconv.ParseInt(t, 10, 64)
	if err != nil || id < 1 {
		return 0, fmt.Errorf("%q is not a loan application number (they look like PJ-000001)", s)
	}
	return id, nil
}

func membersLoanDecide(ctx context.Context, name string, approve bool, args []string, stdout, stderr io.Writer) error {
	cmd := decideCommand{Group: "members", Name: name, What: "loan application number", Example: "PJ-000001",
		ParseNo: parseLoanNo, NoBy: true, Doc: "Approves a loan application. The member is told to come to the branch with their KTP to\n" +
			"sign; approving moves no money."}
	if !approve {
		cmd.Refusal, cmd.ReasonExample = true, "Angsuran melebihi plafon"
		cmd.Doc = "Turns down a loan application. The member is told the reason on WhatsApp."
	}
	dec, err := cmd.parse(args, stderr)
	if err != nil {
		return err
	}
	id, why := dec.ID, dec.Reason
	ctx, app, err := dec.cmd.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	var a store.LoanApplication
	var m store.Member
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		a, err = tx.LoanApplication(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("there is no loan application %s (kopbot members loans lists them)", store.LoanApplication{ID: id}.No())
		} else if err != nil {
			return err
		}
		if a.Status != store.ApplicationPending {
			return fmt.Errorf("it was already %s by %s on %s", a.Status, a.DecidedBy, a.DecidedAt.In(app.Config.Location()).Format(time.DateOnly))
		}
		if a, err = flows.DecideLoanApplication(ctx, tx, id, approve, why, "cli", app.Config.Language); err != nil {
			return err
		}
		m, err = tx.MemberByID(ctx, a.MemberID)
		return err
	})
	if err != nil {
		verb := "approve"
		if !approve {
			verb = "reject"
		}
		return fmt.Errorf("%s loan application %s: %w", verb, store.LoanApplication{ID: id}.No(), err)
	}
	if approve {
		fmt.Fprintf(stdout, "Approved loan application %s: %s over %d months for %s %s. They are told on WhatsApp (%s) to come and sign; no money has moved.\n",
			a.No(), parse.Rupiah(a.Amount), a.TenorMonths, m.No, m.Name, m.Phone)
		fmt.Fprintf(stdout, "The loan is account %s; at the signing: kopbot teller disburse %s SAVINGS-ACCOUNT\n", a.LoanAccount, a.LoanAccount)
	} else {
		fmt.Fprintf(stdout, "Rejected loan application %s of %s %s. They are told on WhatsApp (%s): %s\n", a.No(), m.No, m.Name, m.Phone, a.Reason)
	}
	return nil
}

// minReason is the shortest reason staff may give, as in the admin menu on WhatsApp.
const minReason = 10

func checkReason(reason, who, example string) error {
	switch n := utf8.RuneCountInString(strings.TrimSpace(reason)); {
	case n == 0:
		return fmt.Errorf("-reason is required: the %s is told why, like -reason %q", who, example)
	case n < minReason:
		return fmt.Errorf("-reason %q is too short: write at least %d letters the %s can act on, like -reason %q", reason, minReason, who, example)
	}
	return nil
}

func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Import

// importColumns are the member columns an import file may have, besides one per savings product.
var importColumns = []string{"member_no", "name", "nik", "birth_date", "gender", "phone", "address", "occupation", "joined_at", "ceiling"}

var requiredColumns = []string{"member_no", "name", "nik", "phone"}

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")

func membersImport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "import", "Brings in a cooperative's existing members, with their savings accounts and opening\n"+
		"balances, all or nothing: one bad row and nothing is imported, with every problem listed.\n"+
		"Columns (header row required, any order, any case): member_no, name, nik, phone (required);\n"+
		"birth_date, gender (L/P), address, occupation, joined_at, ceiling; and one per savings\n"+
		"product code (SP, SW, ...) holding that account's opening balance (empty: no account).\n"+
		"A FILE of - reads standard input.", stderr)
	branchID := c.fs.String("branch", "", "`branch` the members belong to (default: the first branch)")
	dryRun := c.fs.Bool("dry-run", false, "check the file and say what would be imported, without importing")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	path, err := c.oneArg(rest, "file", "members.csv")
	if err != nil {
		return err
	}
	var body []byte
	if path == "-" {
		body, err = io.ReadAll(stdin)
	} else {
		body, err = os.ReadFile(path)
	}
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	b, err := app.branch(*branchID)
	if err != nil {
		return fmt.Errorf("import: -branch: %w", err)
	}
	loc := app.Config.Location()
	now := app.Now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	var savings []ProductConfig
	for _, p := range app.Config.Products {
		if store.IsSavings(p.Kind) {
			savings = append(savings, p)
		}
	}
	started := time.Now()
	rows, problems, err := readImportCSV(body, b.ID, savings, app.Config.Products, today)
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	if len(rows) == 0 && len(problems) == 0 {
		return fmt.Errorf("import %s: the file has a header but no members", path)
	}
	var res store.ImportResult
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		more, err := tx.CheckImport(ctx, rows)
		if err != nil {
			return err
		}
		if problems = mergeProblems(problems, more); len(problems) > 0 {
			return &store.ImportError{Problems: problems}
		}
		if res, err = tx.ImportMembers(ctx, rows, now); err != nil {
			return err
		}
		if *dryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return fmt.Errorf("import %s: %w", path, err)
	}
	msg := "Imported members."
	if *dryRun {
		msg = "Checked a member import file; nothing was imported."
	}
	app.Log.Info().Int("members", res.Members).Int("accounts", res.Accounts).Int64("total", res.Total()).
		Dur("took", time.Since(started)).Str("file", path).Msg(msg)
	return writeImportSummary(stdout, res, b, *dryRun)
}

func writeImportSummary(w io.Writer, res store.ImportResult, b BranchConfig, dryRun bool) error {
	if dryRun {
		fmt.Fprintf(w, "Dry run: the file is good and nothing was imported. It would import %s into %s (%s), with %s:\n",
			countOf(res.Members, "member", "members"), b.ID, b.Name, countOf(res.Accounts, "savings account", "savings accounts"))
	} else {
		fmt.Fprintf(w, "Imported %s into %s (%s), with %s:\n",
			countOf(res.Members, "member", "members"), b.ID, b.Name, countOf(res.Accounts, "savings account", "savings accounts"))
	}
	// Text left, counts and money right, as on a ledger sheet.
	type line struct{ code, name, count, total string }
	lines := []line{}
	for _, p := range res.Products {
		lines = append(lines, line{p.Code, p.Name, countOf(p.Accounts, "account", "accounts"), parse.Rupiah(p.Total)})
	}
	lines = append(lines, line{"", "Total opening balance", "", parse.Rupiah(res.Total())})
	var wc, wn, wk, wt int
	for _, l := range lines {
		wc, wn = max(wc, len(l.code)), max(wn, utf8.RuneCountInString(l.name))
		wk, wt = max(wk, len(l.count)), max(wt, len(l.total))
	}
	for _, l := range lines {
		if _, err := fmt.Fprintf(w, "  %-*s  %-*s  %*s  %*s\n", wc, l.code, wn, l.name, wk, l.count, wt, l.total); err != nil {
			return err
		}
	}
	if !dryRun && res.Total() > 0 {
		fmt.Fprintln(w, "Opening balances are posted from the branch's equity account (journal kind \"opening\").")
	}
	return nil
}

// mergeProblems puts the store's problems after the file's, by line, dropping a second
// problem with a field the file's check already named for that line.
func mergeProblems(file, db []store.RowProblem) []store.RowProblem {
	type key struct {
		line  int
		field string
	}
	seen := map[key]bool{}
	for _, p := range file {
		seen[key{p.Line, p.Field}] = true
	}
	out := slices.Clone(file)
	for _, p := range db {
		if !seen[key{p.Line, p.Field}] {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b store.RowProblem) int { return a.Line - b.Line })
	return out
}

// readImportCSV reads an import file. A problem with the file as a whole (no header, an
// unknown column) is an error; problems with rows are listed, every one, with the rows
// read as well as they could be so the database check can still find duplicates.
func readImportCSV(body []byte, branch string, savings, all []ProductConfig, today time.Time) ([]store.ImportRow, []store.RowProblem, error) {
	body = bytes.TrimPrefix(body, []byte("\ufeff")) // spreadsheets write a byte-order mark
	if !utf8.Valid(body) {
		return nil, nil, errors.New("the file is not UTF-8 text (in the spreadsheet, save as \"CSV UTF-8\")")
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = sniffComma(body)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, errors.New("the file is empty; the first line must name the columns (member_no,name,nik,phone,...)")
	}
	if err != nil {
		return nil, nil, err
	}
	col, err := importHeader(header, savings, all)
	if err != nil {
		return nil, nil, err
	}

	var rows []store.ImportRow
	var problems []store.RowProblem
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// A broken quote leaves the rest of the file unreadable; say where, with what was found so far.
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				problems = append(problems, store.RowProblem{Line: pe.StartLine, Problem: pe.Err.Error() + " (the rest of the file was not read)"})
				return rows, problems, nil
			}
			return nil, nil, err
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) != len(header) {
			problems = append(problems, store.RowProblem{Line: line, Problem: fmt.Sprintf("has %d fields but the header has %d", len(rec), len(header))})
			continue
		}
		row, rowProblems := importRow(line, rec, col, branch, savings, today)
		rows = append(rows, row)
		problems = append(problems, rowProblems...)
	}
	return rows, problems, nil
}

// importCols maps a column name (lower case; product codes as configured) to its index.
type importCols map[string]int

func (c importCols) get(rec []string, name string) string {
	i, ok := c[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func importHeader(header []string, savings, all []ProductConfig) (importCols, error) {
	col := importCols{}
	var errs []error
	var codes []string
	for _, p := range savings {
		codes = append(codes, p.Code)
	}
	for i, h := range header {
		name := strings.TrimSpace(h)
		key := strings.ToLower(name)
		if slices.Contains(importColumns, key) {
			// a member column
		} else if j := slices.IndexFunc(savings, func(p ProductConfig) bool { return strings.EqualFold(p.Code, name) }); j >= 0 {
			key = savings[j].Code
		} else if j := slices.IndexFunc(all, func(p ProductConfig) bool { return strings.EqualFold(p.Code, name) }); j >= 0 {
			errs = append(errs, fmt.Errorf("line 1, column %d: %s is %s, a %s product; only savings products can be imported (%s)",
				i+1, all[j].Code, all[j].Name, all[j].Kind, strings.Join(codes, ", ")))
			continue
		} else {
			if name == "" {
				name = "(empty)"
			}
			errs = append(errs, fmt.Errorf("line 1, column %d: %q is not a column kopbot knows; the columns are %s, and one per savings product: %s",
				i+1, name, strings.Join(importColumns, ", "), strings.Join(codes, ", ")))
			continue
		}
		if j, dup := col[key]; dup {
			errs = append(errs, fmt.Errorf("line 1, column %d: %s is also column %d", i+1, name, j+1))
			continue
		}
		col[key] = i
	}
	for _, req := range requiredColumns {
		if _, ok := col[req]; !ok {
			errs = append(errs, fmt.Errorf("line 1: the header has no %s column (required: %s)", req, strings.Join(requiredColumns, ", ")))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return col, nil
}

// importRow reads one record; the member it returns holds every value that was good.
func importRow(line int, rec []string, col importCols, branch string, savings []ProductConfig, today time.Time) (store.ImportRow, []store.RowProblem) {
	var problems []store.RowProblem
	bad := func(field, format string, args ...any) {
		problems = append(problems, store.RowProblem{Line: line, Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	loc := today.Location()
	m := store.Member{Branch: branch, Status: store.MemberActive, JoinedAt: today}

	if v := col.get(rec, "member_no"); v == "" {
		bad("member_no", "is empty")
	} else if len(v) > 32 || strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' }) {
		bad("member_no", "%q is not a member number (at most 32 characters, no spaces)", clip(v))
	} else {
		m.No = v
	}

	if v := strings.Join(strings.Fields(col.get(rec, "name")), " "); v == "" {
		bad("name", "is empty")
	} else if utf8.RuneCountInString(v) > 100 {
		bad("name", "is longer than 100 characters")
	} else {
		m.Name = v
	}

	nik := strings.ReplaceAll(col.get(rec, "nik"), " ", "")
	switch {
	case nik == "":
		bad("nik", "is empty")
	case strings.ContainsAny(nik, "eE") && strings.ContainsAny(nik, "+.,"):
		bad("nik", "%q was turned into a number by a spreadsheet; format the nik column as text and export again", clip(nik))
	case !allDigits(nik) || len(nik) != 16:
		bad("nik", "%s is not 16 digits", quoteNIK(nik))
	default:
		m.NIK = nik
	}

	if v := col.get(rec, "phone"); v == "" {
		bad("phone", "is empty")
	} else if strings.ContainsAny(v, "eE") && strings.ContainsAny(v, "+.,") {
		bad("phone", "%q was turned into a number by a spreadsheet; format the phone column as text and export again", clip(v))
	} else if p, err := parse.Phone(v); err != nil {
		bad("phone", "%q is not a phone number (%s)", clip(v), reason(err))
	} else {
		m.Phone = p
	}

	if v := col.get(rec, "birth_date"); v != "" {
		if d, err := parse.Date(v, loc); err != nil {
			bad("birth_date", "%q is not a date (%s); write it like 1990-08-17 or 17-08-1990", clip(v), reason(err))
		} else if d.After(today) {
			bad("birth_date", "%s is in the future", v)
		} else {
			m.BirthDate = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		}
	}

	if v := col.get(rec, "gender"); v != "" {
		switch strings.ToLower(v) {
		case "l", "laki-laki", "laki laki", "pria":
			m.Gender = "L"
		case "p", "perempuan", "wanita":
			m.Gender = "P"
		default:
			bad("gender", "%q is not L or P", clip(v))
		}
	}

	for _, f := range []struct {
		name string
		to   *string
	}{{"address", &m.Address}, {"occupation", &m.Occupation}} {
		v := strings.Join(strings.Fields(col.get(rec, f.name)), " ")
		if utf8.RuneCountInString(v) > 200 {
			bad(f.name, "is longer than 200 characters")
			continue
		}
		*f.to = v
	}

	if v := col.get(rec, "joined_at"); v != "" {
		if d, err := parse.Date(v, loc); err != nil {
			bad("joined_at", "%q is not a date (%s); write it like 2019-03-01 or 01-03-2019", clip(v), reason(err))
		} else if d.After(today) {
			bad("joined_at", "%s is in the future", v)
		} else {
			m.JoinedAt = d
		}
	}

	if v := col.get(rec, "ceiling"); v != "" {
		if n, err := amountOrZero(v); err != nil {
			bad("ceiling", "%q is not an amount of rupiah (%s); write it like 1500000 or 1.500.000", clip(v), reason(err))
		} else {
			m.Ceiling = n
		}
	}

	var openings []store.Opening
	for _, p := range savings {
		i, ok := col[p.Code]
		if !ok {
			continue
		}
		v := strings.TrimSpace(rec[i])
		if v == "" {
			continue
		}
		n, err := amountOrZero(v)
		if err != nil {
			bad(p.Code, "%q is not an amount of rupiah (%s); write it like 1500000 or 1.500.000, or 0 to open the account empty", clip(v), reason(err))
			continue
		}
		openings = append(openings, store.Opening{Product: p.Code, Amount: n})
	}
	return store.ImportRow{Line: line, Member: m, Openings: openings}, problems
}

// amountOrZero is parse.Amount, which refuses zero, plus zero written as 0, Rp0, 0,00 or -.
func amountOrZero(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimPrefix(strings.TrimPrefix(t, "rp"), ".")
	if strings.Trim(t, "0.,- ") == "" {
		return 0, nil
	}
	return parse.Amount(s)
}

// reason is a parse error without its `what "input": ` prefix, which the caller says better.
func reason(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, `": `); i >= 0 {
		return msg[i+3:]
	}
	return msg
}

// sniffComma picks the separator of the header line: spreadsheets set to Indonesian write ';'.
func sniffComma(body []byte) rune {
	first, _, _ := bytes.Cut(body, []byte("\n"))
	best, n := ',', bytes.Count(first, []byte(","))
	for _, c := range []rune{';', '\t'} {
		if k := bytes.Count(first, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// quoteNIK quotes a malformed NIK, masking it when it is long enough to be nearly someone's real one.
func quoteNIK(s string) string {
	if len(s) < 9 {
		return strconv.Quote(s)
	}
	return strconv.Quote(store.MaskNIK(clip(s)))
}

// clip keeps problem messages readable when a cell holds a paragraph.
func clip(s string) string {
	if len(s) <= 40 {
		return s
	}
	i := 40
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}

func membersLoanApprove(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return membersLoanDecide(ctx, "loan-approve", true, args, stdout, stderr)
}

func membersLoanReject(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return membersLoanDecide(ctx, "loan-reject", false, args, stdout, stderr)
}
