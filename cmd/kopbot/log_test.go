package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestLoggerJSONWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	log, err := newLogger(&buf, "auto", "info")
	if err != nil {
		t.Fatal(err)
	}
	log.Debug().Msg("hidden")
	log.Info().Str("branch", "pusat").Msg("Shown.")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("want only the info line at level info, got %q", buf.String())
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatalf("a log line to a non-terminal is not JSON: %q", lines[0])
	}
	if rec["branch"] != "pusat" || rec["message"] != "Shown." || rec["level"] != "info" {
		t.Errorf("log record %v", rec)
	}
}

func TestLoggerConsoleIsReadable(t *testing.T) {
	var buf bytes.Buffer
	log, err := newLogger(&buf, "console", "debug")
	if err != nil {
		t.Fatal(err)
	}
	log.Debug().Str("branch", "pusat").Msg("Paired.")
	if s := buf.String(); strings.HasPrefix(s, "{") || !strings.Contains(s, "Paired.") || !strings.Contains(s, "branch=") {
		t.Errorf("console line %q", s)
	}
	if _, err := newLogger(&buf, "auto", "loud"); err == nil {
		t.Error("a bad level was accepted")
	}
}

func TestLogLevelFlagIsChecked(t *testing.T) {
	var errOut bytes.Buffer
	err := run(t.Context(), []string{"demo", "-config", testConfig(t), "-log-level", "loud"}, nil, &bytes.Buffer{}, &errOut)
	if err == nil || !strings.Contains(err.Error(), "-log-level") {
		t.Errorf("want an error naming -log-level, got %v", err)
	}
}
