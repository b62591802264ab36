package web

import (
	"cmp"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

// fakeBranches stands in for the running bot, the boundary to WhatsApp.
type fakeBranches struct {
	status    func(ctx context.Context) []BranchStatus
	pairPhone func(ctx context.Context, branch, phone string) (string, error)
	wantQR    func(branch string)
}

var _ Branches = (*fakeBranches)(nil)

func (f *fakeBranches) Status(ctx context.Context) []BranchStatus { return f.status(ctx) }

func (f *fakeBranches) WantQR(ctx context.Context, branch string) {
	if f.wantQR != nil {
		f.wantQR(branch)
	}
}

func (f *fakeBranches) PairPhone(ctx context.Context, branch, phone string) (string, error) {
	if f.pairPhone == nil {
		panic("PairPhone called unexpectedly")
	}
	return f.pairPhone(ctx, branch, phone)
}

// forbidPairPhone fails the test if PairPhone is called: not for when (a cross-origin
// request, an unknown branch).
func (f *fakeBranches) forbidPairPhone(t *testing.T, when string) {
	f.pairPhone = func(context.Context, string, string) (string, error) {
		t.Error("PairPhone called for " + when)
		return "", nil
	}
}

const testToken = "s3cret-admin-token"

// wib is fixed so tests do not depend on tzdata.
var wib = time.FixedZone("WIB", 7*60*60)

var testNow = time.Date(2026, time.March, 2, 9, 30, 0, 0, wib)

// someQR is shaped like a WhatsApp pairing payload: ref, noise key, identity key, adv secret.
const someQR = "2@Qm9ZkVhR3lT0aW1uYWwtcmVmLXRoYXQtd2hhdHNhcHAtc2VuZHMtYmFjaw==,n6Wq0Zb1rX4t0pYkH2l9m3s8v7c6x5z4a3s2d1f0g9h=,Yk3m9Qp2r8s7t6u5v4w3x2y1z0a9b8c7d6e5f4g3h2i=,c2VjcmV0LWFkdi1zZWNyZXQtZm9yLXRoZS1kZXZpY2U="

// testBranches is one branch in each state, as the bot reports them.
func testBranches() []BranchStatus {
	since := time.Date(2026, time.March, 2, 1, 15, 0, 0, time.UTC) // 08:15 WIB
	return []BranchStatus{
		{ID: "pusat", Name: "Kantor Pusat", State: "connected", Phone: "6281200000099", Since: since, OutboxQueued: 3, OutboxFailed: 2, LastFailure: "server returned error 479"},
		{ID: "bogor", Name: "Cabang Bogor", State: "unpaired", QR: someQR, Since: since},
		{ID: "depok", Name: "Cabang Depok", State: "connecting", Since: since},
		{ID: "bekasi", Name: "Cabang Bekasi", State: "disconnected", Phone: "6281200000098", Since: since},
		{ID: "bandung", Name: "Cabang Bandung", State: "logged_out", Since: since},
		{ID: "garut", Name: "Cabang Garut", State: "banned", Phone: "6281200000097", Since: since,
			BannedUntil: time.Date(2026, time.March, 3, 5, 0, 0, 0, time.UTC)}, // 12:00 WIB
		{ID: "cianjur", Name: "Cabang Cianjur", State: "replaced", Since: since},
		{ID: "sukabumi", Name: "Cabang Sukabumi", State: "outdated", Since: since},
		{ID: "cirebon", Name: "Cabang Cirebon", State: "stopped", Since: since},
	}
}

// newTestServer serves testBranches with a fixed clock; change f to change the bot.
func newTestServer(t *testing.T) (*Server, *fakeBranches) {
	t.Helper()
	f := &fakeBranches{status: func(context.Context) []BranchStatus { return testBranches() }}
	s := &Server{DB: storetest.Open(t), Token: testToken, Branches: f, Now: func() time.Time { return testNow }}
	addStaff(t, s, "admin", store.RoleAdmin)
	testSessions.Store(s, signIn(t, s, "admin"))
	return s, f
}

// do sends one request through s.Handler and returns the recorded response.
func do(t *testing.T, s *Server, r *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, r)
	return w
}

// get sends an authenticated GET, from a staff member who chose English (getIn: another language).
func get(t *testing.T, s *Server, target string) *httptest.ResponseRecorder {
	t.Helper()
	return getIn(t, s, "en", target)
}

