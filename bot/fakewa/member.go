package fakewa

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"golang.org/x/crypto/hkdf"
	"google.golang.org/protobuf/proto"
)

// Member is a cooperative member's phone: a WhatsApp user with a phone number and a LID,
// who writes from one or the other.
type Member struct {
	PN, LID types.JID
	Name    string
	// FromLID: the member's messages come from their LID with sender_pn, as accounts
	// migrated to LIDs do; otherwise from the phone number.
	FromLID bool

	srv   *Server
	party *party

	mu   sync.Mutex
	got  []*Received
	next int
	wake chan struct{}
	sent map[string]*waBinary.Node // by message ID, to deliver the same ciphertext again

	shown   map[string]bool // IDs of messages received
	retried map[string]bool // IDs asked for again
	dups    int
}

// Received is a message a member's phone got.
type Received struct {
	ID      string
	To      types.JID // the address it was sent to: the member's phone number or LID
	Message *waE2E.Message
	Err     error // it could not be decrypted
}

// Text is the received message's text or caption.
func (r *Received) Text() string {
	m := r.Message
	switch {
	case m.GetConversation() != "":
		return m.GetConversation()
	case m.GetExtendedTextMessage() != nil:
		return m.GetExtendedTextMessage().GetText()
	case m.GetImageMessage() != nil:
		return m.GetImageMessage().GetCaption()
	case m.GetDocumentMessage() != nil:
		return m.GetDocumentMessage().GetCaption()
	}
	return ""
}

// Member makes a member who writes from their phone number.
func (s *Server) Member(phone, name string) *Member {
	m := &Member{PN: types.NewJID(phone, types.DefaultUserServer), LID: s.newLID(), Name: name,
		srv: s, party: newParty(), wake: make(chan struct{}, 1), sent: map[string]*waBinary.Node{},
		shown: map[string]bool{}, retried: map[string]bool{}}
	s.mu.Lock()
	s.members[phone] = m
	s.members[m.LID.User] = m
	s.mu.Unlock()
	return m
}

// LIDMember makes a member who writes from their LID.
func (s *Server) LIDMember(phone, name string) *Member {
	m := s.Member(phone, name)
	m.FromLID = true
	return m
}

func (m *Member) from() types.JID {
	if m.FromLID {
		return m.LID
	}
	return m.PN
}

// Send writes text to the account; it returns the message ID.
func (m *Member) Send(ctx context.Context, to *Account, text string) (string, error) {
	return m.SendMessage(ctx, to, &waE2E.Message{Conversation: proto.String(text)})
}

// SendMessage sends any message to each of the account's linked devices, encrypted for
// each; it returns the message ID.
func (m *Member) SendMessage(ctx context.Context, to *Account, msg *waE2E.Message) (string, error) {
	attrs := waBinary.Attrs{"from": m.from()}
	if m.FromLID {
		attrs["sender_pn"] = m.PN
	}
	return m.send(ctx, to, msg, attrs)
}

func (m *Member) send(ctx context.Context, to *Account, msg *waE2E.Message, attrs waBinary.Attrs) (string, error) {
	plaintext, err := proto.Marshal(msg)
	if err != nil {
		return "", err
	}
	id := m.srv.newID()
	typ := "text"
	if msg.GetImageMessage() != nil || msg.GetAudioMessage() != nil || msg.GetDocumentMessage() != nil ||
		msg.GetVideoMessage() != nil || msg.GetStickerMessage() != nil {
		typ = "media"
	}
	devices := to.linked()
	if len(devices) == 0 {
		return "", errors.New("the account has no linked device")
	}
	for _, d := range devices {
		ct, encType, err := m.party.encrypt(ctx, d.address(), d.bundle, plaintext)
		if err != nil {
			return "", err
		}
		a := waBinary.Attrs{"id": id, "t": strconv.FormatInt(now().Unix(), 10), "type": typ, "notify": m.Name}
		for k, v := range attrs {
			a[k] = v
		}
		n := &waBinary.Node{Tag: "message", Attrs: a, Content: []waBinary.Node{{Tag: "enc", Attrs: waBinary.Attrs{"v": "2", "type": encType}, Content: ct}}}
		m.mu.Lock()
		m.sent[id] = n
		m.mu.Unlock()
		d.deliver(n)
	}
	return id, nil
}

// Redeliver hands the account the very same stanza (same ciphertext) again, as WhatsApp
// does when it is not sure a message arrived.
func (m *Member) Redeliver(to *Account, id string) error {
	m.mu.Lock()
	n := m.sent[id]
	m.mu.Unlock()
	if n == nil {
		return fmt.Errorf("member sent no message %s", id)
	}
	for _, d := range to.linked() {
		d.deliver(n)
	}
	return nil
}

// SendInGroup writes text in a group the account is in.
func (m *Member) SendInGroup(ctx context.Context, to *Account, group, text string) (string, error) {
	return m.send(ctx, to, &waE2E.Message{Conversation: proto.String(text)},
		waBinary.Attrs{"from": types.NewJID(group, types.GroupServer), "participant": m.PN})
}

