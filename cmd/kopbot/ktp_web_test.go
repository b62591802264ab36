package main

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/web"
)

const rinaPhone = "6281200000005"

// openTestApp opens the app on config's database, as a subcommand does.
func openTestApp(t *testing.T, config string) *App {
	t.Helper()
	app, err := openApp(context.Background(), commonFlags{config: config}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	return app
}

// ktpInReview records a KTP verification waiting for staff for the demo member with phone.
func ktpInReview(t *testing.T, app *App, phone, nik, note, photo string) store.KTPVerification {
	t.Helper()
	ctx := context.Background()
	var v store.KTPVerification
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, phone)
		if err != nil {
			return err
		}
		v, err = tx.CreateKTPVerification(ctx, store.KTPVerification{Branch: m.Branch, MemberID: m.ID, NIK: nik,
			Name: strings.ToUpper(m.Name), BirthDate: m.BirthDate, KTPPhoto: photo, Verifier: "http",
			Status: store.KTPReview, Note: note})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func ktpStatusOf(t *testing.T, app *App, id int64) store.KTPVerification {
	t.Helper()
	ctx := context.Background()
	var v store.KTPVerification
	if err := app.DB.View(ctx, func(tx *store.Tx) (err error) { v, err = tx.KTPVerification(ctx, id); return }); err != nil {
		t.Fatal(err)
	}
	return v
}

func wantInvalidInput(t *testing.T, err error, contains string) {
	t.Helper()
	var bad interface{ InvalidInput() bool }
	if !errors.As(err, &bad) || !bad.InvalidInput() || !strings.Contains(err.Error(), contains) {
		t.Errorf("error %v, want a mistake of staff saying %q", err, contains)
	}
}

// wantPage checks that w is the KTP page answered with status, saying contains.
func wantPage(t *testing.T, what string, w *httptest.ResponseRecorder, status int, contains string) {
	t.Helper()
	if body := w.Body.String(); w.Code != status || !strings.Contains(html.UnescapeString(body), contains) {
		t.Errorf("%s: %d, want %d saying %q\n%s", what, w.Code, status, contains, body)
	}
}

func TestKTPWebReview(t *testing.T) {
	config := testConfig(t)
	addTestStaff(t, config, "mira", "manager", "-branches", "pusat")
	app := openTestApp(t, config)
	ctx := context.Background()
	photo := filepath.Join(app.Config.MediaDir(), "ktp.jpg") // served only from inside the media directory
	if err := os.MkdirAll(filepath.Dir(photo), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(photo, []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00 a photo"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Rina is the demo member whose KTP is not verified yet; Siti's is, and she sends it again.
	rina := ktpInReview(t, app, rinaPhone, "3204014706950005", "mismatch:name,birth_date", photo)
	siti := ktpInReview(t, app, "6281200000002", "3204015503880002", "", "")
	k := ktpReviews{app: app}

	waiting, err := k.Waiting(ctx, "en")
	if err != nil {
		t.Fatal(err)
	}
	if len(waiting) != 2 {
		t.Fatalf("waiting %+v", waiting)
	}
	if w := waiting[0]; w.No != rina.No() || w.Status != store.KTPReview || w.MemberName != "Rina Marlina" || w.MemberNo != "01.00005" ||
		w.NIK != "3204********0005" || w.Note != "Dukcapil: name, birth date did not match" || !w.KTPPhoto || w.SelfiePhoto {
		t.Errorf("waiting[0] %+v", w)
	}
	if p, err := k.Photo(ctx, rina.ID, false); err != nil || p != photo {
		t.Errorf("Photo(ktp) = %q, %v", p, err)
	}
	if p, err := k.Photo(ctx, rina.ID, true); err != nil || p != "" {
		t.Errorf("Photo(selfie) = %q, %v; want none", p, err)
	}
	if p, err := k.Photo(ctx, 999, false); err != nil || p != "" {
		t.Errorf("Photo(unknown) = %q, %v; want none", p, err)
	}

	// Through the admin pages, wired as serve wires them: masked NIK, the photo, approve.
	site := (&web.Server{DB: app.DB, Token: "t0ken", KTP: k, Now: app.Now, Office: app.Office}).Handler()
	var sess coop.Session
	if err := app.DB.Update(ctx, func(tx *store.Tx) (err error) {
		if err := tx.SetStaffLanguage(ctx, "mira", "en"); err != nil { // the page and its notes in English
			return err
		}
		sess, err = coop.SignIn(ctx, tx, "mira", testStaffPassword, "192.0.2.7")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	send := func(method, target string, form url.Values) *httptest.ResponseRecorder {
		if method == "POST" {
			form = url.Values{"csrf": {sess.CSRF}, "reason": form["reason"]}
		}
		r := httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.RemoteAddr = "192.0.2.7:41000"
		r.AddCookie(&http.Cookie{Name: "kopbot_session", Value: sess.Token})
		w := httptest.NewRecorder()
		site.ServeHTTP(w, r)
		return w
	}
	w := send("GET", "/ktp", nil)
	if body := w.Body.String(); w.Code != http.StatusOK || !strings.Contains(body, "3204********0005") ||
		strings.Contains(body, "3204014706950005") || strings.Contains(body, "3204015503880002") ||
		!strings.Contains(body, "Dukcapil: name, birth date did not match") {
		t.Errorf("GET /ktp: %d\n%s", w.Code, body)
	}
	href := fmt.Sprintf("/ktp/%d", rina.ID)
	if w := send("GET", href+"/photo/ktp", nil); w.Code != http.StatusOK || w.Header().Get("Content-Type") != "image/jpeg" {
		t.Errorf("photo: %d %v", w.Code, w.Header())
	}
	w = send("POST", href+"/approve", nil)
	if loc := w.Header().Get("Location"); w.Code != http.StatusSeeOther || loc != "/ktp?approved="+rina.No() {
		t.Fatalf("approve: %d %q\n%s", w.Code, loc, w.Body)
	}
	v := ktpStatusOf(t, app, rina.ID)
	if v.Status != store.KTPVerified || v.DecidedBy != "staff:mira" || v.DecidedAt.IsZero() {
		t.Errorf("after approving: %+v", v)
	}
	// The audit log names the staff member who decided on the web, and from where.
	wantAudit(t, app, store.AuditEntry{Actor: "staff:mira", Action: string(coop.AuditKTPApprove), Subject: rina.No(), Branch: "pusat", Via: "web"})
	if texts := queuedTo(t, config, rinaPhone); len(texts) != 1 || !strings.Contains(texts[0], rina.No()) {
		t.Errorf("messages to Rina: %q", texts)
	}

	// Approving again changes nothing, and says so.
	_, err = k.Decide(ctx, rina.ID, true, "", coop.CLI)
	if !errors.Is(err, coop.NotPending) {
		t.Errorf("approving again: %v, want it refused as decided already", err)
	}
	wantPage(t, "approving again", send("POST", href+"/approve", nil), http.StatusConflict, rina.No()+" is not waiting for a decision: it was decided already by mira")

	// A rejection needs a reason the member can act on.
	_, err = k.Decide(ctx, siti.ID, false, "  buram  ", coop.CLI)
	if !errors.Is(err, coop.ReasonTooShort) {
		t.Errorf("a short reason: %v, want it refused as too short", err)
	}
	wantPage(t, "a short reason", send("POST", fmt.Sprintf("/ktp/%d/reject", siti.ID), url.Values{"reason": {"  buram  "}}),
		http.StatusBadRequest, "needs at least 10 letters")
	if v := ktpStatusOf(t, app, siti.ID); v.Status != store.KTPReview {
		t.Errorf("a short reason changed the verification: %+v", v)
	}
	if texts := queuedTo(t, config, "6281200000002"); len(texts) != 0 {
		t.Errorf("a short reason told Siti: %q", texts)
	}
	no, err := k.Decide(ctx, siti.ID, false, "Foto KTP buram, kirim ulang foto yang jelas", coop.CLI)
	if err != nil || no != siti.No() {
		t.Fatalf("reject: %q, %v", no, err)
	}
	if v := ktpStatusOf(t, app, siti.ID); v.Status != store.KTPRejected || v.Reason != "Foto KTP buram, kirim ulang foto yang jelas" {
		t.Errorf("after rejecting: %+v", v)
	}
	if texts := queuedTo(t, config, "6281200000002"); len(texts) != 1 || !strings.Contains(texts[0], "Foto KTP buram") {
		t.Errorf("messages to Siti: %q", texts)
	}

	// One KTP belongs to one member: Budi's is verified (by the demo).
	agus := ktpInReview(t, app, "6281200000003", "3204011708900001", "", "")
	_, err = k.Decide(ctx, agus.ID, true, "", coop.CLI)
	if !errors.Is(err, coop.KTPTaken) {
		t.Errorf("a taken NIK: %v, want it refused as taken", err)
	}
	wantPage(t, "a taken NIK", send("POST", fmt.Sprintf("/ktp/%d/approve", agus.ID), nil), http.StatusConflict,
		"NIK 3204********0001 is already verified for another member")
	if strings.Contains(err.Error(), "3204011708900001") {
		t.Errorf("the full NIK in an error: %v", err)
	}
	if v := ktpStatusOf(t, app, agus.ID); v.Status != store.KTPReview {
		t.Errorf("a taken NIK changed the verification: %+v", v)
	}

	_, err = k.Decide(ctx, 999, true, "", coop.CLI)
	wantInvalidInput(t, err, "no KTP verification 999")

	waiting, err = k.Waiting(ctx, "en")
	if err != nil || len(waiting) != 1 || waiting[0].ID != agus.ID {
		t.Errorf("waiting after the decisions: %+v, %v", waiting, err)
	}
}
