package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// demoSecrets are the settings kopbot demo makes secrets for, so that serve on the demo's
// data has /setup, a metrics token and the QRIS webhook (and kopbot qris pay) working.
var demoSecrets = []string{"KOPBOT_ADMIN_TOKEN", "KOPBOT_METRICS_TOKEN", "KOPBOT_QRIS_SECRET"}

// writeDemoSecrets writes, once, demo.env in the data directory (owner-only): a random
// secret of 64 hex digits for each of demoSecrets, as shell exports. A file already there
// is kept, so the secrets stay what they were.
func writeDemoSecrets(dataDir string, stdout io.Writer) error {
	path := filepath.Join(dataDir, "demo.env")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stdout, "The demo's secrets are in %s (kept from before).\n", path)
		return nil
	}
	if err != nil {
		return fmt.Errorf("write the demo's secrets: %w", err)
	}
	for _, name := range demoSecrets {
		b := make([]byte, 32)
		rand.Read(b) // never fails (crypto/rand)
		fmt.Fprintf(f, "export %s=%s\n", name, hex.EncodeToString(b))
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write the demo's secrets: %w", err)
	}
	fmt.Fprintf(stdout, "Made the demo's admin token, metrics token and QRIS webhook secret in %s (only you can read it);\n"+
		"run `. %s` in the shell before kopbot serve to use them.\n", path, path)
	return nil
}
