package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKTPCheck(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"ktp", "check", "3204 0157 0890 0001"}, nil, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %q", out.String())
	}
	if got["valid"] != true || got["province"] != "Jawa Barat" || got["gender"] != "P" || got["birth_date"] != "1990-08-17" {
		t.Errorf("ktp check: %v", got)
	}
	err := run(context.Background(), []string{"ktp", "check", "1004011708900001"}, nil, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "province") || strings.Contains(err.Error(), "1004011708900001") {
		t.Errorf("an unknown province should be refused by name, with the NIK masked; got %v", err)
	}
}

// ktpMember is Rina, the demo member without a verified KTP.
const ktpMember = "6281200000005"

// sendKTP has Rina send her KTP details on WhatsApp (through kopbot chat -jsonl) and
// returns the last thing she was told.
func sendKTP(t *testing.T, config string) string {
	t.Helper()
	photo := filepath.Join(t.TempDir(), "ktp.jpg")
	if err := os.WriteFile(photo, []byte("\xff\xd8\xff not really a jpeg"), 0o600); err != nil {
		t.Fatal(err)
	}
	var in strings.Builder
	for _, m := range []map[string]string{{"text": "verifikasi ktp"}, {"text": "3204014706950005"}, {"text": "Rina Marlina"},
		{"text": "7 Juni 1995"}, {"image": photo}, {"text": "ya"}} {
		m["from"] = ktpMember
		b, _ := json.Marshal(m)
		in.Write(append(b, '\n'))
	}
	last := ""
	for _, o := range chatJSONL(t, config, in.String()) {
		if o.Error != "" {
			t.Fatalf("chat: input %d: %s", o.In, o.Error)
		}
		if o.To == ktpMember {
			last = o.Text
		}
	}
	return last
}

// Staff work through KTP verifications on the command line: listed with the NIK masked,
// a rejection needs a reason, an approval tells the member and happens once.
func TestKTPReviewOnTheCommandLine(t *testing.T) {
	config := testConfig(t)
	wantContains(t, "Rina's receipt", sendKTP(t, config), "KTP-000005", "akan diperiksa petugas")

	out := mustCmd(t, config, "ktp pending")
	wantContains(t, "ktp pending", out, "KTP-000005", "01.00005", "Rina Marlina", "3204********0005", "1995-06-07", "review", "ktp.jpg",
		"1 verification waiting")
	if strings.Contains(out, "3204014706950005") {
		t.Errorf("ktp pending shows the full NIK:\n%s", out)
	}
	_, err := kopbotCmd(t, config, "ktp reject", "KTP-000005", "-reason", "buram")
	wantError(t, "reject with a short reason", err, "too short")
	out = mustCmd(t, config, "ktp approve", "ktp-5", "-by", "ani")
	wantContains(t, "ktp approve", out, "Approved KTP-000005: the KTP of Rina Marlina (01.00005) is verified.", "Rina Marlina is told on WhatsApp")
	_, err = kopbotCmd(t, config, "ktp reject", "KTP-000005", "-reason", "Foto KTP buram sekali")
	wantError(t, "reject after approve", err, "already verified by ani", "nothing changed")
	if n := countContaining(queuedTo(t, config, ktpMember), "sudah *terverifikasi*"); n != 1 {
		t.Errorf("Rina was told %d times that her KTP is verified, want once", n)
	}
	wantContains(t, "ktp show", mustCmd(t, config, "ktp show", "KTP-000005"), "KTP-000005  verified", "3204********0005", "by ani")
	wantContains(t, "ktp pending after", mustCmd(t, config, "ktp pending"), "No KTP verifications are waiting.")
	_, err = kopbotCmd(t, config, "ktp approve", "KTP-000099")
	wantError(t, "approve an unknown one", err, "not found", "kopbot ktp pending lists them")
}

// With ktp.verifier http, the app asks the configured aggregator, with the key from the
// environment, and a full match verifies the KTP.
func TestKTPHTTPVerifierFromConfig(t *testing.T) {
	var gotKey string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotKey = r.Header.Get("Authorization")
		io.WriteString(w, `{"match":{"nik":true,"name":true,"birth_date":true}}`)
	}))
	defer srv.Close()
	t.Setenv("KOPBOT_KTP_API_KEY", "k3y")
	config := testConfig(t)
	f, err := os.OpenFile(config, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "ktp:\n  verifier: http\n  http:\n    url: %s\n    api_key: ${KOPBOT_KTP_API_KEY}\n", srv.URL)
	f.Close()
	wantContains(t, "Rina's receipt", sendKTP(t, config), "KTP-000005", "sedang dicocokkan")

	ctx := context.Background()
	app, err := openApp(ctx, commonFlags{config: config}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if app.KTPVerifier == nil {
		t.Fatal("ktp.verifier http made no verifier")
	}
	if n, err := app.Office.CheckKTP(ctx, app.KTPVerifier); err != nil || n != 1 {
		t.Fatalf("CheckKTP: %d, %v; want 1 verification settled", n, err)
	}
	if gotKey != "Bearer k3y" {
		t.Errorf("aggregator got Authorization %q, want the key from KOPBOT_KTP_API_KEY", gotKey)
	}
	app.Close()
	wantContains(t, "ktp show", mustCmd(t, config, "ktp show", "KTP-000005"), "KTP-000005  verified", "by http", "KTP-000005-1", "match")
}
