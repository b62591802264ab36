package main

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/kopbot/kopbot/store"
)

// demoPhoto is a picture the demo's members send: a card of one colour with lines of text,
// the first large (a sample KTP says "KTP CONTOH": no one's real card).
type demoPhoto struct {
	Name  string // file name in the media dir
	Card  color.RGBA
	Lines []string
}

// The demo's photos: two sample KTPs (an applicant's, a member's for review) and a transfer proof.
var (
	demoKTPJoko = demoPhoto{Name: "demo-ktp-joko.png", Card: color.RGBA{0x9e, 0xc9, 0xe8, 0xff},
		Lines: []string{"KTP CONTOH", "NIK 3204011708900009", "JOKO SUSILO", "17-08-1990", "BANDUNG"}}
	demoKTPRina = demoPhoto{Name: "demo-ktp-rina.png", Card: color.RGBA{0x9e, 0xc9, 0xe8, 0xff},
		Lines: []string{"KTP CONTOH", "NIK 3204014706950005", "RINA MARLINA", "07-06-1995", "BANDUNG"}}
	demoProof = demoPhoto{Name: "demo-bukti-transfer.png", Card: color.RGBA{0xf4, 0xf4, 0xf4, 0xff},
		Lines: []string{"BUKTI TRANSFER CONTOH", "BCA a.n. BUDI SANTOSO", "ke BRI 000101000000300", "Rp500.000"}}
)

// write draws p into dir (made when missing) and returns the file's path; a photo already
// there is drawn again, the same.
func (p demoPhoto) write(dir string) (string, error) {
	if err := os.MkdirAll(dir, store.PrivateDirMode); err != nil {
		return "", fmt.Errorf("make the media dir: %w", err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 640, 400))
	draw.Draw(img, img.Bounds(), &image.Uniform{p.Card}, image.Point{}, draw.Src)
	f, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return "", fmt.Errorf("demo photo font: %w", err)
	}
	y := 90
	for i, line := range p.Lines {
		size := 26.0
		if i == 0 {
			size = 48
		}
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return "", fmt.Errorf("demo photo font: %w", err)
		}
		d := font.Drawer{Dst: img, Src: image.NewUniform(color.RGBA{0x20, 0x20, 0x30, 0xff}), Face: face, Dot: fixed.P(40, y)}
		d.DrawString(line)
		y += int(size) + 24
	}
	path := filepath.Join(dir, p.Name)
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, store.PrivateFileMode)
	if err != nil {
		return "", fmt.Errorf("write demo photo: %w", err)
	}
	if err := png.Encode(out, img); err != nil {
		out.Close()
		return "", fmt.Errorf("write demo photo %s: %w", path, err)
	}
	return path, out.Close()
}
