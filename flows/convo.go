package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kopbot/kopbot/store"
)

// Convo is one step of a flow whose data is a T, kept as JSON in the session between messages.
type Convo[T any] struct {
	Step string // the step waiting for this input; "" when the flow starts
	Data T
	Msg  Messages
	Tx   *store.Tx
	Now  time.Time      // when the member's message was sent
	Loc  *time.Location // the cooperative's time zone, for dates members read

	c *call
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

// Branch is the branch the member wrote to.
func (c *Convo[T]) Branch(ctx context.Context) (store.Branch, error) {
	return c.Tx.Branch(ctx, c.c.in.Branch)
}

// Lang is the language the member reads.
func (c *Convo[T]) Lang() string { return c.c.runner.lang(c.c.session.Lang) }

// Cooperative is the cooperative's name.
func (c *Convo[T]) Cooperative() string { return c.c.runner.Cooperative }

// IsAdmin reports whether the sender is one of the branch's admins.
func (c *Convo[T]) IsAdmin() bool { return c.c.runner.isAdmin(c.c.in.Branch, c.c.in.From) }

// TellAdmins queues a message to every admin of the branch, each in their language.
func (c *Convo[T]) TellAdmins(ctx context.Context, text func(Messages) string) error {
	return c.c.tellAdmins(ctx, text)
}

// Result is what a step decided. Build it with Ask, Retry, Done, Switch or Fail.
type Result struct {
	kind    resultKind
	step    string
	replies []string
	images  []image // sent before the text replies
	next    string
	err     error
}

type image struct{ path, caption string }

// WithImage adds a photo (with its caption) to the result, sent before its text.
func (r Result) WithImage(path, caption string) Result {
	r.images = append(r.images, image{path, caption})
	return r
}

type resultKind int

const (
	resultAsk    resultKind = iota // wait for the member's answer in step
	resultRetry                    // the answer was not usable: ask again, same step
	resultDone                     // the flow is over
	resultSwitch                   // start another flow
	resultFail                     // something broke; nothing of this step is kept
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
		switch res.kind {
		case resultAsk, resultRetry:
			base.session.Flow, base.session.Step, base.session.Data = name, res.step, string(data)
		default:
			base.session.Flow, base.session.Step, base.session.Data = "", "", "{}"
		}
		return res, nil
	}
}
