package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestTokenRequired(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct {
		name, method, target, auth string
		want                       int
		location                   string
	}{
		{"page without token goes to sign in", "GET", "/", "", http.StatusSeeOther, "/login?next=%2F"},
		{"branch page without token", "GET", "/branches/bogor", "", http.StatusSeeOther, "/login?next=%2Fbranches%2Fbogor"},
		{"qr without token", "GET", "/branches/bogor/qr.png", "", http.StatusUnauthorized, ""},
		{"metrics without token", "GET", "/metrics", "", http.StatusUnauthorized, ""},
		{"post without token", "POST", "/branches/bogor/pair-phone", "", http.StatusUnauthorized, ""},
		{"wrong bearer", "GET", "/", "Bearer nope", http.StatusUnauthorized, ""},
		{"wrong bearer, qr", "GET", "/branches/bogor/qr.png", "Bearer nope", http.StatusUnauthorized, ""},
		{"token as prefix", "GET", "/", "Bearer " + testToken[:5], http.StatusUnauthorized, ""},
		{"not bearer", "GET", "/", "Basic " + testToken, http.StatusUnauthorized, ""},
		{"right bearer", "GET", "/", "Bearer " + testToken, http.StatusOK, ""},
		{"right bearer, lower case", "GET", "/branches/bogor", "bearer " + testToken, http.StatusOK, ""},
		{"right bearer, qr", "GET", "/branches/bogor/qr.png", "Bearer " + testToken, http.StatusOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.target, nil)
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			w := do(t, s, r)
			wantStatus(t, w, tt.want)
			wantHeader(t, w, "Location", tt.location)
			if tt.want == http.StatusUnauthorized && w.Header().Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
}

func TestNoTokenConfigured(t *testing.T) {
	s, _ := newTestServer(t)
	s.Token = ""
	for _, r := range []*http.Request{
		httptest.NewRequest(http.MethodGet, "/", nil),
		httptest.NewRequest(http.MethodGet, "/login", nil),
		httptest.NewRequest(http.MethodPost, "/login", strings.NewReader("token=")),
		httptest.NewRequest(http.MethodGet, "/branches/bogor", nil),
		httptest.NewRequest(http.MethodGet, "/branches/bogor/qr.png", nil),
		httptest.NewRequest(http.MethodGet, "/metrics", nil),
	} {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Authorization", "Bearer ") // an empty token must not match an empty setting
		w := do(t, s, r)
		if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "KOPBOT_ADMIN_TOKEN") {
			t.Errorf("%s %s: %d %s", r.Method, r.URL, w.Code, w.Body)
		}
	}
}

// login signs in through the form and returns the session cookie.
func login(t *testing.T, s *Server, r *http.Request) *http.Cookie {
	t.Helper()
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := do(t, s, r)
	wantStatus(t, w, http.StatusSeeOther)
	cookies := w.Result().Cookies()
	if len(cookies) != 1 {
		t.Fatalf("cookies %v", cookies)
	}
	return cookies[0]
}

func TestLogin(t *testing.T) {
	s, _ := newTestServer(t)

	w := do(t, s, httptest.NewRequest(http.MethodGet, "/login?next=/branches/bogor", nil))
	wantStatus(t, w, http.StatusOK)
	wantBody(t, w, `<form method="post" action="/login"`, `name="token"`, `value="/branches/bogor"`)

	form := url.Values{"token": {testToken}, "next": {"/branches/bogor"}}
	r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w = do(t, s, r)
	wantStatus(t, w, http.StatusSeeOther)
	wantHeader(t, w, "Location", "/branches/bogor")
	c := w.Result().Cookies()[0]
	if c.Name != "kopbot_admin" || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Secure {
		t.Errorf("cookie %+v", c)
	}
	if strings.Contains(c.Value, testToken) {
		t.Error("the cookie holds the token itself")
	}

	// The cookie opens every page.
	for _, target := range []string{"/", "/branches/bogor", "/branches/bogor/qr.png"} {
		r := httptest.NewRequest(http.MethodGet, target, nil)
		r.AddCookie(c)
		wantStatus(t, do(t, s, r), http.StatusOK)
	}
	r = httptest.NewRequest(http.MethodGet, "/", nil)
	r.AddCookie(c)
	wantBody(t, do(t, s, r), `action="/logout"`)

	// Signed in, the sign-in page moves on.
	r = httptest.NewRequest(http.MethodGet, "/login", nil)
	r.AddCookie(c)
	wantStatus(t, do(t, s, r), http.StatusSeeOther)

	// A week later it has expired.
	s.Now = func() time.Time { return testNow.Add(8 * 24 * time.Hour) }
	r = httptest.NewRequest(http.MethodGet, "/", nil)
	r.AddCookie(c)
	wantStatus(t, do(t, s, r), http.StatusSeeOther)
	s.Now = func() time.Time { return testNow }

	// A new token ends old sign-ins.
	s.Token = "another-token"
	r = httptest.NewRequest(http.MethodGet, "/", nil)
	r.AddCookie(c)
	wantStatus(t, do(t, s, r), http.StatusSeeOther)
}

