package web

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
	"golang.org/x/crypto/argon2"
)

const testPassword = "kata-sandi-panjang"

// testHash is testPassword's argon2id hash with the cheapest parameters (the hash carries
// them, and sign-in verifies with the hash's own): the real ones are slow on purpose, and
// these tests sign in hundreds of times, under the race detector too.
var testHash = sync.OnceValue(func() string {
	salt := []byte("kopbot-test-salt")
	key := argon2.IDKey([]byte(testPassword), salt, 1, 64, 1, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=64,t=1,p=1$%s$%s", argon2.Version,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
})

// testSessions holds the admin session of each test server, for get and postForm.
var testSessions sync.Map // *Server -> coop.Session

// addStaff adds a staff account with testPassword (branches need not be set up).
func addStaff(t *testing.T, s *Server, username string, role store.StaffRole, branches ...string) {
	t.Helper()
	ctx := context.Background()
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		return tx.CreateStaff(ctx, store.StaffAccount{Username: username, Name: "Staf " + username, Role: role,
			Branches: branches, PasswordHash: testHash()}, "test")
	})
	if err != nil {
		t.Fatal(err)
	}
}

// signIn starts a session for username as the sign-in form would.
func signIn(t *testing.T, s *Server, username string) coop.Session {
	t.Helper()
	ctx := context.Background()
	var sess coop.Session
	err := s.DB.Update(ctx, func(tx *store.Tx) (err error) {
		sess, err = coop.SignIn(ctx, tx, username, testPassword, "192.0.2.1")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

func testSession(t *testing.T, s *Server) coop.Session {
	t.Helper()
	v, ok := testSessions.Load(s)
	if !ok {
		t.Fatal("no session for this server: make it with newTestServer")
	}
	return v.(coop.Session)
}

func sessionCookie(t *testing.T, s *Server) *http.Cookie {
	t.Helper()
	return &http.Cookie{Name: cookieName, Value: testSession(t, s).Token}
}

// withCSRF is form with the session's CSRF token added.
func withCSRF(form url.Values, csrf string) url.Values {
	f := url.Values{"csrf": {csrf}}
	for k, v := range form {
		f[k] = v
	}
	return f
}

// formPost is a same-origin form POST with sess's cookie (none when sess is zero).
func formPost(target string, form url.Values, sess coop.Session) *http.Request {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Origin", "http://example.com") // httptest's default host
	if sess.Token != "" {
		r.AddCookie(&http.Cookie{Name: cookieName, Value: sess.Token})
	}
	return r
}

func getAs(t *testing.T, s *Server, sess coop.Session, target string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	if sess.Token != "" {
		r.AddCookie(&http.Cookie{Name: cookieName, Value: sess.Token})
	}
	return do(t, s, r)
}

// wildcard is what the security tests put in a route's {name}: a branch, or a number.
var wildcard = regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`)

// staffTargets is every staff route of s (Server.routes, so a new page is in the security
// tests without anyone adding it), as a method and a path to send.
func staffTargets(s *Server) (get, post []staffRoute) {
	for _, rt := range s.routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		path = strings.TrimSuffix(path, "{$}")
		path = wildcard.ReplaceAllStringFunc(path, func(w string) string {
			switch strings.Trim(w, "{}.") {
			case "id", "branch":
				if strings.HasPrefix(path, "/branches/") || strings.Contains(w, "branch") {
					return "bogor"
				}
			case "which":
				return "ktp"
			case "no", "member":
				return "0100001"
			}
			return "1"
		})
		rt.Pattern = path
		if method == http.MethodPost {
			post = append(post, rt)
		} else {
			get = append(get, rt)
		}
	}
	return get, post
}

func TestEveryPageNeedsASession(t *testing.T) {
	s, f := newKTPServer(t)
	f.decide = func(context.Context, int64, bool, string) (string, error) {
		t.Error("Decide without a session")
		return "", nil
	}
	pages, forms := staffTargets(s)
	if len(pages) < 5 || len(forms) < 5 {
		t.Fatalf("the routes are %v and %v: the security tests go through too few", pages, forms)
	}
	for _, rt := range pages {
		target := rt.Pattern
		w := getAs(t, s, coop.Session{}, target)
		switch {
		case rt.File:
			wantStatus(t, w, http.StatusUnauthorized)
		default:
			wantStatus(t, w, http.StatusSeeOther)
			wantHeader(t, w, "Location", "/login?next="+url.QueryEscape(target))
		}
	}
	wantStatus(t, getAs(t, s, coop.Session{}, "/metrics"), http.StatusUnauthorized)
	for _, rt := range forms {
		target := rt.Pattern
		w := do(t, s, formPost(target, url.Values{"phone": {"6281200000001"}, "reason": {"Foto KTP buram sekali"}}, coop.Session{}))
		if w.Code != http.StatusUnauthorized {
			t.Errorf("POST %s without a session: %d", target, w.Code)
		}
	}
	// A cookie that is no session is none.
	w := getAs(t, s, coop.Session{Token: "forged"}, "/")
	wantStatus(t, w, http.StatusSeeOther)
}

func TestEveryFormNeedsTheCSRFToken(t *testing.T) {
	s, f := newKTPServer(t)
	f.decide = func(context.Context, int64, bool, string) (string, error) {
		t.Error("Decide without the CSRF token")
		return "", nil
	}
	sess := testSession(t, s)
	other := signIn(t, s, "admin") // another browser of the same staff member
	_, forms := staffTargets(s)
	for _, rt := range forms {
		target := rt.Pattern
		form := url.Values{"phone": {"6281200000001"}, "reason": {"Foto KTP buram sekali"}, "lang": {"en"}}
		for name, f := range map[string]url.Values{"none": form, "wrong": withCSRF(form, "nope"), "another session's": withCSRF(form, other.CSRF)} {
			if w := do(t, s, formPost(target, f, sess)); w.Code != http.StatusForbidden {
				t.Errorf("POST %s with %s CSRF token: %d", target, name, w.Code)
			}
		}
	}
	// Another site's page is refused even with the token (net/http's CrossOriginProtection).
	r := formPost("/ktp/1/approve", withCSRF(nil, sess.CSRF), sess)
	r.Header.Set("Origin", "https://evil.example")
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	wantStatus(t, do(t, s, r), http.StatusForbidden)
	// The session is still good: nothing above signed it out.
	wantStatus(t, get(t, s, "/"), http.StatusOK)
}

func TestRoleAndBranchRefused(t *testing.T) {
	s, f := newKTPServer(t)
	f.decide = func(context.Context, int64, bool, string) (string, error) {
		t.Error("Decide by a teller")
		return "", nil
	}
	s.Branches.(*fakeBranches).forbidPairPhone(t, "a teller or another branch's manager")
	addStaff(t, s, "tari", store.RoleTeller, "pusat")
	addStaff(t, s, "mira", store.RoleManager, "pusat")
	teller, manager := signIn(t, s, "tari"), signIn(t, s, "mira")

	// A teller: their branch, yes; another branch, 403; a manager's page or form, 403.
	wantStatus(t, getAs(t, s, teller, "/branches/pusat"), http.StatusOK)
	wantStatus(t, getAs(t, s, teller, "/branches/bogor"), http.StatusForbidden)
	wantStatus(t, getAs(t, s, teller, "/branches/bogor/qr.png"), http.StatusForbidden)
	wantStatus(t, getAs(t, s, teller, "/audit"), http.StatusForbidden)
	wantStatus(t, getAs(t, s, teller, "/metrics"), http.StatusForbidden)
	for _, target := range []string{"/branches/pusat/pair-phone", "/ktp/1/approve"} {
		w := do(t, s, formPost(target, withCSRF(url.Values{"phone": {"6281200000001"}}, teller.CSRF), teller))
		wantStatus(t, w, http.StatusForbidden)
	}
	// Every page and form above a teller's role answers 403, whatever it is about.
	pages, forms := staffTargets(s)
	for i, rt := range slices.Concat(pages, forms) {
		if rt.Role.Rank() <= store.RoleTeller.Rank() {
			continue
		}
		r := formPost(rt.Pattern, withCSRF(url.Values{"phone": {"6281200000001"}, "reason": {"Foto KTP buram sekali"}}, teller.CSRF), teller)
		if i < len(pages) {
			r = httptest.NewRequest(http.MethodGet, rt.Pattern, nil)
			r.AddCookie(&http.Cookie{Name: cookieName, Value: teller.Token})
		}
		if w := do(t, s, r); w.Code != http.StatusForbidden {
			t.Errorf("%s %s as a teller: %d, want 403", r.Method, rt.Pattern, w.Code)
		}
	}

	// The branches page lists their branch only.
	w := getAs(t, s, teller, "/branches")
	wantBody(t, w, "Kantor Pusat")
	wantNoBody(t, w, "Cabang Bogor")

	// A manager of pusat: the audit log of pusat, not of bogor; no branch of another.
	wantStatus(t, getAs(t, s, manager, "/audit"), http.StatusOK)
	wantStatus(t, getAs(t, s, manager, "/audit?branch=bogor"), http.StatusForbidden)
	w = do(t, s, formPost("/branches/bogor/pair-phone", withCSRF(url.Values{"phone": {"6281200000001"}}, manager.CSRF), manager))
	wantStatus(t, w, http.StatusForbidden)
}

// signInForm posts the sign-in form.
func signInForm(t *testing.T, s *Server, username, password string) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, s, formPost("/login", url.Values{"username": {username}, "password": {password}, "next": {"/ktp"}}, coop.Session{}))
}

func TestSignIn(t *testing.T) {
	s, _ := newTestServer(t)
	w := signInForm(t, s, "admin", testPassword)
	wantStatus(t, w, http.StatusSeeOther)
	wantHeader(t, w, "Location", "/ktp")
	c := w.Result().Cookies()
	if len(c) != 1 || c[0].Name != cookieName || !c[0].HttpOnly || c[0].SameSite != http.SameSiteStrictMode || len(c[0].Value) < 40 {
		t.Fatalf("cookies %+v", c)
	}
	wantStatus(t, getAs(t, s, coop.Session{Token: c[0].Value}, "/"), http.StatusOK)

	// A wrong password and an unknown username read the same.
	wrong, unknown := signInForm(t, s, "admin", "not-the-password"), signInForm(t, s, "nobody", testPassword)
	wantStatus(t, wrong, http.StatusUnauthorized)
	wantStatus(t, unknown, http.StatusUnauthorized)
	if a, b := wrong.Body.String(), strings.ReplaceAll(unknown.Body.String(), "nobody", "admin"); a != b {
		t.Errorf("a wrong password and an unknown user answer differently:\n%s\n----\n%s", a, b)
	}
	wantBody(t, wrong, "Nama pengguna dan kata sandi tidak cocok")
}

func TestLockout(t *testing.T) {
	s, _ := newTestServer(t)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s.DB.Now = func() time.Time { return now }
	for i := range coop.LockAfter {
		wantStatus(t, signInForm(t, s, "admin", "wrong guess "+string(rune('a'+i))), http.StatusUnauthorized)
	}
	// Locked: the right password does not get in, and reads as any failure.
	w := signInForm(t, s, "admin", testPassword)
	wantStatus(t, w, http.StatusUnauthorized)
	wantBody(t, w, "Nama pengguna dan kata sandi tidak cocok")
	// After the lock, it does.
	now = now.Add(coop.LockFor + time.Second)
	wantStatus(t, signInForm(t, s, "admin", testPassword), http.StatusSeeOther)
}

func TestSignOutEndsTheSession(t *testing.T) {
	s, _ := newTestServer(t)
	sess := testSession(t, s)
	w := do(t, s, formPost("/logout", withCSRF(nil, sess.CSRF), sess))
	wantStatus(t, w, http.StatusSeeOther)
	wantHeader(t, w, "Location", "/login")
	if c := w.Result().Cookies(); len(c) != 1 || c[0].MaxAge >= 0 {
		t.Errorf("cookies %+v", c)
	}
	// The token is dead on the server, not only forgotten by the browser.
	wantStatus(t, getAs(t, s, sess, "/"), http.StatusSeeOther)
}

func TestExpiredSessionRefused(t *testing.T) {
	s, _ := newTestServer(t)
	now := time.Now()
	s.DB.Now = func() time.Time { return now }
	sess := signIn(t, s, "admin")
	now = now.Add(coop.SessionIdle - time.Minute)
	wantStatus(t, getAs(t, s, sess, "/"), http.StatusOK) // used: the idle clock starts again
	now = now.Add(coop.SessionIdle + time.Minute)
	wantStatus(t, getAs(t, s, sess, "/"), http.StatusSeeOther)

	// Used every few hours, a session still ends a week after sign-in.
	sess = signIn(t, s, "admin")
	for range coop.SessionMax / (6 * time.Hour) {
		now = now.Add(6 * time.Hour)
		getAs(t, s, sess, "/")
	}
	now = now.Add(6 * time.Hour)
	wantStatus(t, getAs(t, s, sess, "/"), http.StatusSeeOther)
}

func TestDisablingEndsSessions(t *testing.T) {
	s, _ := newTestServer(t)
	addStaff(t, s, "tari", store.RoleTeller, "pusat")
	sess := signIn(t, s, "tari")
	ctx := context.Background()
	if err := s.DB.Update(ctx, func(tx *store.Tx) error { return coop.DisableStaff(ctx, tx, "tari", coop.StaffAccount("admin")) }); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, getAs(t, s, sess, "/"), http.StatusSeeOther)
	wantStatus(t, signInForm(t, s, "tari", testPassword), http.StatusUnauthorized)
}

func TestSetup(t *testing.T) {
	s, _ := newTestServer(t)
	first := url.Values{"token": {testToken}, "username": {"ani"}, "name": {"Ani Wijaya"}, "password": {"panjang-sekali-1"}, "password2": {"panjang-sekali-1"}}
	// Staff exist already (newTestServer's admin): closed, whatever the token.
	wantStatus(t, do(t, s, formPost("/setup", first, coop.Session{})), http.StatusForbidden)

	s, _ = newTestServer(t)
	s.DB = storetest.Open(t)
	wantStatus(t, getAs(t, s, coop.Session{}, "/login"), http.StatusSeeOther) // no staff yet: to /setup
	bad := withCSRF(first, "")
	bad.Set("token", "nope")
	wantStatus(t, do(t, s, formPost("/setup", bad, coop.Session{})), http.StatusUnauthorized)
	w := do(t, s, formPost("/setup", first, coop.Session{}))
	wantStatus(t, w, http.StatusSeeOther)
	c := w.Result().Cookies()
	if len(c) != 1 {
		t.Fatalf("cookies %+v", c)
	}
	wantBody(t, getAs(t, s, coop.Session{Token: c[0].Value}, "/"), "Ani Wijaya")
	// Once is all.
	second := withCSRF(first, "")
	second.Set("username", "budi")
	wantStatus(t, do(t, s, formPost("/setup", second, coop.Session{})), http.StatusForbidden)
}

func TestLanguageChoice(t *testing.T) {
	s, _ := newTestServer(t)
	sess := testSession(t, s)
	wantBody(t, getIn(t, s, "", "/audit"), "Log audit", "Keluar")
	w := do(t, s, formPost("/language", withCSRF(url.Values{"lang": {"en"}, "next": {"/audit"}}, sess.CSRF), sess))
	wantStatus(t, w, http.StatusSeeOther)
	wantHeader(t, w, "Location", "/audit")
	wantBody(t, getAs(t, s, sess, "/audit"), "Audit log", "Sign out")
}

func TestAuditPage(t *testing.T) {
	s, _ := newTestServer(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC) // 10:00 WIB
	s.DB.Now = func() time.Time { return at }
	for _, e := range []store.AuditEntry{
		{Actor: "staff:mira", Action: "ktp.approve", Subject: "KTP-000001", Branch: "pusat", Via: "web", Origin: "192.0.2.7"},
		{Actor: "wa:6281299990099", Action: "application.approve", Subject: "REG-000002", Branch: "bogor", Via: "whatsapp", Origin: "6281299990099"},
	} {
		if err := s.DB.Update(ctx, func(tx *store.Tx) error { return tx.AddAudit(ctx, e) }); err != nil {
			t.Fatal(err)
		}
	}
	// An admin sees every branch, and filters by staff member and day.
	wantBody(t, get(t, s, "/audit"), "KTP-000001", "REG-000002", "192.0.2.7")
	w := get(t, s, "/audit?staff=mira")
	wantBody(t, w, "KTP-000001")
	wantNoBody(t, w, "REG-000002")
	wantNoBody(t, get(t, s, "/audit?from=2026-03-02"), "KTP-000001", "REG-000002")
	wantBody(t, get(t, s, "/audit?from=x"), "2026-12-01")

	// A manager of pusat sees pusat's only.
	addStaff(t, s, "mira", store.RoleManager, "pusat")
	w = getAs(t, s, signIn(t, s, "mira"), "/audit")
	wantBody(t, w, "KTP-000001")
	wantNoBody(t, w, "REG-000002")
}

func TestMetricsForAScraper(t *testing.T) {
	s, _ := newTestServer(t)
	s.Metrics = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("kopbot_outbox_queued 3\n")) })
	const scraper = "m3trics-t0ken"
	s.MetricsToken = scraper
	for auth, want := range map[string]int{"Bearer " + scraper: http.StatusOK, "Bearer nope": http.StatusUnauthorized,
		"Basic " + scraper: http.StatusUnauthorized, "Bearer " + scraper[:5]: http.StatusUnauthorized,
		"Bearer " + testToken: http.StatusUnauthorized} { // the admin token is for /setup only
		r := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		r.Header.Set("Authorization", auth)
		if w := do(t, s, r); w.Code != want {
			t.Errorf("%q: %d, want %d", auth, w.Code, want)
		}
	}
	// Neither token opens a page.
	for _, token := range []string{scraper, testToken} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Authorization", "Bearer "+token)
		wantStatus(t, do(t, s, r), http.StatusSeeOther)
	}
}
