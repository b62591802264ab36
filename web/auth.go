package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

const (
	cookieName = "kopbot_admin"
	// sessionLifetime is how long a sign-in lasts; a week, so a screen left on the
	// branches page does not keep asking for the token.
	sessionLifetime = 7 * 24 * time.Hour
	// maxFormBytes bounds a POSTed form: the forms here hold a token or a phone number.
	maxFormBytes  = 16 << 10
	notConfigured = "The admin pages are turned off because no admin token is set. " +
		"Set KOPBOT_ADMIN_TOKEN to a long random secret and restart kopbot."
)

// auth is what a request's credentials amount to.
type auth int

const (
	authNone auth = iota // nothing usable: a browser is sent to sign in
	authBad              // a wrong bearer token
	authOK
)

// authenticate checks the Authorization header, else the session cookie.
func (s *Server) authenticate(r *http.Request) auth {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, _ := strings.Cut(h, " ")
		if strings.EqualFold(scheme, "Bearer") && s.tokenOK(strings.TrimSpace(token)) {
			return authOK
		}
		return authBad
	}
	if s.hasSession(r) {
		return authOK
	}
	return authNone
}

// tokenOK compares hashes in constant time, so neither the token nor its length leaks.
func (s *Server) tokenOK(given string) bool {
	a, b := sha256.Sum256([]byte(given)), sha256.Sum256([]byte(s.Token))
	return s.Token != "" && subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// The session cookie is "UNIX.MAC": the sign-in time and an HMAC of it keyed by the
// token, so the cookie never holds the token, expires, and dies when the token changes.

func (s *Server) sessionValue(issued time.Time) string {
	ts := strconv.FormatInt(issued.Unix(), 10)
	return ts + "." + s.sessionMAC(ts)
}

func (s *Server) sessionMAC(ts string) string {
	m := hmac.New(sha256.New, []byte(s.Token))
	m.Write([]byte("kopbot_admin session " + ts))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (s *Server) hasSession(r *http.Request) bool {
	if s.Token == "" {
		return false
	}
	c, err := r.Cookie(cookieName)
	if err != nil {
		return false
	}
	ts, mac, ok := strings.Cut(c.Value, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(s.sessionMAC(ts))) {
		return false
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	age := s.now().Sub(time.Unix(unix, 0))
	return age > -time.Minute && age < sessionLifetime
}

// open guards the sign-in pages: they exist only when a token is set.
func (s *Server) open(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Token == "" {
			s.errorPage(w, r, http.StatusForbidden, "Admin pages turned off", notConfigured)
			return
		}
		h(w, r)
	})
}

// page guards an HTML page: a browser without credentials is sent to sign in.
func (s *Server) page(h http.HandlerFunc) http.Handler {
	return s.open(func(w http.ResponseWriter, r *http.Request) {
		switch s.authenticate(r) {
		case authOK:
			h(w, r)
			return
		case authNone:
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="kopbot admin"`)
		s.errorPage(w, r, http.StatusUnauthorized, "Sign in needed",
			"Sign in with the admin token first, or send it as Authorization: Bearer TOKEN.")
	})
}

// api guards what is not a page (images, metrics): plain-text 403 and 401, never a redirect.
func (s *Server) api(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Token == "" {
			http.Error(w, notConfigured, http.StatusForbidden)
			return
		}
		if s.authenticate(r) != authOK {
			w.Header().Set("WWW-Authenticate", `Bearer realm="kopbot admin"`)
			http.Error(w, "unauthorized: sign in, or send Authorization: Bearer TOKEN", http.StatusUnauthorized)
			return
		}
		h(w, r)
	})
}

// form guards a POST: a bounded body, and no request another site's page started
// (beside SameSite=Strict, for browsers that do not honour it).
func form(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !sameOrigin(r) {
			http.Error(w, "forbidden: this form can only be sent from the kopbot admin pages", http.StatusForbidden)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		h.ServeHTTP(w, r)
	})
}

// sameOrigin reports whether r was not sent from another site: an Origin header, when
// present, must name this host, and Sec-Fetch-Site, when present, must not say cross-site.
func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, r.Host)
}

type loginView struct {
	layout
	Next  string
	Error string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	if s.hasSession(r) {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login.html", loginView{layout: layout{Title: "Sign in"}, Next: next})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.PostFormValue("next"))
	log := zerolog.Ctx(r.Context())
	if !s.tokenOK(r.PostFormValue("token")) {
		log.Warn().Str("remote_addr", r.RemoteAddr).Msg("Someone typed a wrong admin token.")
		s.render(w, r, http.StatusUnauthorized, "login.html", loginView{
			layout: layout{Title: "Sign in"},
			Next:   next,
			Error:  "That token is not right. Check KOPBOT_ADMIN_TOKEN on the server and try again.",
		})
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name:     cookieName,
		Value:    s.sessionValue(s.now()),
		Path:     "/",
		MaxAge:   int(sessionLifetime / time.Second),
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteStrictMode,
	})
	log.Info().Str("remote_addr", r.RemoteAddr).Msg("Staff signed in to the admin pages.")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name:     cookieName,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteStrictMode,
	})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
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
