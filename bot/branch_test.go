package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
)

// clientLog records every client the bot makes, so a test can play WhatsApp's side.
type clientLog struct {
	mu      sync.Mutex
	clients []*fakeClient
}

func (l *clientLog) add(f *fakeClient) *fakeClient {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.clients = append(l.clients, f)
	return f
}

func (l *clientLog) n() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}

func (l *clientLog) get(i int) *fakeClient {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.clients[i]
}

// running starts b.Run and returns a stop function that cancels it and waits for it to return.
func running(t *testing.T, b *Bot) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		b.Run(ctx)
		close(done)
	}()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return after its context was cancelled")
		}
	}
	t.Cleanup(stop)
	return stop
}

func TestUnreachableWhatsAppIsRetriedAndShown(t *testing.T) {
	var log clientLog
	b, _ := pairedBot(t, func(dev *wastore.Device) *fakeClient {
		return log.add(&fakeClient{dev: dev, connectErr: func() error {
			return errors.New("dial tcp: lookup web.whatsapp.com: no such host")
		}})
	})
	br, _ := b.Branch("pusat")
	stop := running(t, b)
	eventually(t, "the branch has tried three times", func() bool { return log.n() >= 3 })
	st := br.State()
	if st.Name != StateDisconnected || st.Problem != ProblemUnreachable || !strings.Contains(st.Detail, "cannot reach WhatsApp") || !strings.Contains(st.Detail, "Trying again in") {
		t.Errorf("state %q %q: staff should read that WhatsApp cannot be reached and that it retries", st.Name, st.Detail)
	}
	stop()
}

func TestConnectedBranchAnswersMembersOverWhatsApp(t *testing.T) {
	var log clientLog
	b, _ := pairedBot(t, func(dev *wastore.Device) *fakeClient { return log.add(&fakeClient{dev: dev}) })
	br, _ := b.Branch("pusat")
	running(t, b)
	eventually(t, "the client connects", func() bool { return log.n() == 1 && log.get(0).IsConnected() })
	f := log.get(0)
	f.emit(&events.Connected{})
	if st := br.State(); st.Name != StateConnected || st.Phone != "6281299999999" {
		t.Fatalf("state %+v", st)
	}
	f.emit(textMessage("E2E1", "saldo", budiPN))
	eventually(t, "the reply reaches WhatsApp", func() bool { return len(f.sentTexts()) == 1 })
	s := f.sentTexts()[0]
	if s.to != budiPN || !strings.Contains(s.msg.GetConversation(), "*Tabungan Budi Santoso*") {
		t.Errorf("sent %v to %v", s.msg, s.to)
	}
	eventually(t, "the outbox is empty", func() bool { return len(queued(t, b.DB)) == 0 })
}

func TestLoggedOutForgetsTheDeviceAndShowsANewQR(t *testing.T) {
	var log clientLog
	b, db := pairedBot(t, func(dev *wastore.Device) *fakeClient {
		f := &fakeClient{dev: dev}
		if dev.ID == nil { // a new device: the bot is pairing
			f.qr = make(chan whatsmeow.QRChannelItem, 4)
		}
		return log.add(f)
	})
	br, _ := b.Branch("pusat")
	running(t, b)
	eventually(t, "the client connects", func() bool { return log.n() == 1 && log.get(0).IsConnected() })
	log.get(0).emit(&events.Connected{})
	log.get(0).emit(&events.LoggedOut{OnConnect: false})
	eventually(t, "a pairing client is made", func() bool { return log.n() == 2 })
	log.get(1).qr <- whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: "2@fresh", Timeout: time.Minute}
	eventually(t, "the new QR is shown", func() bool { return br.State().QR == "2@fresh" })
	st := br.State()
	if st.Name != StateLoggedOut || st.Phone != "" {
		t.Errorf("after logout: state %q, phone %q; staff should see it was logged out", st.Name, st.Phone)
	}
	if d := deviceOf(t, db); d != "" {
		t.Errorf("the logged-out device is still mapped: %q", d)
	}
	if log.get(0).IsConnected() {
		t.Error("the logged-out client is still connected")
	}
}

func TestStreamReplacedStopsTheBranchWithoutReconnecting(t *testing.T) {
	var log clientLog
	b, _ := pairedBot(t, func(dev *wastore.Device) *fakeClient { return log.add(&fakeClient{dev: dev}) })
	br, _ := b.Branch("pusat")
	stop := running(t, b)
	eventually(t, "the client connects", func() bool { return log.n() == 1 && log.get(0).IsConnected() })
	log.get(0).emit(&events.StreamReplaced{})
	eventually(t, "the branch reports it was replaced", func() bool { return br.State().Name == StateReplaced })
	stop()
	if n := log.n(); n != 1 {
		t.Errorf("after another process took the session the branch made %d clients; it must not reconnect", n)
	}
	if log.get(0).connects != 1 || log.get(0).IsConnected() {
		t.Errorf("connects %d, connected %v", log.get(0).connects, log.get(0).IsConnected())
	}
}

