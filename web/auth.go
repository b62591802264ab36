package web

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

const (
	cookieName = "kopbot_session"
	// maxFormBytes bounds a POSTed form: the forms here hold a few short fields.
	maxFormBytes  = 16 << 10
	notConfigured = "The admin pages are turned off because they have no database (run them from kopbot serve)."
)

type sessionKey struct{}

// sessionOf is the signed-in staff member of a request that passed staffPage.
func sessionOf(r *http.Request) (coop.Session, bool) {
	s, ok := r.Context().Value(sessionKey{}).(coop.Session)
	return s, ok
}

// clientIP is the address a request came from, for the audit log and the lockout's log.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// session reads the request's session cookie into a live session; ErrNoSession when none.
// A page view only reads, but for noting the session's use once a minute, or ending it
// once expired.
func (s *Server) session(r *http.Request) (coop.Session, error) {
	c, err := r.Cookie(cookieName)
	if err != nil || s.DB == nil {
		return coop.Session{}, coop.ErrNoSession
	}
	ctx := r.Context()
	var sess coop.Session
	err = s.DB.View(ctx, func(tx *store.Tx) (err error) { sess, err = coop.SessionOf(ctx, tx, c.Value); return })
	switch {
	case errors.Is(err, coop.ErrNoSession) && sess.Token != "":
		return sess, errors.Join(err, s.DB.Update(ctx, func(tx *store.Tx) error { return coop.SignOut(ctx, tx, sess.Token) }))
	case err == nil && sess.Stale:
		err = s.DB.Update(ctx, func(tx *store.Tx) error { return coop.KeepSession(ctx, tx, sess.Token) })
	}
	return sess, err
}

// staffPage guards a page for staff of role or more: without a session a browser is sent
// to sign in (a POST is refused, 401); a lesser role is refused, 403. The handler finds the
// staff member with sessionOf, and its decisions are audited as coming from the web.
func (s *Server) staffPage(role store.StaffRole, h http.HandlerFunc) http.Handler {
	return s.staff(role, h, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		s.errorPage(w, r, http.StatusUnauthorized, "Sign in needed", "Sign in first: your session has ended.")
	})
}

// staffAPI guards what is not a page (images): plain-text 401 and 403, never a redirect.
func (s *Server) staffAPI(role store.StaffRole, h http.HandlerFunc) http.Handler {
	return s.staff(role, h, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "unauthorized: sign in first", http.StatusUnauthorized)
	})
}

func (s *Server) staff(role store.StaffRole, h http.HandlerFunc, none http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.DB == nil {
			s.errorPage(w, r, http.StatusForbidden, "Admin pages turned off", notConfigured)
			return
		}
		sess, err := s.session(r)
		if errors.Is(err, coop.ErrNoSession) {
			none(w, r)
			return
		} else if err != nil {
			zerolog.Ctx(r.Context()).Error().Err(err).Msg("Reading a staff session failed.")
			http.Error(w, "internal error: the session could not be read", http.StatusInternalServerError)
			return
		}
		ctx := context.WithValue(r.Context(), sessionKey{}, sess)
		ctx = coop.WithVia(ctx, coop.Via{Channel: "web", Origin: clientIP(r)})
		r = r.WithContext(ctx)
		if sess.Staff.Role.Rank() < role.Rank() {
			s.forbidden(w, r)
			return
		}
		h(w, r)
	})
}

// forbidden refuses what the signed-in staff member's role or branches do not allow.
func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) {
	t := s.words(r)
	s.errorPage(w, r, http.StatusForbidden, t["forbidden.title"], t["forbidden.text"])
}

// seesBranch reports whether the signed-in staff member may see branch, and answers 403
// when not: every page about one branch's members or work asks it first.
func (s *Server) seesBranch(w http.ResponseWriter, r *http.Request, branch string) bool {
	if sess, ok := sessionOf(r); ok && sess.Staff.SeesBranch(branch) {
		return true
	}
	s.forbidden(w, r)
	return false
}

// form guards a POST from the admin pages: a bounded body, no request another site's page
// started (net/http's CrossOriginProtection, beside SameSite=Strict), and, when signed in,
// the session's CSRF token in the form.
func (s *Server) form(h http.Handler) http.Handler {
	checked := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if sess, ok := sessionOf(r); ok && !csrfOK(sess.CSRF, r.PostFormValue("csrf")) {
			http.Error(w, "forbidden: this form is out of date or was not sent from the kopbot admin pages; reload the page and try again", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "forbidden: this form can only be sent from the kopbot admin pages", http.StatusForbidden)
	}))
	return cop.Handler(checked)
}

