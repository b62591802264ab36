package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// opsRoutes are the outbox's and the scheduled jobs' pages and forms.
func (s *Server) opsRoutes() []staffRoute {
	return []staffRoute{
		{Pattern: "GET /outbox", Role: store.RoleTeller, Handler: s.outboxPage},
		{Pattern: "POST /outbox/{id}/retry", Role: store.RoleManager, Handler: s.outboxRetry},
		{Pattern: "POST /outbox/{id}/cancel", Role: store.RoleManager, Handler: s.outboxCancel},
		{Pattern: "GET /jobs", Role: store.RoleManager, Handler: s.jobsPage},
		{Pattern: "GET /jobs/{name}/dry-run", Role: store.RoleAdmin, Handler: s.jobDryRun},
		{Pattern: "POST /jobs/{name}/run", Role: store.RoleAdmin, Handler: s.jobRun},
	}
}

// failedShown is the most failed messages the outbox page lists.
const failedShown = 200

// failedItem is one failed message as outbox.html shows it.
type failedItem struct {
	store.FailedMessage
	To, Text, Created, LastTry string
	Attachment                 bool
}

// outboxView is what outbox.html shows.
type outboxView struct {
	layout
	Counts  []store.OutboxCounts
	Failed  []failedItem
	Limited bool
	Done    string // what the last form did
	Error   string // why the last form was refused
}

// outboxPage lists the failed messages and the queues of the staff member's branches.
func (s *Server) outboxPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := outboxView{layout: s.layoutFor(r, "ops.outbox.title")}
	if id, err := strconv.ParseInt(q.Get("retried"), 10, 64); err == nil {
		v.Done = fmt.Sprintf(v.T["ops.outbox.retried"], id)
	} else if id, err := strconv.ParseInt(q.Get("cancelled"), 10, 64); err == nil {
		v.Done = fmt.Sprintf(v.T["ops.outbox.cancelledd"], id)
	}
	s.showOutbox(w, r, http.StatusOK, v)
}

// showOutbox fills v with the outbox of the staff member's branches and renders it.
func (s *Server) showOutbox(w http.ResponseWriter, r *http.Request, status int, v outboxView) {
	ctx := r.Context()
	sess, _ := sessionOf(r)
	var counts []store.OutboxCounts
	var failed []store.FailedMessage
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		if counts, err = tx.OutboxCountsByBranch(ctx); err != nil {
			return err
		}
		failed, err = tx.FailedMessages(ctx, failedShown+1, sess.Staff.SeesBranch)
		return err
	})
	if err != nil {
		zerolog.Ctx(ctx).Error().Err(err).Msg("Listing the outbox failed.")
		s.errorPage(w, r, http.StatusInternalServerError, v.Title, "Listing the outbox failed: "+err.Error())
		return
	}
	for _, c := range counts {
		if sess.Staff.SeesBranch(c.Branch) {
			v.Counts = append(v.Counts, c)
		}
	}
	if len(failed) > failedShown {
		failed, v.Limited = failed[:failedShown], true
	}
	loc := s.now().Location()
	for _, m := range failed {
		v.Failed = append(v.Failed, newFailedItem(m, loc))
	}
	s.render(w, r, status, "outbox.html", v)
}

// previewRunes is how much of a message's text the outbox page shows.
const previewRunes = 160

// newFailedItem is m as the page shows it: the phone masked, the text cut short, times in loc.
func newFailedItem(m store.FailedMessage, loc *time.Location) failedItem {
	it := failedItem{FailedMessage: m, To: coop.MaskPhone(m.To), Text: m.OutMessage.Text,
		Created: m.CreatedAt.In(loc).Format(timeLayout), Attachment: m.ImagePath != "" || m.DocumentPath != ""}
	if !m.LastTry.IsZero() {
		it.LastTry = m.LastTry.In(loc).Format(timeLayout)
	}
	if utf8.RuneCountInString(it.Text) > previewRunes {
		it.Text = string([]rune(it.Text)[:previewRunes]) + "…"
	}
	return it
}

// outboxRetry queues a failed message again (POST /outbox/{id}/retry).
func (s *Server) outboxRetry(w http.ResponseWriter, r *http.Request) {
	s.outboxDecide(w, r, coop.RetryMessage, "retried")
}

// outboxCancel gives up on a failed message (POST /outbox/{id}/cancel).
func (s *Server) outboxCancel(w http.ResponseWriter, r *http.Request) {
	s.outboxDecide(w, r, coop.CancelMessage, "cancelled")
}

// outboxDecision is coop's retry or cancel of one failed message.
type outboxDecision func(ctx context.Context, tx *store.Tx, by coop.Actor, id int64) (store.OutMessage, error)

// outboxDecide retries or cancels the failed message the path names, for a staff member
// of its branch, and answers with the outbox page saying what happened (done: the flash).
func (s *Server) outboxDecide(w http.ResponseWriter, r *http.Request, decide outboxDecision, done string) {
	ctx := r.Context()
	v := outboxView{layout: s.layoutFor(r, "ops.outbox.title")}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var m store.OutMessage
	if err == nil {
		err = s.DB.View(ctx, func(tx *store.Tx) (err error) { m, err = tx.OutMessageByID(ctx, id); return })
	}
	if err != nil {
		v.Error = fmt.Sprintf(v.T["ops.outbox.nosuch"], strconv.Quote(r.PathValue("id")))
		s.showOutbox(w, r, http.StatusNotFound, v)
		return
	}
	if !s.seesBranch(w, r, m.Branch) {
		return
	}
	sess, _ := sessionOf(r)
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		_, err := decide(ctx, tx, coop.StaffAccount(sess.Staff.Username), id)
		return err
	})
	var refused *coop.Refusal
	switch {
	case errors.As(err, &refused):
		v.Error = fmt.Sprintf(v.T["ops.outbox.notfailed"], id, v.T["ops.status."+refused.Status])
		s.showOutbox(w, r, http.StatusConflict, v)
		return
	case errors.Is(err, store.ErrNotFound):
		v.Error = fmt.Sprintf(v.T["ops.outbox.nosuch"], strconv.Quote(r.PathValue("id")))
		s.showOutbox(w, r, http.StatusNotFound, v)
		return
	case err != nil:
		zerolog.Ctx(ctx).Error().Err(err).Int64("message", id).Msg("Retrying or cancelling a failed message failed.")
		s.errorPage(w, r, http.StatusInternalServerError, v.Title, "Nothing changed: "+err.Error())
		return
	}
	zerolog.Ctx(ctx).Info().Int64("message", id).Str("done", done).Msg("Staff decided on a failed message on the admin page.")
	if done == "retried" {
		s.wake()
	}
	http.Redirect(w, r, "/outbox?"+url.Values{done: {strconv.FormatInt(id, 10)}}.Encode(), http.StatusSeeOther)
}
