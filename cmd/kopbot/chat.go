package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// runChat talks to the bot over an in-process transport: the same runner, database and
// outbox as WhatsApp, with the terminal (or JSON lines) in place of the phone.
func runChat(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	sub := newSubcommand("", "chat", "Talks to the bot without WhatsApp, through the same conversations, database and outbox:\n"+
		"type messages as the member -from (Ctrl-D quits), or, with -jsonl, read JSON lines on stdin\n"+
		"and write every reply as a JSON line. It can run beside kopbot serve on the same database.", stderr)
	fs := sub.fs
	from := fs.String("from", "6281200000001", "the member's `phone` number")
	branchID := fs.String("branch", "", "`branch` to chat with (default: the first branch)")
	jsonl := fs.Bool("jsonl", false, "read JSON lines on stdin and write the replies as JSON lines")
	if err := sub.parseNone(args); err != nil {
		return err
	}
	app, err := openApp(ctx, sub.common, stderr)
	if err != nil {
		return err
	}
	defer app.Close()
	ctx = app.Log.WithContext(ctx)
	b, err := app.branch(*branchID)
	if err != nil {
		return err
	}
	c := &chat{app: app, out: stdout, jsonl: *jsonl, lines: map[string]int{}}
	// Replies an earlier run queued but did not show (it was killed) go out first.
	for _, br := range app.Config.Branches {
		if err := c.deliver(ctx, br.ID); err != nil {
			return err
		}
	}
	if *jsonl {
		return c.runJSONL(ctx, stdin, b.ID)
	}
	phone, err := parse.Phone(*from)
	if err != nil {
		return fmt.Errorf("-from: %q is not a phone number (write it like 6281200000001)", *from)
	}
	c.self = phone
	return c.runInteractive(ctx, stdin, stderr, b, phone)
}

// chatTransport marks conversations held in kopbot chat: their replies are shown there,
// never sent on WhatsApp, so chat and serve can share one database.
const chatTransport = "chat"

type chat struct {
	app   *App
	out   io.Writer
	jsonl bool

	self string // the phone chatting interactively

	mu    sync.Mutex     // one writer to out at a time
	lines map[string]int // message ID -> input line, for "in" in JSONL
}

// chatIn is one JSONL input line.
type chatIn struct {
	From   string `json:"from"`
	Text   string `json:"text"`
	Branch string `json:"branch"`
	ID     string `json:"id"`
	Image  string `json:"image"`
	At     string `json:"at"`
}

// chatOut is one JSONL output line.
type chatOut struct {
	In      int    `json:"in"`
	To      string `json:"to,omitempty"`
	Text    string `json:"text,omitempty"`
	Image   string `json:"image,omitempty"`
	Caption string `json:"caption,omitempty"`
	Error   string `json:"error,omitempty"`
}

func (c *chat) runJSONL(ctx context.Context, stdin io.Reader, defaultBranch string) error {
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		in, err := c.parseLine(sc.Bytes(), defaultBranch)
		if err != nil {
			c.write(chatOut{In: n, Error: err.Error()})
			continue
		}
		c.mu.Lock()
		c.lines[in.MessageID] = n
		c.mu.Unlock()
		if err := c.app.Runner.Handle(ctx, in); err != nil {
			c.app.Log.Error().Err(err).Int("line", n).Msg("Handling a message failed; the member was sent an apology.")
		}
		if err := c.deliver(ctx, in.Branch); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read input: %w", err)
	}
	return nil
}

