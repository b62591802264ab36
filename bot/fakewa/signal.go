package fakewa

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"go.mau.fi/libsignal/ecc"
	groupRecord "go.mau.fi/libsignal/groups/state/record"
	"go.mau.fi/libsignal/keys/identity"
	"go.mau.fi/libsignal/keys/prekey"
	"go.mau.fi/libsignal/protocol"
	"go.mau.fi/libsignal/session"
	"go.mau.fi/libsignal/state/record"
	"go.mau.fi/libsignal/util/optional"
	waBinary "go.mau.fi/whatsmeow/binary"
	wastore "go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/util/keys"
)

var serializer = wastore.SignalProtobufSerializer

// party is one phone's Signal identity (a member's, or a branch's own phone), with an
// in-memory store: what a real phone keeps on its disk.
type party struct {
	mu         sync.Mutex
	identity   *keys.KeyPair
	regID      uint32
	signed     *keys.PreKey
	prekeys    map[uint32]*keys.PreKey
	nextPreKey uint32
	sessions   map[string][]byte
}

func newParty() *party {
	id := keys.NewKeyPair()
	var b [2]byte
	_, _ = rand.Read(b[:])
	return &party{
		identity: id, regID: uint32(binary.BigEndian.Uint16(b[:])%16380) + 1,
		signed: id.CreateSignedPreKey(1), prekeys: map[uint32]*keys.PreKey{}, nextPreKey: 1,
		sessions: map[string][]byte{},
	}
}

// bundle hands out a fresh one-time prekey with the party's keys, as the server would.
func (p *party) bundle(device uint32) *prekey.Bundle {
	p.mu.Lock()
	pk := keys.NewPreKey(p.nextPreKey)
	p.prekeys[pk.KeyID] = pk
	p.nextPreKey++
	p.mu.Unlock()
	return prekey.NewBundle(p.regID, device, optional.NewOptionalUint32(pk.KeyID), p.signed.KeyID,
		ecc.NewDjbECPublicKey(*pk.Pub), ecc.NewDjbECPublicKey(*p.signed.Pub), *p.signed.Signature,
		identity.NewKey(ecc.NewDjbECPublicKey(*p.identity.Pub)))
}

// bundleNodes is the party's bundle as whatsmeow reads it from a prekey answer or a retry receipt.
func bundleNodes(b *prekey.Bundle, withRegistration bool) []waBinary.Node {
	id3 := func(id uint32) []byte { return []byte{byte(id >> 16), byte(id >> 8), byte(id)} }
	identityPub := b.IdentityKey().PublicKey().PublicKey()
	signed := b.SignedPreKey().PublicKey()
	sig := b.SignedPreKeySignature()
	keysNodes := []waBinary.Node{
		{Tag: "type", Content: []byte{ecc.DjbType}},
		{Tag: "identity", Content: identityPub[:]},
		{Tag: "skey", Content: []waBinary.Node{
			{Tag: "id", Content: id3(b.SignedPreKeyID())},
			{Tag: "value", Content: signed[:]},
			{Tag: "signature", Content: sig[:]},
		}},
	}
	if b.PreKey() != nil {
		pub := b.PreKey().PublicKey()
		keysNodes = append(keysNodes, waBinary.Node{Tag: "key", Content: []waBinary.Node{
			{Tag: "id", Content: id3(b.PreKeyID().Value)},
			{Tag: "value", Content: pub[:]},
		}})
	}
	var reg [4]byte
	binary.BigEndian.PutUint32(reg[:], b.RegistrationID())
	out := []waBinary.Node{{Tag: "registration", Content: reg[:]}}
	if withRegistration {
		return append(out, waBinary.Node{Tag: "keys", Content: keysNodes})
	}
	return append(out, keysNodes...)
}

// encrypt encrypts a padded plaintext for addr, building a session from bundle when there is none.
func (p *party) encrypt(ctx context.Context, addr *protocol.SignalAddress, bundle func() (*prekey.Bundle, error), plaintext []byte) (ciphertext []byte, encType string, err error) {
	builder := session.NewBuilderFromSignal(p, addr, serializer)
	if ok, _ := p.ContainsSession(ctx, addr); !ok {
		b, err := bundle()
		if err != nil {
			return nil, "", err
		}
		if err := builder.ProcessBundle(ctx, b); err != nil {
			return nil, "", fmt.Errorf("process bundle: %w", err)
		}
	}
	ct, err := session.NewCipher(builder, addr).Encrypt(ctx, pad(plaintext))
	if err != nil {
		return nil, "", err
	}
	if ct.Type() == protocol.PREKEY_TYPE {
		return ct.Serialize(), "pkmsg", nil
	}
	return ct.Serialize(), "msg", nil
}

