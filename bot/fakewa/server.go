// Package fakewa is a fake WhatsApp server for tests: the real whatsmeow client connects to
// it over a TLS websocket, does the Noise handshake, pairs by QR code as a phone would scan
// it, logs in, uploads prekeys, and exchanges Signal-encrypted messages and encrypted media
// with simulated members, with nothing touching the network.
//
// It is written from the client's side: it proves kopbot and whatsmeow agree with each
// other through the real crypto, not that WhatsApp's servers accept a whatsmeow version.
//
//	srv := fakewa.New(t)
//	srv.Configure(cli)                      // each whatsmeow client, before Connect
//	acct, _ := srv.Scan(ctx, qrCode, "6281100000001")
//	budi := srv.Member("6281234567890", "Budi")
//	budi.Send(ctx, acct, "saldo")
//	reply, _ := budi.Next(ctx)
package fakewa

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"go.mau.fi/whatsmeow"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/util/keys"
)

// MediaHost is the media host the fake announces; every host is the fake anyway.
const MediaHost = "mmg.whatsapp.net"

// Server is one fake WhatsApp.
type Server struct {
	// QRRefs is how many QR references a pairing connection gets (whatsmeow shows the first
	// for 60 s when there are six, then 20 s each, then gives up). Set before connecting.
	QRRefs int

	http   *httptest.Server
	static *keys.KeyPair
	logf   func(format string, args ...any)
	auth   string

	mu         sync.Mutex
	accounts   map[string]*Account // by phone number and by LID user
	members    map[string]*Member  // by phone number and by LID user
	pairings   map[string]*conn    // by QR reference
	media      map[string][]byte   // by path
	conns      map[*conn]bool
	outdated   bool
	minVersion uint32 // the lowest WhatsApp Web revision accepted (0: any)
	handshakes int
	nextLID    int
	nextID     int
}

// New starts a fake WhatsApp for a test; it stops when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := NewServer(func(format string, args ...any) { t.Logf("fakewa: "+format, args...) })
	t.Cleanup(s.Close)
	return s
}

// NewServer starts a fake WhatsApp that logs with logf (nil: quiet); Close stops it.
func NewServer(logf func(format string, args ...any)) *Server {
	trustFakeRoot()
	if logf == nil {
		logf = func(string, ...any) {}
	}
	s := &Server{
		QRRefs: 6, static: keys.NewKeyPair(), logf: logf, auth: randomHex(8),
		accounts: map[string]*Account{}, members: map[string]*Member{}, pairings: map[string]*conn{},
		media: map[string][]byte{}, conns: map[*conn]bool{}, nextLID: 100000000000001,
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/ws/chat", s.serveWS)
	mux.HandleFunc("POST /mms/{type}/{token}", s.serveUpload)
	mux.HandleFunc("GET /v/", s.serveMedia)
	mux.HandleFunc("GET /m/", s.serveMedia)
	mux.HandleFunc("GET /{$}", s.serveWebClient)
	s.http = httptest.NewTLSServer(mux)
	return s
}

// Close disconnects every client and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
	s.http.Close()
}

// HTTPClient reaches the fake whatever host a request names.
func (s *Server) HTTPClient() *http.Client {
	addr := s.http.Listener.Addr().String()
	var d net.Dialer
	return &http.Client{Transport: &http.Transport{
		DialContext:     func(ctx context.Context, _, _ string) (net.Conn, error) { return d.DialContext(ctx, "tcp", addr) },
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, // the fake's own certificate, in tests only
	}}
}

// Configure points a whatsmeow client at the fake: its websocket, pre-login and media
// requests all reach it.
func (s *Server) Configure(cli *whatsmeow.Client) {
	h := s.HTTPClient()
	cli.SetWebsocketHTTPClient(h)
	cli.SetPreLoginHTTPClient(h)
	cli.SetMediaHTTPClient(h)
}

// Env names the fake for a kopbot process a test starts (see FromEnv).
func (s *Server) Env() []string {
	return []string{"KOPBOT_FAKEWA_ADDR=" + s.http.Listener.Addr().String(), "KOPBOT_FAKEWA_ROOT=" + hex.EncodeToString(rootPub[:])}
}

