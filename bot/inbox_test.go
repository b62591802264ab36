package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
)

func inboxLen(t *testing.T, db *store.DB) int {
	t.Helper()
	return len(viewed(t, db, func(ctx context.Context, tx *store.Tx) ([]store.InboxItem, error) { return tx.Inbox(ctx, "pusat", 100) }))
}

// A message is in the database before whatsmeow may acknowledge it: when the process dies
// between the two (here the handler never runs), the next start answers it, once.
func TestMessageKeptUntilHandled(t *testing.T) {
	br, _ := connectedBranch(t)
	stuck := make(chan struct{})
	br.bot.Handle = func(ctx context.Context, in flows.Input) error { <-stuck; return nil } // the crash: never handled
	if ok := br.handleEvent(textMessage("K1", "saldo", budiPN)); !ok {
		t.Fatal("the message was kept, so whatsmeow may acknowledge it")
	}
	if n := inboxLen(t, br.bot.DB); n != 1 {
		t.Fatalf("the inbox holds %d messages, want the one WhatsApp was told arrived", n)
	}
	close(stuck)
	br.bot.dispatch.Wait()

	// The next process: the same database, a fresh bot and runner.
	b2, _ := testBot(t, nil)
	b2.DB = br.bot.DB
	b2.Handle = (&flows.Runner{DB: br.bot.DB, Now: br.bot.now, SessionTimeout: 15 * 60e9, Language: "id", Cooperative: "KSP"}).Handle
	br2, _ := b2.Branch("pusat")
	br2.sender.DB = br.bot.DB
	br2.replayInbox(context.Background())
	b2.dispatch.Wait()
	out := queued(t, br.bot.DB)
	if len(out) != 1 || !strings.Contains(out[0].Text, "*Tabungan Budi Santoso*") {
		t.Fatalf("after the restart the message should be answered once, got %+v", out)
	}
	if n := inboxLen(t, br.bot.DB); n != 0 {
		t.Fatalf("the inbox still holds %d messages after they were handled", n)
	}
	// Working the inbox again (another restart) answers nothing twice.
	br2.replayInbox(context.Background())
	b2.dispatch.Wait()
	if out := queued(t, br.bot.DB); len(out) != 1 {
		t.Fatalf("a second restart answered again: %d replies", len(out))
	}
}

// When the message cannot be kept, the handler says so, and whatsmeow leaves it
// unacknowledged for WhatsApp to deliver again.
func TestMessageNotKeptIsNotAcknowledged(t *testing.T) {
	br, _ := connectedBranch(t)
	br.bot.DB.Close()
	if ok := br.handleEvent(textMessage("K2", "saldo", budiPN)); ok {
		t.Fatal("a message that could not be kept must not be acknowledged")
	}
}

// A phone asking again for a message sent long ago (whatsmeow keeps only its last 256 in
// memory, and none over a restart) gets it from the outbox.
func TestRetryAnsweredFromTheOutbox(t *testing.T) {
	br, fc := connectedBranch(t)
	m := sentReply(t, br)
	if len(fc.sentTexts()) != 1 {
		t.Fatalf("sent %d messages, want 1", len(fc.sentTexts()))
	}
	id := outboxMessageID(m)
	got := br.messageForRetry(budiPN, budiPN, id)
	if got.GetConversation() != "Saldo Anda Rp2.400.000" {
		t.Fatalf("a retry for %s should get the sent text, got %v", id, got)
	}
	if br.messageForRetry(budiPN, budiPN, "3EB0NOTOURS") != nil {
		t.Error("a message kopbot never sent has nothing to answer a retry with")
	}
}
