package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"testing"
)

func rupiahK(n int64) string { return fmt.Sprintf("Rp%d rb", n/1000) }

// barPixels counts the bar-coloured pixels of column x, from the axis up.
func barPixels(img image.Image, x int) int {
	n := 0
	for y := plotBottom - 1; y >= plotTop-1; y-- {
		r, g, b, _ := img.At(x, y).RGBA()
		br, bg, bb, _ := barColor.RGBA()
		if r != br || g != bg || b != bb {
			break
		}
		n++
	}
	return n
}

func TestBarsAreAsTallAsTheirTakings(t *testing.T) {
	// A week: Monday Rp1.250.000, Tuesday nothing, Thursday Rp2.750.000 (the most: the axis
	// goes to Rp3.000.000 in steps of Rp1.000.000), Friday Rp90.000, the weekend nothing.
	values := []int64{1_250_000, 0, 340_000, 2_750_000, 90_000, 0, 0}
	labels := []string{"Sen 30", "Sel 1", "Rab 2", "Kam 3", "Jum 4", "Sab 5", "Min 6"}
	out, err := Bars{Title: "Pemasukan QRIS minggu ini", Subtitle: "Warung Agus", Labels: labels, Values: values, Amount: rupiahK}.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("the chart is not a PNG: %v", err)
	}
	if got := img.Bounds().Size(); got != image.Pt(1080, 720) {
		t.Fatalf("chart is %v, want 1080x720", got)
	}
	plot := plotBottom - plotTop // 450 px for Rp3.000.000
	slot := (plotRight - plotLeft) / len(values)
	for i, want := range []int{plot * 125 / 300, 0, plot * 34 / 300, plot * 275 / 300, plot * 9 / 300, 0, 0} {
		x0, x1 := barSpan(i, slot)
		if got := barPixels(img, (x0+x1)/2); got < want-1 || got > want+1 {
			t.Errorf("bar %d (%s, Rp%d) is %d px tall, want %d", i, labels[i], values[i], got, want)
		}
	}
	// Bars stand apart: between two bars there is background.
	_, x1 := barSpan(0, slot)
	if got := barPixels(img, x1+2); got != 0 {
		t.Errorf("the gap after the first bar has %d bar pixels", got)
	}
}

func TestEmptyChartHasNoBars(t *testing.T) {
	values := make([]int64, 31)
	labels := make([]string, 31)
	for i := range labels {
		labels[i] = fmt.Sprint(i + 1)
	}
	out, err := Bars{Title: "t", Subtitle: "s", Labels: labels, Values: values, Amount: rupiahK}.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	slot := (plotRight - plotLeft) / 31
	for i := range values {
		x0, x1 := barSpan(i, slot)
		if got := barPixels(img, (x0+x1)/2); got != 0 {
			t.Errorf("day %d without takings has a bar of %d px", i+1, got)
		}
	}
}

func TestTicksAreRound(t *testing.T) {
	for _, c := range []struct {
		max   int64
		step  int64
		steps int
	}{
		{0, 1000, 4},
		{500, 1000, 1},
		{2_750_000, 1_000_000, 3},
		{1_250_000, 500_000, 3},
		{900_000, 250_000, 4},
		{4_000_000, 1_000_000, 4},
		{4_000_001, 2_000_000, 3},
		{37_000_000, 10_000_000, 4},
	} {
		step, steps := Ticks(c.max, 4)
		if step != c.step || steps != c.steps {
			t.Errorf("Ticks(%d) = %d x %d, want %d x %d", c.max, step, steps, c.step, c.steps)
		}
	}
}

func TestBarsRefusesWhatItCannotDraw(t *testing.T) {
	if _, err := (Bars{Labels: []string{"a"}, Values: []int64{1, 2}, Amount: rupiahK}).PNG(); err == nil {
		t.Error("two values for one label drew a chart")
	}
	if _, err := (Bars{Labels: []string{"a"}, Values: []int64{1}}).PNG(); err == nil {
		t.Error("a chart without a way to write amounts was drawn")
	}
}
