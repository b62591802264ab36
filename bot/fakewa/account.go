package fakewa

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"slices"
	"strconv"
	"sync"
	"time"

	"go.mau.fi/libsignal/ecc"
	"go.mau.fi/libsignal/keys/identity"
	"go.mau.fi/libsignal/keys/prekey"
	"go.mau.fi/libsignal/protocol"
	"go.mau.fi/libsignal/util/optional"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"
)

var base64Std = base64.StdEncoding

func hmacSHA256(key, data []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(data)
	return h.Sum(nil)
}

// Account is a WhatsApp account a client paired with: a branch's number, its own phone
// (device 0) and its linked devices.
type Account struct {
	PN, LID types.JID

	srv   *Server
	phone *party

	mu          sync.Mutex
	devices     map[uint16]*device
	nextDevice  uint16
	bannedUntil time.Time
	banCode     int
	phoneGot    []*Received
}

// device is a linked device: its keys as it registered and uploaded them, its connection,
// and the messages WhatsApp holds for it until it acknowledges them.
type device struct {
	acct      *Account
	id        uint16
	noiseKey  []byte
	regID     uint32
	identity  [32]byte
	signedID  uint32
	signedPub []byte
	signedSig []byte

	mu       sync.Mutex
	prekeys  []uint32 // uploaded one-time prekey IDs, in order
	prekeyOf map[uint32][]byte
	conn     *conn
	pending  []*waBinary.Node // delivered or queued, not yet acknowledged
	receipts map[string][]string
}

// Devices lists the account's linked device numbers.
func (a *Account) Devices() []uint16 {
	a.mu.Lock()
	defer a.mu.Unlock()
	var ids []uint16
	for id := range a.devices {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func (a *Account) linked() []*device {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]*device, 0, len(a.devices))
	for _, d := range a.devices {
		out = append(out, d)
	}
	slices.SortFunc(out, func(x, y *device) int { return int(x.id) - int(y.id) })
	return out
}

func (a *Account) removeDevice(id uint16) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.devices, id)
}

// Logout is the phone removing its linked devices (Linked devices > Log out): each is told
// at once if connected (401 device_removed), or refused (401) at its next login.
func (a *Account) Logout() {
	for _, d := range a.linked() {
		a.removeDevice(d.id)
		if c := d.current(); c != nil {
			c.endWith(waBinary.Node{Tag: "stream:error", Attrs: waBinary.Attrs{"code": "401"},
				Content: []waBinary.Node{{Tag: "conflict", Attrs: waBinary.Attrs{"type": "device_removed"}}}})
		}
	}
}

// Ban blocks the account for d: connected devices are ended with a stream error, and
// logins are refused with 402 (a temporary ban) until it ends.
func (a *Account) Ban(d time.Duration, code int) {
	a.mu.Lock()
	a.bannedUntil, a.banCode = time.Now().Add(d), code
	a.mu.Unlock()
	a.end(waBinary.Node{Tag: "stream:error", Attrs: waBinary.Attrs{"code": "503"}})
}

// end ends each device's connection with a last node.
func (a *Account) end(n waBinary.Node) {
	for _, d := range a.linked() {
		if c := d.current(); c != nil {
			c.endWith(n)
		}
	}
}

// Drop closes every device's connection, as a network failure would.
func (a *Account) Drop() {
	for _, d := range a.linked() {
		if c := d.current(); c != nil {
			c.close()
		}
	}
}

// Replace tells each connected device another client took its session (stream replaced),
// closing the connection a moment later. (Closed at once, whatsmeow may see the close
// before the stream error and reconnect once, pushing the other client off in turn.)
func (a *Account) Replace() {
	a.end(waBinary.Node{Tag: "stream:error", Content: []waBinary.Node{{Tag: "conflict", Attrs: waBinary.Attrs{"type": "replaced"}}}})
}

// Connected reports whether any linked device is connected and active.
func (a *Account) Connected() bool {
	for _, d := range a.linked() {
		if c := d.current(); c != nil {
			c.mu.Lock()
			active := c.active
			c.mu.Unlock()
			if active {
				return true
			}
		}
	}
	return false
}

// Receipts lists what the account's devices answered to message id: "delivery", "read",
// "retry", "ack" (an acknowledgement without receipt), in order.
func (a *Account) Receipts(id string) []string {
	var out []string
	for _, d := range a.linked() {
		d.mu.Lock()
		out = append(out, d.receipts[id]...)
		d.mu.Unlock()
	}
	return out
}

// Pending counts the messages WhatsApp still holds for the account's devices.
func (a *Account) Pending() int {
	n := 0
	for _, d := range a.linked() {
		d.mu.Lock()
		n += len(d.pending)
		d.mu.Unlock()
	}
	return n
}

// PhoneReceived lists the copies of sent messages the account's own phone got.
func (a *Account) PhoneReceived() []*Received {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.phoneGot)
}

