package flows

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/intent"
	"github.com/kopbot/kopbot/store"
)

// Convo is one step of a flow whose data is a T, kept as JSON in the session between messages.
type Convo[T any] struct {
	Step string // the step waiting for this input; "" when the flow starts
	Data T
	Msg  catalog.Messages
	Tx   *store.Tx
	Now  time.Time      // when the member's message was sent
	Loc  *time.Location // the cooperative's time zone, for dates members read

	c *call
	// newPIN is the hash of a PIN the member is setting at a PIN prompt (staff reset
	// theirs), until they type it again; kept beside the flow's data.
	newPIN string
}

// Said is the member's message as the vocabulary reads it: ask it for a yes, a choice.
func (c *Convo[T]) Said() intent.Message { return c.c.said }

// YesNo reads the member's answer to a yes-or-no question; ok is false when it is neither.
func (c *Convo[T]) YesNo() (yes, ok bool) { return c.c.said.YesNo() }

// Choice reads a position in a list of n the member was shown: 1..n.
func (c *Convo[T]) Choice(n int) (int, bool) { return c.c.said.Choice(n) }

// Pick reads which of the options (as the member saw them) was chosen: 1..len(labels).
func (c *Convo[T]) Pick(labels ...string) (int, bool) { return c.c.said.Pick(labels) }

// option reads the pick of two options (as the message listed them): 1 or 2, by
// position or by the option's words; 0 when it is neither.
func (c *Convo[T]) option(first, second string) int {
	n, _ := c.Pick(first, second)
	return n
}

// Amount reads an amount of rupiah the member wrote.
func (c *Convo[T]) Amount(text string) (int64, error) { return c.c.runner.words().Amount(text) }

// Month reads a month the member wrote, "bulan lalu" included: its first day, in the cooperative's time zone.
func (c *Convo[T]) Month(text string) (time.Time, error) {
	return c.c.runner.words().Month(text, c.Now.In(c.Loc))
}

// MonthIn finds a month named among the member's other words ("kirim mutasi bulan lalu"); see intent.
func (c *Convo[T]) MonthIn(text string) (month time.Time, named bool, err error) {
	return c.c.runner.words().MonthIn(text, c.Now.In(c.Loc))
}

// Span reads a week or a month named anywhere in what the member wrote ("soundbox minggu
// ini"), in the cooperative's time zone.
func (c *Convo[T]) Span(text string) (intent.Span, bool) {
	return c.c.runner.words().Span(text, c.Now.In(c.Loc))
}

// Date reads a day the member wrote, "kemarin" and "hari ini" included, in the cooperative's time zone.
func (c *Convo[T]) Date(text string) (time.Time, error) {
	return c.c.runner.words().Date(text, c.Now.In(c.Loc))
}

// Member returns the sender's membership record; the menu admits members-only flows only for active members.
func (c *Convo[T]) Member(ctx context.Context) (store.Member, error) {
	m, _, err := c.c.loadMember(ctx)
	return m, err
}

// MemberIfAny returns the sender's record and whether there is one.
func (c *Convo[T]) MemberIfAny(ctx context.Context) (store.Member, bool, error) {
	return c.c.loadMember(ctx)
}

// Rules are the cooperative's rules the flows apply.
func (c *Convo[T]) Rules() Rules { return c.c.runner.Rules }

// BankAccounts are the accounts of the branch the member wrote to that members transfer to.
func (c *Convo[T]) BankAccounts() []store.BankAccount {
	return c.c.runner.Rules.BankAccounts[c.c.in.Branch]
}

// Branch is the branch the member wrote to.
func (c *Convo[T]) Branch(ctx context.Context) (store.Branch, error) {
	return c.Tx.Branch(ctx, c.c.in.Branch)
}

// Lang is the language the member reads.
func (c *Convo[T]) Lang() string { return c.c.runner.lang(c.c.session.Lang) }

// Cooperative is the cooperative's name.
func (c *Convo[T]) Cooperative() string { return c.c.runner.Cooperative }

// IsAdmin reports whether the sender is one of the branch's admins.
func (c *Convo[T]) IsAdmin() bool { return c.c.admin }

// TellAdmins queues a message to every admin of the branch, each in their language.
func (c *Convo[T]) TellAdmins(ctx context.Context, text func(catalog.Messages) string) error {
	return c.c.tellAdmins(ctx, text)
}

// Result is what a step decided. Build it with Ask, Retry, Done, Switch or Fail.
type Result struct {
	kind    resultKind
	step    string
	replies []string
	images  []image // sent before the text replies
	docs    []image // documents, sent before the text replies too
	next    string
	err     error
}

type image struct{ path, caption string }

// prefixed puts text before the result's first reply, as one message.
func (r Result) prefixed(text string) Result {
	if len(r.replies) == 0 {
		r.replies = []string{text}
		return r
	}
	r.replies = append([]string{text + "\n\n" + r.replies[0]}, r.replies[1:]...)
	return r
}

// WithImage adds a photo (with its caption) to the result, sent before its text.
func (r Result) WithImage(path, caption string) Result {
	r.images = append(r.images, image{path, caption})
	return r
}

