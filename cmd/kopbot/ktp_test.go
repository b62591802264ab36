package main

import (
	"bytes"
	"context"
	"encoding/json"
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
