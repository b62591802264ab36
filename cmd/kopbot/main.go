// Command kopbot is the WhatsApp service of a savings-and-loan cooperative.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/kopbot/kopbot/bot"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "kopbot:", err)
		os.Exit(1)
	}
}

// run runs one command of the table; main and the tests call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return dispatch(ctx, "", args, stdio{in: stdin, out: stdout, err: stderr})
}

// runVersion prints the versions to name when WhatsApp stops taking a branch.
func runVersion(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newBareSubcommand("", "version", "Prints the versions of kopbot, of its WhatsApp library (whatsmeow, with the WhatsApp Web\n"+
		"version it speaks) and of Go.", stderr)
	if err := c.fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "kopbot %s\nwhatsmeow %s (WhatsApp Web %s)\n%s\n", version, bot.WhatsmeowVersion(), bot.WAVersion(), runtime.Version())
	return nil
}