func TestLoginOverTLS(t *testing.T) {
	s, _ := newTestServer(t)
	r := httptest.NewRequest(http.MethodPost, "https://example.com/login", strings.NewReader("token="+testToken))
	c := login(t, s, r)
	if !c.Secure {
		t.Errorf("cookie over TLS not Secure: %+v", c)
	}
}

func TestLoginWrongToken(t *testing.T) {
	s, _ := newTestServer(t)
	r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader("token=guess&next=/branches/bogor"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := do(t, s, r)
	wantStatus(t, w, http.StatusUnauthorized)
	wantBody(t, w, "That token is not right", `name="token"`, `value="/branches/bogor"`)
	if len(w.Result().Cookies()) != 0 {
		t.Errorf("cookies %v", w.Result().Cookies())
	}
}

func TestLoginNext(t *testing.T) {
	s, _ := newTestServer(t)
	for next, want := range map[string]string{
		"":                     "/",
		"/branches/bogor":      "/branches/bogor",
		"//evil.example":       "/",
		"/\\evil.example":      "/",
		"/\t/evil.example":     "/",
		"https://evil.example": "/",
	} {
		form := url.Values{"token": {testToken}, "next": {next}}
		r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := do(t, s, r)
		if loc := w.Header().Get("Location"); loc != want {
			t.Errorf("next %q: Location %q, want %q", next, loc, want)
		}
	}
}

func TestForgedCookie(t *testing.T) {
	s, _ := newTestServer(t)
	c := login(t, s, httptest.NewRequest(http.MethodPost, "/login", strings.NewReader("token="+testToken)))
	ts, _, _ := strings.Cut(c.Value, ".")
	for _, v := range []string{"", "1", ts + ".", ts + ".AAAA", "9" + c.Value, testToken} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.AddCookie(&http.Cookie{Name: "kopbot_admin", Value: v})
		if w := do(t, s, r); w.Code != http.StatusSeeOther {
			t.Errorf("cookie %q: status %d", v, w.Code)
		}
	}
}

func TestLogout(t *testing.T) {
	s, _ := newTestServer(t)
	r := httptest.NewRequest(http.MethodPost, "/logout", nil)
	w := do(t, s, r)
	wantStatus(t, w, http.StatusSeeOther)
	wantHeader(t, w, "Location", "/login")
	c := w.Result().Cookies()
	if len(c) != 1 || c[0].Name != "kopbot_admin" || c[0].MaxAge >= 0 || c[0].Value != "" {
		t.Errorf("cookies %+v", c)
	}
}

func TestCrossOriginPost(t *testing.T) {
	s, f := newTestServer(t)
	f.forbidPairPhone(t, "a cross-origin request")
	tests := []struct {
		target string
		header map[string]string
	}{
		{"/branches/bogor/pair-phone", map[string]string{"Origin": "https://evil.example"}},
		{"/branches/bogor/pair-phone", map[string]string{"Origin": "http://example.com.evil.example"}},
		{"/branches/bogor/pair-phone", map[string]string{"Origin": "null"}},
		{"/branches/bogor/pair-phone", map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"/login", map[string]string{"Origin": "https://evil.example"}},
		{"/logout", map[string]string{"Origin": "https://evil.example"}},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodPost, tt.target, strings.NewReader("phone=6281200000001&token="+testToken))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Authorization", "Bearer "+testToken)
		for k, v := range tt.header {
			r.Header.Set(k, v)
		}
		w := do(t, s, r)
		if w.Code != http.StatusForbidden || len(w.Result().Cookies()) != 0 {
			t.Errorf("%s %v: %d %v", tt.target, tt.header, w.Code, w.Result().Cookies())
		}
	}

	// The same host, from a browser, is let through.
	r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader("token="+testToken))
	r.Header.Set("Origin", "http://example.com")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	login(t, s, r)
}
