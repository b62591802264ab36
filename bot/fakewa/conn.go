package fakewa

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/coder/websocket"
	"go.mau.fi/libsignal/ecc"
	"go.mau.fi/whatsmeow"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/proto/waWa6"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"
)

// conn is one client connection.
type conn struct {
	srv    *Server
	f      *frames
	ctx    context.Context
	cancel context.CancelFunc

	version uint32 // the WhatsApp Web revision the client announced

	// pairing: the new device's keys from its registration payload
	noiseKey []byte
	reg      *waWa6.ClientPayload_DevicePairingRegistrationData

	mu      sync.Mutex
	acct    *Account
	dev     *device
	active  bool // the client sent its "active" IQ: deliver messages
	waiters map[string]chan *waBinary.Node
	closed  bool
}

func (c *conn) close() {
	c.mu.Lock()
	closed := c.closed
	c.closed = true
	c.mu.Unlock()
	if closed {
		return
	}
	c.cancel()
	_ = c.f.ws.Close(websocket.StatusNormalClosure, "")
	s := c.srv
	s.mu.Lock()
	delete(s.conns, c)
	for ref, pc := range s.pairings {
		if pc == c {
			delete(s.pairings, ref)
		}
	}
	s.mu.Unlock()
	if c.dev != nil {
		c.dev.mu.Lock()
		if c.dev.conn == c {
			c.dev.conn = nil
		}
		c.dev.mu.Unlock()
	}
}

// lingerClose closes the connection a moment from now, unless the client closes it first:
// as WhatsApp does after a failure or stream error, leaving the client time to read it.
// (whatsmeow reads the close and the last node on different goroutines; closed at once,
// its own data races and reconnect-before-reading show, which WhatsApp does not cause.)
func (c *conn) lingerClose() { time.AfterFunc(lingerDelay, c.close) }

const lingerDelay = 500 * time.Millisecond

// endWith sends a last node (a failure or stream error) and closes the connection after it.
func (c *conn) endWith(n waBinary.Node) {
	_ = c.send(n)
	c.lingerClose()
}

func (c *conn) send(n waBinary.Node) error {
	if err := c.f.writeNode(c.ctx, n); err != nil {
		return err
	}
	return nil
}

// request sends an IQ to the client and waits for its answer.
func (c *conn) request(ctx context.Context, n waBinary.Node) (*waBinary.Node, error) {
	id := c.srv.newID()
	n.Attrs["id"] = id
	ch := make(chan *waBinary.Node, 1)
	c.mu.Lock()
	c.waiters[id] = ch
	c.mu.Unlock()
	if err := c.send(n); err != nil {
		return nil, err
	}
	select {
	case resp := <-ch:
		return resp, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-c.ctx.Done():
		return nil, fmt.Errorf("the client disconnected")
	}
}

func (c *conn) serve() {
	s := c.srv
	static, payload, err := c.f.handshake(c.ctx, s.static)
	if err != nil {
		s.logf("handshake: %v", err)
		return
	}
	c.version = payload.GetUserAgent().GetAppVersion().GetTertiary()
	s.mu.Lock()
	s.handshakes++
	outdated := s.outdated || c.version < s.minVersion
	s.mu.Unlock()
	switch {
	case outdated:
		c.endWith(waBinary.Node{Tag: "failure", Attrs: waBinary.Attrs{"reason": "405", "location": "fake"}})
	case payload.GetDevicePairingData() != nil:
		if err := c.startPairing(static, payload.GetDevicePairingData()); err != nil {
			s.logf("pairing: %v", err)
			return
		}
	default:
		c.login(static, payload)
	}
	for {
		node, err := c.f.readNode(c.ctx)
		if err != nil {
			return
		}
		c.handle(node)
	}
}

