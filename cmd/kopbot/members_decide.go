package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/store"
)

// Staff decisions on members: applications, PIN resets, QRIS merchants.

// regNo reads the flags and the one registration number given, as staff type it (REG-000001,
// reg-1, 1).
func (c *subcommand) regNo(args []string) (string, error) {
	arg, err := c.parseOne(args, "registration number", "REG-000001")
	if err != nil {
		return "", err
	}
	r, err := store.RefRegistration.Parse(arg)
	if err != nil {
		return "", fmt.Errorf("%s: %w", c.fs.Name(), err)
	}
	return r.String(), nil
}

func membersApprove(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "approve", "Approves a membership application made on WhatsApp: the applicant gets the next member\n"+
		"number of their branch, their simpanan pokok and wajib accounts are opened, their KTP (checked\n"+
		"with the application) is recorded as verified, and they are told.", stderr)
	var m store.Member
	var opened []store.Account
	var ktpVerified bool
	err := c.decideApplication(ctx, args, "approve", nil, func(ctx context.Context, tx *store.Tx, app *App, regNo string) (err error) {
		if m, err = coop.ApproveApplication(ctx, tx, regNo, coop.CLI, app.Config.Language); err != nil {
			return err
		}
		if ktpVerified, err = tx.KTPVerified(ctx, m.ID); err != nil {
			return err
		}
		opened, err = tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Approved %s: %s is member %s.\n", m.RegNo, m.Name, m.No)
	if ktpVerified {
		fmt.Fprintf(stdout, "  KTP (NIK %s) recorded as verified: checked with the application.\n", ktp.Mask(m.NIK))
	}
	for _, a := range opened {
		fmt.Fprintf(stdout, "  Opened %s %s\n", a.ProductName, a.Number)
	}
	fmt.Fprintf(stdout, "%s is told on WhatsApp (%s) with what to pay.\n", m.Name, m.Phone)
	return nil
}

// decideApplication reads the one registration number given, runs check (if any) and, in
// one transaction, checks that the application waits for a decision and decides it.
func (c *subcommand) decideApplication(ctx context.Context, args []string, verb string, check func() error,
	decide func(ctx context.Context, tx *store.Tx, app *App, regNo string) error) error {
	regNo, err := c.regNo(args)
	if err != nil {
		return err
	}
	if check != nil {
		if err := check(); err != nil {
			return err
		}
	}
	return c.update(ctx, verb+" "+strings.ToUpper(regNo), func(ctx context.Context, tx *store.Tx, app *App) error {
		if err := pendingApplication(ctx, tx, regNo); err != nil {
			return err
		}
		return decide(ctx, tx, app, regNo)
	})
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
	return errors.New(refusalText(&coop.Refusal{Code: coop.NotPending, Status: string(m.Status)}, nil))
}

func membersReject(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "reject", "Turns down a membership application. The applicant is told the reason on WhatsApp, so\n"+
		"write one they can act on.", stderr)
	reason := c.fs.String("reason", "", "why, in words the applicant can act on (required)")
	check := func() error {
		if err := checkReason(*reason, "applicant", "Foto KTP tidak terbaca, kirim ulang"); err != nil {
			return fmt.Errorf("members reject: %w", err)
		}
		return nil
	}
	var m store.Member
	err := c.decideApplication(ctx, args, "reject", check, func(ctx context.Context, tx *store.Tx, app *App, regNo string) (err error) {
		m, err = coop.RejectApplication(ctx, tx, regNo, *reason, coop.CLI, app.Config.Language)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Rejected %s (%s). They are told on WhatsApp (%s): %s\n", m.RegNo, m.Name, m.Phone, m.Decision)
	return nil
}

func membersResetPIN(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "reset-pin", "Clears a member's PIN after they forgot it, and any lock from wrong tries. They set a new\n"+
		"PIN at their next step that needs one, and are told on WhatsApp.", stderr)
	no, err := c.parseOne(args, "member number", "01.00000")
	if err != nil {
		return err
	}
	var m store.Member
	err = c.update(ctx, "reset PIN of "+no, func(ctx context.Context, tx *store.Tx, app *App) (err error) {
		if m, err = memberByNo(ctx, tx, no); err != nil {
			return err
		}
		return coop.ResetPIN(ctx, tx, m, coop.CLI, app.Config.Language)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "PIN of %s %s is reset. They set a new one at their next PIN step, and are told on WhatsApp (%s).\n", m.No, m.Name, m.Phone)
	return nil
}

// memberByNo is member no, or where to find the right number.
func memberByNo(ctx context.Context, tx *store.Tx, no string) (store.Member, error) {
	m, err := tx.MemberByNo(ctx, no)
	if errors.Is(err, store.ErrNotFound) {
		return m, fmt.Errorf("there is no member %s (kopbot members show finds members by name or phone)", no)
	}
	return m, err
}

func membersMerchant(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "merchant", "Marks a member as a merchant who takes QRIS payments (Terima QRIS), with their static QRIS\n"+
		"payload, which is validated first; -off unmarks them.", stderr)
	payload := c.fs.String("payload", "", "the member's static QRIS `payload` (the text in their printed QRIS)")
	off := c.fs.Bool("off", false, "stop the member taking QRIS payments")
	no, err := c.parseOne(args, "member number", "01.00000")
	if err != nil {
		return err
	}
	*payload = strings.TrimSpace(*payload)
	if *off && *payload != "" {
		return errors.New("members merchant: give either -payload or -off, not both")
	}
	if *payload != "" {
		if err := coop.CheckMerchantQRIS(*payload, ""); err != nil {
			return fmt.Errorf("members merchant: -payload is not a valid QRIS payload: %w", decodeError(err))
		}
	}
	var m store.Member
	err = c.update(ctx, "members merchant "+no, func(ctx context.Context, tx *store.Tx, app *App) (err error) {
		if m, err = memberByNo(ctx, tx, no); err != nil {
			return err
		}
		if !*off {
			// Without a QRIS of their own, payments go through the branch's (branches[].qris_payload).
			b, _ := app.branch(m.Branch)
			if err := coop.CheckMerchantQRIS(*payload, b.QRISPayload); err != nil {
				return fmt.Errorf("member %s has no QRIS of their own and branch %s has none in the config: give -payload PAYLOAD, or set branches[].qris_payload", no, m.Branch)
			}
		}
		return tx.SetMerchant(ctx, m.ID, !*off, *payload)
	})
	if err != nil {
		return err
	}
	if *off {
		fmt.Fprintf(stdout, "%s %s no longer takes QRIS payments.\n", m.No, m.Name)
	} else {
		fmt.Fprintf(stdout, "%s %s is a merchant and can take QRIS payments.\n", m.No, m.Name)
	}
	return nil
}

// decodeError is the QRIS decoder's own words, out of coop's MerchantQRISInvalid refusal that wraps them.
func decodeError(err error) error {
	if u, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range u.Unwrap() {
			if _, refusal := e.(*coop.Refusal); !refusal {
				return e
			}
		}
	}
	return err
}
