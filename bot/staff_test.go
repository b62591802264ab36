package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/kopbot/kopbot/store"
)

// staffMessage is what whatsmeow delivers when someone writes to chat from the branch's own phone.
func staffMessage(id, text string, chat types.JID) *events.Message {
	evt := textMessage(id, text, chat)
	evt.Info.IsFromMe = true
	evt.Info.Sender = types.NewJID("6281299990000", types.DefaultUserServer) // the branch's number
	evt.Info.Timestamp = time.Now()
	return evt
}

func openHandover(t *testing.T, db *store.DB, phone string) (store.Handover, bool) {
	t.Helper()
	var h store.Handover
	err := db.View(context.Background(), func(tx *store.Tx) (err error) {
		h, err = tx.OpenHandover(context.Background(), "pusat", phone)
		return err
	})
	return h, err == nil
}

// Staff writing to Budi from the branch's phone keeps the bot quiet for him: his next
// message gets no reply, and is out of the inbox, handled.
func TestStaffMessageTakesTheChatOver(t *testing.T) {
	br, _ := connectedBranch(t)
	deliver(br, staffMessage("3AF00D1234567890ABCD", "Selamat pagi Pak Budi, ada yang bisa dibantu?", budiPN))
	h, open := openHandover(t, br.bot.DB, "6281200000001")
	if !open || h.StartedBy != store.StartedByStaff {
		t.Fatalf("after staff wrote: %+v (open %v), want a takeover by staff", h, open)
	}
	deliver(br, textMessage("M1", "saldo", budiPN))
	if out := queued(t, br.bot.DB); len(out) != 0 {
		t.Fatalf("the bot answered while staff hold the chat: %+v", out)
	}
	if n := inboxLen(t, br.bot.DB); n != 0 {
		t.Errorf("the member's message is still in the inbox (%d)", n)
	}
}

// Staff writing in a LID chat take over the member whose number the LID store knows.
func TestStaffMessageInALIDChat(t *testing.T) {
	br, _ := connectedBranch(t)
	br.pnForLID = lidStoreKnowingBudi
	deliver(br, staffMessage("3A0000000000000000AA", "Halo Pak", budiLID))
	if _, open := openHandover(t, br.bot.DB, "6281200000001"); !open {
		t.Fatal("staff wrote in Budi's LID chat and the bot did not keep quiet for him")
	}
}

// kopbot's own messages come back from the phone as the branch's: they take nothing over,
// whether already marked sent or still being sent (queued, their echo ahead of the mark).
func TestKopbotsOwnEchoTakesNothingOver(t *testing.T) {
	br, _ := connectedBranch(t)
	sent := sentReply(t, br)
	unsent := queuedMessage(t, br, "6281200000001", budiLID.String(), "Pengingat angsuran", "")
	br.pnForLID = func(ctx context.Context, lid types.JID) (types.JID, error) { return budiPN, nil }
	deliver(br,
		staffMessage(string(outboxMessageID(sent)), sent.Text, budiPN),
		staffMessage(string(outboxMessageID(unsent)), unsent.Text, budiLID))
	if h, open := openHandover(t, br.bot.DB, "6281200000001"); open {
		t.Fatalf("kopbot's own echo was taken for staff: %+v", h)
	}
	// A 3EB0 ID kopbot never used (staff on WhatsApp Web) is staff's.
	deliver(br, staffMessage("3EB0AAAAAAAAAAAAAAAAAA", "Halo dari WhatsApp Web", budiPN))
	if _, open := openHandover(t, br.bot.DB, "6281200000001"); !open {
		t.Error("staff writing from WhatsApp Web took nothing over")
	}
}

// The branch's phone in a group, a reaction from it, or a status takes no chat over.
func TestOwnMessagesOutsideAMembersChatTakeNothingOver(t *testing.T) {
	br, _ := connectedBranch(t)
	group := staffMessage("3A01", "rapat jam 10", types.NewJID("120363000000000000", types.GroupServer))
	group.Info.IsGroup = true
	status := staffMessage("3A02", "promo", types.StatusBroadcastJID)
	reaction := staffMessage("3A03", "", budiPN)
	reaction.Message.Conversation = nil
	reaction.Message.ReactionMessage = &waE2E.ReactionMessage{Text: proto.String("👍")}
	deliver(br, group, status, reaction)
	if _, open := openHandover(t, br.bot.DB, "6281200000001"); open {
		t.Fatal("a group message, a status or a reaction from the branch's phone silenced the bot")
	}
	deliver(br, textMessage("M2", "saldo", budiPN))
	if out := queued(t, br.bot.DB); len(out) != 1 || !strings.Contains(out[0].Text, "*Tabungan Budi Santoso*") {
		t.Fatalf("Budi was not answered: %+v", out)
	}
}