// startPairing offers the new device QR references, as WhatsApp does to a client that
// registers; Server.Scan completes it.
func (c *conn) startPairing(static []byte, reg *waWa6.ClientPayload_DevicePairingRegistrationData) error {
	c.noiseKey, c.reg = static, reg
	refs := make([]waBinary.Node, max(1, c.srv.QRRefs))
	c.srv.mu.Lock()
	for i := range refs {
		ref := "2@" + randomHex(16)
		c.srv.pairings[ref] = c
		refs[i] = waBinary.Node{Tag: "ref", Content: []byte(ref)}
	}
	c.srv.mu.Unlock()
	return c.send(waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"from": types.ServerJID, "type": "set", "id": c.srv.newID(), "xmlns": "md"},
		Content: []waBinary.Node{{Tag: "pair-device", Content: refs}}})
}

// login answers a paired device's login: success, or the failure WhatsApp would give.
func (c *conn) login(static []byte, p *waWa6.ClientPayload) bool {
	s := c.srv
	phone := strconv.FormatUint(p.GetUsername(), 10)
	s.mu.Lock()
	acct := s.accounts[phone]
	s.mu.Unlock()
	var dev *device
	if acct != nil {
		acct.mu.Lock()
		dev = acct.devices[uint16(p.GetDevice())]
		acct.mu.Unlock()
	}
	if dev == nil || !bytes.Equal(dev.noiseKey, static) {
		c.endWith(waBinary.Node{Tag: "failure", Attrs: waBinary.Attrs{"reason": "401", "location": "fake"}})
		return false
	}
	acct.mu.Lock()
	banned, code := acct.bannedUntil, acct.banCode
	acct.mu.Unlock()
	if left := time.Until(banned); left > 0 {
		c.endWith(waBinary.Node{Tag: "failure", Attrs: waBinary.Attrs{"reason": "402", "code": strconv.Itoa(code), "expire": strconv.Itoa(int(left.Seconds() + 0.999))}})
		return false
	}
	dev.mu.Lock()
	old := dev.conn
	dev.conn = c
	dev.mu.Unlock()
	if old != nil {
		old.endWith(waBinary.Node{Tag: "stream:error", Content: []waBinary.Node{{Tag: "conflict", Attrs: waBinary.Attrs{"type": "replaced"}}}})
	}
	c.mu.Lock()
	c.acct, c.dev = acct, dev
	c.mu.Unlock()
	return c.send(waBinary.Node{Tag: "success", Attrs: waBinary.Attrs{
		"t": strconv.FormatInt(now().Unix(), 10), "lid": types.JID{User: acct.LID.User, Server: types.HiddenUserServer, Device: dev.id},
		"props": "1", "location": "fake", "creation": "1",
	}}) == nil
}

func (c *conn) handle(n *waBinary.Node) {
	s := c.srv
	switch n.Tag {
	case "iq":
		typ, _ := n.Attrs["type"].(string)
		if typ == "result" || typ == "error" {
			id, _ := n.Attrs["id"].(string)
			c.mu.Lock()
			ch := c.waiters[id]
			delete(c.waiters, id)
			c.mu.Unlock()
			if ch != nil {
				ch <- n
			}
			return
		}
		c.handleIQ(n)
	case "message":
		c.handleMessage(n)
	case "receipt":
		id, _ := n.Attrs["id"].(string)
		typ, _ := n.Attrs["type"].(string)
		if typ == "" {
			typ = "delivery"
		}
		if c.dev != nil {
			c.dev.receipt(id, typ)
			if list, ok := n.GetOptionalChildByTag("list"); ok {
				for _, item := range list.GetChildren() {
					if iid, ok := item.Attrs["id"].(string); ok {
						c.dev.receipt(iid, typ)
					}
				}
			}
		}
		attrs := waBinary.Attrs{"class": "receipt", "id": id}
		if n.Attrs["type"] != nil {
			attrs["type"] = n.Attrs["type"]
		}
		_ = c.send(waBinary.Node{Tag: "ack", Attrs: attrs})
	case "ack":
		id, _ := n.Attrs["id"].(string)
		if c.dev != nil {
			c.dev.receipt(id, "ack")
		}
	case "presence", "chatstate":
	default:
		s.logf("unhandled node from client: %s", n.XMLString())
	}
}