// PhoneWrites is someone writing to a member from the branch's own phone: the linked
// devices get a copy (a DeviceSentMessage, from the account itself). It returns the ID.
func (a *Account) PhoneWrites(ctx context.Context, to *Member, text string) (string, error) {
	id := a.srv.newID()
	msg := &waE2E.Message{DeviceSentMessage: &waE2E.DeviceSentMessage{
		DestinationJID: proto.String(to.PN.String()), Message: &waE2E.Message{Conversation: proto.String(text)},
	}}
	plaintext, err := proto.Marshal(msg)
	if err != nil {
		return "", err
	}
	for _, d := range a.linked() {
		ct, encType, err := a.phone.encrypt(ctx, d.address(), d.bundle, plaintext)
		if err != nil {
			return "", err
		}
		d.deliver(&waBinary.Node{Tag: "message", Attrs: waBinary.Attrs{
			"id": id, "from": a.PN, "recipient": to.PN, "t": strconv.FormatInt(now().Unix(), 10), "type": "text",
		}, Content: []waBinary.Node{{Tag: "enc", Attrs: waBinary.Attrs{"v": "2", "type": encType}, Content: ct}}})
	}
	return id, nil
}

func (d *device) current() *conn {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.conn
}

// address is the device's Signal address as members key their sessions with it.
func (d *device) address() *protocol.SignalAddress {
	return protocol.NewSignalAddress(d.acct.PN.User, uint32(d.id))
}

// bundle is the device's prekey bundle, using up one of its uploaded one-time prekeys.
func (d *device) bundle() (*prekey.Bundle, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	pre := optional.NewEmptyUint32()
	var prePub ecc.ECPublicKeyable
	if len(d.prekeys) > 0 {
		id := d.prekeys[0]
		d.prekeys = d.prekeys[1:]
		pre = optional.NewOptionalUint32(id)
		prePub = ecc.NewDjbECPublicKey([32]byte(d.prekeyOf[id]))
	}
	return prekey.NewBundle(d.regID, uint32(d.id), pre, d.signedID, prePub,
		ecc.NewDjbECPublicKey([32]byte(d.signedPub)), [64]byte(d.signedSig), identity.NewKey(ecc.NewDjbECPublicKey(d.identity))), nil
}

// upload keeps the prekeys a device uploads.
func (d *device) upload(n *waBinary.Node) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.prekeyOf == nil {
		d.prekeyOf = map[uint32][]byte{}
	}
	list := n.GetChildByTag("list")
	for _, k := range list.GetChildren() {
		idb, _ := k.GetChildByTag("id").Content.([]byte)
		val, _ := k.GetChildByTag("value").Content.([]byte)
		if len(idb) != 3 || len(val) != 32 {
			continue
		}
		id := binary.BigEndian.Uint32(append([]byte{0}, idb...))
		if d.prekeyOf[id] == nil {
			d.prekeys = append(d.prekeys, id)
		}
		d.prekeyOf[id] = val
	}
}

// deliver hands a stanza to the device, or holds it until the device connects; it stays
// held until the device acknowledges it, and is delivered again at each login until then.
func (d *device) deliver(n *waBinary.Node) {
	d.mu.Lock()
	d.pending = append(d.pending, n)
	c := d.conn
	d.mu.Unlock()
	if c != nil {
		c.mu.Lock()
		active := c.active
		c.mu.Unlock()
		if active {
			_ = c.send(*n)
		}
	}
}

// flush delivers what is held for the device after it logged in, then says the offline
// queue is done.
func (d *device) flush() {
	d.mu.Lock()
	held := slices.Clone(d.pending)
	c := d.conn
	d.mu.Unlock()
	if c == nil {
		return
	}
	for _, n := range held {
		_ = c.send(*n)
	}
	_ = c.send(waBinary.Node{Tag: "ib", Content: []waBinary.Node{{Tag: "offline", Attrs: waBinary.Attrs{"count": strconv.Itoa(len(held))}}}})
}

// receipt records a device's answer to a message; any answer but a retry request ends
// WhatsApp's holding it.
func (d *device) receipt(id, typ string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.receipts[id] = append(d.receipts[id], typ)
	if typ == "retry" {
		return
	}
	d.pending = slices.DeleteFunc(d.pending, func(n *waBinary.Node) bool { return n.Attrs["id"] == id })
}

// bundles answers a prekey request for members, the accounts' phones and linked devices.
func (s *Server) bundles(users []waBinary.Node) []waBinary.Node {
	var out []waBinary.Node
	for _, u := range users {
		jid, _ := u.Attrs["jid"].(types.JID)
		var b *prekey.Bundle
		s.mu.Lock()
		m, acct := s.members[jid.User], s.accounts[jid.User]
		s.mu.Unlock()
		switch {
		case m != nil && jid.Device == 0:
			b = m.party.bundle(0)
		case acct != nil && jid.Device == 0:
			b = acct.phone.bundle(0)
		case acct != nil:
			acct.mu.Lock()
			d := acct.devices[jid.Device]
			acct.mu.Unlock()
			if d != nil {
				b, _ = d.bundle()
			}
		}
		if b == nil {
			out = append(out, waBinary.Node{Tag: "user", Attrs: waBinary.Attrs{"jid": jid},
				Content: []waBinary.Node{{Tag: "error", Attrs: waBinary.Attrs{"code": "404", "text": "item-not-found"}}}})
			continue
		}
		out = append(out, waBinary.Node{Tag: "user", Attrs: waBinary.Attrs{"jid": jid}, Content: bundleNodes(b, false)})
	}
	return out
}