func TestTemporaryBanPausesSending(t *testing.T) {
	var log clientLog
	b, _ := pairedBot(t, func(dev *wastore.Device) *fakeClient { return log.add(&fakeClient{dev: dev}) })
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	b.Now = func() time.Time { return now }
	br, _ := b.Branch("pusat")
	running(t, b)
	eventually(t, "the client connects", func() bool { return log.n() == 1 && log.get(0).IsConnected() })
	log.get(0).emit(&events.Connected{})
	log.get(0).emit(&events.TemporaryBan{Code: events.TempBanSentToTooManyPeople, Expire: 2 * time.Hour})
	eventually(t, "the branch reports the ban", func() bool { return br.State().Name == StateBanned })
	st := br.State()
	if !st.BannedUntil.Equal(now.Add(2 * time.Hour)) {
		t.Errorf("banned until %v, want %v", st.BannedUntil, now.Add(2*time.Hour))
	}
	if ok, until := br.ready(); ok || !until.Equal(now.Add(2*time.Hour)) {
		t.Errorf("ready = %v until %v: nothing may be sent during the ban", ok, until)
	}
}

func TestUnpairedBranchWithoutWhatsAppSaysSo(t *testing.T) {
	var log clientLog
	b, _ := testBot(t, func(dev *wastore.Device) *fakeClient {
		return log.add(&fakeClient{dev: dev, qr: make(chan whatsmeow.QRChannelItem), connectErr: func() error {
			return errors.New("dial tcp: lookup web.whatsapp.com: no such host")
		}})
	})
	br, _ := b.Branch("pusat")
	running(t, b)
	eventually(t, "the branch has tried twice", func() bool { return log.n() >= 2 })
	st := br.State()
	if st.Name != StateUnpaired || st.Problem != ProblemUnreachable || !strings.Contains(st.Detail, "cannot reach WhatsApp") {
		t.Errorf("state %q %q %q: an unpaired branch should stay unpaired and say WhatsApp cannot be reached", st.Name, st.Problem, st.Detail)
	}
	// Asking for a phone code meanwhile says WhatsApp cannot be reached, not that the number is wrong.
	if _, err := br.PairPhone(context.Background(), "6281299999999"); !errors.Is(err, ErrUnreachable) {
		t.Errorf("PairPhone while WhatsApp cannot be reached: %v, want ErrUnreachable", err)
	}
}

// Stopping kopbot lets a message being sent finish and records it as sent, so a restart
// does not send it again.
func TestGracefulStopLetsASendInFlightFinish(t *testing.T) {
	var log clientLog
	inSend, release := make(chan struct{}), make(chan struct{})
	b, db := pairedBot(t, func(dev *wastore.Device) *fakeClient {
		return log.add(&fakeClient{dev: dev, sendErr: func(types.JID, *waE2E.Message) error {
			close(inSend)
			<-release // WhatsApp is slow to acknowledge
			return nil
		}})
	})
	br, _ := b.Branch("pusat")
	stop := running(t, b)
	eventually(t, "the client connects", func() bool { return log.n() == 1 && log.get(0).IsConnected() })
	log.get(0).emit(&events.Connected{})
	queuedMessage(t, br, "6281200000001", "", "Pengingat: simpanan wajib jatuh tempo", "")
	br.Wake()
	<-inSend
	go func() {
		time.Sleep(100 * time.Millisecond)
		close(release)
	}()
	stop()
	if n := len(log.get(0).sentTexts()); n != 1 {
		t.Fatalf("%d messages reached WhatsApp, want the one in flight", n)
	}
	if q := queued(t, db); len(q) != 0 {
		t.Fatalf("the message sent while stopping is still queued: %+v", q[0])
	}
}

// What ends a connection is heeded only from the client it ended: a client reporting a
// logout twice (stream error, then its reconnection's refused login) must not log out the
// device paired since.
func TestStaleLogoutOfAnEarlierClientIsIgnored(t *testing.T) {
	var log clientLog
	b, db := pairedBot(t, func(dev *wastore.Device) *fakeClient { return log.add(&fakeClient{dev: dev}) })
	br, _ := b.Branch("pusat")
	old, current := &fakeClient{}, &fakeClient{}
	br.eventsOf(old)(&events.LoggedOut{Reason: events.ConnectFailureLoggedOut})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if end := br.watch(ctx, current); end != endAgain || ctx.Err() == nil {
		t.Fatalf("watch ended (%v) on an earlier client's logout", end)
	}
	if d := deviceOf(t, db); d == "" {
		t.Fatal("an earlier client's logout forgot the current device")
	}
	br.eventsOf(current)(&events.LoggedOut{Reason: events.ConnectFailureLoggedOut})
	if end := br.watch(context.Background(), current); end != endAgain || br.State().Name != StateLoggedOut {
		t.Fatalf("the current client's logout: end %v, state %s", end, br.State().Name)
	}
	if d := deviceOf(t, db); d != "" {
		t.Fatalf("the logged-out device is still %q", d)
	}
}
