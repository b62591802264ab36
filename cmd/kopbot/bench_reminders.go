package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// reminderBench is what the morning's reminder jobs cost: selecting the day's reminders
// among many members, as a dry run (everything but recording and sending) of each job.
type reminderBench struct {
	Members      int                `json:"members"`
	Loans        int                `json:"loans"`
	SeedSeconds  float64            `json:"seed_seconds"`
	Jobs         []reminderJobBench `json:"jobs"`
	TotalSeconds float64            `json:"total_seconds"` // the jobs' selections, one after another
	// DayClose is closing the books of a month's last day (interest posted, fees charged: the
	// heaviest day) and of the ordinary day after it, for the same members.
	DayClose []dayCloseBench `json:"day_close"`
}

type dayCloseBench struct {
	Day     string   `json:"day"`
	Seconds float64  `json:"seconds"`
	Steps   []string `json:"steps"` // what each step did
}

type reminderJobBench struct {
	Name     string  `json:"name"`
	Seconds  float64 `json:"seconds"`
	Selected int     `json:"selected"` // members who would be reminded or listed for a call
}

// reminderJobs are the jobs that look through members for what falls due.
var reminderJobs = []string{coop.JobInstallmentDue, coop.JobOverdue, coop.JobMaturity, coop.JobWajib}

// benchReminders seeds a fresh database in dir with members (a third of them with a loan
// whose installments fall due on days spread over the month; one in ten behind on simpanan
// wajib) and times a dry run of each reminder job at now.
func benchReminders(ctx context.Context, dir string, members int, now time.Time, stderr io.Writer) (reminderBench, error) {
	res := reminderBench{Members: members}
	config := filepath.Join(dir, "reminders.yaml")
	// Two branches: account numbers hold 99,999 accounts of a product per branch.
	body := fmt.Sprintf("data_dir: %s\nlog:\n  level: warn\nbranches:\n  - {id: pusat, code: \"01\", name: Kantor Pusat}\n  - {id: cabang, code: \"02\", name: Kantor Cabang}\n",
		filepath.Join(dir, "reminders"))
	if err := os.WriteFile(config, []byte(body), 0o600); err != nil {
		return res, err
	}
	app, err := openApp(ctx, commonFlags{config: config, create: true}, stderr)
	if err != nil {
		return res, err
	}
	defer app.Close()
	loc := app.Config.Location()
	now = now.In(loc)
	app.Now = func() time.Time { return now }
	app.DB.Now = app.Now

	start := time.Now()
	if res.Loans, err = seedReminderMembers(ctx, app, members, now); err != nil {
		return res, err
	}
	res.SeedSeconds = time.Since(start).Seconds()

	jobs := app.Jobs()
	for _, name := range reminderJobs {
		t0 := time.Now()
		rep, err := jobs.Run(ctx, name, now, true)
		if err != nil {
			return res, err
		}
		took := time.Since(t0).Seconds()
		res.Jobs = append(res.Jobs, reminderJobBench{Name: name, Seconds: took, Selected: len(rep.Sent) + len(rep.Calls)})
		res.TotalSeconds += took
	}
	res.DayClose, err = benchDayClose(ctx, app, now)
	return res, err
}

// benchDayClose times closing the books of the month's last day, the first day ever closed
// (so interest posts and fees are charged on it: the heaviest close), then of the day after,
// each as the job does after midnight.
func benchDayClose(ctx context.Context, app *App, now time.Time) ([]dayCloseBench, error) {
	loc := now.Location()
	clock := now
	app.Office.Now = func() time.Time { return clock }
	app.DB.Now = app.Office.Now
	monthEnd := time.Date(now.Year(), now.Month()+1, 0, 0, 0, 0, 0, loc)
	var out []dayCloseBench
	for _, day := range []time.Time{monthEnd, monthEnd.AddDate(0, 0, 1)} {
		clock = day.AddDate(0, 0, 1).Add(30 * time.Minute)
		t0 := time.Now()
		rep, err := app.Office.CloseDay(ctx, day)
		if err != nil {
			return out, fmt.Errorf("close %s: %w", day.Format(store.DateLayout), err)
		}
		b := dayCloseBench{Day: day.Format(store.DateLayout), Seconds: time.Since(t0).Seconds()}
		for _, s := range rep.Steps {
			b.Steps = append(b.Steps, s.Step+": "+s.Summary)
		}
		out = append(out, b)
	}
	return out, nil
}

// seedReminderMembers loads members in one transaction and returns how many loans it made.
func seedReminderMembers(ctx context.Context, app *App, n int, now time.Time) (int, error) {
	branches := app.Config.Branches
	loc := now.Location()
	joined := time.Date(now.Year(), now.Month(), 1, 9, 0, 0, 0, loc).AddDate(0, -6, 0)
	months := int64(7) // simpanan wajib from the month joined to this one
	rows := make([]store.ImportRow, n)
	for i := range rows {
		wajib := months * 50_000
		if i%10 == 3 {
			wajib -= 50_000 // this month's is unpaid
		}
		b := branches[i%len(branches)]
		rows[i] = store.ImportRow{Line: i + 2, Member: store.Member{Branch: b.ID, No: fmt.Sprintf("%s.%06d", b.Code, i+1), NIK: fmt.Sprintf("3204%012d", i+1),
			Name: fmt.Sprintf("Anggota %06d", i+1), Phone: fmt.Sprintf("62858%08d", i), Gender: "L",
			BirthDate: time.Date(1970+i%30, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)},
			Openings: []store.Opening{{Product: "SP", Amount: 100_000}, {Product: "SW", Amount: wajib}, {Product: "TAB", Amount: 1_000_000}}}
	}
	loans := 0
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.ImportMembers(ctx, rows, joined, nil); err != nil {
			return fmt.Errorf("seed members: %w", err)
		}
		products, err := tx.Products(ctx)
		if err != nil {
			return err
		}
		var lp store.Product
		for _, p := range products {
			if p.Kind == store.ProductPinjaman {
				lp = p
				break
			}
		}
		for i := 0; i < n; i += 3 {
			branch := rows[i].Member.Branch
			cash, err := tx.SystemAccount(ctx, branch, store.AccountCash)
			if err != nil {
				return err
			}
			m, err := tx.MemberByPhone(ctx, rows[i].Member.Phone)
			if err != nil {
				return err
			}
			// Disbursed 1 to 2 months ago, so installments fall due on every day of the month.
			start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc).AddDate(0, -2, i/3%28+1)
			acct, err := tx.OpenAccount(ctx, store.OpenAccount{Branch: branch, MemberID: m.ID, Product: lp, Name: lp.Name, At: start})
			if err != nil {
				return err
			}
			const principal = 6_000_000
			if _, _, err := tx.Post(ctx, store.Entry{Key: store.KeyBench.KeyID(m.ID), Branch: branch, Kind: store.KindDisbursement,
				Memo: store.Memo{Kind: store.MemoDisbursement}, AuthorKind: store.AuthorSystem, AuthorID: "bench", At: start.Add(10 * time.Hour),
				Postings: []store.Posting{{Account: acct.ID, Amount: -principal}, {Account: cash.ID, Amount: principal}}}); err != nil {
				return err
			}
			schedule := store.FlatSchedule(principal, lp.RateBP, 12, start)
			if _, err := tx.CreateLoan(ctx, store.Loan{Account: acct, Principal: principal, RateBP: lp.RateBP, Method: "flat",
				TenorMonths: 12, Start: start}, schedule); err != nil {
				return err
			}
			loans++
		}
		return nil
	})
	return loans, err
}
