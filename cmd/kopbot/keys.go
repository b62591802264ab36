package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/kopbot/kopbot/flows"
)

// pinKeyEnv holds the PIN keys instead of the key file: hex, the current key first, then
// previous ones after commas.
const pinKeyEnv = "KOPBOT_PIN_KEY"

// keysCommands are kopbot keys: the key PINs are hashed under.
func keysCommands() []command {
	return []command{
		{Name: "keys", Doc: "the secret key PINs are checked with (kept outside the database)",
			Notes: `The key file is data_dir/pin.key (mode 0600), made at first start; $KOPBOT_PIN_KEY
	replaces it. Keep a copy of it apart from the database's backups: without it no PIN verifies.`},
		{Group: "keys", Name: "rotate", Doc: "make a new PIN key; the previous ones are kept until every PIN is re-keyed", Run: noStdin(runKeysRotate)},
	}
}

// PINKeyPath is the key file: beside the database, never in it nor in its backups.
func (c *Config) PINKeyPath() string {
	return strings.TrimSuffix(c.DataDir, "/") + "/pin.key"
}

// loadPINKeys reads the PIN keys from $KOPBOT_PIN_KEY, else from the key file, which is
// made (0600, one new key) when there is none and the database holds no keyed PIN hash:
// a new key for hashes made under a lost one would only lock every member out.
func loadPINKeys(cfg *Config, keyedPINs func() (int, error)) (*flows.PINKeys, error) {
	if env := os.Getenv(pinKeyEnv); env != "" {
		keys, err := parsePINKeys(strings.ReplaceAll(env, ",", "\n"))
		if err != nil {
			return nil, fmt.Errorf("$%s: %w", pinKeyEnv, err)
		}
		return keys, nil
	}
	path := cfg.PINKeyPath()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		n, err := keyedPINs()
		if err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, fmt.Errorf("PIN key file %s is missing but %d PINs in the database were hashed under a key: "+
				"put back the key file from where you keep it (or set $%s)", path, n, pinKeyEnv)
		}
		return newPINKeyFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("read PIN key file: %w", err)
	}
	if err := privateFile(path); err != nil {
		return nil, err
	}
	keys, err := parsePINKeys(string(data))
	if err != nil {
		return nil, fmt.Errorf("PIN key file %s: %w", path, err)
	}
	return keys, nil
}

// privateFile refuses a key file others may read.
func privateFile(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("PIN key file: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("PIN key file %s is readable by others (mode %04o): chmod 600 %s", path, st.Mode().Perm(), path)
	}
	return nil
}

// parsePINKeys reads one hex key a line, the current first; # starts a comment.
func parsePINKeys(text string) (*flows.PINKeys, error) {
	var keys [][]byte
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, err := hex.DecodeString(line)
		if err != nil || len(k) != flows.PINKeySize {
			return nil, fmt.Errorf("line %d is not a key (%d hex digits)", i+1, 2*flows.PINKeySize)
		}
		keys = append(keys, k)
	}
	return flows.NewPINKeys(keys...)
}

// formatPINKeys writes keys as parsePINKeys reads them.
func formatPINKeys(keys [][]byte) []byte {
	var b strings.Builder
	b.WriteString("# kopbot's PIN keys: the first is current; the others check PINs hashed before a rotation.\n")
	b.WriteString("# Keep a copy apart from the database's backups: without it no PIN verifies.\n")
	for _, k := range keys {
		b.WriteString(hex.EncodeToString(k) + "\n")
	}
	return []byte(b.String())
}

// newPINKeyFile makes the key file with one new key.
func newPINKeyFile(path string) (*flows.PINKeys, error) {
	k, err := flows.NewPINKey()
	if err != nil {
		return nil, err
	}
	if err := writePINKeyFile(path, [][]byte{k}, false); err != nil {
		return nil, err
	}
	return flows.NewPINKeys(k)
}

// writePINKeyFile writes the key file 0600 through a temporary file, so a crash leaves
// the old file or the new, never half of one; replace false refuses an existing file.
func writePINKeyFile(path string, keys [][]byte, replace bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("PIN key file: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".pin.key-*")
	if err != nil {
		return fmt.Errorf("PIN key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("PIN key file: %w", err)
	}
	if _, err := tmp.Write(formatPINKeys(keys)); err != nil {
		tmp.Close()
		return fmt.Errorf("write PIN key file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write PIN key file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write PIN key file: %w", err)
	}
	if replace {
		err = os.Rename(tmp.Name(), path)
	} else {
		err = os.Link(tmp.Name(), path) // fails if another process made the file meanwhile
	}
	if err != nil {
		return fmt.Errorf("write PIN key file: %w", err)
	}
	return nil
}

// runKeysRotate puts a new key first in the key file and keeps the previous ones: a keyed
// hash cannot be re-keyed without its PIN, so each is re-keyed at its holder's next right PIN.
func runKeysRotate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("keys", "rotate", "Makes a new PIN key, first in the key file; the previous keys stay there so PINs hashed under them "+
		"still verify, and each is re-hashed under the new key at its holder's next right PIN. Stop kopbot serve first; start it after.", stderr)
	if err := c.parseNone(args); err != nil {
		return err
	}
	cfg, err := LoadConfigFile(c.common.config)
	if err != nil {
		return err
	}
	release, err := holdDataDir(&cfg, "keys rotate") // a running serve would go on hashing under the old key
	if err != nil {
		return err
	}
	defer release()
	_, app, err := c.open(ctx) // makes the key file when there is none yet
	if err != nil {
		return err
	}
	defer app.Close()
	if os.Getenv(pinKeyEnv) != "" {
		return fmt.Errorf("keys rotate: the keys come from $%s: put a new key (64 hex digits) first in it, the old ones after commas", pinKeyEnv)
	}
	path := app.Config.PINKeyPath()
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read PIN key file: %w", err)
	}
	old, err := parsePINKeys(string(data))
	if err != nil {
		return fmt.Errorf("PIN key file %s: %w", path, err)
	}
	k, err := flows.NewPINKey()
	if err != nil {
		return err
	}
	if err := writePINKeyFile(path, append([][]byte{k}, old.All()...), true); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "New PIN key %s is first in %s; %d previous key(s) kept. Start kopbot serve again; copy the key file to where you keep it.\n",
		flows.PINKeyID(k), path, len(old.All()))
	return nil
}
