package bot

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A member asking for their statement on WhatsApp gets a PDF document they can open: the
// real whatsmeow client uploads it encrypted with document keys, the fake phone downloads
// and decrypts it, and it is the PDF kopbot wrote, under its file name, with its caption.
func TestE2EStatementArrivesAsADocument(t *testing.T) {
	e := newE2E(t)
	_, acct, ctx := e.paired()
	siti := e.srv.Member("6281200000002", "Siti")
	if _, err := siti.Send(ctx, acct, "kirim mutasi bulan lalu"); err != nil {
		t.Fatal(err)
	}
	r, err := siti.Next(ctx)
	want(t, r, err, "*Rekening Koran 1 ")
	doc := r.Message.GetDocumentMessage()
	if doc == nil {
		t.Fatalf("the statement came as %v, not a document", r.Message)
	}
	if !strings.HasPrefix(doc.GetFileName(), "rekening-koran-0100002-") || !strings.HasSuffix(doc.GetFileName(), ".pdf") || doc.GetMimetype() != "application/pdf" {
		t.Errorf("document %q of type %q, want rekening-koran-0100002-YYYY-MM.pdf, application/pdf", doc.GetFileName(), doc.GetMimetype())
	}
	got, err := siti.DownloadDocument(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	written, err := os.ReadFile(filepath.Join(e.dir, "media", "statements", doc.GetFileName()))
	if err != nil || !bytes.Equal(got, written) || !bytes.HasPrefix(got, []byte("%PDF-")) {
		t.Fatalf("the PDF Siti got (%d bytes) is not the one kopbot wrote (%v)", len(got), err)
	}
}
