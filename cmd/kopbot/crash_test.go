package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// A process applying transfers is killed with SIGKILL at random moments, several times,
// and started again. Afterwards the ledger holds, money is conserved, and every transfer
// whose receipt reached the member is in the journal exactly once.
func TestTransfersSurviveKills(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts kopbot several times")
	}
	config := testConfig(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	savingsTotal := func() int64 {
		db, _ := openConfigDB(t, config)
		defer db.Close()
		var total int64
		err := db.View(context.Background(), func(tx *store.Tx) error {
			for _, phone := range []string{"6281200000001", "6281200000002"} {
				m, err := tx.MemberByPhone(context.Background(), phone)
				if err != nil {
					return err
				}
				accts, err := tx.AccountsOfMember(context.Background(), m.ID, store.AccountSavings)
				if err != nil {
					return err
				}
				for _, a := range accts {
					total += a.Amount()
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return total
	}
	before := savingsTotal()
	refRE := regexp.MustCompile(`Transfer berhasil\*\nNo\. referensi: TRX-(\d+)`)
	var mu sync.Mutex
	receipts := map[int64]int{} // journal ID -> receipts seen
	run := func(lines []string, killAfter time.Duration) {
		cmd := exec.Command(exe, "chat", "-jsonl", "-config", config)
		cmd.Env = append(os.Environ(), "KOPBOT_TEST_RUN_MAIN=1")
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			sc := bufio.NewScanner(stdout)
			sc.Buffer(make([]byte, 1<<20), 1<<20)
			for sc.Scan() {
				var o chatOut
				if json.Unmarshal(sc.Bytes(), &o) != nil {
					continue
				}
				if m := refRE.FindStringSubmatch(o.Text); m != nil {
					id, _ := strconv.ParseInt(m[1], 10, 64) // not Sscan: it reads 000051 as octal
					mu.Lock()
					receipts[id]++
					mu.Unlock()
				}
			}
		}()
		go func() {
			for _, l := range lines {
				if _, err := io.WriteString(stdin, l+"\n"); err != nil {
					return
				}
			}
			if killAfter == 0 {
				stdin.Close()
			}
		}()
		if killAfter > 0 {
			time.Sleep(killAfter)
			_ = cmd.Process.Signal(syscall.SIGKILL)
		}
		<-done
		_ = cmd.Wait()
	}
	conversation := func(from, to string, amount int) []string {
		var out []string
		for _, text := range []string{"transfer", to, fmt.Sprint(amount), "ya", "147258"} {
			out = append(out, fmt.Sprintf(`{"from":%q,"text":%q}`, from, text))
		}
		return out
	}
	rng := rand.New(rand.NewPCG(42, 7))
	for round := 0; round < 6; round++ {
		var lines []string
		for k := 0; k < 40; k++ {
			if k%2 == 0 {
				lines = append(lines, conversation("6281200000001", "0812-0000-0002", 1000+k)...)
			} else {
				lines = append(lines, conversation("6281200000002", "0812-0000-0001", 1000+k)...)
			}
		}
		run(lines, time.Duration(100+rng.IntN(1000))*time.Millisecond)
	}
	// A clean run shows what the killed runs queued but never showed, and completes a few
	// transfers however slow this machine (or the race detector) made the killed ones.
	var last []string
	for k := 0; k < 4; k++ {
		last = append(last, conversation("6281200000001", "0812-0000-0002", 5000+k)...)
	}
	run(last, 0)

	ctx := context.Background()
	db, _ := openTestDB(t, config)
	err = db.View(ctx, func(tx *store.Tx) error {
		report, err := tx.CheckLedger(ctx)
		if err != nil {
			return err
		}
		if !report.OK() {
			t.Errorf("the ledger does not hold after the kills: %+v", report.Violations)
		}
		for id := range receipts {
			var key string
			posted, err := tx.PostedByID(ctx, id)
			if err != nil {
				t.Errorf("receipt %s names journal %d, which is not there: %v", store.JournalRef(id), id, err)
				continue
			}
			key = posted.Key
			if posted.Kind != store.KindTransfer {
				t.Errorf("receipt %s names a %s journal (%s)", store.JournalRef(id), posted.Kind, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if after := savingsTotal(); after != before {
		t.Errorf("the two members' savings total %d after the kills, %d before: money was made or lost", after, before)
	}
	if len(receipts) == 0 {
		t.Fatal("no transfer went through in any run; the test proved nothing")
	}
	t.Logf("%d transfers with receipts over 6 killed runs", len(receipts))
}
