package bot

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/rs/zerolog"
)

// The WhatsApp device store holds every branch's keys: it and its -wal and -shm are
// owner-only from the moment they are made, whatever the umask.
func TestDeviceStoreIsOwnerOnly(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022))
	path := filepath.Join(t.TempDir(), "data", "whatsapp.db")
	c, err := OpenDevices(context.Background(), path, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, p := range []string{filepath.Dir(path), path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
		} else if fi.Mode().Perm() != 0o700 && fi.IsDir() || fi.Mode().Perm() != 0o600 && !fi.IsDir() {
			t.Errorf("%s is %v, want owner-only", filepath.Base(p), fi.Mode())
		}
	}
}
