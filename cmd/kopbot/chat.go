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
	"github.com/kopbot/kopbot/outbox"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// runChat talks to the bot over an in-process transport: the same runner, database, outbox
// and outbox worker as WhatsApp, with the terminal (or JSON lines) in place of the phone.
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
	var phone string
	if !*jsonl {
		var err error
		if phone, err = parse.Phone(*from); err != nil {
			return fmt.Errorf("-from: %q is not a phone number (write it like 6281200000001)", *from)
		}
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
	c := &chat{app: app, out: stdout, jsonl: *jsonl, self: phone, lines: map[string]int{}}
	stop := c.start(ctx)
	defer stop()
	// Replies an earlier run queued but did not show (it was killed) go out first.
	if err := c.flush(ctx); err != nil {
		return err
	}
	if *jsonl {
		return c.runJSONL(ctx, stdin, b.ID)
	}
	return c.runInteractive(ctx, stdin, b, phone)
}

// chatTransport marks conversations held in kopbot chat: their replies are shown there,
// never sent on WhatsApp, so chat and serve can share one database.
const chatTransport = "chat"

// chatPoll is how often chat looks for what other processes queued for it (a staff
// decision from kopbot members or the web): it shows them the moment they are queued.
const chatPoll = 500 * time.Millisecond

type chat struct {
	app   *App
	out   io.Writer
	jsonl bool

	self    string           // the phone chatting interactively
	workers []*outbox.Worker // one per branch, sending what is queued for chat to the terminal

	mu       sync.Mutex     // one writer to out at a time
	atPrompt bool           // "> " is shown and the member is typing
	lines    map[string]int // message ID -> input line, for "in" in JSONL
}

// start runs an outbox worker for every branch with the terminal as its transport, and
// returns what stops them.
func (c *chat) start(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var running sync.WaitGroup
	for _, br := range c.app.Config.Branches {
		w := &outbox.Worker{DB: c.app.DB, Branch: br.ID, Via: chatTransport, Transport: terminal{c}, Now: c.app.Now,
			Limits: outbox.Unlimited, Idle: chatPoll}
		c.workers = append(c.workers, w)
		running.Go(func() { w.Run(ctx) })
	}
	return func() { cancel(); running.Wait() }
}

