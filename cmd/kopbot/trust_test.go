package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The chat simulator records a photo as a copy inside the media directory, never the path it was given, and
// refuses a file that is not a photo: /etc/shadow never becomes a member's recorded KTP.
func TestChatPhotoRecordedInsideTheMediaDir(t *testing.T) {
	config := testConfig(t)
	photo := filepath.Join(t.TempDir(), "ktp.jpg")
	if err := os.WriteFile(photo, []byte("\xff\xd8\xff not really a jpeg"), 0o600); err != nil {
		t.Fatal(err)
	}
	var in strings.Builder
	for _, m := range []map[string]string{{"text": "verifikasi ktp"}, {"text": "3204014706950005"}, {"text": "Rina Marlina"},
		{"text": "7 Juni 1995"}, {"image": "/etc/shadow"}, {"image": photo}, {"text": "ya"}} {
		m["from"] = ktpMember
		b, _ := json.Marshal(m)
		in.Write(append(b, '\n'))
	}
	var refused []string
	for _, o := range chatJSONL(t, config, in.String()) {
		if o.Error != "" {
			refused = append(refused, o.Error)
		}
	}
	if len(refused) != 1 || !strings.Contains(refused[0], "not a photo") {
		t.Fatalf("errors %q, want /etc/shadow refused as not a photo", refused)
	}
	out := mustCmd(t, config, "ktp pending")
	if strings.Contains(out, photo) || strings.Contains(out, "/etc/shadow") || !strings.Contains(out, "ktp.jpg") {
		t.Errorf("the recorded photo is not a copy in the media directory:\n%s", out)
	}
}
