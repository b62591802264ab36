package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// kopbotCmd runs `kopbot CMD -config config ARGS...` (CMD a command and its subcommand, like
// "members approve") and returns what it printed; what it wrote on stderr goes to the log.
func kopbotCmd(t *testing.T, config, cmd string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	all := append(append(strings.Fields(cmd), "-config", config), args...)
	err := run(context.Background(), all, strings.NewReader(""), &out, &errOut)
	if errOut.Len() > 0 {
		t.Logf("stderr: %s", errOut.String())
	}
	return out.String(), err
}

// mustCmd is kopbotCmd for a command that must succeed.
func mustCmd(t *testing.T, config, cmd string, args ...string) string {
	t.Helper()
	out, err := kopbotCmd(t, config, cmd, args...)
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", cmd, args, err, out)
	}
	return out
}
