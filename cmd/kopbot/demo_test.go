package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// runDemoCmd runs kopbot demo on config and returns what it printed.
func runDemoCmd(t *testing.T, config string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"demo", "-config", config}, nil, &out, &errOut); err != nil {
		t.Fatalf("demo: %v\n%s", err, errOut.String())
	}
	return out.String()
}

var demoPasswordRE = regexp.MustCompile(`(?m)^  (\S+) .*password: (\S+)$`)

// kopbot demo prints a manager (with the demo admin phone), a teller and a first admin,
// each with a password that signs in; run again, it makes no second account nor second
// piece of work, and says how to get a new password.
func TestDemoStaffAccountsSignInAndTwiceChangesNothing(t *testing.T) {
	config := writeConfig(t, "log:\n  level: warn\n  format: json\n")
	first := runDemoCmd(t, config)
	passwords := map[string]string{}
	for _, m := range demoPasswordRE.FindAllStringSubmatch(first, -1) {
		passwords[m[1]] = m[2]
	}
	if len(passwords) != 3 || passwords["manajer"] == "" || passwords["kasir"] == "" || passwords["pengurus"] == "" {
		t.Fatalf("demo printed the passwords of %v, want manajer, kasir and pengurus:\n%s", passwords, first)
	}
	if !strings.Contains(first, "manager of pusat, WhatsApp "+DemoAdminPhone) {
		t.Errorf("demo does not name the manager's WhatsApp number:\n%s", first)
	}
	db, _ := openTestDB(t, config)
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		for user, pw := range passwords {
			if _, err := coop.SignIn(ctx, tx, user, pw, "192.0.2.1"); err != nil {
				t.Errorf("%s signs in with the printed password %q: %v", user, pw, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	before := demoCounts(t, db)

	second := runDemoCmd(t, config)
	for _, pw := range passwords {
		if strings.Contains(second, pw) {
			t.Errorf("the second demo printed a password again:\n%s", second)
		}
	}
	for _, want := range []string{"Demo members are already in", "kopbot staff reset-password manajer", "kopbot staff reset-password pengurus"} {
		if !strings.Contains(second, want) {
			t.Errorf("the second demo does not say %q:\n%s", want, second)
		}
	}
	if after := demoCounts(t, db); after != before {
		t.Errorf("the second demo changed the counts:\nbefore %+v\nafter  %+v", before, after)
	}
	if os.Getenv("KOPBOT_DEMO_SHOW") != "" {
		t.Log(first)
	}
}

// demoQueueCounts are what the back office's dashboard counts after the demo.
type demoQueueCounts struct {
	Staff, Members int
	Pending        store.Pending
	Approved       int // loans approved and not yet paid out
}

// demoCounts counts the staff accounts, members, work waiting and loans to pay out of pusat.
func demoCounts(t *testing.T, db *store.DB) demoQueueCounts {
	t.Helper()
	var c demoQueueCounts
	ctx := context.Background()
	err := db.View(ctx, func(tx *store.Tx) error {
		staff, err := tx.StaffAccounts(ctx)
		if err != nil {
			return err
		}
		c.Staff = len(staff)
		if c.Pending, err = tx.PendingWork(ctx, "pusat"); err != nil {
			return err
		}
		for _, phone := range []string{"6281200000001", "6281200000002", "6281200000003", "6281200000004", "6281200000005", demoApplicant} {
			m, err := tx.MemberByPhone(ctx, phone)
			if err != nil {
				return err
			}
			c.Members++
			loans, err := tx.LoansOfMember(ctx, m.ID)
			if err != nil {
				return err
			}
			for _, l := range loans {
				if l.Status == store.LoanApproved {
					c.Approved++
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// After kopbot demo, every queue of the back office has work, left as members leave it
// (with the applicant's KTP photo and the deposit's proof as image files in the media
// dir), and nothing the demo's conversations queued waits to be sent to anyone's phone.
func TestDemoFillsEveryQueue(t *testing.T) {
	config := writeConfig(t, "log:\n  level: warn\n  format: json\n")
	if out := runDemoCmd(t, config); !strings.Contains(out, "Work waits for the branch") {
		t.Errorf("demo does not say what waits:\n%s", out)
	}
	db, _ := openTestDB(t, config)
	got := demoCounts(t, db)
	p := got.Pending
	want := store.Pending{Applications: 1, Loans: 1, Deposits: 1, Withdrawals: 1, KTPReviews: 1, Handovers: 1}
	if p != want || got.Approved != 1 {
		t.Errorf("after the demo: waiting %+v, %d loans to pay out; want %+v and 1", p, got.Approved, want)
	}
	ctx := context.Background()
	err := db.View(ctx, func(tx *store.Tx) error {
		applicant, err := tx.MemberByPhone(ctx, demoApplicant)
		if err != nil {
			return err
		}
		deposits, err := tx.PendingDepositsOf(ctx, "pusat", 10)
		if err != nil || len(deposits) == 0 {
			return fmt.Errorf("the demo's deposit: %v", err)
		}
		for what, path := range map[string]string{"the applicant's KTP": applicant.KTPPhoto, "the deposit's proof": deposits[0].Item.ProofPhoto} {
			if st, err := os.Stat(path); err != nil || st.Size() == 0 || !strings.Contains(path, "media") {
				t.Errorf("%s photo %q: %v", what, path, err)
			}
		}
		queued, err := tx.Queued(ctx, "pusat", 100)
		if len(queued) != 0 {
			t.Errorf("the demo left %d messages to send, the first to %s: %q", len(queued), queued[0].To, queued[0].Text)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The demo admin phone opens the admin menu in kopbot chat, with no admins: in the config
// (the manager's staff account names the phone); a member's phone does not.
func TestDemoAdminPhoneOpensTheAdminMenuInChat(t *testing.T) {
	config := writeConfig(t, "log:\n  level: warn\n  format: json\n")
	runDemoCmd(t, config)
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"chat", "-config", config, "-from", DemoAdminPhone}, strings.NewReader("admin\n"), &out, &errOut); err != nil {
		t.Fatalf("chat: %v\n%s", err, errOut.String())
	}
	for _, want := range []string{"*Menu Petugas*", "Pendaftaran menunggu (1)", "Chat menunggu petugas (1)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("admin from %s in kopbot chat does not show %q:\n%s", DemoAdminPhone, want, out.String())
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"chat", "-config", config, "-from", "6281200000004"}, strings.NewReader("admin\n"), &out, &errOut); err != nil {
		t.Fatalf("chat: %v\n%s", err, errOut.String())
	}
	if strings.Contains(out.String(), "Menu Petugas") {
		t.Errorf("a member's phone opened the admin menu:\n%s", out.String())
	}
}