// setLanguage is sess's staff member choosing lang ("": none, Bahasa Indonesia).
func setLanguage(t *testing.T, s *Server, sess coop.Session, lang string) {
	t.Helper()
	err := s.DB.Update(context.Background(), func(tx *store.Tx) error {
		return tx.SetStaffLanguage(context.Background(), sess.Staff.Username, cmp.Or(lang, "id"))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// getIn sends an authenticated GET from a staff member who chose lang ("": none chosen).
func getIn(t *testing.T, s *Server, lang, target string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	sess := testSession(t, s)
	setLanguage(t, s, sess, lang)
	r.AddCookie(sessionCookie(t, s))
	return do(t, s, r)
}

// getOK is get of a page that must answer 200 OK.
func getOK(t *testing.T, s *Server, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := get(t, s, target)
	wantStatus(t, w, http.StatusOK)
	return w
}

// postForm sends an authenticated same-origin form POST.
func postForm(t *testing.T, s *Server, target string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	sess := testSession(t, s)
	setLanguage(t, s, sess, "en")
	return do(t, s, formPost(target, withCSRF(form, sess.CSRF), sess))
}

func wantStatus(t *testing.T, w *httptest.ResponseRecorder, want int) {
	t.Helper()
	if w.Code != want {
		t.Fatalf("status %d, want %d; body:\n%s", w.Code, want, w.Body.String())
	}
}

// wantHeader fails the test unless the response's header key is want.
func wantHeader(t *testing.T, w *httptest.ResponseRecorder, key, want string) {
	t.Helper()
	if got := w.Header().Get(key); got != want {
		t.Errorf("%s %q, want %q", key, got, want)
	}
}

func wantBody(t *testing.T, w *httptest.ResponseRecorder, wants ...string) {
	t.Helper()
	body := w.Body.String()
	for _, want := range wants {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q; body:\n%s", want, body)
		}
	}
}

func wantNoBody(t *testing.T, w *httptest.ResponseRecorder, unwanted ...string) {
	t.Helper()
	body := w.Body.String()
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			t.Errorf("body has %q; body:\n%s", u, body)
		}
	}
}

func TestHealthz(t *testing.T) {
	s, f := newTestServer(t)
	s.Token = "" // healthz needs no token, even when the admin pages are off
	w := do(t, s, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	wantStatus(t, w, http.StatusOK)
	wantHeader(t, w, "Content-Type", "application/json")
	var got struct {
		Status   string            `json:"status"`
		Branches map[string]string `json:"branches"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatalf("decode %s: %v", w.Body, err)
	}
	if got.Status != "ok" {
		t.Errorf("status %q, want ok", got.Status)
	}
	for _, b := range testBranches() {
		if got.Branches[b.ID] != b.State {
			t.Errorf("branch %s: %q, want %q", b.ID, got.Branches[b.ID], b.State)
		}
	}
	if len(got.Branches) != len(testBranches()) {
		t.Errorf("branches %v", got.Branches)
	}

	// Every branch down is still a live process.
	f.status = func(context.Context) []BranchStatus {
		return []BranchStatus{{ID: "pusat", State: "disconnected"}, {ID: "bogor", State: "disconnected"}}
	}
	w = do(t, s, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	wantStatus(t, w, http.StatusOK)
	wantBody(t, w, `{"status":"ok","branches":{"bogor":"disconnected","pusat":"disconnected"}}`)

	// What to do about a branch that is not connected is there too: an outdated kopbot
	// cannot tell its admins on WhatsApp.
	f.status = func(context.Context) []BranchStatus {
		return []BranchStatus{{ID: "pusat", State: "outdated", Detail: "upgrade kopbot"}, {ID: "bogor", State: "connected", Detail: "fine"}}
	}
	w = do(t, s, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	wantBody(t, w, `{"status":"ok","branches":{"bogor":"connected","pusat":"outdated"},"details":{"pusat":"upgrade kopbot"}}`)
}

func TestMetrics(t *testing.T) {
	s, _ := newTestServer(t)
	s.Metrics = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		io.WriteString(w, "kopbot_outbox_queued 3\n")
	})

	w := getOK(t, s, "/metrics")
	wantBody(t, w, "kopbot_outbox_queued 3")

	w = do(t, s, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	wantStatus(t, w, http.StatusUnauthorized)
	wantNoBody(t, w, "kopbot_outbox_queued")

	s.Metrics = nil
	wantStatus(t, get(t, s, "/metrics"), http.StatusNotFound)
}

func TestSecurityHeaders(t *testing.T) {
	s, _ := newTestServer(t)
	for _, target := range []string{"/", "/healthz", "/login", "/branches/bogor", "/branches/bogor/qr.png", "/branches/nope", "/no/such/page"} {
		w := get(t, s, target)
		h := w.Header()
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", target, h)
		}
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") ||
			strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: Content-Security-Policy %q", target, csp)
		}
	}
}

func TestStatic(t *testing.T) {
	s, _ := newTestServer(t)
	s.Token = "" // the sign-in and "turned off" pages need their style too
	for target, ct := range map[string]string{"/static/style.css": "text/css", "/static/refresh.js": "text/javascript"} {
		w := do(t, s, httptest.NewRequest(http.MethodGet, target, nil))
		wantStatus(t, w, http.StatusOK)
		if got := w.Header().Get("Content-Type"); !strings.HasPrefix(got, ct) {
			t.Errorf("%s: Content-Type %q", target, got)
		}
	}
}

func TestNoBranches(t *testing.T) {
	s, _ := newTestServer(t)
	s.Branches = nil // no bot wired: pages still answer
	wantBody(t, get(t, s, "/branches"), "No branches are configured.")
	wantStatus(t, get(t, s, "/branches/pusat"), http.StatusNotFound)
	wantBody(t, do(t, s, httptest.NewRequest(http.MethodGet, "/healthz", nil)), `"branches":{}`)
}
