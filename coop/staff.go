package coop

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/kopbot/kopbot/store"
)

// StaffAccount is a named staff account, whichever door they came in by (web, their
// WhatsApp number, the CLI's -by): "staff:budi".
func StaffAccount(username string) Actor { return Actor("staff:" + username) }

// The argon2id parameters of staff passwords (OWASP's second set: 19 MiB, 2 passes, one
// lane), stored in each hash so they can be raised without breaking old hashes.
var argonTime, argonMemory uint32 = 2, 19 * 1024 // passes, KiB

// CheapPasswordHashesForTests makes new staff password hashes cost one pass over 64 KiB,
// for test binaries that create and sign in hundreds of accounts (under the race detector
// one full-cost hash takes seconds). A check always uses the hash's own parameters, so it
// never depends on this. Only a test's TestMain calls it, before any test runs.
func CheapPasswordHashesForTests() { argonTime, argonMemory = 1, 64 }

const (
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16

	// MinPasswordLength is the fewest characters a staff password has.
	MinPasswordLength = 10
)

// Sign-in limits: a fixed lockout, not an escalating one, so a forgetful teller waits a
// known time; an attacker gets LockAfter guesses per LockFor.
const (
	LockAfter = 5                // failed sign-ins in a row that lock the account
	LockFor   = 15 * time.Minute // how long it stays locked; each failure while locked locks it again
	// SessionIdle ends a session nobody used for this long; SessionMax ends any session this old.
	SessionIdle = 12 * time.Hour
	SessionMax  = 7 * 24 * time.Hour
)

// ErrSignIn is every failed sign-in: wrong username, wrong password, locked or disabled
// account read the same, so the answer never tells whether a username exists.
var ErrSignIn = errors.New("the username and password do not match, or the account is locked for a while after too many tries")

// ErrNoSession is a session token that is unknown, expired or of a disabled account.
var ErrNoSession = errors.New("no such session: sign in again")

// HashPassword returns password's argon2id hash with a fresh salt, in the PHC string form.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt a password: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// PasswordMatches reports whether password hashes to hash, with hash's own parameters.
func PasswordMatches(hash, password string) bool {
	var version int
	var mem, iter uint32
	var threads uint8
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &iter, &threads); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, iter, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is compared against when the password is not checked (no such username, a
// locked or disabled account), so that answer takes as long as a wrong password. Made on
// first use: every command of the CLI need not pay for it.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("kopbot: no such staff member")
	return h
})

var (
	usernamePattern = regexp.MustCompile(`^[a-z][a-z0-9._-]{1,31}$`)
	staffPhone      = regexp.MustCompile(`^62\d{8,13}$`)
)

// NewStaff is a staff account to add.
type NewStaff struct {
	Username, Name string
	Role           store.StaffRole
	Branches       []string
	Phone          string // WhatsApp number, 62...; optional
	Password       string
}

// AddStaff adds a staff account after checking it; by is who adds it.
func AddStaff(ctx context.Context, tx *store.Tx, n NewStaff, by Actor) (store.StaffAccount, error) {
	s := store.StaffAccount{Username: strings.ToLower(strings.TrimSpace(n.Username)), Name: strings.TrimSpace(n.Name),
		Role: n.Role, Phone: strings.TrimSpace(n.Phone), Language: "id"}
	if err := checkNewStaff(ctx, tx, s, n); err != nil {
		return s, err
	}
	s.Branches = n.Branches
	hash, err := HashPassword(n.Password)
	if err != nil {
		return s, err
	}
	s.PasswordHash = hash
	if err := tx.CreateStaff(ctx, s, string(by)); err != nil {
		return s, err
	}
	_, err = decidedWith(ctx, tx, by, AuditStaffAdd, s.Username, "", string(s.Role))
	return s, err
}