// usync answers device-list, LID and contact queries.
func (s *Server) usync(q waBinary.Node) waBinary.Node {
	wants := map[string]bool{}
	query, list := q.GetChildByTag("query"), q.GetChildByTag("list")
	for _, w := range query.GetChildren() {
		wants[w.Tag] = true
	}
	var users []waBinary.Node
	for _, u := range list.GetChildren() {
		jid, ok := u.Attrs["jid"].(types.JID)
		if !ok {
			if contact, ok := u.GetOptionalChildByTag("contact"); ok {
				phone, _ := contact.Content.(string)
				if b, ok := contact.Content.([]byte); ok {
					phone = string(b)
				}
				jid = types.NewJID(trimPhone(phone), types.DefaultUserServer)
			}
		}
		s.mu.Lock()
		m, acct := s.members[jid.User], s.accounts[jid.User]
		s.mu.Unlock()
		var content []waBinary.Node
		var lid types.JID
		devs := []uint16{}
		switch {
		case m != nil:
			devs, lid = []uint16{0}, m.LID
		case acct != nil:
			devs, lid = append([]uint16{0}, acct.Devices()...), acct.LID
		}
		if wants["devices"] && (m != nil || acct != nil) {
			list := make([]waBinary.Node, len(devs))
			for i, d := range devs {
				list[i] = waBinary.Node{Tag: "device", Attrs: waBinary.Attrs{"id": strconv.Itoa(int(d))}}
			}
			content = append(content, waBinary.Node{Tag: "devices", Content: []waBinary.Node{{Tag: "device-list", Content: list}}})
		}
		if wants["lid"] {
			attrs := waBinary.Attrs{}
			if !lid.IsEmpty() && jid.Server == types.DefaultUserServer {
				attrs["val"] = lid
			}
			content = append(content, waBinary.Node{Tag: "lid", Attrs: attrs})
		}
		if wants["contact"] {
			typ := "out"
			if m != nil || acct != nil {
				typ = "in"
			}
			content = append(content, waBinary.Node{Tag: "contact", Attrs: waBinary.Attrs{"type": typ}})
		}
		users = append(users, waBinary.Node{Tag: "user", Attrs: waBinary.Attrs{"jid": jid}, Content: content})
	}
	return waBinary.Node{Tag: "usync", Content: []waBinary.Node{{Tag: "list", Content: users}}}
}

func trimPhone(p string) string {
	out := make([]byte, 0, len(p))
	for i := 0; i < len(p); i++ {
		if p[i] >= '0' && p[i] <= '9' {
			out = append(out, p[i])
		} else if p[i] == '@' {
			break
		}
	}
	return string(out)
}

// handleMessage routes a message the client sends to each device it was encrypted for, and
// acknowledges it.
func (c *conn) handleMessage(n *waBinary.Node) {
	s := c.srv
	id, _ := n.Attrs["id"].(string)
	to, _ := n.Attrs["to"].(types.JID)
	var targets []waBinary.Node
	if parts, ok := n.GetOptionalChildByTag("participants"); ok {
		targets = parts.GetChildren()
	} else if enc, ok := n.GetOptionalChildByTag("enc"); ok { // a resend after a retry receipt
		targets = []waBinary.Node{{Tag: "to", Attrs: waBinary.Attrs{"jid": to}, Content: []waBinary.Node{enc}}}
	}
	var sender *device
	c.mu.Lock()
	sender = c.dev
	c.mu.Unlock()
	for _, t := range targets {
		jid, _ := t.Attrs["jid"].(types.JID)
		enc := t.GetChildByTag("enc")
		encType, _ := enc.Attrs["type"].(string)
		data, _ := enc.Content.([]byte)
		s.mu.Lock()
		m, acct := s.members[jid.User], s.accounts[jid.User]
		s.mu.Unlock()
		switch {
		case m != nil:
			m.receive(sender, id, jid, n.Attrs, encType, data)
		case acct != nil && jid.Device == 0 && sender != nil:
			pt, err := acct.phone.decrypt(context.Background(), sender.address(), encType, data)
			var msg waE2E.Message
			if err == nil {
				err = proto.Unmarshal(pt, &msg)
			}
			acct.mu.Lock()
			acct.phoneGot = append(acct.phoneGot, &Received{ID: id, To: jid, Message: &msg, Err: err})
			acct.mu.Unlock()
		default:
			s.logf("message %s for %s, whom the fake does not know", id, jid)
		}
	}
	_ = c.send(waBinary.Node{Tag: "ack", Attrs: waBinary.Attrs{"class": "message", "id": id, "t": strconv.FormatInt(now().Unix(), 10), "from": to}})
}