// parseLine turns one JSONL line into an Input, saying what is wrong with a bad one.
func (c *chat) parseLine(line []byte, defaultBranch string) (flows.Input, error) {
	var l chatIn
	dec := json.NewDecoder(strings.NewReader(string(line)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return flows.Input{}, fmt.Errorf("not a JSON object of from, text, branch, id, image, at: %v", err)
	}
	if l.From == "" {
		return flows.Input{}, errors.New(`"from" is missing: give the member's phone, like "6281200000001"`)
	}
	phone, err := parse.Phone(l.From)
	if err != nil {
		return flows.Input{}, fmt.Errorf(`"from": %q is not a phone number`, l.From)
	}
	in := flows.Input{Branch: defaultBranch, From: phone, MessageID: l.ID, Text: l.Text, Image: l.Image, Transport: chatTransport}
	if l.Branch != "" {
		if _, err := c.app.branch(l.Branch); err != nil {
			return flows.Input{}, fmt.Errorf(`"branch": %v`, err)
		}
		in.Branch = l.Branch
	}
	if in.MessageID == "" {
		in.MessageID = newMessageID()
	}
	if l.Image != "" {
		if st, err := os.Stat(l.Image); err != nil || st.IsDir() {
			return flows.Input{}, fmt.Errorf(`"image": %q is not a file`, l.Image)
		}
	}
	if l.At != "" {
		if in.At, err = time.Parse(time.RFC3339, l.At); err != nil {
			return flows.Input{}, fmt.Errorf(`"at": %q is not an RFC 3339 time like 2026-11-21T09:00:00+07:00`, l.At)
		}
	}
	return in, nil
}

func (c *chat) runInteractive(ctx context.Context, stdin io.Reader, stderr io.Writer, b BranchConfig, phone string) error {
	prompt := false
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		prompt = true
	}
	fmt.Fprintf(c.out, "Chatting with %s (%s) as %s. Type a message; Ctrl-D to quit.\n\n", b.Name, b.ID, phone)
	// Conversations left quiet are ended and their members told, as in serve.
	sweepCtx, stopSweep := context.WithCancel(ctx)
	defer stopSweep()
	go func() {
		t := time.NewTicker(20 * time.Second)
		defer t.Stop()
		ktpTick := time.NewTicker(3 * time.Second) // KTPs waiting for the aggregator, when ktp.verifier is http
		defer ktpTick.Stop()
		for {
			select {
			case <-sweepCtx.Done():
				return
			case <-ktpTick.C:
				if c.app.KTPVerifier == nil {
					continue
				}
				if n, err := c.app.Runner.CheckKTP(sweepCtx, c.app.KTPVerifier); err != nil && sweepCtx.Err() == nil {
					c.app.Log.Error().Err(err).Msg("Checking KTPs with the aggregator failed.")
				} else if n > 0 {
					_ = c.deliver(sweepCtx, b.ID)
				}
			case <-t.C:
				if n, err := c.app.Runner.ExpireSessions(sweepCtx); err != nil {
					c.app.Log.Error().Err(err).Msg("Ending quiet sessions failed.")
				} else if n > 0 {
					_ = c.deliver(sweepCtx, b.ID)
				}
			}
		}
	}()
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	for {
		if prompt {
			c.mu.Lock()
			fmt.Fprint(c.out, "> ")
			c.mu.Unlock()
		}
		var text string
		select {
		case <-ctx.Done():
			return nil
		case l, ok := <-lines:
			if !ok {
				return nil
			}
			text = l
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		in := flows.Input{Branch: b.ID, From: phone, MessageID: newMessageID(), Text: text, Transport: chatTransport}
		if err := c.app.Runner.Handle(ctx, in); err != nil {
			c.app.Log.Error().Err(err).Msg("Handling a message failed; the member was sent an apology.")
		}
		if err := c.deliver(ctx, b.ID); err != nil {
			return err
		}
	}
}

// deliver shows every queued message of the branch, then marks it sent.
func (c *chat) deliver(ctx context.Context, branch string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		var queued []store.OutMessage
		if err := c.app.DB.View(ctx, func(tx *store.Tx) error {
			var err error
			queued, err = tx.QueuedFor(ctx, branch, chatTransport, 100)
			return err
		}); err != nil {
			return err
		}
		if len(queued) == 0 {
			return nil
		}
		for _, m := range queued {
			c.show(m)
			if err := c.app.DB.Update(ctx, func(tx *store.Tx) error { return tx.MarkSent(ctx, m.ID) }); err != nil {
				return err
			}
		}
	}
}

// show prints one message; callers hold c.mu.
func (c *chat) show(m store.OutMessage) {
	if c.jsonl {
		o := chatOut{In: c.lines[m.InMessageID], To: m.To, Text: m.Text}
		if m.ImagePath != "" {
			o.Text, o.Image, o.Caption = "", m.ImagePath, m.Text
		}
		c.encode(o)
		return
	}
	if m.To != c.self {
		fmt.Fprintf(c.out, "[to %s]\n", m.To)
	}
	if m.ImagePath != "" {
		fmt.Fprintf(c.out, "[image %s]\n", m.ImagePath)
	}
	fmt.Fprintf(c.out, "%s\n\n", m.Text)
}

func (c *chat) write(o chatOut) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.encode(o)
}

func (c *chat) encode(o chatOut) {
	enc := json.NewEncoder(c.out)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(o)
}

// newMessageID makes an ID shaped like WhatsApp's, for messages typed into chat.
func newMessageID() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return "CHAT" + strings.ToUpper(hex.EncodeToString(b))
}