func csrfOK(want, got string) bool {
	a, b := sha256.Sum256([]byte(want)), sha256.Sum256([]byte(got))
	return want != "" && subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// tokenOK reports whether given is the admin token.
func (s *Server) tokenOK(given string) bool { return sameToken(given, s.Token) }

// sameToken compares hashes in constant time, so neither the token nor its length leaks;
// no token (want empty) matches nothing.
func sameToken(given, want string) bool {
	a, b := sha256.Sum256([]byte(given)), sha256.Sum256([]byte(want))
	return want != "" && subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name:     cookieName,
		Value:    value,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteStrictMode,
	})
}

type loginView struct {
	layout
	Next     string
	Error    string
	Username string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	if _, err := s.session(r); err == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	if s.noStaffYet(r.Context()) {
		http.Redirect(w, r, "/setup", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login.html", loginView{layout: s.layoutFor(r, "signin.title"), Next: next})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.PostFormValue("next"))
	log := zerolog.Ctx(r.Context())
	username := strings.TrimSpace(r.PostFormValue("username"))
	var sess coop.Session
	err := s.DB.Update(r.Context(), func(tx *store.Tx) (err error) {
		sess, err = coop.SignIn(r.Context(), tx, username, r.PostFormValue("password"), clientIP(r))
		if errors.Is(err, coop.ErrSignIn) {
			return nil // keep the count of failures
		}
		return err
	})
	if err == nil && sess.Token == "" {
		err = coop.ErrSignIn
	}
	switch {
	case errors.Is(err, coop.ErrSignIn):
		log.Warn().Str("remote_addr", clientIP(r)).Msg("A sign-in to the admin pages failed.")
		v := loginView{layout: s.layoutFor(r, "signin.title"), Next: next, Username: username}
		v.Error = v.T["signin.failed"]
		s.render(w, r, http.StatusUnauthorized, "login.html", v)
		return
	case err != nil:
		log.Error().Err(err).Msg("Signing in failed.")
		http.Error(w, "internal error: signing in failed", http.StatusInternalServerError)
		return
	}
	s.setSessionCookie(w, r, sess.Token, int(coop.SessionMax/time.Second))
	log.Info().Str("remote_addr", clientIP(r)).Str("staff", sess.Staff.Username).Msg("Staff signed in to the admin pages.")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	sess, _ := sessionOf(r)
	if err := s.DB.Update(r.Context(), func(tx *store.Tx) error { return coop.SignOut(r.Context(), tx, sess.Token) }); err != nil {
		zerolog.Ctx(r.Context()).Error().Err(err).Msg("Signing out failed.")
		http.Error(w, "internal error: signing out failed", http.StatusInternalServerError)
		return
	}
	s.setSessionCookie(w, r, "", -1)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// language saves the signed-in staff member's choice of the pages' language.
func (s *Server) language(w http.ResponseWriter, r *http.Request) {
	sess, _ := sessionOf(r)
	lang := r.PostFormValue("lang")
	if lang != "id" && lang != "en" {
		http.Error(w, "bad request: the language is id or en", http.StatusBadRequest)
		return
	}
	if err := s.DB.Update(r.Context(), func(tx *store.Tx) error {
		return tx.SetStaffLanguage(r.Context(), sess.Staff.Username, lang)
	}); err != nil {
		http.Error(w, "internal error: the language could not be saved", http.StatusInternalServerError)
		return
	}
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
}

// localPath keeps a redirect target on this server: a path, never "//host" or a URL.
// Backslashes and control characters go too: browsers read "/\host", and "/" TAB "/host", as "//host".
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsFunc(p, func(c rune) bool {
		return c == '\\' || c < 0x20 || c == 0x7f
	}) {
		return "/"
	}
	return p
}

// checked is h behind form's checks, for a POST route.
func (s *Server) checked(h http.HandlerFunc) http.HandlerFunc { return s.form(h).ServeHTTP }

// open serves the sign-in and setup pages, which need the database.
func (s *Server) open(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.DB == nil {
			s.errorPage(w, r, http.StatusForbidden, "Admin pages turned off", notConfigured)
			return
		}
		h(w, r)
	})
}

// metricsGuard lets a signed-in admin read /metrics, and a scraper that sends the metrics
// token (Authorization: Bearer): Prometheus cannot sign in. The admin token opens nothing here.
func (s *Server) metricsGuard(h http.HandlerFunc) http.Handler {
	signedIn := s.staffAPI(store.RoleAdmin, h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if auth := r.Header.Get("Authorization"); auth != "" {
			scheme, token, _ := strings.Cut(auth, " ")
			if !strings.EqualFold(scheme, "Bearer") || !sameToken(strings.TrimSpace(token), s.MetricsToken) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="kopbot metrics"`)
				http.Error(w, "unauthorized: a wrong token", http.StatusUnauthorized)
				return
			}
			h(w, r)
			return
		}
		signedIn.ServeHTTP(w, r)
	})
}