// flush shows everything queued for chat now, on every branch (taking turns with the workers' own runs).
func (c *chat) flush(ctx context.Context) error {
	for _, w := range c.workers {
		if _, err := w.Step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// wake tells the workers something was queued.
func (c *chat) wake() {
	for _, w := range c.workers {
		w.Wake()
	}
}

// terminal is chat's transport: it shows each message in the terminal, or as a JSON line.
type terminal struct{ c *chat }

var _ outbox.Transport = terminal{}

func (t terminal) Send(_ context.Context, m store.OutMessage) (string, error) { return "", t.c.show(m) }

func (terminal) Ready() (bool, time.Time) { return true, time.Time{} }

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

	// Document is a file sent as a document (a statement's PDF), with Caption.
	Document string `json:"document,omitempty"`
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
		if err := c.flush(ctx); err != nil {
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
	if l.At != "" {
		// What a line claims is logged when far off, never a rule's clock: that is when kopbot read it.
		if in.Claimed, err = time.Parse(time.RFC3339, l.At); err != nil {
			return flows.Input{}, fmt.Errorf(`"at": %q is not an RFC 3339 time like 2026-11-21T09:00:00+07:00`, l.At)
		}
	}
	if l.Image != "" { // last: a line refused for anything else leaves no copy behind
		if in.Image, err = c.recordPhoto(l.Image, in.Branch); err != nil {
			return flows.Input{}, fmt.Errorf(`"image": %q: %v`, l.Image, err)
		}
	}
	return in, nil
}

func (c *chat) runInteractive(ctx context.Context, stdin io.Reader, b BranchConfig, phone string) error {
	prompt := false
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		prompt = true
	}
	c.mu.Lock()
	fmt.Fprintf(c.out, "Chatting with %s (%s) as %s. Type a message; Ctrl-D to quit.\n\n", b.Name, b.ID, phone)
	c.mu.Unlock()
	sweepCtx, stopSweep := context.WithCancel(ctx)
	var sweeping sync.WaitGroup
	sweeping.Go(func() { c.sweep(sweepCtx) })
	defer func() { stopSweep(); sweeping.Wait() }()
	lines := make(chan string)
	go func() { // not joined: it may be blocked reading a terminal nobody types in
		defer close(lines)
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	for {
		c.mu.Lock()
		if prompt {
			fmt.Fprint(c.out, "> ")
			c.atPrompt = true
		}
		c.mu.Unlock()
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
		c.mu.Lock()
		c.atPrompt = false
		c.mu.Unlock()
		if strings.TrimSpace(text) == "" {
			continue
		}
		in := flows.Input{Branch: b.ID, From: phone, MessageID: newMessageID(), Text: text, Transport: chatTransport}
		if err := c.app.Runner.Handle(ctx, in); err != nil {
			c.app.Log.Error().Err(err).Msg("Handling a message failed; the member was sent an apology.")
		}
		if err := c.flush(ctx); err != nil {
			return err
		}
	}
}

// sweep ends conversations left quiet, telling their members, as serve does, and asks the
// KTP aggregator about KTPs waiting for it (when ktp.verifier is http), until ctx is done.
func (c *chat) sweep(ctx context.Context) {
	t := time.NewTicker(20 * time.Second)
	defer t.Stop()
	ktpTick := time.NewTicker(3 * time.Second)
	defer ktpTick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ktpTick.C:
			if c.app.KTPVerifier == nil {
				continue
			}
			if n, err := c.app.Office.CheckKTP(ctx, c.app.KTPVerifier); err != nil && ctx.Err() == nil {
				c.app.Log.Error().Err(err).Msg("Checking KTPs with the aggregator failed.")
			} else if n > 0 {
				c.wake()
			}
		case <-t.C:
			if n, err := c.app.Runner.ExpireSessions(ctx); err != nil && ctx.Err() == nil {
				c.app.Log.Error().Err(err).Msg("Ending quiet sessions failed.")
			} else if n > 0 {
				c.wake()
			}
		}
	}
}

// show prints one message: a JSON line, or the text (with "[to PHONE]" when it is not for
// the member at the keyboard).
func (c *chat) show(m store.OutMessage) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.jsonl {
		o := chatOut{In: c.lines[m.InMessageID], To: m.To, Text: m.Text}
		if m.ImagePath != "" {
			o.Text, o.Image, o.Caption = "", m.ImagePath, m.Text
		}
		if m.DocumentPath != "" {
			o.Text, o.Document, o.Caption = "", m.DocumentPath, m.Text
		}
		return c.encode(o)
	}
	var b strings.Builder
	if c.atPrompt {
		b.WriteString("\n") // it came while the member was typing
	}
	if m.To != c.self {
		fmt.Fprintf(&b, "[to %s]\n", m.To)
	}
	if m.ImagePath != "" {
		fmt.Fprintf(&b, "[image %s]\n", m.ImagePath)
	}
	if m.DocumentPath != "" {
		fmt.Fprintf(&b, "[document %s]\n", m.DocumentPath)
	}
	fmt.Fprintf(&b, "%s\n\n", m.Text)
	if c.atPrompt {
		b.WriteString("> ")
	}
	_, err := io.WriteString(c.out, b.String())
	return err
}

func (c *chat) write(o chatOut) {
	c.mu.Lock()
	defer c.mu.Unlock()
	_ = c.encode(o)
}

func (c *chat) encode(o chatOut) error {
	enc := json.NewEncoder(c.out)
	enc.SetEscapeHTML(false)
	return enc.Encode(o)
}

// newMessageID makes an ID shaped like WhatsApp's, for messages typed into chat.
func newMessageID() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return "CHAT" + strings.ToUpper(hex.EncodeToString(b))
}
