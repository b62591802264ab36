package flows_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kopbot/kopbot/flows"
)

// The runner's hot path, one message a loop on a real SQLite file with full durability:
// each includes its transaction's commit (an fsync), as in service.

func BenchmarkHandleMenu(b *testing.B) {
	db, phones, _ := transferWorld(b, 2, 1_000_000)
	benchConversation(b, newRunner(b, db, time.Now), phones[0], "menu-", "menu")
}

// Cek Tabungan: the list of accounts, then one account's last movements.
func BenchmarkHandleCekTabungan(b *testing.B) {
	db, phones, _ := transferWorld(b, 2, 1_000_000)
	benchConversation(b, newRunner(b, db, time.Now), phones[0], "cek-", "cek tabungan", "1")
}

// benchConversation measures the messages texts from phone, sent again and again (message
// IDs prefix, the loop, the message).
func benchConversation(b *testing.B, r *flows.Runner, phone, prefix string, texts ...string) {
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		for k, text := range texts {
			if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: phone, MessageID: fmt.Sprint(prefix, i, "-", k), Text: text}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// A transfer's amount step: the limits and funds checked, the summary shown.
func BenchmarkHandleTransferStep(b *testing.B) {
	db, phones, accounts := transferWorld(b, 2, 1_000_000)
	r := newRunner(b, db, time.Now)
	ctx := context.Background()
	n := 0
	send := func(text string) {
		n++
		if err := r.Handle(ctx, flows.Input{Branch: "pusat", From: phones[0], MessageID: fmt.Sprint("trf-", n), Text: text}); err != nil {
			b.Fatal(err)
		}
	}
	send("transfer")
	send(accounts[1])
	b.ReportAllocs()
	for b.Loop() {
		send("50rb") // asks to confirm: the next loop's amount is a retry of the same step
		b.StopTimer()
		send("tidak")
		send("transfer")
		send(accounts[1])
		b.StartTimer()
	}
}

// A whole transfer, five messages, the PIN with the tests' cheap argon2id parameters (the
// real ones cost about 25 ms of CPU, which BenchmarkPINCheck measures).
func BenchmarkHandleTransfer(b *testing.B) {
	db, phones, accounts := transferWorld(b, 2, 1_000_000_000)
	r := newRunner(b, db, time.Now)
	r.Rules.TransferDailyMax = 0
	benchConversation(b, r, phones[0], "t-", "transfer", accounts[1], "1rb", "ya", "147258")
}
