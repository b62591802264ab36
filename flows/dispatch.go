package flows

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
)

// Dispatcher hands each conversation's jobs to a worker of its own: one member's
// messages are handled strictly in order, different members' at the same time.
// T is what the transport hands over (an Input, or a WhatsApp event still to be read).
type Dispatcher[T any] struct {
	// Key names the conversation a job belongs to: branch and sender.
	Key func(T) string
	// Handle handles one job.
	Handle func(ctx context.Context, job T) error
	// OnError is told about jobs whose handling failed.
	OnError func(job T, err error)

	mu      sync.Mutex
	queues  map[string][]T
	running sync.WaitGroup
}

// InputKey is the conversation key of an Input.
func InputKey(in Input) string { return in.Branch + "\x00" + in.From }

// Submit queues job behind the conversation's earlier jobs and returns at once.
func (d *Dispatcher[T]) Submit(ctx context.Context, job T) {
	key := d.Key(job)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.queues == nil {
		d.queues = map[string][]T{}
	}
	q, busy := d.queues[key]
	d.queues[key] = append(q, job)
	if busy {
		return // its worker is running and will take this one too
	}
	d.running.Add(1)
	go d.work(context.WithoutCancel(ctx), key)
}

// work handles the conversation's queue until it is empty, then exits.
func (d *Dispatcher[T]) work(ctx context.Context, key string) {
	defer d.running.Done()
	for {
		d.mu.Lock()
		q := d.queues[key]
		if len(q) == 0 {
			delete(d.queues, key)
			d.mu.Unlock()
			return
		}
		job := q[0]
		d.queues[key] = q[1:]
		d.mu.Unlock()
		if err := d.handle(ctx, job); err != nil && d.OnError != nil {
			d.OnError(job, err)
		}
	}
}

// handle runs Handle, turning a panic into an error so one bad message never takes the service down.
func (d *Dispatcher[T]) handle(ctx context.Context, job T) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic while handling a message: %v\n%s", r, debug.Stack())
		}
	}()
	return d.Handle(ctx, job)
}

// Wait blocks until every submitted job has been handled.
func (d *Dispatcher[T]) Wait() { d.running.Wait() }
