package flows

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// PINs are checked as HMAC-SHA256 under a 256-bit key kept outside the database (the key
// file, or KOPBOT_PIN_KEY), so a copy of the database alone yields no PIN: without the key,
// trying all million PINs against a stored hash tells nothing.
//
// No slow hash sits on top, on purpose. A six-digit PIN has a million values: whoever
// holds the key and the database finds any PIN whatever slow hash is used (argon2id made
// it 7 CPU-hours per member, no protection worth having), while the slow hash was 70% of
// kopbot's CPU. The key is the protection offline; the lockout is the protection online.
//
// A stored hash reads $kopbot-hmac$k=<key id>$<salt>$<mac>, mac = HMAC(key, salt || PIN).
// The key id names the key it was made under, so hashes made before a rotation still
// verify (under the previous key, kept in the key file) until the holder's next right PIN
// re-hashes them under the current one. Hashes of the argon2id era are upgraded the same way.

// PINKeySize is a PIN key's length: 256 bits.
const PINKeySize = 32

const pinHMACScheme = "kopbot-hmac"

// KeyedPINPrefix begins every keyed PIN hash: a database holding one needs its key.
const KeyedPINPrefix = "$" + pinHMACScheme + "$"

// PINKeys are the keys PINs are hashed under: the first is current, the others only
// verify hashes made before a rotation.
type PINKeys struct {
	keys [][]byte
}

// NewPINKeys takes the current key first, then the previous ones.
func NewPINKeys(keys ...[]byte) (*PINKeys, error) {
	if len(keys) == 0 {
		return nil, errors.New("no PIN key")
	}
	for i, k := range keys {
		if len(k) != PINKeySize {
			return nil, fmt.Errorf("PIN key %d is %d bytes, not %d", i+1, len(k), PINKeySize)
		}
	}
	return &PINKeys{keys: keys}, nil
}

// NewPINKey returns a fresh random 256-bit key.
func NewPINKey() ([]byte, error) {
	k := make([]byte, PINKeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("new PIN key: %w", err)
	}
	return k, nil
}

// PINKeyID names a key in stored hashes without revealing it: 32 bits of a hash of it.
func PINKeyID(key []byte) string {
	sum := sha256.Sum256(append([]byte("kopbot pin key id\x00"), key...))
	return hex.EncodeToString(sum[:4])
}

// All are the keys, the current first.
func (k *PINKeys) All() [][]byte { return k.keys }

// CurrentID is the id of the key new hashes are made under.
func (k *PINKeys) CurrentID() string { return PINKeyID(k.keys[0]) }

func (k *PINKeys) byID(id string) []byte {
	if k == nil {
		return nil
	}
	for _, key := range k.keys {
		if PINKeyID(key) == id {
			return key
		}
	}
	return nil
}

func pinMAC(key, salt []byte, pin string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(salt)
	m.Write([]byte(pin))
	return m.Sum(nil)
}

// Hash returns pin's keyed hash under the current key, with a fresh salt.
func (k *PINKeys) Hash(pin string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt for PIN: %w", err)
	}
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$%s$k=%s$%s$%s", pinHMACScheme, k.CurrentID(), b64.EncodeToString(salt),
		b64.EncodeToString(pinMAC(k.keys[0], salt, pin))), nil
}

// Matches checks pin against a stored hash in constant time: a keyed hash under any key
// still kept, or an argon2id hash of before keyed hashes (slow: see pin_ahead.go).
func (k *PINKeys) Matches(encoded, pin string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) == 6 && parts[1] == "argon2id" {
		return argonMatches(parts, pin)
	}
	if len(parts) != 5 || parts[1] != pinHMACScheme || !strings.HasPrefix(parts[2], "k=") {
		return false
	}
	key := k.byID(strings.TrimPrefix(parts[2], "k="))
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[3])
	want, err2 := b64.DecodeString(parts[4])
	if key == nil || err1 != nil || err2 != nil {
		return false
	}
	return subtle.ConstantTimeCompare(pinMAC(key, salt, pin), want) == 1
}

// Stale reports whether a stored hash is to be replaced at its holder's next right PIN:
// an argon2id hash, or a keyed hash under a key that is no longer current.
func (k *PINKeys) Stale(encoded string) bool {
	return !strings.HasPrefix(encoded, "$"+pinHMACScheme+"$k="+k.CurrentID()+"$")
}

type pinKeysKey struct{}

// withPINKeys carries the runner's PIN keys to the steps that hash and check PINs.
func withPINKeys(ctx context.Context, k *PINKeys) context.Context {
	return context.WithValue(ctx, pinKeysKey{}, k)
}

var errNoPINKey = errors.New("no PIN key: the runner was started without one")

func pinKeysOf(ctx context.Context) (*PINKeys, error) {
	k, _ := ctx.Value(pinKeysKey{}).(*PINKeys)
	if k == nil {
		return nil, errNoPINKey
	}
	return k, nil
}
