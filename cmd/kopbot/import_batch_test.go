package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/flows"
)

// manyMembers is an import file of n members with distinct numbers, NIKs and phones.
func manyMembers(n int) string {
	var b strings.Builder
	b.WriteString("member_no,name,nik,phone\n")
	for i := range n {
		// NIK: region 320402, a birth date that exists, a serial: distinct for every i.
		day, month, year, serial := 1+i%28, 1+i/28%12, 60+i/(28*12)%40, 1+i/(28*12*40)
		fmt.Fprintf(&b, "09.%06d,Anggota %d,320402%02d%02d%02d%04d,62813%08d\n", i+1, i+1, day, month, year, serial, i+1)
	}
	return b.String()
}

// While 40,000 members are imported, a member who writes is answered before the import ends:
// the import commits in batches rather than holding SQLite's one writer throughout.
func TestMembersImportAnswersMembersMeanwhile(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 40,000 members")
	}
	config := testConfig(t)
	file := filepath.Join(t.TempDir(), "members.csv")
	if err := os.WriteFile(file, []byte(manyMembers(40_000)), 0o600); err != nil {
		t.Fatal(err)
	}
	before := countRows(t, config, `SELECT COUNT(*) FROM members`)
	done := make(chan error, 1)
	var finished time.Time
	go func() {
		_, err := kopbotCmd(t, config, "members import", file)
		finished = time.Now()
		done <- err
	}()
	// Write once the import has begun bringing members in (or once it is over, without batches).
	var importErr error
	importing := false
	for !importing {
		select {
		case importErr = <-done:
			importing = true
			done <- importErr
		case <-time.After(50 * time.Millisecond):
			importing = countRows(t, config, `SELECT COUNT(*) FROM members`) > before
		}
	}
	app := openTestApp(t, config)
	ctx := context.Background()
	in := flows.Input{Branch: "pusat", From: "6281200000001", MessageID: "OPSAFE-IMPORT-1", Text: "saldo", At: time.Now(), Transport: "chat"}
	if err := app.Runner.Handle(ctx, in); err != nil {
		t.Fatalf("the member's message during the import: %v", err)
	}
	answered := time.Now()
	// The members in when the answer came: fewer than the file's, or the member waited for the whole import.
	inWhenAnswered := countRows(t, config, `SELECT COUNT(*) FROM members`) - before
	if err := <-done; err != nil {
		t.Fatalf("import: %v", err)
	}
	if !answered.Before(finished) || inWhenAnswered >= 40_000 {
		t.Errorf("the member was answered with %d of 40000 members in (%s before the import finished), not during the import",
			inWhenAnswered, finished.Sub(answered))
	}
	if got := countRows(t, config, `SELECT COUNT(*) FROM outbox WHERE in_message_id = 'OPSAFE-IMPORT-1'`); got == 0 {
		t.Errorf("no reply to the member's message was queued")
	}
	if got := countRows(t, config, `SELECT COUNT(*) FROM members`) - before; got != 40_000 {
		t.Errorf("imported %d members, want 40000", got)
	}
}

// While loans are imported batch by batch, a member who writes is answered before the import
// ends; every loan comes in. Small batches through the same hook keep this quick.
func TestLoansImportAnswersMembersMeanwhile(t *testing.T) {
	const loans = 24
	defer func(b int) { importBatch = b }(importBatch)
	importBatch = 6
	config := testConfig(t)
	dir := t.TempDir()
	members, loansFile := filepath.Join(dir, "members.csv"), filepath.Join(dir, "loans.csv")
	var b strings.Builder
	b.WriteString("member_no,product,principal,tenor,rate,disbursed_at,installments_paid,outstanding\n")
	for i := range loans {
		fmt.Fprintf(&b, "09.%06d,PIN,1.000.000,10,,2026-09-05,0,1.000.000\n", i+1)
	}
	if err := os.WriteFile(members, []byte(manyMembers(loans)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(loansFile, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	mustCmd(t, config, "members import", members)
	const count = `SELECT COUNT(*) FROM loans`
	before := countRows(t, config, count)
	done := make(chan error, 1)
	var finished time.Time
	go func() {
		_, err := kopbotCmd(t, config, "loans import", loansFile)
		finished = time.Now()
		done <- err
	}()
	for countRows(t, config, count) == before { // until the first loans are in (all of them, in one transaction)
		select {
		case err := <-done:
			t.Fatalf("the import ended before any loan was seen in: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	app := openTestApp(t, config)
	in := flows.Input{Branch: "pusat", From: "6281200000001", MessageID: "LATEPAY-IMPORT-1", Text: "saldo", At: time.Now(), Transport: "chat"}
	if err := app.Runner.Handle(context.Background(), in); err != nil {
		t.Fatalf("the member's message during the import: %v", err)
	}
	answered, inWhenAnswered := time.Now(), countRows(t, config, count)-before
	if err := <-done; err != nil {
		t.Fatalf("loans import: %v", err)
	}
	if !answered.Before(finished) || inWhenAnswered >= loans {
		t.Errorf("the member was answered with %d of %d loans in, not during the import", inWhenAnswered, loans)
	}
	if got := countRows(t, config, `SELECT COUNT(*) FROM outbox WHERE in_message_id = 'LATEPAY-IMPORT-1'`); got == 0 {
		t.Errorf("no reply to the member's message was queued")
	}
	if got := countRows(t, config, count) - before; got != loans {
		t.Errorf("imported %d loans, want %d", got, loans)
	}
}
