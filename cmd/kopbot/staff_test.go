package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

const testStaffPassword = "kata-sandi-uji-1"

// addTestStaff adds a staff account with kopbot staff add, as an admin would.
func addTestStaff(t *testing.T, config, username, role string, extra ...string) string {
	t.Helper()
	args := append([]string{"staff", "add", username, "-config", config, "-name", "Staf " + username, "-role", role, "-password-stdin"}, extra...)
	var out, errs bytes.Buffer
	if err := run(context.Background(), args, strings.NewReader(testStaffPassword+"\n"), &out, &errs); err != nil {
		t.Fatalf("staff add %s: %v\n%s", username, err, errs.String())
	}
	return out.String()
}

var webCookies sync.Map // addr + " " + username -> *http.Cookie

// webSession signs username in to the pages at addr (once) and returns the session cookie.
func webSession(t *testing.T, addr, username string) *http.Cookie {
	t.Helper()
	if c, ok := webCookies.Load(addr + " " + username); ok {
		return c.(*http.Cookie)
	}
	form := url.Values{"username": {username}, "password": {testStaffPassword}}
	req, _ := http.NewRequest("POST", "http://"+addr+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("sign in as %s: %v", username, err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	for _, c := range resp.Cookies() {
		if c.Value != "" {
			webCookies.Store(addr+" "+username, c)
			return c
		}
	}
	t.Fatalf("sign in as %s: %d and no session cookie", username, resp.StatusCode)
	return nil
}

func TestStaffCommands(t *testing.T) {
	config := testConfig(t)
	out := addTestStaff(t, config, "siti", "teller", "-branches", "pusat", "-phone", "0812-0000-0099")
	if !strings.Contains(out, "Added siti (Staf siti), teller of pusat") {
		t.Errorf("staff add said %q", out)
	}
	addTestStaff(t, config, "ani", "admin")
	ctx := context.Background()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"staff", "add", "budi", "-name", "Budi", "-role", "teller", "-password-stdin"}, "-branches"},
		{[]string{"staff", "add", "budi", "-name", "Budi", "-role", "boss", "-branches", "pusat", "-password-stdin"}, "teller, manager or admin"},
		{[]string{"staff", "add", "siti", "-name", "Siti", "-role", "teller", "-branches", "pusat", "-password-stdin"}, "already"},
		{[]string{"staff", "add", "budi", "-name", "Budi", "-role", "teller", "-branches", "nowhere", "-password-stdin"}, "nowhere"},
		{[]string{"staff", "add", "budi", "-name", "Budi", "-role", "teller", "-branches", "pusat", "-phone", "6281200000099", "-password-stdin"}, "already the number of staff account siti"},
	} {
		err := run(ctx, append(c.args, "-config", config), strings.NewReader(testStaffPassword+"\n"), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want it refused saying %q", c.args, err, c.want)
		}
	}
	// A short password is refused; a terminal is needed without -password-stdin.
	if err := run(ctx, []string{"staff", "add", "budi", "-config", config, "-name", "Budi", "-role", "admin", "-password-stdin"},
		strings.NewReader("pendek\n"), io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "at least 10") {
		t.Errorf("short password: %v", err)
	}
	if err := run(ctx, []string{"staff", "add", "budi", "-config", config, "-name", "Budi", "-role", "admin"},
		strings.NewReader(testStaffPassword+"\n"), io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "-password-stdin") {
		t.Errorf("no terminal: %v", err)
	}

	var list bytes.Buffer
	if err := run(ctx, []string{"staff", "list", "-config", config}, nil, &list, io.Discard); err != nil {
		t.Fatal(err)
	}
	if l := list.String(); !strings.Contains(l, "siti") || !strings.Contains(l, "6281200000099") || !strings.Contains(l, "every branch") {
		t.Errorf("staff list:\n%s", l)
	}
	if err := run(ctx, []string{"staff", "disable", "siti", "-config", config, "-by", "ani"}, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"staff", "reset-password", "ani", "-config", config, "-password-stdin"},
		strings.NewReader("kata-sandi-baru-2\n"), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	list.Reset()
	run(ctx, []string{"staff", "list", "-config", config}, nil, &list, io.Discard)
	if !strings.Contains(list.String(), "disabled") {
		t.Errorf("staff list after disable:\n%s", list.String())
	}

	// The audit log names who did each: the disable by ani's account, from the CLI.
	var audit bytes.Buffer
	if err := run(ctx, []string{"audit", "-config", config, "-csv", "-staff", "ani"}, nil, &audit, io.Discard); err != nil {
		t.Fatal(err)
	}
	if a := audit.String(); !strings.Contains(a, "staff:ani,staff.disable,siti,,cli") {
		t.Errorf("kopbot audit -staff ani:\n%s", a)
	}
}

// A decision on the CLI with -by USERNAME is recorded as that staff account, in the
// decision itself and in the audit log; -by a name that is no account stays as typed.
func TestCLIDecisionNamesTheStaffAccount(t *testing.T) {
	config := testConfig(t)
	addTestStaff(t, config, "mira", "manager", "-branches", "pusat")
	app := openTestApp(t, config)
	ctx := context.Background()
	rina := ktpInReview(t, app, rinaPhone, "3204014706950005", "", "")
	app.Close()
	if err := run(ctx, []string{"ktp", "approve", rina.No(), "-by", "mira", "-config", config}, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	app = openTestApp(t, config)
	if v := ktpStatusOf(t, app, rina.ID); v.DecidedBy != "staff:mira" {
		t.Errorf("decided by %q, want staff:mira", v.DecidedBy)
	}
	wantAudit(t, app, store.AuditEntry{Actor: "staff:mira", Action: string(coop.AuditKTPApprove), Subject: rina.No(), Branch: "pusat", Via: "cli"})
}

// wantAudit fails the test unless the audit log holds an entry like want (ID, time, origin
// and detail not compared).
func wantAudit(t *testing.T, app *App, want store.AuditEntry) {
	t.Helper()
	ctx := context.Background()
	var all []store.AuditEntry
	if err := app.DB.View(ctx, func(tx *store.Tx) (err error) { all, err = tx.Audit(ctx, store.AuditFilter{}); return }); err != nil {
		t.Fatal(err)
	}
	for _, e := range all {
		if e.Actor == want.Actor && e.Action == want.Action && e.Subject == want.Subject && e.Branch == want.Branch && e.Via == want.Via {
			return
		}
	}
	t.Errorf("the audit log has no %+v; it has:\n%+v", want, all)
}
