package flows

import (
	"context"
	"sync"
)

// Dispatcher hands each conversation's messages to a worker of its own: one member's
// messages are handled strictly in order, different members' at the same time.
type Dispatcher struct {
	// Handle handles one message; the Runner's Handle in production.
	Handle func(ctx context.Context, in Input) error
	// OnError is told about messages whose handling failed.
	OnError func(in Input, err error)

	mu      sync.Mutex
	queues  map[conversation][]Input
	running sync.WaitGroup
}

type conversation struct{ branch, from string }

// Submit queues in behind the conversation's earlier messages and returns at once.
func (d *Dispatcher) Submit(ctx context.Context, in Input) {
	key := conversation{in.Branch, in.From}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.queues == nil {
		d.queues = map[conversation][]Input{}
	}
	q, busy := d.queues[key]
	d.queues[key] = append(q, in)
	if busy {
		return // its worker is running and will take this one too
	}
	d.running.Add(1)
	go d.work(context.WithoutCancel(ctx), key)
}

// work handles the conversation's queue until it is empty, then exits.
func (d *Dispatcher) work(ctx context.Context, key conversation) {
	defer d.running.Done()
	for {
		d.mu.Lock()
		q := d.queues[key]
		if len(q) == 0 {
			delete(d.queues, key)
			d.mu.Unlock()
			return
		}
		in := q[0]
		d.queues[key] = q[1:]
		d.mu.Unlock()
		if err := d.Handle(ctx, in); err != nil && d.OnError != nil {
			d.OnError(in, err)
		}
	}
}

// Wait blocks until every submitted message has been handled.
func (d *Dispatcher) Wait() { d.running.Wait() }
