package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestBranchesPage(t *testing.T) {
	s, _ := newTestServer(t)
	w := getOK(t, s, "/branches")
	wantHeader(t, w, "Content-Type", "text/html; charset=utf-8")
	wantBody(t, w,
		`<meta name="viewport"`,
		`<a href="/branches/pusat">Kantor Pusat</a> <span class="muted">pusat</span>`,
		`<span class="badge ok">Connected</span>`,
		"Connected: members&#39; messages are being answered (since 2026-03-02 08:15, number &#43;6281200000099)",
		`<span class="badge todo">Not paired</span>`,
		"Not paired yet: scan the QR code",
		"Connecting to WhatsApp",
		"kopbot is reconnecting by itself",
		"The phone removed this device: pair again",
		"WhatsApp has temporarily blocked sending until 2026-03-03 12:00",
		"Another kopbot took over this number: stop the other one, then restart",
		"upgrade kopbot (meanwhile it retries every hour)",
		"Stopped: kopbot is not running this branch",
		"&#43;6281200000099",
		"2026-03-02 08:15", // Since, in the server's zone
		`3 queued, <span class="failed">2 failed</span>`,
		// What went wrong technically is there, folded away.
		"<details class=\"muted\"><summary>Technical detail</summary><div>Last failure: server returned error 479</div></details>",
		`<a class="button" href="/branches/bogor">Pair</a>`,
		`<a class="button" href="/branches/pusat">Open</a>`,
		"As of 2026-03-02 09:30; times are WIB (UTC&#43;07:00).",
	)
	// Nobody needs to watch this page reload.
	wantNoBody(t, w, "refresh")
}

func TestBranchesPageEscapes(t *testing.T) {
	s, f := newTestServer(t)
	f.status = func(context.Context) []BranchStatus {
		return []BranchStatus{{ID: "a b", Name: "<b>Bold</b>", State: "weird", Detail: `<script>alert(1)</script>`, LastFailure: `"quoted" & <tag>`}}
	}
	w := getOK(t, s, "/branches")
	wantBody(t, w, "&lt;b&gt;Bold&lt;/b&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;", "&#34;quoted&#34; &amp; &lt;tag&gt;",
		`href="/branches/a%20b"`, "Unknown state &#34;weird&#34;")
	wantNoBody(t, w, "<script>alert", "<b>Bold")
}

func TestBranchPageQR(t *testing.T) {
	s, _ := newTestServer(t)
	w := getOK(t, s, "/branches/bogor")
	wantBody(t, w,
		"<h1>Cabang Bogor",
		"Not paired yet: scan the QR code",
		`<img class="qr" src="/branches/bogor/qr.png?t=`,
		"<li>Open WhatsApp on the branch phone.</li>",
		"then Linked devices.</li>", "<li>Tap Link a device.</li>",
		"Point the phone&#39;s camera at this QR code",
		// Reloads itself so the rotating code shows, and by script only while nobody types.
		`<script src="/static/refresh.js" defer></script>`,
		`<noscript><meta http-equiv="refresh" content="5; url=?auto=1"></noscript>`,
		// The other way to pair.
		`<form method="post" action="/branches/bogor/pair-phone">`, `name="phone"`,
	)
}

func TestBranchPageWithoutQR(t *testing.T) {
	s, _ := newTestServer(t)

	w := getOK(t, s, "/branches/pusat")
	wantBody(t, w, "<h1>Kantor Pusat", `<span class="badge ok">Connected</span>`, "&#43;6281200000099",
		"2026-03-02 08:15", "3 queued", "server returned error 479", "remove this device on the branch phone")
	wantNoBody(t, w, "<img", "qr.png", "refresh", "pair-phone")

	// Connecting, no code yet: waits and reloads, and offers the phone code.
	w = getOK(t, s, "/branches/depok")
	wantBody(t, w, "Waiting for WhatsApp to give a QR code", `http-equiv="refresh"`, "/branches/depok/pair-phone")
	wantNoBody(t, w, "<img")
}

