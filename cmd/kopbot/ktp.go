package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/store"
)

// ktpCheck prints what a NIK encodes.
func ktpCheck(args []string, stdout, stderr io.Writer) error {
	fs := newBareSubcommand("ktp", "check", "Prints what a NIK encodes, as JSON (province, regency or city, district, gender, birth date);\n"+
		"exit status 1 with the part that is wrong. Needs no config or database.", stderr).fs
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("ktp check: give the NIK, like kopbot ktp check 3204011708900000 (16 digits)")
	}
	n, err := ktp.Parse(strings.Join(fs.Args(), " "), time.Now())
	if err != nil {
		return fmt.Errorf("ktp check: %s is not a valid NIK: %w", ktp.Mask(strings.Join(fs.Args(), "")), err)
	}
	out := struct {
		Valid     bool   `json:"valid"`
		NIK       string `json:"nik"`
		Province  string `json:"province"`
		Code      string `json:"province_code"`
		City      bool   `json:"city"`
		Gender    string `json:"gender"`
		BirthDate string `json:"birth_date"`
	}{true, n.Number, n.Province, n.ProvinceCode, n.IsCity, n.Gender, n.BirthDate.Format(time.DateOnly)}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// ktpNote is a verification's note for staff, in the cooperative's language.
func ktpNote(lang, note string) string { return catalog.For(lang).KTPNote(note) }

func ktpPending(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("ktp", "pending", "Lists the KTP verifications waiting for staff (review) or for the aggregator (checking), oldest first.", stderr)
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("ktp pending: unexpected %q", strings.Join(rest, " "))
	}
	return c.view(ctx, func(ctx context.Context, tx *store.Tx, app *App) error {
		loc := app.Config.Location()
		vs, err := tx.KTPVerifications(ctx, store.KTPOpen, -1)
		if err != nil {
			return err
		}
		if len(vs) == 0 {
			fmt.Fprintln(stdout, "No KTP verifications are waiting.")
			return nil
		}
		members := memberCache{}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NO\tMEMBER\tNAME\tNIK\tNAME ON KTP\tBORN\tSTATUS\tSENT\tCALLS\tNOTE\tPHOTOS")
		for _, v := range vs {
			m, err := members.get(ctx, tx, v.MemberID)
			if err != nil {
				return err
			}
			photos := strings.TrimSpace(v.KTPPhoto + " " + v.SelfiePhoto)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", v.No(), m.No, m.Name, ktp.Mask(v.NIK), v.Name,
				v.BirthDate.Format(time.DateOnly), v.Status, v.CreatedAt.In(loc).Format("2006-01-02 15:04"), v.Attempts,
				ktpNote(app.Config.Language, v.Note), photos)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(stdout, countOf(len(vs), "verification", "verifications")+" waiting; approve or reject those in review with kopbot ktp approve|reject KTP-NO.")
		return nil
	})
}

func ktpShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("ktp", "show", "Shows one KTP verification and every call made to the aggregator for it.", stderr)
	arg, err := c.parseOne(args, "verification number", "KTP-000001")
	if err != nil {
		return err
	}
	id, err := store.RefKTP.ParseID(arg)
	if err != nil {
		return fmt.Errorf("ktp show: %w", err)
	}
	return c.view(ctx, func(ctx context.Context, tx *store.Tx, app *App) error {
		loc := app.Config.Location()
		v, err := tx.KTPVerification(ctx, id)
		if err != nil {
			return fmt.Errorf("ktp show: %w (kopbot ktp pending lists them)", err)
		}
		m, err := tx.MemberByID(ctx, v.MemberID)
		if err != nil {
			return err
		}
		checks, err := tx.KTPChecks(ctx, v.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s  %s\nMember:      %s %s (+%s)\nNIK:         %s\nName on KTP: %s\nBorn:        %s\nVerifier:    %s\nSent:        %s\n",
			v.No(), v.Status, m.No, m.Name, m.Phone, ktp.Mask(v.NIK), v.Name, v.BirthDate.Format(time.DateOnly), v.Verifier,
			v.CreatedAt.In(loc).Format("2006-01-02 15:04"))
		if n := ktpNote(app.Config.Language, v.Note); n != "" {
			fmt.Fprintf(stdout, "Note:        %s\n", n)
		}
		if !v.DecidedAt.IsZero() {
			fmt.Fprintf(stdout, "Decided:     %s by %s", v.DecidedAt.In(loc).Format("2006-01-02 15:04"), v.DecidedBy)
			if v.Reason != "" {
				fmt.Fprintf(stdout, ": %s", v.Reason)
			}
			fmt.Fprintln(stdout)
		}
		switch {
		case v.KTPPhoto != "" || v.SelfiePhoto != "":
			fmt.Fprintf(stdout, "Photos:      %s\n", strings.TrimSpace(v.KTPPhoto+" "+v.SelfiePhoto))
		case !v.DecidedAt.IsZero():
			fmt.Fprintln(stdout, "Photos:      deleted after the retention (ktp.photo_retention)")
		}
		if len(checks) == 0 {
			return nil
		}
		fmt.Fprintln(stdout, "\nCalls to the aggregator:")
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "AT\tREFERENCE\tTOOK\tOUTCOME\tNIK\tNAME\tBIRTH DATE\tERROR")
		for _, ch := range checks {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v\t%v\t%v\t%s\n", ch.At.In(loc).Format("2006-01-02 15:04:05"), ch.ReferenceID, ch.Duration,
				ch.Outcome, ch.NIK, ch.Name, ch.BirthDate, ch.Error)
		}
		return tw.Flush()
	})
}

func ktpDecide(ctx context.Context, name string, args []string, stdout, stderr io.Writer) error {
	cmd := decideCommand{Group: "ktp", Name: name, What: "verification number", Example: "KTP-000001",
		Ref: store.RefKTP, ListCmd: "kopbot ktp pending", Doc: "Marks a KTP verification verified after staff compared the photo with the data. The member is told."}
	if name == "reject" {
		cmd.Refusal, cmd.ReasonExample = true, "Foto KTP buram, NIK tidak terbaca"
		cmd.Doc = "Turns down a KTP verification (an unreadable photo, data that does not match the KTP).\n" +
			"The member is told the reason on WhatsApp and may send it again."
	}
	var v store.KTPVerification
	dec, m, err := cmd.run(ctx, args, stderr, func(ctx context.Context, tx *store.Tx, app *App, dec decision) (_ int64, err error) {
		v, err = coop.DecideKTP(ctx, tx, dec.ID, name == "approve", dec.Reason, coop.Named(dec.By), app.Config.Language)
		return v.MemberID, err
	})
	if err != nil {
		return err
	}
	if name == "approve" {
		fmt.Fprintf(stdout, "Approved %s: the KTP of %s (%s) is verified.\n", v.No(), m.Name, m.No)
	} else {
		fmt.Fprintf(stdout, "Rejected %s of %s (%s): %s\n", v.No(), m.Name, m.No, dec.Reason)
	}
	toldLine(stdout, m)
	return nil
}

func ktpApprove(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return ktpDecide(ctx, "approve", args, stdout, stderr)
}

func ktpReject(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return ktpDecide(ctx, "reject", args, stdout, stderr)
}