// decrypt opens a message from addr and strips WhatsApp's padding.
func (p *party) decrypt(ctx context.Context, addr *protocol.SignalAddress, encType string, data []byte) ([]byte, error) {
	builder := session.NewBuilderFromSignal(p, addr, serializer)
	cipher := session.NewCipher(builder, addr)
	var pt []byte
	switch encType {
	case "pkmsg":
		msg, err := protocol.NewPreKeySignalMessageFromBytes(data, serializer.PreKeySignalMessage, serializer.SignalMessage)
		if err != nil {
			return nil, err
		}
		pt, err = cipher.DecryptMessage(ctx, msg)
		if err != nil {
			return nil, err
		}
	case "msg":
		msg, err := protocol.NewSignalMessageFromBytes(data, serializer.SignalMessage)
		if err != nil {
			return nil, err
		}
		pt, err = cipher.Decrypt(ctx, msg)
		if err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown enc type %q", encType)
	}
	if len(pt) == 0 || int(pt[len(pt)-1]) > len(pt) || pt[len(pt)-1] == 0 {
		return nil, errors.New("bad padding")
	}
	n := int(pt[len(pt)-1])
	for _, b := range pt[len(pt)-n:] {
		if int(b) != n {
			return nil, errors.New("bad padding")
		}
	}
	return pt[:len(pt)-n], nil
}

// pad adds WhatsApp's random padding: 1-15 bytes, each the pad's length.
func pad(b []byte) []byte {
	var r [1]byte
	_, _ = rand.Read(r[:])
	n := int(r[0]&0xf) | 1
	out := make([]byte, len(b), len(b)+n)
	copy(out, b)
	for range n {
		out = append(out, byte(n))
	}
	return out
}

// The store.SignalProtocol methods libsignal needs.

func (p *party) GetIdentityKeyPair() *identity.KeyPair {
	return identity.NewKeyPair(identity.NewKey(ecc.NewDjbECPublicKey(*p.identity.Pub)), ecc.NewDjbECPrivateKey(*p.identity.Priv))
}
func (p *party) GetLocalRegistrationID() uint32 { return p.regID }
func (p *party) SaveIdentity(context.Context, *protocol.SignalAddress, *identity.Key) error {
	return nil
}
func (p *party) IsTrustedIdentity(context.Context, *protocol.SignalAddress, *identity.Key) (bool, error) {
	return true, nil
}
func (p *party) LoadPreKey(_ context.Context, id uint32) (*record.PreKey, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	pk := p.prekeys[id]
	if pk == nil {
		return nil, nil
	}
	return record.NewPreKey(id, ecc.NewECKeyPair(ecc.NewDjbECPublicKey(*pk.Pub), ecc.NewDjbECPrivateKey(*pk.Priv)), nil), nil
}
func (p *party) StorePreKey(context.Context, uint32, *record.PreKey) error { return nil }
func (p *party) ContainsPreKey(_ context.Context, id uint32) (bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.prekeys[id] != nil, nil
}
func (p *party) RemovePreKey(_ context.Context, id uint32) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.prekeys, id)
	return nil
}
func (p *party) LoadSession(_ context.Context, addr *protocol.SignalAddress) (*record.Session, error) {
	p.mu.Lock()
	raw := p.sessions[addr.String()]
	p.mu.Unlock()
	if raw == nil {
		return record.NewSession(serializer.Session, serializer.State), nil
	}
	return record.NewSessionFromBytes(raw, serializer.Session, serializer.State)
}
func (p *party) GetSubDeviceSessions(context.Context, string) ([]uint32, error) { return nil, nil }
func (p *party) StoreSession(_ context.Context, addr *protocol.SignalAddress, r *record.Session) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sessions[addr.String()] = r.Serialize()
	return nil
}
func (p *party) ContainsSession(_ context.Context, addr *protocol.SignalAddress) (bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sessions[addr.String()] != nil, nil
}
func (p *party) DeleteSession(_ context.Context, addr *protocol.SignalAddress) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.sessions, addr.String())
	return nil
}
func (p *party) DeleteAllSessions(context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	clear(p.sessions)
	return nil
}
func (p *party) LoadSignedPreKey(_ context.Context, id uint32) (*record.SignedPreKey, error) {
	if id != p.signed.KeyID {
		return nil, nil
	}
	return record.NewSignedPreKey(id, 0, ecc.NewECKeyPair(ecc.NewDjbECPublicKey(*p.signed.Pub), ecc.NewDjbECPrivateKey(*p.signed.Priv)), *p.signed.Signature, nil), nil
}
func (p *party) LoadSignedPreKeys(context.Context) ([]*record.SignedPreKey, error) { return nil, nil }
func (p *party) StoreSignedPreKey(context.Context, uint32, *record.SignedPreKey) error {
	return nil
}
func (p *party) ContainsSignedPreKey(_ context.Context, id uint32) (bool, error) {
	return id == p.signed.KeyID, nil
}
func (p *party) RemoveSignedPreKey(context.Context, uint32) error { return nil }
func (p *party) StoreSenderKey(context.Context, *protocol.SenderKeyName, *groupRecord.SenderKey) error {
	return nil
}
func (p *party) LoadSenderKey(context.Context, *protocol.SenderKeyName) (*groupRecord.SenderKey, error) {
	return groupRecord.NewSenderKey(serializer.SenderKeyRecord, serializer.SenderKeyState), nil
}