// PostStatus posts a status update the account can see.
func (m *Member) PostStatus(ctx context.Context, to *Account, text string) (string, error) {
	return m.send(ctx, to, &waE2E.Message{Conversation: proto.String(text)},
		waBinary.Attrs{"from": types.StatusBroadcastJID, "participant": m.PN})
}

// Newsletter posts text in a channel the account follows (channels are not encrypted).
func (s *Server) Newsletter(to *Account, channel, text string) (string, error) {
	pt, err := proto.Marshal(&waE2E.Message{Conversation: proto.String(text)})
	if err != nil {
		return "", err
	}
	id := s.newID()
	for _, d := range to.linked() {
		d.deliver(&waBinary.Node{Tag: "message", Attrs: waBinary.Attrs{
			"id": id, "from": types.NewJID(channel, types.NewsletterServer), "t": strconv.FormatInt(now().Unix(), 10), "type": "text", "server_id": "101",
		}, Content: []waBinary.Node{{Tag: "plaintext", Content: pt}}})
	}
	return id, nil
}

// AskAgain is the member's phone failing to decrypt a message and asking for it again (a
// retry receipt with a fresh prekey bundle), as phones do, sometimes days later.
func (m *Member) AskAgain(to *Account, id string) error {
	devices := to.linked()
	if len(devices) == 0 {
		return errors.New("the account has no linked device")
	}
	m.mu.Lock()
	m.retried[id] = true
	m.mu.Unlock()
	for _, d := range devices {
		b := m.party.bundle(0)
		content := append([]waBinary.Node{{Tag: "retry", Attrs: waBinary.Attrs{"count": "1", "id": id, "t": strconv.FormatInt(now().Unix(), 10), "v": "1"}}},
			bundleNodes(b, true)...)
		d.deliver(&waBinary.Node{Tag: "receipt", Attrs: waBinary.Attrs{
			"id": id, "from": m.from(), "type": "retry", "t": strconv.FormatInt(now().Unix(), 10),
		}, Content: content})
	}
	return nil
}

// receive decrypts what a device sent the member.
func (m *Member) receive(sender *device, id string, to types.JID, _ waBinary.Attrs, encType string, data []byte) {
	r := &Received{ID: id, To: to, Message: &waE2E.Message{}}
	if sender == nil {
		r.Err = errors.New("sent by a connection that is not logged in")
	} else if pt, err := m.party.decrypt(context.Background(), sender.address(), encType, data); err != nil {
		r.Err = err
	} else if err := proto.Unmarshal(pt, r.Message); err != nil {
		r.Err = err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if r.Err == nil && m.shown[id] && !m.retried[id] {
		m.dups++ // a phone shows one message per ID, however often it comes
		return
	}
	delete(m.retried, id)
	if r.Err == nil {
		m.shown[id] = true
	}
	m.got = append(m.got, r)
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// Duplicates counts messages that came again under an ID the phone already showed
// (without its asking again): sends repeated after a crash or a stop.
func (m *Member) Duplicates() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.dups
}

// Next returns the next message the member got, waiting for it until ctx ends.
func (m *Member) Next(ctx context.Context) (*Received, error) {
	for {
		m.mu.Lock()
		if m.next < len(m.got) {
			r := m.got[m.next]
			m.next++
			m.mu.Unlock()
			if r.Err != nil {
				return r, fmt.Errorf("message %s: %w", r.ID, r.Err)
			}
			return r, nil
		}
		m.mu.Unlock()
		select {
		case <-m.wake:
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for a message to %s: %w", m.Name, ctx.Err())
		}
	}
}

// WaitFor returns the next message whose text contains want, skipping others.
func (m *Member) WaitFor(ctx context.Context, want string) (*Received, error) {
	var seen []string
	for {
		r, err := m.Next(ctx)
		if err != nil {
			return nil, fmt.Errorf("%w (got before: %q)", err, seen)
		}
		if strings.Contains(r.Text(), want) {
			return r, nil
		}
		seen = append(seen, r.Text())
	}
}

// All returns every message the member got so far.
func (m *Member) All() []*Received {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]*Received(nil), m.got...)
}

// mediaKeys expands a media key as WhatsApp does (HKDF-SHA256, 112 bytes).
func mediaKeys(mediaKey []byte, info string) (iv, cipherKey, macKey []byte) {
	out := make([]byte, 112)
	_, _ = io.ReadFull(hkdf.New(sha256.New, mediaKey, nil, []byte(info)), out)
	return out[:16], out[16:48], out[48:80]
}

// The HKDF info strings of media keys, by the kind of media (whatsmeow.MediaImage...).
const (
	imageInfo    = "WhatsApp Image Keys"
	documentInfo = "WhatsApp Document Keys"
)

