package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// fakeKTP stands in for the store and flows behind the KTP review page.
type fakeKTP struct {
	waiting func(ctx context.Context) ([]KTPReview, error)
	photo   func(ctx context.Context, id int64, selfie bool) (string, error)
	decide  func(ctx context.Context, id int64, approve bool, reason string) (string, error)
}

var _ KTPReviews = (*fakeKTP)(nil)

func (f *fakeKTP) Waiting(ctx context.Context, _ string) ([]KTPReview, error) { return f.waiting(ctx) }

func (f *fakeKTP) Photo(ctx context.Context, id int64, selfie bool) (string, error) {
	if f.photo == nil {
		panic("Photo called unexpectedly")
	}
	return f.photo(ctx, id, selfie)
}

func (f *fakeKTP) Decide(ctx context.Context, id int64, approve bool, reason string, _ coop.Actor) (string, error) {
	if f.decide == nil {
		panic("Decide called unexpectedly")
	}
	return f.decide(ctx, id, approve, reason)
}

// testKTPReviews is one verification for staff and one still with the aggregator.
func testKTPReviews() []KTPReview {
	return []KTPReview{
		{ID: 1, No: "KTP-000001", Branch: "pusat", Status: store.KTPReview, MemberName: "Budi Santoso", MemberNo: "01.00001",
			MemberPhone: "6281200000001", NIK: "3204********0001", Name: "BUDI SANTOSO",
			BirthDate: time.Date(1990, 8, 17, 0, 0, 0, 0, time.UTC), SentAt: time.Date(2026, 3, 2, 1, 15, 0, 0, time.UTC),
			Note: "Dukcapil: name, birth date did not match", KTPPhoto: true, SelfiePhoto: true, Attempts: 1},
		{ID: 2, No: "KTP-000002", Branch: "pusat", Status: store.KTPChecking, MemberName: "Siti Aminah", MemberNo: "01.00002",
			MemberPhone: "6281200000002", NIK: "3204********0002", Name: "SITI AMINAH",
			BirthDate: time.Date(1992, 1, 5, 0, 0, 0, 0, time.UTC), SentAt: time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC),
			KTPPhoto: true, Attempts: 2},
	}
}

func newKTPServer(t *testing.T) (*Server, *fakeKTP) {
	t.Helper()
	s, _ := newTestServer(t)
	f := &fakeKTP{waiting: func(context.Context) ([]KTPReview, error) { return testKTPReviews(), nil }}
	s.KTP = f
	return s, f
}

func TestKTPPage(t *testing.T) {
	s, _ := newKTPServer(t)
	w := getOK(t, s, "/ktp")
	wantBody(t, w,
		"KTP-000001", "Budi Santoso", "No. 01.00001", "&#43;6281200000001",
		"3204********0001", "BUDI SANTOSO", "1990-08-17",
		"2026-03-02 08:15", // sent, in the server's zone
		"Dukcapil: name, birth date did not match",
		`<img src="/ktp/1/photo/ktp"`, `<img src="/ktp/1/photo/selfie"`, `<a href="/ktp/1/photo/ktp">`,
		`<form method="post" action="/ktp/1/approve"`,
		`<form method="post" action="/ktp/1/reject"`, `name="reason"`,
		// Still with the aggregator: listed, without actions.
		"Waiting for Dukcapil", "KTP-000002", "Siti Aminah", "3204********0002",
	)
	wantNoBody(t, w, "/ktp/2/approve", "/ktp/2/reject", "/ktp/2/photo", "refresh", "<script")
}

func TestKTPPageFlash(t *testing.T) {
	s, _ := newKTPServer(t)
	wantBody(t, get(t, s, "/ktp?approved=KTP-000003"), `<p class="done" role="status">KTP-000003 is verified`)
	wantBody(t, get(t, s, "/ktp?rejected=KTP-000003"), `<p class="done" role="status">KTP-000003 is rejected`)
	// Only a verification number is echoed.
	w := get(t, s, "/ktp?approved="+url.QueryEscape("<b>Anything you like</b>"))
	wantNoBody(t, w, "Anything you like", `class="done"`)
}

func TestKTPPageEmptyAndUnavailable(t *testing.T) {
	s, f := newKTPServer(t)
	f.waiting = func(context.Context) ([]KTPReview, error) { return nil, nil }
	w := getOK(t, s, "/ktp")
	wantBody(t, w, "Nothing is waiting for staff.")
	wantNoBody(t, w, "Waiting for Dukcapil", "<form method=\"post\" action=\"/ktp")

	f.waiting = func(context.Context) ([]KTPReview, error) {
		return nil, errors.New("list KTP verifications: disk I/O error")
	}
	w = get(t, s, "/ktp")
	wantStatus(t, w, http.StatusInternalServerError)
	wantBody(t, w, "disk I/O error")

	s.KTP = nil
	w = getOK(t, s, "/ktp")
	wantBody(t, w, "KTP review is not available")
	wantStatus(t, postForm(t, s, "/ktp/1/approve", nil), http.StatusServiceUnavailable)
	wantStatus(t, get(t, s, "/ktp/1/photo/ktp"), http.StatusNotFound)
}