func (c *conn) result(req *waBinary.Node, content ...waBinary.Node) {
	attrs := waBinary.Attrs{"from": types.ServerJID, "type": "result", "id": req.Attrs["id"]}
	n := waBinary.Node{Tag: "iq", Attrs: attrs}
	if len(content) > 0 {
		n.Content = content
	}
	_ = c.send(n)
}

func (c *conn) handleIQ(n *waBinary.Node) {
	xmlns, _ := n.Attrs["xmlns"].(string)
	typ, _ := n.Attrs["type"].(string)
	children := n.GetChildren()
	first := ""
	if len(children) > 0 {
		first = children[0].Tag
	}
	switch {
	case xmlns == "w:p":
		c.result(n)
	case xmlns == "privacy":
		c.result(n, waBinary.Node{Tag: "privacy"})
	case xmlns == "passive":
		c.result(n)
		if first == "active" {
			c.mu.Lock()
			c.active = true
			c.mu.Unlock()
			if c.dev != nil {
				c.dev.flush()
			}
		}
	case xmlns == "encrypt" && typ == "get" && first == "count":
		c.dev.mu.Lock()
		count := len(c.dev.prekeys)
		c.dev.mu.Unlock()
		c.result(n, waBinary.Node{Tag: "count", Attrs: waBinary.Attrs{"value": strconv.Itoa(count)}})
	case xmlns == "encrypt" && typ == "set":
		c.dev.upload(n)
		c.result(n)
	case xmlns == "encrypt" && typ == "get" && first == "key":
		c.result(n, waBinary.Node{Tag: "list", Content: c.srv.bundles(children[0].GetChildren())})
	case xmlns == "usync":
		c.result(n, c.srv.usync(n.GetChildByTag("usync")))
	case xmlns == "w:m":
		c.result(n, waBinary.Node{Tag: "media_conn", Attrs: waBinary.Attrs{"auth": c.srv.auth, "ttl": "3600", "auth_ttl": "21600", "max_buckets": "12"},
			Content: []waBinary.Node{{Tag: "host", Attrs: waBinary.Attrs{"hostname": MediaHost}}}})
	case xmlns == "md" && first == "remove-companion-device":
		c.result(n)
		if c.acct != nil && c.dev != nil {
			c.acct.removeDevice(c.dev.id)
		}
	default:
		c.srv.logf("answered an IQ the fake does not know with an empty result: %s", n.XMLString())
		c.result(n)
	}
}

