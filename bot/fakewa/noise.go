package fakewa

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/coder/websocket"
	"go.mau.fi/libsignal/ecc"
	"go.mau.fi/whatsmeow"
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waCert"
	"go.mau.fi/whatsmeow/proto/waWa6"
	"go.mau.fi/whatsmeow/socket"
	"go.mau.fi/whatsmeow/util/keys"
	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/hkdf"
	"google.golang.org/protobuf/proto"
)

// The certificate chain whatsmeow checks the server's Noise key against. whatsmeow keeps
// the root as a package variable; every fake in a test binary shares the one set here.
var (
	certOnce     sync.Once
	intermediate *keys.KeyPair
	rootPub      [32]byte
)

func trustFakeRoot() {
	certOnce.Do(func() {
		root := keys.NewKeyPair()
		rootPub = *root.Pub
		whatsmeow.WACertPubKey = *root.Pub
		intermediate = keys.NewKeyPair()
		details, _ := proto.Marshal(&waCert.CertChain_NoiseCertificate_Details{
			Serial: proto.Uint32(1), IssuerSerial: proto.Uint32(whatsmeow.WACertIssuerSerial), Key: intermediate.Pub[:],
		})
		intermediateCert = &waCert.CertChain_NoiseCertificate{Details: details, Signature: sign(root, details)}
	})
}

var intermediateCert *waCert.CertChain_NoiseCertificate

func sign(kp *keys.KeyPair, msg []byte) []byte {
	sig := ecc.CalculateSignature(ecc.NewDjbECPrivateKey(*kp.Priv), msg)
	return sig[:]
}

// certChain is the chain for a server whose static Noise key is static.
func certChain(static *keys.KeyPair) []byte {
	details, _ := proto.Marshal(&waCert.CertChain_NoiseCertificate_Details{
		Serial: proto.Uint32(2), IssuerSerial: proto.Uint32(1), Key: static.Pub[:],
	})
	data, _ := proto.Marshal(&waCert.CertChain{
		Intermediate: intermediateCert,
		Leaf:         &waCert.CertChain_NoiseCertificate{Details: details, Signature: sign(intermediate, details)},
	})
	return data
}

// noise is the server's half of Noise_XX_25519_AESGCM_SHA256, mirroring whatsmeow's socket.NoiseHandshake.
type noise struct {
	hash, salt []byte
	key        cipher.AEAD
	counter    uint32
}

func gcm(key []byte) cipher.AEAD {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err)
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return g
}

func iv(n uint32) []byte {
	b := make([]byte, 12)
	binary.BigEndian.PutUint32(b[8:], n)
	return b
}

func (n *noise) start(header []byte) {
	h := []byte(socket.NoiseStartPattern)
	n.hash, n.salt = h, h
	n.key = gcm(h)
	n.authenticate(header)
}

func (n *noise) authenticate(data []byte) {
	sum := sha256.Sum256(append(n.hash, data...))
	n.hash = sum[:]
}

func (n *noise) encrypt(plaintext []byte) []byte {
	ct := n.key.Seal(nil, iv(n.counter), plaintext, n.hash)
	n.counter++
	n.authenticate(ct)
	return ct
}

func (n *noise) decrypt(ct []byte) ([]byte, error) {
	pt, err := n.key.Open(nil, iv(n.counter), ct, n.hash)
	n.counter++
	if err == nil {
		n.authenticate(ct)
	}
	return pt, err
}

func expand(salt, data []byte) (write, read []byte) {
	h := hkdf.New(sha256.New, data, salt, nil)
	write, read = make([]byte, 32), make([]byte, 32)
	_, _ = io.ReadFull(h, write)
	_, _ = io.ReadFull(h, read)
	return
}

func (n *noise) mix(priv, pub []byte) error {
	secret, err := curve25519.X25519(priv, pub)
	if err != nil {
		return err
	}
	n.counter = 0
	write, read := expand(n.salt, secret)
	n.salt, n.key = write, gcm(read)
	return nil
}

// frames reads and writes WhatsApp's frames (3-byte length, then the payload) over a websocket;
// the client's first bytes carry a 4-byte header, and frames may span or share messages.
type frames struct {
	ws      *websocket.Conn
	buf     []byte
	header  []byte
	wmu     sync.Mutex
	readKey cipher.AEAD // after the handshake: the client's write key
	wkey    cipher.AEAD
	rn, wn  uint32
}

