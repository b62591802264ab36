package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

func handoverList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("handover", "list", "Lists the chats waiting for staff, oldest first, with their last messages (long numbers masked).", stderr)
	branch := c.fs.String("branch", "", "only this branch's `id` (default: every branch)")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("handover list: unexpected %q", strings.Join(rest, " "))
	}
	ctx, app, err := c.openBranch(ctx, *branch)
	if err != nil {
		return err
	}
	defer app.Close()
	loc := app.Config.Location()
	return app.DB.View(ctx, func(tx *store.Tx) error {
		hs, err := tx.OpenHandovers(ctx, *branch, -1)
		if err != nil {
			return err
		}
		if len(hs) == 0 {
			fmt.Fprintln(stdout, "No chat waits for staff.")
			return nil
		}
		for _, h := range hs {
			fmt.Fprintf(stdout, "%s (%s) %s: waiting since %s, the bot quiet until %s\n", h.Phone, h.Branch, handoverWhoText(h),
				h.Started.In(loc).Format("2006-01-02 15:04"), h.Deadline.In(loc).Format("2006-01-02 15:04"))
			recent, err := tx.RecentOf(ctx, h.Branch, h.Phone)
			if err != nil {
				return err
			}
			for _, r := range recent.List() {
				text := r.Text
				if r.Photo {
					text = strings.TrimSpace("[photo] " + text)
				}
				fmt.Fprintf(stdout, "    %s  %s\n", r.At.In(loc).Format("2006-01-02 15:04"), text)
			}
		}
		fmt.Fprintf(stdout, "%s waiting for staff. Answer from the branch's WhatsApp phone; then kopbot handover release PHONE.\n",
			countOf(len(hs), "chat", "chats"))
		return nil
	})
}

func handoverWhoText(h store.Handover) string {
	switch {
	case h.Name != "" && h.MemberNo != "":
		return h.Name + " (" + h.MemberNo + ")"
	case h.Name != "" && h.RegNo != "":
		return h.Name + " (applicant " + h.RegNo + ")"
	case h.Name != "":
		return h.Name
	}
	return "not a member"
}

func handoverRelease(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("handover", "release",
		"Hands a chat waiting for staff back to the bot; the member is told on WhatsApp that the bot\nanswers again.", stderr)
	branch := c.fs.String("branch", "", "the branch `id` the member wrote to (needed only when they wait with several)")
	by := c.fs.String("by", "cli", "`name` of the staff member, recorded with the handover")
	arg, err := c.parseOne(args, "member's phone number", "0812-0000-0000")
	if err != nil {
		return err
	}
	phone, err := parse.Phone(arg)
	if err != nil {
		return fmt.Errorf("handover release: %q is not a phone number (write it like 0812-0000-0000)", arg)
	}
	if *by = strings.TrimSpace(*by); *by == "" {
		return errors.New("handover release: -by is empty; say who hands the chat back")
	}
	ctx, app, err := c.openBranch(ctx, *branch)
	if err != nil {
		return err
	}
	defer app.Close()
	var h store.Handover
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		b := *branch
		if b == "" {
			open, err := tx.OpenHandovers(ctx, "", -1)
			if err != nil {
				return err
			}
			var with []string
			for _, o := range open {
				if o.Phone == phone {
					with = append(with, o.Branch)
				}
			}
			switch len(with) {
			case 0:
				return fmt.Errorf("no chat of %s waits for staff (kopbot handover list lists them)", phone)
			case 1:
				b = with[0]
			default:
				return fmt.Errorf("%s waits for staff with %s; say which with -branch", phone, strings.Join(with, " and "))
			}
		}
		h, err = coop.ReleaseHandover(ctx, tx, b, phone, coop.Named(*by), app.Config.Language)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no chat of %s waits for staff with %s (kopbot handover list lists them)", phone, b)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("handover release: %w", err)
	}
	fmt.Fprintf(stdout, "Handed the chat of %s, %s with %s (waiting since %s), back to the bot. They are told on WhatsApp.\n",
		handoverWhoText(h), h.Phone, h.Branch, h.Started.In(app.Config.Location()).Format("2006-01-02 15:04"))
	return nil
}
