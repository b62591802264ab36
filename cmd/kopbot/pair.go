package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/kopbot/kopbot/bot"
	"github.com/kopbot/kopbot/parse"
)

// runPair pairs one branch's WhatsApp number from the terminal: QR codes (or a phone
// code with -phone) until the phone links, retrying while WhatsApp cannot be reached.
func runPair(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c := newSubcommand("", "pair", "Links the branch's WhatsApp number to kopbot. Scan the QR code with the branch's phone\n"+
		"(WhatsApp > Linked devices > Link a device), or use -phone to get a code to type instead.", stderr)
	fs := c.fs
	phoneFlag := fs.String("phone", "", "pair with an 8-character code for this WhatsApp `number` instead of a QR code")
	yes := fs.Bool("yes", false, "replace the branch's paired number without asking")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("pair: name the branch to pair, like kopbot pair pusat")
	}
	app, err := openApp(ctx, c.common, stderr)
	if err != nil {
		return err
	}
	defer app.Close()
	log := app.Log
	ctx = log.WithContext(ctx)
	branch, err := app.branch(fs.Arg(0))
	if err != nil {
		return err
	}
	phone := ""
	if *phoneFlag != "" {
		if phone, err = parse.Phone(*phoneFlag); err != nil {
			return fmt.Errorf("-phone: %q is not a phone number; write it like 0812-3456-7890", *phoneFlag)
		}
	}
	if serveRunning(app.Config.Web.Listen) {
		return fmt.Errorf("kopbot serve is running on %s: pair from its page http://%s/branches/%s, or stop it first (two programs on one WhatsApp session push each other off)",
			app.Config.Web.Listen, app.Config.Web.Listen, branch.ID)
	}
	release, err := holdDataDir(&app.Config, "pair") // serve listening elsewhere, or starting meanwhile
	if err != nil {
		return err
	}
	defer release()
	devices, err := bot.OpenDevices(ctx, app.Config.DeviceDBPath(), log)
	if err != nil {
		return err
	}
	defer devices.Close()
	bot.SetDeviceName(app.Config.Cooperative.Name)
	bot.UseLatestVersion(ctx, log)
	b := &bot.Bot{DB: app.DB, Devices: devices, Now: app.Now, Log: log, ConfigureClient: configureWhatsApp}
	b.AddBranch(branch.ID, branch.Name)

	paired, err := b.Paired(ctx, branch.ID)
	if err != nil {
		return err
	}
	if paired != "" && !*yes {
		fmt.Fprintf(stdout, "Branch %s is paired with +%s. Pair a new number in its place? [y/N] ", branch.ID, paired)
		answer, _ := bufio.NewReader(stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" && a != "ya" {
			fmt.Fprintln(stdout, "Nothing changed.")
			return nil
		}
	}
	clear := false
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		clear = true
	}
	ui := bot.PairUI{
		QR: func(code string, validFor time.Duration) {
			if clear {
				fmt.Fprint(stdout, "\033[2J\033[H")
			}
			fmt.Fprintf(stdout, "Pairing branch %s (%s).\nOn the branch's phone: WhatsApp > Linked devices > Link a device, then scan this code (valid %s; a new one follows):\n\n",
				branch.Name, branch.ID, validFor.Round(time.Second))
			printQR(stdout, code)
		},
		PhoneCode: func(code string) {
			if len(code) == 8 {
				code = code[:4] + "-" + code[4:]
			}
			fmt.Fprintf(stdout, "\nOr, on the phone of +%s: WhatsApp > Linked devices > Link a device > Link with phone number instead, and enter:\n\n    %s\n\n", phone, code)
		},
		Notice: func(text string) { fmt.Fprintln(stdout, text) },
	}
	wait := 5 * time.Second
	for {
		number, err := b.Pair(ctx, branch.ID, phone, ui)
		switch {
		case err == nil:
			fmt.Fprintf(stdout, "\nPaired branch %s with +%s. Start kopbot serve to answer members.\n", branch.ID, number)
			return nil
		case errors.Is(err, bot.ErrUnreachable):
			// Said before the detail: with -phone, no pairing code can be had either.
			fmt.Fprintf(stdout, "This computer cannot reach WhatsApp: check its internet connection. No QR code or pairing code can be had until it can.\n(%v)\nTrying again in %s; Ctrl-C to stop.\n", err, wait)
			select {
			case <-ctx.Done():
				return errors.New("pairing stopped before the phone linked")
			case <-time.After(wait):
			}
			wait = min(wait*2, 2*time.Minute)
		case errors.Is(err, bot.ErrQRTimeout):
			return fmt.Errorf("the QR codes ran out before one was scanned; run kopbot pair %s again with the branch's phone at hand", branch.ID)
		case ctx.Err() != nil:
			return errors.New("pairing stopped before the phone linked")
		default:
			return fmt.Errorf("pair branch %s: %w", branch.ID, err)
		}
	}
}

// serveRunning reports whether a kopbot serve answers on addr.
func serveRunning(addr string) bool {
	c := http.Client{Timeout: time.Second}
	resp, err := c.Get("http://" + addr + "/healthz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
