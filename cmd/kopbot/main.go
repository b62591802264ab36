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

const usage = `kopbot: the WhatsApp service of a savings-and-loan cooperative

Usage: kopbot COMMAND [flags]

Commands:
  serve     run every branch on WhatsApp, with the admin web pages
  pair      pair a branch's WhatsApp number by QR code or phone code
  chat      talk to the bot in the terminal (or as JSON lines with -jsonl)
  demo      load the demo members, accounts and history into the database
  backup    copy the database to a new file, safely while kopbot runs
  members   list, find and decide on members, applications and loan requests; import members
  ledger    prove the ledger's invariants (check); branch balances to reconcile (balances)
  teller    cash deposits and withdrawals, loan disbursements and installments, reversals
  deposits  deposits members reported on WhatsApp with a transfer proof: list, verify, cancel
  withdrawals
            withdrawals members asked for on WhatsApp: list, pay, reject
  qris      decode a QRIS payload, make it dynamic for an amount, pay an invoice as the gateway (demos)
  ktp       check a NIK: province, gender and birth date it encodes
  jobs      scheduled reminders and housekeeping: list them, or run one now (-dry-run to see who would be told)
  handover  chats waiting for staff (members who asked for a person): list them, hand one back to the bot
  phrases   what members wrote that the bot did not understand, most often first
  bench     measure the whole pipeline on a fresh temporary database (messages/s, latency, memory)
  version   print the versions of kopbot, its WhatsApp library (whatsmeow) and Go

Every command takes -config FILE (default $KOPBOT_CONFIG, else the built-in
defaults) and -log-level LEVEL. Run 'kopbot COMMAND -h' for its flags.
`

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

// run runs one subcommand; main and the tests call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "pair":
		return runPair(ctx, args[1:], stdin, stdout, stderr)
	case "chat":
		return runChat(ctx, args[1:], stdin, stdout, stderr)
	case "demo":
		return runDemo(ctx, args[1:], stdout, stderr)
	case "backup":
		return runBackup(ctx, args[1:], stdout, stderr)
	case "members":
		return runMembers(ctx, args[1:], stdin, stdout, stderr)
	case "ledger":
		return runLedger(ctx, args[1:], stdout, stderr)
	case "teller":
		return runTeller(ctx, args[1:], stdout, stderr)
	case "deposits":
		return runDeposits(ctx, args[1:], stdout, stderr)
	case "withdrawals":
		return runWithdrawals(ctx, args[1:], stdout, stderr)
	case "ktp":
		return runKTP(ctx, args[1:], stdout, stderr)
	case "qris":
		return runQRIS(ctx, args[1:], stdout, stderr)
	case "jobs":
		return runJobs(ctx, args[1:], stdout, stderr)
	case "handover":
		return runHandover(ctx, args[1:], stdout, stderr)
	case "phrases":
		return runPhrases(ctx, args[1:], stdout, stderr)
	case "bench":
		return runBench(ctx, args[1:], stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "kopbot %s\nwhatsmeow %s (WhatsApp Web %s)\n%s\n", version, bot.WhatsmeowVersion(), bot.WAVersion(), runtime.Version())
		return nil
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
