package flows

import (
	"encoding/base64"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// CheapPINHash hashes a PIN with tiny argon2id parameters, for tests that check thousands
// of PINs: checking follows the parameters stored in the hash, so this exercises the same code.
func CheapPINHash(pin string) string {
	salt := []byte("kopbot-test-salt")
	key := argon2.IDKey([]byte(pin), salt, 1, 64, 1, pinKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=64,t=1,p=1$%s$%s", argon2.Version, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// Trace has the runner tell f what it made of each message: "start:transfer" (a service
// asked for), "flow:transfer" (a step run), "which:a,b", "unknown", "menu", "thanks",
// "close", "stop", "help", "photo".
func Trace(r *Runner, f func(event string)) { r.trace = f }
