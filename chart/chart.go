// Package chart draws a bar chart of rupiah amounts as a PNG a phone shows well: one bar
// per label, an amount axis with round ticks, a title and a subtitle. It writes no text of
// its own (the caller's catalog gives every string, the tick labels included) and does no
// I/O. It draws with image/draw and the Go fonts rather than a charting library: one chart
// kind does not need one, and the binary only grows by the fonts.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Bars is a bar chart: Values[i] is drawn as a bar labelled Labels[i].
type Bars struct {
	Title    string
	Subtitle string
	Labels   []string
	Values   []int64 // rupiah, not negative
	// Amount writes an amount as the axis and the bars are labelled with ("Rp1,5 jt").
	Amount func(int64) string
}

// The picture's size and layout, in pixels: about what WhatsApp shows full width.
const (
	width, height = 1080, 720
	plotLeft      = 170 // room for the amount axis's labels
	plotRight     = width - 40
	plotTop       = 190 // below the title and the subtitle
	plotBottom    = height - 80
	tickCount     = 4 // about how many steps the amount axis has
)

var (
	background = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink        = color.RGBA{0x21, 0x21, 0x21, 0xff}
	faint      = color.RGBA{0x75, 0x75, 0x75, 0xff}
	gridLine   = color.RGBA{0xe0, 0xe0, 0xe0, 0xff}
	barColor   = color.RGBA{0x00, 0x89, 0x7b, 0xff} // teal: the colour of money coming in
)

// PNG draws the chart.
func (b Bars) PNG() ([]byte, error) {
	if len(b.Labels) != len(b.Values) || len(b.Values) == 0 {
		return nil, fmt.Errorf("bar chart of %d labels and %d values", len(b.Labels), len(b.Values))
	}
	if b.Amount == nil {
		return nil, errors.New("bar chart without a way to write amounts")
	}
	f, err := loadFaces()
	if err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.Draw(img, img.Bounds(), image.NewUniform(background), image.Point{}, draw.Src)
	text(img, f.title, ink, 40, 70, b.Title)
	text(img, f.subtitle, faint, 40, 120, b.Subtitle)
	step, steps := Ticks(maxOf(b.Values), tickCount)
	top := step * int64(steps)
	for i := 0; i <= steps; i++ {
		y := plotBottom - int(int64(plotBottom-plotTop)*int64(i)/int64(steps))
		fill(img, gridLine, plotLeft, y, plotRight, y+2)
		label := b.Amount(step * int64(i))
		text(img, f.small, faint, plotLeft-16-measure(f.small, label), y+9, label)
	}
	slot := (plotRight - plotLeft) / len(b.Values)
	labelEnd := 0
	for i, v := range b.Values {
		x0, x1 := barSpan(i, slot)
		if h := barHeight(v, top); h > 0 {
			fill(img, barColor, x0, plotBottom-h, x1, plotBottom)
			if s := b.Amount(v); measure(f.tiny, s) <= slot-4 {
				text(img, f.tiny, ink, (x0+x1-measure(f.tiny, s))/2, plotBottom-h-10, s)
			}
		}
		// A label is left out where it would overlap the one before: a month has 31 days.
		if w := measure(f.small, b.Labels[i]); (x0+x1-w)/2 >= labelEnd+8 {
			text(img, f.small, ink, (x0+x1-w)/2, plotBottom+40, b.Labels[i])
			labelEnd = (x0 + x1 + w) / 2
		}
	}
	fill(img, ink, plotLeft, plotBottom, plotRight, plotBottom+2)
	var out bytes.Buffer
	if err := png.Encode(&out, img); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return out.Bytes(), nil
}

// barSpan is where bar i of bars slot pixels apart stands: a gap of a fifth of the slot
// on each side, so bars never touch.
func barSpan(i, slot int) (x0, x1 int) {
	gap := max(slot/5, 1)
	return plotLeft + i*slot + gap, plotLeft + (i+1)*slot - gap
}

// barHeight is how many pixels tall a bar of v is on an axis that goes up to top, rounded
// to the nearest pixel; any takings at all show as at least one pixel.
func barHeight(v, top int64) int {
	if v <= 0 || top <= 0 {
		return 0
	}
	h := (v*int64(plotBottom-plotTop) + top/2) / top
	return int(max(h, 1))
}

// Ticks chooses the amount axis's step (1, 2, 2.5 or 5 times a power of ten rupiah, at
// least Rp1.000) and how many steps (at most want) reach max. An empty chart gets want steps.
func Ticks(max int64, want int) (step int64, steps int) {
	for p := int64(1000); ; p *= 10 {
		for _, tenths := range []int64{10, 20, 25, 50} {
			if step = p * tenths / 10; step*int64(want) >= max {
				if max <= 0 {
					return step, want
				}
				return step, int((max + step - 1) / step)
			}
		}
	}
}

func maxOf(vs []int64) int64 {
	var m int64
	for _, v := range vs {
		m = max(m, v)
	}
	return m
}

func fill(img *image.RGBA, c color.Color, x0, y0, x1, y1 int) {
	draw.Draw(img, image.Rect(x0, y0, x1, y1), image.NewUniform(c), image.Point{}, draw.Src)
}

// text writes s with its baseline starting at (x, y).
func text(img *image.RGBA, face font.Face, c color.Color, x, y int, s string) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func measure(face font.Face, s string) int { return font.MeasureString(face, s).Ceil() }

// faces are the fonts a chart is written in. The fonts are parsed once; faces are made
// for each chart, as one face must not draw for two goroutines at a time.
type faces struct{ title, subtitle, small, tiny font.Face }

var (
	fontsOnce     sync.Once
	regular, bold *opentype.Font
	fontsErr      error
)

func loadFaces() (faces, error) {
	fontsOnce.Do(func() {
		if regular, fontsErr = opentype.Parse(goregular.TTF); fontsErr == nil {
			bold, fontsErr = opentype.Parse(gobold.TTF)
		}
	})
	if fontsErr != nil {
		return faces{}, fmt.Errorf("chart font: %w", fontsErr)
	}
	var err error
	face := func(f *opentype.Font, size float64) font.Face {
		fc, e := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
		err = errors.Join(err, e)
		return fc
	}
	fs := faces{title: face(bold, 40), subtitle: face(regular, 28), small: face(regular, 24), tiny: face(regular, 18)}
	if err != nil {
		return faces{}, fmt.Errorf("chart font: %w", err)
	}
	return fs, nil
}
