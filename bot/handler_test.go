package bot

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/kopbot/kopbot/flows"
)

var (
	budiPN  = types.NewJID("6281200000001", types.DefaultUserServer)
	budiLID = types.NewJID("209876543210987", types.HiddenUserServer)
)

// textMessage is an *events.Message as whatsmeow delivers a member's text in a private chat.
func textMessage(id, text string, sender types.JID) *events.Message {
	return &events.Message{
		Info: types.MessageInfo{
			MessageSource: types.MessageSource{Chat: sender, Sender: sender},
			ID:            id, Timestamp: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC), PushName: "Budi",
		},
		Message: &waE2E.Message{Conversation: proto.String(text)},
	}
}

// connectedBranch is the demo bot's branch with a fake client already connected.
func connectedBranch(t *testing.T) (*Branch, *fakeClient) {
	b, _ := testBot(t, nil)
	br, _ := b.Branch("pusat")
	fc := &fakeClient{connected: true}
	br.setClient(fc, nil)
	br.setState(StateConnected, "")
	return br, fc
}

// deliver hands events to the branch's handler and waits until the members' workers are done.
func deliver(br *Branch, evts ...any) {
	for _, e := range evts {
		br.handleEvent(e)
	}
	br.bot.dispatch.Wait()
}

func TestTextMessageIsAnsweredAndMarkedRead(t *testing.T) {
	br, fc := connectedBranch(t)
	deliver(br, textMessage("M1", "saldo", budiPN))
	out := queued(t, br.bot.DB)
	if len(out) != 1 || out[0].To != "6281200000001" || !strings.Contains(out[0].Text, "*Tabungan Budi Santoso*") {
		t.Fatalf("want Budi's savings queued for him, got %+v", out)
	}
	if out[0].Address != "" {
		t.Errorf("a phone-addressed chat needs no reply address, got %q", out[0].Address)
	}
	if ids := fc.readIDs(); len(ids) != 1 || ids[0] != "M1" {
		t.Errorf("the message should be marked read once handled, got %v", ids)
	}
}

func TestExtendedTextMessage(t *testing.T) {
	br, _ := connectedBranch(t)
	evt := textMessage("M1", "", budiPN)
	evt.Message = &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String("cek tabungan")}}
	deliver(br, evt)
	if out := queued(t, br.bot.DB); len(out) != 1 || !strings.Contains(out[0].Text, "*Tabungan Budi Santoso*") {
		t.Fatalf("an extended text message should be read like plain text, got %+v", out)
	}
}

func TestImageCaptionIsTheTextAndThePhotoIsKept(t *testing.T) {
	br, fc := connectedBranch(t)
	photo := []byte("\xff\xd8\xff\xe0 a jpeg of a KTP")
	fc.download = func(msg whatsmeow.DownloadableMessage) ([]byte, error) { return photo, nil }
	evt := textMessage("IMG1", "", budiPN)
	evt.Message = &waE2E.Message{ImageMessage: &waE2E.ImageMessage{Caption: proto.String("menu"), Mimetype: proto.String("image/jpeg"),
		FileLength: proto.Uint64(uint64(len(photo)))}}
	deliver(br, evt)
	if out := queued(t, br.bot.DB); len(out) != 1 || !strings.Contains(out[0].Text, "13. Verifikasi KTP") {
		t.Fatalf("the caption \"menu\" should get the menu, got %+v", out)
	}
	entries, err := os.ReadDir(br.bot.Settings.MediaDir + "/pusat")
	if err != nil || len(entries) != 1 {
		t.Fatalf("want the photo saved under the media directory, got %v, %v", entries, err)
	}
	path := br.bot.Settings.MediaDir + "/pusat/" + entries[0].Name()
	got, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	if string(got) != string(photo) || st.Mode().Perm() != 0o600 {
		t.Errorf("saved photo: %q with mode %v; want the downloaded bytes, owner-only", got, st.Mode().Perm())
	}
}

