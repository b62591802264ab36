package flows

import (
	"encoding/base64"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// CheapPINHash hashes a PIN as kopbot did before keyed PINs (argon2id), with tiny
// parameters, for tests that check thousands of PINs: checking follows the parameters
// stored in the hash, so this exercises the same code.
func CheapPINHash(pin string) string { return argonHash(pin, 1, 64) }

// ArgonPINHash is a PIN's argon2id hash with the parameters kopbot used before keyed PINs.
func ArgonPINHash(pin string) string { return argonHash(pin, 2, 19*1024) }

func argonHash(pin string, passes, memory uint32) string {
	salt := []byte("kopbot-test-salt")
	key := argon2.IDKey([]byte(pin), salt, passes, memory, 1, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=1$%s$%s", argon2.Version, memory, passes, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// FixedPINKeys is one fixed PIN key, for tests.
func FixedPINKeys() *PINKeys {
	k, err := NewPINKeys([]byte("kopbot-test-pin-key-32-bytes-...")[:PINKeySize])
	if err != nil {
		panic(err)
	}
	return k
}

// Trace has the runner tell f what it made of each message: "start:transfer" (a service
// asked for), "flow:transfer" (a step run), "which:a,b", "unknown", "menu", "thanks",
// "close", "stop", "help", "photo".
func Trace(r *Runner, f func(event string)) { r.trace = f }