func TestOpeningTheBranchPageWakesPausedQRCodes(t *testing.T) {
	s, f := newTestServer(t)
	var asked []string
	f.wantQR = func(branch string) { asked = append(asked, branch) }
	f.status = func(context.Context) []BranchStatus {
		return []BranchStatus{{ID: "bogor", Name: "Cabang Bogor", State: "unpaired", QRPaused: true,
			Detail: "Not paired. QR codes paused after 3 unscanned rounds."}}
	}
	// The page's own reloads do not count as someone asking: an abandoned tab lets codes pause.
	w := getOK(t, s, "/branches/bogor?auto=1")
	wantBody(t, w, "QR codes paused after 3 unscanned rounds", `<a class="button" href="/branches/bogor">Show QR code</a>`)
	wantNoBody(t, w, "refresh", "<img")
	if len(asked) != 0 {
		t.Errorf("a reload by the page itself asked for codes: %q", asked)
	}
	// A person opening it (or pressing Show QR code) does, and the page reloads to show them.
	w = getOK(t, s, "/branches/bogor")
	wantBody(t, w, `<script src="/static/refresh.js" defer></script>`)
	if len(asked) != 1 || asked[0] != "bogor" {
		t.Errorf("WantQR calls %q, want one for bogor", asked)
	}
}

func TestUnknownBranch(t *testing.T) {
	s, f := newTestServer(t)
	f.forbidPairPhone(t, "an unknown branch")
	w := get(t, s, "/branches/nope")
	wantStatus(t, w, http.StatusNotFound)
	wantBody(t, w, "No such branch", `There is no branch &#34;nope&#34;`)
	wantStatus(t, postForm(t, s, "/branches/nope/pair-phone", url.Values{"phone": {"6281200000001"}}), http.StatusNotFound)
	wantStatus(t, get(t, s, "/branches/nope/qr.png"), http.StatusNotFound)
}

// inputError is how the bot marks a number WhatsApp refused.
type inputError struct{ msg string }

func (e inputError) Error() string      { return e.msg }
func (e inputError) InvalidInput() bool { return true }

func TestPairPhone(t *testing.T) {
	s, f := newTestServer(t)
	var gotBranch, gotPhone string
	f.pairPhone = func(ctx context.Context, branch, phone string) (string, error) {
		gotBranch, gotPhone = branch, phone
		return "abcdefgh", nil
	}
	w := postForm(t, s, "/branches/bogor/pair-phone", url.Values{"phone": {" +62 812-0000-0001 "}})
	wantStatus(t, w, http.StatusOK)
	if gotBranch != "bogor" || gotPhone != "+62 812-0000-0001" {
		t.Errorf("PairPhone(%q, %q)", gotBranch, gotPhone)
	}
	wantBody(t, w,
		`<p class="code">ABCD-EFGH</p>`,
		"Pairing code for Cabang Bogor",
		"<li>Open WhatsApp on the branch phone (&#43;62 812-0000-0001).</li>",
		"then Linked devices, then Link a device.</li>",
		"<li>Tap Link with phone number instead.</li>", "<li>Enter the code above.</li>",
	)
	// The code must stay on screen.
	wantNoBody(t, w, "refresh")

	for code, want := range map[string]string{"ABCD-EFGH": "ABCD-EFGH", "WXYZ 2345": "WXYZ-2345", "ODD": "ODD"} {
		f.pairPhone = func(context.Context, string, string) (string, error) { return code, nil }
		wantBody(t, postForm(t, s, "/branches/bogor/pair-phone", url.Values{"phone": {"6281200000001"}}),
			`<p class="code">`+want+`</p>`)
	}
}

func TestPairPhoneErrors(t *testing.T) {
	s, f := newTestServer(t)
	called := false
	f.pairPhone = func(context.Context, string, string) (string, error) {
		called = true
		return "", nil
	}
	for _, phone := range []string{"", "   ", "0812abc", "12345", "1234567890123456"} {
		w := postForm(t, s, "/branches/bogor/pair-phone", url.Values{"phone": {phone}})
		wantStatus(t, w, http.StatusBadRequest)
		wantBody(t, w, `<p class="error" role="alert">`, "for example 6281234567890", `name="phone"`)
		wantNoBody(t, w, "refresh") // reloading would send the form again
	}
	if called {
		t.Error("PairPhone called for a number that is plainly wrong")
	}

	f.pairPhone = func(context.Context, string, string) (string, error) {
		return "", inputError{"phone number is not in international format"}
	}
	w := postForm(t, s, "/branches/bogor/pair-phone", url.Values{"phone": {"081200000001"}})
	wantStatus(t, w, http.StatusBadRequest)
	wantBody(t, w, "WhatsApp did not take that number: phone number is not in international format", `value="081200000001"`)

	f.pairPhone = func(context.Context, string, string) (string, error) {
		return "", errors.New("pair bogor by phone: websocket not connected")
	}
	w = postForm(t, s, "/branches/bogor/pair-phone", url.Values{"phone": {"6281200000001"}})
	wantStatus(t, w, http.StatusInternalServerError)
	wantBody(t, w, "Getting a pairing code failed on this server; see its log.",
		"<summary>Technical detail</summary><p>pair bogor by phone: websocket not connected</p>",
		`value="6281200000001"`, "<h1>Cabang Bogor")
}

