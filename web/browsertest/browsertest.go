// Package browsertest drives kopbot's web pages in a real browser for tests: Debian's
// chromium through chromedp, headless, one browser per test binary (started at the first
// test that needs it, closed by Main), and a fresh browser context (cookies of its own) per
// page. A test opens a Page on a handler (kopbot's real web.Server), signs in, clicks,
// fills forms, waits for text and keeps a full-page screenshot of each page it sees.
//
// Without chromium a test skips, except in CI (CI set), where that is a failure: CI
// installs chromium (.ci/run). Under the race detector they skip (CI runs them without it). Screenshots go to $KOPBOT_ARTEFACTS/screenshots, else to
// web/testdata/screenshots in the module (ignored by git); each test logs their paths.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Timeout bounds each step: a page that has not shown what a test waits for by then never will.
const Timeout = 20 * time.Second

// browsers are the names chromedp looks for, Debian's first.
var browsers = []string{"chromium", "chromium-browser", "google-chrome", "headless_shell"}

// shared is the test binary's one browser.
var shared struct {
	once   sync.Once
	ctx    context.Context // a browser context whose first tab started the browser
	cancel context.CancelFunc
	err    error
}

// Main runs a package's tests, then closes the browser they shared:
//
//	func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }
func Main(m *testing.M) int {
	code := m.Run()
	if shared.cancel != nil {
		shared.cancel()
	}
	return code
}

// inCI reports whether the tests run in CI, where a missing browser is a failure.
func inCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "0" && v != "false"
}

// findBrowser returns the browser's path, or skips t (fails it in CI) when there is none.
func findBrowser(t testing.TB) string {
	for _, name := range browsers {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	const why = "chromium is not installed (apt-get install chromium)"
	if inCI() {
		t.Fatal(why + ", and CI must run the browser tests")
	}
	t.Skip(why + ": skipping the browser test")
	return ""
}

// browser starts the shared browser once: flags that work as root in a container.
// Under the race detector the browser tests skip: they run in the plain go test (CI runs
// both), and twice would cost CI a minute while the browser's side has no Go to check.
func browser(t testing.TB) context.Context {
	if underRace {
		t.Skip("browser tests run without the race detector")
	}
	path := findBrowser(t)
	shared.once.Do(func() {
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.NoSandbox,
			chromedp.Flag("headless", "new"),
			chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.WindowSize(1280, 900),
		)
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(alloc)
		shared.ctx = ctx
		shared.cancel = func() { cancel(); cancelAlloc() }
		shared.err = chromedp.Do(ctx) // starts the browser, on a context with no deadline
	})
	if shared.err != nil {
		t.Fatalf("start %s: %v", path, shared.err)
	}
	return shared.ctx
}

// Page is one browser tab on a site under test.
type Page struct {
	t     testing.TB
	ctx   context.Context
	base  string // the site's URL, without a trailing slash
	shots int
}

// Open serves h on a local test server for t and opens a tab on it.
func Open(t testing.TB, h http.Handler) *Page {
	t.Helper()
	browser(t) // skip before starting anything when there is no browser
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return OpenURL(t, srv.URL)
}

// OpenURL opens a tab for t on the site at base, in a browser context of its own (its own cookies).
func OpenURL(t testing.TB, base string) *Page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser(t), chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return &Page{t: t, ctx: ctx, base: strings.TrimSuffix(base, "/")}
}

// do runs steps within Timeout, failing the test with what was being done.
func (p *Page) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("%s (at %s): %v", what, p.location(), err)
	}
}

// Go opens path on the site and waits for the page.
func (p *Page) Go(path string) {
	p.t.Helper()
	p.do("open "+path, chromedp.Navigate(p.base+path), chromedp.WaitReady(chromedp.CSS("body")))
}

// SignIn signs in to the admin pages as a staff member from the sign-in page, and waits
// to be let in.
func (p *Page) SignIn(username, password string) {
	p.t.Helper()
	p.Go("/login")
	p.Fill("#username", username)
	p.Fill("#password", password)
	p.Click(`form[action="/login"] button[type=submit]`)
	p.WaitGone("#password")
}

