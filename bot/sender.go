package bot

import (
	"context"
	"time"

	"github.com/kopbot/kopbot/outbox"
	"github.com/kopbot/kopbot/store"
)

// whatsApp is a branch's WhatsApp connection as its outbox worker's transport.
type whatsApp struct{ br *Branch }

var _ outbox.Transport = whatsApp{}

// Send hands one message to WhatsApp under the ID derived from its outbox row.
func (w whatsApp) Send(ctx context.Context, m store.OutMessage) (string, error) {
	if err := w.br.send(ctx, m); err != nil {
		return "", err
	}
	return string(outboxMessageID(m)), nil
}

func (w whatsApp) Ready() (bool, time.Time) { return w.br.ready() }