func checkNewStaff(ctx context.Context, tx *store.Tx, s store.StaffAccount, n NewStaff) error {
	switch {
	case !usernamePattern.MatchString(s.Username):
		return fmt.Errorf("username %q: use 2 to 32 lowercase letters, digits, dots or dashes, starting with a letter", n.Username)
	case s.Name == "":
		return errors.New("a staff account needs the person's name")
	case s.Role.Rank() == 0:
		return fmt.Errorf("role %q: choose teller, manager or admin", n.Role)
	case s.Role != store.RoleAdmin && len(n.Branches) == 0:
		return fmt.Errorf("a %s works at some branch: name it with -branches", s.Role)
	case s.Phone != "" && !staffPhone.MatchString(s.Phone):
		return fmt.Errorf("phone %q: write it as 62 and the number, 6281234567890", s.Phone)
	}
	if err := CheckPassword(n.Password); err != nil {
		return err
	}
	if _, err := tx.Staff(ctx, s.Username); err == nil {
		return fmt.Errorf("there is already a staff account %s", s.Username)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	for _, b := range n.Branches {
		if _, err := tx.Branch(ctx, b); err != nil {
			return fmt.Errorf("branch %q: %w", b, err)
		}
	}
	if s.Phone != "" {
		if other, err := tx.StaffByPhone(ctx, s.Phone); err == nil {
			return fmt.Errorf("phone %s is already the number of staff account %s", s.Phone, other.Username)
		}
	}
	return nil
}

// CheckPassword refuses a password too short to keep a guesser out.
func CheckPassword(p string) error {
	if len([]rune(p)) < MinPasswordLength {
		return fmt.Errorf("a staff password has at least %d characters", MinPasswordLength)
	}
	return nil
}

// ResetStaffPassword gives username a new password, clears a lockout, and ends their sessions.
func ResetStaffPassword(ctx context.Context, tx *store.Tx, username, password string, by Actor) error {
	if err := CheckPassword(password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	if by, err = decided(ctx, tx, by, AuditStaffPassword, username, ""); err != nil {
		return err
	}
	if err := tx.SetStaffPassword(ctx, username, hash, string(by)); err != nil {
		return err
	}
	return tx.EndSessionsOf(ctx, username)
}

// DisableStaff turns username's account off: their sessions end, their phone no longer
// names them on WhatsApp.
func DisableStaff(ctx context.Context, tx *store.Tx, username string, by Actor) error {
	by, err := decided(ctx, tx, by, AuditStaffDisable, username, "")
	if err != nil {
		return err
	}
	return tx.DisableStaff(ctx, username, string(by))
}

// Session is a signed-in staff member: the token the browser keeps, the CSRF token its
// forms carry.
type Session struct {
	Staff store.StaffAccount
	Token string // only ever in the browser's cookie; the store keeps its hash
	CSRF  string
	Stale bool // last used over a minute ago: KeepSession
}

// SignIn checks username's password and starts a session; any failure is ErrSignIn.
// It runs in a write transaction, since a failure counts towards the lockout.
func SignIn(ctx context.Context, tx *store.Tx, username, password, remote string) (Session, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	s, err := tx.Staff(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		PasswordMatches(dummyHash(), password)
		return Session{}, ErrSignIn
	} else if err != nil {
		return Session{}, err
	}
	now := tx.Now()
	if s.Disabled || now.Before(s.LockedUntil) {
		PasswordMatches(dummyHash(), password)
		if !s.Disabled { // guessing while locked locks again
			if err := tx.RecordSignIn(ctx, username, false, now.Add(LockFor)); err != nil {
				return Session{}, err
			}
		}
		return Session{}, ErrSignIn
	}
	if !PasswordMatches(s.PasswordHash, password) {
		var until time.Time
		if s.FailedSignIns+1 >= LockAfter {
			until = now.Add(LockFor)
		}
		if err := tx.RecordSignIn(ctx, username, false, until); err != nil {
			return Session{}, err
		}
		return Session{}, ErrSignIn
	}
	if err := tx.RecordSignIn(ctx, username, true, time.Time{}); err != nil {
		return Session{}, err
	}
	token, csrf := randomToken(), randomToken()
	err = tx.CreateSession(ctx, store.StaffSession{TokenHash: tokenHash(token), Username: username, CSRF: csrf, RemoteAddr: remote})
	return Session{Staff: s, Token: token, CSRF: csrf}, err
}

// SessionOf returns the live session of token, reading only: an unknown, expired or
// disabled one is ErrNoSession (the caller ends an expired one with SignOut). Stale says
// the caller should note its use with KeepSession: at most once a minute, so pages stay
// reads.
func SessionOf(ctx context.Context, tx *store.Tx, token string) (Session, error) {
	if token == "" {
		return Session{}, ErrNoSession
	}
	ss, err := tx.StaffSession(ctx, tokenHash(token))
	if errors.Is(err, store.ErrNotFound) {
		return Session{}, ErrNoSession
	} else if err != nil {
		return Session{}, err
	}
	now := tx.Now()
	s, err := tx.Staff(ctx, ss.Username)
	if err != nil {
		return Session{}, err
	}
	if s.Disabled || now.Sub(ss.SeenAt) > SessionIdle || now.Sub(ss.CreatedAt) > SessionMax {
		return Session{Token: token}, ErrNoSession
	}
	return Session{Staff: s, Token: token, CSRF: ss.CSRF, Stale: now.Sub(ss.SeenAt) >= time.Minute}, nil
}

// KeepSession notes that the session of token was used now.
func KeepSession(ctx context.Context, tx *store.Tx, token string) error {
	return tx.TouchSession(ctx, tokenHash(token))
}

// SignOut ends the session of token.
func SignOut(ctx context.Context, tx *store.Tx, token string) error {
	return tx.EndSession(ctx, tokenHash(token))
}

func randomToken() string {
	b := make([]byte, 32) // 256 bits
	rand.Read(b)          // never fails (crypto/rand panics instead)
	return base64.RawURLEncoding.EncodeToString(b)
}

func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
