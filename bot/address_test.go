package bot

import (
	"context"
	"os"
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/kopbot/kopbot/store"
)

// bulkMessage queues a reminder (bulk, no reply address) to phone.
func bulkMessage(t *testing.T, br *Branch, phone, text string) store.OutMessage {
	t.Helper()
	ctx := context.Background()
	err := br.bot.DB.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.Enqueue(ctx, store.OutMessage{Branch: br.ID, To: phone, Text: text, Bulk: true})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	out := queued(t, br.bot.DB)
	return out[len(out)-1]
}

// A reminder goes to the member's LID chat when the device's LID store or WhatsApp knows
// it (and what WhatsApp said is remembered), to their number when nobody does.
func TestBulkMessagesGoToTheLIDChat(t *testing.T) {
	br, fc := connectedBranch(t)
	ctx := context.Background()
	aniPN, aniLID := types.NewJID("6281300000002", types.DefaultUserServer), types.NewJID("208000000000002", types.HiddenUserServer)
	cahyoPN := types.NewJID("6281300000003", types.DefaultUserServer)
	br.lidForPN = func(ctx context.Context, pn types.JID) (types.JID, error) {
		if pn == budiPN {
			return budiLID, nil
		}
		return types.JID{}, nil
	}
	fc.lids = map[types.JID]types.JID{aniPN: aniLID}
	for _, m := range []store.OutMessage{
		bulkMessage(t, br, budiPN.User, "Pengingat angsuran Budi"),
		bulkMessage(t, br, aniPN.User, "Pengingat angsuran Ani"),
		bulkMessage(t, br, cahyoPN.User, "Pengingat angsuran Cahyo"),
		bulkMessage(t, br, aniPN.User, "Pengingat simpanan wajib Ani"),
	} {
		if err := br.send(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	sent := fc.sentTexts()
	if len(sent) != 4 {
		t.Fatalf("sent %d messages", len(sent))
	}
	for i, want := range []types.JID{budiLID, aniLID, cahyoPN, aniLID} {
		if sent[i].to != want {
			t.Errorf("%q went to %v, want %v", sent[i].msg.GetConversation(), sent[i].to, want)
		}
	}
	if fc.userInfos != 2 {
		t.Errorf("WhatsApp was asked %d times, want twice (Ani once, then remembered; Cahyo)", fc.userInfos)
	}
}

// ephemeralText is a member's text in a chat with disappearing messages set to d seconds.
func ephemeralText(text string, seconds uint32) *waE2E.Message {
	return &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String(text),
		ContextInfo: &waE2E.ContextInfo{Expiration: proto.Uint32(seconds)}}}
}

// Replies in a chat with disappearing messages carry its timer, also after a restart; a
// message without the timer turns it off.
func TestRepliesCarryTheChatsDisappearingTimer(t *testing.T) {
	br, fc := connectedBranch(t)
	ctx := context.Background()
	sendAll := func() []sentMessage {
		t.Helper()
		before := len(fc.sentTexts())
		for _, m := range queued(t, br.bot.DB) {
			if err := br.send(ctx, m); err != nil {
				t.Fatal(err)
			}
			if err := br.bot.DB.Update(ctx, func(tx *store.Tx) error { return tx.MarkSent(ctx, m.ID) }); err != nil {
				t.Fatal(err)
			}
		}
		return fc.sentTexts()[before:]
	}
	evt := textMessage("E1", "", budiPN)
	evt.Message, evt.IsEphemeral = ephemeralText("saldo", 604800), true
	deliver(br, evt)
	sent := sendAll()
	if len(sent) != 1 || sent[0].msg.GetExtendedTextMessage().GetContextInfo().GetExpiration() != 604800 ||
		sent[0].msg.GetExtendedTextMessage().GetText() == "" {
		t.Fatalf("a reply in a 7-day disappearing chat: %v", sent)
	}
	// A restart forgets what was in memory, not the timer.
	br.expiry = nil
	img := t.TempDir() + "/qris.png"
	if err := writeFile(img, "\x89PNG\r\n\x1a\nfake"); err != nil {
		t.Fatal(err)
	}
	queuedMessage(t, br, budiPN.User, "", "Scan untuk membayar", img)
	sent = sendAll()
	if len(sent) != 1 || sent[0].msg.GetImageMessage().GetContextInfo().GetExpiration() != 604800 {
		t.Fatalf("a photo in the disappearing chat after a restart: %v", sent)
	}
	// The member turns disappearing messages off: their next message has no timer.
	deliver(br, textMessage("E2", "saldo", budiPN))
	sent = sendAll()
	if len(sent) != 1 || sent[0].msg.GetConversation() == "" || sent[0].msg.GetExtendedTextMessage() != nil {
		t.Fatalf("a reply after the timer was turned off: %v", sent)
	}
}

func writeFile(path, data string) error { return os.WriteFile(path, []byte(data), 0o600) }