func TestDownloadWarningKeepsThePhoto(t *testing.T) {
	br, fc := connectedBranch(t)
	fc.download = func(msg whatsmeow.DownloadableMessage) ([]byte, error) {
		return []byte("jpeg"), whatsmeow.ErrFileLengthMismatch
	}
	evt := textMessage("IMG2", "", budiPN)
	evt.Message = &waE2E.Message{ImageMessage: &waE2E.ImageMessage{Caption: proto.String("menu"), FileLength: proto.Uint64(3)}}
	deliver(br, evt)
	if entries, _ := os.ReadDir(br.bot.Settings.MediaDir + "/pusat"); len(entries) != 1 {
		t.Errorf("a length-mismatch warning should keep the photo, got %d files", len(entries))
	}
}

func TestTooLargePhotoIsNotDownloadedButTheCaptionIsAnswered(t *testing.T) {
	br, fc := connectedBranch(t)
	downloads := 0
	fc.download = func(msg whatsmeow.DownloadableMessage) ([]byte, error) { downloads++; return []byte("x"), nil }
	evt := textMessage("IMG3", "", budiPN)
	evt.Message = &waE2E.Message{ImageMessage: &waE2E.ImageMessage{Caption: proto.String("saldo"), FileLength: proto.Uint64(50 << 20)}}
	deliver(br, evt)
	if downloads != 0 {
		t.Errorf("a 50 MB photo was downloaded past the 1 MB limit")
	}
	if out := queued(t, br.bot.DB); len(out) != 1 || !strings.Contains(out[0].Text, "*Tabungan Budi Santoso*") {
		t.Fatalf("the caption should still be answered, got %+v", out)
	}
}

// The media directory cannot be written (here: its path runs through a file; as root, modes
// alone do not stop a write): the member gets a clear apology instead of an answer to the
// caption alone.
func TestPhotoNotKeptWhenTheMediaDirectoryIsNotWritable(t *testing.T) {
	br, fc := connectedBranch(t)
	fc.download = func(msg whatsmeow.DownloadableMessage) ([]byte, error) { return []byte("jpeg"), nil }
	blocker := t.TempDir() + "/file"
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	br.bot.Settings.MediaDir = blocker + "/media"
	evt := textMessage("IMG4", "", budiPN)
	evt.Message = &waE2E.Message{ImageMessage: &waE2E.ImageMessage{Caption: proto.String("saldo"), FileLength: proto.Uint64(4)}}
	deliver(br, evt)
	if out := queued(t, br.bot.DB); len(out) != 1 || !strings.Contains(out[0].Text, "foto Anda belum bisa kami simpan") {
		t.Fatalf("a photo that could not be kept should get an apology, got %+v", out)
	}
}

func TestLIDSenderWithSenderAltIsTheMember(t *testing.T) {
	br, _ := connectedBranch(t)
	evt := textMessage("L1", "saldo", budiLID)
	evt.Info.SenderAlt = budiPN
	evt.Info.AddressingMode = types.AddressingModeLID
	deliver(br, evt)
	out := queued(t, br.bot.DB)
	if len(out) != 1 || out[0].To != "6281200000001" || !strings.Contains(out[0].Text, "*Tabungan Budi Santoso*") {
		t.Fatalf("an @lid sender with SenderAlt should be Budi, got %+v", out)
	}
	if out[0].Address != budiLID.String() {
		t.Errorf("the reply should go to the LID chat the member wrote in, got address %q", out[0].Address)
	}
}

func TestLIDSenderResolvedThroughTheLIDStore(t *testing.T) {
	br, _ := connectedBranch(t)
	br.pnForLID = lidStoreKnowingBudi
	deliver(br, textMessage("L2", "saldo", budiLID))
	if out := queued(t, br.bot.DB); len(out) != 1 || out[0].To != "6281200000001" {
		t.Fatalf("the LID store knows Budi's number; got %+v", out)
	}
}

