package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
)

// memberPINHashes reads every member's PIN hash (none: left out) from the database at path.
func memberPINHashes(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hashes := map[string]string{}
	err = db.View(context.Background(), func(tx *store.Tx) error {
		for _, dm := range store.DemoMembers {
			m, err := tx.MemberByPhone(context.Background(), dm.Phone)
			if err != nil {
				return err
			}
			if m.PINHash != "" {
				hashes[dm.Phone] = m.PINHash
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hashes
}

// readPINKeys reads the config's key file.
func readPINKeys(t *testing.T, cfg Config) *flows.PINKeys {
	t.Helper()
	data, err := os.ReadFile(cfg.PINKeyPath())
	if err != nil {
		t.Fatal(err)
	}
	keys, err := parsePINKeys(string(data))
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// allPINs returns the six-digit PINs under keys that match hash, trying all million.
func allPINs(keys *flows.PINKeys, hash string) []string {
	var found []string
	for i := range 1_000_000 {
		pin := fmt.Sprintf("%06d", i)
		if keys.Matches(hash, pin) {
			found = append(found, pin)
		}
	}
	return found
}

// A copy of a `kopbot demo` database (its backup) without the key file yields no member's
// PIN: trying all million PINs with the code's own check under any key but the real one
// (a fresh one, all zeros) finds nothing, where under the real key the same search finds
// the demo PIN. The backup holds neither the key nor its file's bytes.
func TestDemoDatabaseCopyWithoutTheKeyYieldsNoPIN(t *testing.T) {
	config := demoConfig(t, "")
	cfg, err := LoadConfigFile(config)
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	mustCmd(t, config, "backup", copyPath)
	st, err := os.Stat(cfg.PINKeyPath())
	if err != nil {
		t.Fatalf("kopbot made no key file: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("the key file is mode %04o, want 0600", st.Mode().Perm())
	}
	realKeys := readPINKeys(t, cfg)
	backup, err := os.ReadFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	key := realKeys.All()[0]
	if bytes.Contains(backup, key) || bytes.Contains(backup, []byte(hex.EncodeToString(key))) {
		t.Fatal("the backup holds the PIN key")
	}

	hashes := memberPINHashes(t, copyPath)
	if len(hashes) != len(store.DemoMembers)-1 {
		t.Fatalf("%d demo members have a PIN in the copy, want %d", len(hashes), len(store.DemoMembers)-1)
	}
	fresh, err := flows.NewPINKey()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range [][]byte{fresh, make([]byte, flows.PINKeySize)} {
		guess, err := flows.NewPINKeys(key)
		if err != nil {
			t.Fatal(err)
		}
		for phone, h := range hashes {
			if strings.Contains(h, flows.DemoPIN) {
				t.Fatalf("%s's hash holds the PIN itself: %s", phone, h)
			}
			// As an attacker would: the stored hash said to be under the guessed key.
			h = strings.Replace(h, "$k="+realKeys.CurrentID()+"$", "$k="+guess.CurrentID()+"$", 1)
			if found := allPINs(guess, h); len(found) > 0 {
				t.Errorf("without the key, %s's PIN is recovered from the copy: %v", phone, found)
			}
		}
	}
	for phone, h := range hashes {
		if !realKeys.Matches(h, flows.DemoPIN) {
			t.Errorf("with the key, %s's PIN does not verify", phone)
		}
	}
	if found := allPINs(realKeys, hashes[store.DemoMembers[0].Phone]); len(found) != 1 || found[0] != flows.DemoPIN {
		t.Errorf("with the key, trying all PINs finds %v, want the demo PIN (so the search is a real one)", found)
	}
}

// argon2idHash is a PIN's hash as kopbot stored them before keyed PINs.
func argon2idHash(pin string) string {
	salt := []byte("an-old-pin-salt!")
	key := argon2.IDKey([]byte(pin), salt, 2, 19*1024, 1, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=2,p=1$%s$%s", argon2.Version, 19*1024, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// A member whose PIN is still an argon2id hash (from before keyed PINs) confirms with it
// once: the hash is replaced there by one under the key, and the argon2id hash is found
// nowhere after; the PIN goes on working.
func TestArgon2idPINIsUpgradedAtTheNextRightPIN(t *testing.T) {
	config := demoConfig(t, "")
	db, cfg := openTestDB(t, config)
	ctx := context.Background()
	old := argon2idHash(flows.DemoPIN)
	budi := store.DemoMembers[0].Phone
	err := db.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, budi)
		if err != nil {
			return err
		}
		return tx.SetPIN(ctx, m.ID, old)
	})
	if err != nil {
		t.Fatal(err)
	}
	chat := func(texts ...string) string {
		var lines []string
		for _, text := range texts {
			lines = append(lines, fmt.Sprintf(`{"from":%q,"text":%q}`, budi, text))
		}
		var said []string
		for _, o := range chatJSONL(t, config, strings.Join(lines, "\n")+"\n") {
			said = append(said, o.Text)
		}
		return strings.Join(said, "\n")
	}
	if got := chat("ganti pin", flows.DemoPIN); !strings.Contains(got, "PIN baru") {
		t.Fatalf("the right PIN against the argon2id hash was not accepted:\n%s", got)
	}
	hash := memberPINHashes(t, cfg.DatabasePath())[budi]
	keys := readPINKeys(t, cfg)
	if !strings.HasPrefix(hash, flows.KeyedPINPrefix) || !keys.Matches(hash, flows.DemoPIN) {
		t.Fatalf("after the right PIN, Budi's hash is %q, want a keyed hash of his PIN", hash)
	}
	var left int
	err = db.View(ctx, func(tx *store.Tx) error {
		left, err = tx.PINHashesLike(ctx, "$argon2id$")
		return err
	})
	if err != nil || left != 0 {
		t.Fatalf("%d argon2id hashes are left after the upgrade (%v)", left, err)
	}
	if got := chat("batal", "ganti pin", flows.DemoPIN); !strings.Contains(got, "PIN baru") {
		t.Errorf("the PIN does not work after the upgrade:\n%s", got)
	}
}

// keys rotate puts a new key first and keeps the old one: a PIN hashed under the old key
// still verifies, and is re-hashed under the new key there. A missing key file while the
// database holds keyed PINs, or a key file others may read, stops kopbot at start.
func TestKeysRotateKeepsOldPINsWorkingAndReKeysThem(t *testing.T) {
	config := demoConfig(t, "")
	cfg, err := LoadConfigFile(config)
	if err != nil {
		t.Fatal(err)
	}
	budi := store.DemoMembers[0].Phone
	before := memberPINHashes(t, cfg.DatabasePath())[budi]
	out := mustCmd(t, config, "keys rotate")
	keys := readPINKeys(t, cfg)
	if len(keys.All()) != 2 || !strings.Contains(out, keys.CurrentID()) || strings.Contains(before, keys.CurrentID()) {
		t.Fatalf("after keys rotate the key file holds %d keys, current %s; it said %q", len(keys.All()), keys.CurrentID(), out)
	}
	if st, err := os.Stat(cfg.PINKeyPath()); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the rotated key file: %v %v", st, err)
	}
	said := chatJSONL(t, config, fmt.Sprintf(`{"from":%q,"text":"ganti pin"}`+"\n"+`{"from":%q,"text":%q}`+"\n", budi, budi, flows.DemoPIN))
	if len(said) == 0 || !strings.Contains(said[len(said)-1].Text, "PIN baru") {
		t.Fatalf("the PIN hashed under the old key does not verify after the rotation: %+v", said)
	}
	after := memberPINHashes(t, cfg.DatabasePath())[budi]
	if !strings.Contains(after, "$k="+keys.CurrentID()+"$") || !keys.Matches(after, flows.DemoPIN) {
		t.Errorf("the PIN was not re-hashed under the new key: %s", after)
	}

	if err := os.Chmod(cfg.PINKeyPath(), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := kopbotCmd(t, config, "members list"); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a key file others may read was used: %v", err)
	}
	if err := os.Remove(cfg.PINKeyPath()); err != nil {
		t.Fatal(err)
	}
	if _, err := kopbotCmd(t, config, "members list"); err == nil || !strings.Contains(err.Error(), "put back the key file") {
		t.Errorf("with the key file gone, kopbot started (a new key would lock every member out): %v", err)
	}
	if _, err := os.Stat(cfg.PINKeyPath()); err == nil {
		t.Error("a new key file was made while the database holds PINs hashed under the lost one")
	}
}
