package coop_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/qris"
)

// A merchant is paid on their own static QRIS or on their branch's; with neither, or with a
// payload that does not decode, they cannot be one.
func TestCheckMerchantQRIS(t *testing.T) {
	own, branch := qris.DemoStatic("WARUNG AGUS WIJAYA"), qris.DemoStatic("KOPERASI PUSAT")
	for _, c := range []struct {
		name      string
		own, at   string
		want      coop.RefusalCode // "" for no refusal
		wantCause bool             // the decoder's error is kept
	}{
		{"their own", own, "", "", false},
		{"their own, the branch has one too", own, branch, "", false},
		{"the branch's", "", branch, "", false},
		{"neither", "", "", coop.NoQRIS, false},
		{"a broken payload", "000201010211", branch, coop.QRISInvalid, true},
	} {
		err := coop.CheckMerchantQRIS(c.own, c.at)
		var r *coop.Refusal
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (!errors.As(err, &r) || r.Code != c.want):
			t.Errorf("%s: %v, want the refusal %s", c.name, err, c.want)
		case c.wantCause:
			if _, decodeErr := qris.Decode(c.own); !strings.Contains(err.Error(), decodeErr.Error()) {
				t.Errorf("%s: %v does not say the decoder's error", c.name, err)
			}
		}
	}
}
