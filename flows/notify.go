package flows

import (
	"context"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/store"
)

// notify queues a message to someone other than the sender (an applicant told of a
// decision, an admin told of a new application), in their language, through the
// transport they last wrote on.
func notify(ctx context.Context, tx *store.Tx, branch, phone, defaultLang string, text func(catalog.Messages) string) error {
	s, err := tx.Session(ctx, branch, phone)
	if err != nil {
		return err
	}
	lang := s.Lang
	if lang == "" {
		lang = defaultLang
	}
	_, err = tx.Enqueue(ctx, store.OutMessage{Branch: branch, To: phone, Transport: s.Transport, Address: s.Address,
		Text: text(catalog.For(lang)), InMessageID: causeOf(ctx)})
	return err
}

// TellAdmins queues a message to every admin of branch, each in their language, outside
// any member's message (the bot telling staff what happened to its WhatsApp connection).
func (r *Runner) TellAdmins(ctx context.Context, branch string, text func(catalog.Messages) string) error {
	if len(r.Admins[branch]) == 0 {
		return nil
	}
	return r.DB.Update(ctx, func(tx *store.Tx) error {
		for _, phone := range r.Admins[branch] {
			if err := notify(ctx, tx, branch, phone, r.lang(""), text); err != nil {
				return err
			}
		}
		return nil
	})
}

type causeKey struct{}

// withCause marks ctx as handling the member's message id, so notifications it sends to
// others are known as caused by that message (kopbot chat -jsonl reports them with it).
func withCause(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, causeKey{}, id)
}

func causeOf(ctx context.Context) string {
	id, _ := ctx.Value(causeKey{}).(string)
	return id
}