func TestUnknownLIDSenderIsStillAnswered(t *testing.T) {
	br, _ := connectedBranch(t)
	stranger := types.NewJID("111222333444555", types.HiddenUserServer)
	deliver(br, textMessage("L3", "saldo", stranger))
	out := queued(t, br.bot.DB)
	if len(out) != 1 || out[0].To != stranger.String() || !strings.Contains(out[0].Text, "belum terdaftar") {
		t.Fatalf("a sender with no known number should get the not-a-member answer in their chat, got %+v", out)
	}
	to, err := recipient(out[0])
	if err != nil || to != stranger {
		t.Errorf("the reply goes to %v (%v), want the LID chat %v", to, err, stranger)
	}
}

func TestIgnoredMessages(t *testing.T) {
	br, fc := connectedBranch(t)
	group := textMessage("G1", "saldo", budiPN)
	group.Info.Chat, group.Info.IsGroup = types.NewJID("120363000000000000", types.GroupServer), true
	own := textMessage("O1", "saldo", budiPN)
	own.Info.IsFromMe = true
	status := textMessage("S1", "saldo", budiPN)
	status.Info.Chat = types.StatusBroadcastJID
	news := textMessage("N1", "saldo", types.NewJID("120363111111111111", types.NewsletterServer))
	reaction := textMessage("R1", "", budiPN)
	reaction.Message = &waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{Text: proto.String("👍")}}
	deliver(br, group, own, status, news, reaction)
	if out := queued(t, br.bot.DB); len(out) != 0 {
		t.Fatalf("groups, our own messages, status, newsletters and reactions need no answer; got %+v", out)
	}
	if len(fc.readIDs()) != 0 {
		t.Errorf("ignored messages were marked read: %v", fc.readIDs())
	}
}

func TestDuplicateMessageIsAnsweredOnce(t *testing.T) {
	br, _ := connectedBranch(t)
	evt := textMessage("D1", "saldo", budiPN)
	deliver(br, evt, evt)
	// A redelivery after a restart (the in-memory memory of IDs is gone) is caught by the runner.
	br.seen = recentIDs{}
	deliver(br, evt)
	if out := queued(t, br.bot.DB); len(out) != 1 {
		t.Fatalf("the same message ID three times should be answered once, got %d replies", len(out))
	}
}

// Message IDs are made by members' phones: two members may send the same one, and each is
// answered, by the bot's memory of IDs, the inbox and the runner alike.
func TestSameMessageIDFromTwoSendersBothAnswered(t *testing.T) {
	br, _ := connectedBranch(t)
	sitiPN := types.NewJID("6281200000099", types.DefaultUserServer)
	budi, siti := textMessage("SAME1", "saldo", budiPN), textMessage("SAME1", "saldo", sitiPN)
	deliver(br, budi, siti)
	br.seen = recentIDs{} // a restart: only the database remembers
	deliver(br, budi, siti)
	out := queued(t, br.bot.DB)
	to := map[string]int{}
	for _, m := range out {
		to[m.To]++
	}
	if len(out) != 2 || to["6281200000001"] != 1 || to["6281200000099"] != 1 {
		t.Fatalf("two senders' messages under one ID, each delivered twice, should get one answer each, got %v", to)
	}
}

// The rules read when kopbot received a message, not the time its sender's phone stamped on
// it (hours or days old in a backlog after downtime, or set ahead on purpose).
func TestMessageTimeIsWhenItWasReceived(t *testing.T) {
	br, _ := connectedBranch(t)
	var got flows.Input
	br.bot.Handle = func(ctx context.Context, in flows.Input) error { got = in; return nil }
	evt := textMessage("T1", "saldo", budiPN)
	before := time.Now()
	deliver(br, evt)
	if got.At.Before(before) || got.At.After(time.Now()) {
		t.Errorf("the message's time is %s, want when it was received (%s or just after)", got.At, before)
	}
	if !got.Claimed.Equal(evt.Info.Timestamp) {
		t.Errorf("the sender's stamp %s should be kept as claimed, got %s", evt.Info.Timestamp, got.Claimed)
	}
}

func TestOneMembersMessagesAreHandledInOrder(t *testing.T) {
	br, _ := connectedBranch(t)
	// "1" lists the accounts, "1" then picks the first: only in this order is "1" an account.
	deliver(br, textMessage("A", "1", budiPN), textMessage("B", "1", budiPN))
	out := queued(t, br.bot.DB)
	if len(out) != 2 || !strings.Contains(out[1].Text, "*Simpanan Pokok*\nNo.") {
		t.Fatalf("want the list then the first account's movements, got %+v", out)
	}
}

