package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// serveLocked runs kopbot serve on config in this process until the test ends or stop is
// called, once its pages answer.
func serveLocked(t *testing.T, config string) (addr string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-config", config, "-log-level", "info"}, nil, io.Discard, logs)
	}()
	stop = sync.OnceFunc(func() { stopServe(t, cancel, done) })
	t.Cleanup(stop)
	return webAddr(t, logs), stop
}

// beforeRestore lists what restore -force kept aside in config's data directory.
func beforeRestore(t *testing.T, config string) []string {
	t.Helper()
	cfg, err := LoadConfigFile(config)
	if err != nil {
		t.Fatal(err)
	}
	aside, _ := filepath.Glob(cfg.DatabasePath() + ".before-restore-*")
	return aside
}

// While kopbot serve runs, restore, a second serve and keys rotate are refused with what to
// do, and nothing is moved; once serve stops, restore works.
func TestRestoreIsRefusedWhileServeRuns(t *testing.T) {
	config := demoConfig(t, "web:\n  listen: 127.0.0.1:0\n")
	file := filepath.Join(t.TempDir(), "kopbot-copy.db")
	mustCmd(t, config, "backup", file)
	addr, stop := serveLocked(t, config)

	_, err := kopbotCmd(t, config, "restore", "-force", file)
	if !errors.Is(err, errDataDirBusy) {
		t.Fatalf("restore -force under a running serve: %v, want refused", err)
	}
	wantError(t, "restore under serve", err, "kopbot serve, pid", "Stop kopbot serve", "then run restore again")
	if aside := beforeRestore(t, config); len(aside) != 0 {
		t.Errorf("a refused restore moved the database aside: %v", aside)
	}
	if resp, err := http.Get("http://" + addr + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Errorf("serve after a refused restore: %v %v", resp, err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = run(ctx, []string{"serve", "-config", config}, nil, io.Discard, io.Discard)
	if !errors.Is(err, errDataDirBusy) {
		t.Errorf("a second serve on the same data directory: %v, want refused", err)
	}
	if _, err := kopbotCmd(t, config, "keys rotate"); !errors.Is(err, errDataDirBusy) {
		t.Errorf("keys rotate under serve: %v, want refused", err)
	}
	if out, err := kopbotCmd(t, config, "ledger check"); err != nil {
		t.Errorf("ledger check beside serve: %v\n%s", err, out)
	}

	stop()
	out := mustCmd(t, config, "restore", "-force", file)
	wantContains(t, "restore after serve stopped", out, "integrity and ledger checked")
}

// A serve killed with SIGKILL leaves no lock behind: restore is refused while it runs and
// works as soon as it is dead, without anyone clearing a lock by hand.
func TestRestoreWorksAfterServeWasKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills kopbot")
	}
	config := demoConfig(t, "web:\n  listen: 127.0.0.1:0\n")
	file := filepath.Join(t.TempDir(), "kopbot-copy.db")
	mustCmd(t, config, "backup", file)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "serve", "-config", config, "-log-level", "info")
	cmd.Env = append(os.Environ(), "KOPBOT_TEST_RUN_MAIN=1")
	logs := &syncBuffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	webAddr(t, logs)

	if _, err := kopbotCmd(t, config, "restore", "-force", file); !errors.Is(err, errDataDirBusy) {
		t.Fatalf("restore under a serve in another process: %v, want refused", err)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	out := mustCmd(t, config, "restore", "-force", file)
	wantContains(t, "restore after serve was killed", out, "integrity and ledger checked")
}
