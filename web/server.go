// Package web serves the admin pages staff use to see each branch's WhatsApp
// connection, to pair a branch's number, by QR code or by phone code, and to review
// members' KTP verifications.
package web

import (
	"bytes"
	"context"
	"embed"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// BranchStatus is what the pages show of one branch.
type BranchStatus struct {
	ID, Name     string
	State        string    // unpaired, connecting, connected, disconnected, logged_out, banned, replaced, outdated, stopped
	Problem      string    // why, when known: unreachable, pairing_closed, qr_paused, phone_in_use (said in plain words)
	Detail       string    // the technical detail (English), folded away on the pages
	Phone        string    // the paired WhatsApp number, empty if unpaired
	Since        time.Time // when the state began
	BannedUntil  time.Time // for banned
	QR           string    // the current pairing QR code payload, empty when none is showing
	QRPaused     bool      // unpaired, and QR codes are paused until someone asks (WantQR)
	OutboxQueued int       // replies waiting to be sent
	OutboxFailed int       // replies that failed for good
	LastFailure  string    // the last send error, if any
}

// Branches is what the server needs from the running bot.
type Branches interface {
	Status(ctx context.Context) []BranchStatus
	// PairPhone starts pairing branch by phone number and returns the 8-character code to type on the phone.
	PairPhone(ctx context.Context, branch, phone string) (string, error)
	// WantQR says someone wants to pair branch now: paused QR codes start again.
	WantQR(ctx context.Context, branch string)
}

// Server serves the admin pages.
type Server struct {
	// DB holds the staff accounts, their sessions and the audit log; without it the pages answer 403.
	DB *store.DB
	// Token creates the first staff account at /setup; it opens no page.
	Token string
	// MetricsToken lets a scraper read /metrics (Authorization: Bearer); empty: only a
	// signed-in admin can.
	MetricsToken string
	Branches     Branches
	Metrics      http.Handler // serves /metrics (Prometheus text); may be nil (then 404)
	Now          func() time.Time
	// Payments settles QRIS payment notices at POST /webhooks/qris, signed with QRISSecret;
	// when either is missing the webhook answers 503.
	Payments   Payments
	QRISSecret string
	// KTP is where staff review KTP verifications at /ktp; when nil the page says it is not available.
	KTP KTPReviews
	// Office runs the staff's decisions and operations (coop), with the cooperative's
	// rules (four eyes, time zone, late fees); the back office's pages need it.
	Office *coop.Office
	// Wake nudges the branches' senders after a decision, so the member hears at once;
	// nil leaves the messages to the sender's next round.
	Wake func()
	// Jobs lists and runs the scheduled jobs at /jobs; when nil the page says it is not available.
	Jobs Jobs
	// Log gets a line for every request answered (logRequests); nil: the request context's logger.
	Log *zerolog.Logger
}

// wake nudges the senders, when the server has a way to.
func (s *Server) wake() {
	if s.Wake != nil {
		s.Wake()
	}
}

// contentSecurityPolicy allows only this server's own styles, script and images:
// no inline script, no framing, forms posting only here.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/*
var staticFS embed.FS

// pages holds one template set per page, each the layout plus the page's "content".
var pages = parsePages("login.html", "branches.html", "branch.html", "paircode.html", "error.html", "ktp.html", "setup.html", "audit.html",
	"loan_applications.html", "disbursements.html", "approvals.html",
	"dashboard.html", "applications.html", "handovers.html",
	"deposits.html", "withdrawals.html", "teller.html",
	"reports.html",
	"members.html", "member.html", "member_nik.html", "member_leave.html",
	"outbox.html", "jobs.html", "qris_uncredited.html")

func parsePages(names ...string) map[string]*template.Template {
	m := make(map[string]*template.Template, len(names))
	for _, name := range names {
		m[name] = template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/"+name))
	}
	return m
}

// layout is what templates/layout.html needs; every page's data embeds it.
type layout struct {
	Title     string
	SignedIn  bool // shows the navigation and the sign-out button
	Refresh   bool // reloads the page every 5 seconds
	CSRF      string
	StaffName string
	Manager   bool              // shows the audit log in the navigation
	Lang      string            // id or en: see T and Words
	Path      string            // where the language switch comes back to
	Here      string            // where it comes back to when not Path (a page answering a form)
	T         map[string]string // words in Lang
}

// Handler returns the admin server's routes, every response carrying the security headers.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /static/style.css", staticFile("static/style.css", "text/css; charset=utf-8"))
	mux.Handle("GET /static/refresh.js", staticFile("static/refresh.js", "text/javascript; charset=utf-8"))

	mux.Handle("GET /setup", s.open(s.setupForm))
	mux.Handle("POST /setup", s.form(s.open(s.setup)))
	mux.Handle("GET /login", s.open(s.loginForm))
	mux.Handle("POST /login", s.form(s.open(s.login)))
	for _, rt := range s.routes() {
		mux.Handle(rt.Pattern, rt.guarded(s))
	}
	mux.Handle("GET /metrics", s.metricsGuard(s.metrics))
	mux.HandleFunc("POST /webhooks/qris", s.qrisWebhook) // signed by the gateway, not the admin token
	return logRequests(s.Log, securityHeaders(mux))
}

