package coop

import (
	"context"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/store"
)

// Notify queues a message to someone other than the sender (an applicant told of a
// decision, an admin told of a new application), in their language, through the
// transport they last wrote on.
func Notify(ctx context.Context, tx *store.Tx, branch, phone, defaultLang string, text func(catalog.Messages) string) error {
	return notify(ctx, tx, branch, phone, defaultLang, false, text)
}

// NotifyBulk is Notify for one of many messages sent at once (the SHU notices to every
// member): queued as bulk, so the outbox sends members' replies first.
func NotifyBulk(ctx context.Context, tx *store.Tx, branch, phone, defaultLang string, text func(catalog.Messages) string) error {
	return notify(ctx, tx, branch, phone, defaultLang, true, text)
}

func notify(ctx context.Context, tx *store.Tx, branch, phone, defaultLang string, bulk bool, text func(catalog.Messages) string) error {
	s, err := tx.Session(ctx, branch, phone)
	if err != nil {
		return err
	}
	lang := s.Lang
	if lang == "" {
		lang = defaultLang
	}
	_, err = tx.Enqueue(ctx, store.OutMessage{Branch: branch, To: phone, Transport: s.Transport, Address: s.Address,
		Text: text(catalog.For(lang)), InMessageID: CauseOf(ctx), Bulk: bulk})
	return err
}

// TellMember queues a message to the member with the given ID, from the branch number
// they made the request on.
func TellMember(ctx context.Context, tx *store.Tx, branch string, memberID int64, lang string, text func(catalog.Messages) string) error {
	m, err := tx.MemberByID(ctx, memberID)
	if err != nil {
		return err
	}
	return Notify(ctx, tx, branch, m.Phone, lang, text)
}

// TellAdmins queues a message to every admin of branch, each in their language, outside
// any member's message (the bot telling staff what happened to its WhatsApp connection).
func (o *Office) TellAdmins(ctx context.Context, branch string, text func(catalog.Messages) string) error {
	return o.DB.Update(ctx, func(tx *store.Tx) error {
		return o.tellAdmins(ctx, tx, branch, text)
	})
}

// tellAdmins queues a message to every admin of branch in the caller's transaction.
func (o *Office) tellAdmins(ctx context.Context, tx *store.Tx, branch string, text func(catalog.Messages) string) error {
	admins, err := BranchAdmins(ctx, tx, o.Admins[branch], branch)
	if err != nil {
		return err
	}
	for _, phone := range admins {
		if err := Notify(ctx, tx, branch, phone, o.lang(""), text); err != nil {
			return err
		}
	}
	return nil
}

type causeKey struct{}

// WithCause marks ctx as handling the member's message id, so notifications it sends to
// others are known as caused by that message (kopbot chat -jsonl reports them with it).
func WithCause(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, causeKey{}, id)
}

// CauseOf is the message id WithCause marked ctx with, or "".
func CauseOf(ctx context.Context) string {
	id, _ := ctx.Value(causeKey{}).(string)
	return id
}