// Click clicks the element sel (a CSS selector), waiting for it to be visible.
func (p *Page) Click(sel string) {
	p.t.Helper()
	p.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// Fill types value into the form field sel, replacing what it held.
func (p *Page) Fill(sel, value string) {
	p.t.Helper()
	p.do("fill "+sel, chromedp.Clear(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), value))
}

// Select chooses the option whose value is value in the select element sel.
func (p *Page) Select(sel, value string) {
	p.t.Helper()
	p.do("select "+value+" in "+sel, chromedp.SetValue(chromedp.CSS(sel), value))
}

// Wait waits until the element sel is visible.
func (p *Page) Wait(sel string) {
	p.t.Helper()
	p.do("wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
}

// WaitGone waits until no element matches sel (a page left behind after a click).
func (p *Page) WaitGone(sel string) {
	p.t.Helper()
	p.do("wait for "+sel+" to go", chromedp.WaitNotPresent(chromedp.CSS(sel)))
}

// Text returns the visible text of the element sel.
func (p *Page) Text(sel string) string {
	p.t.Helper()
	return run(p, "read the text of "+sel, chromedp.Text(chromedp.CSS(sel)))
}

// run runs one action that gives a value within Timeout, failing the test with what was being done.
func run[T any](p *Page, what string, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.t.Fatalf("%s (at %s): %v", what, p.location(), err)
	}
	return v
}

// WaitText waits until the element sel shows text, through any reloads of the page
// (the branch page reloads itself), and returns all it shows.
func (p *Page) WaitText(sel, text string) string {
	p.t.Helper()
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.innerText : ""; })()`, sel)
	deadline := time.Now().Add(Timeout)
	var seen string
	for {
		ctx, cancel := context.WithTimeout(p.ctx, time.Second)
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		cancel()
		if err == nil {
			seen = s
			if strings.Contains(s, text) {
				return s
			}
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("%s at %s did not show %q within %s; it shows %q", sel, p.location(), text, Timeout, seen)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Path is the page's path and query, as the address bar shows them.
func (p *Page) Path() string {
	p.t.Helper()
	u, err := url.Parse(p.location())
	if err != nil {
		p.t.Fatalf("the page's address: %v", err)
	}
	return u.RequestURI()
}

func (p *Page) location() string {
	ctx, cancel := context.WithTimeout(p.ctx, 2*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "an unknown page"
	}
	return loc
}

// Element returns a screenshot (PNG) of the element sel, as the browser draws it.
func (p *Page) Element(sel string) []byte {
	p.t.Helper()
	return run(p, "screenshot of "+sel, chromedp.Screenshot(chromedp.CSS(sel)))
}

// Screenshot keeps a full-page screenshot of what the page shows now, named after the
// test and name, and returns its path.
func (p *Page) Screenshot(name string) string {
	p.t.Helper()
	png := run(p, "screenshot "+name, chromedp.FullScreenshot(100))
	dir, err := Dir()
	if err != nil {
		p.t.Fatal(err)
	}
	p.shots++
	path := filepath.Join(dir, fmt.Sprintf("%s-%02d-%s.png", fileName(p.t.Name()), p.shots, fileName(name)))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatalf("keep screenshot: %v", err)
	}
	p.t.Logf("screenshot: %s", path)
	return path
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func fileName(s string) string { return unsafeChars.ReplaceAllString(s, "_") }

// Dir is where screenshots are kept, made if missing: $KOPBOT_ARTEFACTS/screenshots, else
// web/testdata/screenshots in the module.
func Dir() (string, error) {
	var dir string
	if a := os.Getenv("KOPBOT_ARTEFACTS"); a != "" {
		dir = filepath.Join(a, "screenshots")
	} else {
		root, err := moduleRoot()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(root, "web", "testdata", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("make the screenshot directory: %w", err)
	}
	return dir, nil
}

// moduleRoot finds the directory of go.mod from the test's working directory (its package's).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the test's directory: set KOPBOT_ARTEFACTS")
		}
		dir = parent
	}
}
