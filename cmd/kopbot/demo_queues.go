package main

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
)

// demoApplicant is the demo's applicant for membership, who is not a demo member: their
// application is the demo queues' last conversation, so a database that has it has them all.
const demoApplicant = "6281377770001"

// demoTransport is how the demo's conversations come in: their replies and the notices to
// the demo admin phone are marked sent when the demo is loaded, so no one's phone gets them.
const demoTransport = "demo"

// demoChat is one member's conversation with the bot that leaves work for the branch.
type demoChat struct {
	From string
	Says []demoSay
	// Then, when set, is what staff did next (a loan application approved), through coop.
	Then func(ctx context.Context, app *App, tx *store.Tx, m store.Member) error
}

// demoSay is one message: a text, or a photo (its Text the caption).
type demoSay struct {
	Text  string
	Photo *demoPhoto
}

// demoChats fill the back office's queues, each as a member would on WhatsApp: a deposit
// with its proof photo and a withdrawal to pay (Budi), a loan application (Dewi), a loan
// approved and not yet paid out (Agus), a chat handed to staff (Siti), a KTP to review
// (Rina), and, last, a membership application with its KTP photo (someone new).
func demoChats() []demoChat {
	pin := demoSay{Text: flows.DemoPIN}
	return []demoChat{
		{From: "6281200000001", Says: append(texts("setoran", "1", "2", "500rb", "kemarin", "bca", "budi santoso"),
			demoSay{Photo: &demoProof, Text: "bukti transfer"})},
		{From: "6281200000001", Says: append(texts("penarikan", "1jt", "bca", "1234567890", "budi santoso", "ya"), pin)},
		{From: "6281200000004", Says: append(texts("pinjaman", "5jt", "12", "1"), pin)},
		{From: "6281200000003", Says: append(texts("pinjaman", "3jt", "12", "1"), pin), Then: approveDemoLoan},
		{From: "6281200000002", Says: texts("cs")},
		{From: "6281200000005", Says: append(texts("ktp", "3204014706950005", "Rina Marlina", "07-06-1995"),
			demoSay{Photo: &demoKTPRina}, demoSay{Text: "ya"})},
		{From: demoApplicant, Says: append(texts("registrasi", "2", "Joko Susilo", "3204011708900009", "17-08-1990",
			"Jl. Cibiru Indah No. 4 RT 01/RW 02, Bandung", "Petani"), demoSay{Photo: &demoKTPJoko}, demoSay{Text: "setuju"})},
	}
}

// texts are messages of text only.
func texts(says ...string) []demoSay {
	out := make([]demoSay, len(says))
	for i, s := range says {
		out[i] = demoSay{Text: s}
	}
	return out
}

// fillDemoQueues runs the demo's conversations through the runner, as members' messages
// run, unless the demo applicant is there already (they were run before). It reports
// whether it ran them.
func fillDemoQueues(ctx context.Context, app *App, branch string) (bool, error) {
	done := false
	if err := app.DB.View(ctx, func(tx *store.Tx) error {
		_, err := tx.MemberByPhone(ctx, demoApplicant)
		done = err == nil
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	}); err != nil || done {
		return false, err
	}
	for i, chat := range demoChats() {
		if err := runDemoChat(ctx, app, branch, i, chat); err != nil {
			return false, err
		}
	}
	return true, markDemoRepliesSent(ctx, app, branch)
}

// runDemoChat sends one conversation's messages to the runner, each under an ID of its
// own (so a second run would be dropped as seen before), then what staff did next.
func runDemoChat(ctx context.Context, app *App, branch string, n int, chat demoChat) error {
	for j, say := range chat.Says {
		in := flows.Input{Branch: branch, From: chat.From, MessageID: fmt.Sprintf("demo-%d-%d", n, j), Text: say.Text,
			At: app.Now(), Transport: demoTransport}
		if say.Photo != nil {
			path, err := say.Photo.write(app.Config.MediaDir())
			if err != nil {
				return err
			}
			in.Image = path
		}
		if err := app.Runner.Handle(ctx, in); err != nil {
			return fmt.Errorf("demo conversation %d of %s: %w", n, coop.MaskPhone(chat.From), err)
		}
	}
	if chat.Then == nil {
		return nil
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, chat.From)
		if err != nil {
			return err
		}
		return chat.Then(ctx, app, tx, m)
	})
}

// approveDemoLoan approves m's pending loan application as the demo manager: a loan
// approved and waiting to be paid out.
func approveDemoLoan(ctx context.Context, app *App, tx *store.Tx, m store.Member) error {
	pending, err := tx.LoanApplications(ctx, store.ApplicationPending, m.ID, 1)
	if err != nil {
		return err
	}
	if len(pending) == 0 {
		return fmt.Errorf("the demo's loan application of %s was not made: its conversation no longer fits the loan flow", m.No)
	}
	_, err = coop.DecideLoanApplication(ctx, tx, pending[0].ID, true, "", coop.StaffAccount(demoManager), app.Config.Language)
	return err
}

// markDemoRepliesSent marks sent what the demo's conversations queued: the replies to its
// members and the notices to the demo admin phone, numbers no one holds.
func markDemoRepliesSent(ctx context.Context, app *App, branch string) error {
	phones := []string{demoApplicant, DemoAdminPhone}
	for _, dm := range store.DemoMembers {
		phones = append(phones, dm.Phone)
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		queued, err := tx.Queued(ctx, branch, 1000)
		if err != nil {
			return err
		}
		for _, m := range queued {
			if !slices.Contains(phones, m.To) {
				continue
			}
			if err := tx.MarkSent(ctx, m.ID); err != nil {
				return err
			}
		}
		return nil
	})
}