// WithDocument adds a document (a statement's PDF, with its caption) to the result, sent
// before its text.
func (r Result) WithDocument(path, caption string) Result {
	r.docs = append(r.docs, image{path, caption})
	return r
}

type resultKind int

const (
	resultAsk    resultKind = iota // wait for the member's answer in step
	resultRetry                    // the answer was not usable: ask again, same step
	resultDone                     // the flow is over
	resultSwitch                   // start another flow
	resultFail                     // something broke; nothing of this step is kept
	resultPass                     // not an answer to this step: the flow ends and the message is read afresh
)

// Ask sends text and waits for the member's answer in step.
func (c *Convo[T]) Ask(step string, text ...string) Result {
	return Result{kind: resultAsk, step: step, replies: text}
}

// Retry says why the answer cannot be used and asks again in the same step.
func (c *Convo[T]) Retry(text string) Result {
	return Result{kind: resultRetry, step: c.Step, replies: []string{text + "\n\n" + c.Msg.RetryHint()}}
}

// Done sends text and ends the flow.
func (c *Convo[T]) Done(text ...string) Result {
	return Result{kind: resultDone, replies: text}
}

// Switch ends this flow and starts the named one with the same input.
func (c *Convo[T]) Switch(flow string) Result {
	return Result{kind: resultSwitch, next: flow}
}

// Pass ends a flow that only offered more (a list to pick from after showing what was
// asked) when the member's message is not a pick: it is read afresh, so "ok", "makasih" or
// "pinjam 5jt" after a balance get what they would anywhere.
func (c *Convo[T]) Pass() Result {
	return Result{kind: resultPass}
}

// NotAPick answers a message that is no pick from the list a step offered: one that is
// only a number or a position ("7", "yang kelima") is a wrong pick, asked again with retry;
// anything with words of its own ("bisa pinjam 10 juta gak") passes.
func (c *Convo[T]) NotAPick(retry string) Result {
	if c.Said().OnlyAPosition() {
		return c.Retry(retry)
	}
	return c.Pass()
}

// Fail reports that something broke: the step's changes are rolled back and the member gets an apology.
func (c *Convo[T]) Fail(err error) Result {
	return Result{kind: resultFail, err: err}
}

// flowFunc runs one step of a flow against the untyped call.
type flowFunc func(ctx context.Context, c *call) (Result, error)

// typed adapts a flow written against Convo[T] to a flowFunc, loading and saving its data.
func typed[T any](name string, fn func(ctx context.Context, c *Convo[T], in Input) Result) flowFunc {
	return func(ctx context.Context, base *call) (Result, error) {
		cv := &Convo[T]{Step: base.session.Step, Msg: base.msg, Tx: base.tx, Now: base.at, Loc: base.runner.location(), c: base}
		if base.session.Flow == name && base.session.Data != "" {
			if err := json.Unmarshal([]byte(base.session.Data), &cv.Data); err != nil {
				return Result{}, fmt.Errorf("flow %s: read session data: %w", name, err)
			}
			cv.newPIN = pendingPIN(base.session.Data)
		} else {
			cv.Step = ""
		}
		res := fn(ctx, cv, base.in)
		if res.kind == resultFail {
			return res, fmt.Errorf("flow %s step %q: %w", name, cv.Step, res.err)
		}
		data, err := json.Marshal(cv.Data)
		if err != nil {
			return Result{}, fmt.Errorf("flow %s: save session data: %w", name, err)
		}
		if cv.newPIN != "" && (res.kind == resultAsk || res.kind == resultRetry) {
			data = withPendingPIN(data, cv.newPIN)
		}
		switch res.kind {
		case resultAsk, resultRetry:
			base.session.Flow, base.session.Step, base.session.Data = name, res.step, string(data)
		default:
			base.session.Flow, base.session.Step, base.session.Data = "", "", "{}"
		}
		return res, nil
	}
}

// pinKey holds, beside a flow's own data, the hash of a PIN being set at its PIN prompt.
const pinKey = "_new_pin"

func pendingPIN(data string) string {
	var d map[string]json.RawMessage
	if json.Unmarshal([]byte(data), &d) != nil {
		return ""
	}
	var h string
	_ = json.Unmarshal(d[pinKey], &h)
	return h
}

// withPendingPIN adds the pending PIN's hash to a flow's data, a JSON object.
func withPendingPIN(data []byte, hash string) []byte {
	h, _ := json.Marshal(hash)
	body := bytes.TrimSuffix(bytes.TrimSpace(data), []byte("}"))
	if len(bytes.TrimSpace(bytes.TrimPrefix(body, []byte("{")))) > 0 {
		body = append(body, ',')
	}
	return append(append(append(body, `"`+pinKey+`":`...), h...), '}')
}

// asMember adapts a flow that serves a member to a flow: the sender's membership record is
// loaded first (the menu admits members-only flows only for active members).
func asMember[T any](fn func(context.Context, *Convo[T], store.Member, Input) Result) func(context.Context, *Convo[T], Input) Result {
	return func(ctx context.Context, c *Convo[T], in Input) Result {
		m, err := c.Member(ctx)
		if err != nil {
			return c.Fail(err)
		}
		return fn(ctx, c, m, in)
	}
}