// Scan is the branch's phone scanning a QR code a client shows: it links the client as a
// new device of the account of phone (made on first use), as WhatsApp > Linked devices
// does, and returns the account once the client has signed the pairing.
func (s *Server) Scan(ctx context.Context, qr, phone string) (*Account, error) {
	parts := bytes.Split([]byte(qr), []byte(","))
	if len(parts) != 4 {
		return nil, fmt.Errorf("%q is not a WhatsApp QR code", qr)
	}
	s.mu.Lock()
	c := s.pairings[string(parts[0])]
	acct := s.accounts[phone]
	if acct == nil {
		s.nextLID++
		acct = &Account{srv: s, PN: types.NewJID(phone, types.DefaultUserServer), LID: types.NewJID(strconv.Itoa(s.nextLID), types.HiddenUserServer),
			phone: newParty(), devices: map[uint16]*device{}, nextDevice: 10}
		s.accounts[phone] = acct
		s.accounts[acct.LID.User] = acct
	}
	s.mu.Unlock()
	if c == nil {
		return nil, fmt.Errorf("no client is showing QR code %q (expired, or already scanned)", parts[0])
	}
	decode := func(b []byte) []byte {
		out := make([]byte, len(b))
		n, _ := base64Std.Decode(out, b)
		return out[:n]
	}
	noisePub, identityPub, advSecret := decode(parts[1]), decode(parts[2]), decode(parts[3])
	if !bytes.Equal(noisePub, c.noiseKey) || !bytes.Equal(identityPub, c.reg.GetEIdent()) {
		return nil, fmt.Errorf("the QR code's keys are not the pairing client's")
	}
	acct.mu.Lock()
	id := acct.nextDevice
	acct.nextDevice++
	acct.mu.Unlock()
	details, _ := proto.Marshal(&waAdv.ADVDeviceIdentity{RawID: proto.Uint32(uint32(id) * 7919), Timestamp: proto.Uint64(uint64(now().Unix())), KeyIndex: proto.Uint32(uint32(id))})
	accountSig := ecc.CalculateSignature(ecc.NewDjbECPrivateKey(*acct.phone.identity.Priv),
		concat(whatsmeow.AdvAccountSignaturePrefix, details, identityPub))
	signed, _ := proto.Marshal(&waAdv.ADVSignedDeviceIdentity{Details: details, AccountSignatureKey: acct.phone.identity.Pub[:], AccountSignature: accountSig[:]})
	container, _ := proto.Marshal(&waAdv.ADVSignedDeviceIdentityHMAC{Details: signed, HMAC: hmacSHA256(advSecret, signed)})
	devJID := types.JID{User: phone, Server: types.DefaultUserServer, Device: id}
	lidJID := types.JID{User: acct.LID.User, Server: types.HiddenUserServer, Device: id}
	resp, err := c.request(ctx, waBinary.Node{Tag: "iq", Attrs: waBinary.Attrs{"from": types.ServerJID, "type": "set"},
		Content: []waBinary.Node{{Tag: "pair-success", Content: []waBinary.Node{
			{Tag: "device-identity", Content: container},
			{Tag: "platform", Attrs: waBinary.Attrs{"name": "android"}},
			{Tag: "device", Attrs: waBinary.Attrs{"jid": devJID, "lid": lidJID}},
		}}}})
	if err != nil {
		return nil, fmt.Errorf("pair-success: %w", err)
	}
	if typ, _ := resp.Attrs["type"].(string); typ != "result" {
		return nil, fmt.Errorf("the client refused the pairing: %s", resp.XMLString())
	}
	var selfSigned waAdv.ADVSignedDeviceIdentity
	raw, _ := resp.GetChildByTag("pair-device-sign", "device-identity").Content.([]byte)
	if err := proto.Unmarshal(raw, &selfSigned); err != nil {
		return nil, fmt.Errorf("pair-device-sign: %w", err)
	}
	if len(selfSigned.GetDeviceSignature()) != 64 || !ecc.VerifySignature(ecc.NewDjbECPublicKey([32]byte(identityPub)),
		concat(whatsmeow.AdvDeviceSignaturePrefix, selfSigned.GetDetails(), identityPub, acct.phone.identity.Pub[:]), [64]byte(selfSigned.GetDeviceSignature())) {
		return nil, fmt.Errorf("the client's device signature does not verify")
	}
	reg := c.reg
	dev := &device{acct: acct, id: id, noiseKey: c.noiseKey, regID: binary.BigEndian.Uint32(reg.GetERegid()), identity: [32]byte(identityPub),
		signedID: binary.BigEndian.Uint32(append([]byte{0}, reg.GetESkeyID()...)), signedPub: reg.GetESkeyVal(), signedSig: reg.GetESkeySig(),
		receipts: map[string][]string{}}
	acct.mu.Lock()
	acct.devices[id] = dev
	acct.mu.Unlock()
	s.mu.Lock()
	for ref, pc := range s.pairings {
		if pc == c {
			delete(s.pairings, ref)
		}
	}
	s.mu.Unlock()
	// WhatsApp ends the pairing connection with 515: the client closes it and logs in anew.
	c.endWith(waBinary.Node{Tag: "stream:error", Attrs: waBinary.Attrs{"code": "515"}})
	return acct, nil
}

func concat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