func TestSendTextAndImage(t *testing.T) {
	br, fc := connectedBranch(t)
	img := t.TempDir() + "/qris.png"
	if err := os.WriteFile(img, []byte("\x89PNG\r\n\x1a\nfake"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	m := queuedMessage(t, br, "6281200000001", "", "Halo", "")
	if err := br.send(ctx, m); err != nil {
		t.Fatal(err)
	}
	lid := queuedMessage(t, br, "6281200000001", budiLID.String(), "Halo lagi", "")
	if err := br.send(ctx, lid); err != nil {
		t.Fatal(err)
	}
	pic := queuedMessage(t, br, "6281200000001", "", "Scan untuk membayar", img)
	if err := br.send(ctx, pic); err != nil {
		t.Fatal(err)
	}
	sent := fc.sentTexts()
	if len(sent) != 3 {
		t.Fatalf("sent %d messages", len(sent))
	}
	if sent[0].to != budiPN || sent[0].msg.GetConversation() != "Halo" {
		t.Errorf("text went to %v as %v", sent[0].to, sent[0].msg)
	}
	if sent[1].to != budiLID {
		t.Errorf("a reply with an address goes there, went to %v", sent[1].to)
	}
	im := sent[2].msg.GetImageMessage()
	if im == nil || im.GetCaption() != "Scan untuk membayar" || im.GetMimetype() != "image/png" || im.GetURL() == "" {
		t.Errorf("image message %v", sent[2].msg)
	}
	if sent[0].id == "" || sent[0].id == sent[1].id || outboxMessageID(m) != sent[0].id {
		t.Errorf("each outbox row goes out under its own stable ID: %q %q", sent[0].id, sent[1].id)
	}
}

// lidStoreKnowingBudi is a LID store that knows Budi's number and no one else's.
func lidStoreKnowingBudi(ctx context.Context, lid types.JID) (types.JID, error) {
	if lid == budiLID {
		return budiPN, nil
	}
	return types.JID{}, nil
}

// sentReply queues a balance reply to Budi and has the outbox worker send it.
func sentReply(t *testing.T, br *Branch) storeOut {
	t.Helper()
	m := queuedMessage(t, br, "6281200000001", "", "Saldo Anda Rp2.400.000", "")
	if _, err := br.sender.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m
}

func queuedMessage(t *testing.T, br *Branch, to, address, text, image string) storeOut {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := br.bot.DB.Update(ctx, func(tx *storeTx) (err error) {
		id, err = tx.Enqueue(ctx, storeOut{Branch: br.ID, To: to, Address: address, Text: text, ImagePath: image})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range queued(t, br.bot.DB) {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("message %d not queued", id)
	return storeOut{}
}

// kopbot chat shares the database: its replies are shown in the terminal and never sent on WhatsApp.
func TestSenderLeavesChatRepliesAlone(t *testing.T) {
	br, fc := connectedBranch(t)
	ctx := context.Background()
	err := br.bot.DB.Update(ctx, func(tx *storeTx) error {
		if _, err := tx.Enqueue(ctx, storeOut{Branch: "pusat", To: "6281200000001", Transport: "chat", Text: "for the terminal"}); err != nil {
			return err
		}
		_, err := tx.Enqueue(ctx, storeOut{Branch: "pusat", To: "6281200000001", Text: "for WhatsApp"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	br.sender.Now = time.Now
	if _, err := br.sender.Step(ctx); err != nil {
		t.Fatal(err)
	}
	sent := fc.sentTexts()
	if len(sent) != 1 || sent[0].msg.GetConversation() != "for WhatsApp" {
		t.Fatalf("WhatsApp got %v; want only the WhatsApp reply, not chat's (nor blocked behind it)", sent)
	}
	if q := queued(t, br.bot.DB); len(q) != 1 || q[0].Transport != "chat" {
		t.Errorf("chat's reply should stay queued for chat, got %+v", q)
	}
}
