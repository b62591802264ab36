package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"regexp"
	"strings"
	"testing"
)

// kopbot chat shows the soundbox chart as a line with the picture's path, then its caption.
func TestChatShowsTheSoundboxChart(t *testing.T) {
	config := testConfig(t)
	var out, errOut bytes.Buffer
	in := strings.NewReader("soundbox bulan ini\n")
	if err := run(context.Background(), []string{"chat", "-config", config, "-from", "6281200000003"}, in, &out, &errOut); err != nil {
		t.Fatalf("chat: %v\n%s", err, errOut.String())
	}
	m := regexp.MustCompile(`\[image (\S+/media/charts/soundbox-\d+-\w+\.png)\]\n📊 Grafik pemasukan QRIS per hari, bulan ini`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("chat showed no chart line:\n%s", out.String())
	}
	f, err := os.Open(m[1])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.DecodeConfig(f); err != nil {
		t.Errorf("%s is not a PNG: %v", m[1], err)
	}
}
