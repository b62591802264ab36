package flows

import (
	"context"

	"github.com/kopbot/kopbot/store"
)

// notify queues a message to someone other than the sender (an applicant told of a
// decision, an admin told of a new application), in their language, through the
// transport they last wrote on.
func notify(ctx context.Context, tx *store.Tx, branch, phone, defaultLang string, text func(Messages) string) error {
	s, err := tx.Session(ctx, branch, phone)
	if err != nil {
		return err
	}
	lang := s.Lang
	if lang == "" {
		lang = defaultLang
	}
	_, err = tx.Enqueue(ctx, store.OutMessage{Branch: branch, To: phone, Transport: s.Transport, Address: s.Address,
		Text: text(catalog(lang)), InMessageID: causeOf(ctx)})
	return err
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
