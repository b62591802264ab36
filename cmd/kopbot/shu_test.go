package main

import (
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSHUComputeAndPostDemo shares the demo's year: the CSV's figures follow the formula
// it states, post is refused until the year is closed, credits once, and the ledger holds.
func TestSHUComputeAndPostDemo(t *testing.T) {
	d := newDemoLedger(t)
	cashID, _, _ := d.cash(t)
	var incomeID int64 // the demo loan's interest is there
	if err := d.raw.QueryRow(`SELECT id FROM accounts WHERE kind = 'income' AND branch_id = 'pusat'`).Scan(&incomeID); err != nil {
		t.Fatal(err)
	}
	// The demo's history a year back, so last year is over and has members' savings and a surplus, whenever the test runs.
	d.post(t, "test:income", map[int64]int64{incomeID: 1_000_000, cashID: -1_000_000})
	d.exec(t, `UPDATE journal SET at = unixepoch(datetime(at, 'unixepoch', '-1 year'))`)
	year := strconv.Itoa(time.Now().Year() - 1)

	rows, err := csv.NewReader(strings.NewReader(mustCmd(t, d.config, "shu compute", year, "-csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || strings.Join(rows[0], ",") != "year,member_no,name,balance_days,days,average_savings,savings_pool,total_average,jasa_simpanan,interest_paid,loans_pool,total_interest,jasa_pinjaman,total" {
		t.Fatalf("CSV %v", rows)
	}
	var shared int64
	for _, r := range rows[1:] {
		n := make([]int64, len(r))
		for i := 3; i < len(r); i++ {
			n[i], _ = strconv.ParseInt(r[i], 10, 64)
		}
		// As a spreadsheet would: FLOOR(balance_days / days), FLOOR(pool × figure / total).
		if n[5] != n[3]/n[4] || n[8] != n[6]*n[5]/n[7] || (n[11] > 0 && n[12] != n[10]*n[9]/n[11]) || n[13] != n[8]+n[12] {
			t.Errorf("row %v does not follow the formula", r)
		}
		shared += n[13]
	}
	if pools, _ := strconv.ParseInt(rows[1][6], 10, 64); shared > pools+mustInt(rows[1][10]) || shared == 0 {
		t.Errorf("members share %d of pools %s + %s", shared, rows[1][6], rows[1][10])
	}

	if _, err := kopbotCmd(t, d.config, "shu post", year); err == nil || !strings.Contains(err.Error(), "are not closed") {
		t.Fatalf("post before the year is closed: %v", err)
	}
	d.exec(t, `INSERT INTO day_closes (day, started_at, closed_at, summary) VALUES (?, 1, 1, 'test')`, year+"-12-31")
	out := mustCmd(t, d.config, "shu post", year, "-by", "bendahara")
	if !strings.Contains(out, "SHU "+year+" of pusat posted") || !strings.Contains(out, "cadangan Rp") {
		t.Errorf("post said:\n%s", out)
	}
	if _, err := kopbotCmd(t, d.config, "shu post", year); err == nil || !strings.Contains(err.Error(), "was posted already") || !strings.Contains(err.Error(), "by bendahara") {
		t.Errorf("posting again: %v", err)
	}
	var credits int
	if err := d.raw.QueryRow(`SELECT COUNT(*) FROM journal WHERE key LIKE 'shu:' || ? || ':%' AND key NOT LIKE '%:pusat:%'`, year).Scan(&credits); err != nil || credits != len(rows)-1 {
		t.Errorf("%d members credited (%v), want %d", credits, err, len(rows)-1)
	}
	mustCmd(t, d.config, "ledger check")
	if text := mustCmd(t, d.config, "shu compute", year); !strings.Contains(text, "Posted ") || !strings.Contains(text, "by bendahara") {
		t.Errorf("compute after the post:\n%s", text)
	}
}

func mustInt(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
