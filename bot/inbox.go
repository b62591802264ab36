package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rs/zerolog"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/store"
)

// No message is lost between WhatsApp and the database: each is written to the durable
// inbox before the event handler returns, and whatsmeow (SynchronousAck) tells WhatsApp it
// arrived only then; a failed write leaves it unacknowledged, and whatsmeow's decrypted-event
// buffer keeps its plaintext for WhatsApp's next delivery. The runner takes it out of the
// inbox in the transaction that handles it; what is left after a crash is worked when the
// branch connects again.

// inboxPayload is a received message as kept in the inbox: the job, its photo still to download.
type inboxPayload struct {
	In     flows.Input `json:"in"`
	Chat   string      `json:"chat"`
	Sender string      `json:"sender"`
	Image  []byte      `json:"image,omitempty"` // the ImageMessage (protobuf), to download when handled
}

// keep writes j to the inbox, durably; only then may WhatsApp be told the message arrived.
func (br *Branch) keep(ctx context.Context, j job) error {
	p := inboxPayload{In: j.in, Chat: j.chat.String(), Sender: j.sender.String()}
	if j.image != nil {
		b, err := proto.Marshal(j.image)
		if err != nil {
			return fmt.Errorf("keep message %s: %w", j.in.MessageID, err)
		}
		p.Image = b
	}
	body, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("keep message %s: %w", j.in.MessageID, err)
	}
	// Grouped: members' messages arriving together share one durable commit.
	return br.bot.DB.UpdateGrouped(ctx, func(tx *store.Tx) error {
		return tx.SaveInbox(ctx, store.InboxItem{Branch: br.ID, MessageID: j.in.MessageID, From: j.in.From, Payload: string(body), ReceivedAt: j.got})
	})
}

// replayInbox hands the messages left in the inbox (a crash came between their receipt and
// their handling) to their members' workers, oldest first. The runner's dedupe by message
// ID makes one that was handled after all harmless.
func (br *Branch) replayInbox(ctx context.Context) {
	log := zerolog.Ctx(ctx)
	var items []store.InboxItem
	err := br.bot.DB.View(ctx, func(tx *store.Tx) (err error) {
		items, err = tx.Inbox(ctx, br.ID, 10_000)
		return err
	})
	if err != nil {
		log.Error().Err(err).Msg("Could not read the inbox; its messages wait for the next start.")
		return
	}
	for _, it := range items {
		j, err := br.jobOf(it)
		if err != nil {
			log.Error().Err(err).Str("message_id", it.MessageID).Msg("A message in the inbox cannot be read; it is left there.")
			continue
		}
		br.seen.add(j.in.From, j.in.MessageID)
		br.bot.dispatch.Submit(ctx, j)
	}
	if len(items) > 0 {
		log.Info().Int("messages", len(items)).Msg("Handling messages received before a stop and not handled then.")
	}
}

func (br *Branch) jobOf(it store.InboxItem) (job, error) {
	var p inboxPayload
	if err := json.Unmarshal([]byte(it.Payload), &p); err != nil {
		return job{}, err
	}
	j := job{branch: br, in: p.In, got: time.Now()}
	j.in.Inboxed = true
	var err error
	if j.chat, err = types.ParseJID(p.Chat); err != nil {
		return job{}, err
	}
	if j.sender, err = types.ParseJID(p.Sender); err != nil {
		return job{}, err
	}
	if len(p.Image) > 0 {
		j.image = &waE2E.ImageMessage{}
		if err := proto.Unmarshal(p.Image, j.image); err != nil {
			return job{}, err
		}
	}
	return j, nil
}
