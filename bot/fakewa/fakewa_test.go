package fakewa_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types/events"
	waLog "go.mau.fi/whatsmeow/util/log"
	"google.golang.org/protobuf/proto"

	"github.com/kopbot/kopbot/bot/fakewa"
	"github.com/kopbot/kopbot/store"
)

// pairedClient pairs a bare whatsmeow client with the fake by QR and waits for its first
// connection: the fake's own check that the protocol holds, without kopbot around it.
func pairedClient(t *testing.T, srv *fakewa.Server, phone string) (*whatsmeow.Client, *fakewa.Account, chan *events.Message) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	container, err := sqlstore.New(ctx, "sqlite", store.DSN(filepath.Join(t.TempDir(), "wa.db")), waLog.Noop)
	if err != nil {
		t.Fatal(err)
	}
	cli := whatsmeow.NewClient(container.NewDevice(), waLog.Noop)
	srv.Configure(cli)
	msgs := make(chan *events.Message, 16)
	connected := make(chan struct{}, 4)
	cli.AddEventHandler(func(evt any) {
		switch e := evt.(type) {
		case *events.Message:
			msgs <- e
		case *events.Connected:
			connected <- struct{}{}
		}
	})
	qr, err := cli.GetQRChannel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := cli.Connect(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cli.Disconnect)
	item := <-qr
	if item.Event != whatsmeow.QRChannelEventCode {
		t.Fatalf("first QR channel item %+v", item)
	}
	acct, err := srv.Scan(ctx, item.Code, phone)
	if err != nil {
		t.Fatal(err)
	}
	if item := <-qr; item.Event != whatsmeow.QRChannelSuccess.Event {
		t.Fatalf("after scanning: %+v", item)
	}
	select {
	case <-connected:
	case <-ctx.Done():
		t.Fatal("no connection after pairing")
	}
	return cli, acct, msgs
}

func TestPairAndExchangeMessages(t *testing.T) {
	srv := fakewa.New(t)
	cli, acct, msgs := pairedClient(t, srv, "6281100000001")
	if cli.Store.ID == nil || cli.Store.ID.User != "6281100000001" || cli.Store.LID.User != acct.LID.User {
		t.Fatalf("paired as %v / %v", cli.Store.ID, cli.Store.LID)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	for _, m := range []*fakewa.Member{srv.Member("6281234567890", "Budi"), srv.LIDMember("6285711112222", "Siti")} {
		for i, text := range []string{"halo", "saldo"} {
			id, err := m.Send(ctx, acct, text)
			if err != nil {
				t.Fatal(err)
			}
			var e *events.Message
			select {
			case e = <-msgs:
			case <-ctx.Done():
				t.Fatalf("%s's message %d never arrived", m.Name, i)
			}
			if e.Info.ID != id || e.Message.GetConversation() != text || e.Info.PushName != m.Name {
				t.Fatalf("got %s %q from %s, want %s %q", e.Info.ID, e.Message.GetConversation(), e.Info.PushName, id, text)
			}
			if m.FromLID && (e.Info.Sender.User != m.LID.User || e.Info.SenderAlt.User != m.PN.User) {
				t.Fatalf("LID member arrived as %v (alt %v)", e.Info.Sender, e.Info.SenderAlt)
			}
			if !m.FromLID && e.Info.Sender.User != m.PN.User {
				t.Fatalf("member arrived as %v", e.Info.Sender)
			}
			waitFor(t, func() bool { return len(acct.Receipts(id)) > 0 })
			reply := "balasan " + text
			if _, err := cli.SendMessage(ctx, e.Info.Chat, &waE2E.Message{Conversation: proto.String(reply)}); err != nil {
				t.Fatal(err)
			}
			got, err := m.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got.Text() != reply {
				t.Fatalf("%s got %q, want %q", m.Name, got.Text(), reply)
			}
		}
	}

	// A photo both ways.
	budi := srv.Member("6281299998888", "Ani")
	photo := bytes.Repeat([]byte("foto bukti setoran "), 500)
	if _, err := budi.SendImage(ctx, acct, photo, "image/jpeg", "bukti"); err != nil {
		t.Fatal(err)
	}
	e := <-msgs
	img := e.Message.GetImageMessage()
	if img.GetCaption() != "bukti" {
		t.Fatalf("caption %q", img.GetCaption())
	}
	data, err := cli.Download(ctx, img)
	if err != nil || !bytes.Equal(data, photo) {
		t.Fatalf("client download: %v (%d bytes)", err, len(data))
	}
	up, err := cli.Upload(ctx, photo, whatsmeow.MediaImage)
	if err != nil {
		t.Fatal(err)
	}
	_, err = cli.SendMessage(ctx, e.Info.Chat, &waE2E.Message{ImageMessage: &waE2E.ImageMessage{
		URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath), MediaKey: up.MediaKey, Mimetype: proto.String("image/jpeg"),
		FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: proto.Uint64(up.FileLength),
	}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := budi.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	back, err := budi.Download(ctx, got.Message.GetImageMessage())
	if err != nil || !bytes.Equal(back, photo) {
		t.Fatalf("member download: %v", err)
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 10 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
