package main

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
)

// The reminder part of kopbot bench, small: every tenth member is behind on simpanan wajib,
// a third have a loan, and the jobs' dry runs find them.
func TestBenchRemindersTiny(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	res, err := benchReminders(context.Background(), t.TempDir(), 600, time.Date(2026, 11, 22, 8, 0, 0, 0, loc), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if res.Members != 600 || res.Loans != 200 {
		t.Errorf("seeded %d members and %d loans, want 600 and 200", res.Members, res.Loans)
	}
	selected := map[string]int{}
	for _, j := range res.Jobs {
		selected[j.Name] = j.Selected
	}
	if selected[coop.JobWajib] != 60 {
		t.Errorf("simpanan wajib selected %d members, want the 60 behind", selected[coop.JobWajib])
	}
	// Installments fall due on days 1-28 of the month, one loan in 28 on each: days 22, 23 and 25.
	if n := selected[coop.JobInstallmentDue]; n < 15 || n > 30 {
		t.Errorf("installment-due selected %d borrowers, want those due today, tomorrow or in 3 days (about 21)", n)
	}
	if len(res.Jobs) != len(reminderJobs) {
		t.Errorf("timed %d jobs, want %d", len(res.Jobs), len(reminderJobs))
	}
	// The books of 30 November (interest and fees) and 1 December are closed for them.
	var days []string
	for _, d := range res.DayClose {
		days = append(days, d.Day)
	}
	if fmt.Sprint(days) != "[2026-11-30 2026-12-01]" {
		t.Errorf("closed %v, want the month's last day and the day after", days)
	}
}
