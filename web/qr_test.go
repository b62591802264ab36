package web

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strings"
	"testing"
)

func TestQRPNG(t *testing.T) {
	s, _ := newTestServer(t)
	w := getOK(t, s, "/branches/bogor/qr.png")
	wantHeader(t, w, "Content-Type", "image/png")
	wantHeader(t, w, "Cache-Control", "no-store")
	checkQRImage(t, w.Body.Bytes())
}

func TestQRPNGNone(t *testing.T) {
	s, _ := newTestServer(t)
	for _, target := range []string{"/branches/pusat/qr.png", "/branches/depok/qr.png", "/branches/nope/qr.png"} {
		w := get(t, s, target)
		wantStatus(t, w, http.StatusNotFound)
		if ct := w.Header().Get("Content-Type"); ct == "image/png" {
			t.Errorf("%s: Content-Type %q", target, ct)
		}
	}
}

// TestRenderQRSizes keeps every plausible payload, from short to far longer than
// WhatsApp's, at a size a phone scans off a screen.
func TestRenderQRSizes(t *testing.T) {
	for _, n := range []int{1, 20, 80, len(someQR), 300, 600, 1000} {
		b, err := renderQR(strings.Repeat("x", n))
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		checkQRImage(t, b)
	}
	if _, err := renderQR(strings.Repeat("x", 5000)); err == nil {
		t.Error("5000 bytes encoded")
	}
}

func TestQRPNGTooLong(t *testing.T) {
	s, f := newTestServer(t)
	f.status = func(context.Context) []BranchStatus {
		return []BranchStatus{{ID: "bogor", State: "unpaired", QR: strings.Repeat("x", 5000)}}
	}
	wantStatus(t, get(t, s, "/branches/bogor/qr.png"), http.StatusInternalServerError)
}

// checkQRImage decodes a PNG and checks it is a square 300-400 px QR code: a white
// quiet zone around a pattern of both colours, finder square at the top left.
func checkQRImage(t *testing.T, b []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode PNG: %v", err)
	}
	r := img.Bounds()
	if r.Dx() != r.Dy() || r.Dx() < 300 || r.Dx() > 400 {
		t.Fatalf("size %v, want a square of 300-400 px", r)
	}
	black := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if isBlack(img, x, y) {
				black++
			}
		}
	}
	if share := float64(black) / float64(r.Dx()*r.Dy()); share < 0.15 || share > 0.7 {
		t.Errorf("%.0f%% black: blank or solid", share*100)
	}
	if isBlack(img, 0, 0) || isBlack(img, r.Dx()-1, r.Dy()-1) {
		t.Error("no white quiet zone")
	}
	// Along the diagonal, the first black pixel starts the top-left finder square:
	// after 4 white modules, so at the same offset across and down.
	first := -1
	for i := range r.Dx() {
		if isBlack(img, i, i) {
			first = i
			break
		}
	}
	if first <= 0 || !isBlack(img, first, first+first/4) || !isBlack(img, first+first/4, first) {
		t.Errorf("no finder square at the top left (first black at %d)", first)
	}
}

func isBlack(img image.Image, x, y int) bool {
	return color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y < 128
}
