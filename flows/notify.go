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
	_, err = tx.Enqueue(ctx, store.OutMessage{Branch: branch, To: phone, Transport: s.Transport, Address: s.Address, Text: text(catalog(lang))})
	return err
}
