package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Staff print a member's statement: to the file named, or beside WhatsApp's copies; a period
// that cannot be read, or a language kopbot has not, is refused before anything is written.
func TestMembersStatement(t *testing.T) {
	config := testConfig(t)
	file := filepath.Join(t.TempDir(), "out", "budi.pdf")
	out := mustCmd(t, config, "members statement", "01.00001", "-from", "2026-09-01", "-to", "30-09-2026", "-o", file)
	wantContains(t, "statement -o", out, "Statement of 01.00001 Budi Santoso, 2026-09-01 to 2026-09-30 (", " accounts): "+file)
	if pdf, err := os.ReadFile(file); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("no PDF in %s (%v)", file, err)
	}

	out = mustCmd(t, config, "members statement", "01.00002", "-lang", "en")
	jakarta, err := time.LoadLocation("Asia/Jakarta") // the config's time zone
	if err != nil {
		t.Fatal(err)
	}
	month := time.Now().In(jakarta).Format("2006-01")
	wantContains(t, "statement", out, "Statement of 01.00002 Siti Rahmawati, "+month+"-01 to ", filepath.Join("media", "statements", "rekening-koran-0100002-"+month+".pdf"))
	path := strings.TrimSpace(out[strings.LastIndex(out, ": ")+2:])
	if pdf, err := os.ReadFile(path); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("no PDF in %s (%v)", path, err)
	}

	for _, bad := range [][]string{
		{"01.00001", "-from", "2026-13-01"},
		{"01.00001", "-from", "2026-10-01", "-to", "2026-09-30"},
		{"01.00001", "-lang", "fr"},
		{"01.99999"},
	} {
		if out, err := kopbotCmd(t, config, "members statement", bad...); err == nil {
			t.Errorf("members statement %v: want an error, got %s", bad, out)
		}
	}
}

// kopbot chat shows the statement a member asks for as a document: its file and its caption.
func TestChatShowsAStatementAsADocument(t *testing.T) {
	config := testConfig(t)
	lines := chatJSONL(t, config, `{"from":"6281200000001","text":"mutasi"}`+"\n")
	if len(lines) != 1 || !strings.HasSuffix(lines[0].Document, ".pdf") || lines[0].Text != "" || !strings.Contains(lines[0].Caption, "Rekening Koran") {
		t.Fatalf("chat -jsonl showed %+v, want one document with its caption", lines)
	}
	if pdf, err := os.ReadFile(lines[0].Document); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("the document %s is no PDF (%v)", lines[0].Document, err)
	}
}