// SendImage uploads a photo encrypted as a phone does and sends it with a caption.
func (m *Member) SendImage(ctx context.Context, to *Account, data []byte, mimetype, caption string) (string, error) {
	mediaKey := make([]byte, 32)
	_, _ = rand.Read(mediaKey)
	iv, cipherKey, macKey := mediaKeys(mediaKey, imageInfo)
	block, _ := aes.NewCipher(cipherKey)
	padLen := aes.BlockSize - len(data)%aes.BlockSize
	padded := append(bytes.Clone(data), bytes.Repeat([]byte{byte(padLen)}, padLen)...)
	ct := make([]byte, len(padded))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, padded)
	enc := append(ct, hmacSHA256(macKey, append(bytes.Clone(iv), ct...))[:10]...)
	path := m.srv.storeMedia(enc)
	encSum, sum := sha256.Sum256(enc), sha256.Sum256(data)
	img := &waE2E.ImageMessage{
		URL: proto.String("https://" + MediaHost + path + "?ccb=11-4"), DirectPath: proto.String(path + "?ccb=11-4"),
		MediaKey: mediaKey, FileEncSHA256: encSum[:], FileSHA256: sum[:], FileLength: proto.Uint64(uint64(len(data))),
		Mimetype: proto.String(mimetype),
	}
	if caption != "" {
		img.Caption = proto.String(caption)
	}
	return m.SendMessage(ctx, to, &waE2E.Message{ImageMessage: img})
}

// Download fetches and decrypts a photo the member got, checking every field a phone needs.
func (m *Member) Download(ctx context.Context, img *waE2E.ImageMessage) ([]byte, error) {
	if img == nil {
		return nil, errors.New("no image")
	}
	if !strings.HasPrefix(img.GetMimetype(), "image/") {
		return nil, fmt.Errorf("mimetype %q", img.GetMimetype())
	}
	return m.download(ctx, img, imageInfo)
}

// DownloadDocument fetches and decrypts a document the member got (a PDF), checking every
// field a phone needs, its file name included.
func (m *Member) DownloadDocument(ctx context.Context, doc *waE2E.DocumentMessage) ([]byte, error) {
	switch {
	case doc == nil:
		return nil, errors.New("no document")
	case doc.GetFileName() == "":
		return nil, errors.New("a document without a file name")
	case doc.GetMimetype() == "":
		return nil, errors.New("a document without a mimetype")
	}
	return m.download(ctx, doc, documentInfo)
}

// mediaFile is what a phone reads of any media message to fetch it.
type mediaFile interface {
	GetURL() string
	GetDirectPath() string
	GetMediaKey() []byte
	GetFileEncSHA256() []byte
	GetFileSHA256() []byte
	GetFileLength() uint64
}

// download fetches media f and decrypts it with keys expanded for info.
func (m *Member) download(ctx context.Context, f mediaFile, info string) ([]byte, error) {
	switch {
	case !strings.HasPrefix(f.GetURL(), "https://"):
		return nil, fmt.Errorf("media URL %q", f.GetURL())
	case !strings.HasPrefix(f.GetDirectPath(), "/"):
		return nil, fmt.Errorf("media direct path %q", f.GetDirectPath())
	case len(f.GetMediaKey()) != 32:
		return nil, fmt.Errorf("media key of %d bytes", len(f.GetMediaKey()))
	case len(f.GetFileEncSHA256()) != 32 || len(f.GetFileSHA256()) != 32:
		return nil, errors.New("missing file hashes")
	case f.GetFileLength() == 0:
		return nil, errors.New("no file length")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.GetURL(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := m.srv.HTTPClient().Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download: %s", resp.Status)
	}
	enc, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	direct := f.GetDirectPath()
	if i := strings.IndexByte(direct, '?'); i >= 0 {
		direct = direct[:i]
	}
	if !strings.Contains(f.GetURL(), direct) {
		return nil, fmt.Errorf("direct path %q is not the URL's file", direct)
	}
	if sum := sha256.Sum256(enc); !bytes.Equal(sum[:], f.GetFileEncSHA256()) {
		return nil, errors.New("encrypted file hash does not match")
	}
	pt, err := decryptMedia(enc, f.GetMediaKey(), info)
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(pt); !bytes.Equal(sum[:], f.GetFileSHA256()) {
		return nil, errors.New("file hash does not match")
	}
	if uint64(len(pt)) != f.GetFileLength() {
		return nil, fmt.Errorf("file is %d bytes, message says %d", len(pt), f.GetFileLength())
	}
	return pt, nil
}

// decryptMedia checks an encrypted media file's MAC and decrypts it (AES-CBC, PKCS#7).
func decryptMedia(enc, mediaKey []byte, info string) ([]byte, error) {
	if len(enc) < 10+aes.BlockSize {
		return nil, errors.New("file too short")
	}
	iv, cipherKey, macKey := mediaKeys(mediaKey, info)
	ct, mac := enc[:len(enc)-10], enc[len(enc)-10:]
	if !hmac.Equal(hmacSHA256(macKey, append(bytes.Clone(iv), ct...))[:10], mac) {
		return nil, errors.New("media MAC does not match")
	}
	if len(ct)%aes.BlockSize != 0 {
		return nil, errors.New("ciphertext is not whole blocks")
	}
	block, _ := aes.NewCipher(cipherKey)
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(pt, ct)
	n := int(pt[len(pt)-1])
	if n == 0 || n > aes.BlockSize || n > len(pt) {
		return nil, errors.New("bad padding")
	}
	return pt[:len(pt)-n], nil
}