func TestTimesInServerZone(t *testing.T) {
	s, f := newTestServer(t)
	wita := time.FixedZone("WITA", 8*60*60)
	s.Now = func() time.Time { return testNow.In(wita) }
	f.status = func(context.Context) []BranchStatus {
		return []BranchStatus{{ID: "garut", Name: "Garut", State: "banned", Since: time.Date(2026, 3, 2, 1, 15, 0, 0, time.UTC),
			BannedUntil: time.Date(2026, 3, 3, 5, 0, 0, 0, time.UTC)}}
	}
	w := get(t, s, "/branches/garut")
	wantBody(t, w, "until 2026-03-03 13:00", "2026-03-02 09:15")
	if strings.Contains(w.Body.String(), "12:00") {
		t.Error("time not in the server's zone")
	}
}

// The pages speak Bahasa Indonesia unless the staff member chose English, and say a server
// without internet in plain words, with the Go error folded away.
func TestBranchPageInPlainIndonesian(t *testing.T) {
	s, f := newTestServer(t)
	f.status = func(context.Context) []BranchStatus {
		return []BranchStatus{{ID: "bogor", Name: "Cabang Bogor", State: "unpaired", Problem: "unreachable",
			Detail: "Not paired, and no QR code can be had: cannot reach WhatsApp: dial tcp: lookup web.whatsapp.com: no such host. Trying again in 4s."}}
	}
	w := getIn(t, s, "", "/branches/bogor")
	wantBody(t, w, `<html lang="id">`, `<span class="badge bad">Tanpa koneksi</span>`,
		"Server ini tidak bisa menghubungi WhatsApp: periksa koneksi internetnya.",
		"<details class=\"muted\"><summary>Detail teknis</summary><p>Not paired, and no QR code can be had: cannot reach WhatsApp: dial tcp: lookup web.whatsapp.com: no such host.",
		`<button type="submit" name="lang" value="en" lang="en" class="quiet">English</button>`)
	wantNoBody(t, w, "Menunggu kode QR") // no code is coming while WhatsApp cannot be reached

	w = get(t, s, "/branches/bogor")
	wantBody(t, w, `<html lang="en">`, "This server cannot reach WhatsApp: check its internet connection.")

	// A phone code asked for meanwhile says so, and WhatsApp is not asked.
	f.forbidPairPhone(t, "a branch that cannot reach WhatsApp")
	w = postForm(t, s, "/branches/bogor/pair-phone", url.Values{"phone": {"6281200000001"}})
	wantStatus(t, w, http.StatusServiceUnavailable)
	wantBody(t, w, "This server cannot reach WhatsApp: check its internet connection. A pairing code can be had once it is connected.",
		"<summary>Technical detail</summary><p>Not paired, and no QR code can be had")
	wantNoBody(t, w, "did not take that number")
	// Its language button goes back to the branch page, not to the form's address.
	wantBody(t, w, `<input type="hidden" name="next" value="/branches/bogor">`)
}

// unreachableError is how the bot marks a request that never reached WhatsApp.
type unreachableError struct{ msg string }

func (e unreachableError) Error() string     { return e.msg }
func (e unreachableError) Unreachable() bool { return true }

func TestPairPhoneWhenWhatsAppDropsMeanwhile(t *testing.T) {
	s, f := newTestServer(t)
	f.pairPhone = func(context.Context, string, string) (string, error) {
		return "", unreachableError{"cannot reach WhatsApp: websocket not connected"}
	}
	w := postForm(t, s, "/branches/bogor/pair-phone", url.Values{"phone": {"6281200000001"}})
	wantStatus(t, w, http.StatusServiceUnavailable)
	wantBody(t, w, "This server cannot reach WhatsApp", "<p>cannot reach WhatsApp: websocket not connected</p>")
	wantNoBody(t, w, "did not take that number")
}