func (f *frames) readFrame(ctx context.Context) ([]byte, error) {
	for {
		if f.header == nil && len(f.buf) >= 4 {
			f.header, f.buf = append([]byte(nil), f.buf[:4]...), f.buf[4:]
		}
		if f.header != nil && len(f.buf) >= 3 {
			n := int(f.buf[0])<<16 | int(f.buf[1])<<8 | int(f.buf[2])
			if len(f.buf) >= 3+n {
				frame := append([]byte(nil), f.buf[3:3+n]...)
				f.buf = f.buf[3+n:]
				return frame, nil
			}
		}
		_, data, err := f.ws.Read(ctx)
		if err != nil {
			return nil, err
		}
		f.buf = append(f.buf, data...)
	}
}

func (f *frames) writeFrame(ctx context.Context, data []byte) error {
	out := make([]byte, 3+len(data))
	out[0], out[1], out[2] = byte(len(data)>>16), byte(len(data)>>8), byte(len(data))
	copy(out[3:], data)
	return f.ws.Write(ctx, websocket.MessageBinary, out)
}

// handshake runs the server side of the Noise handshake and returns the client's static
// key and its payload.
func (f *frames) handshake(ctx context.Context, static *keys.KeyPair) (clientStatic []byte, payload *waWa6.ClientPayload, err error) {
	first, err := f.readFrame(ctx)
	if err != nil {
		return nil, nil, err
	}
	if string(f.header[:3]) != string(socket.WAConnHeader[:3]) {
		return nil, nil, fmt.Errorf("unexpected connection header %x", f.header)
	}
	var hello waWa6.HandshakeMessage
	if err := proto.Unmarshal(first, &hello); err != nil {
		return nil, nil, fmt.Errorf("client hello: %w", err)
	}
	clientEph := hello.GetClientHello().GetEphemeral()
	if len(clientEph) != 32 {
		return nil, nil, errors.New("client hello without an ephemeral key")
	}
	var n noise
	n.start(f.header)
	n.authenticate(clientEph)
	eph := keys.NewKeyPair()
	n.authenticate(eph.Pub[:])
	if err := n.mix(eph.Priv[:], clientEph); err != nil {
		return nil, nil, err
	}
	staticCT := n.encrypt(static.Pub[:])
	if err := n.mix(static.Priv[:], clientEph); err != nil {
		return nil, nil, err
	}
	certCT := n.encrypt(certChain(static))
	reply, _ := proto.Marshal(&waWa6.HandshakeMessage{ServerHello: &waWa6.HandshakeMessage_ServerHello{
		Ephemeral: eph.Pub[:], Static: staticCT, Payload: certCT,
	}})
	if err := f.writeFrame(ctx, reply); err != nil {
		return nil, nil, err
	}
	finishData, err := f.readFrame(ctx)
	if err != nil {
		return nil, nil, err
	}
	var finish waWa6.HandshakeMessage
	if err := proto.Unmarshal(finishData, &finish); err != nil {
		return nil, nil, fmt.Errorf("client finish: %w", err)
	}
	clientStatic, err = n.decrypt(finish.GetClientFinish().GetStatic())
	if err != nil || len(clientStatic) != 32 {
		return nil, nil, fmt.Errorf("client static key: %v", err)
	}
	if err := n.mix(eph.Priv[:], clientStatic); err != nil {
		return nil, nil, err
	}
	pt, err := n.decrypt(finish.GetClientFinish().GetPayload())
	if err != nil {
		return nil, nil, fmt.Errorf("client payload: %w", err)
	}
	payload = &waWa6.ClientPayload{}
	if err := proto.Unmarshal(pt, payload); err != nil {
		return nil, nil, fmt.Errorf("client payload: %w", err)
	}
	write, read := expand(n.salt, nil)
	f.readKey, f.wkey = gcm(write), gcm(read)
	return clientStatic, payload, nil
}

// readNode reads and decrypts one node.
func (f *frames) readNode(ctx context.Context) (*waBinary.Node, error) {
	frame, err := f.readFrame(ctx)
	if err != nil {
		return nil, err
	}
	pt, err := f.readKey.Open(nil, iv(f.rn), frame, nil)
	f.rn++
	if err != nil {
		return nil, fmt.Errorf("decrypt frame: %w", err)
	}
	data, err := waBinary.Unpack(pt)
	if err != nil {
		return nil, err
	}
	return waBinary.Unmarshal(data)
}

// writeNode encrypts and sends one node; safe from any goroutine.
func (f *frames) writeNode(ctx context.Context, node waBinary.Node) error {
	data, err := waBinary.Marshal(node)
	if err != nil {
		return err
	}
	f.wmu.Lock()
	defer f.wmu.Unlock()
	ct := f.wkey.Seal(nil, iv(f.wn), data, nil)
	f.wn++
	return f.writeFrame(ctx, ct)
}
