package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// The admin token's one use on the pages: creating the first staff account, an admin of
// the cooperative. Once any account exists, /setup is closed and accounts come from
// kopbot staff add.

type setupView struct {
	layout
	Closed         bool
	Error          string
	Username, Name string
}

// errSetupClosed is a setup sent when staff accounts exist already.
var errSetupClosed = errors.New("staff accounts exist already")

func (s *Server) noStaffYet(ctx context.Context) bool {
	n := 1
	s.DB.View(ctx, func(tx *store.Tx) (err error) { n, err = tx.CountStaff(ctx); return })
	return n == 0
}

func (s *Server) setupForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "setup.html", setupView{layout: s.layoutFor(r, "setup.title"), Closed: !s.noStaffYet(r.Context())})
}

func (s *Server) setup(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := setupView{layout: s.layoutFor(r, "setup.title"), Username: strings.TrimSpace(r.PostFormValue("username")),
		Name: strings.TrimSpace(r.PostFormValue("name"))}
	fail := func(status int, msg string) {
		v.Error = msg
		s.render(w, r, status, "setup.html", v)
	}
	switch {
	case s.Token == "":
		fail(http.StatusForbidden, v.T["setup.notoken"])
		return
	case !s.tokenOK(r.PostFormValue("token")):
		zerolog.Ctx(ctx).Warn().Str("remote_addr", clientIP(r)).Msg("Someone typed a wrong admin token on the setup page.")
		fail(http.StatusUnauthorized, v.T["setup.badtoken"])
		return
	case r.PostFormValue("password") != r.PostFormValue("password2"):
		fail(http.StatusBadRequest, v.T["setup.mismatch"])
		return
	}
	var sess coop.Session
	ctx = coop.WithVia(ctx, coop.Via{Channel: "web", Origin: clientIP(r)})
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		if n, err := tx.CountStaff(ctx); err != nil || n > 0 {
			return errors.Join(err, errSetupClosed)
		}
		n := coop.NewStaff{Username: v.Username, Name: v.Name, Role: store.RoleAdmin, Password: r.PostFormValue("password")}
		if _, err := coop.AddStaff(ctx, tx, n, coop.Web("setup")); err != nil {
			return err
		}
		var err error
		sess, err = coop.SignIn(ctx, tx, v.Username, n.Password, clientIP(r))
		return err
	})
	switch {
	case errors.Is(err, errSetupClosed):
		v.Closed = true
		s.render(w, r, http.StatusForbidden, "setup.html", v)
		return
	case err != nil:
		fail(http.StatusBadRequest, err.Error())
		return
	}
	zerolog.Ctx(ctx).Info().Str("staff", sess.Staff.Username).Msg("The first staff account was created on the setup page.")
	s.setSessionCookie(w, r, sess.Token, int(coop.SessionMax/time.Second))
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
