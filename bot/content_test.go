package bot

import (
	"os"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"
)

func withMessage(evt *events.Message, m *waE2E.Message) *events.Message {
	evt.Message = m
	return evt
}

// Voice notes, stickers, videos, documents, locations and contacts get a short answer
// saying what the bot reads; a document's or a video's caption is read as text; a
// reaction gets nothing.
func TestEveryKindOfMessageGetsASensibleAnswer(t *testing.T) {
	br, _ := connectedBranch(t)
	for _, tc := range []struct {
		name string
		msg  *waE2E.Message
		want string // "" for no answer at all
	}{
		{"voice note", &waE2E.Message{AudioMessage: &waE2E.AudioMessage{PTT: proto.Bool(true)}}, "pesan suara"},
		{"sticker", &waE2E.Message{StickerMessage: &waE2E.StickerMessage{}}, "stiker"},
		{"location", &waE2E.Message{LocationMessage: &waE2E.LocationMessage{DegreesLatitude: proto.Float64(-6.9)}}, "lokasi"},
		{"contact", &waE2E.Message{ContactMessage: &waE2E.ContactMessage{DisplayName: proto.String("Siti")}}, "kontak"},
		{"video without caption", &waE2E.Message{VideoMessage: &waE2E.VideoMessage{}}, "video"},
		{"document with a caption", &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{Caption: proto.String("saldo")}}, "*Tabungan Budi Santoso*"},
		{"video with a caption", &waE2E.Message{VideoMessage: &waE2E.VideoMessage{Caption: proto.String("cek tabungan")}}, "*Tabungan Budi Santoso*"},
		{"reaction", &waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{Text: proto.String("👍")}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(queued(t, br.bot.DB))
			deliver(br, withMessage(textMessage("C-"+strings.ReplaceAll(tc.name, " ", "-"), "", budiPN), tc.msg))
			out := queued(t, br.bot.DB)
			switch {
			case tc.want == "" && len(out) != before:
				t.Fatalf("want no answer, got %q", out[len(out)-1].Text)
			case tc.want != "" && (len(out) != before+1 || !strings.Contains(out[len(out)-1].Text, tc.want)):
				t.Fatalf("want one answer with %q, got %d new: %+v", tc.want, len(out)-before, out[before:])
			}
		})
	}
}

// An edited message is answered only if its original was not: the edit is read under
// the original's ID.
func TestEditAnsweredOnlyIfTheOriginalWasNot(t *testing.T) {
	br, _ := connectedBranch(t)
	edit := func(id, original, text string) *events.Message {
		return withMessage(textMessage(id, "", budiPN), &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
			Type: waE2E.ProtocolMessage_MESSAGE_EDIT.Enum(), Key: &waCommon.MessageKey{ID: proto.String(original)},
			EditedMessage: &waE2E.Message{Conversation: proto.String(text)}}})
	}
	deliver(br, textMessage("O1", "saldo", budiPN), edit("E1", "O1", "cek tabungan"))
	if out := queued(t, br.bot.DB); len(out) != 1 {
		t.Fatalf("an edit of a message answered was answered again: %d replies", len(out))
	}
	// The edit arrives first (the original was lost or comes later): answered once.
	deliver(br, edit("E2", "O2", "menu"), textMessage("O2", "men", budiPN))
	out := queued(t, br.bot.DB)
	if len(out) != 2 || !strings.Contains(out[1].Text, "Cek Tabungan") {
		t.Fatalf("want the edited text answered once, got %+v", out)
	}
}

// The size cap holds for the bytes that arrive, not for the size the sender declared.
func TestPhotoSizeCapHoldsForWhatArrives(t *testing.T) {
	br, fc := connectedBranch(t)
	br.bot.Settings.MaxImageBytes = 1000
	fc.download = func(whatsmeow.DownloadableMessage) ([]byte, error) { return make([]byte, 5000), nil }
	evt := withMessage(textMessage("BIG1", "", budiPN), &waE2E.Message{ImageMessage: &waE2E.ImageMessage{
		Caption: proto.String("saldo"), FileLength: proto.Uint64(900), Mimetype: proto.String("image/jpeg")}})
	deliver(br, evt)
	entries, _ := os.ReadDir(br.bot.Settings.MediaDir + "/pusat")
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			t.Fatalf("a photo past the cap was kept: %s", e.Name())
		}
	}
	if len(entries) != 0 {
		t.Errorf("the refused download left %d files behind", len(entries))
	}
	if out := queued(t, br.bot.DB); len(out) != 1 || !strings.Contains(out[0].Text, "*Tabungan Budi Santoso*") {
		t.Errorf("the caption is still answered, got %+v", out)
	}
}