func TestKTPNav(t *testing.T) {
	s, _ := newKTPServer(t)
	wantBody(t, get(t, s, "/"), `<a href="/ktp">`)
}

// jpegHead starts like a JPEG file, enough for content sniffing.
var jpegHead = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00 and the rest of a photo")

func TestKTPPhoto(t *testing.T) {
	s, f := newKTPServer(t)
	dir := t.TempDir()
	s.Office = &coop.Office{DB: s.DB, Now: s.Now, Language: "id", Location: time.UTC, MediaDir: dir}
	ktpFile, selfieFile, textFile, emptyFile := filepath.Join(dir, "ktp.jpg"), filepath.Join(dir, "selfie.bin"),
		filepath.Join(dir, "page.jpg"), filepath.Join(dir, "empty.jpg")
	for name, body := range map[string][]byte{ktpFile: jpegHead, selfieFile: append([]byte("\x89PNG\r\n\x1a\n"), jpegHead...),
		textFile: []byte("<html><script>alert(1)</script></html>"), emptyFile: nil} {
		if err := os.WriteFile(name, body, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	type call struct {
		id     int64
		selfie bool
	}
	var calls []call
	f.photo = func(_ context.Context, id int64, selfie bool) (string, error) {
		calls = append(calls, call{id, selfie})
		switch {
		case id == 1 && !selfie:
			return ktpFile, nil
		case id == 1:
			return selfieFile, nil
		case id == 2:
			return "", nil // deleted after retention
		case id == 3:
			return filepath.Join(dir, "gone.jpg"), nil // removed from the disk
		case id == 4:
			return emptyFile, nil
		case id == 5:
			return textFile, nil
		case id == 6:
			return dir, nil
		}
		return "", errors.New("photo of KTP verification: database is locked")
	}

	w := getOK(t, s, "/ktp/1/photo/ktp")
	if w.Body.String() != string(jpegHead) {
		t.Errorf("body %q", w.Body.String())
	}
	if h := w.Header(); h.Get("Content-Type") != "image/jpeg" || h.Get("Cache-Control") != "no-store" || h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("headers %v", h)
	}
	w = getOK(t, s, "/ktp/1/photo/selfie")
	wantHeader(t, w, "Content-Type", "image/png")
	if want := []call{{1, false}, {1, true}}; len(calls) != 2 || calls[0] != want[0] || calls[1] != want[1] {
		t.Errorf("Photo calls %v, want %v", calls, want)
	}

	for _, target := range []string{"/ktp/2/photo/ktp", "/ktp/3/photo/ktp", "/ktp/4/photo/ktp", "/ktp/5/photo/ktp", "/ktp/6/photo/ktp"} {
		w := get(t, s, target)
		wantStatus(t, w, http.StatusNotFound)
		wantNoBody(t, w, dir) // no file paths in answers
	}
	// The request names the verification and which photo, nothing else.
	calls = nil
	for _, target := range []string{"/ktp/1/photo/passport", "/ktp/x/photo/ktp", "/ktp/0/photo/ktp", "/ktp/-1/photo/ktp",
		"/ktp/1/photo/..%2f..%2fetc%2fpasswd"} {
		if w := get(t, s, target); w.Code != http.StatusNotFound {
			t.Errorf("%s: status %d", target, w.Code)
		}
	}
	if len(calls) != 0 {
		t.Errorf("Photo called for a bad path: %v", calls)
	}

	w = get(t, s, "/ktp/9/photo/ktp")
	wantStatus(t, w, http.StatusInternalServerError)
	wantNoBody(t, w, "database is locked")
}

type decision struct {
	id      int64
	approve bool
	reason  string
}

func TestKTPApproveAndReject(t *testing.T) {
	s, f := newKTPServer(t)
	var got []decision
	f.decide = func(_ context.Context, id int64, approve bool, reason string) (string, error) {
		got = append(got, decision{id, approve, reason})
		return "KTP-000001", nil
	}

	w := postForm(t, s, "/ktp/1/approve", url.Values{"reason": {"ignored when approving"}})
	wantStatus(t, w, http.StatusSeeOther)
	wantHeader(t, w, "Location", "/ktp?approved=KTP-000001")

	w = postForm(t, s, "/ktp/1/reject", url.Values{"reason": {"  Foto KTP buram, kirim ulang  "}})
	wantStatus(t, w, http.StatusSeeOther)
	wantHeader(t, w, "Location", "/ktp?rejected=KTP-000001")

	want := []decision{{1, true, ""}, {1, false, "Foto KTP buram, kirim ulang"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Decide calls %+v, want %+v", got, want)
	}
}

func TestKTPRejectShortReason(t *testing.T) {
	s, f := newKTPServer(t)
	f.decide = func(context.Context, int64, bool, string) (string, error) {
		t.Error("Decide called with a short reason")
		return "", nil
	}
	for _, reason := range []string{"", "   ", "buram", "  tak jelas ", "ÉÉÉÉÉÉÉÉÉ"} {
		w := postForm(t, s, "/ktp/1/reject", url.Values{"reason": {reason}})
		wantStatus(t, w, http.StatusBadRequest)
		wantBody(t, w, `<p class="error" role="alert">Not done: a reason the member can act on needs at least 10 letters`, `name="reason"`)
		if r := strings.TrimSpace(reason); r != "" {
			wantBody(t, w, `value="`+r+`"`)
		}
		wantNoBody(t, w, "refresh") // reloading would send the form again
	}
	// Ten letters, any script, are enough.
	f.decide = func(context.Context, int64, bool, string) (string, error) { return "KTP-000001", nil }
	wantStatus(t, postForm(t, s, "/ktp/1/reject", url.Values{"reason": {"ÉÉÉÉÉÉÉÉÉÉ"}}), http.StatusSeeOther)
}

func TestKTPDecideErrors(t *testing.T) {
	s, f := newKTPServer(t)

	// Refused as things stand: shown beside the verification, the reason kept.
	f.decide = func(context.Context, int64, bool, string) (string, error) {
		return "", inputError{"KTP-000001 cannot be approved: NIK 3204********0001 is already verified for another member"}
	}
	w := postForm(t, s, "/ktp/1/reject", url.Values{"reason": {"NIK milik anggota lain"}})
	wantStatus(t, w, http.StatusConflict)
	wantBody(t, w, "is already verified for another member", `value="NIK milik anggota lain"`)
	body := w.Body.String()
	if i, j := strings.Index(body, "is already verified"), strings.Index(body, `action="/ktp/1/approve"`); i < 0 || j < 0 || i > j {
		t.Error("the error is not shown beside its verification")
	}

	// Decided already, so no longer listed: shown at the top.
	f.decide = func(context.Context, int64, bool, string) (string, error) {
		return "", inputError{"KTP-000007 was already verified by web at 2026-03-02 09:00; nothing changed"}
	}
	w = postForm(t, s, "/ktp/7/approve", nil)
	wantStatus(t, w, http.StatusConflict)
	wantBody(t, w, `<p class="error" role="alert">KTP-000007 was already verified`, "KTP-000001")

	// A fault of the server.
	f.decide = func(context.Context, int64, bool, string) (string, error) {
		return "", errors.New("decide KTP verification 1: database is locked")
	}
	w = postForm(t, s, "/ktp/1/approve", nil)
	wantStatus(t, w, http.StatusInternalServerError)
	wantBody(t, w, "Recording the decision failed, nothing changed: decide KTP verification 1: database is locked")

	// No such verification number in the path.
	f.decide = nil
	wantStatus(t, postForm(t, s, "/ktp/abc/approve", nil), http.StatusNotFound)
	wantStatus(t, postForm(t, s, "/ktp/0/reject", url.Values{"reason": {"Foto KTP buram sekali"}}), http.StatusNotFound)
}

// TestKTPPhotoOnlyFromTheMediaDir: a KTP photo's recorded path that leads out of the media directory (/etc/shadow
// recorded through the chat simulator, a file beside the media directory, a symbolic link inside it pointing out)
// is never served, and the log says so without what the file holds.
func TestKTPPhotoOnlyFromTheMediaDir(t *testing.T) {
	s, f := newKTPServer(t)
	media := t.TempDir()
	s.Office = &coop.Office{DB: s.DB, Now: s.Now, Language: "id", Location: time.UTC, MediaDir: media}
	outside := filepath.Join(t.TempDir(), "secret.jpg")
	secret := append(append([]byte{}, jpegHead...), "root:$6$secret-hash"...)
	if err := os.WriteFile(outside, secret, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(media, "pusat", "link.jpg")
	if err := os.MkdirAll(filepath.Dir(link), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	paths := map[int64]string{1: "/etc/shadow", 2: outside, 3: link, 4: filepath.Join(media, "..", filepath.Base(filepath.Dir(outside)), "secret.jpg")}
	f.photo = func(_ context.Context, id int64, _ bool) (string, error) { return paths[id], nil }
	var logged strings.Builder
	log := zerolog.New(&logged)
	for id := range paths {
		r := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/ktp/%d/photo/ktp", id), nil).WithContext(log.WithContext(context.Background()))
		r.AddCookie(sessionCookie(t, s))
		w := do(t, s, r)
		wantStatus(t, w, http.StatusNotFound)
		wantNoBody(t, w, "root:")
		wantNoBody(t, w, "secret")
	}
	if strings.Count(logged.String(), "outside the media directory") < 3 || strings.Contains(logged.String(), "root:") {
		t.Errorf("log %s", logged.String())
	}
}