// FromEnv is the Configure of a fake WhatsApp running in the test process that started
// this one (Server.Env), nil when none did: it trusts the fake's certificate and points
// each client at it.
func FromEnv() func(*whatsmeow.Client) {
	addr, root := os.Getenv("KOPBOT_FAKEWA_ADDR"), os.Getenv("KOPBOT_FAKEWA_ROOT")
	key, err := hex.DecodeString(root)
	if addr == "" || err != nil || len(key) != 32 {
		return nil
	}
	whatsmeow.WACertPubKey = [32]byte(key)
	var d net.Dialer
	h := &http.Client{Transport: &http.Transport{
		DialContext:     func(ctx context.Context, _, _ string) (net.Conn, error) { return d.DialContext(ctx, "tcp", addr) },
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, // the fake's own certificate, in tests only
	}}
	return func(cli *whatsmeow.Client) {
		cli.SetWebsocketHTTPClient(h)
		cli.SetPreLoginHTTPClient(h)
		cli.SetMediaHTTPClient(h)
	}
}

// Handshakes counts the connections that completed the Noise handshake.
func (s *Server) Handshakes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.handshakes
}

// SetOutdated makes WhatsApp refuse every client as outdated (405) from now on, dropping
// the ones connected; false lets them back in.
func (s *Server) SetOutdated(outdated bool) {
	s.mu.Lock()
	s.outdated = outdated
	var drop []*conn
	if outdated {
		for c := range s.conns {
			drop = append(drop, c)
		}
	}
	s.mu.Unlock()
	for _, c := range drop {
		c.endWith(waBinary.Node{Tag: "stream:error", Attrs: waBinary.Attrs{"code": "503"}})
	}
}

// RequireVersion makes WhatsApp refuse (405) clients announcing a WhatsApp Web revision
// below rev, dropping the connected ones, and announce rev on web.whatsapp.com (where
// whatsmeow.GetLatestVersion reads it).
func (s *Server) RequireVersion(rev uint32) {
	s.mu.Lock()
	s.minVersion = rev
	var drop []*conn
	for c := range s.conns {
		if c.version < rev {
			drop = append(drop, c)
		}
	}
	s.mu.Unlock()
	for _, c := range drop {
		c.endWith(waBinary.Node{Tag: "stream:error", Attrs: waBinary.Attrs{"code": "503"}})
	}
}

func (s *Server) serveWebClient(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	rev := s.minVersion
	s.mu.Unlock()
	fmt.Fprintf(w, `<html><script>window.__SW={"client_revision":%d,"other":1}</script></html>`, rev)
}

// Account returns the account of a phone number, nil when no device was ever paired to it.
func (s *Server) Account(phone string) *Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accounts[phone]
}

func (s *Server) newID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	return fmt.Sprintf("3A%06d%s", s.nextID, strings.ToUpper(randomHex(6)))
}

func (s *Server) newLID() types.JID {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextLID++
	return types.NewJID(fmt.Sprint(s.nextLID), types.HiddenUserServer)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// serveUpload takes an encrypted upload as WhatsApp's media servers do: the token is the
// file's encrypted SHA-256, the auth is the media connection's.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	sum := sha256.Sum256(body)
	if r.URL.Query().Get("auth") != s.auth {
		http.Error(w, "bad auth", http.StatusUnauthorized)
		return
	}
	if tok := r.PathValue("token"); tok != base64.URLEncoding.EncodeToString(sum[:]) || r.URL.Query().Get("token") != tok {
		http.Error(w, "token is not the upload's hash", http.StatusBadRequest)
		return
	}
	path := s.storeMedia(body)
	_ = json.NewEncoder(w).Encode(map[string]string{
		"url":         "https://" + MediaHost + path + "?ccb=11-4",
		"direct_path": path + "?ccb=11-4&oh=01&oe=00",
	})
}

func (s *Server) storeMedia(data []byte) string {
	path := "/v/t62.7118-24/" + randomHex(12) + ".enc"
	s.mu.Lock()
	s.media[path] = data
	s.mu.Unlock()
	return path
}

func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	data, ok := s.media[r.URL.Path]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	_, _ = w.Write(data)
}

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		return
	}
	ws.SetReadLimit(1 << 24)
	ctx, cancel := context.WithCancel(context.Background())
	c := &conn{srv: s, f: &frames{ws: ws}, ctx: ctx, cancel: cancel, waiters: map[string]chan *waBinary.Node{}}
	s.mu.Lock()
	s.conns[c] = true
	s.mu.Unlock()
	defer c.close()
	c.serve()
}

// now is the server's clock for message timestamps.
func now() time.Time { return time.Now() }