// staffRoute is one page, form or file of the back office and the least role that opens
// it. Every one is behind a staff session; a form (POST) also checks the CSRF token.
type staffRoute struct {
	Pattern string // as http.ServeMux reads it: "GET /members/{no}"
	Role    store.StaffRole
	File    bool // an image or a download: 401 without a session, never a redirect to sign-in
	Handler http.HandlerFunc
}

// routes is every staff route; each part of the back office brings its own list (a file
// of its own), and the security tests go through all of them.
func (s *Server) routes() []staffRoute {
	return slices.Concat(s.baseRoutes(),
		s.loansRoutes(),
		s.queuesRoutes(),
		s.cashRoutes(),
		s.reportsRoutes(),
		s.membersRoutes(),
		s.opsRoutes(),
		s.qrisRoutes())
}

func (s *Server) baseRoutes() []staffRoute {
	return []staffRoute{
		{Pattern: "POST /logout", Role: store.RoleTeller, Handler: s.logout},
		{Pattern: "POST /language", Role: store.RoleTeller, Handler: s.language},
		{Pattern: "GET /branches", Role: store.RoleTeller, Handler: s.branchesPage},
		{Pattern: "GET /branches/{id}", Role: store.RoleTeller, Handler: s.branchPage},
		{Pattern: "POST /branches/{id}/pair-phone", Role: store.RoleManager, Handler: s.pairPhone},
		{Pattern: "GET /branches/{id}/qr.png", Role: store.RoleTeller, File: true, Handler: s.qrPNG},
		{Pattern: "GET /ktp", Role: store.RoleTeller, Handler: s.ktpPage},
		{Pattern: "GET /ktp/{id}/photo/{which}", Role: store.RoleTeller, File: true, Handler: s.ktpPhoto},
		{Pattern: "POST /ktp/{id}/approve", Role: store.RoleManager, Handler: s.ktpApprove},
		{Pattern: "POST /ktp/{id}/reject", Role: store.RoleManager, Handler: s.ktpReject},
		{Pattern: "GET /audit", Role: store.RoleManager, Handler: s.auditPage},
	}
}

// guarded is the route behind its session, role and (for a form) CSRF checks.
func (rt staffRoute) guarded(s *Server) http.Handler {
	switch {
	case strings.HasPrefix(rt.Pattern, "POST "):
		return s.staffPage(rt.Role, s.checked(rt.Handler))
	case rt.File:
		return s.staffAPI(rt.Role, rt.Handler)
	}
	return s.staffPage(rt.Role, rt.Handler)
}

func (s *Server) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// status asks the bot for every branch; a server wired without a bot has none.
func (s *Server) status(ctx context.Context) []BranchStatus {
	if s.Branches == nil {
		return nil
	}
	return s.Branches.Status(ctx)
}

// branch finds one branch's status by id.
func (s *Server) branch(ctx context.Context, id string) (BranchStatus, bool) {
	for _, b := range s.status(ctx) {
		if b.ID == id {
			return b, true
		}
	}
	return BranchStatus{}, false
}

func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	if s.Metrics == nil {
		http.Error(w, "metrics are not enabled", http.StatusNotFound)
		return
	}
	s.Metrics.ServeHTTP(w, r)
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

func staticFile(name, contentType string) http.Handler {
	body, err := staticFS.ReadFile(name)
	if err != nil {
		panic(err) // embedded above, so only a broken build gets here
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "max-age=300")
		w.Write(body)
	})
}

// render executes page into a buffer first, so a template error is a clean 500
// rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	var buf bytes.Buffer
	if err := pages[page].Execute(&buf, data); err != nil {
		zerolog.Ctx(r.Context()).Error().Err(err).Str("page", page).Msg("Rendering an admin page failed.")
		http.Error(w, "internal error: the page could not be shown", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store") // live state, and staff data
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

type errorView struct {
	layout
	Message   string
	LoginLink bool
}

// errorPage shows a short HTML page explaining what went wrong.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, title, message string) {
	s.render(w, r, status, "error.html", errorView{
		layout:    s.pageLayout(r, title),
		Message:   message,
		LoginLink: status == http.StatusUnauthorized,
	})
}
